"""The forms take their choices and limits from the API's schema (GET /openapi.json). When it cannot
be fetched they say so, say what to check and offer to try again, instead of offering empty choices
that the API would refuse."""
import pytest
from playwright.sync_api import expect

SCHEMA = "**/openapi.json"
pytestmark = pytest.mark.failing_requests("/openapi.json")


def test_training_waits_for_the_schema_says_why_and_tries_again(page):
    page.route(SCHEMA, lambda route: route.abort())  # the server out of reach (an HTTP error would do the same)
    page.goto("/?view=training")
    status = page.locator("#view-training .train-schema-status")
    expect(status).to_contain_text("did not send the form’s choices and limits (Failed to fetch)")
    assert page.locator("#train-loss").count() == 0  # no form with choices it does not have
    page.click("#lang-toggle")
    expect(status).to_contain_text("服务器没有发来表单的选项和范围")
    page.unroute(SCHEMA)
    status.get_by_role("button", name="重试").click()
    expect(page.locator("#train-loss option")).not_to_have_count(0)
    expect(status).to_have_count(0)
    assert "bce" in page.eval_on_selector_all("#train-loss option", "os => os.map((o) => o.value)")


def test_the_network_form_says_why_its_choices_are_missing_and_tries_again(page):
    page.route(SCHEMA, lambda route: route.abort())
    page.goto("/?mode=network")
    status = page.locator("#view-explorer .net-schema-status")
    expect(status).to_contain_text("did not send the form’s choices and limits")
    expect(status).to_be_visible()
    page.unroute(SCHEMA)
    status.get_by_role("button", name="Try again").click()
    expect(status).to_be_hidden()
    loss = page.locator("#view-explorer select[name='loss'] option")
    expect(loss).not_to_have_count(1)  # every loss the API takes, not only the one shown
    assert {"bce", "mse"} <= set(loss.evaluate_all("os => os.map((o) => o.value)"))
