"""The backward pass: reverse creation order (a reverse topological order), one loop, no recursion.

For every node: upstream = Σ of the downstream gradients its consumers sent it (the output gets the
seed). For every edge: local = ∂node/∂input (a float, or the Jacobian shaped node.shape + input.shape
when it has at most MAX_JACOBIAN_ENTRIES entries, else None) and downstream = upstream × local (the
VJP, shaped like the input).

Sigmoid feeding only bce, and softmax feeding only ce, send their input the fused gradient
(ŷ − y)/N, computed directly from the probabilities: the same number as upstream × local, but it
stays finite when a probability rounds to 0 or 1 (eq 6.43; log-sum-exp for softmax).
"""
import numpy as np

from .limits import MAX_JACOBIAN_ENTRIES
from .numbers import is_finite, plain_number
from .rules import RULES, fused_softmax_ce_grad, unbroadcast

_ARITH = (ArithmeticError, ValueError)
_FUSED = {"sigmoid": "bce", "softmax": "ce"}


def backward(graph, output, seed):
    """Upstream gradients are summed as the consumers deliver them (node.grad holds the running sum,
    None until the first delivery), in delivery order; result.received_edges lists them in that
    order from the consumers, so no per-edge record is kept here."""
    warnings = graph.warnings
    output.reached = True
    for node in reversed(graph.nodes):
        if node is output:
            up = seed
            node.grad = up
        else:
            up = node.grad
            if up is None:
                up = 0.0 if node.shape == () else np.zeros(node.shape)
                node.grad = up
        inputs = node.inputs
        if not inputs:
            continue
        if node.reached:
            for inp in inputs:
                inp.reached = True
        rule = RULES[node.op]
        if len(inputs) == 2 and node.shape == () and rule.ls is not None and node.op != "bce":
            a, b = inputs           # the common case, a scalar binary op, without the general loops
            if a.shape == () and b.shape == ():
                try:
                    locs = rule.ls([a.value, b.value], node.value)
                except _ARITH:
                    with np.errstate(all="ignore"):
                        locs = [float(v) for v in _elem_locals(
                            rule, [np.float64(a.value), np.float64(b.value)], np.float64(node.value))]
                if node.reached:
                    d0 = up * locs[0]
                    d1 = up * locs[1]
                else:       # off the output's paths: 0, not 0 × a NaN/∞ local (torch never visits it)
                    d0 = d1 = 0.0
                node.locals = locs
                node.downs = [d0, d1]
                g = a.grad
                a.grad = d0 if g is None else g + d0
                g = b.grad
                b.grad = d1 if g is None else g + d1
                if not (d0 - d0 == 0.0 and d1 - d1 == 0.0) and up - up == 0.0:
                    for d, loc, inp in ((d0, locs[0], a), (d1, locs[1], b)):
                        if not d - d == 0.0:
                            warnings.append((node, _gradient_warning(d, loc, inp), inp))
                continue
        scalar = node.shape == ()
        if scalar:
            for inp in inputs:
                if inp.shape:
                    scalar = False
                    break
        if scalar and rule.ls is not None:
            xs = [inp.value for inp in inputs]
            try:
                locs = rule.ls(xs, node.value)
            except _ARITH:
                with np.errstate(all="ignore"):
                    locs = [float(v) for v in _elem_locals(rule, [np.float64(x) for x in xs],
                                                            np.float64(node.value))]
            downs = [up * loc for loc in locs]
            if node.op in _FUSED:
                _fuse(node, downs, up)
        else:
            locs, downs = _tensor_edges(node, rule, up)
        if node.op == "bce" and inputs[0].op == "sigmoid" and inputs[1] is not inputs[0]:
            _bce_label_from_logits(node, locs, downs, up)
        if not node.reached:    # off the output's paths: its inputs get exactly 0 from it, as in torch,
            downs = [0.0 if inp.shape == () else np.zeros(inp.shape) for inp in inputs]  # not 0 × NaN
        node.locals = locs
        node.downs = downs
        for i, inp in enumerate(inputs):
            d = downs[i]
            g = inp.grad
            inp.grad = d if g is None else g + d
            if not (d - d == 0.0 if d.__class__ is float else is_finite(d)) and is_finite(up):
                warnings.append((node, _gradient_warning(d, locs[i], inp), inp))


def _gradient_warning(d, loc, inp):
    text = f"the gradient sent to {{input}} is {_describe(d)} because the local gradient is {_describe(loc)}"
    if inp.kind == "constant":      # e.g. the 2 of (a − y)^2 with a < y: ∂(x^b)/∂b = x^b ln x has no value
        text += "; {input} is a constant, so nothing uses this gradient"
    return text


def _describe(v):
    if v is None:
        return "not finite"
    if v.__class__ is float:
        return plain_number(v)
    return "NaN or ±Infinity in places"


def _elem_locals(rule, xs, out):
    if rule.elem is not None:
        return rule.elem(xs, out)
    return [np.asarray(d) for d in rule.vjp(1.0, xs, out)]


def _fuse(node, downs, up):
    """Replace the downstream of a sigmoid→bce / softmax→ce pair by the fused, stable gradient."""
    if len(node.consumers) != 1:
        return
    loss = node.consumers[0]
    if loss.op != _FUSED[node.op] or loss.inputs[0] is not node or loss.inputs[1] is node:
        return
    z = node.inputs[0]
    g = loss.grad
    y = loss.inputs[1].value
    s = node.value
    with np.errstate(all="ignore"):
        if node.op == "sigmoid":
            full = np.broadcast_shapes(np.shape(s), np.shape(y))
            n = int(np.prod(full)) if full else 1
            d = unbroadcast(np.broadcast_to(g * (np.asarray(s) - y) / n, full), z.shape)
        else:
            d = fused_softmax_ce_grad(g, s, y)
    downs[0] = float(d) if z.shape == () else np.asarray(d, dtype=np.float64)


def _bce_label_from_logits(node, locs, downs, up):
    """∂bce/∂y = (log(1 − ŷ) − log ŷ)/N is −z/N when ŷ = σ(z): finite even where ŷ rounds to 0 or 1."""
    z = node.inputs[0].inputs[0].value
    y = node.inputs[1]
    full = np.broadcast_shapes(np.shape(z), y.shape)
    n = int(np.prod(full)) if full else 1
    local = np.broadcast_to(-np.asarray(z, dtype=np.float64) / n, full)
    d = unbroadcast(np.asarray(up * local, dtype=np.float64), y.shape)
    downs[1] = float(d) if y.shape == () else d
    if locs[1].__class__ is float:
        locs[1] = float(np.sum(local))     # y broadcast over all elements: its local is the sum


def _tensor_edges(node, rule, up):
    inputs = node.inputs
    # numpy scalars, not Python floats: float / 0.0 would raise where numpy gives inf
    xs = [np.float64(inp.value) if inp.value.__class__ is float else inp.value for inp in inputs]
    out = node.value
    oshape = node.shape
    osize = int(np.prod(oshape)) if oshape else 1
    if rule.elem is not None:
        elems = rule.elem(xs, out)
        downs = [unbroadcast(np.asarray(up * e, dtype=np.float64), inp.shape)
                 for inp, e in zip(inputs, elems)]
        # the diagonal of the Jacobian, shaped like the target (a broadcast input is summed back above)
        locs = [_shaped(e, oshape) for e in elems]
    else:
        downs = rule.vjp(up, xs, out)
        if node.op in _REDUCTIONS:       # ∂Σx/∂x_i = 1, ∂mean/∂x_i = 1/n: shaped like the source
            locs = [_shaped(_REDUCTIONS[node.op](xs[0]), inputs[0].shape)]
        elif node.op == "matmul":
            locs = _matmul_jacobians(xs, inputs, oshape, osize)
        else:
            locs = _vjp_jacobians(rule, xs, out, inputs, oshape, osize)
    downs = [float(d) if inp.shape == () else np.asarray(d, dtype=np.float64)
             for inp, d in zip(inputs, downs)]
    if node.op in _FUSED:
        _fuse(node, downs, up)
    return locs, downs


def _size(shape):
    return int(np.prod(shape)) if shape else 1


def _shaped(e, shape):
    """An elementwise local as a float (scalar shape) or an array of `shape`."""
    if not shape:
        return float(e)
    return np.array(np.broadcast_to(np.asarray(e, dtype=np.float64), shape))


_REDUCTIONS = {"sum": lambda x: 1.0, "mean": lambda x: 1.0 / np.size(x)}


def _matmul_jacobians(xs, inputs, oshape, osize):
    """Jacobians of C = A @ B placed entry by entry (∂C[i,j]/∂A[i,q] = B[q,j], ∂C[i,j]/∂B[p,j] = A[i,p]),
    not built from one VJP per output: a VJP row sums 0 × B over the other rows, so one ±∞ in B made
    every entry of its column NaN instead of ∞ (found against PyTorch's forward-mode Jacobian)."""
    a, b = (np.asarray(x, dtype=np.float64) for x in xs)
    a2 = a.reshape(1, -1) if a.ndim == 1 else a          # vectors as a row (left) or a column (right)
    b2 = b.reshape(-1, 1) if b.ndim == 1 else b
    m, n = a2.shape[0], b2.shape[1]
    locs = []
    for i, inp in enumerate(inputs):
        if osize * _size(inp.shape) > MAX_JACOBIAN_ENTRIES:
            locs.append(None)
            continue
        if i == 0:
            jac = np.zeros((m, n) + a2.shape)
            for r in range(m):
                jac[r, :, r, :] = b2.T
        else:
            jac = np.zeros((m, n) + b2.shape)
            for c in range(n):
                jac[:, c, :, c] = a2
        jac = jac.reshape(tuple(oshape) + tuple(inp.shape))
        locs.append(float(jac) if jac.ndim == 0 else jac)
    return locs


def _vjp_jacobians(rule, xs, out, inputs, oshape, osize):
    wanted = [osize * _size(inp.shape) <= MAX_JACOBIAN_ENTRIES for inp in inputs]
    if not any(wanted):
        return [None] * len(inputs)
    rows = [[] for _ in inputs]
    for k in range(osize):
        basis = np.zeros(osize)
        basis[k] = 1.0
        g = basis.reshape(oshape) if oshape else 1.0
        for i, d in enumerate(rule.vjp(g, xs, out)):
            if wanted[i]:
                rows[i].append(np.ravel(np.asarray(d, dtype=np.float64)))
    locs = []
    for i, inp in enumerate(inputs):
        if not wanted[i]:
            locs.append(None)
            continue
        jac = np.array(rows[i]).reshape(tuple(oshape) + tuple(inp.shape))
        locs.append(float(jac) if jac.ndim == 0 else jac)
    return locs
