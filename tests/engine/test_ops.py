"""The op table (engine/core/ops.py): every operation's analytic gradient against central finite differences: scalars, vectors,
matrices and broadcasting. Uses the shipped checker (engine/core/gradcheck.py) through check=True."""
import numpy as np
import pytest

from engine import describe_ops, evaluate
from engine.core.errors import EngineError
from engine.core.ops import OPS

from .helpers import full_jacobian, in_edges

TOL = 1e-6
rng = np.random.default_rng(0)


def vec(n, lo=-2.0, hi=2.0):
    return rng.uniform(lo, hi, n).round(3).tolist()


def mat(r, c, lo=-2.0, hi=2.0):
    return rng.uniform(lo, hi, (r, c)).round(3).tolist()


SCALAR_CASES = [
    ("a + b + c", {}), ("a - b", {}), ("a * b", {}), ("a / b", {}), ("a ^ b", {"a": 1.7}),
    ("a ^ 3", {}), ("-a", {}), ("exp(a)", {}), ("log(a)", {"a": 2.5}), ("sqrt(a)", {"a": 2.5}),
    ("abs(a)", {}), ("sin(a)", {}), ("cos(a)", {}), ("tanh(a)", {}), ("sigmoid(a)", {}),
    ("relu(a)", {"a": 0.8}), ("relu(a)", {"a": -0.8}), ("leaky_relu(a)", {"a": -0.8}),
    ("leaky_relu(a, b)", {"a": -0.8}), ("sum(a)", {}), ("mean(a)", {}), ("aᵀ", {}),
    ("d = a; d * b", {}), ("bce(p, y)", {"p": 0.3, "y": 1}), ("bce(sigmoid(a), y)", {"y": 0}),
    ("bce(p, q)", {"p": 0.3, "q": 0.6}),
    ("x*x + 3*x", {}), ("c(a+2b)", {}), ("(a+b)(a-b)", {}),
    ("ln(a)", {"a": 2.5}), ("max(a, b)", {}), ("max(b, a)", {}), ("min(a, b)", {}), ("min(b, a)", {}),
]


@pytest.mark.parametrize("src,extra", SCALAR_CASES)
def test_scalar_op_matches_finite_differences(src, extra):
    values = {"a": 0.9, "b": -1.3, "c": 0.4, "x": 1.1, **extra}
    used = {k: v for k, v in values.items() if k in src or k in extra}
    r = evaluate(src, used, check=True)
    assert r["max_relative_error"] < TOL, r["check"]


TENSOR_CASES = [
    ("sum(x + y)", {"x": vec(3), "y": vec(3)}),
    ("sum(x * y)", {"x": vec(3), "y": vec(3)}),
    ("sum(x / y)", {"x": vec(3), "y": vec(3, 0.5, 2)}),
    ("sum(x - s)", {"x": vec(3), "s": 0.7}),                       # scalar broadcast
    ("sum(M * x)", {"M": mat(2, 3), "x": vec(3)}),                  # row broadcast
    ("sum(M + c)", {"M": mat(2, 3), "c": [[1.0], [2.0]]}),          # column broadcast
    ("sum(x ^ 2)", {"x": vec(4)}),
    ("sum(p ^ x)", {"p": vec(3, 0.5, 2), "x": vec(3)}),
    ("mean(exp(x))", {"x": vec(4)}), ("sum(log(p))", {"p": vec(4, 0.5, 3)}),
    ("sum(sqrt(p))", {"p": vec(4, 0.5, 3)}), ("sum(abs(x))", {"x": vec(4)}),
    ("sum(sin(x) * cos(x))", {"x": vec(4)}), ("sum(tanh(M))", {"M": mat(2, 3)}),
    ("sum(sigmoid(M))", {"M": mat(2, 3)}), ("sum(relu(x) * x)", {"x": [-1.5, 0.5, 2.0]}),
    ("sum(leaky_relu(x, s))", {"x": [-1.5, 0.5, 2.0], "s": 0.1}),
    ("sum(softmax(x) * y)", {"x": vec(4), "y": vec(4)}),
    ("sum(softmax(M) * N)", {"M": mat(2, 3), "N": mat(2, 3)}),
    ("sum(M @ x)", {"M": mat(2, 3), "x": vec(3)}),
    ("sum(M @ N)", {"M": mat(2, 3), "N": mat(3, 2)}),
    ("sum(x @ N)", {"x": vec(3), "N": mat(3, 2)}),
    ("x @ y", {"x": vec(3), "y": vec(3)}),
    ("sum(Mᵀ @ x)", {"M": mat(2, 3), "x": vec(2)}),
    ("mean(-M)", {"M": mat(2, 2)}),
    ("sum(max(x, y) * min(x, y))", {"x": [-1.5, 0.5, 2.0], "y": [1.0, -0.5, 2.5]}),
    ("sum(max(M, s))", {"M": mat(2, 3), "s": 0.25}),                # broadcast, no exact ties
    ("bce(sigmoid(z), y)", {"z": vec(4), "y": [0, 1, 1, 0]}),
    ("bce(p, y)", {"p": vec(3, 0.1, 0.9), "y": [0, 1, 1]}),
    ("bce(sigmoid(Z), y)", {"Z": mat(3, 1), "y": [[1.0], [0.0], [1.0]]}),
    ("ce(softmax(z), y)", {"z": vec(4), "y": 2}),
    ("ce(softmax(Z), y)", {"Z": mat(3, 4), "y": [0, 3, 1]}),
    ("ce(p, y)", {"p": [0.2, 0.5, 0.3], "y": 1}),
    ("ce(softmax(Z), T)", {"Z": mat(2, 3), "T": [[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]]}),
    ("softmax_ce(Z, y)", {"Z": mat(3, 4), "y": [0, 3, 1]}),
    ("z1 = W1 @ x + b1; a1 = relu(z1); z2 = W2 @ a1 + b2; a2 = sigmoid(z2); L = bce(a2, y)",
     {"W1": mat(3, 2), "x": vec(2), "b1": vec(3), "W2": mat(1, 3), "b2": vec(1), "y": 1}),
    ("Z = X @ transpose(W) + b; L = ce(softmax(Z), y)",
     {"X": mat(4, 3), "W": mat(2, 3), "b": vec(2), "y": [0, 1, 1, 0]}),
]


@pytest.mark.parametrize("src,values", TENSOR_CASES)
def test_tensor_op_matches_finite_differences(src, values):
    r = evaluate(src, values, check=True)
    assert r["max_relative_error"] < TOL, r["check"]


def test_every_op_is_covered():
    covered = set()
    for src, values in SCALAR_CASES + TENSOR_CASES:
        vals = {"a": 0.9, "b": -1.3, "c": 0.4, "x": 1.1, **values} if isinstance(values, dict) else values
        r = evaluate(src, {k: v for k, v in vals.items() if k in src})
        covered |= {n["op"] for n in r["nodes"] if n["op"]}
    assert covered == set(OPS), set(OPS) - covered


def test_jacobians_match_the_vjp():
    """For small tensors the edge's local is the full Jacobian; upstream·J must equal downstream."""
    r = evaluate("y = softmax(M @ x) * w; L = sum(y)", {"M": mat(3, 2), "x": vec(2), "w": vec(3)})
    for node in r["nodes"]:
        for edge in in_edges(r, node["id"]):
            if edge["local"] is None or not node["shape"]:
                continue
            jac = full_jacobian(r, edge)
            up = np.array(node["grad"])
            vjp = np.tensordot(up, jac, axes=len(node["shape"]))
            assert np.allclose(vjp, np.array(edge["downstream"]), rtol=1e-10, atol=1e-12), node["id"]


def test_elementwise_locals_are_the_diagonal_shaped_like_the_target():
    r = evaluate("sum(x * 2)", {"x": vec(100)})
    mul = next(n for n in r["nodes"] if n["op"] == "mul")
    first, second = in_edges(r, mul["id"])
    assert first["local_form"] == "elementwise" and first["local"] == [2.0] * 100
    assert len(first["downstream"]) == 100
    assert second["local"] == x_values(r)                # ∂(x·2)/∂2 = x, entry by entry
    assert len(second["local"]) == 100 and isinstance(second["downstream"], float)


def x_values(r):
    return next(n for n in r["nodes"] if n["id"] == "x")["value"]


def test_tanh_local_of_a_matrix_product_is_a_vector():
    """sum(tanh(W @ x)) with W 3 × 3: tanh's local is its Jacobian's diagonal, length 3 (not 3 × 3)."""
    r = evaluate("sum(tanh(W @ x))", {"W": mat(3, 3), "x": vec(3)})
    tanh = next(n for n in r["nodes"] if n["op"] == "tanh")
    (edge,) = in_edges(r, tanh["id"])
    assert edge["local_form"] == "elementwise" and np.shape(edge["local"]) == (3,)
    matmul = next(n for n in r["nodes"] if n["op"] == "matmul")
    assert [e["local_form"] for e in in_edges(r, matmul["id"])] == ["jacobian", "jacobian"]
    assert np.shape(in_edges(r, matmul["id"])[0]["local"]) == (3, 3, 3)


def test_large_jacobians_are_omitted():
    r = evaluate("sum(A @ x)", {"A": mat(60, 60), "x": vec(60)})
    matmul = next(n for n in r["nodes"] if n["op"] == "matmul")
    first, second = in_edges(r, matmul["id"])
    assert first["local_form"] == "omitted" and first["local"] is None    # 60 × 60 × 60 > 4,096 entries
    assert np.shape(first["downstream"]) == (60, 60)
    assert second["local_form"] == "jacobian"                            # 60 × 60 entries


def test_check_skips_a_leaf_that_reaches_class_indices_through_an_operation():
    # Found by hypothesis: nudging y by h made y * 1 fractional, and ce refused it mid-check.
    r = evaluate("L = ce(softmax(z), y * 1)", {"z": [[1, 2, 3], [0, 1, 0]], "y": [2, 0]}, check=True)
    assert "skipped" in r["check"]["y"]
    assert r["check"]["z"]["relative_error"] < 1e-6


def test_bce_slope_at_certain_predictions_is_finite_where_the_loss_is():
    # bce(1, 1) = 0 and its slope in p is −1 (the 0·log 0 = 0 convention), not 0/0.
    r = evaluate("L = bce(p, y)", {"p": [1.0, 0.0, 0.2], "y": [1.0, 0.0, 0.0]})
    assert r["gradients"]["p"] == pytest.approx([-1 / 3, 1 / 3, 1 / (0.8 * 3)])
    assert evaluate("L = bce(p, y)", {"p": 1.0, "y": 0.0})["gradients"]["p"] == "Infinity"


def test_max_and_min_send_a_tie_to_the_first_operand():
    """The documented subgradient at a tie (engine/core/ops.py), like ReLU'(0) = 1."""
    r = evaluate("max(a, b)", {"a": 2.0, "b": 2.0})
    assert r["gradients"] == {"a": 1.0, "b": 0.0}
    r = evaluate("min(a, b)", {"a": 2.0, "b": 2.0})
    assert r["gradients"] == {"a": 1.0, "b": 0.0}
    r = evaluate("sum(max(x, 0))", {"x": [-1.0, 0.0, 3.0]})
    assert r["gradients"]["x"] == [0.0, 1.0, 1.0]      # max(x, 0) is ReLU, with ReLU'(0) = 1


def test_ln_is_log():
    r = evaluate("ln(x)", {"x": 2.0})
    assert [n["op"] for n in r["nodes"]][-1] == "log" and r["gradients"]["x"] == 0.5


def test_a_node_says_its_op_as_the_learner_wrote_it():
    """One rule for every word about an operation (a warning's "ln of 0", an expression's ln(x)):
    the alias typed, when it has a notation of its own, else the op's name."""
    from engine.core.graph import Node
    node = Node("operation", "log", None, (), [], 0)
    assert node.written_op == "log"
    node.spelling = "ln"
    assert node.written_op == "ln"
    assert Node("input", None, 1.0, (), [], 0).written_op is None


def test_ln_is_drawn_and_named_as_typed_while_the_op_stays_log():
    """A learner who typed ln sees ln (label, formula, messages); log typed as log stays log (the
    textbook's notation). Value and derivative rule are log's."""
    r = evaluate("y = ln(x) + log(x)\nv = 2 * ln(x - x)", {"x": 2.0})
    by_id = {n["id"]: n for n in r["nodes"]}
    ln, log = by_id["_1"], by_id["_2"]
    assert (ln["op"], ln["spelling"], ln["label"], ln["formula"]) == ("log", "ln", "ln", "u_{1} = \\ln x")
    assert (log["op"], "spelling" in log, log["label"], log["formula"]) == ("log", False, "log", "u_{2} = \\log x")
    assert ln["value"] == log["value"]
    edges = {e["target"]: e for e in r["edges"]}
    assert edges["_1"]["formula"] == "\\frac{\\partial u_{1}}{\\partial x} = \\frac{1}{x}"
    assert edges["_1"]["local"] == edges["_2"]["local"] == 0.5
    warning = next(w for w in r["warnings"] if w["code"] == "non_finite_result")
    assert (warning["node"], warning["message"]) == ("ln(x − x)", "ln of 0 is -Infinity")
    with pytest.raises(EngineError) as err:
        evaluate("ln(x, 2)", {"x": 2.0})
    assert err.value.params["function"] == "ln"
    log_entry = next(op for op in describe_ops() if op["name"] == "log")
    assert log_entry["notations"] == {"ln": {"symbol": "ln", "latex": "\\ln #1"}}


@pytest.mark.parametrize("p_shape, y_shape, form", [
    ((3,), (3,), "targets"), ((3,), (), "class_indices"), ((4, 3), (4, 3), "targets"),
    ((4, 3), (4,), "class_indices"), ((1,), (1,), "targets"), ((1,), (), "class_indices"),
    ((4, 3), (3,), None), ((4, 3), (4, 1), None), ((3,), (2,), None)])
def test_one_decision_says_what_ces_label_holds_for_its_shape_value_and_case(p_shape, y_shape, form):
    """ce's shape rule, its case and its value all follow _label_form: a label it calls neither
    targets nor class indices is refused when the graph is built, and the case is named as it says."""
    from engine.core.ops import _label_form
    assert _label_form(p_shape, y_shape) == form
    values = {"p": np.full(p_shape, 1 / p_shape[-1]).tolist(), "y": np.zeros(y_shape).tolist()}
    if form is None:
        with pytest.raises(EngineError) as err:
            evaluate("L = ce(p, y)", values)
        assert err.value.code == "ce_label_shape"
        return
    node = {n["id"]: n for n in evaluate("L = ce(p, y)", values)["nodes"]}["L"]
    assert node.get("case") == (None if form == "targets" else "class_indices")


def test_ce_label_templates_fit_class_indices_and_targets_alike():
    """ce's ∂L/∂y is −log p / N against targets (a one-hot y is one) and 0 against class indices: the
    answer names the case and its edge formulas use that case's templates, which say the numbers sent."""
    p = [0.2, 0.5, 0.3]
    for source in ("L = ce(p, y)", "L = softmax_ce(z, y)"):
        values = {"p": p, "z": [0.1, 1.0, 0.5]}
        onehot = evaluate(source, {**values, "y": [0.0, 1.0, 0.0]})
        index = evaluate(source, {**values, "y": 1})
        node = {r["id"]: r for r in onehot["nodes"]}["L"]
        assert "case" not in node and {r["id"]: r for r in index["nodes"]}["L"]["case"] == "class_indices"
        y_edge = {e["source"]: e for e in onehot["edges"]}["y"]
        assert y_edge["formula"].endswith(("= -\\frac{1}{N}\\log p", "= -\\frac{1}{N}\\log \\mathrm{softmax}(z)"))
        probabilities = np.asarray(p) if "softmax" not in source else np.exp([0.1, 1.0, 0.5]) / np.exp([0.1, 1.0, 0.5]).sum()
        np.testing.assert_allclose(y_edge["downstream"], -np.log(probabilities) / 1, rtol=1e-12)
        index_edges = {e["source"]: e for e in index["edges"]}
        assert index_edges["y"]["formula"].endswith("= 0") and index_edges["y"]["downstream"] == 0.0
        assert "\\mathrm{onehot}(y)" in index_edges["p" if "softmax" not in source else "z"]["formula"]
    table = {op["name"]: op for op in describe_ops()}
    assert table["ce"]["cases"]["class_indices"]["derivative"][1] == "0"
    assert table["ce"]["derivative"][1] == "-\\frac{1}{N}\\log #1"


def test_no_template_holds_words_the_page_cannot_translate():
    """Templates show on the Chinese page as they are: a condition is written as the textbook's
    indicator 𝟙{z ≥ 0}, never as English in \\text{…}."""
    for op in describe_ops():
        cases = [t for case in op["cases"].values() for t in case["derivative"]]
        for template in [op["latex"], *op["derivative"], *cases]:
            assert "\\text" not in template, (op["name"], template)


def test_a_long_sums_formula_is_elided_and_a_short_one_written_whole():
    # A pasted x + x + … of 12,001 terms wrote a 48,000-character formula, which the page typeset
    # whole at each step (seconds); the numbers it holds are unchanged.
    from engine import evaluate
    from engine.core.ops import MAX_SUM_TERMS, SUM_HEAD

    long = evaluate(" + ".join(["x"] * 12001), {"x": 1})
    node = next(n for n in long["nodes"] if n["id"] == long["output"])
    terms = node["formula"].split(" = ", 1)[1].split(" + ")
    assert terms == ["x"] * SUM_HEAD + [r"\cdots", "x"] and node["value"] == 12001
    short = evaluate(" + ".join(["x"] * MAX_SUM_TERMS), {"x": 1})
    assert short["nodes"][-1]["formula"].split(" = ", 1)[1] == " + ".join(["x"] * MAX_SUM_TERMS)
