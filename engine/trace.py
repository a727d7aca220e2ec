"""Step records for the page's timeline (contract §1 "Steps"): one forward step per node in forward
order, then one backward step per node in backward order, with the numbers substituted into LaTeX.

Arithmetic is given for scalar nodes and edges only; for tensors the page shows the values instead.
"""
from .numbers import tex_number
from .rules import RULES


def _tex(v, cache):
    t = cache.get(v)
    if t is None:
        t = cache[v] = tex_number(v)
    return t


def _operand(t):
    return "(" + t + ")" if t[0] == "-" else t


def forward_step(node, formula, cache):
    inputs = node.inputs
    step = {"phase": "forward", "node": node.id, "formula": formula,
            "inputs": [{"node": inp.id, "value": inp.jvalue} for inp in inputs], "value": node.jvalue}
    if inputs and node.vtex is not None:
        arith = RULES[node.op].arith
        if arith is None:
            return step
        for inp in inputs:
            if inp.vtex is None:
                return step
        step["arithmetic"] = arith([_operand(inp.vtex) for inp in inputs]) + " = " + node.vtex
    return step


def backward_step(node, edges, cache):
    received = [{"from": consumer.id, "downstream": consumer.jdowns[slot]}
                for consumer, _, slot in node.received]
    step_edges = []
    gtex = node.gtex
    inputs = node.inputs
    for i in range(len(inputs)) if inputs else ():
        inp, edge, loc, d = inputs[i], edges[i], node.locals[i], node.downs[i]
        rec = {"input": inp.id, "local": edge["local"], "downstream": edge["downstream"],
               "formula": edge["formula"]}
        if gtex is not None and loc.__class__ is float and d.__class__ is float:
            if loc == 1.0 and d == node.grad:
                rec["arithmetic"] = gtex + " \\times 1 = " + gtex
            else:
                rec["arithmetic"] = gtex + " \\times " + _operand(_tex(loc, cache)) + " = " + _tex(d, cache)
        step_edges.append(rec)
    return {"phase": "backward", "node": node.id, "upstream": node.jgrad, "received": received,
            "edges": step_edges}
