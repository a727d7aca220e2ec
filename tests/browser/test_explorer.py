"""The explorer page in a real Chromium against the live API: figure 6.15 stepped forward and back,
inline parse errors, new variables, the Chinese toggle, keyboard, URL state and narration."""
import json
import re
import urllib.parse

import pytest

from .conftest import save_screenshot

FIG_615_VALUES = {"a": 3, "b": 1, "c": -2}
FIG_615_SOURCE = "d = 2*b\ne = a + d\nL = c*e"  # figure 6.15 as the textbook writes it
FIG_615_URL = "/?" + urllib.parse.urlencode({"source": FIG_615_SOURCE, "values": json.dumps(FIG_615_VALUES)})
MINUS = "\u2212"



def settle(page):
    """Two animation frames: with reduced motion (conftest) every transition is instant, so the page
    has drawn its final state by then."""
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")

def hooks(page):
    """{node id: (data-value, data-grad)} for every drawn node, in document order."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#view-explorer [data-node-id]')]
        .map((el) => [el.dataset.nodeId, [el.dataset.value ?? '', el.dataset.grad ?? '']]))""")


def open_figure(page, url=FIG_615_URL):
    page.goto(url)
    page.wait_for_selector('#view-explorer [data-node-id]')
    page.wait_for_function("() => document.querySelector('.ctl-forward') && !document.querySelector('.ctl-forward').disabled")


def step(page, direction="forward"):
    live_before = page.text_content("#live")
    page.click(f".ctl-{direction}")
    return live_before


def live_text(page, previous=None):
    """The live region's sentence once it is written (announce clears it first, then sets it)."""
    page.wait_for_function("(prev) => { const t = document.getElementById('live').textContent; return t && t !== prev; }",
                           arg=previous)
    return page.text_content("#live")


def test_figure_615_forward_then_backward(page):
    open_figure(page)
    start = hooks(page)
    assert set(start) >= {"a", "b", "c", "L"}
    assert all(v == "" and g == "" for v, g in start.values()), "nothing is revealed before the first step"
    save_screenshot(page, "explorer-00-start")

    # Forward: each step reveals exactly one new value, in topological order (inputs before users).
    edges = page.evaluate("""() => [...document.querySelectorAll('#view-explorer path.edge')]
        .map((p) => [p.dataset.source, p.dataset.target])""")
    assert len(edges) >= 6
    n_nodes = len(start)
    revealed = []
    sentence = ""
    for k in range(n_nodes):
        step(page)
        now = hooks(page)
        new = [i for i, (v, _) in now.items() if v and i not in revealed]
        assert len(new) == 1, f"forward step {k + 1} revealed {new}"
        revealed.append(new[0])
        assert all(g == "" for _, g in now.values()), "no gradient during the forward pass"
        sentence = live_text(page, sentence)
        assert sentence.startswith(page.evaluate(
            "(id) => document.querySelector(`[data-node-id=\"${id}\"] .node-title`).textContent.split(' = ')[0]", new[0]))
    assert float(hooks(page)["L"][0]) == -10
    assert "value" in page.text_content('[data-node-id="L"]') and f"{MINUS}10" in page.text_content('[data-node-id="L"]')
    # Topological: every edge's source was revealed before its target.
    order = {node: i for i, node in enumerate(revealed)}
    assert set(order) == set(start)
    for source, target in edges:
        assert order[source] < order[target], (source, target)
    save_screenshot(page, "explorer-01-forward-done")

    # Backward: one node per step gains its gradient, the output first.
    grads_seen = []
    for k in range(n_nodes):
        step(page)
        now = hooks(page)
        new = [i for i, (_, g) in now.items() if g and i not in grads_seen]
        assert len(new) == 1, f"backward step {k + 1} revealed {new}"
        grads_seen.append(new[0])
        sentence = live_text(page, sentence)
        if k == 1:
            save_screenshot(page, "explorer-02-backward")
    assert grads_seen[0] == "L"
    final = hooks(page)
    assert float(final["a"][1]) == -2
    assert float(final["b"][1]) == -4
    assert float(final["c"][1]) == 5
    gradients = page.text_content(".gradient-list")
    for text in (f"∂L/∂a = {MINUS}2", f"∂L/∂b = {MINUS}4", "∂L/∂c = 5"):
        assert text in gradients
    assert f"grad {MINUS}4" in page.text_content('[data-node-id="b"]')
    assert page.is_disabled(".ctl-forward")
    save_screenshot(page, "explorer-03-backward-done")

    # Step back hides the last gradient revealed, and only that one.
    last = grads_seen[-1]
    step(page, "back")
    after = hooks(page)
    assert after[last][1] == ""
    assert all(after[i][1] != "" for i in grads_seen[:-1])

    # Reset clears every value and gradient.
    page.click(".ctl-reset")
    assert all(v == "" and g == "" for v, g in hooks(page).values())
    assert page.text_content(".gradient-list") == ""


def test_backward_step_explains_upstream_local_downstream(page):
    open_figure(page, "/?" + urllib.parse.urlencode({"source": "d = 2b\ne = a + d\nL = c*e",
                                                      "values": json.dumps(FIG_615_VALUES), "step": "10"}))
    # Steps 8, 9, 10 are L, then c and e (backward order); position 10 is restored from the URL.
    page.wait_for_function("() => document.querySelector('#explorer-scrubber').value === '10'")
    panel = page.text_content(".step-panel")
    heading = page.text_content(".step-heading")
    node = heading.rsplit(": ", 1)[1]
    assert node in {"c", "e"}
    if node == "e":
        assert "upstream gradient arrives at e" in panel
        assert page.locator(".step-edge").count() == 2
        live = page.text_content("#live")
        assert live == "" or "e receives upstream gradient" in live
    # KaTeX rendered the formulas into elements (not left as TeX source).
    page.wait_for_selector(".step-panel .katex")  # typeset once KaTeX (loaded on first use) has arrived
    page.set_viewport_size({"width": 1400, "height": 1120})  # tall enough for the whole step panel
    settle(page)  # the fit-to-screen and reveal animations settle
    save_screenshot(page, "explorer-04-step-panel")


def test_parse_error_shows_at_the_reported_column(page):
    open_figure(page)
    editor = page.get_by_label("Expression", exact=True)
    editor.fill("a + * b")
    error = page.locator(".expr-error")
    error.wait_for(state="visible")
    assert "Line 1, column 5" in error.text_content()
    assert error.get_attribute("data-column") == "5"
    caret = page.text_content(".expr-error-excerpt")
    lines = caret.split("\n")
    assert lines[0] == "a + * b"
    assert lines[1] == "    ^"
    assert lines[0][lines[1].index("^")] == "*"
    assert editor.get_attribute("aria-invalid") == "true"
    save_screenshot(page, "explorer-05-parse-error")
    # Fixing it clears the error and draws the new graph.
    editor.fill("a + b")
    error.wait_for(state="hidden")
    page.wait_for_selector('#view-explorer [data-node-id="b"]')


def test_typing_a_new_variable_just_works(page):
    open_figure(page)
    editor = page.get_by_label("Expression", exact=True)
    editor.fill("d = 2*b\ne = a + d\nL = c*e + k")
    page.wait_for_selector('#view-explorer [data-node-id="k"]')
    field = page.locator('[data-variable="k"] input[type="number"]')
    assert field.input_value() == "1"
    assert page.locator('[data-variable="a"] input[type="number"]').input_value() == "3"
    # Changing a value recomputes and keeps the step position.
    page.click(".ctl-end")
    total = int(page.get_attribute("#explorer-scrubber", "max"))
    field.fill("4")
    page.wait_for_function("() => document.querySelector('[data-node-id=\"L\"]').dataset.value === '-6'")  # -2 * 5 + 4
    assert int(page.input_value("#explorer-scrubber")) == total
    assert float(hooks(page)["k"][1]) == 1
    assert "values=" in page.url and "%22k%22%3A4" in page.url


def test_fan_out_sums_the_gradients_it_receives(page):
    open_figure(page, "/?" + urllib.parse.urlencode({"source": "x*x + 3*x", "values": json.dumps({"x": 2})}))
    page.keyboard.press("End")
    assert float(hooks(page)["x"][1]) == 7  # 2x + 3 at x = 2
    assert "sum of the gradients it receives" in page.text_content(".step-panel")
    tex = page.eval_on_selector_all(".step-panel [data-tex]", "els => els.map((e) => e.dataset.tex)")
    assert any(re.search(r"= 2 \+ 2 \+ 3 = 7|= 3 \+ 2 \+ 2 = 7|= 2 \+ 3 \+ 2 = 7", t) for t in tex), tex
    save_screenshot(page, "explorer-06-fan-out")


def test_keyboard_steps_but_not_while_typing(page):
    open_figure(page)
    page.locator(".graph-area").click()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.input_value("#explorer-scrubber") == "2"
    page.keyboard.press("ArrowLeft")
    assert page.input_value("#explorer-scrubber") == "1"
    page.keyboard.press("End")
    assert page.input_value("#explorer-scrubber") == page.get_attribute("#explorer-scrubber", "max")
    page.keyboard.press("Home")
    assert page.input_value("#explorer-scrubber") == "0"
    # Typing in the editor moves the text cursor, not the timeline.
    page.get_by_label("Expression", exact=True).focus()
    page.keyboard.press("ArrowRight")
    assert page.input_value("#explorer-scrubber") == "0"
    # Space plays; playback advances by itself; Space again pauses.
    page.locator(".graph-area").click()
    page.keyboard.press(" ")
    assert page.get_attribute(".ctl-play", "aria-pressed") == "true"
    page.wait_for_function("() => Number(document.querySelector('#explorer-scrubber').value) >= 1")
    page.keyboard.press(" ")
    assert page.get_attribute(".ctl-play", "aria-pressed") == "false"


def test_step_position_lives_in_the_url(page):
    open_figure(page)
    for _ in range(3):
        page.click(".ctl-forward")
    page.wait_for_function("() => location.search.includes('step=3')")
    link = page.url
    page.goto("about:blank")
    page.goto(link)
    page.wait_for_selector('#view-explorer [data-node-id="L"]')
    page.wait_for_function("() => document.querySelector('#explorer-scrubber').value === '3'")
    assert sum(1 for v, _ in hooks(page).values() if v) == 3


def test_chinese_toggle_translates_the_page_and_narration(page):
    open_figure(page)
    page.click("#lang-toggle")
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert page.text_content(".ctl-forward") .strip().endswith("前进一步")
    assert "表达式" in page.text_content(".expression-panel label")
    assert page.text_content("#explorer-gradients-title") == "梯度"
    page.keyboard.press("End")
    for _ in range(6):  # back to the second backward step (after L's own): c or e receives ∂L/∂…
        page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowRight")
    sentence = live_text(page, "")
    assert "∂L/∂" in sentence and ("梯度" in sentence or "收到" in sentence)
    assert "梯度" in page.text_content('[data-node-id="c"]')
    save_screenshot(page, "explorer-07-chinese")
    # Remembered across reloads.
    page.reload()
    page.wait_for_selector('#view-explorer [data-node-id="L"]')
    assert page.get_attribute("html", "lang") == "zh-CN"


def test_controls_are_named_and_reachable_by_keyboard(page):
    open_figure(page)
    for selector in (".ctl-reset", ".ctl-back", ".ctl-play", ".ctl-forward", ".zoom-in", ".zoom-out", ".fit",
                     "#explorer-scrubber", "#explorer-speed", '[data-export="svg"]'):
        name = page.evaluate("""(sel) => { const el = document.querySelector(sel);
            const label = el.getAttribute('aria-label') || el.textContent.trim() || (el.labels && el.labels[0] && el.labels[0].textContent.trim());
            return label; }""", selector)
        assert name, selector
    # Tab reaches Step forward from the page start.
    page.locator("body").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('ctl-forward')"):
            break
    else:
        pytest.fail("Step forward is not reachable with Tab")
    page.keyboard.press("Enter")
    assert page.input_value("#explorer-scrubber") == "1"


def test_reduced_motion_changes_state_instantly(page):
    page.emulate_media(reduced_motion="reduce")
    open_figure(page)
    page.keyboard.press("End")
    # No transitions: the nodes' final numbers are there immediately, and no CSS animation runs.
    assert float(hooks(page)["a"][1]) == -2
    running = page.evaluate("() => document.getAnimations().length")
    assert running == 0


def test_figure_618_network_preset_draws_parameters_in_teal(page):
    open_figure(page)
    with page.expect_response(lambda r: r.url.endswith("/api/v1/network") and r.status == 200):
        page.click('[data-preset="fig618"]')
    page.wait_for_selector('#view-explorer [data-node-id="w1_11"]')
    assert "kind-parameter" in page.get_attribute('[data-node-id="w1_11"]', "class")
    assert "kind-input" in page.get_attribute('[data-node-id="x1"]', "class")
    teal = page.evaluate("""() => getComputedStyle(document.querySelector('[data-node-id="w1_11"] .node-box')).stroke""")
    assert teal == "rgb(11, 116, 118)"  # --color-param, AA contrast as text
    page.keyboard.press("End")
    assert hooks(page)["w1_11"][1] != ""
    assert "mode=network" in page.url
    save_screenshot(page, "explorer-08-figure-6-18")


def test_graph_is_redrawn_in_place_not_recreated(page):
    """Keyed joins: changing a value keeps the same node elements (so they can transition)."""
    open_figure(page)
    page.evaluate("() => { window.__nodeA = document.querySelector('[data-node-id=\"a\"]'); }")
    page.locator('[data-variable="a"] input[type="number"]').fill("5")
    page.wait_for_function("() => document.querySelector('[data-node-id=\"L\"] .node-title') && "
                           "location.search.includes('%22a%22%3A5')")
    page.click(".ctl-end")
    page.wait_for_function("() => document.querySelector('[data-node-id=\"L\"]').dataset.value === '-14'")
    assert page.evaluate("() => window.__nodeA === document.querySelector('[data-node-id=\"a\"]')")


def test_hostile_link_is_shown_as_text_and_answered_with_an_error(page):
    source = '<img src=x onerror="window.__pwned=1">'
    page.goto("/?" + urllib.parse.urlencode({"source": source, "values": "[1, {\"a\": 2}]", "step": "-7",
                                             "params": "{\"x\": 1}", "speed": "1e9"}))
    error = page.locator(".expr-error")
    error.wait_for(state="visible")
    assert page.input_value(".expr-source") == source
    assert page.evaluate("() => window.__pwned === undefined && !document.querySelector('img[src=\"x\"]')")
    assert page.input_value("#explorer-speed") == "2"
    # Fixing the input recovers the page.
    page.get_by_label("Expression", exact=True).fill("a*b")
    page.wait_for_selector('#view-explorer [data-node-id="b"]')
    error.wait_for(state="hidden")
