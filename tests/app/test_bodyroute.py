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
    streamed = b"".join([chunk async for chunk in request.stream()])
    return JSONBytes({"model": body.model_dump(), "method": request.method,
                      "body": (await request.body()).decode(), "streamed": streamed.decode(),
                      "json": await request.json()})


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
    # Numbers pydantic's own JSON parser would take (NaN, overflow to infinity) where they hide
    (b'{"source": "x", "values": {"x": [1, 2]}, "seed": [1, NaN]}', JSON),
    (b'{"source": "x", "values": {"x": [[1, 2], [3, 1E400]]}}', JSON),
    (b'{"source": "x", "values": {"x": [1, -1e+999]}}', JSON),
    (b'{"source": "x", "values": {"x": 9' + b"9" * 250 + b'e99}}', JSON),
    (b'{"source": "x", "values": {"x": 0.' + b"0" * 250 + b'1}}', JSON),
    (b'{"source": "x", "values": {"x": 1.5e308, "y": -2.5e-308, "z": 1e-400}}', JSON),
    (b'{"source": "x", "values": {"x": 123456789012345678901234567890}}', JSON),
    (b'{"source": "NaN + Infinity + e123", "values": {"NaN": 1}}', JSON),
    # Text the two parsers must read alike, or both refuse
    (b'{"source": "\\ud83d\\ude00 \\u00e9 \\u0000", "values": {}}', JSON),
    (b'{"source": "\\udc00", "values": {}}', JSON),
    (b'{"source": "\\ud800\\u0041", "values": {}}', JSON),
    (b'{"source": "\xff", "values": {}}', JSON),
    (b'{"source": "\xed\xa0\x80", "values": {}}', JSON),
    (b'\xef\xbb\xbf{"source": "a", "values": {}}', JSON),
    (b'{"source": "a\tb", "values": {}}', JSON),
    (b'{"source": "a", "values": {"a": 01}}', JSON),
    (b'{"source": "a", "values": {"a": 1.}}', JSON),
    (b'{"source": "a", "values": {"a": +1}}', JSON),
    (b'{"source": "a", "values": {"a": 1}, "source": "b"}', JSON),
    (b'{"source": "a", "values": {}, "check": "yes", "parameters": ["a", "a"]}', JSON),
    (b'{"source": "a", "values": {}, "check": 2}', JSON),
    (b'{"source": "a", "values": {"a": [1, [2]]}}', JSON),
    (b'  {"source": "a", "values": {}}\n ', JSON),
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


from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

# Any JSON number literal, from tiny to far beyond a float's range, with or without fraction and exponent.
NUMBER = st.from_regex(r"-?(0|[1-9][0-9]{0,320})(\.[0-9]{1,40})?([eE][+-]?[0-9]{1,4})?", fullmatch=True)


@pytest.fixture(scope="module")
def shared_client():
    with make_client() as client:
        yield client


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(numbers=st.lists(NUMBER, min_size=1, max_size=4), matrix=st.booleans())
def test_any_number_literal_gets_the_same_answer_as_fastapis_handler(shared_client, numbers, matrix):
    row = "[" + ", ".join(numbers) + "]"
    content = ('{"source": "x", "values": {"x": %s}}' % ("[" + row + "]" if matrix else row)).encode()
    reference = shared_client.post("/reference", content=content, headers={"content-type": JSON})
    lean = shared_client.post("/lean", content=content, headers={"content-type": JSON})
    assert (lean.status_code, lean.content) == (reference.status_code, reference.content), content[:200]
