"""The TikZ export (engine/present/tikz.py): a standalone document that pdflatex compiles with the tikz
package alone, carrying every node's textbook label, and in `blanks` mode no computed number."""
import re
import shutil
import subprocess

import pytest

import engine
from engine.exercises import FIG_6_15, FIG_6_18_SPEC
from engine.present.tikz import SHOW, TikzError, blank_numbers, tikz_document

PDFLATEX = shutil.which("pdflatex")


def fig615():
    return engine.evaluate(FIG_6_15["source"], FIG_6_15["values"])


def fig618():
    return engine.network(FIG_6_18_SPEC)


def fig618_layers():
    return engine.network({**FIG_6_18_SPEC, "view": "layer"})


def compile_tex(tex, tmp_path):
    (tmp_path / "g.tex").write_text(tex)
    run = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "g.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:]
    return tmp_path / "g.pdf"


@pytest.mark.parametrize("make", [fig615, fig618], ids=["fig6.15", "fig6.18"])
def test_standalone_document_with_every_label(make):
    answer = make()
    tex = tikz_document(answer)
    assert tex.startswith("\\documentclass[border=6pt]{standalone}")
    assert re.findall(r"\\usepackage(?:\[[^]]*\])?\{([^}]*)\}", tex) == ["tikz"]
    assert tex.count("\\begin{tikzpicture}") == 1 == tex.count("\\end{tikzpicture}")
    for node in answer["nodes"]:
        assert f"${node['latex']}" in tex, node["id"]  # each node's textbook symbol opens a label


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed (Debian: texlive-latex-base, "
                    "texlive-pictures, texlive-latex-extra)")
# Every mode on figure 6.15; figure 6.18's two views in the modes that draw the most (pdflatex takes
# ~2 s a document on this machine, so not every pair).
@pytest.mark.parametrize("make, show", [(fig615, s) for s in SHOW] + [(fig618, "gradients"), (fig618, "blanks"),
                                        (fig618_layers, "gradients")],
                         ids=[f"fig6.15-{s}" for s in SHOW] + ["fig6.18-gradients", "fig6.18-blanks", "fig6.18-layers"])
def test_compiles_with_pdflatex(make, show, tmp_path):
    pdf = compile_tex(tikz_document(make(), show), tmp_path)
    assert pdf.stat().st_size > 1000


def test_gradients_show_the_textbook_numbers():
    tex = tikz_document(fig615(), "gradients")
    assert "L = -10$" in tex
    for name, grad in {"a": "-2", "b": "-4", "c": "5"}.items():
        assert f"\\partial {name}}} = {grad}$" in tex


def test_blanks_give_no_computed_number_and_number_every_box():
    answer = fig615()
    tex = tikz_document(answer, "blanks")
    assert "-10" not in tex and "-4" not in tex and "\\partial a} = -2" not in tex
    boxes = [int(n) for n in re.findall(r"\\tiny \((\d+)\)", tex)]
    # d, e, L's values; the 6 upstream gradients (not the constant's); local + downstream on the 5
    # edges that do not start at the constant 2.
    assert sorted(boxes) == list(range(1, 3 + 6 + 2 * 5 + 1))
    assert len(blank_numbers(answer)) == len(boxes)
    assert "$a = 3$" in tex and "$c = -2$" in tex  # the inputs' values are given


def test_blanks_of_a_network_ask_no_gradient_of_its_data():
    """Figure 6.18's exam sheet gives x1, x2, y and asks no ∂L/∂x, ∂L/∂y, nor the local and downstream
    gradients on the five edges from them (the textbook never backpropagates into data, as practice);
    figure 6.15's inputs a, b, c are still asked."""
    answer = fig618()
    tex = tikz_document(answer, "blanks")
    numbers = blank_numbers(answer)
    data = {"x1", "x2", "y"}
    assert not [key for key in numbers if key[1] in data]
    edges_from_data = [e for e in answer["edges"] if e["source"] in data]
    assert len(edges_from_data) == 5 and not any(("local", e["target"], e["slot"]) in numbers for e in edges_from_data)
    for sym in ("x_{1}", "x_{2}", "y"):
        assert f"\\partial {sym}}}" not in tex, sym
    assert "\\partial w^{[1]}_{11}}" in tex
    assert sorted(int(n) for n in re.findall(r"\\tiny \((\d+)\)", tex)) == list(range(1, len(numbers) + 1))
    # The field decides: the same network without the engine's mark asks them again.
    unmarked = {**answer, "nodes": [{k: v for k, v in n.items() if k != "role"} for n in answer["nodes"]]}
    assert len(blank_numbers(unmarked)) == len(numbers) + 3 + 2 * 5
    expression = blank_numbers(fig615())
    assert {("grad", "a"), ("grad", "b"), ("grad", "c")} <= set(expression)


def test_values_show_no_gradient():
    tex = tikz_document(fig615(), "values")
    assert "\\partial" not in tex and "L = -10$" in tex


def test_unknown_choice_is_refused():
    with pytest.raises(TikzError):
        tikz_document(fig615(), "everything")


def test_katex_only_macros_become_plain_latex(tmp_path):
    answer = engine.evaluate("y = mean(v) + relu(x)", {"v": [1, 2], "x": -1.5})
    assert any("\\operatorname" in n["formula"] for n in answer["nodes"])
    tex = tikz_document(answer)
    assert "\\text{" not in tex and "\\operatorname" not in tex and "\\mathbb" not in tex
    if PDFLATEX:
        compile_tex(tex, tmp_path)


def test_small_tensors_are_written_out_as_the_textbook_does():
    tex = tikz_document(fig618_layers())
    # x = [1, 2] as a column vector, W^[1] as its 2 x 2 matrix.
    assert "x = \\left[\\begin{array}{c}1 \\\\ 2\\end{array}\\right]$" in tex
    assert "W^{[1]} = \\left[\\begin{array}{cc}0.5 & -0.25 \\\\ -1 & 0.25\\end{array}\\right]$" in tex
