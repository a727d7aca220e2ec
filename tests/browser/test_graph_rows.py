"""The layer view one row per layer (docs/graph.md): a 2-3-3-1 network opens at 1400×900 with readable
node text (≥ 11 px), its rows top to bottom as eq. 6.35 is written, every row's whole width in view and
the first two layers' equations whole; the third row is one scroll below (the mini-map shows it).
Reduced motion, no sleeps."""
import json
import urllib.parse

from .conftest import save_screenshot

NET_2331 = {"input_size": 2, "layers": [{"units": 3, "activation": "relu"}, {"units": 3, "activation": "relu"},
                                        {"units": 1, "activation": "sigmoid"}],
            "loss": "bce", "x": [1, 0.5], "y": 1, "init": "small", "seed": 1, "view": "layer"}
URL = "/?mode=network&lang=en&net=" + urllib.parse.quote(json.dumps(NET_2331))

# Each node's box on screen, whether it lies inside the graph area (whole, and across), the smallest node text.
BOXES = """() => {
  const area = document.querySelector('#view-explorer .graph-area').getBoundingClientRect();
  const out = {};
  let smallest = Infinity;
  for (const g of document.querySelectorAll('#view-explorer g.node')) {
    const r = g.querySelector('.node-box').getBoundingClientRect();
    out[g.dataset.nodeId] = { top: r.top, bottom: r.bottom, left: r.left, right: r.right, x: r.x + r.width / 2,
      across: r.left >= area.left - 1 && r.right <= area.right + 1,
      whole: r.left >= area.left - 1 && r.right <= area.right + 1 && r.top >= area.top - 1 && r.bottom <= area.bottom + 1 };
    for (const t of g.querySelectorAll('text')) {
      if (t.textContent) smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
    }
  }
  return { boxes: out, smallest };
}"""


def test_a_2331_layer_view_opens_readable_one_row_per_layer(page):
    page.goto(URL)
    page.wait_for_selector('#view-explorer [data-node-id="L"]')
    page.wait_for_function("() => document.querySelector('.ctl-forward') && !document.querySelector('.ctl-forward').disabled")
    found = page.evaluate(BOXES)
    at, smallest = found["boxes"], found["smallest"]
    assert smallest >= 11 - 1e-6, smallest
    # Rows top to bottom; in each, W[i] → W[i]a → z[i] left to right, a[i] under z[i]. (_1, _2, _3: the
    # products W[i] @ a, as the engine numbers the layer program's unnamed nodes.)
    for i in (1, 2, 3):
        w, u, z, a = at[f"W{i}"], at[f"_{i}"], at[f"z{i}"], at[f"a{i}"]
        assert w["right"] < u["left"] and u["right"] < z["left"], f"row {i} reads left to right"
        assert a["top"] > z["bottom"] and abs(a["x"] - z["x"]) < 1, f"a[{i}] under z[{i}]"
    assert at["a1"]["bottom"] < at["W2"]["top"] and at["a2"]["bottom"] < at["W3"]["top"], "each row below the last"
    assert at["a3"]["right"] < at["L"]["left"] and at["y"]["top"] > at["a3"]["bottom"], "the loss closes the last row"
    # At the readable scale the whole width is in view, and the equations of layers 1 and 2 whole.
    assert all(box["across"] for box in at.values()), [k for k, box in at.items() if not box["across"]]
    first_two = ["W1", "x", "_1", "b1", "z1", "a1", "W2", "_2", "b2", "z2", "a2"]
    assert all(at[k]["whole"] for k in first_two), [k for k in first_two if not at[k]["whole"]]
    assert page.is_visible("#view-explorer .graph-minimap"), "the third row is below: the mini-map shows it"
    save_screenshot(page, "graph-rows-2331-open")
    page.click(".ctl-end")
    page.wait_for_function("() => document.querySelector('.ctl-end').disabled")
    page.evaluate("window.scrollTo(0, 0)")
    save_screenshot(page, "graph-rows-2331-all-shown")
