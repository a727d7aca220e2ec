"""The answer (engine/present/result.py, format 2): each node and edge once, steps by id, the size
counted before building, warnings naming nodes as the learner sees them."""
import json

import pytest

from engine import EngineError, evaluate
from engine.api import compute
from engine.core.limits import MAX_ANSWER_NUMBERS
from engine.present.result import answer_size, build_result


def _numbers(v):
    if isinstance(v, list):
        return sum(_numbers(x) for x in v)
    return 0 if v is None else 1


@pytest.mark.parametrize("source,values", [
    ("c(a+2b)", {"a": 3, "b": 1, "c": -2}),
    ("L = sum(tanh(W @ x + b))", {"W": [[1, 2], [3, 4], [5, 6]], "x": [1, -1], "b": 0.5}),
    ("L = ce(softmax(Z), y)", {"Z": [[1, 2, 3], [0, 1, 0]], "y": [2, 0]}),
])
def test_the_size_bound_counts_exactly_the_numbers_the_answer_carries(source, values):
    graph, output, _ = compute(source, values)
    size = answer_size(graph)
    answer = build_result(graph, output)
    carried = sum(_numbers(n["value"]) + _numbers(n["grad"]) for n in answer["nodes"]) + sum(
        _numbers(e["local"]) + _numbers(e["downstream"]) for e in answer["edges"])
    assert size == carried


def test_an_answer_above_the_bound_is_refused_before_it_is_built():
    n = 30
    x = [[0.01 * (i + j) for j in range(n)] for i in range(n)]
    with pytest.raises(EngineError) as info:
        evaluate("B = xᵀ@x\nL = sum(" + "*".join(["B"] * 900) + ")", {"x": x})
    assert info.value.code == "answer_too_large" and int(info.value.params["size"]) > MAX_ANSWER_NUMBERS


def test_format_2_sends_each_record_once_and_steps_by_id():
    r = evaluate("d = 2*b\ne = a + d\nL = c*e", {"a": 3, "b": 1, "c": -2})
    assert r["format"] == 2
    assert sorted(k for n in r["nodes"] for k in n["inputs"]) == list(range(len(r["edges"])))
    for step in r["steps"]:
        assert set(step) <= {"phase", "node", "received", "edges"}
    assert {e["local_form"] for e in r["edges"]} == {"scalar"}
    json.dumps(r, allow_nan=False)


def test_warnings_name_nodes_as_the_learner_sees_them():
    r = evaluate("log(2b - 2b)", {"b": 1.0, "unused": 3})
    by_code = {w["code"]: w for w in r["warnings"]}
    assert by_code["non_finite_result"]["node"] == "log((2 × b) − (2 × b))"
    assert by_code["unused_value"]["node"] is None and by_code["unused_value"]["params"] == {"name": "unused"}
    r = evaluate("k = a*2\nL = b + 1", {"a": 1, "b": 2})
    found = {w["node"]: w["params"] for w in r["warnings"] if w["code"] == "not_a_dependency"}
    assert found == {"a": {"output": "L", "name": "a"}, "k": {"output": "L", "name": "k"}}
    for w in r["warnings"]:
        assert "_" not in (w["node"] or "") and "u_" not in w["message"]
