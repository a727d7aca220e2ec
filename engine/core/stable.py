"""Numerically stable loss pairs: a sigmoid feeding bce, a softmax feeding ce.

The textbook computes σ(z) and then −[y log ŷ + (1 − y) log(1 − ŷ)]; in float64 ŷ rounds to exactly 1
for z > 37, and log(1 − ŷ) becomes log 0. When a loss reads a sigmoid (softmax) node, the forward
pass therefore computes the loss from the logits z (softplus(z) − y·z; log-softmax), and the backward
pass sends z the fused gradient (ŷ − y)/N (eq 6.43; p − onehot for softmax) — the same numbers as
upstream × local along the two edges, but finite where a probability rounds to 0 or 1.
"""
import numpy as np

from .ops import sigmoid_bce_grad, softmax_ce_grad, unbroadcast

LOGIT_OF = {"bce": "sigmoid", "ce": "softmax"}      # loss → the op whose input are its logits
STABLE_PAIRS = frozenset(["sigmoid", "softmax", "bce"])     # the ops whose edges this module may adjust


def logits_for(node):
    """The logits a loss node should read (its first operand's input), or None."""
    first = node.inputs[0]
    if node.op in LOGIT_OF and first.op == LOGIT_OF[node.op]:
        return first.inputs[0].value
    return None


def fused_downstream(node):
    """For a sigmoid (softmax) node whose only consumer is bce (ce) taking it as the prediction: the
    gradient ∂L/∂z to send its input, computed from the probabilities; else None."""
    if node.op not in ("sigmoid", "softmax") or len(node.consumers) != 1:
        return None
    loss = node.consumers[0]
    if LOGIT_OF.get(loss.op) != node.op or loss.inputs[0] is not node or loss.inputs[1] is node:
        return None
    z = node.inputs[0]
    g, y, s = loss.grad, loss.inputs[1].value, node.value
    if node.op == "sigmoid":
        d = unbroadcast(sigmoid_bce_grad(g, s, y), z.shape)
    else:
        d = softmax_ce_grad(g, s, y)
    return float(d) if z.shape == () else np.asarray(d, dtype=np.float64)


def bce_label_local(node):
    """∂bce/∂y = (log(1 − ŷ) − log ŷ)/N is −z/N when ŷ = σ(z): finite where ŷ rounds to 0 or 1.
    None unless bce reads a sigmoid node (and not as its label too)."""
    if node.op != "bce" or node.inputs[0].op != "sigmoid" or node.inputs[1] is node.inputs[0]:
        return None
    z = node.inputs[0].inputs[0].value
    full = np.broadcast_shapes(np.shape(z), node.inputs[1].shape)
    return np.broadcast_to(-np.asarray(z, dtype=np.float64) / max(1, int(np.prod(full))), full)
