"""Shared helpers for the engine tests: look-ups into the contract's result structure."""
import json
import math


def node(result, node_id):
    return next(n for n in result["nodes"] if n["id"] == node_id)


def step(result, phase, node_id):
    return next(s for s in result["steps"] if s["phase"] == phase and s["node"] == node_id)


def strict_json(result):
    """The result must serialise as strict JSON (no NaN/Infinity literals)."""
    return json.dumps(result, allow_nan=False)


def close(a, b, rel=1e-9, abs_=1e-12):
    if isinstance(a, list):
        return len(a) == len(b) and all(close(x, y, rel, abs_) for x, y in zip(a, b))
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def in_edges(result, node_id):
    """A node's input edge records, in operand order (format 2: nodes name their edges by id)."""
    return [result["edges"][k] for k in node(result, node_id)["inputs"]]


def edge_records(result, ids):
    return [result["edges"][k] for k in ids]


def full_jacobian(result, edge):
    """An edge's local as the full Jacobian (target.shape + source.shape), whatever its local_form: an
    elementwise local is the Jacobian's diagonal shaped like the target (a broadcast source's entries
    each feed several target entries), or like the source when the target is a scalar (a reduction)."""
    import numpy as np
    nodes = {n["id"]: n for n in result["nodes"]}
    tshape = tuple(nodes[edge["target"]]["shape"])
    sshape = tuple(nodes[edge["source"]]["shape"])
    local = np.asarray(_numbers(edge["local"]), dtype=np.float64)
    if edge["local_form"] != "elementwise" or not tshape:
        return local
    tsize, ssize = int(np.prod(tshape)), int(np.prod(sshape)) if sshape else 1
    index = np.broadcast_to(np.arange(ssize).reshape(sshape), tshape).ravel()
    jac = np.zeros((tsize, ssize))
    jac[np.arange(tsize), index] = np.broadcast_to(local, tshape).ravel()
    return jac.reshape(tshape + sshape)


def _numbers(v):
    if isinstance(v, list):
        return [_numbers(x) for x in v]
    return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}.get(v, v)
