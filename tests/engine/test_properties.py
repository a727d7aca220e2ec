"""Property-based: random well-formed programs either evaluate with consistent gradients everywhere
(upstream = Σ received downstream at every node; downstream = upstream × local on every scalar edge;
strict JSON) or raise EngineError — never any other exception."""
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import EngineError, evaluate

from .helpers import strict_json

NAMES = ["a", "b", "c", "x1", "W1"]
UNARY = ["exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "sigmoid", "σ", "relu", "leaky_relu",
         "sum", "mean", "-"]
BINARY = ["+", "-", "*", "/", "^", "**", "·", "×", "−", "÷", "", " "]

leaf = st.one_of(st.sampled_from(NAMES),
                 st.floats(min_value=0, max_value=5, allow_nan=False).map(lambda v: f"{v:.3g}"))


def _extend(children):
    return st.one_of(
        st.tuples(st.sampled_from(UNARY), children).map(
            lambda t: f"-({t[1]})" if t[0] == "-" else f"{t[0]}({t[1]})"),
        st.tuples(children, st.sampled_from(BINARY), children).map(lambda t: f"({t[0]}){t[1]}({t[2]})"),
        st.tuples(children, children).map(lambda t: f"{t[0]} + {t[1]}"),
    )


expressions = st.recursive(leaf, _extend, max_leaves=12)
numbers = st.floats(min_value=-3, max_value=3, allow_nan=False).map(lambda v: round(v, 3))
values = st.fixed_dictionaries({n: numbers for n in NAMES})


def _sum(values):
    total = 0.0
    for v in values:
        total += v
    return total


def check_invariants(result):
    strict_json(result)
    steps = {(s["phase"], s["node"]): s for s in result["steps"]}
    edges = result["edges"]
    for n in result["nodes"]:
        back = steps[("backward", n["id"])]
        assert back["edges"] == n["inputs"]
        if n["id"] == result["output"] or not isinstance(n["grad"], float):
            continue
        received = [edges[k]["downstream"] for k in back["received"]]
        if all(isinstance(v, float) for v in received):
            total = _sum(received)
            assert math.isclose(total, n["grad"], rel_tol=1e-12, abs_tol=1e-300) or total == n["grad"], n
        for e in (edges[k] for k in n["inputs"]):
            if n["shape"] or not all(isinstance(v, float) for v in (e["local"], e["downstream"])):
                continue
            expected = n["grad"] * e["local"]
            if math.isfinite(expected):
                assert math.isclose(e["downstream"], expected, rel_tol=1e-9, abs_tol=1e-12), (n, e)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions, values)
def test_random_expressions(src, vals):
    try:
        result = evaluate(src, vals)
    except EngineError as err:
        assert err.to_dict()["error"]
        return
    check_invariants(result)


statements = st.lists(expressions, min_size=1, max_size=5)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statements, values, st.sampled_from(["\n", ";", " ; ", "\n\n"]))
def test_random_programs(exprs, vals, sep):
    lines = [f"t{i} = {e}" for i, e in enumerate(exprs[:-1])]
    tail = " + ".join(f"t{i}" for i in range(len(lines)))
    lines.append(f"L = {exprs[-1]}" + (f" + {tail}" if tail else ""))
    try:
        result = evaluate(sep.join(lines), vals)
    except EngineError:
        return
    assert result["output"] == "L"
    check_invariants(result)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcxW1()+-*/^=;,\n .σ×·−÷ᵀ²@_e0'[]#")), max_size=40), values)
def test_arbitrary_text_never_raises_anything_else(src, vals):
    try:
        result = evaluate(src, vals)
    except EngineError as err:
        d = err.to_dict()
        assert set(d) == {"error", "message", "line", "column", "excerpt", "hint", "code", "params",
                          "hint_code", "hint_params"}
        return
    strict_json(result)


TENSOR_VALUES = {"a": 0.5, "b": -2.0, "v": [1.0, -2.0, 0.0], "w": [0.5, 0.5, 3.0],
                 "M": [[1, 2, 3], [0, -1, 2]], "N": [[1, 0], [2, 1], [0, 0]], "c": [[1.0], [2.0]],
                 "y": [0, 2], "k": 1, "p": [0.2, 0.3, 0.5]}
T_UNARY = UNARY + ["softmax", "transpose"]
T_BINARY = ["+", "-", "*", "/", "^", "@", " "]
T_TWO = ["bce", "ce", "softmax_ce", "leaky_relu"]
t_leaf = st.sampled_from(list(TENSOR_VALUES) + ["2", "0", "1.5"])


def _t_extend(children):
    return st.one_of(
        st.tuples(st.sampled_from(T_UNARY), children).map(
            lambda t: f"-({t[1]})" if t[0] == "-" else f"{t[0]}({t[1]})"),
        st.tuples(children, st.sampled_from(T_BINARY), children).map(lambda t: f"({t[0]}){t[1]}({t[2]})"),
        st.tuples(st.sampled_from(T_TWO), children, children).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
    )


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(t_leaf, _t_extend, max_leaves=10), st.booleans())
def test_random_tensor_expressions(src, check):
    """Broadcasting, shape errors, Jacobians with non-finite entries, the gradient check: only
    EngineError or a strict-JSON result (this found a crash on 4-axis Jacobians holding NaN)."""
    try:
        result = evaluate(src, TENSOR_VALUES, check=check)
    except EngineError:
        return
    strict_json(result)
