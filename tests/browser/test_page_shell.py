"""The page shell loads in a real Chromium with no console errors and switches views."""


def test_page_loads_without_console_errors(page):
    page.goto("/")
    assert page.title() == "Backprop Explorer"
    page.click("#tab-training")
    assert page.get_attribute("#view-training", "hidden") is None
    assert page.get_attribute("#view-explorer", "hidden") is not None
    assert "view=training" in page.url
