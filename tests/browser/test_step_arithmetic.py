"""The step panel writes its arithmetic lines itself (static/js/explorer/arithmetic.js) from the API's
numbers: figure 6.15's forward step of L and backward steps of L and e, as a learner sees them."""
import json
import urllib.parse

from .conftest import save_screenshot

FIG_615 = {"source": "d = 2b\ne = a + d\nL = c*e", "values": json.dumps({"a": 3, "b": 1, "c": -2})}
# Forward order _1, b, d, a, e, c, L (7 steps), then backward L, c, e, …



def settle(page):
    """Two animation frames: with reduced motion (conftest) every transition is instant, so the page
    has drawn its final state by then."""
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")

def panel_at(page, step, program=FIG_615):
    page.goto("/?" + urllib.parse.urlencode({**program, "step": str(step)}))
    page.wait_for_function(f"() => document.querySelector('#explorer-scrubber')?.value === '{step}'")
    page.wait_for_selector(".step-panel .katex")
    return page.eval_on_selector_all(".step-panel [data-tex]", "els => els.map((e) => e.dataset.tex)")


def test_forward_step_substitutes_the_numbers(page):
    # The numbers fill the node formula the op table (GET /api/v1/ops) writes: c \cdot e -> -2 \cdot 5.
    assert panel_at(page, 7) == ["L = c \\cdot e = -2 \\cdot 5 = -10"]
    assert panel_at(page, 5) == ["e = a + d = 3 + 2 = 5"]


def test_ln_keeps_its_spelling_in_the_substituted_line(page):
    # ln is log's op with the learner's spelling (engine: node.spelling): the numbers line says ln too.
    tex = panel_at(page, 2, {"source": "u = ln(x)", "values": json.dumps({"x": 3})})
    assert len(tex) == 1 and tex[0].startswith("u = \\ln x = \\ln 3 = 1.099"), tex


def test_backward_steps_multiply_upstream_by_local(page):
    tex = panel_at(page, 8)
    assert "\\frac{\\partial L}{\\partial e} = c = -2" in tex
    assert any(t.endswith("= 1 \\times (-2) = -2") for t in tex), tex
    tex = panel_at(page, 10)
    assert sum(t.endswith("= -2 \\times 1 = -2") for t in tex) == 2, tex
    page.set_viewport_size({"width": 1400, "height": 1120})
    settle(page)  # the edges' reveal animation settles
    save_screenshot(page, "explorer-09-step-arithmetic")
