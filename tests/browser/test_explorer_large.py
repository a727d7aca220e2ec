"""A graph above the tiling threshold (300 nodes), drawn in tiles (graphview_large.js): every test hook
once, stepping, the API's gradients; a recompute keeps the same tile, node and label elements (checked
by a property set on them before) with the new numbers and the user's zoom; an edit rebuilds only the
tiles it touches; node names are the small view's display names; the SVG export holds the new numbers."""
import json
import re
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


def zoom_in_at(page, node_id):
    """Wheel-zoom on a node until the drawing is about life size (d3-zoom: 2× per 500 px of wheel)."""
    box = page.eval_on_selector(f'#view-explorer [data-node-id="{node_id}"] rect', "el => el.getBoundingClientRect().toJSON()")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(5):  # from the fitted ~0.04× to ~1.2×
        page.mouse.wheel(0, -500)
        page.wait_for_timeout(100)


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
    zoom_in_at(page, "s0")  # the user's own view, to be kept, with readable numbers
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
    first_edge = next(e for e in after["edges"] if e["source"] == "a"
                      and next(n for n in after["nodes"] if n["id"] == e["target"])["op"] == "mul")
    first, index = {"id": first_edge["target"]}, first_edge["slot"]
    old = before["edges"][first_edge["id"]]
    label = page.evaluate("""async ([sel, now, old]) => {
        const { fmtAny } = await import('/static/js/format.js');
        return { text: document.querySelector(sel).textContent, now: [fmtAny(now.downstream), fmtAny(now.local)],
                 old: fmtAny(old.downstream) }; }""",
                          [f'#view-explorer g.edge-label[data-edge-id="{first["id"]}:{index}"]', first_edge, old])
    assert label["old"] != label["now"][0], "the test needs a downstream gradient that changes"
    assert all(part in label["text"] for part in label["now"]), label
    save_screenshot(page, "explorer-11-large-after-recompute")


def test_edit_keeps_the_tiles_it_does_not_touch(page):
    """One statement more: the new node's tile is built again, the tiles far from it stay the same
    elements, and the drawing is exactly the new graph (no node lost or drawn twice)."""
    source = chain_program(130)
    open_large(page, source, {"a": 0.5, "b": 2})
    count = mark_drawing(page)
    edited = source + "\nM = L + a"
    expected = page.request.post("/api/v1/graph", data={"source": edited, "values": {"a": 0.5, "b": 2}}).json()

    page.fill("#view-explorer .expr-source", edited)
    page.wait_for_selector('#view-explorer [data-node-id="M"]')
    now = marked(page)
    tiles, kept = now["tiles"]
    assert 0 < kept < tiles, f"{kept} of {tiles} tiles kept (before: {count['tiles']}): only the edited ones are new"
    drawn = page.eval_on_selector_all("#view-explorer [data-node-id]", "els => els.map(e => e.dataset.nodeId)")
    assert sorted(drawn) == sorted(n["id"] for n in expected["nodes"]), "every node drawn exactly once"
    edges = page.eval_on_selector_all("#view-explorer path.edge", "els => els.map(e => e.dataset.edgeId)")
    assert sorted(edges) == sorted(f"{n['id']}:{k}" for n in expected["nodes"] for k in range(len(n["inputs"])))

    page.wait_for_function("() => !document.querySelector('.ctl-forward').disabled")
    page.evaluate("() => document.activeElement.blur()")  # End in the source field would move its caret
    page.keyboard.press("End")
    page.wait_for_function("() => document.querySelector('[data-node-id=\"M\"]').dataset.value")
    final = hooks(page)
    assert float(final["a"][1]) == pytest.approx(expected["gradients"]["a"], rel=1e-12)
    assert float(final["M"][0]) == pytest.approx(next(n["value"] for n in expected["nodes"] if n["id"] == "M"), rel=1e-12)


def textbook_chain(lines: int) -> str:
    """chain_program with the textbook's names: w1_12 (w^[1]_12), x1 (x_1)."""
    body = [f"s{i} = s{i - 1}*w1_12 + {i % 3 + 1}" for i in range(1, lines)]
    return "\n".join(["s0 = w1_12*x1", *body, f"L = s{lines - 1}*x1"])


ACCESSIBLE_NAMES = """async () => {
    // Each node's accessible name, and its display name as narrate.js (the step panel's) writes it.
    const { displayName } = await import('/static/js/explorer/narrate.js');
    return [...document.querySelectorAll('#view-explorer [data-node-id]')].map((el) => {
      const node = el.__data__.node; // the datum d3 bound to the element (d3 keeps it in __data__)
      return { id: node.id, label: el.getAttribute('aria-label'), name: displayName(node), large: !!el.closest('.graph-large') };
    }); }"""


def test_node_names_are_display_names_as_in_the_small_view(page):
    values = {"w1_12": 0.5, "x1": 2}
    open_large(page, textbook_chain(20), values)
    small = {n["id"]: n for n in page.evaluate(ACCESSIBLE_NAMES)}
    assert not any(n["large"] for n in small.values()), "20 lines stay below the tiling threshold"

    open_large(page, textbook_chain(130), values)
    large = page.evaluate(ACCESSIBLE_NAMES)
    assert len(large) > 300 and all(n["large"] for n in large)
    named = {n["id"]: n for n in large}
    assert named["w1_12"]["name"] != "w1_12", "narrate.js writes w1_12 in the textbook's notation (w[1]₁₂)"
    generated = re.compile(r"(^|[^\w])_\d+")
    for n in large:
        assert n["label"].startswith(n["name"]), n
        assert not generated.search(n["label"]), f"a generated id is not a name for people: {n}"
    shared = [n for n in large if n["id"] in small and n["id"] not in ("L", "s19")]  # L and s19 differ
    assert len(shared) > 50
    for n in shared:
        assert n["label"] == small[n["id"]]["label"], f"{n['id']}: large view {n['label']!r}, small view {small[n['id']]['label']!r}"
    zoom_in_at(page, "s0")
    save_screenshot(page, "explorer-12-large-textbook-names")


def test_svg_export_after_a_recompute_holds_the_new_numbers(page):
    """The SVG download composes the kept tiles: every node once, with the numbers of the recompute."""
    source = chain_program(110)
    after = page.request.post("/api/v1/graph", data={"source": source, "values": {"a": 0.25, "b": 2}}).json()
    open_large(page, source, {"a": 0.5, "b": 2})
    page.keyboard.press("End")
    page.fill('#view-explorer .variable[data-variable="a"] .variable-number', "0.25")
    page.wait_for_function("(v) => document.querySelector('[data-node-id=\"a\"]').dataset.value === v", arg="0.25")
    with page.expect_download() as info:
        page.click('#view-explorer [data-export="svg"]')
    svg = open(info.value.path(), encoding="utf-8").read()
    ids = re.findall(r'data-node-id="([^"]+)"', svg)
    assert sorted(ids) == sorted(n["id"] for n in after["nodes"]), "every node exported exactly once"
    s0 = next(n for n in after["nodes"] if n["id"] == "s0")
    hook = re.search(r'data-node-id="s0"[^>]*data-value="([^"]*)"', svg) or re.search(r'data-value="([^"]*)"[^>]*data-node-id="s0"', svg)
    assert float(hook.group(1)) == pytest.approx(s0["value"], rel=1e-12)
