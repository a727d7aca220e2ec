"""Teachers' tools in a real browser (issue 16): the printable worksheet with its answer key (read back
from the PDF with pdftotext) and projector mode. One browser context per screen size, reduced motion,
no sleeps: every wait is for a state the page announces."""
import re
import shutil
import subprocess
import urllib.parse

import pytest

from tests.browser.conftest import save_screenshot

FIG_615 = {"source": "d = 2*b\ne = a + d\nL = c*e", "values": '{"a":3,"b":1,"c":-2}'}
PDFTOTEXT = shutil.which("pdftotext")
SIGNED = re.compile(r"[−-]\s?\d+(?:\.\d+)?")


def link(**keys):
    return "/?" + urllib.parse.urlencode(keys)


@pytest.fixture(scope="module")
def context(browser, live_server):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=live_server, reduced_motion="reduce",
                              accept_downloads=True)
    yield ctx
    ctx.close()


@pytest.fixture
def sheet(context):
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield pg
    pg.close()
    assert not errors, errors


def pdf_pages(pg, tmp_path):
    """The page printed to A4 as pdftotext reads it, one string per page."""
    pdf = tmp_path / "sheet.pdf"
    pg.emulate_media(media="print")
    pg.pdf(path=str(pdf), format="A4")
    pg.emulate_media(media="screen")
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout)[1])
    return [subprocess.run([PDFTOTEXT, "-layout", "-f", str(k), "-l", str(k), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout for k in range(1, count + 1)], pdf


@pytest.mark.skipif(PDFTOTEXT is None or shutil.which("pdfinfo") is None, reason="poppler-utils is not installed")
def test_figure_6_15_worksheet_prints_blanks_first_and_the_key_from_a_new_page(sheet, tmp_path):
    sheet.goto(link(worksheet=1, **FIG_615))
    sheet.wait_for_selector(".worksheet[data-ready]")
    # 3 values (d, e, L), 6 upstream gradients, local + downstream on the 5 edges not from the constant.
    assert sheet.locator(".worksheet-boxes li").count() == 19
    pages, pdf = pdf_pages(sheet, tmp_path)
    assert len(pages) >= 2
    first = pages[0]
    assert "Worksheet:" in first and "Answer key" not in first
    # Nothing computed on the sheet: the only signed number is the input c = −2.
    assert set(SIGNED.findall(first)) == {"−2"}, SIGNED.findall(first)
    assert "−10" not in first and "−4" not in first and "value 5" not in first
    assert "(19)" in first.replace(" ", "") or "(19)" in pages[1]
    key_start = next(k for k, text in enumerate(pages) if "Answer key" in text)
    assert key_start >= 1, "the key starts on a page of its own"
    key = "\n".join(pages[key_start:])
    assert re.search(r"value\s+−10", key), "L = −10 in the key's graph"
    answers = {int(m[1]): m[2] for m in re.finditer(r"^\s*\((\d+)\)\s+(\S+)", key, re.M)}
    assert answers[3] == "−10"                               # L's value
    assert (answers[15], answers[19], answers[9]) == ("−2", "−4", "5")  # ∂L/∂a, ∂L/∂b, ∂L/∂c
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")], check=True)


def test_figure_6_18_worksheet_asks_the_weights_not_the_data(sheet):
    """As practice: no box for ∂L/∂x or ∂L/∂y nor on the five edges from the data (13 values + 64
    gradients, the TikZ export's 77 blanks), and the drawing shows x1, x2, y with their values only."""
    sheet.goto(link(worksheet=1, exercise="fig6.18"))
    sheet.wait_for_selector(".worksheet[data-ready]")
    assert sheet.locator(".worksheet-sheet .worksheet-boxes li").count() == 77
    whats = sheet.eval_on_selector_all(".worksheet-sheet .worksheet-what", "els => els.map((e) => e.textContent)")
    assert not [w for w in whats if re.search(r"x₁|x₂|\by\b", w)], whats
    data = sheet.eval_on_selector_all(".worksheet-sheet .worksheet-svg :is([data-node-id='x1'], [data-node-id='x2'], [data-node-id='y'])",
                                      "gs => gs.map((g) => [g.dataset.grad, g.textContent])")
    assert data and all(grad == "" and "grad" not in text for grad, text in data), data
    assert sheet.get_attribute(".worksheet-sheet .worksheet-svg [data-node-id='w1_11']", "data-grad").endswith("____")
    sheet.locator(".worksheet-sheet .worksheet-graph").scroll_into_view_if_needed()
    save_screenshot(sheet, "worksheet-fig618-no-data-blanks")


# Every node box (title, value and grad lines; an edge label has two) of every worksheet drawing: its width and whether its texts lie inside it.
NODE_BOXES = """() => [...document.querySelectorAll('.worksheet-svg')].flatMap((svg) => [...svg.querySelectorAll('rect')]
  .filter((r) => r.parentNode.querySelectorAll(':scope > text').length === 3).map((rect) => { // title, value, grad
    const box = rect.getBBox();
    const texts = [...rect.parentNode.querySelectorAll('text')].map((t) => ({ text: t.textContent, b: t.getBBox() }));
    const opacity = (el) => (el && el !== svg ? Number(getComputedStyle(el).opacity) * opacity(el.parentElement) : 1);
    return { width: rect.getBoundingClientRect().width, opacity: opacity(rect),
      texts: texts.map((t) => t.text).join(' | '),
      inside: texts.every(({ b }) => b.x >= box.x - 0.5 && b.x + b.width <= box.x + box.width + 0.5) };
  }))"""


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_worksheet_nodes_are_drawn_whole_with_their_blanks(browser, live_server, motion):
    # The stage is drawn and copied at once: with motion, nodes entering at opacity 0 were copied so.
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=live_server, reduced_motion=motion)
    pg = ctx.new_page()
    try:
        pg.goto(link(worksheet=1, exercise="fig6.15"))
        pg.wait_for_selector(".worksheet[data-ready]")
        boxes = pg.evaluate(NODE_BOXES)
        # Sheet and key each draw a, b, c, the constant 2, d, e and L.
        assert len(boxes) == 14, boxes
        for box in boxes:
            assert box["width"] > 40 and box["opacity"] == 1 and box["inside"], box
        sheet_text = " ".join(b["texts"] for b in boxes[:7])
        for n in (1, 2, 3, 4):  # the value blanks (1)–(3) and L's upstream gradient (4)
            assert f"({n}) ____" in sheet_text, sheet_text
        assert "value −10" in " ".join(b["texts"] for b in boxes[7:]), "the key's graph has the numbers"
        if motion == "no-preference":
            pg.locator(".worksheet-sheet .worksheet-graph").scroll_into_view_if_needed()
            save_screenshot(pg, "worksheet-fig615-nodes")
    finally:
        ctx.close()


def test_a_worksheet_link_without_an_input_is_figure_6_15(sheet):
    sheet.goto("/?worksheet=1&lang=zh")  # the explorer's links leave its default example out
    sheet.wait_for_selector(".worksheet[data-ready]")
    assert sheet.locator(".worksheet-boxes li").count() == 19
    assert "L = c*e" in sheet.text_content(".worksheet-sheet h1")


def test_worksheet_in_chinese_and_from_a_practice_set(sheet):
    sheet.goto(link(worksheet=1, exercise="level1", seed=7, count=2, lang="zh"))
    sheet.wait_for_selector(".worksheet[data-ready]")
    assert sheet.locator(".worksheet-sheet").count() == 2 and sheet.locator(".worksheet-key").count() == 2
    assert sheet.text_content(".worksheet-sheet h1").startswith("练习单")
    assert sheet.text_content(".worksheet-key h1").startswith("答案")
    save_screenshot(sheet, "worksheet-zh")


SMALLEST_NODE_TEXT = """() => Math.min(...[...document.querySelectorAll('#view-explorer .node text')]
  .filter((t) => t.textContent.trim()).map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a))"""


@pytest.fixture(scope="module")
def projector(browser, live_server):
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, base_url=live_server, reduced_motion="reduce")
    pg = ctx.new_page()
    pg.goto("/?present=1")
    pg.wait_for_selector("#view-explorer [data-node-id='L']")
    pg.wait_for_selector(".present-bar[data-step='0']")
    yield pg
    ctx.close()


def test_projector_mode_at_1080p_has_large_text_and_steps_with_page_down(projector):
    pg = projector
    pg.wait_for_function(f"() => ({SMALLEST_NODE_TEXT})() >= 24")
    assert pg.is_hidden(".explorer-input") and pg.is_hidden(".topbar"), "no side panels"
    pg.keyboard.press("PageDown")
    pg.keyboard.press("PageDown")
    pg.wait_for_selector(".present-bar[data-step='2']")
    assert "Forward step 2" in pg.text_content(".step-panel"), "the caption explains the current step"
    pg.keyboard.press("PageUp")
    pg.wait_for_selector(".present-bar[data-step='1']")
    for _ in range(11):
        pg.keyboard.press("ArrowRight")  # one step per press: the timeline does not step a second time
    pg.wait_for_selector(".present-bar[data-step='12']")
    assert pg.evaluate(SMALLEST_NODE_TEXT) >= 24, "stepping keeps the text large"
    save_screenshot(pg, "projector-fig615")
    pg.keyboard.press("b")
    assert pg.is_visible(".present-blank")
    pg.keyboard.press("PageDown")  # a blanked screen does not step
    pg.keyboard.press("b")
    assert pg.is_hidden(".present-blank") and pg.get_attribute(".present-bar", "data-step") == "12"
    pg.keyboard.press("Escape")
    pg.wait_for_selector("body:not(.is-presenting)")
    assert pg.is_visible(".explorer-input") and "present" not in pg.url


def test_the_export_menu_offers_latex(sheet):
    sheet.goto("/")
    sheet.wait_for_selector("#view-explorer [data-node-id='L']")
    with sheet.expect_download() as download:
        sheet.click("[data-export='tex']")
    assert download.value.suggested_filename.endswith(".tex")
    tex = open(download.value.path(), encoding="utf-8").read()
    assert tex.startswith("\\documentclass") and "$L = -10$" in tex and "\\partial b} = -4$" in tex
    # The same menu opens this graph's worksheet in a new tab.
    with sheet.context.expect_page() as opened:
        sheet.click("[data-export='worksheet']")
    opened.value.wait_for_selector(".worksheet[data-ready]")
    assert opened.value.locator(".worksheet-boxes li").count() == 19
    opened.value.close()


def test_practice_on_a_phone_has_no_sideways_scroll(phone_page):
    pg = phone_page
    # A level set: the seed and count fields and both links are in the picker bar too.
    pg.goto("/?view=practice&exercise=level2&seed=7&count=3")
    pg.wait_for_selector("#practice-questions li[data-state='current']")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    assert pg.get_attribute("#practice-share", "href") == "?view=practice&exercise=level2&seed=7&count=3"
    assert pg.get_attribute("#practice-worksheet", "href") == "?worksheet=1&exercise=level2&seed=7&count=3"
    save_screenshot(pg, "practice-390")
    # The graph box takes its drawing's height: the graph and the first question's field fit on one
    # screen (the field was 1184 px down, below a 604 px box), and the node asked about is in the box.
    pg.goto("/?view=practice&exercise=fig6.15")
    pg.wait_for_selector("#practice-questions li[data-state='current']")
    # The box is sized after the first fit and the drawing fitted again when the resize is seen.
    pg.wait_for_function("""() => {
      const g = document.querySelector('#practice-graph').getBoundingClientRect();
      const n = document.querySelector("#practice-graph [data-node-id='L'] .node-box")?.getBoundingClientRect();
      return n && n.top >= g.top && n.bottom <= g.bottom && n.left >= g.left && n.right <= g.right && g.height < 500;
    }""")
    places = pg.evaluate("""() => {
      const box = (s) => document.querySelector(s).getBoundingClientRect();
      const nodes = [...document.querySelectorAll('#practice-graph .node-box')].map((r) => r.getBoundingClientRect());
      return { graph: box('#practice-graph'), field: box("#practice-questions li[data-state='current'] input"),
               node: box("#practice-graph [data-node-id='L'] .node-box"),
               drawn: Math.max(...nodes.map((r) => r.bottom)) - Math.min(...nodes.map((r) => r.top)) };
    }""")
    graph, field, node = places["graph"], places["field"], places["node"]
    assert graph["height"] <= 0.5 * 844, graph
    assert graph["height"] - places["drawn"] <= 100, f"{graph['height']:.0f} px box for {places['drawn']:.0f} px of nodes"
    assert field["bottom"] - graph["top"] <= 844, f"graph and answer field do not fit one screen: {graph}, {field}"
    assert graph["left"] <= node["left"] and node["right"] <= graph["right"], (graph, node)
    assert graph["top"] <= node["top"] and node["bottom"] <= graph["bottom"], (graph, node)
    save_screenshot(pg, "practice-390-fig615")


def test_a_link_to_practise_the_explorers_graph_waits_for_it_through_the_store(sheet):
    # Nothing is computed when practice asks: it subscribes to the explorer's store and starts when
    # the explorer's answer arrives (no polling, no time limit).
    sheet.goto("/?view=practice&exercise=explorer&source=x*x%2B3*x&values=%7B%22x%22%3A2%7D")
    sheet.wait_for_selector("#practice-questions li[data-state='current']")
    assert sheet.get_attribute("#practice-questions li[data-state='current']", "data-question").endswith("|upstream")
    assert sheet.locator("#practice-status.is-error").count() == 0
