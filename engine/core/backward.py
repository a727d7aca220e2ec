"""The backward pass: the chain rule, node by node, in reverse creation order (a reverse topological
order, so a node's consumers are all done before it). One loop, no recursion.

    output.grad = seed
    for node in reversed(graph.nodes):
        upstream = node.grad                        # ∂L/∂node: the sum of what its consumers sent
        for each operand x of node:
            local = ∂node/∂x                        # from the op table (engine/core/ops.py)
            downstream = upstream × local           # for tensors: the vector–Jacobian product
            x.grad += downstream

Each edge keeps its local and downstream gradient for the answer: `node.locals`, `node.downs`, in
operand order. An elementwise op's local is its Jacobian's diagonal, shaped like the node (a broadcast
operand gets the downstream summed back to its shape); a reduction's (sum, mean, bce) is shaped like
the operand; a mixing op's (matmul, softmax, …) is the full Jacobian, only while it has at most
MAX_JACOBIAN_ENTRIES entries (else None: the downstream is computed by the VJP either way).
"""
import numpy as np

from .forward import FLOAT_TROUBLE
from .limits import MAX_JACOBIAN_ENTRIES
from .numbers import is_finite, plain_number
from .ops import OPS, unbroadcast
from .stable import STABLE_PAIRS, bce_label_local, fused_downstream


def backward(graph, output, seed):
    """Fill every node's `grad` (∂output/∂node) and every edge's local and downstream gradient."""
    _mark_reached(graph, output)
    output.grad = seed
    for node in reversed(graph.nodes):
        if node.grad is None:       # nothing reached it: its gradient is exactly 0
            node.grad = 0.0 if node.shape == () else np.zeros(node.shape)
        if not node.inputs:
            continue
        locals_, downs = edge_gradients(node, node.grad)
        node.locals, node.downs = locals_, downs
        for inp, local, down in zip(node.inputs, locals_, downs):
            inp.grad = down if inp.grad is None else inp.grad + down
            if not is_finite(down) and is_finite(node.grad):
                graph.warnings.append(_gradient_warning(node, inp, local, down))


def edge_gradients(node, upstream):
    """([local per operand], [downstream per operand]) of one node, by the op table's rule."""
    op = OPS[node.op]
    operands = [inp.value for inp in node.inputs]
    if op.elementwise:
        locals_, downs = [], []
        for slot, inp in enumerate(node.inputs):
            slope = _call(op.derivative(slot), node.value, operands)
            locals_.append(_as_local(slope, node, inp))
            downs.append(_downstream(upstream, slope, inp.shape))
    else:
        arrays = [np.float64(x) if x.__class__ is float else x for x in operands]
        downs = [float(d) if not inp.shape else np.asarray(d, dtype=np.float64)
                 for inp, d in zip(node.inputs, op.vjp(upstream, node.value, *arrays))]
        locals_ = _jacobians(op, node, arrays)
    if node.op in STABLE_PAIRS:
        _stable_losses(node, locals_, downs, upstream)
    if not node.reached:    # off the output's paths: its operands get exactly 0 from it, as in PyTorch
        downs = [0.0 if inp.shape == () else np.zeros(inp.shape) for inp in node.inputs]   # not 0 × NaN
    return locals_, downs


def _call(derivative, out, operands):
    """derivative(out, *operands); a float that raises at a pole is redone with numpy scalars."""
    try:
        return derivative(out, *operands)
    except FLOAT_TROUBLE:
        return derivative(np.float64(out), *[np.float64(x) if x.__class__ is float else x for x in operands])


def _downstream(upstream, slope, shape):
    """upstream × local, summed back to the operand's shape where it was broadcast."""
    down = upstream * slope
    if not shape:       # a scalar operand: a float, the sum of what it sent to every entry
        return down if down.__class__ is float else float(np.sum(down))
    return unbroadcast(np.asarray(down, dtype=np.float64), shape)


def _as_local(slope, node, inp):
    """An elementwise local as the answer shows it: shaped like the node (the Jacobian's diagonal), or
    like the operand when the node is a scalar (a reduction: then it is the whole Jacobian)."""
    if not node.shape:
        if slope.__class__ is float and not inp.shape:
            return slope
        local = unbroadcast(np.asarray(slope, dtype=np.float64), inp.shape)     # bce(p, y) with a scalar y
        return float(local) if not inp.shape else np.asarray(local, dtype=np.float64)
    return np.array(np.broadcast_to(np.asarray(slope, dtype=np.float64), node.shape))


def _size(shape):
    return int(np.prod(shape)) if shape else 1


def _jacobians(op, node, operands):
    """Full Jacobians (node.shape + operand.shape) of a mixing op, None where one would be too large."""
    out_size = _size(node.shape)
    wanted = [out_size * _size(inp.shape) <= MAX_JACOBIAN_ENTRIES for inp in node.inputs]
    if not any(wanted):
        return [None] * len(operands)
    if op.jacobian is not None:
        jacobians = op.jacobian(node.value, *operands, wanted=wanted)
    else:               # one VJP per output entry: row k of the Jacobian is the VJP of the k-th basis vector
        rows = [[] for _ in operands]
        for k in range(out_size):
            basis = np.zeros(out_size)
            basis[k] = 1.0
            g = basis.reshape(node.shape) if node.shape else 1.0
            for i, d in enumerate(op.vjp(g, node.value, *operands)):
                rows[i].append(np.ravel(np.asarray(d, dtype=np.float64)))
        jacobians = [np.array(r).reshape(node.shape + inp.shape) if w else None
                     for r, w, inp in zip(rows, wanted, node.inputs)]
    return [None if j is None else (float(j) if np.ndim(j) == 0 else np.asarray(j, dtype=np.float64))
            for j in jacobians]


def _stable_losses(node, locals_, downs, upstream):
    """sigmoid → bce and softmax → ce: the fused, finite gradients of engine/core/stable.py."""
    fused = fused_downstream(node)
    if fused is not None:
        downs[0] = fused
    label_local = bce_label_local(node)
    if label_local is not None:
        y = node.inputs[1]
        down = unbroadcast(np.asarray(upstream * label_local, dtype=np.float64), y.shape)
        downs[1] = float(down) if not y.shape else down
        locals_[1] = _as_local(label_local, node, y)


def _mark_reached(graph, output):
    """node.reached: the output depends on it (the nodes a backward pass from the output visits)."""
    output.reached = True
    for node in reversed(graph.nodes):
        if node.reached:
            for inp in node.inputs:
                inp.reached = True


def _gradient_warning(node, inp, local, down):
    """A warning (node, code, params) for a downstream gradient that is NaN or ±Infinity."""
    code = "non_finite_gradient_constant" if inp.kind == "constant" else "non_finite_gradient"
    return node, code, {"input": inp, "gradient": _describe(down), "local": _describe(local)}


def _describe(v):
    if v is None:
        return "not finite"
    if v.__class__ is float:
        return plain_number(v)
    return "NaN or ±Infinity in places"
