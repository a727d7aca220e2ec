"""The derivative table: for every operation, its forward value and local derivative side by side.

Each `Rule` has
* `fs(xs)` / `ls(xs, out)`: scalar forward value and the list of local derivatives (plain floats,
  `math` only — the fast path; missing for ops that only make sense on tensors),
* `ft(xs)`: tensor forward (numpy, broadcasting),
* `elem(xs, out)`: for elementwise ops, ∂out/∂x_i elementwise (broadcastable to out); the VJP is then
  g·elem unbroadcast to the input's shape, and the Jacobian is diagonal-like;
* `vjp(g, xs, out)`: for the other ops, the downstream gradients given the upstream g,
* `shape(shapes)`: the output shape (raises ShapeMismatch naming both shapes),
* LaTeX templates for the node (`e = a + d`) and each edge's local derivative (the page writes the
  arithmetic with numbers itself: static/js/explorer/arithmetic.js).

Conventions: ReLU'(0) = 1 (the chapter's footnote to eq 6.40); |x|'(0) = 0; ∂(a^b)/∂b = a^b ln a, 0
when a = 0 and NaN when a < 0. bce and ce average over all elements / samples (eq 6.25, 6.28).
"""
import math

import numpy as np

exp = math.exp
log = math.log


class ShapeMismatch(Exception):
    """Internal: raised by shape functions; the graph turns it into a positioned ShapeError."""


class LabelProblem(Exception):
    """Internal: class-index labels of ce are not valid indices."""


def unbroadcast(g, shape):
    """Sum a gradient over the axes that broadcasting added or stretched, back to `shape`."""
    if g.shape == shape:
        return g
    if not shape:
        return float(np.sum(g))
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


def shape_str(shape):
    return "[" + ", ".join(map(str, shape)) + "]"


class Rule:
    def __init__(self, op, symbol, arity, *, ft, fs=None, ls=None, elem=None, vjp=None, shape=None,
                 node=None, edge=None, verb=None):
        self.op, self.symbol, self.arity = op, symbol, arity
        self.fs, self.ls, self.ft, self.elem, self.vjp = fs, ls, ft, elem, vjp
        self.shape = shape or _broadcast_shape(verb or op)
        self.node, self.edge = node, edge


def _broadcast_shape(verb):
    def shape(shapes):
        try:
            return tuple(np.broadcast_shapes(*shapes))
        except ValueError:
            raise ShapeMismatch(f"cannot {verb} shapes " + " and ".join(map(shape_str, shapes))
                                + ": they do not broadcast") from None
    return shape


def _one_shape(shapes):
    return shapes[0]


def _scalar_shape(shapes):
    return ()


# ---- helpers shared by scalar rules -------------------------------------------------------------

def _sigmoid(x):
    if x >= 0:
        return 1.0 / (1.0 + exp(-x))
    e = exp(x)
    return e / (1.0 + e)


def _sigmoid_t(x):
    x = np.asarray(x, dtype=np.float64)
    pos = 1.0 / (1.0 + np.exp(-x))
    e = np.exp(x)
    return np.where(x >= 0, pos, e / (1.0 + e))


def _pow_da(a, b):
    """∂(a^b)/∂a = b·a^(b−1); 0 where b = 0 (a^0 is the constant 1, and b·a^(b−1) would be 0·∞ = NaN
    at a = 0 — PyTorch answers 0 there too)."""
    return 0.0 if b == 0 else b * math.pow(a, b - 1.0)


def _pow_da_t(a, b):
    with np.errstate(all="ignore"):
        return np.where(np.equal(b, 0), 0.0, b * np.power(np.asarray(a, dtype=np.float64), np.subtract(b, 1.0)))


def _pow_db(a, b, out):
    """∂(a^b)/∂b = a^b ln a; at a = 0: 0 for b ≥ 0 (the limit), −∞ for b < 0 (∞ · ln 0, as PyTorch);
    NaN for a < 0 (undefined)."""
    if a > 0:
        return out * log(a)
    if a == 0:
        return 0.0 if b >= 0 else -math.inf
    return math.nan


def _pow_db_t(a, b, out):
    with np.errstate(all="ignore"):
        safe = np.where(a > 0, a, 1.0)
        return np.where(a > 0, out * np.log(safe), np.where(a == 0, np.where(np.asarray(b) >= 0, 0.0, -np.inf),
                                                            np.nan))


def _xlogy(y, p):
    """y·log p with 0·log 0 = 0 (the limit), as in cross-entropy."""
    return np.where(y == 0, 0.0, y * np.log(np.where(y == 0, 1.0, p)))


def _softmax(z):
    m = np.max(z, axis=-1, keepdims=True)
    e = np.exp(z - np.where(np.isfinite(m), m, 0.0))
    return e / np.sum(e, axis=-1, keepdims=True)


def _log_softmax(z):
    m = np.max(z, axis=-1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    return z - m - np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))


# ---- the table ----------------------------------------------------------------------------------
# Template arguments: o = this node's LaTeX, x = list of the inputs' LaTeX, v = list of the inputs'
# formatted numbers (operand-safe: negatives in parentheses).

def _add_fs(x):
    if len(x) == 2:
        return x[0] + x[1]
    return sum(x, 0.0)


def _add_ft(x):
    out = x[0] + x[1]
    for more in x[2:]:
        out = out + more
    return out


RULES = {}


def rule(*args, **kw):
    r = Rule(*args, **kw)
    RULES[r.op] = r
    return r


rule("add", "+", (2, None), fs=_add_fs, ls=lambda x, o: [1.0] * len(x), ft=_add_ft,
     elem=lambda x, o: [1.0] * len(x),
     node=lambda x: " + ".join(x), edge=lambda i, x, o: "1")
rule("sub", "−", (2, 2), fs=lambda x: x[0] - x[1], ls=lambda x, o: [1.0, -1.0],
     ft=lambda x: x[0] - x[1], elem=lambda x, o: [1.0, -1.0], verb="subtract",
     node=lambda x: x[0] + " - " + x[1], edge=lambda i, x, o: "-1" if i else "1")
rule("mul", "×", (2, 2), fs=lambda x: x[0] * x[1], ls=lambda x, o: [x[1], x[0]],
     ft=lambda x: x[0] * x[1], elem=lambda x, o: [x[1], x[0]], verb="multiply",
     node=lambda x: x[0] + " \\cdot " + x[1], edge=lambda i, x, o: x[1 - i])
rule("div", "÷", (2, 2), fs=lambda x: x[0] / x[1], ls=lambda x, o: [1.0 / x[1], -x[0] / (x[1] * x[1])],
     ft=lambda x: x[0] / x[1], elem=lambda x, o: [1.0 / x[1], -x[0] / (x[1] * x[1])],
     verb="divide",
     node=lambda x: "\\frac{" + x[0] + "}{" + x[1] + "}",
     edge=lambda i, x, o: ("-\\frac{" + x[0] + "}{" + x[1] + "^{2}}") if i else "\\frac{1}{" + x[1] + "}")
rule("pow", "^", (2, 2), fs=lambda x: math.pow(x[0], x[1]),
     ls=lambda x, o: [_pow_da(x[0], x[1]), _pow_db(x[0], x[1], o)],
     ft=lambda x: np.power(np.asarray(x[0], dtype=np.float64), x[1]),
     elem=lambda x, o: [_pow_da_t(x[0], x[1]), _pow_db_t(np.asarray(x[0]), x[1], o)],
     verb="raise to the power",
     node=lambda x: "{" + x[0] + "}^{" + x[1] + "}",
     edge=lambda i, x, o: ("{" + x[0] + "}^{" + x[1] + "} \\ln " + x[0]) if i
     else (x[1] + " \\, {" + x[0] + "}^{" + x[1] + " - 1}"))
rule("neg", "−", (1, 1), fs=lambda x: -x[0], ls=lambda x, o: [-1.0], ft=lambda x: -x[0],
     elem=lambda x, o: [-1.0], shape=_one_shape,
     node=lambda x: "-" + x[0], edge=lambda i, x, o: "-1")
rule("identity", "=", (1, 1), fs=lambda x: x[0], ls=lambda x, o: [1.0], ft=lambda x: x[0],
     elem=lambda x, o: [1.0], shape=_one_shape,
     node=lambda x: x[0], edge=lambda i, x, o: "1")


def _unary(op, symbol, fs, ds, ft, dt, node, edge):
    rule(op, symbol, (1, 1), fs=lambda x: fs(x[0]), ls=lambda x, o: [ds(x[0], o)],
         ft=lambda x: ft(x[0]), elem=lambda x, o: [dt(x[0], o)], shape=_one_shape,
         node=lambda x: node(x[0]), edge=lambda i, x, o: edge(x[0], o))


_unary("exp", "exp", exp, lambda a, o: o, np.exp, lambda a, o: o,
       lambda a: "e^{" + a + "}", lambda a, o: "e^{" + a + "}")
_unary("log", "log", log, lambda a, o: 1.0 / a, np.log, lambda a, o: 1.0 / a,
       lambda a: "\\log " + a, lambda a, o: "\\frac{1}{" + a + "}")
_unary("sqrt", "√", math.sqrt, lambda a, o: 0.5 / o, np.sqrt, lambda a, o: 0.5 / o,
       lambda a: "\\sqrt{" + a + "}", lambda a, o: "\\frac{1}{2\\sqrt{" + a + "}}")
_unary("abs", "|·|", abs, lambda a, o: (a > 0) - (a < 0) + 0.0, np.abs, lambda a, o: np.sign(a),
       lambda a: "\\left|" + a + "\\right|", lambda a, o: "\\operatorname{sign}(" + a + ")")
_unary("sin", "sin", math.sin, lambda a, o: math.cos(a), np.sin, lambda a, o: np.cos(a),
       lambda a: "\\sin " + a, lambda a, o: "\\cos " + a)
_unary("cos", "cos", math.cos, lambda a, o: -math.sin(a), np.cos, lambda a, o: -np.sin(a),
       lambda a: "\\cos " + a, lambda a, o: "-\\sin " + a)
_unary("tanh", "tanh", math.tanh, lambda a, o: 1.0 - o * o, np.tanh, lambda a, o: 1.0 - o * o,
       lambda a: "\\tanh " + a, lambda a, o: "1 - \\tanh^{2}(" + a + ")")
_unary("sigmoid", "σ", _sigmoid, lambda a, o: o * (1.0 - o), _sigmoid_t, lambda a, o: o * (1.0 - o),
       lambda a: "\\sigma(" + a + ")", lambda a, o: "\\sigma(" + a + ")(1 - \\sigma(" + a + "))")
_unary("relu", "ReLU", lambda a: a if not a < 0 else 0.0, lambda a, o: 1.0 if a >= 0 else 0.0,
       lambda a: np.where(a < 0, 0.0, a), lambda a, o: np.where(a >= 0, 1.0, 0.0),
       lambda a: "\\mathrm{ReLU}(" + a + ")",
       lambda a, o: "1 \\text{ if } " + a + " \\ge 0 \\text{ else } 0")

LEAKY_SLOPE = 0.01  # leaky_relu(z) without a slope argument, as in common frameworks


def _leaky_fs(x):
    a = x[0]
    return a if not a < 0 else a * (x[1] if len(x) > 1 else LEAKY_SLOPE)


def _leaky_ls(x):
    a = x[0]
    slope = x[1] if len(x) > 1 else LEAKY_SLOPE
    if len(x) == 1:
        return [1.0 if a >= 0 else slope]
    return [1.0 if a >= 0 else slope, 0.0 if a >= 0 else a]


def _leaky_elem(x):
    a = np.asarray(x[0], dtype=np.float64)
    slope = x[1] if len(x) > 1 else LEAKY_SLOPE
    d = np.where(a >= 0, 1.0, slope)
    return [d] if len(x) == 1 else [d, np.where(a >= 0, 0.0, a)]


rule("leaky_relu", "LReLU", (1, 2), fs=_leaky_fs, ls=lambda x, o: _leaky_ls(x),
     ft=lambda x: np.where(np.asarray(x[0]) < 0, np.multiply(x[0], x[1] if len(x) > 1 else LEAKY_SLOPE),
                           x[0]),
     elem=lambda x, o: _leaky_elem(x), verb="apply leaky_relu to",
     node=lambda x: "\\mathrm{LeakyReLU}(" + ", ".join(x) + ")",
     edge=lambda i, x, o: ("0 \\text{ if } " + x[0] + " \\ge 0 \\text{ else } " + x[0]) if i else
     ("1 \\text{ if } " + x[0] + " \\ge 0 \\text{ else } " + (x[1] if len(x) > 1 else "0.01")))


# ---- reductions, matrix product, softmax, losses (tensor rules with explicit VJPs) ---------------

def _need_tensor(name):
    def shape(shapes):
        if not shapes[0]:
            raise ShapeMismatch(f"{name} needs a vector or a matrix, got a scalar")
        return shapes[0]
    return shape


rule("softmax", "softmax", (1, 1), ft=lambda x: _softmax(x[0]), shape=_need_tensor("softmax"),
     vjp=lambda g, x, o: [o * (g - np.sum(o * g, axis=-1, keepdims=True))],
     node=lambda x: "\\mathrm{softmax}(" + x[0] + ")",
     edge=lambda i, x, o: "\\operatorname{diag}(" + o + ") - " + o + " " + o + "^{\\top}")
rule("sum", "Σ", (1, 1), fs=lambda x: x[0], ls=lambda x, o: [1.0], ft=lambda x: np.sum(x[0]),
     shape=_scalar_shape, vjp=lambda g, x, o: [np.broadcast_to(g, np.shape(x[0])).copy()],
     node=lambda x: "\\sum " + x[0], edge=lambda i, x, o: "\\mathbf{1}")
rule("mean", "mean", (1, 1), fs=lambda x: x[0], ls=lambda x, o: [1.0], ft=lambda x: np.mean(x[0]),
     shape=_scalar_shape,
     vjp=lambda g, x, o: [np.broadcast_to(g / np.size(x[0]), np.shape(x[0])).copy()],
     node=lambda x: "\\operatorname{mean}(" + x[0] + ")",
     edge=lambda i, x, o: "\\frac{1}{n}")
rule("transpose", "ᵀ", (1, 1), fs=lambda x: x[0], ls=lambda x, o: [1.0],
     ft=lambda x: np.transpose(x[0]), shape=lambda s: tuple(reversed(s[0])),
     vjp=lambda g, x, o: [np.transpose(g)],
     node=lambda x: "{" + x[0] + "}^{\\top}", edge=lambda i, x, o: "\\text{transpose}")


def _matmul_shape(shapes):
    a, b = shapes
    if not a or not b:
        raise ShapeMismatch(f"@ needs vectors or matrices, got shapes {shape_str(a)} and "
                            f"{shape_str(b)}; use * to multiply by a scalar")
    if a[-1] != b[0]:
        raise ShapeMismatch(f"cannot multiply shapes {shape_str(a)} @ {shape_str(b)}: inner sizes "
                            f"{a[-1]} and {b[0]} differ")
    return a[:-1] + b[1:]


def _matmul_vjp(g, x, o):
    a, b = x
    if a.ndim == 1 and b.ndim == 1:
        return [g * b, g * a]
    if a.ndim == 1:
        return [b @ g, np.outer(a, g)]
    if b.ndim == 1:
        return [np.outer(g, b), a.T @ g]
    return [g @ b.T, a.T @ g]


rule("matmul", "@", (2, 2), ft=lambda x: np.matmul(x[0], x[1]), shape=_matmul_shape, vjp=_matmul_vjp,
     node=lambda x: x[0] + " " + x[1],
     edge=lambda i, x, o: ("{" + x[0] + "}^{\\top}") if i else ("{" + x[1] + "}^{\\top}"))


# Binary cross-entropy (eq 6.25), mean over the elements of a batch. When ŷ is a sigmoid node the
# graph passes its logits z so the value is computed as softplus(z) − y·z (no log of 0), and the
# backward pass uses the fused ∂L/∂z = (ŷ − y)/N (eq 6.43).

def bce_value(x, logits=None):
    p, y = x
    if logits is not None:
        z = np.asarray(logits, dtype=np.float64)
        per = np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))
    else:
        per = -(_xlogy(y, p) + _xlogy(1.0 - np.asarray(y), 1.0 - np.asarray(p)))
    return np.mean(np.broadcast_to(per, np.broadcast_shapes(np.shape(p), np.shape(y))))


def _bce_elem(x, o):
    """∂/∂p = (p − y)/(p(1 − p)) inside (0, 1); at p = 0 or 1 that is 0/0 where the loss is finite, so
    there it is −y/p + (1 − y)/(1 − p) with 0·(1/0) = 0, the same convention as the value's 0·log 0 = 0
    (bce(1, 1) has slope −1, not NaN)."""
    p, y = x
    n = np.size(np.broadcast_to(p, np.broadcast_shapes(np.shape(p), np.shape(y))))
    p = np.asarray(p, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    with np.errstate(all="ignore"):
        inside = (p - y) / (p * (1.0 - p))
        edge = np.where(y == 0, 0.0, -y / p) + np.where(y == 1, 0.0, (1.0 - y) / (1.0 - p))
        dp = np.where((p > 0) & (p < 1), inside, edge)
    return [dp / n, (np.log(1.0 - p) - np.log(p)) / n]


def _bce_ls(x, o):
    p, y = x
    with np.errstate(all="ignore"):
        return [float(v) for v in _bce_elem([np.float64(p), y], o)]


def _bce_shape(shapes):
    _broadcast_shape("compare")(shapes)
    return ()


rule("bce", "BCE", (2, 2), ft=bce_value, ls=_bce_ls, shape=_bce_shape,
     vjp=lambda g, x, o: [unbroadcast(g * np.broadcast_to(d, np.broadcast_shapes(np.shape(x[0]),
                                                                                   np.shape(x[1]))),
                                      np.shape(xi)) for d, xi in zip(_bce_elem(x, o), x)],
     node=lambda x: "\\mathrm{BCE}(" + x[0] + ", " + x[1] + ")",
     edge=lambda i, x, o: ("\\frac{1}{N}\\log\\frac{1 - " + x[0] + "}{" + x[0] + "}") if i else
     ("\\frac{1}{N}\\frac{" + x[0] + " - " + x[1] + "}{" + x[0] + "(1 - " + x[0] + ")}"))


# Categorical cross-entropy (eq 6.28): ce(p, y) with p the softmax probabilities, one row per sample,
# and y either class indices (a scalar for one sample, a vector of N for a batch; ∂/∂y = 0) or target
# distributions of p's shape. Mean over the samples. When p is a softmax node the value comes from
# log-softmax of its logits (log-sum-exp) and the backward pass uses the fused (p − onehot)/N.
# softmax_ce(z, y) is the same loss taking the logits directly.

def _ce_shape(shapes):
    p, y = shapes
    if not p:
        raise ShapeMismatch("ce needs probabilities as a vector (one sample) or a matrix (one row per "
                            "sample), got a scalar")
    if y == p or y == p[:-1]:
        return ()
    raise ShapeMismatch(f"ce labels of shape {shape_str(y)} do not fit probabilities of shape "
                        f"{shape_str(p)}: give class indices of shape {shape_str(p[:-1])} or targets "
                        f"of shape {shape_str(p)}")


def ce_targets(p, y):
    """(targets as an array of p's shape, number of samples); checks class indices."""
    p = np.asarray(p)
    y = np.asarray(y, dtype=np.float64)
    n = p.shape[0] if p.ndim == 2 else 1
    if y.shape == p.shape:
        return y, n
    k = p.shape[-1]
    if not np.all((y == np.floor(y)) & (y >= 0) & (y < k)):
        raise LabelProblem(f"ce class indices must be whole numbers from 0 to {k - 1}")
    return (np.arange(k) == y[..., None]).astype(np.float64), n


def ce_value(x, logits=None):
    p, y = x
    t, n = ce_targets(p, y)
    logp = _log_softmax(np.asarray(logits, dtype=np.float64)) if logits is not None else np.log(p)
    return -np.sum(np.where(t == 0, 0.0, t * logp)) / n


def _ce_vjp(g, x, o):
    p, y = x
    t, n = ce_targets(p, y)
    dp = g * np.where(t == 0, 0.0, -t / np.where(t == 0, 1.0, p)) / n
    if np.shape(y) == np.shape(p):
        return [dp, g * -np.log(p) / n]
    return [dp, np.zeros(np.shape(y)) if np.ndim(y) else 0.0]


rule("ce", "CE", (2, 2), ft=ce_value, shape=_ce_shape, vjp=_ce_vjp,
     node=lambda x: "\\mathrm{CE}(" + x[0] + ", " + x[1] + ")",
     edge=lambda i, x, o: ("0 \\text{ (class indices)}" if i else
                           "-\\frac{1}{N}\\frac{" + x[1] + "}{" + x[0] + "}"))


def softmax_ce_value(x):
    return ce_value([_softmax(np.asarray(x[0], dtype=np.float64)), x[1]], logits=x[0])


def fused_softmax_ce_grad(g, z_or_p, y, is_probs=True):
    """∂L/∂z for L = ce(softmax(z), y): g·(softmax(z)·Σt − t)/N."""
    p = z_or_p if is_probs else _softmax(np.asarray(z_or_p, dtype=np.float64))
    t, n = ce_targets(p, y)
    return g * (p * np.sum(t, axis=-1, keepdims=True) - t) / n


def _softmax_ce_vjp(g, x, o):
    z, y = x
    p = _softmax(np.asarray(z, dtype=np.float64))
    dz = fused_softmax_ce_grad(g, p, y)
    if np.shape(y) == np.shape(z):
        return [dz, g * -_log_softmax(np.asarray(z, dtype=np.float64)) / (p.shape[0] if p.ndim == 2 else 1)]
    return [dz, np.zeros(np.shape(y)) if np.ndim(y) else 0.0]


rule("softmax_ce", "CE", (2, 2), ft=softmax_ce_value, shape=_ce_shape, vjp=_softmax_ce_vjp,
     node=lambda x: "\\mathrm{CE}(\\mathrm{softmax}(" + x[0] + "), " + x[1] + ")",
     edge=lambda i, x, o: ("0 \\text{ (class indices)}" if i else
                           "\\frac{1}{N}(\\mathrm{softmax}(" + x[0] + ") - " + x[1] + ")"))

FUNCTIONS = frozenset(["exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "sigmoid", "relu",
                       "leaky_relu", "softmax", "sum", "mean", "bce", "ce", "softmax_ce", "transpose"])
# Ops whose second input is a label: gradient checks skip leaves used only there as class indices.
LABEL_OPS = frozenset(["ce", "softmax_ce"])


# ---- the table as data (GET /api/v1/ops) --------------------------------------------------------
# Templates use numbered operand placeholders #1, #2, … (as in a LaTeX macro) and #0 for the node
# itself; the page fills them with symbols or numbers to write a formula or its arithmetic.

_SPELLING = {"add": ("+", "operator", []), "sub": ("-", "operator", ["−"]),
             "mul": ("*", "operator", ["·", "×", "2b (implicit)"]), "div": ("/", "operator", ["÷"]),
             "pow": ("^", "operator", ["**", "x²"]), "matmul": ("@", "operator", []),
             "neg": ("-", "operator", ["−"]), "transpose": ("ᵀ", "operator", []),
             "identity": ("=", "operator", []), "sigmoid": ("sigmoid", "function", ["σ"]),
             "bce": ("bce", "loss", []), "ce": ("ce", "loss", []), "softmax_ce": ("softmax_ce", "loss", [])}
_DOC = {
    "add": "Sum of two or more operands (a chain a + b + c is one node).",
    "sub": "Difference of two operands.",
    "mul": "Product, elementwise for tensors (also written 2b or c(a+b)).",
    "div": "Quotient, elementwise for tensors.",
    "pow": "Power a^b, elementwise.",
    "matmul": "Matrix product (vector · matrix, matrix · vector, dot product).",
    "neg": "Negation.",
    "transpose": "Transpose of a vector or matrix (xᵀ).",
    "identity": "A named copy (e = a): value and gradient pass unchanged.",
    "exp": "Exponential e^x.",
    "log": "Natural logarithm.",
    "sqrt": "Square root.",
    "abs": "Absolute value; its derivative at 0 is taken as 0.",
    "sin": "Sine.",
    "cos": "Cosine.",
    "tanh": "Hyperbolic tangent.",
    "sigmoid": "Logistic sigmoid σ(x) = 1 / (1 + e^{−x}).",
    "relu": "max(x, 0); ReLU'(0) = 1 (the textbook's convention).",
    "leaky_relu": "x for x ≥ 0, slope · x below (slope 0.01 unless given).",
    "softmax": "exp(x) / Σ exp(x) along the last axis (per row of a matrix).",
    "sum": "Sum of all entries.",
    "mean": "Mean of all entries.",
    "bce": "Binary cross-entropy of probabilities ŷ against 0/1 labels y, mean over entries (eq 6.25).",
    "ce": "Cross-entropy of softmax probabilities against class indices, mean over samples (eq 6.28).",
    "softmax_ce": "Cross-entropy of softmax(z) from the logits z directly.",
}


def describe_ops():
    """Every op the engine accepts, as data: name, spelling, arity, LaTeX templates, docs."""
    table = []
    for name, rule in RULES.items():
        lo, hi = rule.arity
        count = hi if hi is not None else 2
        operands = ["#" + str(k) for k in range(1, count + 1)]
        spelling, kind, aliases = _SPELLING.get(name, (name, "function", []))
        table.append({
            "name": name, "kind": kind, "spelling": spelling, "aliases": aliases,
            "arity": lo if lo == hi else [lo, hi], "symbol": rule.symbol,
            "latex": rule.node(operands), "derivative": [rule.edge(i, operands, "#0") for i in range(count)],
            "elementwise": rule.elem is not None, "doc": _DOC[name]})
    return table
