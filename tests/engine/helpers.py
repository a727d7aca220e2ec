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
