"""The help panel (Help button and ? key in every view, Escape closes, focus comes back, both
languages) and the downloads (SVG that parses and holds the node labels, PNG, the API's JSON), in a
real Chromium against the live API."""
import json
import re
import struct
import xml.etree.ElementTree as ET

import pytest

from .conftest import save_screenshot

SVG = "{http://www.w3.org/2000/svg}"
FIG_6_15 = "/?source=L%20%3D%20c*(a%2B2*b)&values=%7B%22a%22%3A3%2C%22b%22%3A1%2C%22c%22%3A-2%7D"


def help_dialog(page):
    return page.locator("dialog#help-dialog")


def open_page_with_help(page, url="/"):
    """The page once its help panel is mounted: main.js imports help.js after the first render, and the
    header's Help button (in the template) does nothing before that, so a test that pressed it or ? at
    once could miss the panel (or pass a "does not open" check for that reason)."""
    page.goto(url)
    page.wait_for_selector("#help-button[aria-controls='help-dialog']", state="attached")


def test_help_opens_from_the_button_and_closes_with_escape(page):
    open_page_with_help(page)
    button = page.locator("#help-button")
    assert button.get_attribute("aria-haspopup") == "dialog"
    button.click()
    dialog = help_dialog(page)
    dialog.wait_for(state="visible")
    text = dialog.inner_text()
    # The textbook's figure 6.16 words, and every term on screen.
    assert "takes an upstream gradient" in text and "local gradient" in text and "downstream gradient" in text
    for term in ("Node", "Edge", "value", "upstream gradient", "local gradient", "downstream gradient",
                 "layer view", "scalar view", "ReLU", "Training", "Practice", "/api/v1/network"):
        assert term in text, term
    for key in ("←", "→", "Space", "Home", "End"):
        assert dialog.locator("kbd", has_text=key).count() >= 1, key
    assert dialog.get_by_role("link", name=re.compile("API documentation")).get_attribute("href") == "/docs"
    save_screenshot(page, "help-panel")
    # Focus is inside the panel and stays there on Tab.
    assert page.evaluate("document.activeElement.id") == "help-close"
    for _ in range(3):
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('#help-dialog')")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.id") == "help-button"


# Each view once it has loaded what it loads: practice focuses its first answer field when its exercise
# arrives, and a ? typed into that field is just a character.
VIEW_READY = {"explorer": "#view-explorer [data-node-id]", "training": "#train-run:enabled",
              "practice": "#practice-questions li[data-state='current']"}


def test_question_mark_opens_help_in_every_view(page):
    open_page_with_help(page)
    for view in ("explorer", "training", "practice"):
        page.click(f"#tab-{view}")
        page.wait_for_selector(VIEW_READY[view])
        page.locator("body").click(position={"x": 5, "y": 5})
        page.keyboard.press("?")
        help_dialog(page).wait_for(state="visible")
        page.keyboard.press("Escape")
        help_dialog(page).wait_for(state="hidden")
    # The close button closes it too.
    page.keyboard.press("?")
    page.locator("#help-close").click()
    help_dialog(page).wait_for(state="hidden")


def test_closing_help_gives_the_focus_back_at_once(page):
    # Left on the closed panel until its close event, a key pressed right after Escape (→, or ? again)
    # went to the panel, which stops keys from acting behind it, and was lost.
    open_page_with_help(page)
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("?")
    help_dialog(page).wait_for(state="visible")
    focused = page.evaluate("""() => {
        document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
        return document.activeElement.id;  // in the same task as Escape: no close event has run yet
    }""")
    assert focused == "help-button"
    page.keyboard.press("?")
    help_dialog(page).wait_for(state="visible")
    page.locator("#help-close").click()
    help_dialog(page).wait_for(state="hidden")
    assert page.evaluate("document.activeElement.id") == "help-button"


def test_question_mark_while_typing_is_just_a_character(page):
    open_page_with_help(page)
    field = page.locator("#view-explorer :is(input[type=text], textarea):visible").first
    field.wait_for()
    field.click()
    page.keyboard.press("?")
    assert not help_dialog(page).is_visible()


def test_help_speaks_chinese(page):
    open_page_with_help(page)
    page.click("#lang-toggle")
    assert page.locator("#help-button").inner_text() == "帮助"
    page.click("#help-button")
    text = help_dialog(page).inner_text()
    assert "上游梯度" in text and "局部梯度" in text and "下游梯度" in text and "链式法则" in text
    save_screenshot(page, "help-panel-zh")


def _fig_6_15_graph(page):
    page.goto(FIG_6_15)
    page.locator('[data-node-id="L"]').first.wait_for()
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("End")


def _download(page, name, tmp_path):
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(name)).first.click()
    download = info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    return download.suggested_filename, path


def test_svg_download_parses_and_holds_the_node_labels(page, tmp_path):
    _fig_6_15_graph(page)
    filename, path = _download(page, "SVG", tmp_path)
    assert filename.endswith(".svg")
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    assert not list(root.iter(f"{SVG}foreignObject"))
    text = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    for label in ("a", "b", "c", "L"):
        assert re.search(rf"(^|\s){label}(\s|$)", text), (label, text[:300])
    # Styles are inlined: something is filled with a colour, not left to the page's stylesheet.
    fills = {el.get("fill") for el in root.iter() if el.get("fill")}
    assert fills - {"none", "rgb(0, 0, 0)"}, fills
    assert not any(el.get("class") for el in root.iter())


def test_png_download_is_a_png_of_the_graph(page, tmp_path):
    _fig_6_15_graph(page)
    filename, path = _download(page, "PNG", tmp_path)
    assert filename.endswith(".png")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    box = page.evaluate("""async () => {
        const { exportBox } = await import('/static/js/explorer/export.js');
        let svg = document.querySelector('#view-explorer [data-node-id]').ownerSVGElement;
        while (svg.ownerSVGElement) svg = svg.ownerSVGElement;
        return exportBox(svg);
    }""")
    # The whole drawing at twice its on-screen size (scale 2), for sharp text.
    assert abs(width - 2 * box["width"]) <= 2 and abs(height - 2 * box["height"]) <= 2
    assert len(data) > 2000  # not a blank canvas


def test_json_download_is_the_api_answer(page, tmp_path):
    _fig_6_15_graph(page)
    filename, path = _download(page, "JSON", tmp_path)
    assert filename.endswith(".json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["gradients"] == {"a": -2, "b": -4, "c": 5}
    assert {n["id"] for n in data["nodes"]} >= {"a", "b", "c", "L"}


def test_serialize_svg_inlines_styles_and_turns_katex_into_text(page):
    """export.serializeSvg on a hand-made SVG: CSSOM styles become attributes, a KaTeX formula in a
    foreignObject becomes <text> with sub/superscripts, display:none parts are dropped."""
    page.goto("/")
    out = page.evaluate("""async () => {
        const { serializeSvg } = await import('/static/js/explorer/export.js');
        const katex = await (await import('/static/js/katex.js')).loadKatex();
        const NS = 'http://www.w3.org/2000/svg';
        const svg = document.createElementNS(NS, 'svg');
        svg.setAttribute('width', '200'); svg.setAttribute('height', '100');
        const circle = document.createElementNS(NS, 'circle');
        circle.setAttribute('class', 'node'); circle.setAttribute('r', '10');
        circle.style.fill = 'rgb(0, 128, 128)'; circle.style.stroke = 'rgb(213, 94, 0)';
        const gone = document.createElementNS(NS, 'rect');
        gone.style.display = 'none';
        const fo = document.createElementNS(NS, 'foreignObject');
        fo.setAttribute('x', '20'); fo.setAttribute('y', '10'); fo.setAttribute('width', '60'); fo.setAttribute('height', '30');
        const div = document.createElement('div');
        fo.append(div);
        katex.render('w^{[1]}_{12}', div);
        svg.append(circle, gone, fo);
        document.body.append(svg);
        const text = serializeSvg(svg);
        svg.remove();
        return text;
    }""")
    root = ET.fromstring(out.split("?>", 1)[1])
    circle = root.find(f"{SVG}circle")
    assert circle.get("fill") == "rgb(0, 128, 128)" and circle.get("stroke") == "rgb(213, 94, 0)"
    assert circle.get("class") is None and circle.get("style") is None
    assert root.find(f"{SVG}foreignObject") is None
    assert len([r for r in root.iter(f"{SVG}rect")]) == 1  # the background only
    text = root.find(f"{SVG}text")
    spans = [(s.text, s.get("baseline-shift")) for s in text.iter(f"{SVG}tspan")]
    assert spans == [("w", None), ("[1]", "super"), ("12", "sub")]
    assert float(text.get("x")) == 50 and float(text.get("y")) == 25


def test_export_shows_the_whole_drawing_whatever_the_pan_and_zoom(page):
    """A zoomed-out, panned layer (d3-zoom's transform) is exported whole at zoom 1, its transform
    dropped; a zoomed-in one keeps its zoom; things outside the layer (a zoom catcher) are left out."""
    page.goto("/")
    out = page.evaluate("""async () => {
        const { serializeSvg } = await import('/static/js/explorer/export.js');
        const NS = 'http://www.w3.org/2000/svg';
        const make = (zoom) => {
            const svg = document.createElementNS(NS, 'svg');
            svg.setAttribute('width', '300'); svg.setAttribute('height', '200');
            const catcher = document.createElementNS(NS, 'rect');
            catcher.setAttribute('width', '300'); catcher.setAttribute('height', '200'); catcher.setAttribute('class', 'catcher');
            const layer = document.createElementNS(NS, 'g');
            layer.setAttribute('transform', `translate(-500,40) scale(${zoom})`);
            const rect = document.createElementNS(NS, 'rect');
            rect.setAttribute('x', '100'); rect.setAttribute('y', '50'); rect.setAttribute('width', '1000'); rect.setAttribute('height', '400');
            layer.append(rect);
            svg.append(catcher, layer);
            document.body.append(svg);
            const text = serializeSvg(svg);
            svg.remove();
            return text;
        };
        return [make(0.1), make(2)];
    }""")
    for text, zoom in zip(out, (1, 2)):
        root = ET.fromstring(text.split("?>", 1)[1])
        vb = [float(v) for v in root.get("viewBox").split()]
        # The content box (100, 50, 1000 × 400) with 16 screen pixels of padding.
        pad = 16 / zoom
        assert vb == pytest.approx([100 - pad, 50 - pad, 1000 + 2 * pad, 400 + 2 * pad], abs=1e-3)
        assert float(root.get("width")) == pytest.approx((1000 + 2 * pad) * zoom, abs=1)
        layer = root.find(f"{SVG}g")
        assert layer.get("transform") is None
        rects = list(root.iter(f"{SVG}rect"))
        assert len(rects) == 2  # the background and the drawing; the catcher is gone
