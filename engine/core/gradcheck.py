"""Gradient check: central finite differences for every input and parameter element, compared with
the analytic gradient of the backward pass.

    numeric = (f(x + h) − f(x − h)) / 2h,   h = CHECK_STEP · max(1, |x|)
    relative_error = |analytic − numeric| / max(1, |analytic|, |numeric|)

(relative for large gradients, absolute for small ones, so a true 0 does not divide by noise). For a
non-scalar output f is Σ seed ⊙ output. Leaves used only as class indices of ce are skipped: they are
not differentiable; so are leaves that reach the class indices through other operations (a nudge by h
would make them fractional). Usable from tests: `check_graph(*engine.api.compute(source, values))`.
"""
import numpy as np

from .errors import LimitError
from .limits import CHECK_STEP, MAX_CHECK_ELEMENT_WORK, MAX_CHECK_WORK
from .numbers import json_value
from .forward import apply
from .ops import LABEL_OPS, LabelProblem
from .stable import LOGIT_OF


def _numbers_computed(node):
    """Numbers one forward pass computes for the node: its size, times the inner dimension for @."""
    size = max(1, int(np.size(node.value)))
    if node.op == "matmul":
        size *= max(1, int(np.shape(node.inputs[0].value)[-1]))
    return size


def check_graph(graph, output, seed=1.0):
    """{"check": {name: {"analytic", "numeric", "relative_error"} | {"skipped"}}, "max_relative_error"}."""
    nodes = graph.nodes
    leaves = [n for n in nodes if n.kind in ("input", "parameter")]
    elements = sum(int(np.size(n.value)) for n in leaves)
    if 2 * elements * len(nodes) > MAX_CHECK_WORK:
        raise LimitError("gradcheck_limit", hint="hint_smaller_check", passes=2 * elements, nodes=len(nodes),
                         limit=MAX_CHECK_WORK)
    per_pass = sum(_numbers_computed(n) for n in nodes)
    if 2 * elements * per_pass > MAX_CHECK_ELEMENT_WORK:
        raise LimitError("gradcheck_number_limit", hint="hint_check_smaller_tensors", passes=2 * elements,
                         numbers=per_pass, limit=MAX_CHECK_ELEMENT_WORK)
    plan = _plan(nodes)
    position = {node: i for i, node in enumerate(nodes)}
    out_index = position[output]
    base = [n.value for n in nodes]
    seed = np.asarray(seed, dtype=np.float64)
    report = {}
    worst = 0.0
    for leaf in leaves:
        if _label_only(leaf):
            report[leaf.id] = {"skipped": "used only as class indices, which are not differentiable"}
            continue
        try:
            numeric = numeric_gradient(plan, base, position[leaf], out_index, seed)
        except LabelProblem:    # it reaches ce's class indices through other operations (y + 0, …)
            report[leaf.id] = {"skipped": "moving it by h makes ce's class indices fractional; class "
                                          "indices are not differentiable"}
            continue
        analytic = np.asarray(leaf.grad, dtype=np.float64)
        with np.errstate(all="ignore"):
            err = np.abs(analytic - numeric) / np.maximum(1.0, np.maximum(np.abs(analytic),
                                                                           np.abs(numeric)))
        err = np.where(np.isnan(err), np.where(np.isnan(analytic) & np.isnan(numeric), 0.0, np.inf), err)
        rel = float(np.max(err))
        worst = max(worst, rel)
        report[leaf.id] = {"analytic": json_value(leaf.grad),
                           "numeric": json_value(float(numeric) if numeric.ndim == 0 else numeric),
                           "relative_error": json_value(rel)}
    return {"check": report, "max_relative_error": json_value(worst)}


def numeric_gradient(plan, base, leaf_index, out_index, seed):
    """Central differences of Σ seed ⊙ output with respect to every element of one leaf."""
    x0 = base[leaf_index]
    flat = np.atleast_1d(np.array(x0, dtype=np.float64)).ravel()
    grad = np.zeros(flat.size)
    for k in range(flat.size):
        h = CHECK_STEP * max(1.0, abs(flat[k]))
        outs = []
        for sign in (1.0, -1.0):
            moved = flat.copy()
            moved[k] += sign * h
            value = float(moved[0]) if x0.__class__ is float else moved.reshape(np.shape(x0))
            outs.append(_objective(_run(plan, base, leaf_index, value)[out_index], seed))
        grad[k] = (outs[0] - outs[1]) / (2 * h)
    return grad[0] if x0.__class__ is float else grad.reshape(np.shape(x0))


def _objective(out, seed):
    return float(np.sum(np.asarray(out, dtype=np.float64) * seed))


def _plan(nodes):
    """Per node: (op name, input positions, logits position or None, shape), leaves as None."""
    position = {node: i for i, node in enumerate(nodes)}
    plan = []
    for node in nodes:
        if not node.inputs:
            plan.append(None)
            continue
        logits = None
        first = node.inputs[0]
        if node.op in LOGIT_OF and first.op == LOGIT_OF[node.op]:
            logits = position[first.inputs[0]]
        plan.append((node.op, [position[i] for i in node.inputs], logits, node.shape))
    return plan


def _run(plan, base, leaf_index, leaf_value):
    """The forward pass again (engine/core/forward.py's `apply`) with one leaf replaced."""
    values = list(base)
    values[leaf_index] = leaf_value
    with np.errstate(all="ignore"):
        for i, step in enumerate(plan):
            if step is None:
                continue
            op, ins, logits, shape = step
            values[i] = apply(op, [values[j] for j in ins], shape, None if logits is None else values[logits])
    return values


def _label_only(leaf):
    consumers = leaf.consumers or ()
    return bool(consumers) and all(c.op in LABEL_OPS and c.inputs[1] is leaf and c.inputs[0] is not leaf
                                   and np.ndim(c.inputs[1].value) < np.ndim(c.inputs[0].value)
                                   for c in consumers)
