"""Browser-test fixtures: a live uvicorn on a free loopback port and a Playwright page in a real
headless Chromium (the system one where it exists) that fails the test on any console error."""
import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.live_server import free_port, serving

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _is_browser_test(item) -> bool:
    return item is not None and Path(str(item.fspath)).is_relative_to(Path(__file__).parent)


def pytest_collection_modifyitems(items):
    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server():
    port = free_port()
    argv = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "warning"]
    try:
        with serving(argv, port, quiet=False) as base:
            yield base
    except RuntimeError as err:
        pytest.fail(str(err))


def _chromium_path():
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.path.exists(candidate):
            return candidate
    return None  # Playwright's own download, where `playwright install chromium` could fetch it


# This test process's Playwright driver and Chromium while browser tests run: started by the first one,
# stopped after the last one before a test from another directory (see pytest_runtest_teardown).
_running = {}


@pytest.fixture(scope="module")
def browser():
    """One Chromium for all browser tests run in a row by this process (launching takes ~1 s)."""
    if not _running:
        sync_api = pytest.importorskip("playwright.sync_api")
        playwright = sync_api.sync_playwright().start()
        _running["playwright"] = playwright
        _running["browser"] = playwright.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_FLAGS)
    return _running["browser"]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Stops Playwright once no browser test follows. Its sync API marks the thread's asyncio loop as
    running for as long as it lives, so a later test's asyncio.run() or anyio.run() (tests/app) would
    refuse to start; with pytest-xdist a worker runs app and browser test files in any order."""
    result = yield  # the test's own fixtures (its pages and contexts) are closed by now
    if _running and not _is_browser_test(nextitem):
        _running.pop("browser").close()
        _running.pop("playwright").stop()
    return result


def _expected_api_refusal(message) -> bool:
    """Chromium logs every 4xx fetch as a console error; an API answering 400/413/422 to bad input is
    the page working (it shows the message), not a page error. 404s and 5xx still fail the test."""
    url = (message.location or {}).get("url", "")
    return (message.text.startswith("Failed to load resource: the server responded with a status of 4")
            and "/api/" in url and any(f"status of {c}" in message.text for c in (400, 413, 422)))


def _recorded_page(browser, live_server, **context_options):
    """A fresh page (own context, so no shared local storage) that records console errors; the test
    fails if any appear. Relative URLs resolve against the live server (`page.goto("/")`)."""
    # Reduced motion: the page then changes state instantly (no transitions or staggered reveals), so
    # tests wait for states instead of sleeping through animations.
    context = browser.new_context(base_url=live_server, reduced_motion="reduce", **context_options)
    pg = context.new_page()
    errors = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" and not _expected_api_refusal(m) else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, f"console errors: {errors}"


@pytest.fixture
def page(browser, live_server):
    """A laptop-sized page (1400×900)."""
    yield from _recorded_page(browser, live_server, viewport={"width": 1400, "height": 900})


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-sized touch page (390×844, as the issues measure phones)."""
    yield from _recorded_page(browser, live_server, viewport={"width": 390, "height": 844},
                              is_mobile=True, has_touch=True)


def save_screenshot(pg, name: str) -> Path:
    """Saves a screenshot of a key state under tests/browser/screenshots/ for people to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=False)
    return path
