"""Validate a network spec (contract §2) into plain numpy arrays, with messages that say what to fix.

Shared by ``engine.network`` (the two graph views) and ``engine.training`` (the fast numpy path), so
both read ``input_size``, ``layers``, ``loss``, ``weights`` / ``init`` + ``seed``, ``x`` and ``y`` the
same way. Samples are returned one per row: X has shape (m, n_0).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..core.errors import EngineError
from .init import INITS, initialize

ACTIVATIONS = ("relu", "sigmoid", "tanh", "softmax", "identity", "leaky_relu")
LOSSES = ("bce", "ce", "mse")
# The output activation each loss goes with (the textbook's pairs: BCE on a sigmoid unit, CE on a
# softmax layer, MSE on a linear output). BCE and CE need theirs; MSE takes any output. The API
# publishes this table (the request schemas' `loss`), so clients pair them as the engine does.
LOSS_OUTPUT = {"bce": "sigmoid", "ce": "softmax", "mse": "identity"}
LOSSES_NEEDING_OUTPUT = ("bce", "ce")

# A teaching network: deeper than 9 layers (§6.6.5's deep experiment: 8 hidden layers and the output)
# or wider than 1024 units (inputs included) is not something to step through. The API's request
# schemas import both and publish them (maxItems, maximum), so clients read these numbers, not copies.
MAX_LAYERS = 9
MAX_UNITS = 1024
# Caps memory and JSON size of the returned parameters (8 bytes each, ~20 bytes in JSON).
MAX_PARAMETERS = 100_000
# Training data: same bound as a CSV file's rows.
MAX_SAMPLES = 5_000
# Seeds are passed to numpy's default_rng; keep them to whole numbers every client holds exactly (a
# JavaScript number cannot tell 2**53 + 1 from 2**53): Number.MAX_SAFE_INTEGER.
MAX_SEED = 2**53 - 1


class SpecError(EngineError):
    """A network spec that cannot be built; the message names the key and what to change."""
    kind = "SpecError"


@dataclass(frozen=True)
class Architecture:
    sizes: tuple[int, ...]          # n_0 (input_size), n_1, …, n_L
    activations: tuple[str, ...]    # one per layer 1..L
    loss: str

    @property
    def depth(self) -> int:
        return len(self.activations)

    @property
    def n_out(self) -> int:
        return self.sizes[-1]

    @property
    def parameter_names(self) -> list[str]:
        return [name for i in range(1, self.depth + 1) for name in (f"W{i}", f"b{i}")]

    @property
    def parameter_count(self) -> int:
        return sum(self.sizes[i] * (self.sizes[i - 1] + 1) for i in range(1, len(self.sizes)))


def check_keys(spec: dict, allowed: set[str], what: str) -> None:
    if not isinstance(spec, dict):
        raise SpecError("spec_not_object", what=what)
    unknown = sorted(set(spec) - allowed)
    if unknown:
        raise SpecError("spec_unknown_keys", what=what, keys=", ".join(map(str, unknown)),
                        allowed=", ".join(sorted(allowed)))


def integer(value, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            isinstance(value, float) and (not math.isfinite(value) or value != int(value))):
        raise SpecError("not_whole_number", what=what, value=repr(value))
    value = int(value)
    if not low <= value <= high:
        raise SpecError("number_out_of_range", what=what, low=low, high=high, value=value)
    return value


def number(value, what: str, low: float, high: float, *, low_open=False, high_open=False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise SpecError("not_finite_number", what=what, value=repr(value))
    value = float(value)
    if value < low or value > high or (low_open and value == low) or (high_open and value == high):
        lo = "(" if low_open else "["
        hi = ")" if high_open else "]"
        raise SpecError("number_not_in_interval", what=what, interval=f"{lo}{low:g}, {high:g}{hi}", value=f"{value:g}")
    return value


def seed_of(spec: dict) -> int:
    seed = spec.get("seed")
    return 0 if seed is None else integer(seed, "seed", 0, MAX_SEED)


def parse_architecture(spec: dict) -> Architecture:
    if "input_size" not in spec:
        raise SpecError("spec_needs_input_size")
    n0 = integer(spec["input_size"], "input_size", 1, MAX_UNITS)
    layers = spec.get("layers")
    if not isinstance(layers, list) or not layers:
        raise SpecError("spec_needs_layers")
    if len(layers) > MAX_LAYERS:
        raise SpecError("layer_limit", limit=MAX_LAYERS, count=len(layers))
    sizes, activations = [n0], []
    for i, layer in enumerate(layers, start=1):
        check_keys(layer, {"units", "activation"}, f"layer {i}")
        if "units" not in layer:
            raise SpecError("layer_needs_units", layer=i)
        sizes.append(integer(layer["units"], f"layer {i} units", 1, MAX_UNITS))
        act = layer.get("activation", "identity" if i == len(layers) else "relu")
        if act not in ACTIVATIONS:
            raise SpecError("unknown_activation", layer=i, activation=repr(act), choices=", ".join(ACTIVATIONS))
        if act == "softmax" and sizes[-1] < 2:
            raise SpecError("softmax_single_unit", layer=i)
        activations.append(act)
    loss = spec.get("loss")
    if loss not in LOSSES:
        raise SpecError("unknown_loss", loss=repr(loss))
    need = LOSS_OUTPUT[loss]
    if loss in LOSSES_NEEDING_OUTPUT and activations[-1] != need:
        raise SpecError("loss_activation_mismatch", loss=loss, need=need, activation=activations[-1])
    arch = Architecture(tuple(sizes), tuple(activations), loss)
    if arch.parameter_count > MAX_PARAMETERS:
        raise SpecError("parameter_limit", count=arch.parameter_count, limit=MAX_PARAMETERS)
    return arch


def as_array(value, what: str, *, limit: int) -> np.ndarray:
    """Nested lists of finite numbers (no booleans, no strings) → float64 array; rectangular only."""
    count = 0

    def walk(v, depth):
        nonlocal count
        if isinstance(v, list):
            if depth >= 2:
                raise SpecError("nested_too_deeply", what=what)
            return [walk(item, depth + 1) for item in v]
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise SpecError("not_only_numbers", what=what, value=repr(v))
        count += 1
        if count > limit:
            raise SpecError("too_many_numbers", what=what, limit=limit)
        if not math.isfinite(v):
            raise SpecError("not_only_finite", what=what, value=repr(v))
        return float(v)

    tree = walk(value, 0)
    try:
        return np.array(tree, dtype=np.float64)
    except ValueError:
        raise SpecError("ragged", what=what) from None


def parse_parameters(arch: Architecture, spec: dict) -> dict[str, np.ndarray]:
    """Explicit ``weights`` (checked shape by shape) or ``init`` + ``seed`` (see engine/networks/init.py)."""
    weights = spec.get("weights")
    if weights is None:
        init = spec.get("init") or "small"
        if init not in INITS:
            raise SpecError("unknown_init", init=repr(init), choices=", ".join(INITS))
        return initialize(list(arch.sizes), init, seed_of(spec))
    names = arch.parameter_names
    check_keys(weights, set(names), "weights")
    missing = [n for n in names if n not in weights]
    if missing:
        raise SpecError("weights_missing", names=", ".join(missing))
    params = {}
    for i in range(1, arch.depth + 1):
        rows, cols = arch.sizes[i], arch.sizes[i - 1]
        W = as_array(weights[f"W{i}"], f"W{i}", limit=MAX_PARAMETERS)
        if W.shape != (rows, cols):
            raise SpecError("weight_shape", layer=i, rows=rows, columns=cols, previous=i - 1, shape=W.shape)
        b = as_array(weights[f"b{i}"], f"b{i}", limit=MAX_PARAMETERS)
        if b.ndim == 2 and b.shape == (rows, 1):
            b = b[:, 0]
        if b.ndim == 0 and rows == 1:
            b = b.reshape(1)
        if b.shape != (rows,):
            raise SpecError("bias_shape", layer=i, rows=rows, unit_layer=i, shape=b.shape)
        params[f"W{i}"], params[f"b{i}"] = W, b
    return params


def parse_x(arch: Architecture, x, *, max_samples: int) -> tuple[np.ndarray, bool]:
    """→ (X of shape (m, n_0), single) where single means x was one sample, not a batch."""
    n0 = arch.sizes[0]
    if x is None:
        raise SpecError("spec_needs_x", size=n0)
    if isinstance(x, (int, float)) and not isinstance(x, bool) and n0 == 1:
        x = [x]
    X = as_array(x, "x", limit=max_samples * n0)
    if X.ndim == 1:
        if X.shape[0] != n0:
            raise SpecError("x_size_mismatch", count=X.shape[0], size=n0)
        return X.reshape(1, n0), True
    if X.ndim != 2 or X.shape[0] == 0:
        raise SpecError("x_not_samples")
    if X.shape[1] != n0:
        raise SpecError("sample_size_mismatch", count=X.shape[1], size=n0)
    if X.shape[0] > max_samples:
        raise SpecError("sample_limit", count=X.shape[0], limit=max_samples)
    return X, False


def check_targets(arch: Architecture, Y: np.ndarray, what: str = "y") -> np.ndarray:
    """Rows of targets (m, k) for bce/mse or class indices (m,) for ce → checked, in that form."""
    k = arch.n_out
    if arch.loss == "ce":
        if np.any(Y != np.round(Y)) or np.any(Y < 0) or np.any(Y >= k):
            bad = Y[(Y != np.round(Y)) | (Y < 0) | (Y >= k)][0]
            raise SpecError("ce_targets_range", what=what, max_class=k - 1, units=k, value=f"{bad:g}")
        return Y.astype(np.int64)
    if arch.loss == "bce" and (np.any(Y < 0) or np.any(Y > 1)):
        bad = Y[(Y < 0) | (Y > 1)][0]
        raise SpecError("bce_targets_range", what=what, value=f"{bad:g}")
    return Y


def parse_y(arch: Architecture, y, m: int, single: bool) -> np.ndarray:
    """→ (m, k) float targets for bce/mse, or (m,) int class indices for ce."""
    k = arch.n_out
    if y is None:
        if arch.loss == "ce":
            raise SpecError("spec_needs_y_class")
        raise SpecError("spec_needs_y", count=k)
    Y = as_array(y, "y", limit=max(m * k, 1) + 1)
    if arch.loss == "ce":
        shape = () if single else (m,)
        if Y.shape != shape:
            if single:
                raise SpecError("ce_y_single_shape", shape=Y.shape)
            raise SpecError("ce_y_batch_shape", count=m, shape=Y.shape)
        return check_targets(arch, Y.reshape(m))
    if single and Y.shape in ((), (k,)) and (Y.ndim == 1 or k == 1):
        Y = Y.reshape(1, k)
    elif not single and k == 1 and Y.shape == (m,):
        Y = Y.reshape(m, 1)
    if Y.shape != (m, k):
        want = (f"{k} number(s)" if single else f"a list of {m} targets, one per sample, each "
                f"{'a number' if k == 1 else f'a list of {k} numbers'}")
        raise SpecError("y_shape", want=want, units=k, shape=Y.shape)
    return check_targets(arch, Y)


def to_json(a):
    """Array or number → JSON-able lists; non-finite floats as "NaN" / "Infinity" / "-Infinity"."""
    a = np.asarray(a, dtype=np.float64)
    if np.isfinite(a).all():
        return a.tolist()
    out = a.astype(object)
    out[np.isnan(a)] = "NaN"
    out[np.isposinf(a)] = "Infinity"
    out[np.isneginf(a)] = "-Infinity"
    return out.tolist()
