"""Found by using the page as a student, a teacher and someone hostile would (session 3): each test
fails without its fix. The `page` fixture fails a test on any console error."""
import json
import urllib.parse

from .conftest import save_screenshot


def open_source(page, source, values):
    page.goto("/?" + urllib.parse.urlencode({"source": source, "values": json.dumps(values)}))
    page.wait_for_selector('#view-explorer [data-node-id]')
    page.wait_for_function("() => document.querySelector('.ctl-forward') && !document.querySelector('.ctl-forward').disabled")


def colours(page, selector):
    return page.eval_on_selector(selector, "e => { const s = getComputedStyle(e); return [s.backgroundColor, s.color]; }")


def test_a_pressed_button_under_the_mouse_keeps_its_dark_background(page):
    # Clicking "Network" left the mouse on it: the hover rule (more specific) painted it light grey
    # while its text stayed white, so the chosen mode read as a blank button.
    open_source(page, "c(a+2b)", {"a": 3, "b": 1, "c": -2})
    page.click('.mode-button[data-mode="network"]')
    page.wait_for_selector('.mode-button[data-mode="network"][aria-pressed="true"]')
    page.hover('.mode-button[data-mode="network"]')
    background, text = colours(page, '.mode-button[data-mode="network"]')
    assert text == "rgb(255, 255, 255)"
    assert background != "rgb(240, 243, 246)", "hovered pressed button turned light grey under white text"
    assert colours(page, '.mode-button[data-mode="network"]') == colours(page, '.mode-button[data-mode="network"]')
    save_screenshot(page, "hostile_pressed_hover")
