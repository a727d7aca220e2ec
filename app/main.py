"""Creates the FastAPI app: middleware, error handlers, static files and one router per resource.

`create_app(settings)` builds an app from explicit settings (the tests use it for CORS and limits);
`app` is the one uvicorn serves, configured from BACKPROP_* environment variables (app/settings.py).
"""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from starlette.exceptions import HTTPException

from app.compute import new_pool
from app.errors import ApiError, api_error_handler, http_error_handler
from app.middleware import SECURITY_HEADERS, BodyLimit, SecurityHeaders, TrustedHosts
from app.responses import ORJSONBytes
from app.routers import docs, exercise, export, graph, health, network, ops, page, train
from app.settings import Settings, get_settings
from app.static import mount_static

log = logging.getLogger("backprop.app")

DESCRIPTION = """Build the computation graph of an expression or a small neural network and step through
the forward and backward passes: every node's value and upstream gradient, every edge's local and
downstream gradient (the vocabulary of the textbook's figure 6.16).

Numbers: requests carry plain finite JSON numbers (`NaN`, `Infinity` and overflowing literals such as
`1e999` are refused with 422). Answers may contain non-finite results (log 0, x/0, overflow): they are
the strings `"NaN"`, `"Infinity"`, `"-Infinity"`, and `warnings` names the node that produced each.

Errors: every 4xx other than 422 is `{"detail": {error, message, hint, code, params, …}}`: 400 when the
input cannot be evaluated (with line, column and a caret excerpt) or is more work than the time budget;
404 and 405 (with `Allow`) say what to call instead; 413 for bodies over the size limit; 429 with
`Retry-After` when the server is too busy. 422 (the body is not finite JSON of the schema) is FastAPI's
`{"detail": [{type, loc, msg}]}`. No input gets a 5xx."""


async def _validation_error(request: Request, exc: RequestValidationError) -> ORJSONBytes:
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
    return ORJSONBytes({"detail": issues}, status_code=422)


async def _unexpected_error(request: Request, exc: Exception) -> ORJSONBytes:
    """Last resort: a bug, not bad input. Logged with its traceback; the answer still carries the
    security headers (this handler runs outside the middleware)."""
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    headers = {name.decode(): value.decode() for name, value in SECURITY_HEADERS}
    return ApiError.coded(500, "InternalError", "internal_error", "hint_report_bug", headers=headers).response()


@asynccontextmanager
async def _lifespan(application: FastAPI):
    pool = application.state.pool
    await anyio.to_thread.run_sync(pool.start)  # ready before the first request, off the event loop
    yield
    await anyio.to_thread.run_sync(pool.shutdown)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    application = FastAPI(
        title="Backprop Explorer", version="0.1.0", description=DESCRIPTION,
        docs_url=None, redoc_url=None,  # served offline by app/routers/docs.py; no ReDoc
        default_response_class=ORJSONBytes, lifespan=_lifespan,
        # No "/path" → "/path/" redirects: Starlette builds their absolute URL from the Host header.
        redirect_slashes=False,
        exception_handlers={ApiError: api_error_handler, HTTPException: http_error_handler,
                            RequestValidationError: _validation_error, Exception: _unexpected_error},
    )
    application.state.settings = settings
    # The engine processes: started with the app, stopped with it (an app served again, as in the tests,
    # starts new ones; one used without being served starts them on its first heavy request).
    application.state.pool = new_pool(settings)
    # Added innermost first: SecurityHeaders wraps everything, so 413s and CORS answers carry it too.
    application.add_middleware(BodyLimit, max_body_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        application.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                                   allow_methods=["GET", "POST", "DELETE"], allow_headers=["Content-Type"])
    # Always added, `*` included: host_allowed alone decides which Host headers are answered.
    application.add_middleware(TrustedHosts, allowed_hosts=list(settings.allowed_hosts))
    application.add_middleware(GZipMiddleware, minimum_size=1024)  # text ~4x smaller; SSE streams are left alone
    application.add_middleware(SecurityHeaders)

    mount_static(application)  # /static/<content hash>/… (immutable) and /static/… (revalidated)
    for router in (page.router, health.router, docs.router, graph.router, network.router, ops.router,
                   exercise.router, train.router, export.router):
        application.include_router(router)
    return application


app = create_app()
