"""A graph above the tiling threshold (300 nodes) keeps every test hook, steps, and ends with the API's
gradients: the large mode draws in tiles, so this guards against lost or duplicated nodes."""
import json
import urllib.parse

import pytest

from .conftest import save_screenshot
from .test_explorer import hooks


def chain_program(lines: int) -> str:
    # Each line adds a product, a sum and a constant: about 3 nodes per line.
    body = [f"s{i} = s{i - 1}*a + {i % 3 + 1}" for i in range(1, lines)]
    return "\n".join(["s0 = a*b", *body, f"L = s{lines - 1}*b"])


def test_large_graph_keeps_hooks_and_gradients(page):
    source = chain_program(130)
    values = {"a": 0.5, "b": 2}
    expected = page.request.post("/api/v1/graph", data={"source": source, "values": values}).json()
    assert len(expected["nodes"]) > 300, "the program must be large enough for the tiled mode"

    page.goto("/?" + urllib.parse.urlencode({"source": source, "values": json.dumps(values)}))
    page.wait_for_selector('#view-explorer [data-node-id="L"]')
    drawn = page.eval_on_selector_all("#view-explorer [data-node-id]", "els => els.map(e => e.dataset.nodeId)")
    assert sorted(drawn) == sorted(n["id"] for n in expected["nodes"]), "every node drawn exactly once"

    page.wait_for_function("() => !document.querySelector('.ctl-forward').disabled")
    for _ in range(3):
        page.click(".ctl-forward")
    revealed = [i for i, (v, _) in hooks(page).items() if v]
    assert revealed == expected["forward_order"][:3] or sorted(revealed) == sorted(expected["forward_order"][:3])

    page.keyboard.press("End")
    page.wait_for_function("() => document.querySelector('[data-node-id=\"a\"]').dataset.grad")
    final = hooks(page)
    assert float(final["a"][1]) == pytest.approx(expected["gradients"]["a"], rel=1e-4)
    assert float(final["b"][1]) == pytest.approx(expected["gradients"]["b"], rel=1e-4)
    assert all(g != "" for _, g in final.values()), "every node shows its gradient at the end"
    save_screenshot(page, "explorer-09-large-graph")


def mark_drawing(page):
    """Sets a property on every tile, node and edge label element now drawn (a DOM rebuild loses it) and
    returns how many of each there are."""
    return page.evaluate("""() => {
        const count = {};
        for (const [name, sel] of [['tiles', '.graph-tile'], ['nodes', '[data-node-id]'], ['labels', 'g.edge-label']]) {
          const els = [...document.querySelectorAll(`#view-explorer ${sel}`)];
          els.forEach((el) => { el.keptMark = true; });
          count[name] = els.length;
        }
        return count; }""")


def marked(page):
    """How many tiles, nodes and edge labels are drawn now, and how many of them carry the mark."""
    return page.evaluate("""() => {
        const out = {};
        for (const [name, sel] of [['tiles', '.graph-tile'], ['nodes', '[data-node-id]'], ['labels', 'g.edge-label']]) {
          const els = [...document.querySelectorAll(`#view-explorer ${sel}`)];
          out[name] = [els.length, els.filter((el) => el.keptMark).length];
        }
        return out; }""")


def open_large(page, source, values):
    page.goto("/?" + urllib.parse.urlencode({"source": source, "values": json.dumps(values)}))
    page.wait_for_selector('#view-explorer [data-node-id="L"]')
    page.wait_for_function("() => !document.querySelector('.ctl-forward').disabled")


def test_recompute_updates_tiles_in_place(page):
    """Another value for `a`: the same program, so the same tiles, nodes and labels (same elements)
    show the new numbers, and the pan/zoom the user chose stays."""
    source = chain_program(130)
    before = page.request.post("/api/v1/graph", data={"source": source, "values": {"a": 0.5, "b": 2}}).json()
    after = page.request.post("/api/v1/graph", data={"source": source, "values": {"a": 0.25, "b": 2}}).json()
    assert before["gradients"]["a"] != pytest.approx(after["gradients"]["a"]), "the new value must change the numbers"
    open_large(page, source, {"a": 0.5, "b": 2})
    page.keyboard.press("End")
    page.wait_for_function("() => document.querySelector('[data-node-id=\"a\"]').dataset.grad")
    # Zoom in on the first nodes (wheel at s0): the user's own view, to be kept, and readable numbers.
    box = page.eval_on_selector('#view-explorer [data-node-id="s0"] rect', "el => el.getBoundingClientRect().toJSON()")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(5):  # d3-zoom: 2× per 500 px of wheel, from about 0.04× to about 1.2×
        page.mouse.wheel(0, -500)
        page.wait_for_timeout(100)
    transform = page.eval_on_selector("#view-explorer .graph-world", "el => el.style.transform")
    count = mark_drawing(page)
    assert count["tiles"] > 3 and count["labels"] > 300
    save_screenshot(page, "explorer-10-large-before-recompute")

    page.fill('#view-explorer .variable[data-variable="a"] .variable-number', "0.25")
    page.wait_for_function("(v) => document.querySelector('[data-node-id=\"a\"]').dataset.value === v", arg="0.25")
    page.wait_for_function("() => document.querySelector('#view-explorer .graph-area').getAttribute('aria-busy') !== 'true'")
    now = marked(page)
    assert now["tiles"] == [count["tiles"], count["tiles"]], "every tile kept as the same element"
    assert now["nodes"] == [count["nodes"], count["nodes"]], "every node kept as the same element"
    assert now["labels"] == [count["labels"], count["labels"]], "every shown edge label kept"
    assert page.eval_on_selector("#view-explorer .graph-world", "el => el.style.transform") == transform
    shown = hooks(page)
    assert sorted(shown) == sorted(n["id"] for n in after["nodes"])
    for node in after["nodes"]:
        value, grad = shown[node["id"]]
        assert float(value) == pytest.approx(node["value"], rel=1e-12), node["id"]
        assert float(grad) == pytest.approx(node["grad"], rel=1e-12), node["id"]
    # An edge label's text is rewritten too: the edge from a into the first product sends a's share.
    first = next(n for n in after["nodes"] if n["op"] == "mul" and any(i["node"] == "a" for i in n["inputs"]))
    index = next(k for k, i in enumerate(first["inputs"]) if i["node"] == "a")
    old = next(n for n in before["nodes"] if n["id"] == first["id"])["inputs"][index]
    label = page.evaluate("""async ([sel, now, old]) => {
        const { fmtAny } = await import('/static/js/explorer/format.js');
        return { text: document.querySelector(sel).textContent, now: [fmtAny(now.downstream), fmtAny(now.local)],
                 old: fmtAny(old.downstream) }; }""",
                          [f'#view-explorer g.edge-label[data-edge-id="{first["id"]}:{index}"]', first["inputs"][index], old])
    assert label["old"] != label["now"][0], "the test needs a downstream gradient that changes"
    assert all(part in label["text"] for part in label["now"]), label
    save_screenshot(page, "explorer-11-large-after-recompute")
