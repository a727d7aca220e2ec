"""The interactive API docs render offline in a real Chromium: Swagger UI from static/vendor, its
start-up script allowed by hash, no console errors (CSP violations are console errors), and no
request to another host."""
from urllib.parse import urlsplit

from .conftest import save_screenshot


def test_docs_render_offline_without_csp_violations(page, live_server):
    requested = []
    page.on("request", lambda req: requested.append(req.url))
    page.goto("/docs")
    page.locator(".swagger-ui .opblock-summary-path", has_text="/api/v1/graph").first.wait_for(timeout=15000)
    assert page.locator(".swagger-ui .opblock-summary-path", has_text="/api/v1/network").count() == 1
    page.locator(".opblock-summary", has_text="/api/v1/graph").first.click()
    page.wait_for_selector(".swagger-ui .opblock-body")
    save_screenshot(page, "api-docs")
    own = urlsplit(live_server).netloc
    foreign = [u for u in requested if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != own]
    assert not foreign, foreign
