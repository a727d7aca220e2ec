"""POST /api/v1/graph in answer format 2 (docs/contract.md §1): the textbook's numbers, the parser's rule
for names before '(', missing values named, warnings naming nodes as the learner sees them, the
elementwise locals and the answer-size bound."""
from tests.app.conftest import TEXTBOOK_VALUES


def post(client, source, values=None, **extra):
    return client.post("/api/v1/graph", json={"source": source, "values": values or {}, **extra})


def test_c_of_a_plus_2b_is_figure_6_15(client):
    r = post(client, "c(a+2b)", TEXTBOOK_VALUES)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["format"] == 2
    assert body["gradients"] == {"a": -2, "b": -4, "c": 5}
    assert [e["id"] for e in body["edges"]] == list(range(len(body["edges"])))
    assert sum(len(n["inputs"]) for n in body["nodes"]) == len(body["edges"])   # each edge sent once


def test_sigma_is_an_unknown_function_even_with_a_value(client):
    r = post(client, "sigma(x)", {"x": 1, "sigma": 2})
    assert r.status_code == 400
    detail = r.json()["detail"]
    assert detail["code"] == "unknown_function" and detail["params"] == {"name": "sigma"}
    assert detail["hint_params"]["suggestion"] == "sigmoid"


def test_one_letter_before_a_bracket_multiplies(client):
    for source in ("c(a+2b)", "w1(a+b)", "x₂(a)"):
        r = post(client, source, {"a": 3, "b": 1, "c": -2, "w1": 2, "x₂": 4})
        assert r.status_code == 200, (source, r.text)
        assert "mul" in {n["op"] for n in r.json()["nodes"]}


def test_missing_values_are_named_in_order_of_first_use(client):
    r = post(client, "c(a+2b)")
    assert r.status_code == 400
    detail = r.json()["detail"]
    assert detail["code"] == "missing_value" and detail["params"]["names"] == ["c", "a", "b"]


def test_a_warning_on_a_constant_names_it_as_the_learner_sees_it(client):
    body = post(client, "L = (a - y)^2", {"a": 0.0, "y": 1.0}).json()
    (warning,) = [w for w in body["warnings"] if w["code"] == "non_finite_gradient_constant"]
    assert warning["params"]["input"] == "2" and warning["node"] == "L" and warning["node_id"] == "L"
    body = post(client, "log(2b - 2b)", {"b": 1.0}).json()
    (warning,) = [w for w in body["warnings"] if w["code"] == "non_finite_result"]
    assert warning["node"] == "log((2 × b) − (2 × b))" and warning["node_id"].startswith("_")
    assert "_" not in warning["message"] and "u_" not in warning["node"]


def test_tanh_of_a_matrix_product_has_a_vector_local(client):
    w = [[0.1, 0.2, 0.3], [0.4, -0.5, 0.6], [-0.7, 0.8, 0.9]]
    body = post(client, "sum(tanh(W @ x))", {"W": w, "x": [1.0, -1.0, 0.5]}).json()
    tanh = next(n for n in body["nodes"] if n["op"] == "tanh")
    (edge,) = [body["edges"][k] for k in tanh["inputs"]]
    assert edge["local_form"] == "elementwise" and len(edge["local"]) == 3
    assert all(isinstance(v, float) for v in edge["local"])


def test_a_900_factor_product_answers_within_the_bound_or_is_refused(client):
    """The 1.9 kB request of issue 10: B = xᵀ@x, then sum(B*B*…*B) with 900 factors."""
    from engine.core.limits import MAX_ANSWER_NUMBERS
    source = "B = xᵀ@x\nL = sum(" + "*".join(["B"] * 900) + ")"
    for n, refused in ((10, False), (30, True)):
        x = [[0.01 * (i + j) for j in range(n)] for i in range(n)]
        r = post(client, source, {"x": x})
        if refused:
            assert r.status_code == 400 and r.json()["detail"]["code"] == "answer_too_large", r.text[:300]
            assert int(r.json()["detail"]["params"]["size"]) > MAX_ANSWER_NUMBERS
        else:
            assert r.status_code == 200 and len(r.content) < 20 * MAX_ANSWER_NUMBERS
