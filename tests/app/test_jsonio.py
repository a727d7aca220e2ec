"""Strict JSON in (no NaN, Infinity, overflow, absurd integers or nesting) and JSON out that is always
valid: non-finite floats become strings on every path."""
import json
import math

import pytest

from app.jsonio import dumps, dumps_answer, loads


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1" + "0" * 400,
                                  "[" * 100_000 + "]" * 100_000, '"\\ud800"x', "{'a': 1}", "01"])
def test_loads_refuses_what_is_not_plain_finite_json(text):
    with pytest.raises(json.JSONDecodeError) as info:
        loads('{"x": ' + text + "}")
    assert info.value.msg


def test_loads_keeps_plain_json():
    assert loads(b'{"x": [1, 2.5, -3e-7], "s": "\\u03c3", "n": null, "i": 12345678901234567890}') == \
        {"x": [1, 2.5, -3e-7], "s": "σ", "n": None, "i": 12345678901234567890}
    with pytest.raises(json.JSONDecodeError):
        loads(b"\xff")


@pytest.mark.parametrize("text", ['"\\ud800"', '"a\\udfff"', '{"\\udbff": 1}', '["\\ud83d\\ud83d"]'])
def test_loads_refuses_half_a_surrogate_pair(text):
    # Not a character: a message quoting it could not even be written as UTF-8 (this was a 500).
    with pytest.raises(json.JSONDecodeError, match="surrogate"):
        loads('{"x": ' + text + "}")


def test_loads_keeps_surrogate_pairs_and_backslashes():
    assert loads('{"s": "\\ud83d\\ude00 \\\\ud800 \\u03c3"}') == {"s": "\U0001F600 \\ud800 σ"}


def test_dumps_writes_non_finite_as_strings_everywhere():
    value = {"a": math.nan, "b": [1.0, math.inf, [-math.inf]], "c": (2.0, None)}
    assert json.loads(dumps(value)) == {"a": "NaN", "b": [1.0, "Infinity", ["-Infinity"]], "c": [2.0, None]}


def test_dumps_answer_matches_json_and_falls_back_when_warned():
    answer = {"output": "L", "nodes": [{"id": "a", "value": 0.1, "latex": "\\frac{\\partial L}{\\partial a}",
                                        "label": "σ", "op": None}], "warnings": []}
    assert json.loads(dumps_answer(answer)) == answer
    warned = {**answer, "nodes": [{"id": "a", "value": math.nan}], "warnings": [{"node": "a", "message": "NaN"}]}
    assert json.loads(dumps_answer(warned))["nodes"][0]["value"] == "NaN"
