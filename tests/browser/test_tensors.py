"""Issue 12 in a real Chromium: the network form keeps working when layers change (weights kept where
they fit, the rest drawn with the form's init and seed), a graph the form no longer matches is dimmed
and labelled stale, tensor nodes print their numbers, and "Show this update" shows the optimiser step.
Screenshots go to tests/browser/screenshots/ (not tracked); the ones looked at are copied to
docs/screenshots/ for docs/tensors.md."""
import json
import re

import pytest

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


def test_layer_changes_keep_the_form_valid_and_errors_dim_the_graph(page):
    page.goto("/")
    network_answer(page, lambda: load_preset(page))
    # Hidden layer 2 → 3 units: the preset's weights are kept where they fit, the new row of W1, the
    # new b1 entry and W2's new column are drawn with the form's init and seed, and a graph is drawn.
    spec, answer = network_answer(page, lambda: page.get_by_label("Layer 1: Units").fill("3"))
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
    page.get_by_label("Input x (JSON)").fill("[1, 0.5, 2]")
    page.locator(".net-field-x .net-error").wait_for(state="visible")
    page.wait_for_function("() => document.querySelector('.graph-area').classList.contains('is-stale')")
    label = page.locator(".graph-stale-label")
    assert "Stale" in label.inner_text()
    page.evaluate("window.scrollTo(0, 0)")
    doc_screenshot(page, "network-form-stale")
    page.get_by_label("Input x (JSON)").fill("[1, 0.5]")
    label.wait_for(state="detached")
    assert "is-stale" not in (page.locator(".graph-area").get_attribute("class") or "")
