"""python -m engine: the table names a bare expression's output L (as the page does), keeps real names,
and --json keeps the engine's own ids."""
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine import evaluate
from engine.__main__ import main, output_name, print_table

ROOT = Path(__file__).resolve().parents[2]


def table(source, values):
    out = io.StringIO()
    print_table(evaluate(source, values), out)
    return out.getvalue()


def rows(text):
    """{first column: the rest of the row} for the node rows of the table."""
    lines = text.split("\n\n")[1].splitlines()[1:]
    return {line.split()[0]: line.split()[1:] for line in lines}


def test_bare_expression_output_is_called_L_like_figure_6_15():
    text = table("c(a+2b)", {"a": 3, "b": 1, "c": -2})
    assert text.startswith("output: L (node _4 in --json)\n")
    r = rows(text)
    assert r["L"][:3] == ["mul", "-10", "1"]
    assert not any(name.startswith("_4") for name in r)
    assert "gradients: ∂L/∂c = 5, ∂L/∂a = -2, ∂L/∂b = -4" in text


def test_named_output_keeps_its_name():
    text = table("d = 2b; e = a + d; f = c * e", {"a": 3, "b": 1, "c": -2})
    assert text.startswith("output: f\n") and "∂f/∂a = -2" in text and "L" not in rows(text)


def test_expression_using_L_calls_its_output_output():
    result = evaluate("2 * L", {"L": 3})
    assert output_name(result) == "output"
    text = table("2 * L", {"L": 3})
    r = rows(text)
    assert r["L"][0] == "input" and r["output"][:2] == ["mul", "6"]
    assert "∂output/∂L = 2" in text


def test_warnings_about_the_output_use_its_name():
    text = table("log(a)", {"a": 0})
    assert "warning (L): log of 0 is -Infinity" in text and "_1" not in text.split("\n\n", 2)[2]


def test_engine_ids_are_unchanged(capsys):
    assert main(["c(a+2b)", "a=3", "b=1", "c=-2", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["output"] == "_4" and result["nodes"][-1]["id"] == "_4"


def test_command_line_end_to_end():
    run = subprocess.run([sys.executable, "-m", "engine", "c(a+2b)", "a=3", "b=1", "c=-2"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("output: L") and "∂L/∂a = -2" in run.stdout


@pytest.mark.parametrize("argv, words", [(["c(a+"], "error"), (["a*b", "a=3", "b=x"], "JSON")])
def test_bad_input_is_an_error_message_not_a_traceback(argv, words, capsys):
    try:
        code = main(argv)
    except SystemExit as stop:   # argparse / value errors exit with a message
        code = stop.code
    captured = capsys.readouterr()
    assert code not in (0, None)
    assert words in captured.err + (code if isinstance(code, str) else "")


def test_cli_piped_into_head_ends_quietly():
    # `python -m engine … | head` closes the pipe early: no BrokenPipeError traceback, exit status 0.
    import subprocess
    import sys
    source = "; ".join(f"p{i} = a*{i}" for i in range(1, 2000)) + "; L = p1 + p2"
    proc = subprocess.Popen([sys.executable, "-m", "engine", source, "a=2", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0 and "Traceback" not in err
