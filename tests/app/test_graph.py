"""POST /api/v1/graph through FastAPI's TestClient: the textbook's figure, the answer's structure, and
every kind of bad input answered 4xx with a detail that says what is wrong and where."""
import json

import pytest

from app.schemas.graph import GraphResponse

from .conftest import TEXTBOOK_PROGRAM, TEXTBOOK_VALUES

import engine

pytestmark = pytest.mark.skipif(not hasattr(engine, "evaluate"), reason="engine.evaluate has not landed")


def post(client, body):
    return client.post("/api/v1/graph", json=body)


def node(result, node_id):
    return next(n for n in result["nodes"] if n["id"] == node_id)


def test_textbook_program_gives_figure_6_15_numbers_and_keeps_d_and_e(client):
    r = post(client, {"source": TEXTBOOK_PROGRAM, "values": TEXTBOOK_VALUES})
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["output"] == "L"
    assert node(result, "L")["value"] == -10
    assert result["gradients"] == {"a": -2, "b": -4, "c": 5}
    assert node(result, "d")["value"] == 2 and node(result, "e")["value"] == 5
    assert node(result, "e")["grad"] == -2 and node(result, "d")["grad"] == -2
    # figure 6.16's edge e -> a: upstream -2, local 1, downstream -2
    edge = next(result["edges"][k] for k in node(result, "e")["inputs"] if result["edges"][k]["source"] == "a")
    assert edge["local"] == 1 and edge["downstream"] == -2
    GraphResponse.model_validate(result)


def test_textbook_expression_form_and_gradient_check(client):
    r = post(client, {"source": "c(a+2b)", "values": TEXTBOOK_VALUES, "check": True})
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["gradients"] == {"a": -2, "b": -4, "c": 5}
    assert set(result["check"]) == {"a", "b", "c"}
    assert result["max_relative_error"] < 1e-6
    assert result["check"]["b"]["analytic"] == -4
    GraphResponse.model_validate(result)


def test_steps_run_forward_then_backward(client):
    result = post(client, {"source": TEXTBOOK_PROGRAM, "values": TEXTBOOK_VALUES}).json()
    phases = [s["phase"] for s in result["steps"]]
    n = len(result["nodes"])
    assert phases == ["forward"] * n + ["backward"] * n
    assert [s["node"] for s in result["steps"][:n]] == result["forward_order"]
    assert [s["node"] for s in result["steps"][n:]] == result["backward_order"]


def test_parameters_are_marked(client):
    r = post(client, {"source": "L = w*x", "values": {"w": 2, "x": 3}, "parameters": ["w"]})
    assert r.status_code == 200, r.text
    kinds = {n["id"]: n["kind"] for n in r.json()["nodes"]}
    assert kinds["w"] == "parameter" and kinds["x"] == "input"


def test_tensors_and_seed(client):
    r = post(client, {"source": "W@x", "values": {"W": [[1, 2], [3, 4]], "x": [1, -1]}, "seed": [1, 0]})
    assert r.status_code == 200, r.text
    grads = r.json()["gradients"]
    assert grads["x"] == [1, 2] and grads["W"] == [[1, -1], [0, 0]]


def test_non_finite_results_are_strings_and_warned(client):
    r = post(client, {"source": "L = log(x)", "values": {"x": 0}})
    assert r.status_code == 200, r.text
    json.loads(r.text, parse_constant=lambda token: pytest.fail(f"bare {token} in the answer: not JSON"))
    result = r.json()
    assert node(result, "L")["value"] == "-Infinity"
    assert result["warnings"], "a non-finite value must be named in warnings"
    GraphResponse.model_validate(result)


def test_syntax_error_is_400_with_line_column_and_caret(client):
    r = post(client, {"source": "a + * b", "values": {"a": 1, "b": 2}})
    assert r.status_code == 400
    detail = r.json()["detail"]
    assert detail["error"] and detail["message"]
    assert detail["line"] == 1 and detail["column"] == 5
    assert "^" in detail["excerpt"]


@pytest.mark.parametrize("body", [
    {"source": "a + b", "values": {"a": 1}},                      # missing value
    {"source": "expp(a)", "values": {"a": 1}},                    # unknown function
    {"source": "x + y", "values": {"x": [1, 2], "y": [1, 2, 3]}},  # shapes that do not broadcast
    {"source": "x * 2", "values": {"x": [1, 2]}},                  # non-scalar output, no seed
    {"source": "", "values": {}},                                  # nothing to evaluate
    {"source": "__import__('os')", "values": {}},                  # no Python here
    {"source": "a.b", "values": {"a": 1}},
    {"source": "(" * 50_000 + "a" + ")" * 50_000, "values": {"a": 1}},   # deeper than any limit
    {"source": "x", "values": {"x": [[1, 2], [3]]}},              # ragged matrix
])
def test_bad_input_is_a_400_that_says_what_is_wrong(client, body):
    r = post(client, body)
    assert r.status_code == 400, r.text
    detail = r.json()["detail"]
    assert isinstance(detail["message"], str) and detail["message"]
    assert set(detail) >= {"error", "message", "line", "column", "excerpt", "hint"}
    assert detail["error"] != "EngineFailure", "the engine raised something other than EngineError"


@pytest.mark.parametrize("raw", [
    b'{"source": "a", "values": {"a": NaN}}',
    b'{"source": "a", "values": {"a": Infinity}}',
    b'{"source": "a", "values": {"a": -Infinity}}',
    b'{"source": "a", "values": {"a": 1e999}}',
    b'{"source": "a", "values": {"a": 1' + b"0" * 400 + b"}}",
    b'{"source": "a", "values": ',
    b"\xff\xfe",
    b'{"source": "a\\ud800", "values": {"a": 1}}',               # half a surrogate pair: not text
])
def test_non_finite_or_broken_json_is_422(client, raw):
    r = client.post("/api/v1/graph", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text
    issue = r.json()["detail"][0]
    assert issue["loc"][0] == "body" and issue["msg"]


def test_json_nested_deeper_than_the_parser_goes_is_400_saying_so(client):
    raw = b'{"source": "a", "values": {"a": [' * 3000 + b"]" * 3000 + b"}}"
    r = client.post("/api/v1/graph", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text
    detail = r.json()["detail"]
    assert detail["code"] == "unreadable_body" and "two levels" in detail["hint"]


@pytest.mark.parametrize("body", [
    {"values": {"a": 1}},                                   # no source
    {"source": 3},
    {"source": "a", "values": {"a": "3"}},                  # strings are not numbers
    {"source": "a", "values": {"a": True}},
    {"source": "a", "values": {"a": None}},
    {"source": "a", "values": {"a": [[[1]]]}},              # more than 2-D
    {"source": "a", "values": {"a": 1}, "chek": True},      # unknown field (a typo)
    {"source": "a", "values": [1]},
])
def test_schema_errors_are_422_naming_the_field(client, body):
    r = post(client, body)
    assert r.status_code == 422, r.text
    assert all(issue["loc"][0] == "body" for issue in r.json()["detail"])


def test_wrong_method_and_content_type(client):
    assert client.get("/api/v1/graph").status_code == 405
    r = client.post("/api/v1/graph", content=b"source=a", headers={"content-type": "text/plain"})
    assert r.status_code == 422 and "Content-Type: application/json" in r.json()["detail"][0]["msg"]


def test_deep_nesting_is_handled_or_refused_cleanly(client):
    r = post(client, {"source": "(" * 5000 + "a" + ")" * 5000, "values": {"a": 2}})
    assert r.status_code == 200, r.text[:300]  # MAX_NESTING is 10,000: 5,000 levels are within it
    assert r.json()["gradients"] == {"a": 1}


from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

ALPHABET = "abcxyz0123456789+-*/^@()., =;\n σ·×−÷_eE" + "expsqrtlogtanhrelu"


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(source=st.text(alphabet=ALPHABET, max_size=40),
       a=st.floats(allow_nan=False, allow_infinity=False), b=st.one_of(st.integers(-5, 5), st.lists(
           st.floats(-1e3, 1e3), min_size=1, max_size=3)))
def test_any_source_gets_a_graph_or_a_400_never_a_5xx(client, source, a, b):
    r = post(client, {"source": source, "values": {"a": a, "b": b, "c": 2.0}})
    assert r.status_code in (200, 400), (source, r.text[:300])
    answer = json.loads(r.text, parse_constant=lambda token: pytest.fail(f"bare {token}: not JSON"))
    if r.status_code == 200:
        GraphResponse.model_validate(answer)
    else:
        assert answer["detail"]["message"]
        assert answer["detail"]["error"] != "EngineFailure", (source, "engine bug: not an EngineError")
