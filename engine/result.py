"""Builds the contract's JSON-able result (docs/contract.md §1) from a graph after both passes.

Two loops over the nodes: forward order for the node records and forward steps, reverse order for the
backward steps (see trace.py for the step records). Every number is converted to JSON once per node
or edge and shared by all records that show it.
"""
from .notation import latex_name
from .numbers import json_value, tex_number
from .rules import RULES
from .trace import backward_step, forward_step


def assign_ids(nodes):
    """Generated ids _1, _2, … in forward order; LaTeX names; labels of unnamed operations."""
    k = 0
    for node in nodes:
        if node.name is None:
            k += 1
            node.id = "_" + str(k)
            if node.kind == "operation":
                node.label = RULES[node.op].symbol
                node.latex = "u_{" + str(k) + "}"
        elif node.latex is None:
            node.latex = latex_name(node.name)


def build_result(graph, output):
    nodes = graph.nodes
    assign_ids(nodes)
    tex_cache = {}
    records = []
    forward_steps = []
    gradients = {}
    for node in nodes:
        value = node.value
        grad = node.grad
        scalar = node.shape == ()
        if scalar:
            node.jvalue = value if value - value == 0.0 else json_value(value)
            node.jgrad = grad if grad - grad == 0.0 else json_value(grad)
            vtex = tex_cache.get(value)
            if vtex is None:
                vtex = tex_cache[value] = tex_number(value)
            node.vtex = vtex
            gtex = tex_cache.get(grad)
            if gtex is None:
                gtex = tex_cache[grad] = tex_number(grad)
            node.gtex = gtex
        else:
            node.jvalue = json_value(value)
            node.jgrad = json_value(grad)
            node.vtex = node.gtex = None
        inputs = node.inputs
        latex = node.latex
        if inputs:
            rule = RULES[node.op]
            texs = [inp.latex for inp in inputs]
            formula = latex + " = " + rule.node(texs)
            edges = []
            jdowns = []
            head = "\\frac{\\partial " + latex + "}{\\partial "
            locals_ = node.locals
            downs = node.downs
            for i, inp in enumerate(inputs):
                loc = locals_[i]
                d = downs[i]
                jd = d if d.__class__ is float and d - d == 0.0 else json_value(d)
                jdowns.append(jd)
                edges.append({"node": inp.id,
                              "local": None if loc is None else
                              (loc if loc.__class__ is float and loc - loc == 0.0 else json_value(loc)),
                              "downstream": jd,
                              "formula": head + texs[i] + "} = " + rule.edge(i, texs, latex)})
            node.jdowns = jdowns
        else:
            edges = []
            if node.kind == "constant" and node.name is None:
                formula = latex
            elif scalar:
                formula = latex + " = " + node.vtex
            else:
                formula = latex + " \\in \\mathbb{R}^{" + " \\times ".join(map(str, node.shape)) + "}"
            if node.kind != "constant":
                gradients[node.id] = node.jgrad
        consumers = node.consumers
        if len(consumers) > 1:
            consumers = list(dict.fromkeys(consumers))
        records.append({"id": node.id, "label": node.label, "latex": latex, "kind": node.kind,
                        "op": node.op, "value": node.jvalue, "shape": list(node.shape),
                        "grad": node.jgrad, "inputs": edges, "formula": formula,
                        "consumers": [c.id for c in consumers]})
        forward_steps.append(forward_step(node, formula, tex_cache))
    backward_steps = [backward_step(node, edges_of(rec), tex_cache)
                      for node, rec in zip(reversed(nodes), reversed(records))]
    forward_order = [node.id for node in nodes]
    return {
        "output": output.id,
        "nodes": records,
        "gradients": gradients,
        "forward_order": forward_order,
        "backward_order": forward_order[::-1],
        "steps": forward_steps + backward_steps,
        "warnings": _warnings(graph, output),
    }


def edges_of(record):
    return record["inputs"]


def _warnings(graph, output):
    out = []
    for node, message, other in graph.warnings:
        if other is not None:
            message = message.replace("{input}", other.id)
        out.append({"node": node.id if node is not None else None, "message": message})
    for node in graph.nodes:
        if not node.reached and node.kind != "constant":
            out.append({"node": node.id, "message": f"{output.id} does not depend on {node.id}, so its "
                                                   "gradient is 0"})
    for name in graph.values:
        if name not in graph.names:
            out.append({"node": None, "message": f"the value given for {name} is not used"})
    for name in graph.parameters:
        if name not in graph.names:
            out.append({"node": None, "message": f"the parameter {name} is not used"})
    return out
