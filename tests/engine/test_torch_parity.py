"""PyTorch parity: generated expressions (scalars and small networks) give the same values and
gradients as torch.autograd. Skipped cleanly when torch is not installed."""
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import EngineError, evaluate

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.torch

T = {
    "exp": torch.exp, "log": torch.log, "sqrt": torch.sqrt, "abs": torch.abs, "sin": torch.sin,
    "cos": torch.cos, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
    "relu": lambda z: torch.where(z >= 0, z, torch.zeros_like(z)),     # ReLU'(0) = 1, as the textbook
}
NAMES = ["a", "b", "c"]


def _leaf():
    return st.one_of(st.sampled_from(NAMES), st.sampled_from(["2", "0.5", "3"]))


def _extend(children):
    return st.one_of(
        st.tuples(st.sampled_from(sorted(T)), children),
        st.tuples(children, st.sampled_from(["+", "-", "*", "/"]), children),
    )


trees = st.recursive(_leaf(), _extend, max_leaves=8)


def to_source(tree):
    stack, out = [(tree, False)], []
    while stack:                      # iterative, like the engine
        item, done = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif len(item) == 2:
            if done:
                out.append(f"{item[0]}({out.pop()})")
            else:
                stack += [(item, True), (item[1], False)]
        else:
            if done:
                right, left = out.pop(), out.pop()
                out.append(f"({left}) {item[1]} ({right})")
            else:
                stack += [(item, True), (item[2], False), (item[0], False)]
    return out[0]


def to_torch(tree, env):
    if isinstance(tree, str):
        return env[tree] if tree in env else torch.tensor(float(tree), dtype=torch.float64)
    if len(tree) == 2:
        return T[tree[0]](to_torch(tree[1], env))
    left, op, right = to_torch(tree[0], env), tree[1], to_torch(tree[2], env)
    return {"+": left + right, "-": left - right, "*": left * right, "/": left / right}[op]


def _agree(x, y):
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    if math.isinf(x) or math.isinf(y):
        return x == y
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def _num(v):
    return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}.get(v, v) if isinstance(v, str) else v


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees, st.fixed_dictionaries({n: st.floats(0.1, 2.0).map(lambda v: round(v, 3)) for n in NAMES}))
def test_scalar_expressions_match_torch(tree, values):
    src = to_source(tree)
    if not any(n in src for n in NAMES):
        return
    try:
        r = evaluate(src, values)
    except EngineError:
        return
    env = {n: torch.tensor(float(v), dtype=torch.float64, requires_grad=True) for n, v in values.items()}
    out = to_torch(tree, env)
    if not out.requires_grad:
        return
    out.backward()
    assert _agree(_num(r["nodes"][-1]["value"]), out.item())
    for name, grad in r["gradients"].items():
        if math.isfinite(out.item()) and all(math.isfinite(_num(n["value"])) for n in r["nodes"]):
            expected = env[name].grad.item() if env[name].grad is not None else 0.0
            assert _agree(_num(grad), expected), (src, name)


def test_two_layer_network_matches_torch():
    rng = np.random.default_rng(1)
    W1, b1, W2, b2 = rng.normal(size=(4, 3)), rng.normal(size=4), rng.normal(size=(1, 4)), rng.normal(size=1)
    X = rng.normal(size=(5, 3))
    y = np.array([[1.0], [0.0], [1.0], [1.0], [0.0]])
    src = "z1 = X @ W1ᵀ + b1\na1 = relu(z1)\nz2 = a1 @ W2ᵀ + b2\na2 = σ(z2)\nL = bce(a2, y)"
    vals = {"X": X.tolist(), "W1": W1.tolist(), "b1": b1.tolist(), "W2": W2.tolist(), "b2": b2.tolist(),
            "y": y.tolist()}
    r = evaluate(src, vals, parameters=["W1", "b1", "W2", "b2"])
    tp = {k: torch.tensor(np.array(v), dtype=torch.float64, requires_grad=True) for k, v in vals.items()}
    a1 = torch.relu(tp["X"] @ tp["W1"].T + tp["b1"])
    a2 = torch.sigmoid(a1 @ tp["W2"].T + tp["b2"])
    loss = torch.nn.functional.binary_cross_entropy(a2, tp["y"])
    loss.backward()
    assert math.isclose(r["nodes"][-1]["value"], loss.item(), rel_tol=1e-12)
    for k in ("W1", "b1", "W2", "b2", "X"):
        assert np.allclose(r["gradients"][k], tp[k].grad.numpy(), rtol=1e-10, atol=1e-12), k


def test_softmax_cross_entropy_matches_torch():
    rng = np.random.default_rng(2)
    Z = rng.normal(size=(6, 4)) * 5
    y = [0, 3, 1, 2, 2, 0]
    r = evaluate("L = ce(softmax(Z), y)", {"Z": Z.tolist(), "y": y})
    tz = torch.tensor(Z, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(tz, torch.tensor(y))
    loss.backward()
    assert math.isclose(r["nodes"][-1]["value"], loss.item(), rel_tol=1e-12)
    assert np.allclose(r["gradients"]["Z"], tz.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_broadcasting_matches_torch():
    rng = np.random.default_rng(3)
    vals = {"M": rng.normal(size=(3, 4)).tolist(), "v": rng.normal(size=4).tolist(),
            "c": rng.normal(size=(3, 1)).tolist(), "s": 0.7}
    r = evaluate("mean(tanh(M * v + c) / (s + 2) - v ^ 2)", vals)
    t = {k: torch.tensor(np.array(v), dtype=torch.float64, requires_grad=True) for k, v in vals.items()}
    out = torch.mean(torch.tanh(t["M"] * t["v"] + t["c"]) / (t["s"] + 2) - t["v"] ** 2)
    out.backward()
    assert math.isclose(r["nodes"][-1]["value"], out.item(), rel_tol=1e-12)
    for k in vals:
        assert np.allclose(r["gradients"][k], t[k].grad.numpy(), rtol=1e-10, atol=1e-14), k
