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
        raise BadValueError("empty_list", hint="hint_one_number", what=what, name=name)
    first = raw[0]
    if first.__class__ is list:
        cols = len(first)
        if cols == 0:
            raise BadValueError("empty_row", hint="hint_one_number", what=what, name=name)
        if len(raw) * cols > MAX_TENSOR_ELEMENTS:
            raise LimitError("value_size_limit", what=what, name=name, size=len(raw) * cols,
                             limit=MAX_TENSOR_ELEMENTS)
        rows = []
        for i, row in enumerate(raw):
            if row.__class__ is not list or len(row) != cols:
                hint = {"columns": cols, "max_axes": MAX_NDIM}
                if row.__class__ is list:
                    raise BadValueError("ragged_rows", hint="hint_rectangular", hint_params=hint, what=what,
                                        name=name, row=i, length=len(row), columns=cols)
                raise BadValueError("row_not_list", hint="hint_rectangular", hint_params=hint, what=what,
                                    name=name, row=i)
            rows.append([_number(name, v, what) for v in row])
        return np.array(rows, dtype=np.float64)
    if len(raw) > MAX_TENSOR_ELEMENTS:
        raise LimitError("value_size_limit", what=what, name=name, size=len(raw), limit=MAX_TENSOR_ELEMENTS)
    return np.array([_number(name, v, what) for v in raw], dtype=np.float64)


def _array(name, raw, what):
    arr = np.asarray(raw)
    if arr.dtype.kind not in "iuf":
        raise BadValueError("bad_dtype", hint="hint_give_numbers", what=what, name=name, dtype=arr.dtype)
    if arr.ndim > MAX_NDIM or 0 in arr.shape:
        raise BadValueError("bad_value_shape", hint="hint_value_shape", hint_params={"max_axes": MAX_NDIM},
                            what=what, name=name, shape=str(list(arr.shape)))
    if arr.size > MAX_TENSOR_ELEMENTS:
        raise LimitError("value_size_limit", what=what, name=name, size=arr.size, limit=MAX_TENSOR_ELEMENTS)
    with np.errstate(all="ignore"):
        arr = arr.astype(np.float64)
    if not np.isfinite(arr).all():
        raise BadValueError("non_finite_value", hint="hint_finite", what=what, name=name)
    return float(arr) if arr.ndim == 0 else arr


def _number(name, v, what):
    cls = v.__class__
    if cls is float:
        if v - v != 0.0:
            raise BadValueError("bad_value", hint="hint_finite", what=what, name=name, value=repr(v))
        return v
    if cls is int:
        try:
            return float(v)
        except OverflowError:
            raise BadValueError("integer_too_large", hint="hint_float_range", what=what, name=name) from None
    raise _bad(name, v, what)


def _bad(name, v, what):
    kind = {bool: "a boolean", str: "a string", type(None): "null", dict: "an object",
            list: "a list nested too deeply"}.get(v.__class__, "a " + v.__class__.__name__)
    return BadValueError("bad_value", hint="hint_number_or_list", what=what, name=name, value=kind)


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
