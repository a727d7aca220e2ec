"""A computation graph as a standalone LaTeX document: one `tikzpicture`, for slides and exam sheets.

    tikz_document(answer, show="gradients")  -> "\\documentclass{standalone}\\n\\usepackage{tikz}…"

`answer` is what `engine.evaluate` / `engine.network` return (docs/contract.md §1). `show` chooses what
the nodes and edges carry besides the textbook's labels (the node's formula, `d = 2 \\cdot b`):

* `"values"`: every node's value (the forward pass, figure 6.15);
* `"gradients"`: values, every node's upstream gradient ∂L/∂node and, on every edge, its local
  gradient and the downstream gradient it sends back (figure 6.17);
* `"blanks"`: the inputs' and constants' values, and a numbered empty box for every other value, every
  upstream gradient and every edge's local and downstream gradient: an exam question. A network's
  data (its nodes marked `role` "data": x, y) gets no gradient box, as a constant does not: the
  textbook never backpropagates into data, and practice does not ask it either. The numbering is
  `blank_numbers` below, the same order the page's worksheet uses (static/js/worksheet/blanks.js).

Pure (text in, text out). It compiles with pdflatex and the `tikz` package alone: the few KaTeX macros
the engine's formulas use that need amsmath or amssymb are rewritten to plain LaTeX (`LATEX_ONLY`).
"""
from __future__ import annotations

import math
import re

from engine.networks.network import is_data

SHOW = ("values", "gradients", "blanks")
LAYER_GAP_CM = 5.0       # between columns: room for an edge's two-line label
BLANKS_GAP_CM = 6.2      # … whose answer boxes are wider than its numbers
TENSOR_GAP_CM = (6.5, 4.2)  # columns and rows when vectors and matrices are written out in the nodes
ROW_GAP_CM = 2.2         # between nodes of one column
SWEEPS = 4               # barycentre passes that untangle crossing edges (the order settles in 2-3)
DIGITS = 4               # significant digits, as on the page (static/js/explorer/format.js)

# KaTeX accepts these; plain LaTeX needs amsmath/amssymb for them, which the document must not load.
LATEX_ONLY = (
    (re.compile(r"\\operatorname\{([^{}]*)\}"), r"\\mathrm{\1}"),
    (re.compile(r"\\text\{([^{}]*)\}"), r"\\mbox{\1}"),
    (re.compile(r"\\mathbb\{([^{}]*)\}"), r"\\mathbf{\1}"),
)

PREAMBLE = r"""\documentclass[border=6pt]{standalone}
\usepackage{tikz}
% Colours as on the page: values blue, gradients vermillion, parameters teal.
\definecolor{bpvalue}{RGB}{0,90,181}
\definecolor{bpgrad}{RGB}{190,60,0}
\definecolor{bpparam}{RGB}{0,110,110}
\tikzset{
  bpnode/.style={draw, rounded corners=3pt, align=center, inner sep=4pt, minimum width=1.6cm, fill=white},
  bpleaf/.style={bpnode, fill=black!4},
  bpparam/.style={bpnode, draw=bpparam, fill=bpparam!6},
  bpedge/.style={->, >=stealth, thick, draw=black!70},
  bplabel/.style={font=\scriptsize, align=center, fill=white, inner sep=1.5pt},
}
"""


class TikzError(ValueError):
    """`show` is not one of SHOW (the router answers 422 before this is reached)."""


def tikz_document(answer: dict, show: str = "gradients") -> str:
    if show not in SHOW:
        raise TikzError(f"show must be one of {', '.join(SHOW)}, not {show!r}")
    nodes = answer["nodes"]
    edges = graph_edges(answer)
    tensors = any(isinstance(n["value"], list) for n in nodes)
    gap, row_gap = TENSOR_GAP_CM if tensors else (BLANKS_GAP_CM if show == "blanks" else LAYER_GAP_CM, ROW_GAP_CM)
    positions = layout(nodes, edges, gap, row_gap)
    names = {n["id"]: f"n{i}" for i, n in enumerate(nodes)}
    numbers = blank_numbers(answer) if show == "blanks" else {}
    lines = [PREAMBLE, r"\begin{document}", r"\begin{tikzpicture}"]
    for node in nodes:
        x, y = positions[node["id"]]
        lines.append(f"  \\node[{_style(node)}] ({names[node['id']]}) at ({x:.2f},{y:.2f}) "
                     f"{{{_node_text(node, answer, show, numbers)}}};")
    for edge in edges:
        src, dst = names[edge["source"]], names[edge["target"]]
        label = _edge_text(edge, nodes, answer, show, numbers)
        bend = _bend(edge, edges)
        lines.append(f"  \\draw[bpedge] ({src}) to{bend} node[bplabel, midway] {{{label}}} ({dst});"
                     if label else f"  \\draw[bpedge] ({src}) to{bend} ({dst});")
    lines += [r"\end{tikzpicture}", r"\end{document}", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- reading the answer

def graph_edges(answer: dict) -> list[dict]:
    """Every edge as {source, target, slot, local, downstream, formula}: answer format 2's `edges`, or
    format 1's edges nested in each node's `inputs`."""
    if "edges" in answer:
        return [dict(e) for e in answer["edges"]]
    out = []
    for node in answer["nodes"]:
        for slot, e in enumerate(node["inputs"]):
            out.append({"source": e["node"], "target": node["id"], "slot": slot, "local": e.get("local"),
                        "downstream": e.get("downstream"), "formula": e.get("formula", "")})
    return out


def blank_numbers(answer: dict) -> dict:
    """The worksheet's box numbers, 1, 2, …: first every computed value in forward order, then in
    backward order each node's upstream gradient followed by its input edges' local and downstream
    gradients. Inputs' and constants' values are given, not asked; a constant's gradient and the edges
    into a constant are not asked either (a constant never changes: practice skips them too), nor are a
    network's data's (`not_asked`). Keys:
    ("value", id), ("grad", id), ("local", target, slot), ("downstream", target, slot)."""
    by_id = {n["id"]: n for n in answer["nodes"]}
    edges = graph_edges(answer)
    into = {}
    for e in edges:
        into.setdefault(e["target"], []).append(e)
    keys = [("value", i) for i in answer["forward_order"] if by_id[i]["kind"] == "operation"]
    for i in answer["backward_order"]:
        if not_asked(by_id[i]):
            continue
        keys.append(("grad", i))
        for e in sorted(into.get(i, []), key=lambda e: e["slot"]):
            if not not_asked(by_id[e["source"]]):
                keys += [("local", i, e["slot"]), ("downstream", i, e["slot"])]
    return {key: k + 1 for k, key in enumerate(keys)}


def not_asked(node: dict) -> bool:
    """Whose gradient, and the gradients on the edges into it, an exam sheet does not ask: a constant
    (it never changes) and a network's data (never backpropagated into), as practice and the worksheet."""
    return node["kind"] == "constant" or is_data(node)


# ---------------------------------------------------------------- layout

def layout(nodes: list[dict], edges: list[dict], gap: float = LAYER_GAP_CM, row_gap: float = ROW_GAP_CM) -> dict:
    """Left-to-right columns: an operation one column right of its latest input, a leaf (input,
    parameter, constant) one column left of its first consumer, as the textbook draws figure 6.15.
    Within a column nodes are ordered by the mean row of their neighbours (barycentre sweeps)."""
    inputs = {n["id"]: [] for n in nodes}
    consumers = {n["id"]: [] for n in nodes}
    for e in edges:
        inputs[e["target"]].append(e["source"])
        consumers[e["source"]].append(e["target"])
    column = {}
    for n in nodes:  # nodes come in forward (topological) order
        column[n["id"]] = 1 + max((column[i] for i in inputs[n["id"]]), default=-1)
    for n in nodes:
        if not inputs[n["id"]] and consumers[n["id"]]:
            column[n["id"]] = min(column[c] for c in consumers[n["id"]]) - 1
    shift = min(column.values(), default=0)
    columns = {}
    for n in nodes:
        columns.setdefault(column[n["id"]] - shift, []).append(n["id"])
    row = {i: float(k) for col in columns.values() for k, i in enumerate(col)}
    for sweep in range(SWEEPS):
        neighbours = inputs if sweep % 2 == 0 else consumers
        for c in sorted(columns, reverse=sweep % 2 == 1):
            for i in columns[c]:
                near = neighbours[i] or (consumers[i] if sweep % 2 == 0 else inputs[i])
                if near:
                    row[i] = sum(row[j] for j in near) / len(near)
            columns[c].sort(key=lambda i: row[i])
            for k, i in enumerate(columns[c]):
                row[i] = k - (len(columns[c]) - 1) / 2
    return {i: (c * gap, -row[i] * row_gap) for c, ids in columns.items() for i in ids}


def _bend(edge, edges):
    """Parallel edges (x*x: two from x into one node) bend apart so that both stay visible."""
    twins = [e for e in edges if e["source"] == edge["source"] and e["target"] == edge["target"]]
    if len(twins) < 2:
        return ""
    k = twins.index(edge)
    angle = 18 * (k - (len(twins) - 1) / 2)
    return f"[bend left={angle:g}]" if angle else ""


# ---------------------------------------------------------------- text

def latex(text: str) -> str:
    for pattern, replacement in LATEX_ONLY:
        text = pattern.sub(replacement, text)
    return text


MAX_MATRIX_ENTRIES = 16       # a tensor up to this many entries is written out; larger ones by shape


def number(v) -> str:
    """A number as LaTeX math, DIGITS significant digits (the page's rounding); a small vector or
    matrix written out as a bracketed array (plain LaTeX, no amsmath), a larger tensor by its shape."""
    if isinstance(v, list):
        rows = v if v and isinstance(v[0], list) else [[x] for x in v]  # a vector is a column, as z = Wx + b
        if len(rows) * len(rows[0]) <= MAX_MATRIX_ENTRIES and not isinstance(rows[0][0], list):
            body = r" \\ ".join(" & ".join(number(x) for x in row) for row in rows)
            return r"\left[\begin{array}{" + "c" * len(rows[0]) + "}" + body + r"\end{array}\right]"
        shape = []
        while isinstance(v, list):
            shape.append(len(v))
            v = v[0] if v else None
        return r"\mbox{[" + r"$\times$".join(map(str, shape)) + "]}"
    if isinstance(v, str):  # the answer's "NaN", "Infinity", "-Infinity"
        return {"Infinity": r"\infty", "-Infinity": r"-\infty"}.get(v, r"\mathrm{NaN}")
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return r"\mathrm{NaN}" if v is None or v != v else (r"\infty" if v > 0 else r"-\infty")
    if v == 0:
        return "0"
    digits = max(DIGITS, int(math.floor(math.log10(abs(v)))) + 2) if abs(v) < 1e6 else DIGITS
    text = f"{v:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa} \\times 10^{{{int(exponent)}}}"
    return text


def _style(node):
    if node["kind"] == "parameter":
        return "bpparam"
    return "bpleaf" if node["kind"] in ("input", "constant") else "bpnode"


def _blank(n):
    """A numbered empty box to write an answer in (plain LaTeX: a nested tikzpicture would inherit the
    node's style)."""
    return rf"\fbox{{\makebox[1.1cm]{{\rule{{0pt}}{{1.8ex}}\tiny ({n})}}}}"


def _entry(colour, lhs, value):
    """`lhs = value` in a colour; `value` is a number (math) or a blank (text)."""
    if isinstance(value, Blank):
        return _colour(colour, f"${lhs} = {{}}$" + _blank(value.n))
    return _colour(colour, f"${lhs} = {number(value)}$" if lhs else f"${number(value)}$")


class Blank:
    """A box numbered n (a class, not an int, so that a number 3 and box (3) cannot be mixed up)."""

    def __init__(self, n):
        self.n = n


def _node_text(node, answer, show, numbers):
    """The label (an operation's formula, `d = 2 \\cdot b`; a leaf's symbol), then its value and, unless
    only values are shown, its upstream gradient ∂L/∂node. A constant is its own label: nothing more."""
    sym = latex(node.get("latex") or node["id"])
    if node["kind"] == "constant":
        return f"${sym}$"
    operation = node["kind"] == "operation"
    blanks = show == "blanks"
    value = Blank(numbers[("value", node["id"])]) if blanks and operation else node["value"]
    lines = [f"${latex(node['formula'])}$" if operation else f"${sym}$", _entry("bpvalue", sym, value)]
    if show != "values" and not (blanks and is_data(node)):   # data: its value is given, nothing asked
        grad = Blank(numbers[("grad", node["id"])]) if blanks else node["grad"]
        out = latex(_output_symbol(answer))
        lines.append(_entry("bpgrad", rf"\frac{{\partial {out}}}{{\partial {sym}}}", grad))
    return r" \\ ".join(lines)


def _colour(name, text):
    return rf"\textcolor{{{name}}}{{{text}}}"


def _output_symbol(answer):
    out = next((n for n in answer["nodes"] if n["id"] == answer["output"]), None)
    return (out or {}).get("latex") or answer["output"]


def _edge_text(edge, nodes, answer, show, numbers):
    """The edge's local gradient above the downstream gradient it sends back; nothing on an edge from
    a constant (not asked), from a network's data on an exam sheet (not asked either), or when only
    values are shown."""
    source = next(n for n in nodes if n["id"] == edge["source"])
    if show == "values" or source["kind"] == "constant" or (show == "blanks" and is_data(source)):
        return ""
    key = (edge["target"], edge["slot"])
    if show == "blanks":
        local, down = Blank(numbers[("local", *key)]), Blank(numbers[("downstream", *key)])
    elif edge.get("local") is None or isinstance(edge.get("local"), list):
        # A tensor edge's local gradient is a Jacobian (or its diagonal): the downstream gradient alone.
        return _colour("bpgrad", r"$\leftarrow$ " + _entry("bpgrad", "", edge["downstream"]))
    else:
        local, down = edge["local"], edge["downstream"]
    return ("local " + (_blank(local.n) if isinstance(local, Blank) else f"${number(local)}$") + r" \\ "
            + _colour("bpgrad", r"$\leftarrow$ " + (_blank(down.n) if isinstance(down, Blank) else f"${number(down)}$")))
