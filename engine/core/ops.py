"""The op table: every operation the engine knows, each defined once, its forward function and its
derivative side by side (micrograd's methods, HIPS/autograd's `defvjp`).

An op is either
* **elementwise** (and the reductions sum, mean, bce): `derivatives` holds one named function per
  operand giving ∂out/∂operand entry by entry, called as `d(out, *operands)` (many derivatives read the
  output: exp' = exp, tanh' = 1 − tanh²). The backward pass multiplies it by the upstream gradient and
  sums a broadcast operand back to its shape; or
* **mixing** (matmul, softmax, transpose, ce, softmax_ce: an output entry depends on several input
  entries): `vjp(g, out, *operands)` gives the downstream gradient of every operand for the upstream g.

Every op also carries the LaTeX of its node formula and of each operand's local derivative, with
numbered placeholders: #1, #2, … for the operands and #0 for the node itself (as in a LaTeX macro).
The answer's formulas, GET /api/v1/ops, the parser's function list and hints, and the network code
(engine/networks/mlp.py) all read this one table.

Values are Python floats (scalars) or numpy float64 arrays. The functions below work on both: plain
arithmetic does, and `_elementwise` picks `math` for a float and numpy for an array. A float
operation that raises (log 0, 1/0, exp of 1000) is redone by the caller with numpy scalars, which
answer ±inf or NaN as numpy and PyTorch do (engine/core/forward.py, backward.py).

Conventions at kinks, as in PyTorch unless said otherwise: ReLU'(0) = 1 (the chapter's footnote to eq
6.40); |x|'(0) = 0; max(a, b) and min(a, b) send the whole gradient to the first operand at a tie
(a ≥ b counts as a winning, like ReLU's z ≥ 0; PyTorch splits it half and half); ∂(a^b)/∂a = 0 where
b = 0; ∂(a^b)/∂b = a^b ln a, at a = 0 it is 0 for b ≥ 0 and −∞ for b < 0, NaN for a < 0. bce and ce
average over all elements / samples (eq 6.25, 6.28).
"""
import math
import re

import numpy as np

from .numbers import plain_number

LEAKY_SLOPE = 0.01  # leaky_relu(z) without a slope argument, as in common frameworks
# A sum of thousands of terms (a pasted x + x + …) is unreadable, and typesetting its whole formula
# froze the page for seconds at each step: above MAX_SUM_TERMS terms a formula shows the first
# SUM_HEAD, ⋯ and the last. The page elides a sum's numbers by the same rule (static/js/explorer/
# arithmetic.js joinSum; tests/js/test_long_sums.mjs checks the two agree).
MAX_SUM_TERMS = 24
SUM_HEAD = 20


def join_sum(terms):
    """LaTeX terms joined by " + ", the middle of a sum of more than MAX_SUM_TERMS elided as ⋯."""
    shown = [*terms[:SUM_HEAD], r"\cdots", terms[-1]] if len(terms) > MAX_SUM_TERMS else terms
    return " + ".join(shown)


class ShapeMismatch(Exception):
    """Internal: raised by shape functions with a message code and its parameters; the graph turns it
    into a positioned ShapeError."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code, self.params = code, params


class LabelProblem(Exception):
    """Internal: class-index labels of ce are not valid indices."""

    def __init__(self, max_class):
        super().__init__("class_index_range")
        self.max_class = max_class


class Op:
    """One row of the table (see the module docstring)."""

    def __init__(self, name, forward, *, latex, derivative_latex, symbol, doc, derivatives=None, vjp=None,
                 jacobian=None, arity=None, kind="function", spelling=None, aliases=(), shape=None,
                 verb=None, defaults=None, notations=None, cases=None, case_of=None):
        self.name = name
        self.forward = forward
        self.derivatives = derivatives          # elementwise: one function per operand
        self.vjp = vjp                          # mixing: downstream gradients from the upstream
        self.jacobian = jacobian                # mixing, optional: the full Jacobians placed exactly
        n = len(derivative_latex)
        self.arity = arity or (n, n)            # (min, max); max None = any number (add)
        self.kind = kind
        self.spelling = spelling or name
        self.aliases = tuple(aliases)
        self.shape = shape or broadcast_shape(verb or name)
        self.latex = latex
        self.derivative_latex = tuple(derivative_latex)
        self.symbol = symbol
        self.doc = doc
        self.defaults = defaults or {}          # operand index → value when an optional operand is left out
        # An alias written in notation of its own (ln for log): its symbol and formula, so a learner who
        # typed ln(x) sees ln; value and derivatives stay the op's. alias → {"symbol", "latex"}.
        self.notations = notations or {}
        # Operands of one op that differ in kind, each with derivatives of its own: ce's label y is class
        # indices (∂/∂y = 0) or target distributions (∂/∂y = −log p / N). case name → templates per slot;
        # `case_of(operand shapes)` names the case of a node (None: the `derivative_latex` above).
        self.cases = {case: tuple(templates) for case, templates in (cases or {}).items()}
        self.case_of = case_of or (lambda shapes: None)
        # The LaTeX templates as str.format patterns, made once per op (an answer fills them per node
        # and per edge): the node's formula, and per operand slot its edge's "∂out/∂x = local".
        self._formula_pattern = format_pattern(latex)
        self._notation_patterns = {alias: format_pattern(n["latex"]) for alias, n in self.notations.items()}
        self._edge_patterns = {}

    @property
    def elementwise(self):
        return self.derivatives is not None

    def derivative(self, slot):
        """The derivative function of an elementwise op's operand `slot` (an n-ary + reuses its one)."""
        return self.derivatives[slot] if slot < len(self.derivatives) else self.derivatives[-1]

    def formula(self, operands, spelling=None):
        """LaTeX of the node's formula with the operands' symbols (an n-ary + repeats its last term, a
        long sum elided: join_sum), in the notation of the alias the source spelled it with (`spelling`,
        see `notations`) if it has one."""
        if self.arity[1] is None:
            return join_sum(operands)
        pattern = self._notation_patterns.get(spelling, self._formula_pattern)
        return pattern.format("", *self._complete(operands))

    def symbol_for(self, spelling=None):
        """The symbol drawn in an unnamed node: the alias's own (ln) when the source spelled it so."""
        notation = self.notations.get(spelling)
        return notation["symbol"] if notation else self.symbol

    def edge_formula(self, slot, operands, out, case=None):
        """LaTeX of an edge: ∂out/∂operand[slot] = its derivative (the template for that slot, of the
        node's case if it has one)."""
        pattern = self._edge_patterns.get((case, slot))
        if pattern is None:     # once per op, case and slot (an n-ary + has any number of slots)
            templates = self.cases[case] if case else self.derivative_latex
            template = templates[min(slot, len(templates) - 1)]
            pattern = self._edge_patterns[case, slot] = (
                "\\frac{{\\partial {0}}}{{\\partial {" + str(slot + 1) + "}}} = " + format_pattern(template))
        return pattern.format(out, *self._complete(operands))

    def _complete(self, operands):
        """The operands, with the default of each optional one left out (leaky_relu's slope)."""
        if not self.defaults:
            return operands
        return list(operands) + [plain_number(self.defaults[k]) for k in range(len(operands), self.arity[1])
                                 if k in self.defaults]

    def describe(self):
        """The row as data, for GET /api/v1/ops."""
        lo, hi = self.arity
        return {"name": self.name, "kind": self.kind, "spelling": self.spelling, "aliases": list(self.aliases),
                "arity": lo if lo == hi else [lo, hi], "symbol": self.symbol, "latex": self.latex,
                "derivative": list(self.derivative_latex), "elementwise": self.elementwise,
                "defaults": {f"#{k + 1}": v for k, v in self.defaults.items()},
                "notations": {alias: dict(n) for alias, n in self.notations.items()},
                "cases": {case: {"derivative": list(t)} for case, t in self.cases.items()}, "doc": self.doc}


_PLACEHOLDER = re.compile(r"#(\d)")


def format_pattern(template):
    """A template as a str.format pattern: LaTeX's own braces doubled, #k → {k} (#0 is the node)."""
    return _PLACEHOLDER.sub(r"{\1}", template.replace("{", "{{").replace("}", "}}"))


# ---- shapes --------------------------------------------------------------------------------------

def shape_str(shape):
    return "[" + ", ".join(map(str, shape)) + "]"


def broadcast_shape(verb):
    """Elementwise ops: operands broadcast against each other (numpy's rules)."""
    def shape(shapes):
        if shapes.count(shapes[0]) == len(shapes):     # equal shapes (scalars most often) stay as they are
            return shapes[0]
        try:
            return tuple(np.broadcast_shapes(*shapes))
        except ValueError:
            raise ShapeMismatch("shape_mismatch", verb=verb, shapes=" and ".join(map(shape_str, shapes))) from None
    return shape


def same_shape(shapes):
    return shapes[0]


def scalar_shape(shapes):
    return ()


def needs_tensor(name):
    def shape(shapes):
        if not shapes[0]:
            raise ShapeMismatch("needs_tensor", function=name)
        return shapes[0]
    return shape


def unbroadcast(g, shape):
    """Sum a gradient over the axes that broadcasting added or stretched, back to `shape`."""
    if np.shape(g) == shape:
        return g
    if not shape:
        return float(np.sum(g))
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


# ---- math on floats and arrays alike -------------------------------------------------------------

def _elementwise(scalar, array):
    """One function for a float (`math`: fast; raises at a pole) and for an array (numpy)."""
    def f(x):
        return scalar(x) if x.__class__ is float else array(x)
    return f


def where(condition, a, b):
    """a where the condition holds, else b, broadcast (a Python `if` when all three are scalars)."""
    if isinstance(condition, np.ndarray) or isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.where(condition, a, b)
    return a if condition else b


exp = _elementwise(math.exp, np.exp)
log = _elementwise(math.log, np.log)
sqrt = _elementwise(math.sqrt, np.sqrt)
sin = _elementwise(math.sin, np.sin)
cos = _elementwise(math.cos, np.cos)
tanh = _elementwise(math.tanh, np.tanh)
sign = _elementwise(lambda x: float((x > 0) - (x < 0)) if x == x else x, np.sign)

def power(a, b):
    if a.__class__ is float and b.__class__ is float:
        return math.pow(a, b)               # raises for a negative base and a fractional exponent
    return np.power(np.asarray(a, dtype=np.float64), b)


def ones_like(x):
    return 1.0 if x.__class__ is float else np.ones(np.shape(x))


# ---- the table -----------------------------------------------------------------------------------

OPS = {}
ALIASES = {}


def defop(name, forward, **kw):
    op = Op(name, forward, **kw)
    OPS[name] = op
    for alias in op.aliases:
        if alias.isidentifier():
            ALIASES[alias] = name
    return op


def one(out, *xs):
    """∂/∂x = 1: the derivative of every operand of a sum, of x in x − y, of a named copy."""
    return 1.0


def minus_one(out, *xs):
    return -1.0


# + − × ÷ ^ and unary minus ---------------------------------------------------------------------------

def add(*xs):
    total = xs[0] + xs[1]
    for x in xs[2:]:
        total = total + x
    return total


defop("add", add, derivatives=[one], arity=(2, None), kind="operator", spelling="+", symbol="+",
      latex="#1 + #2", derivative_latex=["1"], doc="Sum of two or more operands (a chain a + b + c is one node).")


def sub(a, b):
    return a - b


defop("sub", sub, derivatives=[one, minus_one], kind="operator", spelling="-", aliases=["−"], symbol="−",
      verb="subtract", latex="#1 - #2", derivative_latex=["1", "-1"], doc="Difference of two operands.")


def mul(a, b):
    return a * b


def mul_da(out, a, b):
    return b


def mul_db(out, a, b):
    return a


defop("mul", mul, derivatives=[mul_da, mul_db], kind="operator", spelling="*", aliases=["·", "×", "2b"],
      symbol="×", verb="multiply", latex="#1 \\cdot #2", derivative_latex=["#2", "#1"],
      doc="Product, entry by entry for tensors (also written 2b or c(a+b)).")


def div(a, b):
    return a / b


def div_da(out, a, b):
    return 1.0 / b


def div_db(out, a, b):
    return -a / (b * b)


defop("div", div, derivatives=[div_da, div_db], kind="operator", spelling="/", aliases=["÷"], symbol="÷",
      verb="divide", latex="\\frac{#1}{#2}", derivative_latex=["\\frac{1}{#2}", "-\\frac{#1}{#2^{2}}"],
      doc="Quotient, entry by entry for tensors.")


def pow_da(out, a, b):
    """b·a^(b−1); 0 where b = 0 (a^0 is the constant 1; b·a^(b−1) would be 0·∞ at a = 0)."""
    return where(np.equal(b, 0), 0.0, b * power(a, b - 1.0))


def pow_db(out, a, b):
    """a^b ln a; at a = 0: 0 for b ≥ 0 (the limit), −∞ for b < 0 (∞ · ln 0, as PyTorch); NaN for a < 0."""
    at_zero = where(np.greater_equal(b, 0), 0.0, -math.inf)
    safe = where(np.greater(a, 0), a, 1.0)
    return where(np.greater(a, 0), out * log(safe), where(np.equal(a, 0), at_zero, math.nan))


defop("pow", power, derivatives=[pow_da, pow_db], kind="operator", spelling="^", aliases=["**", "²"],
      symbol="^", verb="raise to the power", latex="{#1}^{#2}",
      derivative_latex=["#2 \\, {#1}^{#2 - 1}", "{#1}^{#2} \\log #1"], doc="Power a^b, entry by entry.")


def neg(x):
    return -x


defop("neg", neg, derivatives=[minus_one], kind="operator", spelling="-", aliases=["−"], symbol="−",
      shape=same_shape, latex="-#1", derivative_latex=["-1"], doc="Negation.")


def identity(x):
    return x


defop("identity", identity, derivatives=[one], kind="operator", spelling="=", symbol="=", shape=same_shape,
      latex="#1", derivative_latex=["1"], doc="A named copy (e = a): value and gradient pass unchanged.")


# functions of one argument ------------------------------------------------------------------------

def exp_dx(out, x):
    return out                      # (e^x)' = e^x


defop("exp", exp, derivatives=[exp_dx], symbol="exp", shape=same_shape, latex="e^{#1}",
      derivative_latex=["e^{#1}"], doc="Exponential e^x.")


def log_dx(out, x):
    return 1.0 / x


defop("log", log, derivatives=[log_dx], aliases=["ln"], symbol="log", shape=same_shape, latex="\\log #1",
      notations={"ln": {"symbol": "ln", "latex": "\\ln #1"}},     # the textbook writes log; ln(x) stays ln
      derivative_latex=["\\frac{1}{#1}"], doc="Natural logarithm (ln is the same function).")


def sqrt_dx(out, x):
    return 0.5 / out


defop("sqrt", sqrt, derivatives=[sqrt_dx], symbol="√", shape=same_shape, latex="\\sqrt{#1}",
      derivative_latex=["\\frac{1}{2\\sqrt{#1}}"], doc="Square root.")


def absolute(x):
    return abs(x) if x.__class__ is float else np.abs(x)


def abs_dx(out, x):
    return sign(x)                  # sign(0) = 0


defop("abs", absolute, derivatives=[abs_dx], symbol="|·|", shape=same_shape, latex="\\left|#1\\right|",
      derivative_latex=["\\operatorname{sign}(#1)"], doc="Absolute value; its derivative at 0 is 0.")


def sin_dx(out, x):
    return cos(x)


defop("sin", sin, derivatives=[sin_dx], symbol="sin", shape=same_shape, latex="\\sin #1",
      derivative_latex=["\\cos #1"], doc="Sine.")


def cos_dx(out, x):
    return -sin(x)


defop("cos", cos, derivatives=[cos_dx], symbol="cos", shape=same_shape, latex="\\cos #1",
      derivative_latex=["-\\sin #1"], doc="Cosine.")


def tanh_dx(out, x):
    return 1.0 - out * out          # tanh' = 1 − tanh²


defop("tanh", tanh, derivatives=[tanh_dx], symbol="tanh", shape=same_shape, latex="\\tanh #1",
      derivative_latex=["1 - \\tanh^{2}(#1)"], doc="Hyperbolic tangent.")


def sigmoid(z):
    """1 / (1 + e^−z), written so that no exp overflows: e^−|z| for either sign."""
    if z.__class__ is float:
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_dz(out, z):
    return out * (1.0 - out)        # σ' = σ(1 − σ)


defop("sigmoid", sigmoid, derivatives=[sigmoid_dz], aliases=["σ"], symbol="σ", shape=same_shape,
      latex="\\sigma(#1)", derivative_latex=["\\sigma(#1)(1 - \\sigma(#1))"],
      doc="Logistic sigmoid σ(z) = 1 / (1 + e^{−z}).")


def relu(z):
    return where(z < 0, 0.0, z)


def relu_dz(out, z):
    return where(z >= 0, 1.0, 0.0)  # ReLU'(0) = 1, the textbook's convention


defop("relu", relu, derivatives=[relu_dz], symbol="ReLU", shape=same_shape, latex="\\mathrm{ReLU}(#1)",
      derivative_latex=["\\mathbf{1}\\{#1 \\ge 0\\}"],
      doc="max(z, 0); ReLU'(0) = 1 (the textbook's convention).")


def leaky_relu(z, slope=LEAKY_SLOPE):
    return where(z < 0, z * slope, z)


def leaky_relu_dz(out, z, slope=LEAKY_SLOPE):
    return where(z >= 0, 1.0, slope)


def leaky_relu_dslope(out, z, slope=LEAKY_SLOPE):
    return where(z >= 0, 0.0, z)


defop("leaky_relu", leaky_relu, derivatives=[leaky_relu_dz, leaky_relu_dslope], arity=(1, 2),
      symbol="LReLU", verb="apply leaky_relu to", defaults={1: LEAKY_SLOPE},
      latex="\\mathrm{LeakyReLU}(#1, #2)",
      derivative_latex=["\\mathbf{1}\\{#1 \\ge 0\\} + #2 \\, \\mathbf{1}\\{#1 < 0\\}", "#1 \\, \\mathbf{1}\\{#1 < 0\\}"],
      doc="z for z ≥ 0, slope · z below (slope 0.01 unless given as a second argument).")


# max and min of two operands, entry by entry: the gradient goes to the operand the op picked -------

def _picks_first(a, b, first_wins):
    """Where max (min) returns its first operand: where it wins or ties, and where it is NaN (the
    result is then NaN, as in numpy and PyTorch)."""
    return first_wins(a, b) | (a != a)


def maximum(a, b):
    return where(_picks_first(a, b, np.greater_equal), a, b)


def minimum(a, b):
    return where(_picks_first(a, b, np.less_equal), a, b)


def _gradient_to_the_pick(first_wins):
    """∂/∂a and ∂/∂b of max (min): 1 for the operand picked, 0 for the other; a tie goes to a."""
    def d_first(out, a, b):
        return where(_picks_first(a, b, first_wins), 1.0, 0.0)

    def d_second(out, a, b):
        return where(_picks_first(a, b, first_wins), 0.0, 1.0)
    return [d_first, d_second]


defop("max", maximum, derivatives=_gradient_to_the_pick(np.greater_equal), symbol="max", verb="compare",
      latex="\\max(#1, #2)",
      derivative_latex=["\\mathbf{1}\\{#1 \\ge #2\\}", "\\mathbf{1}\\{#2 > #1\\}"],
      doc="The larger of a and b, entry by entry; at a tie the gradient goes to a (as ReLU'(0) = 1).")
defop("min", minimum, derivatives=_gradient_to_the_pick(np.less_equal), symbol="min", verb="compare",
      latex="\\min(#1, #2)",
      derivative_latex=["\\mathbf{1}\\{#1 \\le #2\\}", "\\mathbf{1}\\{#2 < #1\\}"],
      doc="The smaller of a and b, entry by entry; at a tie the gradient goes to a.")


# reductions: the output is a scalar, the local is shaped like the operand --------------------------

def total(x):
    return x if x.__class__ is float else float(np.sum(x))


def sum_dx(out, x):
    return ones_like(x)             # ∂Σx/∂x_i = 1


defop("sum", total, derivatives=[sum_dx], symbol="Σ", shape=scalar_shape, latex="\\sum #1",
      derivative_latex=["\\mathbf{1}"], doc="Sum of all entries.")


def mean(x):
    return x if x.__class__ is float else float(np.mean(x))


def mean_dx(out, x):
    return ones_like(x) / np.size(x)    # ∂mean/∂x_i = 1/n


defop("mean", mean, derivatives=[mean_dx], symbol="mean", shape=scalar_shape,
      latex="\\operatorname{mean}(#1)", derivative_latex=["\\frac{1}{n}"], doc="Mean of all entries.")


# mixing ops: matrix product, transpose, softmax --------------------------------------------------

def _matmul_shape(shapes):
    a, b = shapes
    if not a or not b:
        raise ShapeMismatch("matmul_scalar", left=shape_str(a), right=shape_str(b))
    if a[-1] != b[0]:
        raise ShapeMismatch("matmul_inner", left=shape_str(a), right=shape_str(b), left_size=a[-1],
                            right_size=b[0])
    return a[:-1] + b[1:]


def matmul(a, b):
    result = np.matmul(a, b)
    return float(result) if np.ndim(result) == 0 else result


def matmul_vjp(g, out, a, b):
    """∂L/∂A = g Bᵀ, ∂L/∂B = Aᵀ g (vectors as a row on the left, a column on the right)."""
    if a.ndim == 1 and b.ndim == 1:
        return [g * b, g * a]
    if a.ndim == 1:
        return [b @ g, np.outer(a, g)]
    if b.ndim == 1:
        return [np.outer(g, b), a.T @ g]
    return [g @ b.T, a.T @ g]


def matmul_jacobians(out, a, b, wanted):
    """The Jacobians of C = A @ B placed entry by entry (∂C[i,j]/∂A[i,q] = B[q,j], ∂C[i,j]/∂B[p,j] =
    A[i,p]), not built from one VJP per output: a VJP row sums 0 × B over the other rows, so one ±∞ in
    B made every entry of its column NaN instead of ∞ (found against PyTorch's forward-mode Jacobian)."""
    a2 = a.reshape(1, -1) if a.ndim == 1 else a          # vectors as a row (left) or a column (right)
    b2 = b.reshape(-1, 1) if b.ndim == 1 else b
    m, n = a2.shape[0], b2.shape[1]
    jacobians = [None, None]
    if wanted[0]:
        jac = np.zeros((m, n) + a2.shape)
        for r in range(m):
            jac[r, :, r, :] = b2.T
        jacobians[0] = jac.reshape(np.shape(out) + a.shape)
    if wanted[1]:
        jac = np.zeros((m, n) + b2.shape)
        for c in range(n):
            jac[:, c, :, c] = a2
        jacobians[1] = jac.reshape(np.shape(out) + b.shape)
    return jacobians


defop("matmul", matmul, vjp=matmul_vjp, jacobian=matmul_jacobians, kind="operator", spelling="@", symbol="@",
      shape=_matmul_shape, latex="#1 #2", derivative_latex=["{#2}^{\\top}", "{#1}^{\\top}"],
      doc="Matrix product (matrix · vector, vector · matrix, dot product of vectors).")


def transpose(x):
    return x if x.__class__ is float else np.transpose(x)


def transpose_vjp(g, out, x):
    return [np.transpose(g)]


defop("transpose", transpose, vjp=transpose_vjp, kind="operator", spelling="ᵀ",
      symbol="ᵀ", shape=lambda s: tuple(reversed(s[0])), latex="{#1}^{\\top}",
      derivative_latex=["{(\\cdot)}^{\\top}"], doc="Transpose of a vector or matrix (xᵀ or transpose(x)).")


def softmax(z):
    """exp(z) / Σ exp(z) along the last axis, computed as exp(z − max z): no overflow."""
    z = np.asarray(z, dtype=np.float64)
    m = np.max(z, axis=-1, keepdims=True)
    e = np.exp(z - np.where(np.isfinite(m), m, 0.0))
    return e / np.sum(e, axis=-1, keepdims=True)


def log_softmax(z):
    m = np.max(z, axis=-1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    return z - m - np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))


def softmax_vjp(g, out, z):
    """J = diag(s) − s sᵀ per row, so gJ = s ⊙ (g − Σ s ⊙ g)."""
    return [out * (g - np.sum(out * g, axis=-1, keepdims=True))]


defop("softmax", softmax, vjp=softmax_vjp, symbol="softmax", shape=needs_tensor("softmax"),
      latex="\\mathrm{softmax}(#1)", derivative_latex=["\\operatorname{diag}(#0) - #0 #0^{\\top}"],
      doc="exp(z) / Σ exp(z) along the last axis (per row of a matrix).")


# losses -----------------------------------------------------------------------------------------
# Binary cross-entropy (eq 6.25), the mean over the elements of a batch. When ŷ is a sigmoid node the
# forward pass passes its logits z, so the value is computed as softplus(z) − y·z (no log of 0), and
# the backward pass sends z the fused ∂L/∂z = (ŷ − y)/N (eq 6.43; engine/core/stable.py).

def _xlogy(y, p):
    """y·log p with 0·log 0 = 0 (the limit), as in cross-entropy."""
    return np.where(y == 0, 0.0, y * np.log(np.where(y == 0, 1.0, p)))


def bce(p, y, logits=None):
    if logits is not None:
        z = np.asarray(logits, dtype=np.float64)
        per = np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))
    else:
        per = -(_xlogy(y, p) + _xlogy(1.0 - np.asarray(y), 1.0 - np.asarray(p)))
    return float(np.mean(np.broadcast_to(per, np.broadcast_shapes(np.shape(p), np.shape(y)))))


def _batch_size(p, y):
    return int(np.prod(np.broadcast_shapes(np.shape(p), np.shape(y))))


def bce_dp(out, p, y):
    """(p − y)/(p(1 − p))/N inside (0, 1); at p = 0 or 1 that is 0/0 where the loss is finite, so there
    it is −y/p + (1 − y)/(1 − p) with 0·(1/0) = 0, the convention of the value's 0·log 0 = 0 (bce(1, 1)
    has slope −1, not NaN)."""
    n = _batch_size(p, y)
    p, y = np.asarray(p, dtype=np.float64), np.asarray(y, dtype=np.float64)
    inside = (p - y) / (p * (1.0 - p))
    edge = np.where(y == 0, 0.0, -y / p) + np.where(y == 1, 0.0, (1.0 - y) / (1.0 - p))
    return np.where((p > 0) & (p < 1), inside, edge) / n


def bce_dy(out, p, y):
    n = _batch_size(p, y)
    p = np.asarray(p, dtype=np.float64)
    return np.broadcast_to((np.log(1.0 - p) - np.log(p)) / n, np.broadcast_shapes(p.shape, np.shape(y)))


def sigmoid_bce_grad(g, p, y):
    """∂L/∂z for L = bce(σ(z), y) from the probabilities p: g·(p − y)/N (eq 6.43), finite where p
    rounds to 0 or 1 (the product of the two edges' locals would be 0 · ∞ there)."""
    full = np.broadcast_shapes(np.shape(p), np.shape(y))
    return np.broadcast_to(g * (np.asarray(p) - y) / max(1, int(np.prod(full))), full)


def _bce_shape(shapes):
    broadcast_shape("compare")(shapes)
    return ()


defop("bce", bce, derivatives=[bce_dp, bce_dy], kind="loss", symbol="BCE", shape=_bce_shape,
      latex="\\mathrm{BCE}(#1, #2)",
      derivative_latex=["\\frac{1}{N}\\frac{#1 - #2}{#1(1 - #1)}", "\\frac{1}{N}\\log\\frac{1 - #1}{#1}"],
      doc="Binary cross-entropy of probabilities ŷ against labels y in [0, 1], mean over entries (eq 6.25).")


# Categorical cross-entropy (eq 6.28): ce(p, y) with p the softmax probabilities, one row per sample,
# and y either class indices (a scalar for one sample, a vector of N for a batch; ∂/∂y = 0) or target
# distributions of p's shape. Mean over the samples. When p is a softmax node the value comes from
# log-softmax of its logits and the backward pass uses the fused (p − onehot)/N (engine/core/stable.py).
# softmax_ce(z, y) is the same loss taking the logits directly.

def _label_form(p_shape, y_shape) -> str | None:
    """What ce's label y holds, read from the shapes: "targets" (distributions, p's shape), "class_indices"
    (one per sample, shape p.shape[:-1]) or None (neither). The one test behind ce's value, derivatives,
    templates and shapes."""
    if tuple(y_shape) == tuple(p_shape):
        return "targets"
    return "class_indices" if tuple(y_shape) == tuple(p_shape[:-1]) else None


def _are_targets(p_shape, y_shape) -> bool:
    return _label_form(p_shape, y_shape) == "targets"


def _samples(p) -> int:
    """N of the mean: the rows of a batch of probabilities, else 1."""
    return np.shape(p)[0] if np.ndim(p) == 2 else 1


def _ce_shape(shapes):
    p, y = shapes
    if not p:
        raise ShapeMismatch("ce_scalar")
    if _label_form(p, y) is not None:
        return ()
    raise ShapeMismatch("ce_label_shape", label_shape=shape_str(y), shape=shape_str(p),
                        index_shape=shape_str(p[:-1]), target_shape=shape_str(p))


def ce_targets(p, y):
    """(targets as an array of p's shape, number of samples); checks class indices."""
    p = np.asarray(p)
    y = np.asarray(y, dtype=np.float64)
    n = _samples(p)
    if _are_targets(p.shape, y.shape):
        return y, n
    k = p.shape[-1]
    if not np.all((y == np.floor(y)) & (y >= 0) & (y < k)):
        raise LabelProblem(k - 1)
    return (np.arange(k) == y[..., None]).astype(np.float64), n


def ce(p, y, logits=None):
    t, n = ce_targets(p, y)
    logp = log_softmax(np.asarray(logits, dtype=np.float64)) if logits is not None else np.log(p)
    return float(-np.sum(np.where(t == 0, 0.0, t * logp)) / n)


def _label_case(shapes):
    """ce's case: "class_indices" when its label y is one index per sample (shape p.shape[:-1]), None
    when it is target distributions of p's shape (the op's own templates)."""
    p, y = shapes
    return "class_indices" if _label_form(p, y) == "class_indices" else None


def _no_label_gradient(g, y):
    return np.zeros(np.shape(y)) if np.ndim(y) else 0.0


def ce_vjp(g, out, p, y):
    t, n = ce_targets(p, y)
    dp = g * np.where(t == 0, 0.0, -t / np.where(t == 0, 1.0, p)) / n
    if _are_targets(np.shape(p), np.shape(y)):
        return [dp, g * -np.log(p) / n]
    return [dp, _no_label_gradient(g, y)]


# The templates are those of targets y (a one-hot y is one); with class indices the answer's node says
# "case": "class_indices" and its edges use that case's templates: the index y picks onehot(y), and y gets 0.
defop("ce", ce, vjp=ce_vjp, kind="loss", symbol="CE", shape=_ce_shape, latex="\\mathrm{CE}(#1, #2)",
      derivative_latex=["-\\frac{1}{N}\\frac{#2}{#1}", "-\\frac{1}{N}\\log #1"], case_of=_label_case,
      cases={"class_indices": ["-\\frac{1}{N}\\frac{\\mathrm{onehot}(#2)}{#1}", "0"]},
      doc="Cross-entropy of softmax probabilities against class indices (or targets), mean over samples "
          "(eq 6.28).")


def softmax_ce(z, y):
    return ce(softmax(z), y, logits=z)


def softmax_ce_grad(g, p, y):
    """∂L/∂z for L = ce(softmax(z), y) from the probabilities p: g·(p·Σt − t)/N."""
    t, n = ce_targets(p, y)
    return g * (p * np.sum(t, axis=-1, keepdims=True) - t) / n


def softmax_ce_vjp(g, out, z, y):
    p = softmax(z)
    dz = softmax_ce_grad(g, p, y)
    if _are_targets(np.shape(z), np.shape(y)):
        return [dz, g * -log_softmax(np.asarray(z, dtype=np.float64)) / _samples(p)]
    return [dz, _no_label_gradient(g, y)]


defop("softmax_ce", softmax_ce, vjp=softmax_ce_vjp, kind="loss", symbol="CE", shape=_ce_shape,
      latex="\\mathrm{CE}(\\mathrm{softmax}(#1), #2)",
      derivative_latex=["\\frac{1}{N}(\\mathrm{softmax}(#1) - #2)", "-\\frac{1}{N}\\log \\mathrm{softmax}(#1)"],
      case_of=_label_case, cases={"class_indices": ["\\frac{1}{N}(\\mathrm{softmax}(#1) - \\mathrm{onehot}(#2))", "0"]},
      doc="Cross-entropy of softmax(z) computed from the logits z directly.")


# What the parser reads from the table: the functions a source may call (operators have their own
# syntax; transpose is both xᵀ and transpose(x)) and their other names (ln, σ).
FUNCTIONS = frozenset([name for name, op in OPS.items() if op.kind != "operator"] + ["transpose"])
# Ops whose second operand is a label: the gradient check skips leaves used only there as class indices.
LABEL_OPS = frozenset(["ce", "softmax_ce"])


def describe_ops():
    """Every op the engine accepts, as data (GET /api/v1/ops)."""
    return [op.describe() for op in OPS.values()]
