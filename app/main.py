"""Creates the FastAPI app: middleware, error handlers, static files and one router per resource.

`create_app(settings)` builds an app from explicit settings (the tests use it for CORS and limits);
`app` is the one uvicorn serves, configured from BACKPROP_* environment variables (app/settings.py).
"""
from __future__ import annotations

import logging

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.jsonio import JSONBytes
from app.middleware import SECURITY_HEADERS, BodyLimit, SecurityHeaders
from app.routers import docs, export, graph, health, network, page
from app.settings import Settings, get_settings
from app.static import mount_static

log = logging.getLogger("backprop.app")

DESCRIPTION = """Build the computation graph of an expression or a small neural network and step through
the forward and backward passes: every node's value and upstream gradient, every edge's local and
downstream gradient (the vocabulary of the textbook's figure 6.16).

Numbers: requests carry plain finite JSON numbers (`NaN`, `Infinity` and overflowing literals such as
`1e999` are refused with 422). Answers may contain non-finite results (log 0, x/0, overflow): they are
the strings `"NaN"`, `"Infinity"`, `"-Infinity"`, and `warnings` names the node that produced each.

Errors: 400 `{"detail": {error, message, line, column, excerpt, hint}}` when the input cannot be
evaluated or is more work than the time budget; 413 for bodies over the size limit; 422 for bodies that
are not finite JSON of the schema. No input gets a 5xx."""


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONBytes:
    """422 listing each problem's type, place and message (without echoing the input back)."""
    issues = []
    for err in exc.errors():
        msg = str(err.get("msg", "invalid"))
        ctx_error = (err.get("ctx") or {}).get("error")
        if err.get("type") == "json_invalid" and ctx_error:
            msg = f"{msg}: {ctx_error}"
        if tuple(err.get("loc", ())) == ("body",) and "json" not in request.headers.get("content-type", ""):
            msg += "; send the body as JSON with the header Content-Type: application/json"
        issues.append({"type": str(err.get("type", "invalid")), "msg": msg,
                       "loc": [part if isinstance(part, int) else str(part) for part in err.get("loc", ())]})
    return JSONBytes({"detail": issues}, status_code=422)


def _api_endpoints(application: FastAPI) -> list[str]:
    """"POST /api/v1/graph", … for every API operation, read from the OpenAPI schema (built once and
    cached by FastAPI; it also sees the routers mounted with include_router), so it never goes stale."""
    return [f"{method.upper()} {path}" for path, operations in application.openapi().get("paths", {}).items()
            if path.startswith("/api/") for method in operations]


def _helpful_detail(request: Request, exc: StarletteHTTPException) -> dict | None:
    """404 under /api/ and every 405 say what to do instead of only "Not Found" / "Method Not Allowed"."""
    if exc.status_code == 404 and request.url.path.startswith("/api/") and exc.detail == "Not Found":
        return {"error": "NotFound", "message": f"There is no endpoint at {request.url.path}.",
                "hint": "Use one of the endpoints listed here; /docs describes each with examples.",
                "endpoints": _api_endpoints(request.app), "docs": "/docs"}
    if exc.status_code == 405:
        allowed = next((v for k, v in (exc.headers or {}).items() if k.lower() == "allow"), "")
        return {"error": "MethodNotAllowed",
                "message": f"{request.method} is not accepted at {request.url.path}"
                           + (f"; it accepts {allowed}." if allowed else "."),
                "hint": ("Send a POST with a JSON body and the header Content-Type: application/json; "
                         if "POST" in allowed else "") + "/docs describes each endpoint with examples.",
                "docs": "/docs"}
    return None


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """FastAPI's answer for an HTTPException, unless its detail holds text that is not valid Unicode (half
    a surrogate pair), which FastAPI cannot encode: then the same body with that text JSON-escaped."""
    detail = _helpful_detail(request, exc)
    if detail is not None:
        return JSONBytes({"detail": detail}, status_code=exc.status_code, headers=exc.headers)
    try:
        return await http_exception_handler(request, exc)
    except UnicodeEncodeError:
        return JSONBytes({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)


async def _unexpected_error(request: Request, exc: Exception) -> JSONBytes:
    """Last resort: a bug, not bad input. Logged with its traceback; the answer still carries the
    security headers (this handler runs outside the middleware)."""
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    body = {"detail": {"error": "InternalError", "message": "Something went wrong on the server.",
                       "line": None, "column": None, "excerpt": None,
                       "hint": "This is a bug; please report the request that caused it."}}
    headers = {name.decode(): value.decode() for name, value in SECURITY_HEADERS}
    return JSONBytes(body, status_code=500, headers=headers)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    application = FastAPI(
        title="Backprop Explorer", version="0.1.0", description=DESCRIPTION,
        docs_url=None, redoc_url=None,  # served offline by app/routers/docs.py; no ReDoc
        exception_handlers={RequestValidationError: _validation_error, StarletteHTTPException: _http_error,
                            Exception: _unexpected_error},
    )
    application.state.settings = settings
    # Added innermost first: SecurityHeaders wraps everything, so 413s and CORS answers carry it too.
    application.add_middleware(BodyLimit, max_body_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        application.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                                   allow_methods=["GET", "POST", "DELETE"], allow_headers=["Content-Type"])
    application.add_middleware(GZipMiddleware, minimum_size=1024)  # text ~4x smaller; SSE streams are left alone
    application.add_middleware(SecurityHeaders)

    mount_static(application)  # /static/<content hash>/… (immutable) and /static/… (revalidated)
    for router in (page.router, health.router, docs.router, graph.router, network.router):
        add_routes(application, router)
    application.include_router(export.router)  # LaTeX/TikZ export (issue 16)
    return application


def add_routes(application: FastAPI, router: APIRouter) -> None:
    """Puts a router's routes on the app itself instead of `include_router`: this FastAPI keeps an
    included router as one entry that is resolved again on every request (a request to /api/v1/graph
    walked the earlier routers' routes and then its own router's twice: ~25 us more, measured, than
    matching the routes directly, about what parsing and validating its body costs). The routes are
    complete already: a router's prefix, tags and responses are applied when a route is declared."""
    if router.dependencies:
        raise ValueError("a router with dependencies of its own goes through include_router")
    application.router.routes.extend(router.routes)


app = create_app()
# Routers of other issues are included below, one line each.
app.include_router(__import__("app.routers.exercise", fromlist=["router"]).router)  # practice (issue 6)
app.include_router(__import__("app.routers.train", fromlist=["router"]).router)  # training lab (issue 5)
app.include_router(__import__("app.routers.ops", fromlist=["router"]).router)  # the op table (issue 10)
