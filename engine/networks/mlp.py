"""The lean training path: forward and backward of a multilayer perceptron in plain numpy.

The op table's forward and derivative functions (engine/core/ops.py), as the engine's graph uses
them (engine.network's layer view), without the per-node
explanation, so training runs thousands of steps in a fraction of a second. A test proves both give
the same gradients to 1e-12.

Layout: one sample per row. X has shape (m, n_0); layer i computes Z_i = A_{i-1} W_i^T + b_i,
which is the textbook's z = W x + b applied to every row x at once.
The loss is the batch mean (bce, mse: mean over all output elements; ce: mean over samples).
"""
from __future__ import annotations

import numpy as np

from .netspec import Architecture
from ..core.ops import OPS, bce, ce, sigmoid_bce_grad, softmax_ce_grad


def activate(name: str, Z: np.ndarray) -> np.ndarray:
    """a = g(z) with the op table's forward function (identity: a = z)."""
    return OPS[name].forward(Z)


def activation_backward(name: str, dA: np.ndarray, Z: np.ndarray, A: np.ndarray) -> np.ndarray:
    """dL/dZ from dL/dA with the op table's derivative: dA ⊙ g'(z) for an elementwise activation
    (ReLU'(0) = 1, σ' = σ(1 − σ), tanh' = 1 − tanh²), softmax's vector–Jacobian product per row."""
    op = OPS[name]
    if op.elementwise:
        return dA * op.derivatives[0](A, Z)
    return op.vjp(dA, A, Z)[0]


class Pass:
    """What one forward pass leaves for the backward pass."""
    __slots__ = ("inputs", "zs", "acts")

    def __init__(self, inputs, zs, acts):
        self.inputs = inputs    # inputs[i] is what layer i+1 reads (after dropout)
        self.zs = zs
        self.acts = acts

    @property
    def output(self) -> np.ndarray:
        return self.acts[-1]


def forward(arch: Architecture, params: dict, X: np.ndarray, masks=None) -> Pass:
    """``masks``: None or one array (or None) per hidden layer, multiplied into its activations."""
    inputs, zs, acts = [X], [], []
    A = X
    for i, act in enumerate(arch.activations, start=1):
        Z = A @ params[f"W{i}"].T
        Z += params[f"b{i}"]
        A = activate(act, Z)
        zs.append(Z)
        acts.append(A)
        if i < arch.depth:
            if masks is not None and masks[i - 1] is not None:
                A = A * masks[i - 1]
            inputs.append(A)
    return Pass(inputs, zs, acts)


def loss(arch: Architecture, p: Pass, Y: np.ndarray) -> float:
    """Batch-mean loss; bce and ce computed from the logits z^[L] so saturated units stay finite."""
    Z, A = p.zs[-1], p.acts[-1]
    if arch.loss == "bce":      # the op table's bce and ce, from the logits as the graph computes them
        return bce(A, Y, logits=Z)
    if arch.loss == "ce":
        return ce(A, Y, logits=Z)
    D = A - Y
    return float((D * D).sum() / D.size)


def output_delta(arch: Architecture, p: Pass, Y: np.ndarray) -> np.ndarray:
    """∂L/∂z^[L] for the batch-mean loss (eq 6.43: a − y for sigmoid + bce, and softmax + ce)."""
    Z, A = p.zs[-1], p.acts[-1]
    if arch.loss == "bce":
        return sigmoid_bce_grad(1.0, A, Y)
    if arch.loss == "ce":
        return softmax_ce_grad(1.0, A, Y)
    dA = (2.0 / A.size) * (A - Y)
    return activation_backward(arch.activations[-1], dA, Z, A)


def backward(arch: Architecture, params: dict, p: Pass, Y: np.ndarray, masks=None) -> dict:
    """Gradients of the batch-mean loss: {"W1": (n_1, n_0), "b1": (n_1,), …}."""
    grads = {}
    dZ = output_delta(arch, p, Y)
    for i in range(arch.depth, 0, -1):
        grads[f"W{i}"] = dZ.T @ p.inputs[i - 1]
        grads[f"b{i}"] = dZ.sum(axis=0)
        if i > 1:
            dA = dZ @ params[f"W{i}"]
            if masks is not None and masks[i - 2] is not None:
                dA *= masks[i - 2]
            dZ = activation_backward(arch.activations[i - 2], dA, p.zs[i - 2], p.acts[i - 2])
    return grads


def loss_and_grads(arch: Architecture, params: dict, X: np.ndarray, Y: np.ndarray, masks=None):
    """→ (loss, grads, pass) for one batch."""
    p = forward(arch, params, X, masks)
    return loss(arch, p, Y), backward(arch, params, p, Y, masks), p


def predict(arch: Architecture, params: dict, X: np.ndarray) -> np.ndarray:
    """Output activations a^[L] (no dropout), one row per sample."""
    return forward(arch, params, X).output


def class_targets(arch: Architecture, Y: np.ndarray):
    """What accuracy compares predictions with: class indices (ce, one-hot mse rows), booleans
    (0/1 targets), or None when the targets are not classes (e.g. mse on real numbers)."""
    if arch.loss == "ce":
        return Y
    if Y.size == 0 or not np.all((Y == 0) | (Y == 1)):
        return None
    if arch.loss == "mse" and Y.shape[1] > 1:
        return Y.argmax(axis=1) if np.all(Y.sum(axis=1) == 1) else None
    return Y == 1


def correct(arch: Architecture, out: np.ndarray, targets: np.ndarray) -> float:
    """Number of correct predictions (0/1 targets: per element, thresholded at 0.5)."""
    if targets.dtype == bool:
        return np.count_nonzero((out >= 0.5) == targets) / out.shape[1]
    return np.count_nonzero(out.argmax(axis=1) == targets)


def accuracy(arch: Architecture, out: np.ndarray, Y: np.ndarray) -> float | None:
    """Share of correct predictions; None when the targets are not classes."""
    targets = class_targets(arch, Y)
    if targets is None or out.shape[0] == 0:
        return None
    return float(correct(arch, out, targets) / out.shape[0])
