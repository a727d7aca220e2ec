"""What a tester met on the explorer: a new expression opens at its first step and is sent with only
its own variables; a refused source does not claim to have none; an input's step reads "a is given";
the header's buttons look alike. One page per test, reduced motion, no sleeps."""
from .conftest import save_screenshot

SCRUBBER = "() => document.querySelector('#explorer-scrubber').value"


def graph_requests(page):
    sent = []
    page.on("request", lambda r: sent.append(r.post_data_json) if r.url.endswith("/api/v1/graph") else None)
    return sent


def type_source(page, text, fields):
    """Types a source and waits for the engine's answer: the variable fields it names."""
    page.get_by_label("Expression", exact=True).fill(text)
    page.wait_for_function("""(names) => [...document.querySelectorAll('#view-explorer [data-variable]')]
        .map((el) => el.dataset.variable).join() === names.join()
        && document.querySelector('#view-explorer .graph-area').getAttribute('aria-busy') === 'false'""", arg=fields)


def test_a_new_expression_starts_at_step_0_with_only_its_own_variables(page):
    page.goto("/")
    page.wait_for_selector('#view-explorer [data-node-id="L"]')
    sent = graph_requests(page)
    type_source(page, "ln(x)", ["x"])
    assert sent and all(set(body["values"]) <= {"x"} for body in sent), sent
    assert page.is_hidden("#view-explorer .warnings"), page.text_content("#view-explorer .warnings")
    page.click(".ctl-end")  # Show all
    page.wait_for_function(SCRUBBER + " === '4'")
    type_source(page, "max(a,b)", ["a", "b"])
    assert page.evaluate(SCRUBBER) == "0", "a new expression opens at its first step"
    # Moving a value keeps the step the student is looking at (the same graph, new numbers).
    page.click(".ctl-forward")
    page.wait_for_function(SCRUBBER + " === '1'")
    heading = page.text_content(".step-body .step-heading")
    line = page.text_content(".step-body .step-line")
    assert "compute" not in heading and heading.endswith(": a"), heading
    assert line.startswith("a is given:") and "a = 3" in line, line  # a's value from the first example, remembered
    save_screenshot(page, "tryout-01-input-step")
    page.locator('[data-variable="a"] input[type="number"]').fill("5")
    page.wait_for_function("() => document.querySelector('[data-node-id=\"a\"]').dataset.value === '5'")
    assert page.evaluate(SCRUBBER) == "1"
    assert all(set(body["values"]) <= {"a", "b"} for body in sent[-2:]), sent


def test_a_refused_source_does_not_claim_to_have_no_variables(page):
    page.goto("/?source=sigma(x)")
    page.wait_for_selector("#view-explorer .expr-error:not([hidden])")
    assert "sigmoid" in page.text_content("#view-explorer .expr-error")
    note = page.text_content("#view-explorer .variables-none")
    assert "No variables" not in note and "once the expression is valid" in note, note
    save_screenshot(page, "tryout-02-sigma")
    type_source(page, "sigmoid(x)", ["x"])
    type_source(page, "2*3", [])
    assert "No variables" in page.text_content("#view-explorer .variables-none")


def test_the_header_buttons_look_alike(page):
    page.goto("/")
    page.wait_for_selector("#present-button")
    style = """(sel) => { const s = getComputedStyle(document.querySelector(sel));
        return [s.borderTopWidth, s.borderTopColor, s.backgroundColor, s.borderRadius, s.paddingTop, s.paddingLeft, s.color]; }"""
    help_style = page.evaluate(style, "#help-button")
    assert page.evaluate(style, "#present-button") == help_style
    assert page.evaluate(style, "#lang-toggle") == help_style
    page.locator(".topbar").screenshot(path=str(save_screenshot(page, "tryout-03-header")))
