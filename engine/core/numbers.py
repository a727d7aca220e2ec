"""Turning user values into float64 (with validation) and engine values back into JSON and LaTeX text.

Scalars are plain Python floats (fast `math` paths); vectors and matrices are numpy float64 arrays.
JSON cannot carry NaN/±inf, so they are written as the strings "NaN", "Infinity", "-Infinity".
"""
import math

import numpy as np

from .errors import BadValueError, LimitError
from .limits import MAX_NDIM, MAX_TENSOR_ELEMENTS

INF = math.inf
NONFINITE_NAMES = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


def to_value(name, raw, what="value"):
    """A JSON number or rectangular nested list → float or float64 array; anything else is refused."""
    cls = raw.__class__
    if cls is float or cls is int:
        return _number(name, raw, what)
    if cls is not list:
        if isinstance(raw, (np.ndarray, np.floating, np.integer)) and not isinstance(raw, np.bool_):
            return _array(name, raw, what)      # library callers may pass numpy values directly
        raise _bad(name, raw, what)
    if not raw:
        raise BadValueError(f"{what} of {name} is an empty list", hint="give at least one number")
    first = raw[0]
    if first.__class__ is list:
        cols = len(first)
        if cols == 0:
            raise BadValueError(f"{what} of {name} has an empty row", hint="give at least one number")
        if len(raw) * cols > MAX_TENSOR_ELEMENTS:
            raise LimitError(f"{what} of {name} has {len(raw) * cols} elements; the limit is "
                             f"{MAX_TENSOR_ELEMENTS}")
        rows = []
        for i, row in enumerate(raw):
            if row.__class__ is not list or len(row) != cols:
                raise BadValueError(
                    f"{what} of {name} is not rectangular: row {i} "
                    + (f"has {len(row)} entries, row 0 has {cols}" if row.__class__ is list
                       else "is not a list"),
                    hint=f"a matrix needs every row to have {cols} numbers; at most {MAX_NDIM} axes")
            rows.append([_number(name, v, what) for v in row])
        return np.array(rows, dtype=np.float64)
    if len(raw) > MAX_TENSOR_ELEMENTS:
        raise LimitError(f"{what} of {name} has {len(raw)} elements; the limit is {MAX_TENSOR_ELEMENTS}")
    return np.array([_number(name, v, what) for v in raw], dtype=np.float64)


def _array(name, raw, what):
    arr = np.asarray(raw)
    if arr.dtype.kind not in "iuf":
        raise BadValueError(f"{what} of {name} has numpy dtype {arr.dtype}", hint="give numbers")
    if arr.ndim > MAX_NDIM or 0 in arr.shape:
        raise BadValueError(f"{what} of {name} has shape {list(arr.shape)}",
                            hint=f"give a number, a vector or a matrix (at most {MAX_NDIM} axes, not empty)")
    if arr.size > MAX_TENSOR_ELEMENTS:
        raise LimitError(f"{what} of {name} has {arr.size} elements; the limit is {MAX_TENSOR_ELEMENTS}")
    with np.errstate(all="ignore"):
        arr = arr.astype(np.float64)
    if not np.isfinite(arr).all():
        raise BadValueError(f"{what} of {name} contains NaN, Infinity or a number too large for float64",
                            hint="give finite numbers")
    return float(arr) if arr.ndim == 0 else arr


def _number(name, v, what):
    cls = v.__class__
    if cls is float:
        if v - v != 0.0:
            raise BadValueError(f"{what} of {name} contains {v!r}", hint="give finite numbers")
        return v
    if cls is int:
        try:
            return float(v)
        except OverflowError:
            raise BadValueError(f"{what} of {name} contains an integer too large for float64",
                                hint="float64 reaches about 1.8e308") from None
    raise _bad(name, v, what)


def _bad(name, v, what):
    kind = {bool: "a boolean", str: "a string", type(None): "null", dict: "an object",
            list: "a list nested too deeply"}.get(v.__class__, "a " + v.__class__.__name__)
    return BadValueError(f"{what} of {name} contains {kind}",
                         hint="give a number or a rectangular list of numbers (a vector or a matrix)")


def json_value(v):
    """Float or array → JSON-able number/nested list with non-finite numbers as strings."""
    if v.__class__ is float:
        if v - v == 0.0:
            return v
        return NONFINITE_NAMES[repr(v)]
    if v.ndim == 0:
        return json_value(float(v))
    finite = np.isfinite(v)
    if finite.all():
        return v.tolist()
    out = v.astype(object)                  # any number of axes (Jacobians have up to four)
    out[np.isnan(v)] = "NaN"
    out[v == np.inf] = "Infinity"
    out[v == -np.inf] = "-Infinity"
    return out.tolist()


def is_finite(v):
    if v.__class__ is float:
        return v - v == 0.0
    return bool(np.isfinite(v).all())


def tex_number(v):
    """A number for display in LaTeX arithmetic: 6 significant digits, ×10^k instead of e+k."""
    if v - v == 0.0:
        s = "%.6g" % (v + 0.0)
        if "e" in s:
            mant, exp = s.split("e")
            s = mant + " \\times 10^{" + str(int(exp)) + "}"
        return s
    if v != v:
        return "\\mathrm{NaN}"
    return "\\infty" if v > 0 else "-\\infty"


def plain_number(v):
    """A number for labels and tables: shortest repr that round-trips, trimmed of a trailing .0."""
    if v - v == 0.0:
        if v == int(v) and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    return NONFINITE_NAMES[repr(v)]
