"""A network from a spec, as a computation graph in two views (contract §2).

The network is written as a program in the engine's own expression language and run by
``engine.evaluate``, so both views share the engine's derivative rules, ids, formulas and steps.

Layer view (eq 6.35), one node per vector or matrix, in the textbook's form z = W x + b:

    one sample x (a vector):            a batch x (n_0 × m, one sample per column):
    z1 = W1 @ x + b1                    z1 = W1 @ x + b1     (b1 a column, n_1 × 1)
    a1 = relu(z1)                       a1 = relu(z1)
    z2 = W2 @ a1 + b2                   z2 = W2 @ a1 + b2
    a2 = σ(z2)                          a2 = σ(z2)
    L = bce(a2, y)                      L = bce(a2, y)       (y: k × m, a column per sample)

(ce: ``L = ce(a2, y)`` with class indices; mse: ``r = a2 - y; L = mean(r * r)``; an identity
activation is the alias node ``a1 = z1``.)

For a batch, column i of z1 is W1 x_i + b1: the textbook's z = W x + b for every sample at once, with
the samples side by side as columns (X = [x_1 … x_m]) and b a column vector that adds to each of them,
so no transpose node stands between the textbook's formula and the graph. The engine's softmax and ce
act on rows (one sample per row, as in an expression), so a softmax layer in a batch reads its logits
transposed: ``a2 = softmax(z2ᵀ)`` (samples as rows; the loss's y then has a row per sample) and a
hidden one turns back, ``a1 = softmax(z1ᵀ)ᵀ``. The loss is the batch mean: bce and mse over all output
elements, ce over the samples. ``parameters`` always gives b^[i] as a vector of n_i numbers.

Scalar view (figure 6.18; one sample only): every weight, product, sum and activation is its own
node: ``z1_1 = w1_11*x1 + w1_12*x2 + b1_1`` (one n-ary + node), ``a1_1 = relu(z1_1)``, …, ``L``.
w^[i]_jk multiplies input k into unit j, so it is W^[i][j−1, k−1]. Losses:
    bce   L = bce(a2_1, y)                 (k outputs: the mean of k bce nodes)
    ce    e2_j = exp(z2_j); s2 = e2_1 + … + e2_k; a2_j = e2_j / s2;
          L = −(y1·log(a2_1) + … + yk·log(a2_k)) with the one-hot label y (eq 6.27)
    mse   r1 = a2_1 − y1; …; L = (r1·r1 + … + rk·rk) / k   (one output: r = a2_1 − y; L = r·r)
Numerically stable softmax, only where plain exp would fail (see ``softmax_shift``): a softmax layer
with a logit beyond ±SHIFT_LOGITS_BEYOND is written e2_j = exp(z2_j − m), m its largest logit rounded
to a whole number, and under ce a class whose probability rounds to 0 has its log written as
log(a2_j) = z2_j − m − log(s2) (eq 6.28), so both views give the same finite loss and gradients.
Units are numbered with one digit (ids such as w1_12 stay unambiguous), so the scalar view takes
layers of at most 9 units; the layer view takes any network within the spec limits.
"""
from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from . import mlp
from ..api import evaluate
from ..present.messages import warning
from .netspec import (MAX_SAMPLES, Architecture, SpecError, check_keys, parse_architecture,
                      parse_parameters, parse_x, parse_y, to_json)

NETWORK_KEYS = {"input_size", "layers", "loss", "x", "y", "weights", "init", "seed", "view"}
VIEWS = ("layer", "scalar")
# Scalar view: one digit per unit index keeps ids like w2_13 unambiguous and the drawing readable.
MAX_SCALAR_UNITS = 9
# Layer view: every node's value and gradient is sent for every sample; beyond a few hundred
# samples the page cannot show them and the response grows past several MB.
MAX_LAYER_SAMPLES = 256
# samples × (n_0 + n_1 + … + n_L): each such number costs ~0.8 kB of JSON (value, grad, edges,
# steps), so this keeps a layer-view response below ~8 MB.
MAX_LAYER_ACTIVATIONS = 10_000
# Doubles are normal (full precision) between e^−708.4 and e^709.8. The scalar view spells softmax
# out as e_j = exp(z_j), s = Σ e_j, a_j = e_j / s, whose backward pass forms −e_j / s² (the division's
# local derivative). With every |z_j| ≤ 230, s² ≤ 81·e^460 and e_j / s² ≥ e^−690 / 81 stay normal, so
# the textbook form is exact to rounding; a layer with a logit beyond that is shifted (softmax_shift).
SHIFT_LOGITS_BEYOND = 230.0
# After the shift, a probability below e^−700 is close to subnormal (it loses digits, then is 0), so
# y·log(a) would be inexact or 0·(−∞) = NaN; ce takes such logs from the logits (rounding_classes).
LOG_FROM_LOGITS_BELOW = -700.0

_ACTIVATION = {"relu": "relu", "sigmoid": "σ", "tanh": "tanh", "softmax": "softmax",
               "leaky_relu": "leaky_relu"}


def _activation(act: str, z: str) -> str:
    # `a = z` is the engine's identity node (op "identity", local derivative 1).
    return z if act == "identity" else f"{_ACTIVATION[act]}({z})"


def _rows_out(arch: Architecture, single: bool) -> bool:
    """True when the batch's output layer is a softmax, so a{L} and y have one row per sample."""
    return not single and arch.activations[-1] == "softmax"


# What an input of a network is, besides its kind (contract §2's ``role``): the sample x and the
# labels y are the network's data, which the textbook never backpropagates into (practice, the
# worksheet and the TikZ export do not ask their gradients); a dropout mask is drawn, not learned.
DATA, MASK = "data", "mask"
ROLES = (DATA, MASK)


def is_data(node: dict) -> bool:
    """A network's data — its sample x and labels y (x1, x2, …, y in the scalar view) — as the engine
    marks it: `role` DATA (docs/contract.md §2). The textbook never backpropagates into data, so its
    gradient is not an exercise's, a worksheet's or an exam sheet's to ask; an expression's inputs
    (figure 6.15's a, b, c) are. The page reads the same field (static/js/answer.js isDataInput)."""
    return node.get("role") == DATA


class Program(NamedTuple):
    """A view's program and the layer of every name it reads or assigns (contract §2's ``layer``): 0
    for the input (a^[0]), i for layer i's parameters, sums, activations and dropout mask, depth + 1
    for the loss and its label. ``parameters``: the names it reads as parameters (W1, b1, … or
    w1_11, …, b1_1, …), in the order it reads them; ``engine.evaluate`` is told these. ``roles``: the
    ``role`` (ROLES) of each input it reads that is not a parameter: x, y (x1, x2, …, y1, … in the
    scalar view) are DATA, dropout masks MASK."""
    source: str
    layers: dict
    parameters: tuple = ()
    roles: dict | None = None


def scalar_weight(i: int, j: int, k: int) -> str:
    """w^[i]_jk, the scalar view's name of the weight from input k into unit j of layer i (W^[i][j−1, k−1]):
    the one place this name is written (the program, its values and the gradient matrices read it here)."""
    return f"w{i}_{j}{k}"


def scalar_bias(i: int, j: int) -> str:
    """b^[i]_j, the scalar view's name of unit j's bias in layer i (b^[i][j−1])."""
    return f"b{i}_{j}"


class _Writer:
    """A program written line by line, each name given its layer where the line that uses it is written."""

    def __init__(self):
        self.lines, self.layers, self.parameters, self.roles = [], {}, [], {}

    def reads(self, layer: int, *names: str) -> list[str]:
        self.layers.update(dict.fromkeys(names, layer))
        return list(names)

    def data(self, layer: int, *names: str) -> list[str]:
        """Names read as the network's data (the sample x, the labels y): their nodes get role DATA."""
        self.roles.update(dict.fromkeys(names, DATA))
        return self.reads(layer, *names)

    def mask(self, layer: int, name: str) -> str:
        self.roles[name] = MASK
        return self.reads(layer, name)[0]

    def parameter(self, layer: int, *names: str) -> list[str]:
        """Names read as parameters (the graph's W and b): recorded for ``Program.parameters`` too."""
        self.parameters += names
        return self.reads(layer, *names)

    def let(self, layer: int, name: str, expression: str) -> str:
        self.lines.append(f"{name} = {expression}")
        self.layers[name] = layer
        return name

    def note(self, text: str) -> None:
        self.lines.append(f"# {text}")

    def program(self) -> Program:
        return Program("\n".join(self.lines), self.layers, tuple(self.parameters), self.roles)


def layer_program(arch: Architecture, single: bool, dropout_layers=()) -> Program:
    """The layer view's program. ``dropout_layers``: hidden layers i whose activations are multiplied
    by an input ``mask{i}`` (inverted dropout: entries 0 or 1/(1−p)) before the next layer."""
    w, loss = _Writer(), arch.depth + 1
    [prev] = w.data(0, "x")
    for i, act in enumerate(arch.activations, start=1):
        w.parameter(i, f"W{i}", f"b{i}")
        w.let(i, f"z{i}", f"W{i} @ {prev} + b{i}")
        if act == "softmax" and not single:    # softmax acts on rows; samples are columns here
            back = "" if i == arch.depth else "ᵀ"
            prev = w.let(i, f"a{i}", f"softmax(z{i}ᵀ){back}")
        else:
            prev = w.let(i, f"a{i}", _activation(act, f"z{i}"))
        if i in dropout_layers:
            w.mask(i, f"mask{i}")
            prev = w.let(i, f"a{i}_drop", f"a{i} * mask{i}")
    out = f"a{arch.depth}"
    w.data(loss, "y")
    if arch.loss == "mse":      # r·r rather than r^2: pow would also differentiate its exponent
        w.let(loss, "r", f"{out} - y")
        w.let(loss, "L", "mean(r * r)")
    else:
        w.let(loss, "L", f"{arch.loss}({out}, y)")
    return w.program()


def layer_values(arch: Architecture, params: dict, X: np.ndarray, Y: np.ndarray, single: bool,
                 masks: dict | None = None) -> dict:
    """The layer program's inputs. A batch is laid out as the textbook's columns: x is n_0 × m, b^[i]
    an n_i × 1 column, masks n_i × m, y k × m (rows per sample only after a softmax output, and ce's
    class indices stay a list of m)."""
    values = {name: params[name].tolist() for name in arch.parameter_names}
    if single:
        values["x"] = X[0].tolist()
        values["y"] = int(Y[0]) if arch.loss == "ce" else Y[0].tolist()
    else:
        values["x"] = X.T.tolist()
        for i in range(1, arch.depth + 1):
            values[f"b{i}"] = params[f"b{i}"].reshape(-1, 1).tolist()
        values["y"] = Y.tolist() if arch.loss == "ce" or _rows_out(arch, single) else Y.T.tolist()
    for name, mask in (masks or {}).items():
        values[name] = (mask if single else mask.T).tolist()
    return values


def _number(v: float) -> str:
    """A float as the program's number syntax, exactly (repr round-trips): 1000.0 → 1000, 1e+300."""
    text = repr(float(v))
    return text[:-2] if text.endswith(".0") else text


def _minus(name: str, m: float) -> str:
    """``name − m`` as program text (``name + 712`` for m = −712; just ``name`` for m = 0)."""
    if m == 0:
        return name
    return f"{name} {'-' if m > 0 else '+'} {_number(abs(m))}"


def softmax_shift(z: np.ndarray) -> float:
    """The constant m subtracted from a softmax layer's logits z in the scalar view, or 0 for none.

    softmax(z − m) = softmax(z) for any constant m, and a constant has no gradient to pass on, so the
    shift changes no value and no gradient; it only keeps exp in range (the layer view's softmax and
    log-sum-exp do the same inside one node). It is used only when some logit lies beyond
    ±SHIFT_LOGITS_BEYOND, so every ordinary network keeps the textbook's exp(z_j). m is the largest logit rounded to a whole
    number: readable in the formula, and exp(z_max − m) stays within e^±0.5. Non-finite logits have
    no useful shift (the views then agree on NaN / ∞ anyway).
    """
    top = float(np.max(z))
    if not math.isfinite(top) or float(np.max(np.abs(z))) <= SHIFT_LOGITS_BEYOND:
        return 0.0
    return float(round(top))


def rounding_classes(z: np.ndarray) -> list[int]:
    """Classes j (1-based) whose softmax probability is below e^LOG_FROM_LOGITS_BELOW: a2_j is then
    (nearly) subnormal or exactly 0, so y_j·log(a2_j) would lose digits or be 0·(−∞) = NaN. Their log
    is taken from the logits instead (eq 6.28), as the layer view's ce does with log-sum-exp. Only
    happens to a shifted layer: unshifted logits differ by at most 2·SHIFT_LOGITS_BEYOND."""
    top = float(np.max(z))
    if not math.isfinite(top):
        return []
    return [j for j, v in enumerate(np.ravel(z), start=1) if v - top < LOG_FROM_LOGITS_BELOW]


def scalar_program(arch: Architecture, shifts: dict | None = None, log_classes=()) -> Program:
    """The scalar view's program (figure 6.18). ``shifts``: {layer i: m} for softmax layers written
    e_j = exp(z_j − m) (``softmax_shift``); ``log_classes``: output classes whose ce term uses
    log(a_j) = z_j − m − log(s) (``rounding_classes``). Both default to none: the textbook's form."""
    shifts = shifts or {}
    w, loss = _Writer(), arch.depth + 1
    prev = w.data(0, *(f"x{k}" for k in range(1, arch.sizes[0] + 1)))
    for i, act in enumerate(arch.activations, start=1):
        units = range(1, arch.sizes[i] + 1)
        for j in units:
            weights = w.parameter(i, *(scalar_weight(i, j, k) for k in range(1, len(prev) + 1)))
            terms = [f"{wk} * {p}" for wk, p in zip(weights, prev)] + w.parameter(i, scalar_bias(i, j))
            w.let(i, f"z{i}_{j}", " + ".join(terms))
        if act == "softmax":
            m = shifts.get(i, 0.0)
            if m:
                w.note(f"softmax(z{i}) = softmax(z{i} − m) for any constant m: subtracting m = {_number(m)}, "
                       "the largest logit, keeps exp and its gradient in range and changes no value and no gradient")
            for j in units:
                w.let(i, f"e{i}_{j}", f"exp({_minus(f'z{i}_{j}', m)})")
            w.let(i, f"s{i}", " + ".join(f"e{i}_{j}" for j in units))
            prev = [w.let(i, f"a{i}_{j}", f"e{i}_{j} / s{i}") for j in units]
        else:
            prev = [w.let(i, f"a{i}_{j}", _activation(act, f"z{i}_{j}")) for j in units]
    k, out = arch.n_out, arch.depth
    ys = w.data(loss, *(["y"] if k == 1 and arch.loss != "ce" else [f"y{j}" for j in range(1, k + 1)]))
    if arch.loss == "ce":
        m = shifts.get(out, 0.0)
        if log_classes:
            names = ", ".join(f"a{out}_{j}" for j in log_classes)
            w.note(f"{names} {'rounds' if len(log_classes) == 1 else 'round'} to 0, where log gives −∞: "
                   f"log(a{out}_j) = {_minus(f'z{out}_j', m)} − log(s{out}) (eq 6.28) is the same number, finite")
        logs = [f"({_minus(f'z{out}_{j}', m)} - log(s{out}))" if j in log_classes else f"log({a})"
                for j, a in enumerate(prev, start=1)]
        w.let(loss, "L", "-(" + " + ".join(f"{y} * {lg}" for y, lg in zip(ys, logs)) + ")")
    elif arch.loss == "bce":
        # bce of a σ node reads its logit (engine/core/stable.py), in this view as in the layer view, so a
        # saturated σ(±1000) gives the same finite loss and ∂L/∂z there; nothing to rewrite here.
        terms = [f"bce({a}, {y})" for a, y in zip(prev, ys)]
        w.let(loss, "L", terms[0] if k == 1 else "(" + " + ".join(terms) + f") / {k}")
    else:   # mse: r·r overflows only where the layer view's mean(r * r) does too (|r| > 1e154)
        rs = [w.let(loss, r, f"{a} - {y}")
              for r, a, y in zip(["r"] if k == 1 else [f"r{j}" for j in range(1, k + 1)], prev, ys)]
        terms = [f"{r} * {r}" for r in rs]
        w.let(loss, "L", terms[0] if k == 1 else "(" + " + ".join(terms) + f") / {k}")
    return w.program()


def scalar_stability(arch: Architecture, params: dict, x: np.ndarray) -> tuple[dict, list[int]]:
    """(shifts, log_classes) for ``scalar_program``, from this sample's own forward logits (the lean
    numpy pass computes the same z as the graph, to rounding; the shift need not be exact)."""
    with np.errstate(all="ignore"):
        zs = mlp.forward(arch, params, x.reshape(1, -1)).zs
    shifts = {i: m for i, act in enumerate(arch.activations, start=1)
              if act == "softmax" and (m := softmax_shift(zs[i - 1])) != 0}
    log_classes = rounding_classes(zs[-1]) if arch.loss == "ce" else []
    return shifts, log_classes


def _stability_notes(arch: Architecture, shifts: dict, log_classes) -> list[dict]:
    """Say on the page why the formulas differ from the textbook's plain exp / log."""
    notes = [warning(f"e{i}_1", "softmax_shifted", layer=i, limit=f"{SHIFT_LOGITS_BEYOND:g}",
                     shifted=_minus(f"z{i}_j", m))
             for i, m in sorted(shifts.items())]
    out = arch.depth
    m = shifts.get(out, 0.0)
    notes += [warning(f"a{out}_{j}", "log_softmax_rounding", a=f"a{out}_{j}", shifted=_minus(f"z{out}_{j}", m),
                      s=f"s{out}")
              for j in log_classes]
    return notes


def scalar_values(arch: Architecture, params: dict, x: np.ndarray, y) -> dict:
    values = {f"x{k}": float(v) for k, v in enumerate(x, start=1)}
    for i in range(1, arch.depth + 1):
        W, b = params[f"W{i}"], params[f"b{i}"]
        for j in range(W.shape[0]):
            for k in range(W.shape[1]):
                values[scalar_weight(i, j + 1, k + 1)] = float(W[j, k])
            values[scalar_bias(i, j + 1)] = float(b[j])
    k = arch.n_out
    if arch.loss == "ce":
        for j in range(k):
            values[f"y{j + 1}"] = 1.0 if j == int(y) else 0.0
    elif k == 1:
        values["y"] = float(y[0])
    else:
        for j in range(k):
            values[f"y{j + 1}"] = float(y[j])
    return values


def _scalar_matrices(arch: Architecture, grads: dict) -> dict:
    """Per-weight gradients of the scalar view → W / b matrices (JSON values kept as they are)."""
    out = {}
    for i in range(1, arch.depth + 1):
        rows, cols = arch.sizes[i], arch.sizes[i - 1]
        out[f"W{i}"] = [[grads[scalar_weight(i, j, k)] for k in range(1, cols + 1)] for j in range(1, rows + 1)]
        out[f"b{i}"] = [grads[scalar_bias(i, j)] for j in range(1, rows + 1)]
    return out


def layer_view_problem(arch: Architecture, samples: int) -> tuple[str, dict] | None:
    """Why the layer view of ``samples`` samples would be too large to send, as (message code,
    params), or None."""
    if samples > MAX_LAYER_SAMPLES:
        return "layer_view_samples", {"count": samples, "limit": MAX_LAYER_SAMPLES}
    values = samples * sum(arch.sizes)
    if values > MAX_LAYER_ACTIVATIONS:
        return "layer_view_activations", {"values": values, "samples": samples, "units": sum(arch.sizes),
                                          "limit": MAX_LAYER_ACTIVATIONS}
    return None


def _annotate(result: dict, arch: Architecture, program: Program) -> None:
    """Give every node its ``layer`` and every data or mask input its ``role`` (contract §2), so a
    drawing can group a network's nodes by layer, and practice leave the data out, without reading
    meaning into ids. Named nodes take their layer from the program (``Program.layers``); an unnamed
    one (the product W1 @ x, a constant, a transpose) belongs to the statement that uses it, i.e. to
    its consumer, found walking the nodes from the output back."""
    names, roles = program.layers, program.roles or {}
    layer = {}
    for node in reversed(result["nodes"]):
        if node["id"] in names:
            layer[node["id"]] = names[node["id"]]
        else:
            layer[node["id"]] = min((layer[c] for c in node["consumers"] if c in layer), default=arch.depth + 1)
        node["layer"] = layer[node["id"]]
        if node["kind"] == "input" and node["id"] in roles:
            node["role"] = roles[node["id"]]


def evaluate_network(arch, params, X, Y, single, view, masks=None) -> dict:
    """Build and run the chosen view; → the evaluate structure plus parameters, view and program."""
    if view == "scalar":
        shifts, log_classes = scalar_stability(arch, params, X[0])
        program = scalar_program(arch, shifts, log_classes)
        result = evaluate(program.source, scalar_values(arch, params, X[0], Y[0]),
                          parameters=program.parameters)
        result["warnings"] += _stability_notes(arch, shifts, log_classes)
        by_id = {node["id"]: node["grad"] for node in result["nodes"]}
        grads = _scalar_matrices(arch, by_id)
    else:
        dropout_layers = [int(name[4:]) for name in (masks or {})]
        program = layer_program(arch, single, dropout_layers)
        result = evaluate(program.source, layer_values(arch, params, X, Y, single, masks),
                          parameters=program.parameters)
        by_id = {node["id"]: node["grad"] for node in result["nodes"]}
        # A batch's b^[i] node is a column (n_i × 1); the parameters are given as the spec has them.
        grads = {name: (by_id[name] if single or name.startswith("W")
                        else [row[0] for row in by_id[name]]) for name in arch.parameter_names}
    result["parameters"] = {name: {"value": to_json(params[name]), "grad": grads[name]}
                            for name in arch.parameter_names}
    _annotate(result, arch, program)
    result["view"] = view
    result["program"] = program.source
    return result


def network(spec: dict) -> dict:
    """``engine.network(spec)`` (contract §2): the network's graph in the layer or scalar view, with
    the loss as output and ``"parameters": {"W1": {"value", "grad"}, …}`` in matrix form."""
    check_keys(spec, NETWORK_KEYS, "network spec")
    arch = parse_architecture(spec)
    view = spec.get("view") or "layer"
    if view not in VIEWS:
        raise SpecError("unknown_view", view=repr(view))
    if view == "scalar" and max(arch.sizes) > MAX_SCALAR_UNITS:
        raise SpecError("scalar_view_units", limit=MAX_SCALAR_UNITS, count=max(arch.sizes))
    params = parse_parameters(arch, spec)
    X, single = parse_x(arch, spec.get("x"), max_samples=MAX_SAMPLES)
    if view == "scalar" and X.shape[0] != 1:
        raise SpecError("scalar_view_one_sample", size=arch.sizes[0])
    problem = layer_view_problem(arch, X.shape[0])
    if problem:
        code, params = problem
        raise SpecError(code, hint="hint_layer_view_smaller", **params)
    Y = parse_y(arch, spec.get("y"), X.shape[0], single)
    return evaluate_network(arch, params, X, Y, single, view)
