"""Gradient health (textbook 6.6.5): what shows whether a network can learn, epoch by epoch.

Every history entry of a training run carries, from the epoch's first mini-batch update:

  grad_norms    {"W1": ‖∂J/∂W1‖, "b1": …}: the L2 (Frobenius) norm of each parameter's gradient of the
                loss being minimised, J = L + (λ/2)·Σ‖W‖² (so the λW term is included). A layer whose
                norm is tiny next to the last layer's learns nothing (vanishing gradients); norms that
                grow tenfold per epoch are exploding.
  activations   one entry per layer: mean and standard deviation of a^[i] over the mini-batch (before
                dropout), the fraction of ReLU units at zero (dead for those samples: ReLU'(z) = 0 for
                z < 0) and the fraction of sigmoid / tanh units saturated (|a| > 0.99 for tanh,
                σ > 0.99 or σ < 0.01 for sigmoid: their derivative is under 4 % of its peak).

Divergence: a run stops when an epoch's training loss is not finite, grows past DIVERGED_LOSS, or
grows to DIVERGED_GROWTH times the loss the untrained network started from (and by more than 1, so a
near-perfect start is not held to a tiny number). The start is the first mini-batch's loss before any
update. A bounded network (tanh or sigmoid units) with η = 50 never reaches 1e6 — its loss climbs from
0.69 to ~100 and stays there — which is why the relative rule is needed; healthy runs of every page
preset stay below 3 times their start.
"""
from __future__ import annotations

import math

import numpy as np

# A loss past this (having started below it) only grows further: lower η or normalise the inputs.
DIVERGED_LOSS = 1e6
# A loss this many times the untrained network's is training going the wrong way.
DIVERGED_GROWTH = 10.0
# |a| beyond this is "saturated": tanh'(z) = 1 − a² < 0.02 there; sigmoid uses σ ∉ [0.01, 0.99].
SATURATION = 0.99


def grad_norms(grads: dict, names: list) -> dict:
    """{"W1": ‖g‖₂ (Frobenius), …} in the order of ``names`` (W1, b1, W2, …)."""
    return {k: _finite_or_text(math.sqrt(float(np.vdot(grads[k], grads[k])))) for k in names}


def activation_stats(activations: tuple, acts: list) -> list[dict]:
    """One entry per layer: {"layer", "activation", "mean", "std", "zero_fraction",
    "saturated_fraction"}; the fractions are None where they do not apply to that activation."""
    out = []
    for i, (name, A) in enumerate(zip(activations, acts), start=1):
        zero = saturated = None
        if name == "relu":
            zero = float(np.count_nonzero(A == 0.0) / A.size)
        elif name == "tanh":
            saturated = float(np.count_nonzero(np.abs(A) > SATURATION) / A.size)
        elif name == "sigmoid":
            saturated = float(np.count_nonzero((A > SATURATION) | (A < 1 - SATURATION)) / A.size)
        out.append({"layer": i, "activation": name, "mean": _finite_or_text(float(A.mean())),
                    "std": _finite_or_text(float(A.std())), "zero_fraction": zero,
                    "saturated_fraction": saturated})
    return out


def divergence(loss: float, start_loss: float) -> str | None:
    """Why a run that started at ``start_loss`` (before any update) has diverged with this epoch's
    loss ("non_finite" | "too_large" | "grew"), or None."""
    if not math.isfinite(loss):
        return "non_finite"
    if loss > DIVERGED_LOSS and start_loss <= DIVERGED_LOSS:
        return "too_large"
    if loss > DIVERGED_GROWTH * start_loss and loss > start_loss + 1:
        return "grew"
    return None


def _finite_or_text(v: float):
    """JSON has no NaN or ∞: they travel as "NaN", "Infinity", "-Infinity" (contract §1)."""
    if math.isfinite(v):
        return v
    return "NaN" if math.isnan(v) else "Infinity" if v > 0 else "-Infinity"
