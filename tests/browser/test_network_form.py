"""The explorer's network form in a real Chromium against the live API: figure 6.18's network in both
views gives the same parameter gradients (read from the parameter table and from the graph's nodes),
and those match gradients worked out here by hand (eq. 6.35, ∂L/∂z^[2] = a^[2] − y); errors show next
to the field they are about; the spec lives in the URL; the form speaks both languages."""
import json
import math
import re
from urllib.parse import parse_qs, quote, urlparse

import numpy as np
import pytest
from playwright.sync_api import expect

from .conftest import save_screenshot

FIG_6_18 = {
    "W1": [[0.5, -0.3], [0.2, 0.4]], "b1": [0.1, -0.1], "W2": [[0.7, -0.6]], "b2": [0.05],
    "x": [1, 0.5], "y": 1,
}


def expected_gradients(p=FIG_6_18):
    """Backprop for the 2-2-1 ReLU/sigmoid/BCE network written out by hand, as in the textbook."""
    W1, b1, W2, b2 = (np.array(p[k], dtype=float) for k in ("W1", "b1", "W2", "b2"))
    x, y = np.array(p["x"], dtype=float), float(p["y"])
    z1 = W1 @ x + b1
    a1 = np.maximum(z1, 0)
    z2 = W2 @ a1 + b2
    a2 = 1 / (1 + np.exp(-z2))
    dz2 = a2 - y                         # eq. 6.43
    dz1 = (W2.T @ dz2) * (z1 >= 0)       # ReLU'(0) = 1
    grads = {}
    for name, g in (("w1", np.outer(dz1, x)), ("b1", dz1), ("w2", np.outer(dz2, a1)), ("b2", dz2)):
        for idx, v in np.ndenumerate(g):
            grads[f"{name}_{''.join(str(i + 1) for i in idx)}"] = float(v)
    loss = float(-(y * math.log(a2[0]) + (1 - y) * math.log(1 - a2[0])))
    return grads, loss


def open_network_form(page):
    """Switches the explorer to its Network mode (the form is built on first use)."""
    # The mode buttons come with the page's HTML and answer clicks once the explorer module has mounted;
    # it adds the presets right after wiring them, so a preset on the page means a click is heard.
    page.locator("#view-explorer .preset-list .preset").first.wait_for(state="attached")
    form = page.locator("form.net-form")
    if not form.is_visible():
        page.locator("#view-explorer .mode-button").filter(has_text=re.compile(r"^\s*(Network|神经网络)\s*$")).click()
    form.wait_for(state="visible")
    return form


def load_preset(page):
    """Figure 6.18's preset, its answer back: a test that then edits the form and waits for "the next
    answer" must not be handed this one (or the mode's own first graph) instead."""
    open_network_form(page)
    rows = page.locator(".net-param-table tbody tr")
    rows.first.wait_for()  # the mode's own first graph (figure 6.18) has come back
    with page.expect_response(lambda r: r.url.endswith("/api/v1/network") and r.status == 200):
        page.get_by_role("button", name="Figure 6.18 network").click()
    rows.first.wait_for()


def choose_view(page, view):
    radio = page.get_by_role("radio", name=re.compile({"layer": "Layer view", "scalar": "Scalar view"}[view]))
    with page.expect_response(lambda r: r.url.endswith("/api/v1/network") and r.status == 200):
        if radio.is_checked():
            page.get_by_role("button", name="Build graph").click()
        else:
            radio.check()
    page.wait_for_function("(v) => new URLSearchParams(location.search).get('net')?.includes(`\"view\":\"${v}\"`)",
                           arg=view)


def screenshot_top(page, name):
    """The graph sits at the top of the page; the form may have scrolled it away."""
    page.evaluate("window.scrollTo(0, 0)")
    save_screenshot(page, name)


def read_table(page):
    """{parameter: (value, grad)} from the parameter table once the last answer is drawn in it: the
    response arrives before the page renders it, and the form is aria-busy until then."""
    page.wait_for_selector("form.net-form:not([aria-busy])", state="attached")
    rows = page.locator(".net-param-table tbody tr")
    return {
        rows.nth(i).get_attribute("data-param"): (float(rows.nth(i).get_attribute("data-value")),
                                                  float(rows.nth(i).get_attribute("data-grad")))
        for i in range(rows.count())
    }


def reveal_all(page):
    """Steps to the end of the timeline (End key, outside any field) so every gradient is shown."""
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("End")


def node_grad(page, node_id):
    el = page.locator(f'[data-node-id="{node_id}"]').first
    el.wait_for(state="attached")
    page.wait_for_function(
        "(id) => { const n = document.querySelector(`[data-node-id=\"${id}\"]`); return n && n.dataset.grad; }",
        arg=node_id)
    return json.loads(el.get_attribute("data-grad"))


def test_both_views_show_the_same_parameter_gradients(page):
    page.goto("/")
    load_preset(page)
    expected, loss = expected_gradients()

    choose_view(page, "scalar")
    scalar = read_table(page)
    screenshot_top(page, "network-form-scalar-view")
    choose_view(page, "layer")
    layer = read_table(page)
    screenshot_top(page, "network-form-layer-view")

    assert set(scalar) == set(layer) == set(expected)
    for key, g in expected.items():
        assert scalar[key][1] == pytest.approx(g, rel=1e-9, abs=1e-12), key
        assert layer[key][1] == pytest.approx(scalar[key][1], rel=1e-12, abs=1e-15), key
    assert f"L = {loss:.4g}" in page.locator(".net-status").inner_text()  # the page's one formatter: 4 significant digits


def test_graph_nodes_carry_the_same_gradients_in_both_views(page):
    page.goto("/")
    load_preset(page)
    expected, _ = expected_gradients()

    choose_view(page, "scalar")
    reveal_all(page)
    for key in ("w1_11", "w1_22", "b1_2", "w2_12", "b2_1"):
        assert node_grad(page, key) == pytest.approx(expected[key], rel=1e-9, abs=1e-12), key

    choose_view(page, "layer")
    reveal_all(page)
    W1 = np.array(node_grad(page, "W1"), dtype=float)
    W2 = np.array(node_grad(page, "W2"), dtype=float)
    b1 = np.array(node_grad(page, "b1"), dtype=float).reshape(-1)
    assert W1.shape == (2, 2) and W2.shape == (1, 2)
    assert W1[1, 0] == pytest.approx(expected["w1_21"], rel=1e-9, abs=1e-12)
    assert W2[0, 1] == pytest.approx(expected["w2_12"], rel=1e-9, abs=1e-12)
    assert b1[0] == pytest.approx(expected["b1_1"], rel=1e-9, abs=1e-12)


def test_a_seeded_init_gives_the_same_network_in_both_views(page):
    page.goto("/")
    load_preset(page)
    page.get_by_role("radio", name="Random initialisation").check()
    page.get_by_label("Initialisation", exact=True).select_option("xavier")
    page.get_by_label("Seed").fill("7")
    choose_view(page, "scalar")
    scalar = read_table(page)
    choose_view(page, "layer")
    layer = read_table(page)
    assert set(scalar) == set(layer) and len(scalar) == 9
    for key in scalar:
        assert layer[key][0] == pytest.approx(scalar[key][0], rel=1e-12), key
        assert layer[key][1] == pytest.approx(scalar[key][1], rel=1e-12, abs=1e-15), key
    # Xavier weights are random, biases start at zero.
    assert any(abs(v) > 0 for k, (v, _) in scalar.items() if k.startswith("w"))
    assert all(v == 0 for k, (v, _) in scalar.items() if k.startswith("b"))
    # The form offers the engine's initialisations (the API's schema says which), `normal` among them.
    from engine.networks.init import INITS
    init = page.get_by_label("Initialisation", exact=True)
    # (the schema is fetched beside the network: wait for its options, not only for the network)
    expect(init.locator("option")).to_have_count(len(INITS))
    assert init.evaluate("s => [...s.options].map(o => o.value)") == list(INITS)
    with page.expect_response(lambda r: r.url.endswith("/api/v1/network") and r.status == 200):
        init.select_option("normal")
    expect(init.locator("option[value='normal']")).to_have_text("normal N(0, 1) (large: saturates deep sigmoid layers)")
    # The seed's bounds are the API's (the engine's MAX_SEED), not a page's own 2^32 - 1.
    from engine.networks.netspec import MAX_SEED
    seed_error = page.locator(".net-error").filter(has_text="Seed")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/network") and r.status == 200):
        page.get_by_label("Seed").fill(str(2**32))
        page.get_by_role("button", name="Build graph").click()
    page.get_by_label("Seed").fill(str(MAX_SEED + 1))
    page.get_by_role("button", name="Build graph").click()
    expect(seed_error).to_contain_text(f"{MAX_SEED}")


def test_errors_show_next_to_the_field(page):
    page.goto("/")
    load_preset(page)
    x_error = page.locator(".net-field-x .net-error")

    # Not JSON: caught in the page, no request needed.
    page.get_by_label("Input x (JSON)").fill("[1, 0.5")
    page.get_by_role("button", name="Build graph").click()
    x_error.wait_for(state="visible")
    # The page's own words (in its language), not the browser's parser message with a character offset.
    assert "is not valid JSON: check that every [ is closed by a ]" in x_error.inner_text()
    assert "position" not in x_error.inner_text()
    assert page.get_by_label("Input x (JSON)").get_attribute("aria-invalid") == "true"

    # Valid JSON with the wrong size: the API's message (and hint) next to x.
    page.get_by_label("Input x (JSON)").fill("[1, 0.5, 2]")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/network")) as info:
        page.get_by_role("button", name="Build graph").click()
    assert info.value.status == 400  # the engine's refusal (shape), not the schema's
    message = info.value.json()["detail"]["message"]
    # The response arrives before the page has handled it, and the JSON error is still shown until then:
    # these assertions retry until the page shows the API's message (or time out and fail).
    expect(x_error).to_contain_text(message)
    # The table no longer describes the form: it is marked stale until the next good answer.
    expect(page.locator(".net-param-table")).to_have_class(re.compile(r"\bis-stale\b"))
    page.evaluate("document.querySelector('.net-field-x').scrollIntoView({block: 'center'})")
    save_screenshot(page, "network-form-error")

    # Fixing it clears the error.
    page.get_by_label("Input x (JSON)").fill("[1, 0.5]")
    page.get_by_role("button", name="Build graph").click()
    x_error.wait_for(state="hidden")
    page.wait_for_function("() => !document.querySelector('.net-param-table').classList.contains('is-stale')")


def test_layers_can_be_added_and_removed(page):
    page.goto("/")
    load_preset(page)
    rows = page.locator(".net-layers-list > li")
    assert rows.count() == 2
    page.get_by_role("button", name="Add layer").click()
    assert rows.count() == 3
    # The new hidden layer goes before the output layer, which keeps its sigmoid.
    assert page.get_by_label("Layer 3: Activation").input_value() == "sigmoid"
    page.get_by_label("Layer 2: Units").fill("3")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/network") and r.status == 200):
        page.get_by_role("radio", name="Random initialisation").check()
    # The response arrives before the page has drawn the new table (the old one has 9 rows): wait for
    # the 2-2-3-1 network's parameters, then check them.
    expected = 2 * 2 + 2 + 3 * 2 + 3 + 1 * 3 + 1
    expect(page.locator(".net-param-table tbody tr")).to_have_count(expected)
    params = read_table(page)
    assert len(params) == expected and any(k.startswith("w3_") for k in params), params
    page.get_by_role("button", name="Remove layer 2").click()
    assert rows.count() == 2
    # Layers can be added up to the engine's limit, which the form learns from the API's schema.
    from engine.networks.netspec import MAX_LAYERS
    add = page.get_by_role("button", name="Add layer")
    while rows.count() < MAX_LAYERS:
        add.click()
    expect(add).to_be_disabled()
    page.get_by_role("button", name=f"Remove layer {MAX_LAYERS - 1}").click()
    expect(add).to_be_enabled()


def test_the_output_layer_follows_the_loss_as_the_engine_pairs_them(page):
    """Switching the loss moves the output activation to the one the engine pairs with it (its table,
    published in the schema), unless the user chose another output."""
    from engine.networks.netspec import LOSS_OUTPUT
    page.goto("/")
    load_preset(page)
    loss, output = page.get_by_label("Loss", exact=True), page.get_by_label("Layer 2: Activation")
    expect(loss.locator("option")).to_have_count(len(LOSS_OUTPUT))  # the schema has arrived
    for name in ("ce", "mse", "bce"):
        loss.select_option(name)
        assert output.input_value() == LOSS_OUTPUT[name], name
    output.select_option("tanh")
    loss.select_option("mse")
    assert output.input_value() == "tanh"


def test_choosing_ce_gives_the_softmax_output_two_units_and_a_graph(page):
    # Tryout: figure 6.18 with the loss set to CE sent a 1-unit softmax output, which the engine
    # refuses (it is always 1), so the form's own change dimmed the graph with an error.
    page.goto("/")
    load_preset(page)
    loss = page.get_by_label("Loss", exact=True)
    expect(loss.locator("option[value='ce']")).to_have_count(1)  # the schema has arrived
    with page.expect_response(lambda r: r.url.endswith("/api/v1/network")) as answer:
        loss.select_option("ce")
    assert answer.value.status == 200, answer.value.text()
    sent = json.loads(answer.value.request.post_data)
    assert sent["layers"][-1] == {"units": 2, "activation": "softmax"}
    assert page.get_by_label("Layer 2: Units").input_value() == "2"
    expect(page.locator("#view-explorer .net-general-error")).to_be_hidden()


def test_the_spec_in_the_url_reproduces_the_network(page, browser, live_server):
    page.goto("/")
    load_preset(page)
    choose_view(page, "scalar")
    first = read_table(page)
    net = parse_qs(urlparse(page.url).query)["net"][0]
    spec = json.loads(net)
    assert spec["layers"] == [{"units": 2, "activation": "relu"}, {"units": 1, "activation": "sigmoid"}]
    assert spec["view"] == "scalar"

    other = browser.new_context(base_url=live_server).new_page()
    errors = []
    other.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    other.goto(page.url)
    other.locator(".net-param-table tbody tr").first.wait_for()
    assert read_table(other) == first
    assert other.get_by_role("radio", name=re.compile("Scalar view")).is_checked()
    other.context.close()
    assert not errors


def test_the_form_speaks_chinese(page):
    page.goto("/")
    load_preset(page)
    page.click("#lang-toggle")
    form = page.locator("form.net-form")
    assert "损失函数" in form.inner_text()
    assert page.get_by_role("button", name="删除第 2 层").count() == 1
    assert "恒等" in page.locator(".net-activation").first.inner_text()
    assert "取值与梯度" in page.locator(".net-param-table caption").inner_text()
    save_screenshot(page, "network-form-zh")


@pytest.mark.parametrize("net", [
    "not json",
    "[1, 2]",
    '{"layers": "x", "weights": 5, "x": null, "input_size": "two"}',
    '{"layers": [null, {"units": -3, "activation": "<img src=x onerror=alert(1)>"}], "loss": "nope"}',
])
def test_a_hand_edited_link_never_breaks_the_form(page, net):
    """Whatever ?net= holds, the form comes up (falling back to figure 6.18 where it must) and any
    problem is shown as a message, not a script error (the fixture fails on console errors)."""
    page.goto(f"/?mode=network&net={quote(net)}")
    form = open_network_form(page)
    assert page.locator(".net-layers-list > li").count() >= 1
    assert page.locator("img").count() == 0
    page.get_by_role("button", name="Build graph").click()
    page.wait_for_function("""() => [...document.querySelectorAll('.net-error')].some((e) => !e.hidden)
        || document.querySelector('.net-param-table:not([hidden])')""")
    assert form.is_visible()


def test_a_batch_works_in_the_layer_view_and_the_scalar_view_says_why_not(page):
    page.goto("/")
    load_preset(page)
    choose_view(page, "layer")
    page.get_by_label("Input x (JSON)").fill("[[1, 0.5], [0, 1]]")
    page.get_by_label("Target y (JSON)").fill("[1, 0]")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/network") and r.status == 200):
        page.get_by_role("button", name="Build graph").click()
    batch = read_table(page)
    assert len(batch) == 9
    # The batch loss is the mean, so its gradient is the mean of the two samples' gradients.
    one, _ = expected_gradients({**FIG_6_18, "x": [1, 0.5], "y": 1})
    two, _ = expected_gradients({**FIG_6_18, "x": [0, 1], "y": 0})
    for key in one:
        assert batch[key][1] == pytest.approx((one[key] + two[key]) / 2, rel=1e-9, abs=1e-12), key

    with page.expect_response(lambda r: r.url.endswith("/api/v1/network") and r.status == 400):
        page.get_by_role("radio", name=re.compile("Scalar view")).check()
    # Said in the learner's words at the field to change (x), not the API's `use view "layer"` at the radio.
    x_error = page.locator(".net-field-x .net-error")
    x_error.wait_for(state="visible")
    assert "one sample" in x_error.inner_text() and '"layer"' not in x_error.inner_text()
    assert page.get_by_label("Input x (JSON)").get_attribute("aria-invalid") == "true"
    assert page.locator(".net-view .net-error").is_hidden()
    assert page.locator(".net-view [aria-invalid]").count() == 0


def test_random_weights_can_be_taken_over_for_editing(page):
    page.goto("/")
    load_preset(page)
    with page.expect_response(lambda r: r.url.endswith("/api/v1/network") and r.status == 200):
        page.get_by_role("radio", name="Random initialisation").check()
    seeded = read_table(page)
    with page.expect_response(lambda r: r.url.endswith("/api/v1/network") and r.status == 200):
        page.get_by_role("button", name="Edit these weights").click()
    assert page.get_by_role("radio", name="Given weights").is_checked()
    weights = json.loads(page.get_by_label("Weights (JSON)").input_value())
    assert sorted(weights) == ["W1", "W2", "b1", "b2"]
    assert read_table(page) == seeded
    assert page.get_by_label("Weights (JSON)").evaluate("(el) => el === document.activeElement")


def test_every_control_is_named_and_reachable_by_keyboard(page):
    page.goto("/")
    load_preset(page)
    page.get_by_role("button", name="Add layer").click()
    unnamed = page.evaluate("""() => [...document.querySelectorAll(
            'form.net-form input, form.net-form select, form.net-form textarea, form.net-form button')]
        .filter((el) => !el.closest('[hidden]'))
        .filter((el) => !((el.labels && el.labels.length && el.labels[0].textContent.trim())
                          || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent.trim())))
        .map((el) => el.outerHTML.slice(0, 120))""")
    assert unnamed == []
    # Nothing in the form is taken out of the tab order.
    assert page.locator("form.net-form [tabindex='-1']").count() == 0
    # Errors are tied to their field for screen readers.
    for field in ("x", "y", "weights"):
        described = page.locator(f".net-field-{field} textarea, .net-field-{field} input").get_attribute("aria-describedby")
        assert any(part.endswith(f"{field}-error") for part in described.split())
