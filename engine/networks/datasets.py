"""Toy datasets generated from a seed, and the user's own CSV.

Every generator returns ``(x, y)``: ``x`` a float64 array of shape (n, 2), one sample per row, and
``y`` an int array of shape (n,) with class labels 0 and 1, half of each (the odd one goes to
class 1). Samples are shuffled so that classes are mixed. The same ``{name, n, noise, seed}`` always
gives the same points (numpy ``default_rng(seed)``).

What ``noise`` means per dataset (standard deviation of Gaussian jitter, in the data's units):
  xor        four clusters at (±1, ±1); label 1 where the signs of x1 and x2 differ.    default 0.2
  circles    outer ring radius 1 (label 0), inner ring radius 0.5 (label 1).          default 0.1
  moons      two interleaved half circles, as scikit-learn's make_moons.            default 0.1
  spiral     two interleaved arms, 1.5 turns each.                                    default 0.1
  gaussians  two round blobs centred at (−1, −1) (label 0) and (1, 1) (label 1).      default 0.5

``scale`` [s1, s2] (default [1, 1]) multiplies the features after the noise: features of very
different sizes are what input normalisation (textbook 6.6.5) is for, and this shows it.
"""
from __future__ import annotations

import math
import re

import numpy as np

from ..core.errors import EngineError
from .netspec import MAX_SEED

# Same bound as any training data (engine.netspec.MAX_SAMPLES): more only slows the page's scatter.
MAX_DATASET_POINTS = 5_000
# Fewer than 4 points cannot hold two classes in both a training and a dev split.
MIN_DATASET_POINTS = 4
# Far above this much jitter every dataset is a blur; allowed so the API can show that.
MAX_NOISE = 10.0
# Feature scales from 1e-3 to 1e3: enough to make a problem ill-conditioned without overflowing anything.
MIN_SCALE, MAX_SCALE = 1e-3, 1e3

# CSV limits: the file is pasted into the page and sent as JSON text (the API's limit too).
MAX_CSV_CHARS = 1_000_000
MAX_CSV_ROWS = 5_000
# 64 features is plenty for a teaching tool and keeps the network small enough to draw.
MAX_CSV_COLUMNS = 65

DEFAULT_NOISE = {"xor": 0.2, "circles": 0.1, "moons": 0.1, "spiral": 0.1, "gaussians": 0.5}
DATASETS = tuple(DEFAULT_NOISE)
_DATASET_KEYS = {"name", "n", "noise", "seed", "scale"}


class DatasetError(EngineError):
    """A dataset request or a CSV file that cannot be used; the message says what to change."""
    kind = "DatasetError"


def _xor(rng, n0, n1, noise):
    # label 0: same signs (corners (1,1), (-1,-1)); label 1: different signs.
    same = np.array([[1.0, 1.0], [-1.0, -1.0]])
    diff = np.array([[1.0, -1.0], [-1.0, 1.0]])
    c0 = same[rng.integers(0, 2, n0)]
    c1 = diff[rng.integers(0, 2, n1)]
    return c0, c1


def _circles(rng, n0, n1, noise):
    t0 = rng.uniform(0, 2 * math.pi, n0)
    t1 = rng.uniform(0, 2 * math.pi, n1)
    return (np.column_stack([np.cos(t0), np.sin(t0)]),
            0.5 * np.column_stack([np.cos(t1), np.sin(t1)]))


def _moons(rng, n0, n1, noise):
    t0 = rng.uniform(0, math.pi, n0)
    t1 = rng.uniform(0, math.pi, n1)
    return (np.column_stack([np.cos(t0), np.sin(t0)]),
            np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)]))


def _spiral(rng, n0, n1, noise):
    arms = []
    for k, count in enumerate((n0, n1)):
        r = rng.uniform(0.05, 1.0, count)
        theta = 3 * math.pi * r + k * math.pi
        arms.append(np.column_stack([r * np.cos(theta), r * np.sin(theta)]))
    return arms[0], arms[1]


def _gaussians(rng, n0, n1, noise):
    return np.full((n0, 2), -1.0), np.full((n1, 2), 1.0)


_GENERATORS = {"xor": _xor, "circles": _circles, "moons": _moons, "spiral": _spiral,
               "gaussians": _gaussians}


def _number(value, what, *, integer=False):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DatasetError("not_a_number", what=what, type=type(value).__name__)
    if not math.isfinite(value):
        raise DatasetError("not_finite", what=what)
    if integer and value != int(value):
        raise DatasetError("not_whole_number", what=what, value=value)
    return int(value) if integer else float(value)


def generate(request: dict) -> tuple[np.ndarray, np.ndarray]:
    """``{"name", "n", "noise"?, "seed"?}`` → ``(x (n, 2) float64, y (n,) int)``; see the module doc."""
    if not isinstance(request, dict):
        raise DatasetError("dataset_not_object")
    unknown = sorted(set(request) - _DATASET_KEYS)
    if unknown:
        raise DatasetError("dataset_unknown_keys", keys=", ".join(unknown), allowed=", ".join(sorted(_DATASET_KEYS)))
    name = request.get("name")
    if name not in _GENERATORS:
        raise DatasetError("unknown_dataset", name=repr(name), choices=", ".join(DATASETS))
    n = _number(request.get("n", 200), "dataset n", integer=True)
    if not MIN_DATASET_POINTS <= n <= MAX_DATASET_POINTS:
        raise DatasetError("number_out_of_range", what="dataset n", low=MIN_DATASET_POINTS,
                           high=MAX_DATASET_POINTS, value=n)
    noise = request.get("noise")
    noise = DEFAULT_NOISE[name] if noise is None else _number(noise, "dataset noise")
    if not 0 <= noise <= MAX_NOISE:
        raise DatasetError("number_out_of_range", what="dataset noise", low=0, high=MAX_NOISE, value=noise)
    seed = request.get("seed")
    seed = 0 if seed is None else _number(seed, "dataset seed", integer=True)
    if not 0 <= seed <= MAX_SEED:
        raise DatasetError("number_out_of_range", what="dataset seed", low=0, high=MAX_SEED, value=seed)

    scale = request.get("scale")
    if scale is not None:
        if not isinstance(scale, list) or len(scale) != 2:
            raise DatasetError("dataset_scale_list")
        scale = [_number(v, "dataset scale") for v in scale]
        if not all(MIN_SCALE <= v <= MAX_SCALE for v in scale):
            raise DatasetError("dataset_scale_range", low=f"{MIN_SCALE:g}", high=f"{MAX_SCALE:g}")

    rng = np.random.default_rng(seed)
    n0 = n // 2
    n1 = n - n0
    c0, c1 = _GENERATORS[name](rng, n0, n1, noise)
    x = np.concatenate([c0, c1]) + noise * rng.standard_normal((n, 2))
    y = np.concatenate([np.zeros(n0, dtype=np.int64), np.ones(n1, dtype=np.int64)])
    order = rng.permutation(n)
    if scale is not None:
        x = x * np.array(scale)
    return x[order], y[order]


_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _split_line(line: str, delimiter: str | None) -> list[str]:
    if delimiter is None:
        return line.split()
    return [cell.strip() for cell in line.split(delimiter)]


def parse_csv(text: str) -> tuple[np.ndarray, np.ndarray, list[str] | None]:
    """Parse "feature, feature, …, label" rows → ``(x (n, d) float64, y (n,) float64, header|None)``.

    The delimiter is a comma, semicolon or tab (whichever the first row uses; else spaces). A first
    row without any number is a header. The label is the last column; whether it is a valid
    class index or target depends on the loss and is checked by the caller.
    """
    if not isinstance(text, str):
        raise DatasetError("csv_not_text")
    if len(text) > MAX_CSV_CHARS:
        raise DatasetError("csv_too_long", limit=f"{MAX_CSV_CHARS:,}")
    lines = [(i + 1, line.strip()) for i, line in enumerate(text.lstrip("\ufeff").splitlines())]
    lines = [(no, line) for no, line in lines if line and not line.startswith("#")]
    if not lines:
        raise DatasetError("csv_empty")
    first = lines[0][1]
    delimiter = next((d for d in (",", ";", "\t") if d in first), None)

    rows = [(no, _split_line(line, delimiter)) for no, line in lines]
    header = None
    if not any(_NUMBER.match(cell) for cell in rows[0][1]):
        header = rows[0][1]
        rows = rows[1:]
        if not rows:
            raise DatasetError("csv_header_only")
    width = len(header) if header is not None else len(rows[0][1])
    if width < 2:
        raise DatasetError("csv_one_column", line=lines[0][0])
    if width > MAX_CSV_COLUMNS:
        raise DatasetError("csv_column_limit", count=width, limit=MAX_CSV_COLUMNS, features=MAX_CSV_COLUMNS - 1)
    if len(rows) > MAX_CSV_ROWS:
        raise DatasetError("csv_row_limit", count=len(rows), limit=MAX_CSV_ROWS)
    values = np.empty((len(rows), width))
    for r, (no, cells) in enumerate(rows):
        if len(cells) != width:
            raise DatasetError("csv_row_width", line=no, count=len(cells), width=width)
        for c, cell in enumerate(cells):
            if not _NUMBER.match(cell):
                shown = cell if len(cell) <= 20 else cell[:20] + "…"
                raise DatasetError("csv_not_number", line=no, column=c + 1, cell=repr(shown))
            values[r, c] = float(cell)
    if not np.isfinite(values).all():
        raise DatasetError("csv_number_too_large")
    y = values[:, -1]
    if np.all(y == y[0]):
        raise DatasetError("csv_single_class", label=f"{y[0]:g}")
    return values[:, :-1].copy(), y.copy(), header
