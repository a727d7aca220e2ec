"""Pictures of a network over the input plane (2-D inputs only): the decision boundary and one small
picture per hidden unit (its activation a^[i]_j at every point of a grid, as TensorFlow Playground).

Both grids span the data's range plus GRID_MARGIN of it on each side, in the data's own units (a
normalising run standardises the grid points the same way as the samples before the forward pass).
"""
from __future__ import annotations

import numpy as np

from . import mlp
from .netspec import to_json as _json

# Decision boundary: a GRID × GRID lattice.
GRID = 50
# Unit pictures are thumbnails a few dozen pixels wide: a coarser lattice is all they can show.
NEURON_GRID = 20
# The grids extend this share of the data's range beyond its extreme points.
GRID_MARGIN = 0.1
# More hidden units than this are not pictured (a stream would carry 400 numbers per unit per event).
MAX_NEURON_PICTURES = 128
# Unit pictures are drawn as colours: 3 decimals are more than a colour scale resolves, and they
# make a progress event several times smaller than full float64 digits would.
NEURON_DECIMALS = 3


def _axes(X_raw: np.ndarray, size: int):
    lo, hi = X_raw.min(axis=0), X_raw.max(axis=0)
    pad = np.where(hi > lo, (hi - lo) * GRID_MARGIN, 0.5)
    xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], size)
    ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], size)
    gx, gy = np.meshgrid(xs, ys)   # row j is ys[j], column i is xs[i]
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


def decision_boundary(arch, params, X_raw, scale) -> dict | None:
    """{"xs", "ys", "probabilities"[row j][column i], "kind"}: class-1 probability (bce, 2-class
    ce), the argmax class (more classes) or the output value (mse); None unless inputs are 2-D."""
    if arch.sizes[0] != 2:
        return None
    xs, ys, points = _axes(X_raw, GRID)
    out = mlp.predict(arch, params, scale(points))
    k = arch.n_out
    if k == 1:
        kind, grid = ("probability" if arch.loss == "bce" else "value"), out[:, 0]
    elif arch.loss == "ce" and k == 2:
        kind, grid = "probability", out[:, 1]
    else:
        kind, grid = "class", out.argmax(axis=1).astype(np.float64)
    return {"xs": _json(xs), "ys": _json(ys), "probabilities": _json(grid.reshape(GRID, GRID)),
            "kind": kind}


def neuron_pictures(arch, params, X_raw, scale) -> dict | None:
    """{"xs", "ys", "layers": [[unit pictures of hidden layer 1], …]}, a picture being
    [row j][column i] of a^[i]_j (rounded to NEURON_DECIMALS); None unless inputs are 2-D and the
    hidden layers hold at most MAX_NEURON_PICTURES units."""
    hidden = arch.sizes[1:-1]
    if arch.sizes[0] != 2 or not hidden or sum(hidden) > MAX_NEURON_PICTURES:
        return None
    xs, ys, points = _axes(X_raw, NEURON_GRID)
    acts = mlp.forward(arch, params, scale(points)).acts[:-1]
    layers = [[_json(np.round(A[:, j], NEURON_DECIMALS).reshape(NEURON_GRID, NEURON_GRID))
               for j in range(A.shape[1])] for A in acts]
    return {"xs": _json(xs), "ys": _json(ys), "layers": layers}
