"""What a link opens: the default page is figure 6.15 with the textbook's d, e and L; a link to any
step, in English or Chinese, shows finished words (no raw string key) from its first render."""
import re

from tests.browser.conftest import save_screenshot

RAW_KEY = re.compile(r"\b(?:explorer|app|training|practice|help)\.[a-z][\w]*\.[\w.]+")
FIG_615_STEPS = 14  # 7 nodes (a, 2, b, d, e, c, L): 7 forward steps and 7 backward steps


def visible_text(page):
    return page.evaluate("() => document.querySelector('header').innerText + '\\n' + document.querySelector('#view-explorer').innerText")


def test_the_default_page_is_figure_615_with_d_e_and_L(page):
    page.goto("/")
    page.wait_for_selector('#view-explorer [data-node-id="L"]')
    ids = page.eval_on_selector_all("#view-explorer [data-node-id]", "els => els.map((e) => e.dataset.nodeId)")
    assert {"a", "b", "c", "d", "e", "L"} <= set(ids), ids
    for name in ("d", "e", "L"):  # the node's title names it as the textbook does ("d = 2 × b")
        title = page.text_content(f'#view-explorer [data-node-id="{name}"] text.node-title')
        assert re.match(rf"{name}( =|$)", title), title
    assert page.input_value("textarea.expr-source") == "d = 2*b\ne = a + d\nL = c*e"


# The first render of each kind of step (start, a leaf, an operation, the seed, an edge from a constant,
# the end); that every key exists in both languages is checked for all keys in tests/js/test_explorer_strings.mjs.
LINKED_STEPS = (0, 1, 4, 8, 13, FIG_615_STEPS)


def test_a_link_to_any_step_shows_no_raw_string_key_in_either_language(page):
    for lang in ("en", "zh"):
        for step in LINKED_STEPS:
            page.goto(f"/?step={step}&lang={lang}")
            page.wait_for_selector('#view-explorer [data-node-id="L"]')
            page.wait_for_function("(n) => document.querySelector('.ctl-status')?.textContent.includes(String(n))", arg=step)
            text = visible_text(page)
            assert not RAW_KEY.search(text), (lang, step, RAW_KEY.search(text).group(0))
            if step == 13:
                save_screenshot(page, f"explorer-link-step-13-{lang}")


IN_VIEWPORT = """(sel) => { const b = document.querySelector(sel).getBoundingClientRect();
    return b.top >= 0 && b.left >= 0 && b.bottom <= innerHeight && b.right <= innerWidth && b.height > 0; }"""


def test_on_a_phone_stepping_needs_no_scrolling_and_nothing_scrolls_sideways(phone_page):
    page = phone_page
    page.goto("/?view=explorer")
    page.wait_for_selector('#view-explorer [data-node-id="L"]')
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for step in range(1, 11):
        page.tap(".ctl-forward")
        page.wait_for_function("(n) => document.querySelector('.ctl-status').textContent.includes(`${n} `)", arg=step)
        assert page.evaluate(IN_VIEWPORT, ".ctl-forward"), step
        assert page.evaluate(IN_VIEWPORT, ".step-panel .step-heading"), step
        assert page.evaluate("scrollY") == 0, step
    save_screenshot(page, "explorer-phone-step-10")
    page.goto("/?view=training")
    page.wait_for_selector("#view-training form")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
