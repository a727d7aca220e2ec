"""One exception for every 4xx answer the app gives, and the one handler that writes it.

Every such body is `{"detail": {"error", "message", "hint", "code", "params", …}}`: `error` names the
kind, `message` and `hint` are English for people, `code` and `params` are stable for programs and
translations. The engine's errors already carry all of these (`EngineError.to_dict()`); `ApiError` gives
the app's own refusals (404, 405, 413, 429, the time budget) the same shape. 422 (the body does not match
the schema) keeps FastAPI's `{"detail": [...]}` list.
"""
from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.exceptions import HTTPException

from .responses import ORJSONBytes


# What FastAPI raises (400) for a body it cannot read at all, e.g. JSON nested a thousand levels deep.
FASTAPI_UNREADABLE_BODY = "There was an error parsing the body"


class ApiError(Exception):
    """A refusal with its status, headers (e.g. Allow, Retry-After) and the detail of its body."""

    def __init__(self, status: int, error: str, message: str, hint: str | None = None, *,
                 code: str | None = None, params: dict[str, Any] | None = None,
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers
        self.detail = {"error": error, "message": message, "line": None, "column": None, "excerpt": None,
                       "hint": hint, "code": code, "params": params or {}, **extra}

    @classmethod
    def from_detail(cls, detail: dict[str, Any], status: int = 400) -> "ApiError":
        """The engine's refusal of an input (`EngineError.to_dict()`): 400 with that detail."""
        detail = dict(detail)
        return cls(status, detail.pop("error"), detail.pop("message"), detail.pop("hint", None), **detail)

    def response(self) -> ORJSONBytes:
        return ORJSONBytes({"detail": self.detail}, status_code=self.status, headers=self.headers)


class BodyError(HTTPException):
    """An ApiError raised while the body is read: FastAPI lets only an HTTPException through from there."""

    def __init__(self, error: ApiError) -> None:
        super().__init__(error.status, headers=error.headers)
        self.error = error


def request_too_large(limit: int) -> ApiError:
    return ApiError(413, "RequestTooLarge", f"The request body is larger than {limit} bytes.",
                    "Send a shorter program or fewer values; the limit is BACKPROP_MAX_BODY_BYTES.",
                    code="request_too_large", params={"limit": str(limit)})


async def api_error_handler(request: Request, exc: ApiError) -> ORJSONBytes:
    return exc.response()


async def http_error_handler(request: Request, exc: HTTPException) -> ORJSONBytes:
    """The framework's own refusals (no such path, wrong method, a body it could not read) in the same
    shape, each saying what to do instead."""
    error = exc.error if isinstance(exc, BodyError) else _from_http(request, exc)
    return error.response()


def _from_http(request: Request, exc: HTTPException) -> ApiError:
    path = request.url.path
    if exc.status_code == 404:
        if path.startswith("/api/"):
            return ApiError(404, "NotFound", f"There is no endpoint at {path}.",
                            "Use one of the endpoints listed here; /docs describes each with examples.",
                            code="no_endpoint", params={"path": path}, endpoints=api_endpoints(request.app),
                            docs="/docs")
        return ApiError(404, "NotFound", f"There is nothing at {path}.", "The page is at /, the API docs at /docs.",
                        code="not_found", params={"path": path})
    if exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "")
        return ApiError(405, "MethodNotAllowed",
                        f"{request.method} is not accepted at {path}" + (f"; it accepts {allowed}." if allowed else "."),
                        ("Send a POST with a JSON body and the header Content-Type: application/json; "
                         if "POST" in allowed else "") + "/docs describes each endpoint with examples.",
                        code="method_not_allowed", params={"method": request.method, "path": path, "allowed": allowed},
                        headers=exc.headers, docs="/docs")
    if isinstance(exc.detail, dict):  # raised with a detail of the usual shape
        error = ApiError.from_detail({"error": "HTTPError", "message": "", **exc.detail}, exc.status_code)
        error.headers = exc.headers
        return error
    if exc.status_code == 400 and exc.detail == FASTAPI_UNREADABLE_BODY:
        return ApiError(400, "BadRequest", "The request body could not be read as JSON.",
                        "Send a JSON object as /docs shows; values are numbers or lists of at most two levels.",
                        code="unreadable_body")
    return ApiError(exc.status_code, "HTTPError", str(exc.detail), headers=exc.headers, code="http_error")


def api_endpoints(application) -> list[str]:
    """"POST /api/v1/graph", … for every API operation, read from the OpenAPI schema (built once and
    cached by FastAPI), so the list never goes stale."""
    return [f"{method.upper()} {path}" for path, operations in application.openapi().get("paths", {}).items()
            if path.startswith("/api/") for method in operations]
