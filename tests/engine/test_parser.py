"""The parser (engine/core/parser.py): what a source means — names before '(', missing values named in
order of first use, unknown functions with the nearest known name, aliases from the op table."""
import pytest

from engine import EngineError, evaluate
from engine.api import compute


def _error(source, values=None):
    with pytest.raises(EngineError) as info:
        compute(source, values or {})
    return info.value.to_dict()


def _ops(source, values):
    return [n["op"] for n in evaluate(source, values)["nodes"] if n["op"]]


@pytest.mark.parametrize("source", ["c(a+2b)", "c (a+2b)", "w1(a+b)", "x₂(a+b)", "w1_12(a+b)"])
def test_one_letter_before_a_bracket_is_a_product(source):
    name = source.split("(")[0].strip()
    ops = _ops(source, {"a": 3, "b": 1, name: -2})
    assert ops[-1] == "mul"


@pytest.mark.parametrize("source,suggestion", [("sigma(x)", "sigmoid"), ("sigmod(x)", "sigmoid"),
                                               ("maxx(x, x)", "max"), ("tan(x)", "tanh"), ("Log(x)", "log")])
def test_a_longer_name_before_a_bracket_is_a_call_and_unknown_ones_are_refused(source, suggestion):
    d = _error(source, {"x": 1, source.split("(")[0]: 2})          # even with a value for the name
    assert d["code"] == "unknown_function"
    assert d["hint_params"]["suggestion"] == suggestion
    assert (d["line"], d["column"]) == (1, 1)


def test_max_suggests_max_not_softmax():
    assert _ops("max(a, b)", {"a": 1, "b": 2}) == ["max"]
    assert _error("mx(a, b)", {"a": 1, "b": 2})["hint_params"]["suggestion"] == "max"


def test_aliases_come_from_the_op_table():
    assert _ops("ln(x)", {"x": 2}) == ["log"]
    assert _ops("σ(x)", {"x": 2}) == ["sigmoid"]
    assert _error("ln = 2\nln", {})["code"] == "function_assigned"


def test_missing_values_are_named_in_order_of_first_use():
    d = _error("c(a+2b)")
    assert (d["code"], d["params"]["names"]) == ("missing_value", ["c", "a", "b"])
    assert d["message"] == "no value given for c, a, b" and d["hint_params"]["name"] == "c"
    d = _error("d = 2*b\ne = a + d\nL = c*e", {"a": 3})
    assert d["params"]["names"] == ["b", "c"]                 # d, e and L are assigned, a has a value
    assert _error("sigmoid(q) + r")["params"]["names"] == ["q", "r"]      # functions are not variables


def test_errors_are_raised_with_a_code_and_rendered_from_the_catalogue():
    d = _error("a + * b", {"a": 1, "b": 2})
    assert (d["code"], d["params"], d["message"]) == ("operator_needs_left", {"op": "*"}, "'*' needs a value on its left")
    assert d["hint_code"] == "hint_write_operand"


def test_the_same_graph_for_one_statement_or_many():
    """No shortcut for `NAME = x op y`: a program and the expression give the same ops and numbers."""
    program = evaluate("d = 2*b\ne = a + d\nL = c*e", {"a": 3, "b": 1, "c": -2})
    expression = evaluate("c*(a + 2*b)", {"a": 3, "b": 1, "c": -2})
    assert sorted(map(str, (n["op"] for n in program["nodes"]))) == sorted(map(str, (n["op"] for n in expression["nodes"])))
    assert program["gradients"] == expression["gradients"]
