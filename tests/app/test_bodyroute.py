"""JSONBodyRoute (the lean route of /graph and /network) answers exactly as FastAPI's own request handler
would, with the same strict JSON parsing: the same endpoint is mounted twice in one app, once on each
route class, and every request below must get byte-identical answers from both."""
from typing import Annotated

import pytest
from fastapi import APIRouter, Body, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.testclient import TestClient

from app.bodyroute import JSONBodyRoute
from app.jsonio import JSONBytes, StrictJSONRoute
from app.main import _validation_error
from app.schemas.graph import GraphRequest


async def echo(request: Request, body: Annotated[GraphRequest, Body()]) -> JSONBytes:
    if body.source == "fail":
        raise HTTPException(400, detail={"error": "ParseError", "message": "asked to fail"})
    return JSONBytes({"model": body.model_dump(), "method": request.method})


def make_client() -> TestClient:
    app = FastAPI(exception_handlers={RequestValidationError: _validation_error})
    reference = APIRouter(route_class=StrictJSONRoute)
    reference.post("/reference")(echo)
    lean = APIRouter(route_class=JSONBodyRoute)
    lean.post("/lean")(echo)
    app.include_router(reference)
    app.include_router(lean)
    return TestClient(app, raise_server_exceptions=False)


JSON = "application/json"
CASES = [
    (b'{"source": "c*(a+2*b)", "values": {"a": 3, "b": 1, "c": -2}}', JSON),
    (b'{"source": "x", "values": {"x": [[1, 2.5], [3, -4e-3]]}, "parameters": ["x"], "check": true}', JSON),
    (b'{"source": "fail", "values": {}}', JSON),
    (b'{"source": "a", "values": {"a": NaN}}', JSON),
    (b'{"source": "a", "values": {"a": -Infinity}}', JSON),
    (b'{"source": "a", "values": {"a": 1e999}}', JSON),
    (b'{"source": "a", "values": {"a": 1' + b"0" * 400 + b"}}", JSON),
    (b'{"source": "a", "values": {"a": [' * 3000 + b"]" * 3000 + b"}}", JSON),
    (b'{"source": "a", "values": ', JSON),
    (b"\xff\xfe", JSON),
    (b"", JSON),
    (b"", None),
    (b"null", JSON),
    (b"[1]", JSON),
    (b'"text"', JSON),
    (b"{}", JSON),
    (b'{"source": 3, "values": {"a": "3", "b": true, "c": null}, "chek": 1}', JSON),
    (b'{"source": "a", "values": {"a": [[[1]]]}}', JSON),
    (b'{"source": "a", "values": [1]}', JSON),
    (b'{"source": "a", "values": {"a": 1}} trailing', JSON),
    (b'{"source": "a", "values": {"a": 1}}', None),
    (b'{"source": "a", "values": {"a": 1}}', "text/plain"),
    (b'{"source": "a", "values": {"a": 1}}', "application/json; charset=utf-8"),
    (b'{"source": "a", "values": {"a": 1}}', "application/problem+json"),
    (b'{"source": "a", "values": {"a": 1}}', "application/x-www-form-urlencoded"),
    (b"source=a", "application/x-www-form-urlencoded"),
]


@pytest.mark.parametrize("content, content_type", CASES)
def test_same_answer_as_fastapis_handler(content, content_type):
    headers = {} if content_type is None else {"content-type": content_type}
    with make_client() as client:
        reference = client.post("/reference", content=content, headers=headers)
        lean = client.post("/lean", content=content, headers=headers)
    assert (lean.status_code, lean.content) == (reference.status_code, reference.content)
    assert lean.headers["content-type"] == reference.headers["content-type"]


def test_wrong_method_is_405_like_any_route():
    with make_client() as client:
        assert client.get("/lean").status_code == client.get("/reference").status_code == 405


def test_an_endpoint_with_other_parameters_is_refused_at_import():
    router = APIRouter(route_class=JSONBodyRoute)

    async def with_query(request: Request, body: GraphRequest, limit: int = 3) -> JSONBytes:
        return JSONBytes({})

    with pytest.raises(TypeError, match="exactly"):
        router.post("/x")(with_query)
