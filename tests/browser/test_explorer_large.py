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
