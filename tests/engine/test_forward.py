"""The forward pass (engine/core/forward.py): values in creation order from the op table's forward
functions; a float operation at a pole answers as numpy does, and is reported once, where it happened."""
import math

from engine.api import compute
from engine.core.forward import apply
from engine.present.result import build_result


def _values(source, values):
    graph, _, _ = compute(source, values)
    return {n.name: n.value for n in graph.nodes if n.name}


def test_figure_6_15_forward():
    assert _values("d = 2*b\ne = a + d\nL = c*e", {"a": 3, "b": 1, "c": -2}) == {
        "a": 3.0, "b": 1.0, "d": 2.0, "e": 5.0, "c": -2.0, "L": -10.0}


def test_scalars_stay_floats_and_tensors_arrays():
    v = _values("s = a * 2\nt = x * a\nL = sum(t)", {"a": 1.5, "x": [1, 2]})
    assert v["s"].__class__ is float and v["t"].tolist() == [1.5, 3.0]


def test_a_pole_answers_as_numpy_and_is_reported_once_where_it_happened():
    assert apply("log", [0.0], ()) == -math.inf
    assert apply("div", [1.0, 0.0], ()) == math.inf
    assert math.isnan(apply("sqrt", [-1.0], ()))
    assert apply("exp", [1000.0], ()) == math.inf
    graph, output, _ = compute("u = log(a)\nv = u * 2\nL = v + 1", {"a": 0.0})
    warnings = build_result(graph, output)["warnings"]
    produced = [w for w in warnings if w["code"] == "non_finite_result"]
    assert [w["node"] for w in produced] == ["u"]                  # not v or L, which only pass it on
    assert produced[0]["params"] == {"op": "log", "args": "0", "result": "-Infinity"}


def test_a_loss_reading_a_sigmoid_uses_its_logits():
    """bce(σ(40), 0) is 40 (softplus), not log(1 − 1.0) = −∞."""
    assert _values("p = sigmoid(z)\nL = bce(p, y)", {"z": 40.0, "y": 0.0})["L"] == 40.0
