"""Browser-test fixtures: a live uvicorn on a free loopback port and a Playwright page in a real
headless Chromium (the system one where it exists) that fails the test on any console error.

`page` (laptop-sized) comes from one browser profile per test process, kept between tests: its HTTP
cache holds the page's immutable static files and the code V8 compiled from them, so a test loads the
page as a returning student does (~0.2 s) instead of fetching and compiling ~45 files cold (~0.5 s).
Each test still starts with no cookies and no local storage (the page's only state in the browser: the
language and practice progress). A test that changes its context (offline, routes, permissions) or
needs a first visit with nothing cached makes its own: `browser.new_context(...)`."""
import os
import shutil
import sys
import tempfile
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


def _playwright():
    if "playwright" not in _running:
        sync_api = pytest.importorskip("playwright.sync_api")
        _running["playwright"] = sync_api.sync_playwright().start()
    return _running["playwright"]


@pytest.fixture(scope="module")
def browser():
    """One Chromium for all browser tests run in a row by this process (launching takes ~1 s)."""
    if "browser" not in _running:
        _running["browser"] = _playwright().chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_FLAGS)
    return _running["browser"]


# The laptop-sized page of every test: viewport, and reduced motion (the page then changes state
# instantly, with no transitions or staggered reveals, so tests wait for states instead of sleeping).
MOTION = {"reduced_motion": "reduce"}
LAPTOP = {"viewport": {"width": 1400, "height": 900}, **MOTION}


@pytest.fixture(scope="module")
def profile(live_server):
    """This process's kept browser profile (a persistent context in a temporary folder) for `page`."""
    if "profile" not in _running:
        _running["profile_dir"] = tempfile.TemporaryDirectory(prefix="backprop-browser-")
        _running["profile"] = _playwright().chromium.launch_persistent_context(
            _running["profile_dir"].name, executable_path=_chromium_path(), args=CHROMIUM_FLAGS,
            base_url=live_server, **LAPTOP)
    return _running["profile"]


def _stop_browsers():
    if "profile" in _running:
        _running.pop("profile").close()
        _running.pop("profile_dir").cleanup()
    if "browser" in _running:
        _running.pop("browser").close()
    _running.pop("playwright").stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Stops Playwright once no browser test follows. Its sync API marks the thread's asyncio loop as
    running for as long as it lives, so a later test's asyncio.run() or anyio.run() (tests/app) would
    refuse to start; with pytest-xdist a worker runs app and browser test files in any order."""
    result = yield  # the test's own fixtures (its pages and contexts) are closed by now
    if _running and not _is_browser_test(nextitem):
        _stop_browsers()
    return result


def _expected_api_refusal(message) -> bool:
    """Chromium logs every 4xx fetch as a console error; an API answering 400/413/422 to bad input is
    the page working (it shows the message), not a page error. 404s and 5xx still fail the test."""
    url = (message.location or {}).get("url", "")
    return (message.text.startswith("Failed to load resource: the server responded with a status of 4")
            and "/api/" in url and any(f"status of {c}" in message.text for c in (400, 413, 422)))


def _failed_on_purpose(message, urls) -> bool:
    """A failed load of a URL the test fails itself (`@pytest.mark.failing_requests(url, …)`)."""
    url = (message.location or {}).get("url", "")
    return message.text.startswith("Failed to load resource") and any(u in url for u in urls)


def _recording_errors(pg, request):
    """Yields `pg`, then fails the test if the page logged a console error or threw."""
    marker = request.node.get_closest_marker("failing_requests")
    failing = marker.args if marker else ()
    errors = []

    def expected(m) -> bool:
        return _expected_api_refusal(m) or _failed_on_purpose(m, failing)
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" and not expected(m) else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    try:
        yield pg
    finally:
        pg.close()
    assert not errors, f"console errors: {errors}"


def fresh_page(profile, origin: str):
    """A new page in the kept profile after its cookies and `origin`'s local storage are cleared."""
    pg = profile.new_page()
    profile.clear_cookies()
    cdp = profile.new_cdp_session(pg)
    cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "local_storage"})
    cdp.detach()
    return pg


@pytest.fixture
def page(profile, live_server, request):
    """A laptop-sized page (1400×900) in the kept profile, with no cookies and no local storage.
    Relative URLs resolve against the live server (`page.goto("/")`)."""
    kept = set(profile.pages)
    pg = fresh_page(profile, live_server)
    try:
        yield from _recording_errors(pg, request)
    finally:  # what the test opened from it too (a worksheet tab, a popup): nothing runs on into the next
        for opened in set(profile.pages) - kept:
            opened.close()


@pytest.fixture
def phone_page(browser, live_server, request):
    """A phone-sized touch page (390×844, as the issues measure phones), in a context of its own
    (a phone's touch and mobile viewport are the context's)."""
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True, **MOTION)
    try:
        yield from _recording_errors(context.new_page(), request)
    finally:
        context.close()


def requests_seen(pg):
    """Returns once every request `pg` started so far has been reported to the test: the page fetches
    /healthz and the test waits for that request, which Chromium reports after every earlier one. A
    definite event for checks that an action sent nothing, instead of sleeping and hoping."""
    with pg.expect_request(lambda r: r.url.endswith("/healthz")):
        pg.evaluate("() => { fetch('/healthz'); }")


def save_screenshot(pg, name: str) -> Path:
    """Saves a screenshot of a key state under tests/browser/screenshots/ for people to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=False)
    return path
