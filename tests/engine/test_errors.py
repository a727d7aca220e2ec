"""Errors are typed and precise: line, column, caret excerpt and a hint that says what to do next."""
import json

import pytest

from engine import EngineError, evaluate
from engine.__main__ import main


def error_of(src, values=None, **kw):
    with pytest.raises(EngineError) as info:
        evaluate(src, values or {}, **kw)
    return info.value


def test_unknown_function_suggests_the_nearest_name():
    err = error_of("L = sigmod(z)", {"z": 1})
    assert err.kind == "NameError" and (err.line, err.column) == (1, 5)
    assert "sigmoid" in err.hint
    assert err.excerpt == "L = sigmod(z)\n    ^"


def test_missing_value_names_the_variable_on_its_line():
    err = error_of("d = 2*b\ne = a + d", {"b": 1})
    assert (err.line, err.column) == (2, 5) and "a" in err.message and "a=" in err.hint


def test_assigning_a_function_name_is_refused_with_a_hint():
    err = error_of("exp = 3")
    assert "function" in err.message and "exp1" in err.hint


def test_use_before_assignment_says_to_move_the_line():
    err = error_of("e = a + d; d = 2b", {"a": 1, "b": 2})
    assert "before it is assigned" in err.message and "move" in err.hint


def test_shadowing_a_given_value_is_refused():
    err = error_of("a = 2*b", {"a": 1, "b": 2})
    assert "values" in err.message


def test_reserved_underscore_names():
    assert error_of("_1 + x", {"x": 1}).kind == "NameError"
    assert error_of("_t = 1").kind == "NameError"


def test_shape_errors_name_both_shapes():
    err = error_of("W @ x", {"W": [[1, 2, 3], [4, 5, 6]], "x": [1, 2]}, seed=[1, 1])
    assert err.kind == "ShapeError" and "[2, 3]" in err.message and "[2]" in err.message
    err = error_of("sum(a + b)", {"a": [1, 2], "b": [1, 2, 3]})
    assert "[2]" in err.message and "[3]" in err.message and err.column == 7


def test_ce_labels_are_checked():
    err = error_of("ce(softmax(z), y)", {"z": [1, 2, 3], "y": 3})
    assert "0 to 2" in err.message
    err = error_of("ce(softmax(z), y)", {"z": [[1, 2, 3]], "y": [0, 1]})
    assert err.kind == "ShapeError"


@pytest.mark.parametrize("src,fragment", [
    ("1 +", "missing a value"), ("(1 + 2", "never closed"), ("1 + 2)", "no matching"),
    ("exp()", "needs an argument"), ("exp(1, 2)", "takes 1"), ("bce(1)", "takes 2"), ("()", "empty"),
    ("exp 2", "function"), ("2 3", "missing operator"), ("a, b", "','"), ("L =", "missing"),
    ("* 2", "needs a value"), ("", "empty"), ("x = 1; (x", "never closed"), ("(a;b)", "';'"),
])
def test_parse_errors(src, fragment):
    err = error_of(src, {"a": 1, "b": 2})
    assert fragment in err.message
    d = err.to_dict()
    json.dumps(d)
    assert set(d) == {"error", "message", "line", "column", "excerpt", "hint", "code", "params", "hint_code", "hint_params"}


def test_multiline_position_and_excerpt():
    err = error_of("a = 1\nb = 2\nc = a +* b")
    assert (err.line, err.column) == (3, 8)
    assert err.excerpt.splitlines()[0] == "c = a +* b"
    assert err.excerpt.splitlines()[1] == "       ^"


def test_comments_do_not_shift_positions():
    err = error_of("a = 1  # first\nb = a $ 2")
    assert (err.line, err.column) == (2, 7)


def test_unused_values_warn_instead_of_failing():
    r = evaluate("a + 1", {"a": 1, "zzz": 2})
    assert any("zzz" in w["message"] for w in r["warnings"])


def test_cli_table_and_json(capsys):
    assert main(["c(a+2b)", "a=3", "b=1", "c=-2", "--check"]) == 0
    out = capsys.readouterr().out
    assert "-10" in out and "∂L/∂a = -2" in out and "relative error" in out   # L: tests/engine/test_cli.py
    assert main(["sum(x*x)", "x=[1,2]", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["gradients"]["x"] == [2.0, 4.0]
    assert main(["c(a+", "a=1"]) == 2
    assert "line 1" in capsys.readouterr().err


def test_an_unclosed_call_points_at_its_parenthesis():
    with pytest.raises(EngineError) as err:
        evaluate("L = sigmoid(x", {"x": 1})
    assert err.value.to_dict()["column"] == 12 and "never closed" in err.value.message
