"""Command line: evaluate an expression and print values and upstream / local / downstream gradients.

    python -m engine "c(a+2b)" a=3 b=1 c=-2
    python -m engine "L = bce(sigmoid(w*x + b), y)" w=0.5 x=[1,2] ... --param w --check
    python -m engine "W @ x" W=[[1,2],[3,4]] x=[1,1] --seed [1,1] --json
"""
import argparse
import json
import os
import re
import sys

from .api import evaluate
from .core.errors import EngineError


def _parse_value(name, text):
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise SystemExit(f"error: the value of {name} must be a number or a JSON list, e.g. "
                         f"{name}=3 or {name}=[1,2]; got {text!r}") from None


def _short(v):
    if isinstance(v, float):
        return f"{v:.6g}"
    if v is None:
        return "(too large)"
    return json.dumps(v) if len(json.dumps(v)) <= 40 else json.dumps(v)[:37] + "..."


# A bare expression's output is an unnamed node (id "_4"); the table calls it L as the page does
# (figure 6.15: L(a,b,c) = c(a+2b)), or "output" when the expression uses L itself.
OUTPUT_NAMES = ("L", "output")


def output_name(result):
    """The name the table gives the output node: its own id if it has one, else the first of
    OUTPUT_NAMES no node uses. Only the printout changes; --json keeps the engine's ids."""
    out = result["output"]
    if not out.startswith("_"):
        return out
    taken = {node["id"] for node in result["nodes"]}
    return next((name for name in OUTPUT_NAMES if name not in taken), out)


def _renamed(text, node_id, name):
    """``text`` with the generated id ``node_id`` (a whole word: _4, not _41) spelled ``name``."""
    return re.sub(rf"(?<!\w){re.escape(node_id)}(?!\w)", name, text) if node_id != name else text


def print_table(result, out=None):
    out = out or sys.stdout
    name = output_name(result)
    generated = name != result["output"]
    out.write(f"output: {name}" + (f" (node {result['output']} in --json)" if generated else "") + "\n\n")
    out.write(f"{'node':<10} {'op':<10} {'value':>14} {'upstream':>14}   edges: input  local  downstream\n")
    for node in result["nodes"]:
        edges = "; ".join(f"{e['source']}: {_short(e['local'])} -> {_short(e['downstream'])}"
                          for e in (result["edges"][k] for k in node["inputs"]))
        label = name if node["id"] == result["output"] else node["id"]
        out.write(f"{label:<10} {node['op'] or node['kind']:<10} {_short(node['value']):>14} "
                  f"{_short(node['grad']):>14}   {edges}\n")
    out.write("\ngradients: " + ", ".join(f"∂{name}/∂{k} = {_short(v)}"
                                          for k, v in result["gradients"].items()) + "\n")
    if "check" in result:
        out.write(f"gradient check (central differences): max relative error "
                  f"{_short(result['max_relative_error'])}\n")
        for name, c in result["check"].items():
            if "skipped" in c:
                out.write(f"  {name}: skipped ({c['skipped']})\n")
            else:
                out.write(f"  {name}: analytic {_short(c['analytic'])}  numeric {_short(c['numeric'])}"
                          f"  relative error {_short(c['relative_error'])}\n")
    for w in result["warnings"]:
        node = name if w.get("node_id") == result["output"] else w["node"]
        message = _renamed(w["message"], result["output"], name)
        out.write(f"warning ({node}): {message}\n" if node else f"warning: {message}\n")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m engine", description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help='expression or program, e.g. "c(a+2b)" or "d = 2b; L = c(a+d)"')
    parser.add_argument("values", nargs="*", metavar="name=value", help="e.g. a=3 x=[1,2]")
    parser.add_argument("--param", action="append", default=[], metavar="NAME",
                        help="mark a value as a trainable parameter (repeatable)")
    parser.add_argument("--seed", help="seed gradient for a non-scalar output (JSON)")
    parser.add_argument("--check", action="store_true", help="add the finite-difference check")
    parser.add_argument("--json", action="store_true", help="print the full JSON result")
    args = parser.parse_args(argv)
    values = {}
    for item in args.values:
        name, sep, text = item.partition("=")
        if not sep:
            parser.error(f"expected name=value, got {item!r}")
        values[name.strip()] = _parse_value(name, text)
    seed = _parse_value("--seed", args.seed) if args.seed is not None else None
    try:
        result = evaluate(args.source, values, parameters=args.param, seed=seed, check=args.check)
    except EngineError as err:
        sys.stderr.write(f"error: {err}\n")
        return 2
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:     # `python -m engine … | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())   # no second error at exit
        sys.exit(0)
