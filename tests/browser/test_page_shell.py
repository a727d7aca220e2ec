"""The page shell loads in a real Chromium with no console errors and switches views."""
import sys

import pytest

from tests.browser.conftest import MOTION, fresh_page
from tests.live_server import free_port, serving


def test_page_loads_without_console_errors(page):
    page.goto("/")
    assert page.title() == "Backprop Explorer"
    page.click("#tab-training")
    assert page.get_attribute("#view-training", "hidden") is None
    assert page.get_attribute("#view-explorer", "hidden") is not None
    assert "view=training" in page.url


def test_the_language_is_in_the_link_and_a_stored_preference_fills_in_without_one(page, profile, live_server):
    from urllib.parse import parse_qs, urlparse

    # The teacher's page, then a student's: the kept profile with its cookies and local storage (where
    # the chosen language lives) cleared, as in a browser that has never been here.
    page.goto("/?view=training")
    page.wait_for_selector("#train-run")
    page.click("#lang-toggle")
    assert page.text_content("#train-run") == "训练"
    link = page.url
    assert parse_qs(urlparse(link).query)["lang"] == ["zh"]
    page.click("#lang-toggle")  # back to English: the link says nothing (English is the default)
    assert "lang" not in parse_qs(urlparse(page.url).query)
    page.click("#lang-toggle")

    # A student's browser has never chosen a language: the teacher's link opens in Chinese.
    page = fresh_page(profile, live_server)  # closed with the test's own page
    page.goto(link)
    page.wait_for_selector("#train-run")
    assert page.text_content("#train-run") == "训练"
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    # The student switches to English; a link with no language now opens in their English…
    page.click("#lang-toggle")
    page.goto("/?view=training")
    page.wait_for_selector("#train-run")
    assert page.text_content("#train-run") == "Train"
    # …and one that names a language still wins over the stored choice.
    page.goto(link)
    page.wait_for_selector("#train-run")
    assert page.text_content("#train-run") == "训练"


def test_a_stored_language_is_honoured_when_the_link_has_none(browser, live_server):
    context = browser.new_context(base_url=live_server)
    context.add_init_script("try { localStorage.setItem('backprop-explorer.lang', 'zh'); } catch {}")
    page = context.new_page()
    page.goto("/")
    assert page.text_content("#tab-training") == "训练"
    assert "lang=zh" in page.url  # the link now says what the page shows
    context.close()


def test_each_test_page_starts_with_no_stored_language_though_the_profile_is_kept(profile, live_server):
    # The `page` fixture keeps one browser profile (its cache) for speed: what one test stores (the
    # language in local storage and in its cookie) must not reach the next test's page.
    from tests.browser.conftest import fresh_page
    first = fresh_page(profile, live_server)
    first.goto("/?lang=zh")
    first.wait_for_function("() => localStorage.getItem('backprop-explorer.lang') === 'zh'")
    assert any(c["name"] == "lang" and c["value"] == "zh" for c in profile.cookies())
    first.close()
    second = fresh_page(profile, live_server)
    try:
        served = second.goto("/").text()  # as the server wrote it: it reads the cookie
        assert served.startswith('<!doctype html>\n<html lang="en">')
        assert second.evaluate("() => localStorage.getItem('backprop-explorer.lang')") == "en"
    finally:
        second.close()


# Every control whose name is set apart from its visible words (aria-label) still says those words, so
# a voice-control user can say what they see ("click Present"): WCAG 2.5.3, Lighthouse's
# label-content-name-mismatch. Words only: a symbol such as ← or − is not what anyone says.
LABEL_NOT_IN_NAME = """() => [...document.querySelectorAll('button[aria-label], a[aria-label], [role=tab][aria-label]')]
    .filter((el) => el.checkVisibility())
    .map((el) => [el.textContent.trim(), el.getAttribute('aria-label')])
    .filter(([text, name]) => /\\p{L}/u.test(text) && !name.toLowerCase().includes(text.toLowerCase()))"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_controls_name_says_its_visible_words(page, lang):
    for view in ("explorer", "training", "practice"):
        page.goto(f"/?view={view}&lang={lang}")
        page.wait_for_selector("#present-button")
        page.wait_for_function("() => !document.getElementById('help-button').disabled")
        assert page.evaluate(LABEL_NOT_IN_NAME) == [], view


def test_the_default_page_draws_its_first_graph_with_what_it_arrived_with(page):
    # The op table and the default example's answer come inside the page (app/routers/page.py
    # first_answers): drawing figure 6.15 asks the API nothing; any other source is asked for.
    asked = []
    page.on("request", lambda r: asked.append(r.url.split("/api/v1/")[1]) if "/api/v1/" in r.url else None)
    page.goto("/")
    page.wait_for_function("() => document.querySelector('.ctl-forward') && !document.querySelector('.ctl-forward').disabled")
    for _ in range(3):
        page.click(".ctl-forward")
    # d = 2·b with its numbers substituted: the op table's work (without it the line ends "= 2").
    page.wait_for_function("(tex) => [...document.querySelectorAll('.step-body [data-tex]')].some((e) => e.dataset.tex === tex)",
                           arg=r"d = 2 \cdot b = 2 \cdot 1 = 2")
    page.click(".ctl-end")
    page.wait_for_selector('#view-explorer [data-node-id="L"][data-value="-10"]')
    assert page.get_attribute('#view-explorer [data-node-id="a"]', "data-grad") == "-2"
    assert asked == []
    with page.expect_response("**/api/v1/graph"):
        page.get_by_label("Expression", exact=True).fill("x*x")
    page.wait_for_selector('#view-explorer [data-node-id="x"]')
    # x has no value yet: the engine names it, and the page asks again with x = 1; never the op table.
    assert asked == ["graph", "graph"]


@pytest.fixture(scope="module")
def modules_server():
    """A second server running the modules as written (BACKPROP_BUNDLE=off): the page a developer sees
    right after editing a module, before `make bundle` (every other browser test runs the bundle)."""
    port = free_port()
    argv = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "warning"]
    with serving(argv, port, env={"BACKPROP_BUNDLE": "off"}) as base:
        yield base


def test_the_modules_as_written_run_the_same_page(browser, modules_server):
    context = browser.new_context(base_url=modules_server, viewport={"width": 1400, "height": 900}, **MOTION)
    pg = context.new_page()
    errors = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    try:
        pg.goto("/")
        assert pg.locator('script[type="module"]').get_attribute("src").endswith("/js/main.js")
        pg.wait_for_function("() => document.querySelector('.ctl-end') && !document.querySelector('.ctl-end').disabled")
        pg.click(".ctl-end")
        pg.wait_for_selector('#view-explorer [data-node-id="L"][data-value="-10"]')
        pg.click("#tab-training")
        pg.wait_for_selector("#train-run:not([disabled])")
        pg.click("#tab-practice")
        pg.wait_for_selector("#practice-questions li[data-state='current']")
    finally:
        context.close()
    assert not errors, f"console errors: {errors}"
