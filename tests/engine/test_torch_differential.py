"""Differential testing against PyTorch: seeded random programs over every operator and function of the
language (scalars, vectors, matrices, broadcasting, fan-out, assignments, values at the kinks) are
evaluated by the engine and replayed in torch. Every assigned node's value and upstream gradient and
every edge's local (Jacobian) and downstream gradient must agree, up to the documented conventions
(ReLU'(0) = leaky_relu'(0) = 1, and max/min sending a tie's gradient to the first operand, reproduced
on the torch side with torch.where).

BACKPROP_FUZZ_EXAMPLES=5000 runs more programs (the default keeps the file to a few seconds)."""
import math
import os
import random

import numpy as np
import pytest

from engine import EngineError, evaluate

from .helpers import edge_records, full_jacobian, in_edges

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.torch

EXAMPLES = int(os.environ.get("BACKPROP_FUZZ_EXAMPLES", "150"))
SHAPES = {"x": (), "y": (), "v": (3,), "w": (3,), "M": (2, 3), "N": (3, 2), "c": (2, 1)}
# Values at and near every kink: relu/abs/sqrt at 0, log near 0, sigmoid at ±40, big softmax logits.
KINKS = [0.0, 1.0, -1.0, 0.5, -2.0, 40.0, -40.0, 1e-8, 3.0, -0.25, 1000.0, -1000.0]


def _relu(z):
    return torch.where(z < 0, torch.zeros_like(z), z)           # ReLU'(0) = 1 (the textbook's footnote); NaN stays NaN


def _leaky(z, slope=0.01):
    return torch.where(z < 0, slope * z, z)                       # leaky_relu'(0) = 1, the same convention


def _max(a, b):
    return torch.where((a >= b) | torch.isnan(a), a, b)          # a tie picks (and sends the gradient to) a


def _min(a, b):
    return torch.where((a <= b) | torch.isnan(a), a, b)


UNARY = {"exp": torch.exp, "log": torch.log, "ln": torch.log, "sqrt": torch.sqrt, "abs": torch.abs, "sin": torch.sin,
         "cos": torch.cos, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": _relu, "leaky_relu": _leaky,
         "neg": torch.neg}


def _broadcastable(a, b):
    try:
        np.broadcast_shapes(a, b)
        return True
    except ValueError:
        return False


def _matmul_shape(a, b):
    if len(a) == 0 or len(b) == 0:
        return None
    k_a = a[-1]
    k_b = b[0] if len(b) == 1 else b[-2]
    if k_a != k_b:
        return None
    return np.matmul(np.zeros(a), np.zeros(b)).shape


def random_program(rng):
    """(source, statements) where each statement is (name, op, operand names, extra)."""
    env = dict(SHAPES)
    names = list(SHAPES)
    statements, lines = [], []
    for i in range(rng.randint(1, 6)):
        target = f"t{i}"
        kind = rng.random()
        a = rng.choice(names)
        if kind < 0.35:
            op = rng.choice(sorted(UNARY) + ["softmax", "softmax", "sum", "mean", "transpose"])
            if op == "softmax" and env[a] == ():
                op = "exp"
            if op == "transpose" and len(env[a]) != 2:
                op = "tanh"
            shape = {"sum": (), "mean": ()}.get(op, env[a][::-1] if op == "transpose" else env[a])
            text = f"-{a}" if op == "neg" else f"leaky_relu({a}, 0.2)" if op == "leaky_relu" and rng.random() < .5 \
                else f"{op}({a})"
            extra = 0.2 if text.startswith("leaky_relu(") and "," in text else None
            statements.append((target, op, (a,), extra))
        elif kind < 0.8:
            b = rng.choice([n for n in names if _broadcastable(env[a], env[n])])
            op = rng.choice(["+", "-", "*", "/", "implicit", "max", "min"])
            text = f"{a} {b}" if op == "implicit" else f"{op}({a}, {b})" if op in ("max", "min") else f"{a} {op} {b}"
            shape = np.broadcast_shapes(env[a], env[b])
            statements.append((target, "*" if op == "implicit" else op, (a, b), None))
        elif kind < 0.9:
            options = [n for n in names if _matmul_shape(env[a], env[n]) is not None]
            if not options:
                continue
            b = rng.choice(options)
            text, shape = f"{a} @ {b}", _matmul_shape(env[a], env[b])
            statements.append((target, "@", (a, b), None))
        else:
            exponent = rng.choice(["2", "3", "0.5", "-1", "0", "1.5", "y"])
            text = f"{a} ^ {exponent}" if rng.random() < .5 else f"{a} ** {exponent}"
            shape = np.broadcast_shapes(env[a], ()) if exponent != "y" else env[a]
            statements.append((target, "^", (a, exponent), None))
        env[target] = tuple(shape)
        names.append(target)
        lines.append(f"{target} = {text}")
    last = statements[-1][0] if statements else "x"
    lines.append(f"L = {rng.choice(['sum', 'mean'])}({last})" if env[last] != () else f"L = {last} + 0")
    return "\n".join(lines), statements


def random_values(rng):
    def number():
        return rng.choice(KINKS) if rng.random() < 0.5 else round(rng.uniform(-3, 3), 3)
    values = {}
    for name, shape in SHAPES.items():
        values[name] = np.array([number() for _ in range(int(np.prod(shape)) if shape else 1)]) \
            .reshape(shape).tolist()
    return values


def apply_op(op, xs, extra):
    if op in UNARY:
        return _leaky(xs[0], extra) if op == "leaky_relu" and extra else UNARY[op](xs[0])
    if op == "softmax":
        return torch.softmax(xs[0], dim=-1)
    if op in ("sum", "mean"):
        return getattr(torch, op)(xs[0])
    if op == "transpose":
        return xs[0].T
    if op == "@":
        return xs[0] @ xs[1]
    if op == "^":
        return xs[0] ** xs[1]
    if op in ("max", "min"):
        return (_max if op == "max" else _min)(xs[0], xs[1])
    return {"+": torch.add, "-": torch.sub, "*": torch.mul, "/": torch.div}[op](xs[0], xs[1])


def operand(env, name):
    return env[name] if name in env else torch.tensor(float(name), dtype=torch.float64)


def torch_replay(statements, values):
    env = {k: torch.tensor(np.array(v, dtype=np.float64), requires_grad=True) for k, v in values.items()}
    for target, op, args, extra in statements:
        out = apply_op(op, [operand(env, a) for a in args], extra)
        out.retain_grad()
        env[target] = out
    return env


def num(v):
    if isinstance(v, list):
        return np.array([num(x) for x in v], dtype=np.float64)
    return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}.get(v, v) \
        if isinstance(v, str) else float(v)


def agree(ours, theirs, what, scale=1.0):
    """Equal up to rounding: NaN where torch has NaN, the same infinities, else rtol 1e-9 with an
    absolute slack proportional to the inputs' magnitude (w/(w·c) cancels to ~1e-8 of 1000s)."""
    ours, theirs = np.asarray(num(ours), dtype=np.float64), np.asarray(theirs, dtype=np.float64)
    assert ours.shape == theirs.shape, what
    both_nan = np.isnan(ours) & np.isnan(theirs)
    assert np.array_equal(np.isnan(ours), np.isnan(theirs)), (what, ours, theirs)
    assert np.allclose(np.where(both_nan, 0, ours), np.where(both_nan, 0, theirs),
                       rtol=1e-9, atol=1e-12 * scale, equal_nan=False), (what, ours, theirs)


def _structural_zeros(ours, jac):
    """torch builds a Jacobian row by row (one VJP per output), so one NaN derivative smears 0 × NaN =
    NaN across its whole row and column (from a NaN or an infinity); ours keeps the exact zeros an elementwise op has off its
    diagonal. Where ours is exactly 0 and torch's NaN shares a row or column with a NaN or ±∞ of ours, take 0."""
    ours, jac = np.asarray(ours, dtype=np.float64), np.array(jac, dtype=np.float64)
    if ours.shape != jac.shape or ours.ndim == 0:
        return jac
    out_nd = ours.ndim // 2 if ours.ndim % 2 == 0 else ours.ndim
    o = int(np.prod(ours.shape[:out_nd])) if ours.ndim % 2 == 0 else 1
    flat_ours, flat_jac = ours.reshape(o, -1), jac.reshape(o, -1)
    bad = ~np.isfinite(flat_ours)
    smear = bad.any(axis=1, keepdims=True) | bad.any(axis=0, keepdims=True)
    fixed = np.where(np.isnan(flat_jac) & (flat_ours == 0) & smear, 0.0, flat_jac)
    return fixed.reshape(jac.shape)


def _check_identities(r):
    """upstream = Σ received downstream; downstream shaped like the input; steps in the contract's order."""
    nodes = {n["id"]: n for n in r["nodes"]}
    forward = [s["node"] for s in r["steps"] if s["phase"] == "forward"]
    backward = [s["node"] for s in r["steps"] if s["phase"] == "backward"]
    assert forward == r["forward_order"] and backward == r["backward_order"]
    phases = [s["phase"] for s in r["steps"]]
    assert phases == sorted(phases, key=lambda p: p == "backward")
    assert r["backward_order"][0] == r["output"]
    for s in r["steps"]:
        if s["phase"] != "backward":
            continue
        node = nodes[s["node"]]
        for edge in edge_records(r, s["edges"]):
            assert list(np.shape(num(edge["downstream"]))) == nodes[edge["source"]]["shape"]
            if edge["local"] is not None and np.shape(num(edge["local"])) == () and node["shape"] == []:
                up, loc, down = num(node["grad"]), num(edge["local"]), num(edge["downstream"])
                if all(math.isfinite(z) for z in (up, loc, down)):
                    assert math.isclose(down, up * loc, rel_tol=1e-12, abs_tol=1e-300)
        if s["received"]:
            total = sum(np.asarray(num(e["downstream"])) for e in edge_records(r, s["received"]))
            if np.all(np.isfinite(total)):
                agree(node["grad"], total, f"upstream of {s['node']}")


def _compare(seed):
    rng = random.Random(seed)
    source, statements = random_program(rng)
    values = random_values(rng)
    try:
        r = evaluate(source, values, parameters=["M", "v"])
    except EngineError:
        return False
    env = torch_replay(statements, values)
    loss = env["L"] = (torch.sum(env[statements[-1][0]]) if "sum(" in source.splitlines()[-1]
                       else torch.mean(env[statements[-1][0]]) if "mean(" in source.splitlines()[-1]
                       else env[statements[-1][0]] + 0) if statements else env["x"] + 0
    nodes = {n["id"]: n for n in r["nodes"]}
    scale = 1e4 * max(1.0, *(abs(float(z)) for v in values.values() for z in np.ravel(v)))
    agree(nodes["L"]["value"], loss.detach().numpy(), (source, values, "L"))
    if not np.isfinite(loss.item()):
        return True
    grads = torch.autograd.grad(loss, [env[t] for t, *_ in statements] + [env[k] for k in SHAPES],
                                allow_unused=True, retain_graph=True)
    for name, g in zip([t for t, *_ in statements] + list(SHAPES), grads):
        if name not in nodes:
            continue
        agree(nodes[name]["value"], env[name].detach().numpy(), (source, values, name, "value"))
        expected = np.zeros(SHAPES.get(name, env[name].shape)) if g is None else g.numpy()
        agree(nodes[name]["grad"], expected, (source, values, name, "grad"), scale)
    # Edge locals: the Jacobian of each assigned node with respect to each named input.
    for target, op, args, extra in statements:
        edges = in_edges(r, target)
        assert len(edges) >= len(args), (source, target)    # leaky_relu's slope is one more
        for i, a in enumerate(args):
            if a not in env:
                continue
            assert edges[i]["source"] == a, (source, target, i)
            fixed = [operand(env, b).detach() for b in args]

            def f(t, i=i, fixed=fixed, op=op, extra=extra):
                return apply_op(op, fixed[:i] + [t] + fixed[i + 1:], extra)
            # Reverse mode smears a NaN over a broadcast input's column, forward mode over a
            # reduction's row: where one is NaN and the other finite, the finite one is the derivative.
            rev = torch.func.jacrev(f)(env[a].detach().clone())
            fwd = torch.func.jacfwd(f)(env[a].detach().clone())
            jac = torch.where(torch.isnan(rev) & ~torch.isnan(fwd), fwd, rev)
            local = edges[i]["local"]
            if local is None or (op == "abs" and torch.isnan(env[a]).any()):
                continue      # |x|' at NaN: ours says NaN, torch's sign(NaN) says 0; not a number either way
            jac = jac.numpy()
            local = full_jacobian(r, edges[i])      # an elementwise local is the Jacobian's diagonal
            if np.shape(local) == () and jac.size == 1:
                jac = jac.reshape(())
            agree(local.tolist(), _structural_zeros(local, jac), (source, values, target, a, "local"))
    _check_identities(r)
    return True


def test_random_programs_match_torch():
    compared = sum(_compare(seed) for seed in range(EXAMPLES))
    assert compared > EXAMPLES // 2          # most programs are valid: the comparison really ran


def test_a_branch_the_output_does_not_use_sends_exactly_zero():
    """Bug found by the generator: `t0 = w ^ 1.5` (unused, w < 0) sent 0 × NaN = NaN into ∂L/∂w; torch,
    which never visits the branch, answers 1. An unused node's inputs now get 0 from it."""
    r = evaluate("t0 = w ^ 1.5\nL = sum(x + w)", {"w": [-0.25, 0.5], "x": 1.0})
    assert r["gradients"]["w"] == [1.0, 1.0]
    r = evaluate("t0 = log(a)\nL = 2 a", {"a": 0.0})
    assert r["gradients"]["a"] == 2.0


def test_zero_to_the_zero_has_slope_zero_in_its_base():
    """Bug found by the generator: M ^ y with M = 0, y = 0 had ∂/∂M = 0·0^(−1) = NaN; a^0 is the constant 1,
    so the slope is 0 (PyTorch: 0), scalar and tensor paths alike."""
    assert evaluate("L = a ^ b", {"a": 0.0, "b": 0.0})["gradients"]["a"] == 0.0
    assert evaluate("L = sum(M ^ y)", {"M": [0.0, 2.0], "y": 0.0})["gradients"]["M"] == [0.0, 0.0]


def test_matmul_jacobian_keeps_infinite_entries():
    """Bug found by the generator: the @ edge's Jacobian was built from one VJP per output, so an ∞ in A
    (1/0) made 0 × ∞ = NaN in every row of its column; ∂C[i,0]/∂b[k] is A[i,k] itself (torch: the same)."""
    r = evaluate("A = 1 / D\nC = A @ b\nL = sum(C)", {"D": [[0.0, -1.0], [0.5, 1 / 3]], "b": [1.0, 2.0]})
    edge = in_edges(r, "C")[1]
    assert edge["local"] == [["Infinity", -1.0], [2.0, 3.0]]
    assert in_edges(r, "C")[0]["local"][1][0] == [0.0, 0.0]


def test_zero_to_a_negative_power_has_slope_minus_infinity_in_its_exponent():
    """Bug found by the generator: ∂(0^b)/∂b was 0 for every b; for b < 0 it is ∞ · ln 0 = −∞ (torch too),
    and 0 only for b ≥ 0."""
    assert evaluate("L = a ^ b", {"a": 0.0, "b": -0.5})["gradients"]["b"] == "-Infinity"
    assert evaluate("L = a ^ b", {"a": 0.0, "b": 2.0})["gradients"]["b"] == 0.0
    assert evaluate("L = sum(M ^ b)", {"M": [0.0, 4.0], "b": -0.5})["gradients"]["b"] == "-Infinity"

