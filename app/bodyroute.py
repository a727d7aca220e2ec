"""A lean route for the hot JSON endpoints: `async def endpoint(request, body: Model) -> Response`.

Why: for a textbook-sized request FastAPI's generic request handler (two AsyncExitStacks, content-type
parsing through `email.message`, `solve_dependencies`, `request_body_to_args`, a response-model check)
cost more than the engine itself. This route does the same steps once, in a straight line: read the
body, parse and validate it and call the endpoint. A body is parsed and validated in one step by pydantic
from the bytes; when pydantic refuses it, or it holds NaN, Infinity or an overflowing number (which
pydantic reads as numbers), it takes the exact path instead: the strict parser (app/jsonio.py refuses
those numbers) and the route's own pydantic field, so the 422 `detail` list is exactly FastAPI's, `loc`
starting with "body". Everything FastAPI derives from the signature stays as it is: the OpenAPI schema,
its examples and the documented responses. Errors leave as exceptions (HTTPException,
RequestValidationError) and are answered by the app's exception handlers, as before.

The endpoint may take nothing but the request and the body, and must return a Response; anything else
(a dependency, a query parameter) would be silently skipped here, so such a route is refused at import.
"""
from __future__ import annotations

import email.message
import json
from math import isfinite
from typing import Annotated, Any, AsyncIterator, Callable

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, TypeAdapter, ValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from .jsonio import MAX_INT_DIGITS, loads

_MISSING = object()
# 10^300: the strict parser refuses integers with more digits (app/jsonio.py, MAX_INT_DIGITS).
_TOO_MANY_DIGITS = 10 ** MAX_INT_DIGITS


def plainly_finite(value: Any) -> bool:
    """Whether a validated body holds only what the strict parser accepts: pydantic's JSON parser reads
    NaN, Infinity and overflowing numbers (1e999, 400-digit integers), which end up in the model as
    non-finite floats or huge integers; the strict parser refuses them. Iterative, over models, dicts
    and lists."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is float:
            if not isfinite(item):
                return False
        elif kind is int:
            if not -_TOO_MANY_DIGITS < item < _TOO_MANY_DIGITS:
                return False
        elif kind is list or kind is dict:
            stack.extend(item.values() if kind is dict else item)
        elif isinstance(item, BaseModel):
            stack.extend(item.__dict__.values())
    return True


def is_json_content_type(value: str | None) -> bool:
    """FastAPI's rule, with the common spelling checked first: application/json or application/*+json."""
    if value is None:
        return False
    if value == "application/json":
        return True
    message = email.message.Message()
    message["content-type"] = value
    if message.get_content_maintype() != "application":
        return False
    subtype = message.get_content_subtype()
    return subtype == "json" or subtype.endswith("+json")


async def read_body(receive: Receive) -> bytes:
    """The whole request body, straight from the ASGI messages; FastAPI's 400 when it cannot be read
    (the client left), while a 413 from the body-size limit passes through."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.request":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                return b"".join(chunks)
        elif message["type"] == "http.disconnect":
            raise HTTPException(400, detail="There was an error parsing the body")


class ReadRequest(Request):
    """A Request whose body the route has read already. Starlette reads a body through an async
    generator, ~15 us a request under uvloop against ~2 us for the plain loop of `read_body`; `body()`
    and `stream()` give this one back (so does `json()`, which reads `body()`)."""

    def __init__(self, scope: Scope, receive: Receive, send: Send, *, body: bytes) -> None:
        super().__init__(scope, receive, send)
        self.body_bytes = body

    async def body(self) -> bytes:
        return self.body_bytes

    async def stream(self) -> AsyncIterator[bytes]:
        if self.body_bytes:
            yield self.body_bytes
        yield b""


def json_invalid(err: json.JSONDecodeError) -> RequestValidationError:
    """The 422 FastAPI gives for a body that is not JSON: the position and what is wrong at it."""
    return RequestValidationError([{"type": "json_invalid", "loc": ("body", err.pos), "msg": "JSON decode error",
                                    "input": {}, "ctx": {"error": err.msg}}], body=err.doc)


class JSONBodyRoute(APIRoute):
    """An APIRoute for `async def endpoint(request: Request, body: Model) -> Response` that parses and
    validates the body once and calls the endpoint directly (see the module's docstring)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        dependant = self.dependant
        extra = (dependant.path_params or dependant.query_params or dependant.header_params
                 or dependant.cookie_params or dependant.dependencies or len(dependant.body_params) != 1
                 or dependant.request_param_name is None)
        if extra or self.body_field is None:
            raise TypeError(f"{path}: a JSONBodyRoute endpoint takes exactly (request: Request, body: Model)")
        self._request_name = dependant.request_param_name
        self._body_name = dependant.body_params[0].name
        self._body_required = self.body_field.field_info.is_required()
        self._call = dependant.call
        # The body field's own type as FastAPI builds it, read straight from the bytes: for a textbook body
        # ~2 us, where json.loads and validating the Python objects took ~12 us (timeit, same machine).
        self._json_adapter = TypeAdapter(Annotated[self.body_field.field_info.annotation, self.body_field.field_info])

    async def parse_body(self, request: Request) -> Any:
        """The validated body model; RequestValidationError (422) when it is not finite JSON of the schema."""
        raw = await request.body()
        value: Any = _MISSING
        if raw:
            if is_json_content_type(request.headers.get("content-type")):
                try:
                    model = self._json_adapter.validate_json(raw)
                    if plainly_finite(model):
                        return model
                except ValidationError:
                    pass  # the exact path below finds the problem and words the 422
                try:
                    value = loads(raw)
                except json.JSONDecodeError as err:
                    raise json_invalid(err) from None
            else:
                value = raw  # validated as is: the 422 says a JSON object was expected
        field = self.body_field
        if value is _MISSING:
            if self._body_required:
                raise RequestValidationError([{"type": "missing", "loc": ("body",), "msg": "Field required",
                                               "input": None}])
            value = field.get_default()
        model, errors = field.validate(value, {}, loc=("body",))
        if errors:
            raise RequestValidationError(errors, body=value)
        return model

    async def endpoint_response(self, request: Request) -> Response:
        body = await self.parse_body(request)
        response = await self._call(**{self._request_name: request, self._body_name: body})
        if not isinstance(response, Response):
            raise TypeError(f"{self.path}: a JSONBodyRoute endpoint must return a Response")
        return response

    def get_route_handler(self) -> Callable:
        return self.endpoint_response

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        # FastAPI wraps the handler in two AsyncExitStacks (for dependencies with `yield` and uploaded
        # files, neither of which these endpoints have) and a second exception-handling layer (the
        # app's ExceptionMiddleware already answers HTTPException and RequestValidationError with the
        # same handlers). A wrong method still goes the usual way, to the 405 answer.
        if scope["method"] not in self.methods:
            await super().handle(scope, receive, send)
            return
        request = ReadRequest(scope, receive, send, body=await read_body(receive))
        response = await self.endpoint_response(request)
        await response(scope, receive, send)
