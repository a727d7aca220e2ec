"""The backward pass (engine/core/backward.py): the chain rule node by node in reverse creation order —
upstream = Σ received downstream, downstream = upstream × local — with the locals' shapes of format 2."""
import numpy as np

from engine.api import compute


def _graph(source, values):
    graph, output, _ = compute(source, values)
    return {n.name: n for n in graph.nodes if n.name}


def test_figure_6_16_the_chain_rule_on_each_edge():
    n = _graph("d = 2*b\ne = a + d\nL = c*e", {"a": 3, "b": 1, "c": -2})
    assert (n["L"].grad, n["c"].grad, n["e"].grad, n["d"].grad, n["b"].grad, n["a"].grad) == (1.0, 5.0, -2.0, -2.0, -4.0, -2.0)
    assert n["L"].locals == [5.0, -2.0] and n["L"].downs == [5.0, -2.0]      # ∂L/∂c = e, ∂L/∂e = c
    assert n["d"].locals == [1.0, 2.0] and n["d"].downs == [-2.0, -4.0]      # d = 2b: ∂d/∂b = 2


def test_fan_out_sums_what_every_use_sends():
    n = _graph("L = x*x + 3*x", {"x": 2.0})
    assert n["x"].grad == 7.0                                              # 2 + 2 + 3


def test_a_node_the_output_does_not_use_sends_exactly_zero():
    n = _graph("t = log(w)\nL = 2*w", {"w": -1.0})                          # log(-1) = NaN, unused
    assert n["w"].grad == 2.0 and n["t"].downs == [0.0]


def test_elementwise_locals_are_the_diagonal_and_reductions_like_the_operand():
    n = _graph("z = W @ x + b\na = tanh(z)\nL = sum(a)", {"W": np.eye(3).tolist(), "x": [1.0, 2.0, 3.0], "b": 0.5})
    assert np.shape(n["a"].locals[0]) == (3,)                              # tanh: shaped like the node
    assert np.shape(n["z"].locals[1]) == (3,) and n["z"].downs[1].__class__ is float   # broadcast b: summed back
    assert np.shape(n["L"].locals[0]) == (3,)                              # sum: shaped like the operand
    matmul = n["z"].inputs[0]
    assert np.shape(matmul.locals[0]) == (3, 3, 3)                         # mixing: the full Jacobian


def test_large_jacobians_are_left_out_but_the_vjp_is_not():
    n = _graph("L = sum(W @ x)", {"W": np.ones((80, 80)).tolist(), "x": np.ones(80).tolist()})
    matmul = n["L"].inputs[0]
    assert matmul.locals[0] is None and matmul.downs[0].shape == (80, 80)
