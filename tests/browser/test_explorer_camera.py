"""The explorer's camera after a tryout as student and teacher: an edit that grows the graph past the
view refits it (typing a longer line left L cut off at the right), a narrower view refits a graph it
showed whole (network mode's first render, when the page's scroll bar appears), but a reader who
zoomed or panned on purpose keeps their camera; on a phone the graph gets a usable height in both
modes. Reduced motion (conftest), no sleeps."""
import json
import urllib.parse

from .conftest import save_screenshot

FIG_615 = "/?" + urllib.parse.urlencode({"source": "d = 2*b\ne = a + d\nL = c*e", "values": json.dumps({"a": 3, "b": 1, "c": -2}), "lang": "en"})
LONGER = "d = 2*b\ne = a + d + c + a + b + c\nL = c*e"  # the same nodes; e's title is twice as long

# Ids of the nodes whose box is not wholly inside the graph area.
OUTSIDE = """() => {
  const area = document.querySelector('#view-explorer .graph-area').getBoundingClientRect();
  return [...document.querySelectorAll('#view-explorer g.node[data-node-id]')].filter((g) => {
    const r = g.querySelector('.node-box').getBoundingClientRect();
    return r.left < area.left - 1 || r.top < area.top - 1 || r.right > area.right + 1 || r.bottom > area.bottom + 1;
  }).map((g) => g.dataset.nodeId);
}"""


def set_source(page, text):
    page.evaluate("""(t) => { const s = document.querySelector('textarea.expr-source'); s.value = t;
        s.dispatchEvent(new Event('input', {bubbles: true})); }""", text)


def wait_for_title(page, node, text):
    page.wait_for_function("([id, t]) => document.querySelector(`#view-explorer g.node[data-node-id='${id}']`)?.textContent.includes(t)",
                           arg=[node, text])


def transform(page):
    return page.get_attribute("#view-explorer svg.graph .viewport", "transform")


def pan_by_hand(page, dx, dy):
    box = page.locator("#view-explorer .graph-area").bounding_box()
    page.mouse.move(box["x"] + 200, box["y"] + 60)
    page.mouse.down()
    page.mouse.move(box["x"] + 200 + dx, box["y"] + 60 + dy, steps=3)
    page.mouse.up()


def test_an_edit_that_grows_the_graph_refits_it_unless_the_reader_moved_the_camera(page):
    page.goto(FIG_615)
    page.wait_for_selector("#view-explorer [data-node-id=L]")
    assert page.evaluate(OUTSIDE) == []

    set_source(page, LONGER)
    wait_for_title(page, "e", "+ c + a")
    assert page.evaluate(OUTSIDE) == [], "the longer line's graph is fitted again: L is not cut off"
    save_screenshot(page, "explorer-camera-01-longer-line")

    # Back to the short line (the graph shrinks inside the view: the camera stays), fitted to the view
    # again, then a small pan by hand: the reader's camera from now on, kept through an edit with the
    # same nodes even when the graph then runs past the view.
    before = transform(page)
    set_source(page, "d = 2*b\ne = a + d\nL = c*e")
    page.wait_for_function("() => !document.querySelector(`#view-explorer g.node[data-node-id='e']`).textContent.includes('+ c')")
    assert transform(page) == before
    page.click(".fit")
    pan_by_hand(page, -6, 4)
    moved = transform(page)
    set_source(page, LONGER)
    wait_for_title(page, "e", "+ c + a")
    assert transform(page) == moved, "a reader who panned on purpose keeps the camera"
    assert "L" in page.evaluate(OUTSIDE)

    # "Fit to screen" hands the camera back; a narrower view (a scroll bar appearing beside a graph
    # fitted to the full width, as network mode's long form brings) then fits it again.
    page.click(".fit")
    assert page.evaluate(OUTSIDE) == []
    fitted_wide = transform(page)
    page.set_viewport_size({"width": 1100, "height": 900})
    page.wait_for_function(f"() => ({OUTSIDE})().length === 0")
    # It was refitted, not merely left in place: the longer line fitted to 1400 px does not fit 1100.
    assert transform(page) != fitted_wide


def test_on_a_phone_the_graph_gets_a_usable_height_in_both_modes(phone_page):
    """On a 390×844 phone the network graph's box was 271 px (about 150 px of drawing once a phone's
    browser bars take their share): the step sheet takes 30% of the screen, not 38%, and the view
    tools one row that scrolls sideways, not two. The page never scrolls sideways."""
    page = phone_page
    heights = {}
    for mode, url in (("expression", FIG_615), ("network", "/?lang=en&mode=network")):
        page.goto(url)
        page.wait_for_selector("#view-explorer g.node[data-node-id]")
        heights[mode] = page.evaluate("() => document.querySelector('#view-explorer .graph-area').getBoundingClientRect().height")
        tops = page.evaluate("() => [...document.querySelectorAll('#view-explorer .view-tools button')].map((b) => b.offsetTop)")
        assert len(set(tops)) == 1, f"{mode}: the view tools in one row"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        save_screenshot(page, f"explorer-camera-02-phone-{mode}")
    assert heights["network"] == heights["expression"]
    assert heights["network"] >= 0.4 * 844, heights
