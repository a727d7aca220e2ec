"""The forward pass: every node's value from its operands' values, in creation order.

The parser creates a node only after all its operands exist, so creation order is a topological order:
one loop, no recursion, no sorting.

    for node in graph.nodes:
        node.value = op.forward(*operand values)

A value that is not finite (log 0, 1/0, overflow) is kept, as numpy and PyTorch keep it, and reported
once, on the node that produced it — not on every node downstream of it.
"""
import numpy as np

from .errors import BadValueError
from .numbers import is_finite, plain_number
from .ops import OPS, LabelProblem
from .stable import logits_for

# What a float operation raises at a pole (math.log(0), 1.0 / 0.0, math.exp(1000)); numpy answers
# ±inf or NaN there instead, so the operation is done again with numpy scalars.
FLOAT_TROUBLE = (ArithmeticError, ValueError)


def forward(graph):
    """Compute the value of every operation node of `graph` (leaves and constants have theirs)."""
    for node in graph.nodes:
        if not node.inputs:
            continue
        operands = [inp.value for inp in node.inputs]
        try:
            node.value = apply(node.op, operands, node.shape, logits_for(node))
        except LabelProblem as problem:
            raise graph.error(BadValueError, node.offset, "class_index_range", hint="hint_labels",
                              max_class=problem.max_class) from None
        if not is_finite(node.value) and all(is_finite(x) for x in operands):
            graph.warnings.append(_non_finite(node, operands))


def apply(name, operands, shape, logits=None):
    """The op's forward function on the operands' values; a float (shape []) or a float64 array."""
    op = OPS[name]
    extra = {} if logits is None else {"logits": logits}
    try:
        value = op.forward(*operands, **extra)
    except FLOAT_TROUBLE:
        value = op.forward(*[np.float64(x) if x.__class__ is float else x for x in operands], **extra)
    return float(value) if shape == () else np.asarray(value, dtype=np.float64)


def _non_finite(node, operands):
    """A warning (node, code, params) for a value that is NaN or ±Infinity."""
    op = node.written_op                # "ln of 0", not "log of 0"
    if node.shape == ():
        args = ", ".join(plain_number(x) if x.__class__ is float else "[…]" for x in operands)
        return node, "non_finite_result", {"op": op, "args": args, "result": plain_number(node.value)}
    bad = int(np.size(node.value) - np.count_nonzero(np.isfinite(node.value)))
    return node, "non_finite_elements", {"op": op, "count": bad, "size": int(np.size(node.value))}
