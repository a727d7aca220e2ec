"""One exception for every 4xx answer the app gives, and the one handler that writes it.

Every such body is `{"detail": {"error", "message", "hint", "code", "params", "hint_code",
"hint_params", …}}`: `error` names the kind, `message` and `hint` are English for people, the codes and
params are stable for programs and translations. The engine's errors already carry all of these
(`EngineError.to_dict()`); `ApiError.coded` gives the app's own refusals (404, 405, 413, 429, a bad Host,
the time budget) the same shape, their English rendered from app/messages.py. 422 (the body does not
match the schema) keeps FastAPI's `{"detail": [...]}` list.
"""
from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.exceptions import HTTPException

from engine.present.messages import render

from .messages import MESSAGES
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
                       "hint": hint, "code": code, "params": params or {}, "hint_code": None, "hint_params": {},
                       **extra}

    @classmethod
    def coded(cls, status: int, error: str, code: str, hint: str | None = None, *,
              params: dict[str, Any] | None = None, hint_params: dict[str, Any] | None = None,
              headers: dict[str, str] | None = None, **extra: Any) -> "ApiError":
        """A refusal of the app's own, its message and hint given by code (app/messages.py): the English is
        rendered here, and the page shows the same codes in the learner's language. The hint takes the
        message's parameters unless it is given its own."""
        params = {k: str(v) for k, v in (params or {}).items()}
        hint_params = params if hint_params is None else {k: str(v) for k, v in hint_params.items()}
        return cls(status, error, render(code, params, MESSAGES), render(hint, hint_params, MESSAGES) if hint else None, code=code,
                   params=params, headers=headers, hint_code=hint, hint_params=hint_params, **extra)

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
    return ApiError.coded(413, "RequestTooLarge", "request_too_large", "hint_shorter_request", params={"limit": limit})


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
            return ApiError.coded(404, "NotFound", "no_endpoint", "hint_api_endpoints", params={"path": path},
                                  endpoints=api_endpoints(request.app), docs="/docs")
        return ApiError.coded(404, "NotFound", "not_found", "hint_page_and_docs", params={"path": path})
    if exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "")
        params = {"method": request.method, "path": path, "allowed": allowed}
        return ApiError.coded(405, "MethodNotAllowed", "method_not_allowed" if allowed else "method_not_accepted",
                              "hint_post_json" if "POST" in allowed else "hint_api_docs", params=params,
                              headers=exc.headers, docs="/docs")
    if isinstance(exc.detail, dict):  # raised with a detail of the usual shape
        error = ApiError.from_detail({"error": "HTTPError", "message": "", **exc.detail}, exc.status_code)
        error.headers = exc.headers
        return error
    if exc.status_code == 400 and exc.detail == FASTAPI_UNREADABLE_BODY:
        return ApiError.coded(400, "BadRequest", "unreadable_body", "hint_json_object")
    return ApiError.coded(exc.status_code, "HTTPError", "http_error",
                          params={"status": exc.status_code, "detail": exc.detail}, headers=exc.headers)


def invalid_host(host: str) -> ApiError:
    return ApiError.coded(400, "InvalidHost", "invalid_host", "hint_use_the_server_address",
                          params={"host": host[:100]})


def api_endpoints(application) -> list[str]:
    """"POST /api/v1/graph", … for every API operation, read from the OpenAPI schema (built once and
    cached by FastAPI), so the list never goes stale."""
    return [f"{method.upper()} {path}" for path, operations in application.openapi().get("paths", {}).items()
            if path.startswith("/api/") for method in operations]
