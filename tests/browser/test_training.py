"""The training tab in a real Chromium: train on the spiral, watch the loss fall and the boundary appear,
pause/resume/reset, compare two configurations, step one update and open it in the explorer."""
import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, requests_seen, save_screenshot

SPIRAL = "train_data=spiral&train_epochs=150&train_lr=0.03"


def open_training(page, query=""):
    """Opens the page with the training state in the URL and switches to the Training tab. Runs go as
    fast as possible unless the query asks for a pace (the page's default is watchable, not quick)."""
    if "train_pace" not in query:
        query = "&".join(filter(None, [query, "train_pace=max"]))
    page.goto("/?" + query)
    page.click("#tab-training")
    page.wait_for_selector("#train-run")


def wait_done(page, timeout=60_000):
    page.wait_for_selector("#view-training[data-status='done']", timeout=timeout)


def test_train_on_the_spiral_loss_falls_and_the_boundary_is_drawn(page):
    open_training(page, SPIRAL)
    page.wait_for_selector("#train-scatter-A svg[data-points='200']")
    save_screenshot(page, "training-before")
    page.click("#train-run")
    wait_done(page)
    chart = page.locator("#train-loss-chart svg")
    first, last = float(chart.get_attribute("data-first")), float(chart.get_attribute("data-last"))
    assert int(chart.get_attribute("data-epochs")) == 150
    assert last < 0.8 * first, (first, last)
    # Train and dev curves, each with one point per epoch.
    assert page.locator("#train-loss-chart path[data-series='A-train']").get_attribute("data-count") == "150"
    assert page.locator("#train-loss-chart path[data-series='A-dev']").count() == 1
    acc = page.locator("#train-acc-chart path[data-series='A-train']")
    assert float(acc.get_attribute("data-last")) > float(acc.get_attribute("data-first"))
    # The decision boundary: a heat-map of cells under the points, in both classes' colours.
    assert page.locator("#train-scatter-A svg").get_attribute("data-cells") == "2500"
    probabilities = page.eval_on_selector_all("#train-scatter-A .cell", "cs => cs.map(c => +c.dataset.p)")
    assert len(probabilities) == 2500 and min(probabilities) < 0.2 and max(probabilities) > 0.8
    assert page.locator("#train-scatter-A circle.point.dev").count() == 40
    assert float(page.locator("#train-progress").get_attribute("value") or page.eval_on_selector("#train-progress", "p => p.value")) == 1
    assert "150" in page.text_content("#train-status")
    # The end of the run is announced in the polite live region, in words.
    page.wait_for_function("() => document.getElementById('live').textContent.startsWith('Done: 150 epochs')")
    save_screenshot(page, "training-spiral")


def test_hover_and_keyboard_read_out_an_epoch(page):
    open_training(page, SPIRAL.replace("150", "40"))
    page.click("#train-run")
    wait_done(page)
    box = page.locator("#train-loss-chart svg .overlay").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] / 2)
    epoch = int(page.get_attribute("#train-loss-chart svg", "data-hover-epoch"))
    assert 15 <= epoch <= 25
    assert f"Epoch {epoch}" in page.text_content("#train-loss-chart .readout")
    save_screenshot(page, "training-hover")
    page.focus("#train-acc-chart svg")
    page.keyboard.press("End")
    assert page.get_attribute("#train-acc-chart svg", "data-hover-epoch") == "40"
    page.keyboard.press("ArrowLeft")
    assert page.get_attribute("#train-acc-chart svg", "data-hover-epoch") == "39"
    assert "Epoch 39" in page.get_attribute("#train-acc-chart svg", "aria-label")


# The loss chart's epoch count once the page has drawn its next two frames (a redraw waits for a frame).
NEXT_FRAME_EPOCHS = """() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() =>
  done(document.querySelector('#train-loss-chart svg').dataset.epochs))))"""


def test_pause_resume_and_reset(page):
    open_training(page, "train_data=moons&train_epochs=20000&train_bs=full")
    page.click("#train-run")
    page.wait_for_function("() => +document.querySelector('#train-loss-chart svg').dataset.epochs > 5")
    # Pausing closes the run's stream (the server keeps no run): once its request has failed (aborted),
    # no epoch can arrive, so the chart must hold what it shows then, and no new stream is opened.
    streams = []
    page.on("request", lambda r: streams.append(r.url) if r.url.endswith("/api/v1/train/stream") else None)
    with page.expect_event("requestfailed", lambda r: r.url.endswith("/api/v1/train/stream"), timeout=5000):
        page.click("#train-pause")
    page.wait_for_selector("#view-training[data-status='paused']")
    assert page.text_content("#train-pause") == "Resume"
    held = page.evaluate(NEXT_FRAME_EPOCHS)
    assert page.evaluate(NEXT_FRAME_EPOCHS) == held and streams == []
    page.click("#train-pause")
    page.wait_for_function(f"() => +document.querySelector('#train-loss-chart svg').dataset.epochs > {held}")
    page.click("#train-reset")
    page.wait_for_selector("#view-training[data-status='idle']")
    # The curves fade out (exit transition), then are removed.
    page.wait_for_function("() => document.querySelectorAll('#train-loss-chart path.curve').length === 0")
    page.wait_for_function("() => document.querySelector('#train-scatter-A svg').dataset.cells === '0'")


def test_compare_two_configurations_overlays_their_curves(page):
    open_training(page, "train_data=moons&train_epochs=60")
    page.check("#train-compare")
    assert page.is_visible("#train-b") and page.is_visible("#train-scatter-B")
    page.fill("#train-b-lr", "0.001")
    page.select_option("#train-b-optimizer", "momentum")
    page.click("#train-run")
    wait_done(page)
    for series in ("A-train", "A-dev", "B-train", "B-dev"):
        assert page.locator(f"#train-loss-chart path[data-series='{series}']").get_attribute("data-count") == "60"
    a = float(page.get_attribute("#train-loss-chart path[data-series='A-dev']", "data-last"))
    b = float(page.get_attribute("#train-loss-chart path[data-series='B-dev']", "data-last"))
    assert a < b  # Adam at 0.03 beats momentum at 0.001 on the dev set within 60 epochs
    assert page.locator("#train-scatter-B svg").get_attribute("data-cells") == "2500"
    query = parse_qs(urlparse(page.url).query)
    assert query["train_cmp"] == ["1"] and query["train_b_lr"] == ["0.001"] and query["train_b_opt"] == ["momentum"]
    save_screenshot(page, "training-compare")
    page.locator("#train-b").scroll_into_view_if_needed()
    save_screenshot(page, "training-compare-form")
    # The link reproduces the form.
    open_training(page, urlparse(page.url).query.replace("view=training", ""))
    assert page.is_checked("#train-compare") and page.input_value("#train-b-lr") == "0.001"


def test_bad_settings_are_explained_next_to_the_form(page):
    open_training(page)
    page.fill("#train-hidden", "8, x")
    page.click("#train-run")
    assert "not a valid number of units" in page.text_content("#train-error")
    assert page.evaluate("document.activeElement.id") == "train-hidden"
    page.fill("#train-hidden", "8")
    page.select_option("#train-dataset", "csv")
    page.fill("#train-csv", "1,2,0\n3,4")
    page.click("#train-run")
    page.wait_for_function("() => document.querySelector('#train-error').textContent.includes('columns')")
    assert page.get_attribute("#view-training", "data-status") == "idle"


def test_step_one_batch_and_show_this_update_in_the_explorer(page):
    open_training(page, "train_data=xor&train_hidden=4&train_epochs=5&train_dropout=0.25")
    page.click("#train-step")
    page.wait_for_selector("#train-update:not([hidden])")
    assert page.locator("#train-update-table tbody tr[data-parameter='W1[1,1]']").count() == 1
    # The dropout mask of hidden layer 1: 32 samples × 4 units, about a quarter dropped.
    mask = page.locator("#train-update-masks svg")
    assert mask.count() == 1 and mask.get_attribute("data-total") == "128"
    assert 64 < int(mask.get_attribute("data-kept")) < 128
    assert page.locator("#train-update-masks rect.dropped").count() == 128 - int(mask.get_attribute("data-kept"))
    title = page.text_content("#train-update-title")
    assert "epoch 1" in title and "mini-batch 1" in title
    page.click("#train-step")
    page.wait_for_function("() => document.querySelector('#train-update-title').textContent.includes('mini-batch 2')")
    save_screenshot(page, "training-update")
    page.click("#train-show")
    page.wait_for_selector("#view-explorer:not([hidden])")
    page.wait_for_selector("#view-explorer [data-node-id='W1']")
    assert page.locator("#view-explorer [data-node-id='L']").count() == 1
    save_screenshot(page, "training-update-in-explorer")


def test_chinese_strings_and_a_csv_of_your_own(page):
    open_training(page, "train_epochs=80&train_hidden=8&train_bs=full")
    page.click("#lang-toggle")
    assert page.text_content("#train-run") == "训练"
    assert page.text_content("label[for='train-lr']") == "学习率 η"
    assert "训练" in page.text_content("#train-status")
    page.select_option("#train-dataset", "csv")
    assert page.is_visible("#train-csv") and not page.is_visible("#train-n")
    rows = ["x1,x2,label"] + [f"{(i % 7) / 3 - 1:.3f},{(i % 5) / 2 - 1:.3f},{int((i % 7) + (i % 5) > 5)}" for i in range(60)]
    page.set_input_files("#train-csv-file", files=[{"name": "mine.csv", "mimeType": "text/csv",
                                                     "buffer": "\n".join(rows).encode()}])
    page.wait_for_selector("#train-scatter-A svg[data-points='60']")
    page.click("#train-run")
    wait_done(page)
    assert "完成" in page.text_content("#train-status")
    assert page.locator("#train-scatter-A svg").get_attribute("data-cells") == "2500"
    chart = page.locator("#train-loss-chart svg")
    assert float(chart.get_attribute("data-last")) < float(chart.get_attribute("data-first"))
    save_screenshot(page, "training-zh-csv")


def test_reduced_motion_changes_state_at_once(page):
    page.emulate_media(reduced_motion="reduce")
    open_training(page, "train_data=gaussians&train_epochs=5")
    page.click("#train-run")
    wait_done(page)
    page.click("#train-reset")
    # No exit transition: the curves and the boundary are gone in the same task.
    assert page.locator("#train-loss-chart path.curve").count() == 0
    assert page.locator("#train-scatter-A .cell").count() == 0


def test_three_classes_from_a_csv_with_softmax(page):
    open_training(page, "train_data=csv&train_loss=ce&train_hidden=8&train_epochs=60&train_bs=full")
    rows = [f"{x},{y},{(0 if x < 0 else 1 if y < 0 else 2)}" for x in (-2, -1, 1, 2) for y in (-2, -1, 1, 2)]
    page.fill("#train-csv", "\n".join(rows * 3))
    page.wait_for_selector("#train-scatter-A svg[data-points='48']")
    page.click("#train-run")
    wait_done(page)
    classes = set(page.eval_on_selector_all("#train-scatter-A .cell", "cs => cs.map(c => c.dataset.p)"))
    assert classes == {"0", "1", "2"}
    save_screenshot(page, "training-three-classes")


def test_a_direct_link_opens_the_training_view_with_its_settings(page):
    page.goto("/?view=training&train_data=moons&train_lr=0.1&train_opt=momentum&train_bs=full")
    page.wait_for_selector("#train-scatter-A svg[data-points='200']")
    assert page.input_value("#train-dataset") == "moons"
    assert page.input_value("#train-optimizer") == "momentum"
    assert page.input_value("#train-lr") == "0.1"
    assert page.input_value("#train-batchSize") == ""


# ---------- every optimiser setting: μ for momentum; β1, β2, ε for Adam ----------

OPTIMIZER_FIELDS = ("momentum", "beta1", "beta2", "eps")


def shown_optimizer_fields(page, prefix="train-"):
    return [key for key in OPTIMIZER_FIELDS if page.is_visible(f"#{prefix}{key}")]


def training_requests(page):
    """Records the body of every training request the page sends (stream and step)."""
    bodies = []
    page.on("request", lambda r: bodies.append(r.post_data_json)
            if r.method == "POST" and "/api/v1/train" in r.url and "/train/data" not in r.url else None)
    return bodies


def save_element_screenshot(locator, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    locator.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_adam_beta2_is_validated_sent_kept_in_the_link_and_shown(page):
    open_training(page, "train_data=moons&train_epochs=20&train_opt=sgd&train_bs=full")
    sent = training_requests(page)
    assert page.input_value("#train-lr") == "0.1"  # SGD's default, as the API's
    assert shown_optimizer_fields(page) == []
    assert page.text_content("#train-lr-hint") == "SGD's default, used when left empty: 0.1."

    page.select_option("#train-optimizer", "adam")
    assert shown_optimizer_fields(page) == ["beta1", "beta2", "eps"]
    # Adam's defaults: its own lr (the user had not typed one) and β1, β2, ε prefilled.
    assert [page.input_value(f"#train-{k}") for k in ("lr", "beta1", "beta2", "eps")] == ["0.001", "0.9", "0.999", "1e-8"]
    assert page.text_content("label[for='train-beta2']") == "β2 (2nd moment)"
    # What β2 does, then its range and default as the schema states them (the engine's).
    assert page.text_content("#train-beta2-hint").endswith("forgets. 0 ≤ β2 < 1; default, used when left empty: 0.999.")
    assert page.get_attribute("#train-beta2", "aria-describedby") == "train-beta2-hint"
    assert page.text_content("#train-lr-hint") == "Adam's default, used when left empty: 0.001."

    # β2 = 1 is outside the schema's [0, 1): the form says so, marks the field and sends nothing.
    page.fill("#train-beta2", "1")
    page.click("#train-run")
    error = page.text_content("#train-error")
    assert error == "β2 (2nd moment): Use a number from 0 up to, but not including, 1.", error
    assert page.evaluate("document.activeElement.id") == "train-beta2"
    assert page.get_attribute("#train-beta2", "aria-invalid") == "true"
    page.fill("#train-eps", "0")  # ε = 0 is refused too ((0, 1])
    page.fill("#train-beta2", "0.9")
    assert page.get_attribute("#train-beta2", "aria-invalid") is None  # typing clears the mark
    page.click("#train-step")
    assert "ε (stability): Use a number greater than 0 and at most 1." in page.text_content("#train-error")
    requests_seen(page)
    assert sent == [] and page.get_attribute("#view-training", "data-status") == "idle"

    page.fill("#train-eps", "1e-7")
    with page.expect_request(lambda r: r.url.endswith("/api/v1/train/stream")) as request:
        page.click("#train-run")
    assert request.value.post_data_json["optimizer"] == {"name": "adam", "lr": 0.001, "beta1": 0.9, "beta2": 0.9, "eps": 1e-7}
    wait_done(page)
    assert page.is_hidden("#train-error")
    assert page.text_content("#train-legend .legend-run[data-run='A']") == "A: Adam η=0.001 β1=0.9 β2=0.9 ε=1e-7"
    save_element_screenshot(page.locator("#train-form"), "training-form-adam")

    # The server used it: the update view reports the optimiser as the step endpoint answers it.
    page.click("#train-step")
    page.wait_for_selector("#train-update:not([hidden])")
    assert "Optimiser: Adam η=0.001 β1=0.9 β2=0.9 ε=1e-7." in page.text_content("#train-update-summary")
    assert sent[-1]["optimizer"]["beta2"] == 0.9

    # The link reproduces the run's settings.
    query = parse_qs(urlparse(page.url).query)
    assert "train_opt" not in query  # Adam is the page's default optimiser
    assert query["train_beta2"] == ["0.9"] and query["train_eps"] == ["1e-7"]
    assert query["train_lr"] == ["0.001"] and "train_beta1" not in query and "train_mu" not in query
    open_training(page, urlparse(page.url).query)
    assert [page.input_value(f"#train-{k}") for k in ("lr", "beta1", "beta2", "eps")] == ["0.001", "0.9", "0.9", "1e-7"]
    assert shown_optimizer_fields(page) == ["beta1", "beta2", "eps"]


def test_an_empty_optimizer_setting_means_its_default(page):
    """An empty learning rate (or β2, …) is not an error: the field shows the default as its placeholder,
    the request leaves it out, and the API uses the optimiser's default, which the legend names."""
    open_training(page, "train_data=moons&train_epochs=5")
    assert page.get_attribute("#train-lr", "placeholder") == "0.001"  # Adam's default
    assert page.get_attribute("#train-beta2", "placeholder") == "0.999"
    page.fill("#train-lr", "")
    page.fill("#train-beta2", "")
    with page.expect_request(lambda r: r.url.endswith("/api/v1/train/stream")) as request:
        page.click("#train-run")
    assert request.value.post_data_json["optimizer"] == {"name": "adam", "beta1": 0.9, "eps": 1e-8}
    wait_done(page)
    assert page.is_hidden("#train-error")
    assert page.text_content("#train-legend .legend-run[data-run='A']") == "A: Adam η=0.001 β1=0.9 β2=0.999 ε=1e-8"
    query = parse_qs(urlparse(page.url).query)
    assert query["train_lr"] == ["default"] and query["train_beta2"] == ["default"]
    page.check("#train-compare")
    assert page.get_attribute("#train-b-lr", "placeholder") == "0.1"  # B's SGD


def test_momentum_mu_and_a_comparison_that_names_each_runs_settings(page):
    open_training(page, "train_data=moons&train_epochs=30")
    sent = training_requests(page)
    assert shown_optimizer_fields(page) == ["beta1", "beta2", "eps"]  # the page opens on Adam
    page.fill("#train-lr", "0.05")  # the user's own lr survives a switch
    page.select_option("#train-optimizer", "momentum")
    assert shown_optimizer_fields(page) == ["momentum"]
    assert page.input_value("#train-lr") == "0.05" and page.input_value("#train-momentum") == "0.9"
    page.fill("#train-momentum", "1")
    page.click("#train-run")
    assert page.text_content("#train-error") == "Momentum μ: Use a number from 0 up to, but not including, 1."
    page.fill("#train-momentum", "0.5")
    save_element_screenshot(page.locator("#train-form"), "training-form-momentum")

    page.check("#train-compare")
    assert shown_optimizer_fields(page, "train-b-") == []  # B starts on plain SGD
    page.select_option("#train-b-optimizer", "adam")
    assert shown_optimizer_fields(page, "train-b-") == ["beta1", "beta2", "eps"]
    assert page.input_value("#train-b-lr") == "0.001"
    page.fill("#train-b-beta1", "0.8")
    page.click("#train-run")
    wait_done(page)
    by_optimizer = {body["optimizer"]["name"]: body["optimizer"] for body in sent}
    assert by_optimizer == {"momentum": {"name": "momentum", "lr": 0.05, "momentum": 0.5},
                            "adam": {"name": "adam", "lr": 0.001, "beta1": 0.8, "beta2": 0.999, "eps": 1e-8}}
    legend = page.locator("#train-legend .legend-run").all_text_contents()
    assert legend == ["A: SGD with momentum η=0.05 μ=0.5", "B: Adam η=0.001 β1=0.8 β2=0.999 ε=1e-8"]
    status = page.text_content("#train-status")
    assert status.startswith("Run A (SGD with momentum η=0.05 μ=0.5): Done: 30 epochs"), status
    assert "Run B (Adam η=0.001 β1=0.8 β2=0.999 ε=1e-8): Done: 30 epochs" in status
    save_screenshot(page, "training-compare-optimizers")
    query = parse_qs(urlparse(page.url).query)
    assert query["train_mu"] == ["0.5"] and query["train_b_opt"] == ["adam"] and query["train_b_beta1"] == ["0.8"]

    # A B value out of range is named with its run.
    page.fill("#train-b-beta1", "-0.1")
    page.click("#train-run")
    assert page.text_content("#train-error") == "Run B: β1 (1st moment): Use a number from 0 up to, but not including, 1."
    assert page.evaluate("document.activeElement.id") == "train-b-beta1"

    page.click("#lang-toggle")
    assert page.text_content("label[for='train-momentum']") == "动量 μ"
    assert page.text_content("label[for='train-b-beta1']") == "β1（一阶矩）"
    assert page.text_content("#train-lr-hint") == "带动量的 SGD 的默认值（留空即用它）：0.1。"
    assert page.text_content("#train-momentum-hint").endswith("μ = 0 即普通 SGD。0 ≤ μ < 1；默认值（留空即用它）：0.9。")
    assert page.text_content("#train-legend .legend-run[data-run='B']") == "B：Adam η=0.001 β1=0.8 β2=0.999 ε=1e-8"
    save_element_screenshot(page.locator("#train-form"), "training-form-zh-compare")


def test_the_forms_optimizer_limits_and_defaults_are_the_schemas(page):
    """The page's ranges and defaults are read from the live OpenAPI schema, so they cannot drift apart."""
    open_training(page)
    schema = page.evaluate("fetch('/openapi.json').then(r => r.json())")["components"]["schemas"]["Optimizer"]
    config = page.evaluate("""Promise.all([import('/static/js/training/config.js'), fetch('/openapi.json').then(r => r.json())])
        .then(([m, doc]) => m.trainingSchema(doc)).then((s) => ({limits: s.limits, defaults: s.optimizers}))""")
    for key in ("lr", "momentum", "beta1", "beta2", "eps"):
        prop = schema["properties"][key]
        bounds = {}
        for part in prop.get("anyOf", [prop]):
            bounds.update({k: v for k, v in part.items() if k in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum")})
        lo, hi, ends = (config["limits"][key] + ["[]"])[:3]
        assert bounds == {("exclusiveMinimum" if ends[0] == "(" else "minimum"): lo,
                          ("exclusiveMaximum" if ends[1] == ")" else "maximum"): hi}, (key, bounds, config["limits"][key])
    # The schema states the engine's defaults as x-defaults (null in a field means "the optimiser's
    # default") and in its description for /docs; the page reads the table.
    from engine.networks.optim import DEFAULTS
    doc = schema["description"]
    for text in ("sgd: lr 0.1", "momentum: lr 0.1, momentum 0.9", "adam: lr 0.001, beta1 0.9, beta2 0.999, eps 1e-08"):
        assert text in doc, doc
    assert schema["x-defaults"] == DEFAULTS
    assert config["defaults"] == DEFAULTS
    # The number fields carry the schema's bounds (the engine's) as min and max once it has arrived.
    from engine.networks.training import MAX_EPOCHS
    expect(page.locator("#train-epochs")).to_have_attribute("max", str(MAX_EPOCHS))
    expect(page.locator("#train-b-lr")).to_have_attribute("max", "100")
    expect(page.locator("#train-dropout")).to_have_attribute("max", "0.95")
    # Batch size and seeds too: the engine's named limits, not bounds of the page's own.
    from engine.networks.netspec import MAX_SEED
    from engine.networks.training import MAX_BATCH_SIZE
    expect(page.locator("#train-b-batchSize")).to_have_attribute("max", str(MAX_BATCH_SIZE))
    expect(page.locator("#train-seed")).to_have_attribute("max", str(MAX_SEED))
    expect(page.locator("#train-dataSeed")).to_have_attribute("max", str(MAX_SEED))
    page.fill("#train-batchSize", str(MAX_BATCH_SIZE + 1))
    page.click("#train-run")
    assert page.text_content("#train-error") == f"Batch size: Use a whole number from 1 to {MAX_BATCH_SIZE}."
    # The choices are the engine's (the schema's enums), in their order; their words are the page's.
    from engine.networks.init import INITS
    from engine.networks.optim import OPTIMIZERS
    values = "s => [...s.options].map(o => o.value)"
    assert page.eval_on_selector("#train-init", values) == list(INITS)
    assert page.eval_on_selector("#train-b-optimizer", values) == list(OPTIMIZERS)
    assert page.text_content("#train-init option[value='normal']") == "Normal N(0, 1)"


# ---------- "Show this update": which update, where it came from, and a link that reopens it ----------

# Every node of the explorer's graph with its value and gradient, after "Show all". The step controls
# repaint on the next frame, so this waits until every node shows both (a node that never gets its
# gradient still fails the test, by the wait's timeout) before reading them.
SHOW_ALL = "() => document.querySelector('#view-explorer .ctl-end').click()"
ALL_NODES_PAINTED = """() => {
  const nodes = [...document.querySelectorAll('#view-explorer [data-node-id]')];
  return nodes.length > 10 && nodes.every((n) => n.dataset.value && n.dataset.grad);
}"""
GRAPH_NUMBERS = """() => [...document.querySelectorAll('#view-explorer [data-node-id]')]
  .map((n) => [n.dataset.nodeId, n.dataset.value ?? '', n.dataset.grad ?? '']).sort()"""


def graph_numbers(page):
    page.wait_for_function("() => !document.querySelector('#view-explorer .ctl-end').disabled")
    page.evaluate(SHOW_ALL)
    page.wait_for_function(ALL_NODES_PAINTED, timeout=10_000)
    return page.evaluate(GRAPH_NUMBERS)


def test_show_is_disabled_until_there_is_an_update_and_step_says_what_happened(page):
    open_training(page, "train_data=xor&train_hidden=4&train_epochs=5")
    show = page.locator("#train-show")
    assert show.is_disabled()
    assert "step one batch" in show.get_attribute("title")
    page.click("#train-step")
    page.wait_for_selector("#train-update:not([hidden])")
    # The status says what the step did, not "Set up the data … press Train".
    status = page.text_content("#train-status")
    assert status.startswith("Took one update: epoch 1, mini-batch 1 of 5 (32 samples, loss before it "), status
    assert "moved W" in status or "moved b" in status
    assert page.text_content("#train-show") == "Show update: epoch 1, mini-batch 1"
    assert show.is_enabled()
    page.locator(".training-buttons").scroll_into_view_if_needed()
    save_screenshot(page, "training-step-status")
    page.click("#train-step")
    page.wait_for_function("() => document.querySelector('#train-status').textContent.includes('mini-batch 2 of 5')")
    assert page.text_content("#train-show") == "Show update: epoch 1, mini-batch 2"
    # Changing a setting drops the update (it was of the old settings): nothing to show again.
    page.fill("#train-lr", "0.05")
    assert show.is_disabled()


def test_show_after_a_run_opens_its_first_update_named_in_the_explorer_and_the_link_reopens_it(page):
    open_training(page, "train_data=xor&train_hidden=4&train_epochs=5")
    page.click("#train-run")
    wait_done(page)
    # The run's first update, where the gradients are still large (issue 12); the latest is one click
    # away in the update view. 200 points, 20 % dev → 160 training samples → 5 mini-batches of 32:
    # the latest update is epoch 5, mini-batch 5 — not epoch 6, which the run never took.
    assert page.text_content("#train-show") == "Show update: epoch 1, mini-batch 1"
    sent = training_requests(page)
    page.click("#train-show")
    page.wait_for_selector("#view-explorer:not([hidden]) [data-node-id='W1']")
    assert [(b["epoch"], b["batch"]) for b in sent] == [(0, 0)]
    page.click("#view-explorer .training-source-back")
    page.wait_for_selector("#view-training:not([hidden])")
    page.click("#train-update .update-latest")
    page.wait_for_function("() => document.querySelector('#train-update-title').textContent.includes('epoch 5, mini-batch 5 of 5')")
    assert [(b["epoch"], b["batch"]) for b in sent] == [(0, 0), (4, 4)]
    assert page.text_content("#train-show") == "Show update: epoch 5, mini-batch 5"
    page.click("#train-show")
    page.wait_for_selector("#view-explorer .training-source[data-state='linked']")
    source = page.locator("#view-explorer .training-source")
    assert source.is_visible()
    assert not page.is_visible("#view-explorer .expression-panel") and not page.is_visible("#view-explorer .network-panel")
    assert page.eval_on_selector_all("#view-explorer .mode-button", "bs => bs.map(b => b.getAttribute('aria-pressed'))") == ["false", "false"]
    text = source.text_content()
    assert "training run A: epoch 5, mini-batch 5 of 5 (32 samples" in text, text
    assert "The link of this page reopens this update." in text
    query = parse_qs(urlparse(page.url).query)
    assert query["train_update"] == ["e5b5"] and "source" not in query and "view" not in query
    save_screenshot(page, "training-update-shown-in-explorer")

    # A reload (or the link, in another browser) replays the same update into the same view: the same
    # graph and the same numbers.
    graph_before = graph_numbers(page)
    page.goto(page.url)
    page.wait_for_selector("#view-explorer .training-source[data-state='linked']")
    page.wait_for_selector("#view-explorer [data-node-id='W1']")
    assert graph_numbers(page) == graph_before
    assert "epoch 5, mini-batch 5 of 5" in page.text_content("#view-explorer .training-source")
    assert not page.is_visible("#view-explorer .expression-panel")

    # The way back: the training lab holds the same update in its table.
    page.click("#lang-toggle")
    assert "训练运行 A 的一次更新：第 5 轮，第 5 / 5 个小批量" in page.text_content("#view-explorer .training-source")
    save_screenshot(page, "training-update-shown-in-explorer-zh")
    page.click("#lang-toggle")
    page.click("#view-explorer .training-source-back")
    page.wait_for_selector("#view-training:not([hidden])")
    assert "epoch 5, mini-batch 5 of 5" in page.text_content("#train-update-title")
    # Leaving the training graph in the explorer (another mode) takes it out of the link.
    page.click("#tab-explorer")
    page.click("#view-explorer .mode-button[data-mode='expression']")
    page.wait_for_function("() => !new URLSearchParams(location.search).has('train_update')")
    assert page.is_visible("#view-explorer .expression-panel") and page.is_hidden("#view-explorer .training-source")


def test_show_after_the_settings_changed_says_the_link_does_not_reopen_it(page):
    open_training(page, "train_data=xor&train_hidden=4&train_epochs=3")
    page.click("#train-run")
    wait_done(page)
    page.fill("#train-epochs", "4")  # the run stays on screen, the form no longer describes it
    assert page.text_content("#train-show") == "Show update: epoch 1, mini-batch 1"
    page.click("#train-show")
    page.wait_for_selector("#view-explorer .training-source[data-state='unlinked']")
    assert "the training settings have changed" in page.text_content("#view-explorer .training-source")
    assert "train_update" not in parse_qs(urlparse(page.url).query)


def test_a_link_to_a_csv_run_keeps_small_data_and_says_when_it_cannot(page):
    rows = "x1,x2,label\n" + "\n".join(f"{i % 4 - 1.5},{i % 3 - 1},{(i % 4 + i % 3) % 2}" for i in range(24))
    open_training(page, "train_data=csv&train_hidden=3&train_epochs=2&train_bs=full")
    page.fill("#train-csv", rows)
    page.wait_for_selector("#train-scatter-A svg[data-points='24']")
    assert page.text_content("#train-csv-link") == "The page's link includes this data."
    assert parse_qs(urlparse(page.url).query)["train_csv"] == [rows]
    # Reopened, the link brings the data back (not "Paste CSV rows…").
    open_training(page, urlparse(page.url).query)
    page.wait_for_selector("#train-scatter-A svg[data-points='24']")
    assert page.input_value("#train-csv") == rows
    page.click("#train-step")
    page.wait_for_selector("#train-update:not([hidden])")
    page.click("#train-show")
    page.wait_for_selector("#view-explorer .training-source[data-state='linked']")
    page.goto(page.url)
    page.wait_for_selector("#view-explorer .training-source[data-state='linked']")
    page.wait_for_selector("#view-explorer [data-node-id='W1']")

    # Above 2 KB the link leaves the data out and the page says so, here and in the explorer.
    big = "x1,x2,label\n" + "\n".join(f"{(i % 17) / 8 - 1:.4f},{(i % 13) / 6 - 1:.4f},{i % 2}" for i in range(150))
    open_training(page, "train_data=csv&train_hidden=3&train_epochs=2&train_bs=full")
    page.fill("#train-csv", big)
    page.wait_for_selector("#train-scatter-A svg[data-points='150']")
    note = page.text_content("#train-csv-link")
    assert note.startswith("The page's link does not include this data (") and "paste it again" in note, note
    assert "train_csv" not in parse_qs(urlparse(page.url).query)
    page.click("#train-step")
    page.wait_for_selector("#train-update:not([hidden])")
    page.click("#train-show")
    page.wait_for_selector("#view-explorer .training-source[data-state='unlinked']")
    assert "its CSV data is too large to go into a link" in page.text_content("#view-explorer .training-source")
    # Such a link, opened anyway, says what to do instead of drawing nothing.
    page.goto("/?train_data=csv&train_update=e1b1")
    page.wait_for_selector("#view-explorer .training-source[data-state='error']")
    assert "paste the data" in page.text_content("#view-explorer .training-source")


def test_show_while_paused_opens_the_paused_epochs_update_and_a_step_after_the_latest_says_it_is_beyond_the_run(page):
    # At 30 epochs a second the run pauses after some 10 epochs (at full speed, after ~1,000, which "Show"
    # and the step after it then replay from the start, ~1 s each).
    open_training(page, "train_data=moons&train_epochs=20000&train_bs=full&train_pace=30")
    page.click("#train-run")
    page.wait_for_function("() => +document.querySelector('#train-loss-chart svg').dataset.epochs > 3")
    assert page.locator("#train-show").is_disabled()  # while running, the last update keeps moving
    page.click("#train-pause")
    page.wait_for_selector("#view-training[data-status='paused']")
    # The update of the epoch the run paused at (the status line names it: the checkpoint's epoch, which
    # epochs still arriving from the stream do not move), not the run's first.
    done = int(re.match(r"Paused after epoch (\d+)\.", page.text_content("#train-status"))[1])
    assert done > 1
    expect(page.locator("#train-show")).to_have_text(f"Show update: epoch {done}, mini-batch 1")
    page.click("#train-show")
    page.wait_for_selector("#view-explorer .training-source[data-state='linked']")
    assert f"epoch {done}, mini-batch 1 of 1 (160 samples" in page.text_content("#view-explorer .training-source")
    page.click("#view-explorer .training-source-back")
    page.click("#train-update .update-latest")  # the last update the paused run took
    page.wait_for_function(f"() => document.querySelector('#train-update-title').textContent.includes('epoch {done}, mini-batch 1 of 1')")
    page.click("#train-step")
    page.wait_for_function(f"() => document.querySelector('#train-status').textContent.includes('epoch {done + 1}, mini-batch 1 of 1')")
    assert f"That is after the run's {done} epochs" in page.text_content("#train-status")
    page.click("#train-reset")


def test_a_link_to_an_update_the_run_cannot_reach_says_why_in_the_explorer(page):
    for query, words in (("train_data=xor&train_epochs=5&train_update=e3b99", "batch"),
                         ("train_data=xor&train_update=e999999b1", "epochs"),
                         ("train_update=e0b1", "cannot read")):
        page.goto("/?" + query)
        page.wait_for_selector("#view-explorer .training-source[data-state='error']")
        text = page.text_content("#view-explorer .training-source-text")
        assert words in text, (query, text)
        assert page.is_visible("#view-explorer .training-source-back")
    # The way out: another mode takes the page (and its link) back to an ordinary explorer.
    page.click("#view-explorer .mode-button[data-mode='expression']")
    page.wait_for_selector('#view-explorer [data-node-id="L"]')
    assert "train_update" not in page.url
