"""Practice mode in a real Chromium: figure 6.15 answered by keyboard to a full score, a wrong answer's
first hint, revealing an answer after the hints, the same seed giving the same exercise, progress
surviving a reload, the explorer's graph as an exercise, and the Chinese UI."""
import json
import re

import pytest

from tests.browser.conftest import fresh_page, save_screenshot

FIG_6_15 = "/?view=practice&exercise=fig6.15"
# The textbook's numbers (figures 6.15-6.17): L = c·e, e = a + d, d = 2·b with a = 3, b = 1, c = −2.
UPSTREAM = {"L": 1, "c": 5, "e": -2, "d": -2, "b": -4, "a": -2}
LOCAL = {("L", "c"): 5, ("L", "e"): -2, ("e", "a"): 1, ("e", "d"): 1, ("d", "b"): 2}
DOWNSTREAM = {("L", "c"): 5, ("L", "e"): -2, ("e", "a"): -2, ("e", "d"): -2, ("d", "b"): -4}
CURRENT = "#practice-questions li[data-state='current']"


def textbook_answer(row: dict) -> float:
    kind, node, source = row["kind"], row["node"], row.get("input")
    if kind == "upstream":
        return UPSTREAM[node]
    return (LOCAL if kind == "local" else DOWNSTREAM)[(node, source)]


def current_row(page) -> dict | None:
    handle = page.query_selector(CURRENT)
    if handle is None:
        return None
    return page.evaluate("(li) => ({...li.dataset})", handle)


def answer_current(page, text: str):
    """Types into the focused field and presses Enter, as a keyboard-only learner would."""
    focused = page.evaluate("() => document.activeElement?.closest('li')?.dataset.question ?? null")
    row = current_row(page)
    assert focused == row["question"], "focus should be on the current answer field"
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def open_practice(page, url=FIG_6_15):
    page.goto(url)
    page.wait_for_selector(CURRENT)
    page.click(f"{CURRENT} input")  # the learner starts by clicking (or tabbing to) the first field


def finish_with_textbook_answers(page):
    seen = 0
    while (row := current_row(page)) is not None:
        before = row["question"]
        answer_current(page, f"{textbook_answer(row):g}")
        page.wait_for_function(
            "(key) => document.querySelector(\"#practice-questions li[data-state='current']\")?.dataset.question !== key",
            arg=before)
        seen += 1
        assert seen < 40, "the walk should end"
    return seen


def test_figure_6_15_to_a_full_score_by_keyboard(page):
    open_practice(page)
    assert "exercise=fig6.15" in page.url
    # Values shown, gradients hidden at the start.
    assert page.get_attribute("#practice-graph [data-node-id='a']", "data-value") == "3"
    assert page.get_attribute("#practice-graph [data-node-id='a']", "data-grad") in ("", None)
    save_screenshot(page, "practice-fig615-start")
    answered = finish_with_textbook_answers(page)
    assert answered == 16  # 6 upstream + 5 local + 5 downstream (the constant 2's edge is skipped)
    score = page.locator("#practice-score")
    score.wait_for()
    assert score.get_attribute("data-correct") == score.get_attribute("data-total") == "16"
    assert page.locator(".practice-perfect").is_visible()
    grads = {n: float(page.get_attribute(f"#practice-graph [data-node-id='{n}']", "data-grad")) for n in "abc"}
    assert grads == {"a": -2.0, "b": -4.0, "c": 5.0}
    assert page.evaluate("() => document.activeElement?.tagName") == "H3", "focus moves to the result"
    save_screenshot(page, "practice-fig615-done")


def test_a_wrong_answer_gives_the_first_hint_and_no_progress(page):
    open_practice(page)
    progress = page.text_content("#practice-progress")
    answer_current(page, "7")  # ∂L/∂L is 1
    page.wait_for_selector("#practice-hints li[data-step='1']")
    assert page.locator("#practice-hints li").count() == 1
    assert current_row(page)["question"] == "L|upstream"
    assert page.text_content("#practice-progress") == progress
    assert "is-wrong" in page.get_attribute("#practice-feedback", "class")
    assert page.is_disabled("#practice-reveal"), "the answer is only shown after every hint"
    assert page.get_attribute("#practice-graph [data-node-id='L']", "data-grad") in ("", None)
    # Not a number: told what to type, no hint used up.
    page.fill(f"{CURRENT} input", "")
    answer_current(page, "abc")
    page.wait_for_function("() => document.querySelector('#practice-feedback').textContent.includes('1/4')")
    assert page.locator("#practice-hints li").count() == 1
    save_screenshot(page, "practice-fig615-hint")
    # −4 vs −4.1: near misses fail, rounding noise passes.
    page.fill(f"{CURRENT} input", "")
    answer_current(page, "1.0000001")
    page.wait_for_function("() => document.querySelector(\"#practice-questions li[data-state='current']\")?.dataset.question !== 'L|upstream'")


def test_revealing_an_answer_marks_the_step_as_helped(page):
    open_practice(page)
    page.click("#practice-hint")
    page.click("#practice-hint")
    assert page.is_disabled("#practice-reveal")
    page.click(f"{CURRENT} input")
    answer_current(page, "2")  # the third hint comes with the second wrong guess
    page.wait_for_selector("#practice-hints li[data-step='3']")
    assert page.is_enabled("#practice-reveal")
    assert page.is_disabled("#practice-hint")
    save_screenshot(page, "practice-fig615-all-hints")
    page.click("#practice-reveal")
    page.wait_for_selector("#practice-questions li[data-question='L|upstream'][data-state='revealed']")
    assert page.get_attribute("#practice-graph [data-node-id='L']", "data-grad") == "1"
    assert page.evaluate("() => document.activeElement?.closest('li')?.dataset.state") == "current"
    finish_with_textbook_answers(page)
    page.locator("#practice-score").wait_for()
    assert page.get_attribute("#practice-score", "data-correct") == "15"
    helped = page.locator("#practice-helped li")
    assert helped.count() == 1 and helped.first.get_attribute("data-question") == "L|upstream"
    save_screenshot(page, "practice-fig615-helped")


def graph_numbers(page):
    page.wait_for_selector(CURRENT)
    return page.evaluate(
        "() => [...document.querySelectorAll('#practice-graph [data-node-id]')]"
        ".map((g) => [g.dataset.nodeId, g.dataset.value]).sort()")


@pytest.fixture(scope="module")
def other_student(browser, live_server):
    """Another student's browser: a context of its own (nothing shared with `page`'s profile), opened
    once for the module; each use starts on a page with its local storage cleared."""
    context = browser.new_context(base_url=live_server)
    yield context
    context.close()


@pytest.mark.parametrize("level", [1, 2, 3])
def test_the_same_seed_gives_the_same_exercise(page, other_student, live_server, level):
    url = f"/?view=practice&exercise=level{level}&seed=4242"
    page.goto(url)
    first = graph_numbers(page)
    assert len(first) >= 5
    other = fresh_page(other_student, live_server)
    try:
        other.goto(url)
        assert graph_numbers(other) == first
        other.goto(f"/?view=practice&exercise=level{level}&seed=4243")
        assert graph_numbers(other) != first
    finally:
        other.close()
    if level == 3:
        save_screenshot(page, "practice-level3")


def test_choosing_a_level_and_seed_puts_them_in_the_url(page):
    open_practice(page)
    page.select_option("#practice-exercise", "level2")
    page.fill("#practice-seed", "-5")
    page.click("#practice-start")
    page.wait_for_selector("#practice-status.is-error")
    assert "4294967295" in page.text_content("#practice-status")
    assert page.get_attribute("#practice-seed", "aria-invalid") == "true"
    assert "exercise=fig6.15" in page.url
    page.fill("#practice-seed", "31")
    page.click("#practice-start")
    page.wait_for_function("() => location.search.includes('exercise=level2') && location.search.includes('seed=31')")
    page.wait_for_function("() => document.querySelector('#practice-title').textContent.startsWith('Level 2')")
    # The previous exercise's nodes fade out for a moment: wait until exactly the API's nodes are drawn.
    expected = page.request.post("/api/v1/exercise", data={"level": 2, "seed": 31}).json()
    ids = sorted(n["id"] for n in expected["graph"]["nodes"])
    page.wait_for_function(
        "(ids) => JSON.stringify([...document.querySelectorAll('#practice-graph [data-node-id]')]"
        ".map((g) => g.dataset.nodeId).sort()) === JSON.stringify(ids)", arg=ids)
    numbers = graph_numbers(page)
    page.goto("/?view=practice&exercise=level2&seed=31")
    assert graph_numbers(page) == numbers
    save_screenshot(page, "practice-level2")


def test_the_class_link_follows_the_picker_before_start(page):
    open_practice(page)
    # Opened on its own (the explorer view not loaded), the graph still has its words.
    assert "value 3" in page.text_content("#practice-graph")
    assert not re.search(r"\b(explorer|graph|practice)\.[a-z]", page.text_content(".practice")), "no raw string keys"
    page.select_option("#practice-exercise", "level2")
    page.fill("#practice-seed", "7")
    page.fill("#practice-count", "5")
    # Not started: the exercise open is still figure 6.15, but the links are those of the set picked.
    assert "exercise=fig6.15" in page.url
    assert page.get_attribute("#practice-share", "href") == "?view=practice&exercise=level2&seed=7&count=5"
    assert page.get_attribute("#practice-worksheet", "href") == "?worksheet=1&exercise=level2&seed=7&count=5"
    page.hover("#practice-share")
    save_screenshot(page, "practice-picked-link")
    page.select_option("#practice-exercise", "fig6.18")
    assert page.get_attribute("#practice-share", "href") == "?view=practice&exercise=fig6.18"


def test_a_reload_keeps_progress(page):
    open_practice(page)
    for _ in range(3):
        row = current_row(page)
        answer_current(page, f"{textbook_answer(row):g}")
        page.wait_for_function(
            "(key) => document.querySelector(\"#practice-questions li[data-state='current']\")?.dataset.question !== key",
            arg=row["question"])
    answer_current(page, "99")  # a wrong try on the fourth: one hint used
    page.wait_for_selector("#practice-hints li[data-step='1']")
    where = current_row(page)["question"]
    page.reload()
    page.wait_for_selector(CURRENT)
    assert current_row(page)["question"] == where
    assert page.locator("#practice-hints li").count() == 1
    assert page.get_attribute("#practice-graph [data-node-id='L']", "data-grad") == "1"
    stored = page.evaluate("() => Object.keys(localStorage).filter((k) => k.includes('practice'))")
    assert any(k.endswith("fig6.15") for k in stored)


def test_chinese_ui(page):
    open_practice(page)
    page.click("#lang-toggle")
    page.wait_for_function("() => document.querySelector('#practice-check').textContent === '检查'")
    assert re.search(r"[\u4e00-\u9fff]", page.text_content("#practice-progress"))
    page.click(f"{CURRENT} input")
    answer_current(page, "3")
    page.wait_for_selector("#practice-hints li")
    assert re.search(r"[\u4e00-\u9fff]", page.text_content("#practice-hints"))
    save_screenshot(page, "practice-zh")
    page.click("#lang-toggle")


def test_a_checked_answer_with_every_hint_is_not_cut_off_on_a_laptop(page):
    """1400×900, Chinese: after a wrong answer and all three hints the panel is taller than the graph.
    It used to be a box of the graph's height that scrolled within itself, showing the newest hint with
    the title cut off above and no scroll bar; now it holds all it has and the page scrolls, the graph
    staying in view beside it."""
    open_practice(page, FIG_6_15 + "&lang=zh")
    answer_current(page, "7")
    page.wait_for_selector("#practice-hints li[data-step='1']")
    for step in (2, 3):
        page.click("#practice-hint")
        page.wait_for_selector(f"#practice-hints li[data-step='{step}']")
    panel = page.evaluate("""() => {
        const p = document.querySelector('#practice-panel');
        const last = document.querySelector('#practice-hints li:last-child').getBoundingClientRect();
        const box = p.getBoundingClientRect();
        return {scroll: p.scrollHeight, client: p.clientHeight, lastBottom: last.bottom, panelBottom: box.bottom};
    }""")
    assert panel["scroll"] <= panel["client"] + 1, f"the panel hides part of its content: {panel}"
    assert panel["lastBottom"] <= panel["panelBottom"], panel
    # Scrolled to the panel's end, the graph beside it is still on screen.
    page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    assert page.evaluate("scrollY") > 0
    graph = page.locator("#practice-graph").bounding_box()
    assert graph["y"] >= 0 and graph["y"] + graph["height"] <= 900, graph
    save_screenshot(page, "practice-zh-hints")


def test_the_live_region_narrates_answers(page):
    open_practice(page)
    answer_current(page, "1")
    page.wait_for_function("() => document.querySelector('#live').textContent.includes('∂L/∂c')")
    assert "1" in page.text_content("#live")


def test_practise_the_explorers_graph(page):
    values = json.dumps({"x": 2})
    page.goto(f"/?source=x*x%2B3*x&values={values}")
    page.wait_for_selector("#view-explorer [data-node-id='x']")
    page.click("#tab-practice")
    page.click("#practice-from-explorer")
    page.wait_for_selector(CURRENT)
    assert "exercise=explorer" in page.url
    # d/dx (x² + 3x) at x = 2 is 7: x fans out, the upstream is a sum.
    while (row := current_row(page)) is not None and not (row["kind"] == "upstream" and row["node"] == "x"):
        page.click("#practice-hint")
        page.click("#practice-hint")
        page.click("#practice-hint")
        page.click("#practice-reveal")
        page.wait_for_function(
            "(key) => document.querySelector(\"#practice-questions li[data-state='current']\")?.dataset.question !== key",
            arg=row["question"])
    page.click(f"{CURRENT} input")
    answer_current(page, "6")
    page.wait_for_selector("#practice-hints li")
    page.click("#practice-hint")
    page.click("#practice-hint")
    assert "feeds 3 edges" in page.text_content("#practice-hints li[data-step='1']")
    assert page.locator("#practice-hints li").count() == 3
    page.fill(f"{CURRENT} input", "7")
    page.press(f"{CURRENT} input", "Enter")
    page.locator("#practice-score").wait_for()


def test_on_a_phone_an_exercise_that_fails_to_load_leaves_its_error_not_an_unpainted_body(phone_page):
    """A phone keeps the body (graph and questions) unpainted until its first drawing; when the exercise
    fails to load there is none: the error stands alone, in the page's words, with the answer's own
    hint, and the next exercise that loads is painted."""
    pg = phone_page
    detail = {"error": "TimeBudgetExceeded", "message": "This needs more work than the server allows per request (5 s).",
              "code": "time_budget", "params": {"seconds": "5"}, "hint": "Make the program smaller.",
              "hint_code": "hint_make_smaller", "hint_params": {}}
    pg.route("**/api/v1/exercise", lambda route: route.fulfill(status=400, content_type="application/json",
                                                               body=json.dumps({"detail": detail})))
    pg.goto(FIG_6_15)
    pg.wait_for_selector("#practice-status.is-error")
    status = pg.inner_text("#practice-status")
    assert "(5 s). Make the program smaller: fewer nodes" in status and "seed" not in status, status
    body = pg.locator(".practice-body")
    assert body.is_hidden()
    # Nothing to scroll to below the error (the unpainted body took 830 px there).
    assert pg.evaluate("document.documentElement.scrollHeight <= innerHeight")
    save_screenshot(pg, "practice-390-load-error")
    pg.unroute("**/api/v1/exercise")
    pg.click("#practice-start")
    pg.wait_for_selector(CURRENT)
    pg.wait_for_function("() => getComputedStyle(document.querySelector('.practice-body')).visibility === 'visible'")
    assert pg.inner_text("#practice-status") == ""
