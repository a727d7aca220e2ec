"""The explorer page after a user test: what the test found, each checked in a real Chromium.
(The `page` fixture fails a test on any console error, so a NaN transform fails it too.)"""
import json
import re
import urllib.parse

from playwright.sync_api import expect

from .conftest import save_screenshot

MINUS = "\u2212"



def settle(page):
    """Two animation frames: with reduced motion (conftest) every transition is instant, so the page
    has drawn its final state by then."""
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")

def set_source(page, text):
    page.evaluate("""(t) => { const s = document.querySelector('textarea.expr-source'); s.value = t;
        s.dispatchEvent(new Event('input', {bubbles: true})); }""", text)


def open_source(page, source, values):
    page.goto("/?" + urllib.parse.urlencode({"source": source, "values": json.dumps(values)}))
    page.wait_for_selector('#view-explorer [data-node-id]')
    page.wait_for_function("() => document.querySelector('.ctl-forward') && !document.querySelector('.ctl-forward').disabled")


def viewport_transform(page):
    return page.evaluate("() => document.querySelector('#view-explorer svg.graph .viewport').getAttribute('transform') ?? ''")


def test_a_graph_too_big_to_draw_says_so_and_fit_and_zoom_stay_finite(page):
    big = " + ".join(f"x*{i}" for i in range(1, 3000))  # ~6,000 nodes: computed, too many to draw
    open_source(page, "c(a+2b)", {"a": 3, "b": 1, "c": -2})
    set_source(page, big)
    page.wait_for_function("() => !document.querySelector('.graph-empty').hidden", timeout=60000)
    assert "5000" in page.text_content(".graph-empty")
    for button in (".fit", ".zoom-in", ".zoom-out", ".fit"):
        page.click(button)
    settle(page)  # past any transition
    assert "NaN" not in viewport_transform(page)
    # The user can go on: a small expression draws again, fitted with finite numbers.
    set_source(page, "L = c*(a+2*b)")
    page.wait_for_selector('#view-explorer svg.graph [data-node-id="L"]')
    page.wait_for_function("() => document.querySelector('.graph-empty').hidden")
    settle(page)
    transform = viewport_transform(page)
    assert "NaN" not in transform and "scale(" in transform


def test_a_misspelt_function_shows_the_apis_did_you_mean(page):
    open_source(page, "c(a+2b)", {"a": 3, "b": 1, "c": -2})
    set_source(page, "sigmod(x)")
    page.wait_for_selector(".expr-error:not([hidden])")
    error = page.text_content(".expr-error")
    assert "sigmod" in error and "sigmoid" in error, error
    # The misspelt name is not made a variable (the engine says it is an unknown function).
    names = page.eval_on_selector_all(".variable-rows label.variable-name", "(els) => els.map((e) => e.textContent.trim())")
    assert "sigmod" not in names, names
    save_screenshot(page, "fixes-02-typo")
    # The textbook's c(a+2b) still reads c as a variable.
    set_source(page, "c(a+2b)")
    page.wait_for_selector('#view-explorer [data-node-id="c"]')
    page.wait_for_selector(".expr-error", state="hidden")


PLAIN_LAYER_ID = re.compile(r"(?<![\w\[])[WwbzaL]\d(_\d+)?(?![\w\]])")  # w1_11, z2: ids, not the textbook's symbols


def open_figure_618(page):
    open_source(page, "c(a+2b)", {"a": 3, "b": 1, "c": -2})
    with page.expect_response(lambda r: r.url.endswith("/api/v1/network") and r.status == 200):
        page.click('[data-preset="fig618"]')
    page.wait_for_selector('#view-explorer [data-node-id="w1_11"]')


def test_labels_use_the_textbooks_symbols(page):
    open_figure_618(page)
    title = page.text_content('[data-node-id="w1_11"] .node-title')
    assert title.startswith("w[1]₁₁"), title
    assert page.text_content('[data-node-id="z2_1"] .node-title').startswith("z[2]₁")
    assert page.get_attribute('[data-node-id="w1_11"]', "aria-label").startswith("w[1]₁₁")
    page.keyboard.press("End")
    grads = page.text_content(".gradient-list")
    assert "∂L/∂w[1]₁₁ =" in grads and "∂L/∂b[2]₁ =" in grads, grads
    assert not PLAIN_LAYER_ID.search(grads), grads
    # Every backward heading names nodes by their symbols (w1_11's step is among the last ones).
    for _ in range(8):
        page.keyboard.press("ArrowLeft")
        heading = page.text_content(".step-body .step-heading")
        assert not PLAIN_LAYER_ID.search(heading), heading
        words = page.evaluate("""() => { const body = document.querySelector('.step-body').cloneNode(true);
            body.querySelectorAll('.math').forEach((m) => m.remove()); return body.textContent; }""")
        assert not PLAIN_LAYER_ID.search(words), words
    save_screenshot(page, "fixes-03-textbook-labels")


def graph_text(page):
    return page.text_content("#view-explorer svg.graph")


def test_constants_show_their_value_but_no_gradient(page):
    open_source(page, "c(a+2b)", {"a": 3, "b": 1, "c": -2})
    constant = page.evaluate("""() => [...document.querySelectorAll('#view-explorer [data-node-id]')]
        .find((el) => el.classList.contains('kind-constant')).dataset.nodeId""")
    page.keyboard.press("End")
    page.wait_for_function("() => document.querySelector('[data-node-id=\"a\"]').dataset.grad")
    box = page.text_content(f'[data-node-id="{constant}"]')
    assert "value 2" in box and "grad" not in box, box
    assert "grad" not in page.get_attribute(f'[data-node-id="{constant}"]', "aria-label")
    labelled = page.eval_on_selector_all("#view-explorer g.edge-label", "(els) => els.map((e) => e.dataset.edgeId)")
    sources = page.eval_on_selector_all("#view-explorer path.edge", "(els) => els.map((e) => [e.dataset.edgeId, e.dataset.source])")
    assert labelled and all(source != constant for edge, source in sources if edge in labelled), (labelled, sources)
    assert "∂L/∂2" not in page.text_content(".gradient-list")
    # The constant's own backward step says in words why it has none.
    for _ in range(8):
        heading = page.text_content(".step-body .step-heading") or ""
        if heading.endswith(": 2"):
            break
        page.keyboard.press("ArrowLeft")
    body = page.text_content(".step-body")
    assert "constant" in body and "∂L" not in body, body
    save_screenshot(page, "fixes-04-constant")


def test_a_squares_exponent_shows_no_nan(page):
    open_source(page, "(a-y)^2", {"a": 0.2, "y": 1})
    page.keyboard.press("End")
    page.wait_for_function("() => document.querySelector('[data-node-id=\"a\"]').dataset.grad")
    assert "NaN" not in graph_text(page)
    for _ in range(6):  # every backward step's panel
        assert "NaN" not in page.text_content(".step-body"), page.text_content(".step-body")
        page.keyboard.press("ArrowLeft")
    save_screenshot(page, "fixes-04-square")


def test_big_numbers_keep_their_integer_digits(page):
    open_source(page, "L = a*b", {"a": -98765.4321, "b": 1})
    page.keyboard.press("End")
    page.wait_for_function("() => document.querySelector('[data-node-id=\"b\"]').dataset.grad")
    assert f"value {MINUS}98765.4" in page.text_content('[data-node-id="a"]')
    assert f"grad {MINUS}98765.4" in page.text_content('[data-node-id="b"]')
    assert f"∂L/∂b = {MINUS}98765.4" in page.text_content(".gradient-list")
    shown = graph_text(page) + page.text_content(".gradient-list")
    assert "98770" not in shown and "9.877" not in shown
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # b's or a's backward step: the numbers in the formula
    tex = page.eval_on_selector_all(".step-body [data-tex]", "(els) => els.map((e) => e.dataset.tex).join(' ')")
    assert "98765.4" in tex and "98770" not in tex, tex


def test_phone_width_header_fits_and_nothing_overflows(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        open_source(page, "c(a+2b)", {"a": 3, "b": 1, "c": -2})
        settle(page)
        wide = page.evaluate("""() => [document.documentElement.scrollWidth,
            [...document.querySelectorAll('.topbar *, #view-explorer *')].filter((el) => el.getClientRects().length
              && el.getBoundingClientRect().right > window.innerWidth + 0.5 && !el.closest('svg, .katex')
              // inside a row that scrolls sideways on its own (the view tools): reached by scrolling it
              && !(el.parentElement && getComputedStyle(el.parentElement).overflowX === 'auto'
                   && el.parentElement.getBoundingClientRect().right <= window.innerWidth + 0.5))
              .map((el) => el.tagName + '.' + el.className).slice(0, 8)]""")
        assert wide[0] <= 390 and not wide[1], wide
        lang = page.locator("#lang-toggle").bounding_box()
        help_button = page.locator("#help-button").bounding_box()
        assert lang["height"] <= help_button["height"] + 1, "中文 stays on one line"
        save_screenshot(page, "fixes-06-phone")
    finally:
        context.close()
    assert not errors, errors


LABEL_OVERLAPS = """() => {
    const boxes = [...document.querySelectorAll('#view-explorer g.edge-label text')].map((t) => [t.closest('g').dataset.edgeId, t.getBoundingClientRect()]);
    const out = [];
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, p] = boxes[i]; const [b, q] = boxes[j];
      const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (w > 1 && h > 1) out.push([a, b]);
    }
    return [boxes.length, out]; }"""


def test_edge_labels_do_not_stack_and_have_a_halo(page):
    for source, values in (("x*x + 3*x", {"x": 2}), ("c(a+2b)", {"a": 3, "b": 1, "c": -2}),
                           ("p = softmax(z)\nL = ce(p, y)", {"z": [2, 1, 0.1], "y": [1, 0, 0]}),
                           ("x*x*x + x*y + y*x + 2*x", {"x": 2, "y": 3})):
        open_source(page, source, values)
        page.keyboard.press("End")
        settle(page)  # labels move into place
        count, overlaps = page.evaluate(LABEL_OVERLAPS)
        assert count >= 2 and not overlaps, (source, overlaps)
    save_screenshot(page, "fixes-07-labels")
    open_source(page, "p = softmax(z)\nL = ce(p, y)", {"z": [2, 1, 0.1], "y": [1, 0, 0]})
    page.keyboard.press("End")
    settle(page)
    covered = page.evaluate("""() => {
        const boxes = (sel) => [...document.querySelectorAll(sel)].map((el) => el.getBoundingClientRect());
        const nodes = boxes('#view-explorer .node-box');
        return boxes('#view-explorer g.edge-label text').filter((p) => nodes.some((q) =>
          Math.min(p.right, q.right) - Math.max(p.left, q.left) > 2 && Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 2)).length; }""")
    assert covered == 0, "a tensor's edge label (its rule) fits between the columns"
    # softmax's local is a 3×3 Jacobian: its label is the op table's rule, not the Jacobian's shape
    assert "local diag(p) − p pᵀ" in page.text_content("#view-explorer g.edge-labels")
    halo = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('g.edge-label text'));
        return [s.paintOrder, s.stroke, parseFloat(s.strokeWidth)]; }""")
    # 7 px left the curve visible above and below the thin "←" and in the space after it (seen at 3x
    # zoom, session 3): 10 px covers the arrow glyph's whole row.
    assert halo[0].startswith("stroke") and halo[1] == "rgb(255, 255, 255)" and halo[2] >= 9, halo


def test_figure_618_edge_labels_do_not_stack(page):
    open_figure_618(page)
    page.keyboard.press("End")
    settle(page)
    count, overlaps = page.evaluate(LABEL_OVERLAPS)
    assert count > 10 and not overlaps, overlaps


def test_a_backward_step_of_figure_618_is_shown_whole_and_in_view(page):
    open_figure_618(page)
    total = int(re.search(r"of (\d+)", page.text_content(".ctl-status") or page.text_content("#view-explorer")).group(1))
    page.keyboard.press("End")
    for _ in range(total // 2 - 1):  # to backward step 2 (z[2]₁ sends to three inputs)
        page.keyboard.press("ArrowLeft")
    settle(page)  # the smooth scroll
    panel = page.evaluate("""() => { const p = document.querySelector('.step-panel'); const r = p.getBoundingClientRect();
        return { clipped: p.scrollHeight > p.clientHeight + 1, top: r.top, bottom: r.bottom, height: innerHeight,
                 edges: p.querySelectorAll('.step-edge').length }; }""")
    assert panel["edges"] >= 2, panel
    assert not panel["clipped"], f"the step is cut inside its box: {panel}"
    assert panel["top"] >= 0 and panel["bottom"] <= panel["height"], f"the step is not in view: {panel}"
    save_screenshot(page, "fixes-08-step-in-view")


def test_loading_a_page_does_not_scroll_to_the_step_panel(page):
    open_source(page, "c(a+2b)", {"a": 3, "b": 1, "c": -2})
    settle(page)
    assert page.evaluate("() => window.scrollY") == 0


def test_the_step_buttons_stay_on_screen_when_the_panel_scrolls_into_view(page):
    open_figure_618(page)
    page.keyboard.press("End")
    for _ in range(24):
        page.keyboard.press("ArrowLeft")
    settle(page)
    assert page.evaluate("() => window.scrollY") > 0, "the test needs a step that scrolls the page"
    box = page.locator("#view-explorer .ctl-forward").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 900, box
    assert page.evaluate("""() => { const b = document.querySelector('#view-explorer .ctl-forward').getBoundingClientRect();
        return document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2)?.closest('.ctl-forward') !== null; }""")
    save_screenshot(page, "fixes-08-sticky-toolbar")


# Every g.node in the drawing with its id hook (null while it fades out) and its computed opacity.
NODE_ELEMENTS = """() => [...document.querySelectorAll('#view-explorer svg.graph g.node')]
    .map((g) => [g.getAttribute('data-node-id'), Number(getComputedStyle(g).opacity)])"""


def test_a_graph_that_comes_back_while_the_last_one_fades_out_is_drawn_whole(page):
    open_source(page, "c(a+2b)", {"a": 3, "b": 1, "c": -2})
    ids = sorted(page.eval_on_selector_all("#view-explorer [data-node-id]", "(els) => els.map((e) => e.dataset.nodeId)"))
    settle(page)  # past the first drawing's fade-in
    # Another graph, then the first again before the 400 ms fade-out of its nodes has ended.
    set_source(page, "x*x + 3*x")
    page.wait_for_selector('#view-explorer [data-node-id="x"]')
    # While a node fades out it is out of the graph's hooks: tests and scripts read only what is drawn.
    hooked = [i for i, _ in page.evaluate(NODE_ELEMENTS) if i is not None]
    assert "a" not in hooked and "x" in hooked, hooked
    set_source(page, "c(a+2b)")
    page.wait_for_selector('#view-explorer [data-node-id="a"]')
    settle(page)  # past every transition
    nodes = page.evaluate(NODE_ELEMENTS)
    # Each node once, fully opaque: no half-faded copy whose removal was still pending.
    assert sorted(i for i, _ in nodes) == ids, nodes
    assert all(opacity == 1 for _, opacity in nodes), nodes


def test_an_input_error_labels_the_graph_as_the_last_input_that_worked(page):
    # The student's typo keeps the last graph on screen (dimmed) so the steps stay comparable, but it
    # must not pass for the graph of what is typed now: a label says so, and that input's warnings go.
    open_source(page, "log(x - 5)", {"x": 1})
    page.wait_for_selector("#view-explorer .warnings:not([hidden])")
    source = page.locator("#view-explorer .expr-source")
    source.fill("c(a+2b")
    label = page.locator("#view-explorer .graph-area .graph-stale-label")
    expect(label).to_have_text("Stale: this graph is of the last input that worked. Fix the input to update it.")
    expect(page.locator("#view-explorer .graph-area")).to_have_class(re.compile(r"\bis-stale\b"))
    assert page.locator("#view-explorer .warnings").is_hidden()
    page.click("#lang-toggle")
    expect(label).to_have_text("已过时：此图属于上一次有效的输入。修正输入后图会更新。")
    assert page.locator("#view-explorer .warnings").is_hidden(), "a language change brought the old warnings back"
    page.click("#lang-toggle")
    source.fill("c*(a+2*b)")
    expect(label).to_have_count(0)
    expect(page.locator("#view-explorer .graph-area")).not_to_have_class(re.compile(r"\bis-stale\b"))


def test_a_stale_network_graph_is_still_labelled_after_a_trip_to_expression_mode(page):
    # Tryout: a bad field in the network form labelled its graph stale; after Expression and back to
    # Network the field still showed its error but the graph was drawn as current, Step forward enabled.
    from .test_network_form import open_network_form
    page.goto("/")
    open_network_form(page)
    page.locator('#view-explorer [data-node-id="w1_11"]').wait_for()
    page.get_by_label("Input x (JSON)").fill("[1, 0.5")
    label = page.locator("#view-explorer .graph-area .graph-stale-label")
    expect(label).to_contain_text("Stale")
    page.locator("#view-explorer .mode-button[data-mode='expression']").click()
    expect(label).to_have_count(0)  # the expression's graph is not the network's
    page.locator('#view-explorer [data-node-id="L"]').wait_for()
    expect(page.locator("#view-explorer .graph-area")).to_have_attribute("aria-busy", "false")
    page.locator("#view-explorer .mode-button[data-mode='network']").click()
    page.locator('#view-explorer [data-node-id="w1_11"]').wait_for()
    # Labelled as it is drawn again (no request is made: the form's fields cannot be sent).
    assert label.count() == 1 and "Stale" in label.inner_text()
    expect(page.locator("#view-explorer .graph-area")).to_have_class(re.compile(r"\bis-stale\b"))


def test_an_expression_with_a_bad_field_is_still_labelled_stale_after_a_trip_to_network_mode(page):
    # The network form used to clear the stale label whenever its panel was hidden, a moment after the
    # explorer had labelled the expression's graph (its field holds no number) on coming back.
    open_source(page, "c*(a+2*b)", {"a": 3, "b": 1, "c": -2})
    page.fill('#view-explorer .variable[data-variable="a"] .variable-number', "")
    label = page.locator("#view-explorer .graph-area .graph-stale-label")
    expect(label).to_contain_text("Stale")
    page.locator("#view-explorer .mode-button[data-mode='network']").click()
    page.locator('#view-explorer [data-node-id="w1_11"]').wait_for()
    page.locator("#view-explorer .mode-button[data-mode='expression']").click()
    expect(label).to_contain_text("Stale")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")  # a later task
    expect(label).to_contain_text("Stale", timeout=1)
