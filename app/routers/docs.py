"""The interactive API docs at /docs, working offline: Swagger UI is vendored under static/vendor/ (not
loaded from a CDN), and its one inline start-up script is allowed by its hash in a Content-Security-
Policy sent on /docs only, so the page's own policy (no inline script at all) stays as strict as it is.
ReDoc is disabled (it would need a CDN and a worker)."""
from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

SWAGGER_VERSION = "5.35.0"
SWAGGER_DIR = f"/static/vendor/swagger-ui-dist/{SWAGGER_VERSION}"

router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=4)
def _docs_page(openapi_url: str, title: str) -> tuple[bytes, str]:
    html = get_swagger_ui_html(
        openapi_url=openapi_url, title=f"{title} — API docs",
        swagger_js_url=f"{SWAGGER_DIR}/swagger-ui-bundle.js", swagger_css_url=f"{SWAGGER_DIR}/swagger-ui.css",
        swagger_favicon_url=f"{SWAGGER_DIR}/favicon-32x32.png", oauth2_redirect_url=None,
    ).body
    inline = re.findall(rb"<script>(.*?)</script>", html, flags=re.S)
    hashes = " ".join("'sha256-%s'" % base64.b64encode(hashlib.sha256(s).digest()).decode() for s in inline)
    # The page's policy plus the hashed start-up script; Swagger UI needs nothing else (tested in
    # tests/browser/test_api_docs.py, where a CSP violation is a console error).
    csp = ("default-src 'self'; script-src 'self' " + hashes + "; style-src 'self'; "
           "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
           "form-action 'self'; frame-ancestors 'none'")
    return html, csp


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    body, csp = _docs_page(request.app.openapi_url, request.app.title)
    return HTMLResponse(body, headers={"Content-Security-Policy": csp})
