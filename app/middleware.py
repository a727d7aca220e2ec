"""Pure ASGI middleware (no BaseHTTPMiddleware: it costs a task and a copy per request).

`SecurityHeaders` adds the security headers to every response, including errors and static files; a
route that needs a different Content-Security-Policy (the API docs) sets its own and it is kept.
`BodyLimit` refuses oversized request bodies with 413: at once when Content-Length says so, and by
counting the bytes as they arrive for chunked bodies that announce no length. `TrustedHosts` refuses a
Host header the server does not answer to, in the app's JSON error shape.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import ApiError, BodyError, invalid_host, request_too_large
from .settings import HOST, host_patterns

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


# A Host header (RFC 9110 §7.2): a host (app.settings.HOST), then an optional ":port". Anything else
# (a space, a path, user info) is no host this server answers to.
_HOST_HEADER = re.compile(rf"(?P<host>{HOST})(?::[0-9]+)?", re.IGNORECASE)


def host_allowed(host_header: str | None, patterns: Sequence[str]) -> bool:
    """Whether a Host header names a host of `patterns` (checked and lower-cased by
    `app.settings.host_patterns`): its port is not compared and case does not matter; `*` matches any
    header, `*.example.com` matches a.example.com and a.b.example.com but not example.com itself. A
    missing or malformed header matches only `*`. The one rule: the app always asks it, `*` included."""
    if "*" in patterns:
        return True
    parsed = _HOST_HEADER.fullmatch(host_header or "")
    if parsed is None:
        return False
    host = parsed["host"].lower()
    return any(host == p or (p.startswith("*.") and host.endswith(p[1:])) for p in patterns)


class TrustedHosts:
    """Refuses a request whose Host header is not one this server answers to (`host_allowed`), as the
    app answers every refusal: JSON with a code the page translates (`invalid_host`). Lifespan events
    carry no Host and pass; a websocket handshake to another host is closed before it is accepted."""

    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self.patterns = host_patterns(allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = Headers(scope=scope).get("host")
        if host_allowed(host, self.patterns):
            await self.app(scope, receive, send)
        elif scope["type"] == "http":
            await invalid_host(host or "").response()(scope, receive, send)
        else:   # closing before accepting makes the server answer the handshake with 403
            await send({"type": "websocket.close", "code": 1008})


async def _answer(error: ApiError, scope: Scope, receive: Receive, send: Send) -> None:
    """The error's response, closing the connection: the body it refused may still be on its way."""
    response = error.response()
    response.headers["connection"] = "close"
    await response(scope, receive, send)
