"""Issue 12 in a real Chromium: the network form keeps working when layers change (weights kept where
they fit, the rest drawn with the form's init and seed), a graph the form no longer matches is dimmed
and labelled stale, tensor nodes print their numbers, and "Show this update" shows the optimiser step.
Screenshots go to tests/browser/screenshots/ (not tracked); the ones looked at are copied to
docs/screenshots/ for docs/tensors.md."""
import json
import math
import re
import urllib.parse

import pytest

from playwright.sync_api import expect

from .conftest import SCREENSHOTS
from .test_network_form import FIG_6_18, load_preset


def doc_screenshot(page, name, locator=None):
    SCREENSHOTS.mkdir(exist_ok=True)
    (locator if locator is not None else page).screenshot(path=str(SCREENSHOTS / f"tensors-{name}.png"))


def network_answer(page, action):
    with page.expect_response(lambda r: r.url.endswith("/api/v1/network") and r.request.post_data
                              and '"weights"' in r.request.post_data) as info:
        action()
    assert info.value.status == 200, info.value.text()
    return json.loads(info.value.request.post_data), info.value.json()


def typed(page, label, text):
    """Types into the network form's field and moves the page's clock (Playwright's, installed by the
    test) past the form's debounce, so the form submits now instead of 400 ms later."""
    page.get_by_label(label).fill(text)
    page.clock.run_for(NETWORK_FORM_DEBOUNCE_MS)


# static/js/explorer/network_form.js DEBOUNCE_MS (were it raised, the form would submit later, as typed by hand)
NETWORK_FORM_DEBOUNCE_MS = 400


def test_layer_changes_keep_the_form_valid_and_errors_dim_the_graph(page):
    page.clock.install()
    page.goto("/")
    network_answer(page, lambda: load_preset(page))
    # Hidden layer 2 → 3 units: the preset's weights are kept where they fit, the new row of W1, the
    # new b1 entry and W2's new column are drawn with the form's init and seed, and a graph is drawn.
    spec, answer = network_answer(page, lambda: typed(page, "Layer 1: Units", "3"))
    w = spec["weights"]
    assert w["W1"][:2] == FIG_6_18["W1"] and len(w["W1"]) == 3
    assert w["W2"][0][:2] == FIG_6_18["W2"][0] and len(w["W2"][0]) == 3
    assert w["b1"][:2] == FIG_6_18["b1"] and w["b2"] == FIG_6_18["b2"]
    status = page.locator(".net-status")
    page.wait_for_function("() => /seed 0/.test(document.querySelector('.net-status').textContent)")
    assert "4 new entries" in status.inner_text()
    assert page.locator(".net-new-entries").is_visible()  # the seed those entries came from is on screen

    # Add a layer: it goes before the output layer, which keeps its weights where they fit.
    spec, answer = network_answer(page, lambda: page.get_by_role("button", name="Add layer").click())
    w = spec["weights"]
    assert [len(w[f"W{i}"]) for i in (1, 2, 3)] == [3, 2, 1]
    assert w["W3"][0] == FIG_6_18["W2"][0][:2] and w["b3"] == FIG_6_18["b2"]
    page.locator('[data-node-id="w3_11"]').first.wait_for()
    assert page.locator(".net-error:not([hidden])").count() == 0
    assert "is-stale" not in (page.locator(".graph-area").get_attribute("class") or "")
    page.evaluate("window.scrollTo(0, 0)")
    doc_screenshot(page, "network-form-resized")

    # An error: the message sits next to its field and the graph it no longer matches is dimmed, labelled.
    typed(page, "Input x (JSON)", "[1, 0.5, 2]")
    page.locator(".net-field-x .net-error").wait_for(state="visible")
    page.wait_for_function("() => document.querySelector('.graph-area').classList.contains('is-stale')")
    label = page.locator(".graph-stale-label")
    assert "Stale" in label.inner_text()
    # A language change relabels it and keeps the graph dimmed (it used to undim it under the label).
    page.click("#lang-toggle")
    assert "已过时" in label.inner_text()
    assert "is-stale" in page.locator(".graph-area").get_attribute("class")
    page.click("#lang-toggle")
    page.evaluate("window.scrollTo(0, 0)")
    doc_screenshot(page, "network-form-stale")
    typed(page, "Input x (JSON)", "[1, 0.5]")
    label.wait_for(state="detached")
    assert "is-stale" not in (page.locator(".graph-area").get_attribute("class") or "")
    # The label is about the network's graph: leaving network mode takes it away.
    typed(page, "Input x (JSON)", "[1, 0.5, 2]")
    label.wait_for()
    page.locator("#view-explorer .mode-button[data-mode='expression']").click()
    label.wait_for(state="detached")


def _open_training(page, query):
    page.goto("/?" + query)
    page.click("#tab-training")
    page.wait_for_selector("#train-run")


def _table_column(page, parameter, key):
    """The update table's full-precision numbers of one column for every entry of `parameter`,
    as a (rows, cols) list from the rows tr[data-parameter="W1[j,k]"]."""
    cells = page.eval_on_selector_all(
        f'#train-update-table tr[data-parameter^="{parameter}["] td[data-key="{key}"]',
        "tds => tds.map(td => [td.parentElement.dataset.parameter, Number(td.dataset.value)])")
    out = {}
    for name, value in cells:
        j, k = (int(i) - 1 for i in re.search(r"\[(\d+),(\d+)\]", name).groups())
        out.setdefault(j, {})[k] = value
    return [[out[j][k] for k in sorted(out[j])] for j in sorted(out)]


def test_show_this_update_with_adam_shows_m_v_and_the_new_theta_of_a_pytorch_step(page):
    torch = pytest.importorskip("torch")
    _open_training(page, "train_data=xor&train_hidden=3&train_act=tanh&train_epochs=2&train_opt=adam"
                         "&train_lr=0.05&train_bs=16")
    # One update (the run's first; after a whole run "Show this update" opens the same one by default,
    # tests/browser/test_training.py), then the explorer.
    with page.expect_response(lambda r: r.url.endswith("/api/v1/train/step")) as info:
        page.click("#train-step")
    step = info.value.json()
    assert (step["epoch"], step["batch"]) == (0, 0)
    assert page.text_content("#train-show") == "Show update: epoch 1, mini-batch 1"
    page.click("#train-show")
    page.wait_for_selector("#view-explorer:not([hidden]) [data-node-id='W1']")
    # The mini-batch's graph in the textbook's form: z1 = W1 @ x + b1, no transpose node.
    program = step["graph"]["program"].splitlines()
    assert program == ["z1 = W1 @ x + b1", "a1 = tanh(z1)", "z2 = W2 @ a1 + b2", "a2 = σ(z2)", "L = bce(a2, y)"]
    assert not any(n["op"] == "transpose" for n in step["graph"]["nodes"])
    page.locator("#view-explorer .ctl-end").click()
    page.wait_for_function("() => document.querySelector('#view-explorer [data-node-id=\"W1\"]').dataset.grad")
    doc_screenshot(page, "update-graph", page.locator("#view-explorer .graph-area"))
    # Beside the graph, the explorer writes the optimiser's step for each parameter.
    explorer_step = page.locator('#view-explorer .training-source-step .update-param[data-parameter="W1"]')
    explorer_step.wait_for()
    assert "\\hat m" in " ".join(explorer_step.locator(".update-rule").evaluate_all("ps => ps.map(p => p.dataset.tex)"))
    page.evaluate("window.scrollTo(0, 0)")
    doc_screenshot(page, "update-explorer")
    page.click("#view-explorer .training-source-back")
    page.wait_for_selector("#view-training:not([hidden]) #train-update .update-step")

    # The same step in PyTorch, on the same mini-batch (x as the graph has it: one sample per column).
    nodes = {n["id"]: n["value"] for n in step["graph"]["nodes"]}
    before = {row["parameter"]: row["value"] for row in step["table"]}
    opt = step["optimizer"]
    t = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in before.items()}
    X = torch.tensor(nodes["x"], dtype=torch.float64)       # n0 × m
    Y = torch.tensor(nodes["y"], dtype=torch.float64)       # 1 × m
    a1 = torch.tanh(t["W1"] @ X + t["b1"][:, None])
    a2 = torch.sigmoid(t["W2"] @ a1 + t["b2"][:, None])
    loss = torch.nn.functional.binary_cross_entropy(a2, Y)
    assert loss.item() == pytest.approx(float(step["loss"]), rel=1e-12)
    adam = torch.optim.Adam(t.values(), lr=opt["lr"], betas=(opt["beta1"], opt["beta2"]), eps=opt["eps"])
    adam.zero_grad()
    loss.backward()
    adam.step()
    state = adam.state[t["W1"]]
    m, v = state["exp_avg"], state["exp_avg_sq"]
    expected = {"m": m, "v": v, "m_hat": m / (1 - opt["beta1"]), "v_hat": v / (1 - opt["beta2"]),
                "after": t["W1"].detach()}
    for key, want in expected.items():
        shown = _table_column(page, "W1", key)
        assert torch.allclose(torch.tensor(shown, dtype=torch.float64), want, rtol=1e-12, atol=1e-12), key

    # The step is written out with its numbers: m, v, m̂, v̂ and the new W^[1].
    block = page.locator('#train-update .update-param[data-parameter="W1"]')
    tex = " ".join(block.locator(".update-rule").evaluate_all("ps => ps.map(p => p.dataset.tex)"))
    for symbol in ("m \\leftarrow", "v \\leftarrow", "\\hat m =", "\\hat v =", "W^{[1]} \\leftarrow"):
        assert symbol in tex, symbol
    headings = page.eval_on_selector_all("#train-update-table th[data-key]", "ths => ths.map(th => th.textContent)")
    assert [h for h in headings if h in ("m", "v", "m̂", "v̂")] == ["m", "v", "m̂", "v̂"]
    page.locator("#train-update").scroll_into_view_if_needed()
    doc_screenshot(page, "update-adam", page.locator("#train-update"))


FIG_6_18_LAYER = {"input_size": 2, "layers": [{"units": 2, "activation": "relu"}, {"units": 1, "activation": "sigmoid"}],
                  "loss": "bce", "x": [1, 0.5], "y": 1,
                  "weights": {"W1": FIG_6_18["W1"], "b1": FIG_6_18["b1"], "W2": FIG_6_18["W2"], "b2": FIG_6_18["b2"]},
                  "view": "layer"}


def fmt4(v):
    """The page's one formatter (static/js/format.js fmt) for numbers of this size: 4
    significant digits, no trailing zeros, a true minus sign."""
    text = f"{float(f'{v:.4g}'):.10g}"
    return text.replace("-", "\u2212")


def _network_answer(live_server, spec):
    import urllib.request
    req = urllib.request.Request(live_server + "/api/v1/network", data=json.dumps(spec).encode(),
                                 headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))


def _step_position(answer, phase, node_id):
    """The timeline position (1-based) of a step, as the page's step= key counts them."""
    for k, step in enumerate(answer["steps"], start=1):
        if step["phase"] == phase and step["node"] == node_id:
            return k
    raise AssertionError(f"no {phase} step for {node_id}")


def test_layer_view_step_panel_writes_dW_as_delta_x_transpose_with_the_numbers(page, live_server):
    from urllib.parse import quote
    answer = _network_answer(live_server, FIG_6_18_LAYER)
    matmul = next(n for n in answer["nodes"] if n["op"] == "matmul"
                  and [answer["edges"][k]["source"] for k in n["inputs"]] == ["W1", "x"])
    net = quote(json.dumps(FIG_6_18_LAYER))
    page.goto(f"/?mode=network&net={net}&step={_step_position(answer, 'backward', matmul['id'])}")
    panel = page.locator("#view-explorer .step-panel")
    panel.locator(".step-delta").first.wait_for()
    tex = " ".join(panel.locator("[data-tex]").evaluate_all("els => els.map(e => e.dataset.tex)"))
    # δ = ∂L/∂z^[1] as a column, xᵀ as a row, and their product ∂L/∂W^[1] = δ xᵀ written out.
    delta = matmul["grad"]
    assert "\\delta = \\frac{\\partial L}{\\partial z^{[1]}}" in tex
    assert "\\begin{bmatrix}1 & 0.5\\end{bmatrix}" in tex          # xᵀ
    assert "\\delta\\, {x}^{\\top}" in tex
    grad_w1 = answer["parameters"]["W1"]["grad"]
    for row, d in zip(grad_w1, delta):
        assert row == pytest.approx([d * xk for xk in (1, 0.5)], rel=1e-12)
    for row in grad_w1:
        for v in row:
            assert fmt4(v).replace("\u2212", "-") in tex
    page.evaluate("window.scrollTo(0, 0)")
    doc_screenshot(page, "layer-step-dW", panel)

    # The forward step of u = W^[1] x prints both matrices and the product's value, in the op table's
    # notation for matmul ("#1 #2": side by side, as the node's formula W x).
    page.goto(f"/?mode=network&net={net}&step={_step_position(answer, 'forward', matmul['id'])}")
    page.wait_for_function("() => [...document.querySelectorAll('#view-explorer .step-panel [data-tex]')]"
                           ".some((e) => e.dataset.tex.includes('bmatrix'))")
    tex = " ".join(panel.locator("[data-tex]").evaluate_all("els => els.map(e => e.dataset.tex)"))
    assert ("\\begin{bmatrix}0.5 & -0.3 \\\\ 0.2 & 0.4\\end{bmatrix} \\begin{bmatrix}1 \\\\ 0.5\\end{bmatrix} = "
            "\\begin{bmatrix}0.35 \\\\ 0.4\\end{bmatrix}") in tex, tex


def test_layer_view_nodes_print_their_matrices_and_an_entry_links_to_the_scalar_view(page, live_server):
    from urllib.parse import quote
    answer = _network_answer(live_server, FIG_6_18_LAYER)
    grad_w1 = answer["parameters"]["W1"]["grad"]
    page.goto(f"/?mode=network&net={quote(json.dumps(FIG_6_18_LAYER))}")
    page.locator('#view-explorer [data-node-id="W1"]').first.wait_for()
    # Show all: every entry of W^[1] and of ∂L/∂W^[1] is in the node's visible text (not a tooltip).
    page.locator("#view-explorer .ctl-end").click()
    page.wait_for_function("() => document.querySelector('#view-explorer [data-node-id=\"W1\"]').dataset.grad")
    w1 = page.locator('#view-explorer [data-node-id="W1"]').first
    page.locator('#view-explorer [data-node-id="W1"] .tensor-grad .tensor-entry').first.wait_for()
    shown = w1.evaluate("g => [...g.querySelectorAll('text')].filter(t => t.getBBox().width > 0).map(t => t.textContent)")
    for v in [v for row in FIG_6_18["W1"] for v in row] + [v for row in grad_w1 for v in row]:
        assert fmt4(v) in shown, (fmt4(v), shown)
    # The edges into u = W^[1] x are labelled with matmul's rule from the op table (∂u/∂W^[1] = xᵀ,
    # ∂u/∂x = W^[1]ᵀ: the step panel's δ xᵀ and Wᵀ δ), not with its Jacobian's shape [2×2×2].
    matmul = next(n for n in answer["nodes"] if n["op"] == "matmul"
                  and [answer["edges"][k]["source"] for k in n["inputs"]] == ["W1", "x"])
    for slot, rule in enumerate(["xᵀ", "W[1]ᵀ"]):
        label = page.locator(f'#view-explorer .edge-label[data-edge-id="{matmul["id"]}:{slot}"]')
        assert label.locator(".local").text_content() == f"local {rule}", label.text_content()
        # … found once when the graph is drawn and kept on the edge, not again at every step.
        assert label.evaluate("g => g.__data__.rule") == rule
    assert "×2×" not in " ".join(page.locator("#view-explorer .edge-label").all_text_contents())
    # The output layer's one unit: its edges carry that one number, not "[1]" (brackets on an edge are
    # a shape), e.g. the sigmoid's local σ'(z[2]) and the upstream gradient into z[2].
    sigmoid = next(n for n in answer["nodes"] if n["op"] == "sigmoid")
    edge = answer["edges"][sigmoid["inputs"][0]]
    label = page.locator(f'#view-explorer .edge-label[data-edge-id="{sigmoid["id"]}:0"]')
    assert label.locator(".local").text_content() == f"local {fmt4(float(json.dumps(edge['local']).strip('[]')))}"
    labels = " ".join(page.locator("#view-explorer .edge-label").all_text_contents())
    assert not re.search(r"(^|[\s←])\[1\]", labels), labels  # W[1]ᵀ is a name, "← [1]" was a shape
    doc_screenshot(page, "layer-view-matrices", page.locator("#view-explorer .graph-area"))

    # Select w^[1]_12 (row 1, column 2 of W^[1]) by keyboard, switch to the scalar view: that node is
    # marked and carries the same value and gradient.
    entry = w1.locator('.tensor-value .tensor-hit[data-row="0"][data-col="1"]')
    entry.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#view-explorer [data-node-id=\"W1\"]').dataset.linked === '0,1'")
    note = page.locator(".tensor-link-note")
    assert note.get_attribute("data-entry") == "w1_12"
    with page.expect_response(lambda r: r.url.endswith("/api/v1/network") and r.status == 200):
        page.get_by_role("radio", name=re.compile("Scalar view")).check()
    node = page.locator('#view-explorer [data-node-id="w1_12"]').first
    page.wait_for_function("() => document.querySelector('#view-explorer [data-node-id=\"w1_12\"]')?.classList.contains('is-linked')")
    # The layer view was at the end of the passes, so the scalar view opens at its end too.
    assert page.locator("#view-explorer .ctl-end").is_disabled()
    page.wait_for_function("() => document.querySelector('#view-explorer [data-node-id=\"w1_12\"]').dataset.grad")
    assert float(node.get_attribute("data-value")) == FIG_6_18["W1"][0][1]
    assert float(node.get_attribute("data-grad")) == pytest.approx(grad_w1[0][1], rel=1e-12)
    doc_screenshot(page, "scalar-view-linked", page.locator("#view-explorer .graph-area"))

    # And back: selecting w^[1]_21 in the scalar view (Tab to it, Enter) marks row 2, column 1 of W^[1]
    # in the layer view.
    page.locator('#view-explorer [data-node-id="w1_21"][tabindex="0"]').first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.tensor-link-note').dataset.entry === 'w1_21'")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/network") and r.status == 200):
        page.get_by_role("radio", name=re.compile("Layer view")).check()
    page.wait_for_function("() => document.querySelector('#view-explorer [data-node-id=\"W1\"]')?.dataset.linked === '1,0'")
    doc_screenshot(page, "layer-view-linked", page.locator("#view-explorer .graph-area"))


def test_a_tensor_node_shows_its_new_numbers_when_its_shape_changes(page):
    # Tryout: with y as class indices [0, 2] and then as one-hot rows, y's box took the new title
    # [2×3] but kept printing [0; 2] and a zero gradient (the printed matrix was redrawn only when the
    # step's revealed parts changed, not when the answer did).
    source = "p = softmax(z)\nL = ce(p, y)"
    values = {"z": [[2, 1, 0.1], [0.5, 0.5, 3]], "y": [0, 2]}
    page.goto("/?" + urllib.parse.urlencode({"source": source, "values": json.dumps(values)}))
    page.locator("#view-explorer .ctl-end").click()  # Show all
    y = page.locator('#view-explorer [data-node-id="y"]')
    expect(y.locator(".tensor-value")).to_contain_text("2")
    field = page.locator('#view-explorer .variable[data-variable="y"] textarea')
    with page.expect_response(lambda r: r.url.endswith("/api/v1/graph") and r.status == 200):
        field.fill("[[1, 0, 0], [0, 0, 1]]")
    expect(y.locator(".node-title")).to_contain_text("2×3")
    expect(y.locator(".tensor-value text.tensor-entry")).to_have_count(6)

    def printed(part):  # {(row, col): text} of the printed matrix
        return {(int(r), int(c)): text for r, c, text in y.locator(f".tensor-{part} text.tensor-entry").evaluate_all(
            "ts => ts.map((t) => [t.dataset.row, t.dataset.col, t.textContent])")}
    assert printed("value") == {(0, 0): "1", (0, 1): "0", (0, 2): "0", (1, 0): "0", (1, 1): "0", (1, 2): "1"}
    # ∂L/∂y = −log(p)/N for targets: the second sample's p is softmax([0.5, 0.5, 3]).
    p2 = [math.exp(v) / sum(math.exp(w) for w in (0.5, 0.5, 3)) for v in (0.5, 0.5, 3)]
    grad = printed("grad")
    assert [grad[(1, c)].replace("\u2212", "-") for c in range(3)] == [f"{-math.log(q) / 2:.4g}" for q in p2]
