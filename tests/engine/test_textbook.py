"""The chapter's own numbers (figures 6.15–6.17, eq 6.43) and the contract's structure around them."""
import math

import pytest

from engine import evaluate

from .helpers import close, edge_records, in_edges, node, step, strict_json

ABC = {"a": 3, "b": 1, "c": -2}


def test_expression_form_gives_the_figure_numbers():
    r = evaluate("c(a+2b)", ABC)
    assert node(r, r["output"])["value"] == -10.0
    assert r["gradients"] == {"a": -2.0, "b": -4.0, "c": 5.0}
    strict_json(r)


def test_program_form_keeps_d_and_e_as_node_ids():
    r = evaluate("d = 2*b\ne = a + d\nL = c*e", ABC)
    assert r["output"] == "L"
    ids = [n["id"] for n in r["nodes"]]
    assert {"d", "e", "L", "a", "b", "c"} <= set(ids)
    assert node(r, "d")["value"] == 2.0 and node(r, "e")["value"] == 5.0
    assert node(r, "L")["value"] == -10.0
    assert node(r, "e")["grad"] == -2.0 and node(r, "d")["grad"] == -2.0
    assert node(r, "e")["formula"] == "e = a + d"
    assert r["gradients"] == {"a": -2.0, "b": -4.0, "c": 5.0}
    # ∂L/∂e = c (figure 6.16's local gradient), downstream = upstream × local
    edge = next(e for e in in_edges(r, "L") if e["source"] == "e")
    assert edge["local"] == -2.0 and edge["downstream"] == -2.0
    assert edge["formula"] == "\\frac{\\partial L}{\\partial e} = c"


def test_semicolons_and_newlines_are_the_same_program():
    a = evaluate("d = 2b; e = a + d; L = c e", ABC)
    b = evaluate("d = 2*b\ne = a + d\nL = c*e", ABC)
    assert a["gradients"] == b["gradients"] and a["forward_order"] == b["forward_order"]


def test_textbook_characters():
    r = evaluate("L = c × (a + 2·b) − 0 ÷ 1", ABC)
    assert node(r, "L")["value"] == -10.0
    assert evaluate("σ(z)", {"z": 0})["nodes"][-1]["value"] == 0.5
    assert evaluate("x² + x**2 + x^2", {"x": 3})["nodes"][-1]["value"] == 27.0


def test_sigmoid_then_bce_gives_a_minus_y():
    """eq 6.43: ∂L/∂z^[2] = a^[2] − y, for both labels."""
    for y in (0, 1):
        r = evaluate("z2 = w*x + b; a2 = sigmoid(z2); L = bce(a2, y)",
                     {"w": 0.7, "x": 1.5, "b": -0.2, "y": y})
        a2 = node(r, "a2")["value"]
        assert close(node(r, "z2")["grad"], a2 - y, rel=1e-12)
        # both local gradients are shown and their product is a − y
        l_bce = next(e for e in in_edges(r, "L") if e["source"] == "a2")["local"]
        l_sig = in_edges(r, "a2")[0]["local"]
        assert close(l_sig, a2 * (1 - a2))
        assert close(l_bce * l_sig, a2 - y)
        assert in_edges(r, "a2")[0]["formula"].endswith("\\sigma(z^{[2]})(1 - \\sigma(z^{[2]}))")


def test_sigmoid_bce_stays_finite_when_the_probability_saturates():
    r = evaluate("a = sigmoid(z); L = bce(a, y)", {"z": 40, "y": 0})
    assert close(node(r, "L")["value"], 40.0, rel=1e-12)
    assert close(r["gradients"]["z"], 1.0)


def test_bce_label_gradient_uses_the_logits():
    r = evaluate("a = sigmoid(z); L = bce(a, y)", {"z": 800, "y": 0})
    assert r["gradients"] == {"z": 1.0, "y": -800.0}
    r = evaluate("L = bce(sigmoid(z), y)", {"z": [800, -3], "y": [0, 1]})
    assert close(r["gradients"]["y"], [-400.0, 1.5])


def test_numpy_values_are_accepted_from_library_callers():
    import numpy as np
    r = evaluate("sum(W @ x) * s", {"W": np.eye(2), "x": np.array([1, 2]), "s": np.float64(2)})
    assert r["gradients"] == {"W": [[2.0, 4.0], [2.0, 4.0]], "x": [2.0, 2.0], "s": 3.0}


def test_softmax_ce_uses_log_sum_exp():
    r = evaluate("p = softmax(z); L = ce(p, y)", {"z": [1000, 0, -1000], "y": 2})
    assert close(node(r, "L")["value"], 2000.0)
    assert close(r["gradients"]["z"], [1.0, 0.0, -1.0])
    batch = evaluate("L = ce(softmax(z), y)", {"z": [[1, 2, 3], [1, 0, -1]], "y": [2, 0]})
    same = evaluate("L = softmax_ce(z, y)", {"z": [[1, 2, 3], [1, 0, -1]], "y": [2, 0]})
    assert close(node(batch, "L")["value"], node(same, "L")["value"])
    assert close(batch["gradients"]["z"], same["gradients"]["z"])


def test_relu_derivative_at_zero_is_one():
    r = evaluate("relu(z)", {"z": 0})
    assert r["gradients"]["z"] == 1.0
    assert "\\ge 0" in in_edges(r, r["output"])[0]["formula"]
    assert evaluate("relu(z)", {"z": -1e-300})["gradients"]["z"] == 0.0


def test_fan_out_shows_each_contribution_and_the_sum():
    r = evaluate("x*x + 3*x", {"x": 2})
    back = step(r, "backward", "x")
    contributions = [c["downstream"] for c in edge_records(r, back["received"])]
    assert sorted(contributions) == [2.0, 2.0, 3.0]
    assert node(r, "x")["grad"] == sum(contributions) == r["gradients"]["x"] == 7.0
    assert len(node(r, "x")["consumers"]) == 2        # the product (twice) and 3*x, deduplicated


def test_chain_of_plus_is_one_n_ary_node():
    r = evaluate("z = p1 + p2 + b", {"p1": 1, "p2": 2, "b": 3})
    z = node(r, "z")
    assert z["op"] == "add" and [e["source"] for e in in_edges(r, "z")] == ["p1", "p2", "b"]
    r = evaluate("(a + b) + c", {"a": 1, "b": 2, "c": 3})
    assert sum(1 for n in r["nodes"] if n["op"] == "add") == 2


def test_steps_forward_then_backward_in_order():
    r = evaluate("d = 2*b; e = a + d; L = c*e", ABC)
    n = len(r["nodes"])
    assert [s["node"] for s in r["steps"][:n]] == r["forward_order"]
    assert [s["node"] for s in r["steps"][n:]] == r["backward_order"] == r["forward_order"][::-1]
    assert r["backward_order"][0] == "L"
    first_back = r["steps"][n]
    assert node(r, "L")["grad"] == 1.0 and first_back["received"] == []
    assert step(r, "forward", "e") == {"phase": "forward", "node": "e"}      # nothing repeated
    assert node(r, "e")["formula"] == "e = a + d" and node(r, "e")["value"] == 5.0
    e_in = in_edges(r, "e")
    assert [i["source"] for i in e_in] == ["a", "d"] and [node(r, i["source"])["value"] for i in e_in] == [3, 2]
    e_back = step(r, "backward", "e")
    received = edge_records(r, e_back["received"])
    assert received[0]["target"] == "L" and received[0]["downstream"] == -2.0
    assert e_back["edges"] == node(r, "e")["inputs"]
    assert [(e["source"], e["local"], e["downstream"]) for e in edge_records(r, e_back["edges"])] == [
        ("a", 1.0, -2.0), ("d", 1.0, -2.0)]
    assert set(r["edges"][0]) == {"id", "source", "target", "slot", "local_form", "local", "downstream",
                                  "formula"}
    assert all(e["id"] == k for k, e in enumerate(r["edges"]))
    assert step(r, "backward", "a")["edges"] == []


def test_forward_order_is_topological():
    r = evaluate("d = 2*b; e = a + d; f = e*e - d; L = c*f + e", ABC)
    seen = set()
    for node_id in r["forward_order"]:
        for edge in in_edges(r, node_id):
            assert edge["source"] in seen
        seen.add(node_id)


def test_node_fields_and_labels():
    r = evaluate("z1 = W1 @ x + b1; L = sum(relu(z1))", {"W1": [[1, 2], [3, 4]], "x": [1, -1], "b1": [0, 1]},
                 parameters=["W1", "b1"])
    assert node(r, "W1")["kind"] == "parameter" and node(r, "x")["kind"] == "input"
    assert node(r, "W1")["latex"] == "W^{[1]}" and node(r, "z1")["latex"] == "z^{[1]}"
    assert node(r, "z1")["shape"] == [2] and node(r, "W1")["shape"] == [2, 2]
    unnamed = [n for n in r["nodes"] if n["id"].startswith("_")]
    assert all(n["latex"].startswith("u_{") for n in unnamed if n["kind"] == "operation")
    assert {n["label"] for n in unnamed} >= {"@", "ReLU"}
    for n in r["nodes"]:
        assert set(n) >= {"id", "label", "latex", "kind", "op", "value", "shape", "grad", "inputs",
                          "formula", "consumers"}


def test_unused_nodes_get_zero_gradient_and_a_warning():
    r = evaluate("u = a*b; L = c", ABC)
    assert node(r, "u")["grad"] == 0.0 and r["gradients"]["a"] == 0.0
    assert any(w["node"] == "u" for w in r["warnings"])


def test_non_finite_values_are_kept_and_reported():
    r = evaluate("y = log(x); L = y * 2", {"x": 0})
    assert node(r, "y")["value"] == "-Infinity"
    assert any(w["node"] == "y" and "-Infinity" in w["message"] for w in r["warnings"])
    strict_json(r)
    r = evaluate("0/0 + x", {"x": 1})
    assert r["nodes"][-1]["value"] == "NaN"
    strict_json(r)


@pytest.mark.parametrize("src,value", [("-2^2", -4.0), ("2^-1", 0.5), ("2^3^2", 512.0),
                                       ("a/2b", 0.25), ("(a+b)(a-b)", -3.0), ("2b(a)", 4.0),
                                       ("-a b", -2.0), ("1 - 2 - 3", -4.0), ("8/2/2", 2.0)])
def test_precedence(src, value):
    assert evaluate(src, {"a": 1, "b": 2})["nodes"][-1]["value"] == value


def test_seed_for_vector_output():
    r = evaluate("2*x", {"x": [1, 2]}, seed=[1, 10])
    assert r["gradients"]["x"] == [2.0, 20.0]
    assert math.isclose(evaluate("x^3", {"x": 2}, seed=0.5)["gradients"]["x"], 6.0)


def test_names_with_several_underscores_are_set_upright():
    from engine.present.notation import latex_name
    assert latex_name("my_var_name") == "\\mathrm{my\\_var\\_name}"
    assert latex_name("x_max") == "x_{max}" and latex_name("w1_12") == "w^{[1]}_{12}"


def test_squared_negative_residual_explains_the_exponents_nan_gradient():
    # (a − y)^2 with a < y: ∂/∂b of x^b is x^b ln x, undefined for x < 0; the exponent is a constant.
    r = evaluate("L = (a - y)^2", {"a": 1, "y": 3})
    assert r["gradients"] == {"a": -4.0, "y": 4.0}
    assert any("is a constant, so nothing uses this gradient" in w["message"] for w in r["warnings"])
