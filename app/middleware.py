"""Pure ASGI middleware (no BaseHTTPMiddleware: it costs a task and a copy per request).

`SecurityHeaders` adds the security headers to every response, including errors and static files; a
route that needs a different Content-Security-Policy (the API docs) sets its own and it is kept.
`BodyLimit` refuses oversized request bodies with 413: at once when Content-Length says so, and by
counting the bytes as they arrive for chunked bodies that announce no length. `TrustedHosts` refuses a
Host header the server does not answer to, in the app's JSON error shape.
"""
from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import ApiError, BodyError, invalid_host, request_too_large

# The page runs only its own module scripts and styles: no inline script or style, nothing from
# other hosts. D3 sets styles through the CSSOM, which this policy allows.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", PAGE_CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes
        for name, value in scope["headers"]:
            if name == b"content-length":
                if not value.isdigit():
                    error = ApiError.coded(400, "BadRequest", "bad_content_length", "hint_valid_content_length")
                    await _answer(error, scope, receive, send)
                elif int(value) > limit:
                    await _answer(request_too_large(limit), scope, receive, send)
                else:  # the server reads no more than the announced length: nothing left to count
                    await self.app(scope, receive, send)
                return

        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyError(request_too_large(limit))
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyError as refused:
            # Reached here only if nothing inside turned it into a response.
            if not started:
                await _answer(refused.error, scope, receive, send)


class TrustedHosts:
    """Starlette's TrustedHostMiddleware decides whether the Host is one of `allowed_hosts` (its own
    patterns: exact names, `*.example.com`); a refusal is answered as every other refusal of the app,
    JSON with a code the page translates, instead of its plain-text "Invalid host header". Its
    refusal cannot be configured, so it is asked as a checker: its inner app only marks the request as
    trusted, whatever it would send on refusing is dropped, and this middleware answers."""

    _TRUSTED = "app.trusted_host"  # scope key the checker sets on a request it lets through

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self.app = app
        self.check = TrustedHostMiddleware(self._mark_trusted, allowed_hosts=allowed_hosts, www_redirect=False)
        # Anything but HTTP (a websocket, the lifespan) gets Starlette's own behaviour.
        self.other = TrustedHostMiddleware(app, allowed_hosts=allowed_hosts, www_redirect=False)

    async def _mark_trusted(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[self._TRUSTED] = True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.other(scope, receive, send)
            return

        async def dropped(message: Message) -> None:
            pass

        await self.check(scope, receive, dropped)
        if scope.pop(self._TRUSTED, False):
            await self.app(scope, receive, send)
        else:
            await invalid_host(Headers(scope=scope).get("host", "")).response()(scope, receive, send)


async def _answer(error: ApiError, scope: Scope, receive: Receive, send: Send) -> None:
    """The error's response, closing the connection: the body it refused may still be on its way."""
    response = error.response()
    response.headers["connection"] = "close"
    await response(scope, receive, send)
