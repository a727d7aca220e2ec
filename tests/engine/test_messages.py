"""Every engine message a learner sees has a code in engine/present/messages.py, so the page can translate it.

Two ways in: a walk over the engine's sources that renders every literal message of a raise site
(its f-string holes filled with a sample) and checks a template recognises it, and runs of the engine
that trigger errors and warnings and check the code and parameters the API will send.
"""
import ast
import json
import pathlib
import shutil
import subprocess

import pytest

from engine.present import messages
from engine.api import compute
from engine.core.errors import EngineError
from engine.present.result import build_result

ENGINE = pathlib.Path(__file__).resolve().parents[2] / "engine"
# Every module that raises an EngineError or records a warning (exercises.py raises ExerciseError, a
# plain ValueError the practice view words itself).
RAISING = ["api.py", "core/parser.py", "core/graph.py", "core/numbers.py", "core/ops.py", "core/forward.py",
           "core/backward.py", "core/gradcheck.py", "present/result.py", "networks/netspec.py",
           "networks/network.py", "networks/optim.py", "networks/training.py", "networks/datasets.py",
           "networks/update.py"]
ERROR_CLASSES = {"EngineError", "ParseError", "BadNameError", "BadValueError", "ShapeError",
                 "LimitError", "ShapeMismatch", "SpecError", "DatasetError", "TrainingError", "WorkLimitError"}


def _raise_sites():
    """(file:line, code expression, hint expression or None, keyword names) of every error constructed
    with a code: `ParseError("operator_needs_left", op="*")`, `self.err(ParseError, at, "code", …)`."""
    for name in RAISING:
        tree = ast.parse((ENGINE / name).read_text())
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            f = call.func
            if isinstance(f, ast.Name) and f.id in ERROR_CLASSES and call.args:
                code = call.args[0]
            elif isinstance(f, ast.Attribute) and f.attr in ("err", "error") and len(call.args) >= 3:
                code = call.args[2]
            else:
                continue
            keywords = {k.arg: k.value for k in call.keywords if k.arg is not None}
            yield f"{name}:{call.lineno}", code, keywords


SITES = list(_raise_sites())


def test_the_walk_finds_the_raise_sites():
    assert len(SITES) > 60


def _literal(expr):
    return expr.value if isinstance(expr, ast.Constant) and isinstance(expr.value, str) else None


@pytest.mark.parametrize("where,code,keywords", SITES, ids=[s[0] for s in SITES])
def test_every_raise_site_names_a_code_and_fills_its_template(where, code, keywords):
    """The message is a code of the catalogue (never English text to be recognised afterwards), and
    the keywords given are exactly the template's parameters; the same for a literal hint."""
    text = _literal(code)
    if text is None:                 # a code passed through (err.code) or chosen just above
        return
    assert text in messages.CATALOGUE, f"{where}: {text!r} is not a code of engine/present/messages.py"
    given = set(keywords) - {"hint", "hint_params"}
    assert given == set(messages.parameter_names(messages.CATALOGUE[text])), where
    hint = _literal(keywords["hint"]) if "hint" in keywords else None
    if hint is not None:
        assert hint in messages.CATALOGUE, f"{where}: hint {hint!r} is not a code"
        wanted = set(messages.parameter_names(messages.CATALOGUE[hint]))
        params = keywords.get("hint_params")
        if isinstance(params, ast.Dict):
            assert {_literal(k) for k in params.keys} == wanted, where
        elif params is None:
            assert not wanted, f"{where}: hint {hint} needs {wanted}"


def test_no_message_is_recognised_from_its_english_text():
    assert not hasattr(messages, "identify")


def test_render_fills_every_template():
    for code, template in messages.CATALOGUE.items():
        params = {p: f"<{p}>" for p in messages.parameter_names(template)}
        text = messages.render(code, params)
        assert all(f"<{p}>" in text for p in params), code


def _error(source, values=None):
    with pytest.raises(EngineError) as info:
        compute(source, values or {})
    return info.value.to_dict()


def test_a_typo_names_the_function_and_the_suggestion():
    d = _error("sigmod(x)", {"x": 1})
    assert (d["code"], d["params"]) == ("unknown_function", {"name": "sigmod"})
    assert d["message"] == "unknown function sigmod"
    assert d["hint_code"] == "hint_did_you_mean_function"
    assert d["hint_params"]["suggestion"] == "sigmoid"


def test_a_missing_value_names_it():
    d = _error("a+bee", {"a": 1})
    assert (d["code"], d["params"]) == ("missing_value", {"names": ["bee"]})
    assert (d["hint_code"], d["hint_params"]) == ("hint_add_value", {"names": ["bee"], "name": "bee"})


def test_missing_values_are_all_named_in_order_of_first_use():
    d = _error("c(a+2b)")
    assert (d["code"], d["params"]) == ("missing_value", {"names": ["c", "a", "b"]})
    assert d["message"] == "no value given for c, a, b"
    d = _error("d = 2*b\ne = a + d\nL = c*e", {"a": 3})
    assert d["params"]["names"] == ["b", "c"]          # assigned names are not asked for


@pytest.mark.parametrize("source,values,code", [
    ("", {}, "empty_expression"),
    ("a + * b", {"a": 1, "b": 2}, "operator_needs_left"),
    ("(a", {"a": 1}, "unclosed_paren"),
    ("a =", {}, "assignment_missing_expression"),
    ("a = 1\na = 2\na", {}, "assigned_twice"),
    ("x @ y", {"x": [1, 2], "y": [1, 2, 3]}, "matmul_inner"),
    ("x + y", {"x": [1, 2], "y": [1, 2, 3]}, "shape_mismatch"),
    ("sigmoid(a, a)", {"a": 1}, "wrong_argument_count_one"),
    ("x", {"x": [[1, 2], [3]]}, "ragged_rows"),
])
def test_errors_carry_their_code(source, values, code):
    d = _error(source, values)
    assert d["code"] == code, d
    assert messages.render(code, d["params"]) == d["message"]


def _warnings(source, values, parameters=()):
    graph, output, _ = compute(source, values, parameters)
    return build_result(graph, output)["warnings"]


def test_warnings_carry_their_code():
    codes = {w["code"] for w in _warnings("log(a) + 0*b", {"a": 0, "b": 1, "unused": 2})}
    assert {"non_finite_result", "unused_value"} <= codes
    found = [w for w in _warnings("L = a*2\nk = b + 1\nL", {"a": 1, "b": 2}) if w["code"] == "not_a_dependency"]
    assert found and found[0]["params"]["output"] == "L"
    for w in _warnings("sqrt(a) + log(a)", {"a": 0}):
        assert w["code"] is not None, w
        assert messages.render(w["code"], w["params"]) == w["message"]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_page_has_the_same_english_templates():
    """static/js/i18n/engine_messages.js: every code of the catalogue with the same English (the page's
    other codes are the app's own: tests/app/test_messages.py)."""
    script = ("import('./static/js/i18n/engine_messages.js').then(m => console.log(JSON.stringify("
              "Object.fromEntries(Object.entries(m.ENGINE_MESSAGES).map(([k, v]) => [k, v.en])))))")
    run = subprocess.run(["node", "-e", script], cwd=ENGINE.parent, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    page = json.loads(run.stdout)
    assert {code: page.get(code) for code in messages.CATALOGUE} == messages.CATALOGUE


@pytest.mark.parametrize("spec,code", [
    ({"input_size": 2}, "spec_needs_layers"),
    ({"input_size": 2, "layers": [{"units": 1, "activation": "sigmod"}]}, "unknown_activation"),
    ({"input_size": 2, "layers": [{"units": 1, "activation": "sigmoid"}], "loss": "bce", "x": [1, 2, 3], "y": 1},
     "x_size_mismatch"),
    ({"input_size": 2, "layers": [{"units": 1, "activation": "sigmoid"}], "loss": "bce", "x": [1, 2], "y": 1,
      "view": "pixels"}, "unknown_view"),
])
def test_network_spec_errors_carry_their_code(spec, code):
    from engine.networks.network import network
    with pytest.raises(EngineError) as info:
        network(spec)
    d = info.value.to_dict()
    assert d["code"] == code, d
    assert messages.render(code, d["params"]) == d["message"]


def test_dataset_and_csv_errors_carry_their_code():
    from engine.networks.datasets import generate, parse_csv
    with pytest.raises(EngineError) as info:
        parse_csv("1, 2, 0\n3, x, 1")
    assert info.value.code == "csv_not_number" and info.value.params["line"] == "2"
    with pytest.raises(EngineError) as info:
        generate({"name": "spirals"})
    assert info.value.code == "unknown_dataset"
