"""A variable field in the explorer that holds no number (emptied, or "1e" half typed) is marked invalid
with a message naming it, and nothing is computed until it holds a number again."""
import json
import urllib.parse

from .conftest import requests_seen

URL = "/?" + urllib.parse.urlencode({"source": "L = c(a+2b)", "values": json.dumps({"a": 3, "b": 1, "c": -2})})


def graph_requests(page):
    sent = []
    page.on("request", lambda r: sent.append(r.post_data_json) if r.url.endswith("/api/v1/graph") else None)
    return sent


def test_an_emptied_variable_field_is_invalid_and_nothing_is_computed_until_it_is_a_number(page):
    page.clock.install()  # the test moves the page's clock past the explorer's debounce instead of waiting
    page.goto(URL)
    page.wait_for_selector('#view-explorer [data-node-id="L"]')
    page.click(".ctl-end")
    page.wait_for_function("() => document.querySelector('[data-node-id=\"L\"]').dataset.value === '-10'")
    sent = graph_requests(page)
    field = page.locator('[data-variable="c"] input[type="number"]')
    field.fill("")
    page.wait_for_selector("#view-explorer .expr-error:not([hidden])")
    assert field.get_attribute("aria-invalid") == "true"
    error = page.text_content("#view-explorer .expr-error")
    assert "Type a number for c." in error, error
    assert field.get_attribute("aria-errormessage") == page.get_attribute("#view-explorer .expr-error", "id")
    assert "is-stale" in page.get_attribute("#view-explorer .graph-area", "class")
    # Editing the expression meanwhile does not compute either, and the empty field stays empty.
    page.get_by_label("Expression", exact=True).fill("L = c(a+2b) ")
    page.clock.run_for(700)  # past the explorer's 250 ms debounce: a compute would have started now
    requests_seen(page)
    assert sent == []
    assert field.input_value() == "" and field.get_attribute("aria-invalid") == "true"
    # The old value is not used silently: L still shows the last computed graph, marked stale.
    assert page.get_attribute('[data-node-id="L"]', "data-value") == "-10"

    field.fill("4")
    page.wait_for_function("() => document.querySelector('[data-node-id=\"L\"]').dataset.value === '20'")
    assert sent and sent[-1]["values"] == {"a": 3, "b": 1, "c": 4}
    assert field.get_attribute("aria-invalid") is None
    assert page.is_hidden("#view-explorer .expr-error")
    assert "is-stale" not in page.get_attribute("#view-explorer .graph-area", "class")


def test_the_slider_gives_an_emptied_field_its_number_back(page):
    page.goto(URL)
    page.wait_for_selector('#view-explorer [data-node-id="L"]')
    field = page.locator('[data-variable="a"] input[type="number"]')
    field.fill("")
    assert field.get_attribute("aria-invalid") == "true"
    page.locator('[data-variable="a"] input[type="range"]').fill("5")
    assert field.input_value() == "5" and field.get_attribute("aria-invalid") is None
    page.click(".ctl-end")
    page.wait_for_function("() => document.querySelector('[data-node-id=\"L\"]').dataset.value === '-14'")
