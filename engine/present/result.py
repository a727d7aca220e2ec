"""Builds the contract's JSON-able result (docs/contract.md §1) from a graph after both passes.

One loop in forward order makes the node records and forward steps; the backward steps then reuse
them. Each edge is ONE dict shared by the four places that show it — the consumer's `inputs`, its
forward step's `inputs`, its backward step's `edges`, and the input's backward step `received` (in
the order the backward pass delivered them, which is the order they are summed in) — so an edge
record carries `node` (the input's id), `from` (the consumer's id), `value` (the input's value),
`local`, `downstream` and `formula`. Every number is converted to JSON once. Numbers are not turned
into LaTeX arithmetic here ("-2 × 1 = -2"): the page writes that from the numbers with its own
formatting, which keeps the answer ~25% cheaper to build and smaller on the wire for large graphs.
Treat the result as read-only (scalar shapes share one empty list).
"""
from .messages import warning
from .notation import latex_name
from ..core.numbers import json_value, tex_number
from ..core.rules import RULES

_SCALAR_SHAPE = []


def assign_ids(nodes):
    """Generated ids _1, _2, … in forward order; LaTeX of names; labels of unnamed operations, whose
    symbols u_1, u_2, … count operations only (constants take ids but no u, so c(a+2b) reads u_1, u_2,
    u_3 rather than u_2, u_3, u_4)."""
    unnamed = 0
    operations = 0
    for node in nodes:
        if node.name is None:
            unnamed += 1
            node.id = "_" + str(unnamed)
            if node.kind == "operation":
                operations += 1
                node.label = RULES[node.op].symbol
                node.latex = "u_{" + str(operations) + "}"
        elif node.latex is None:
            node.latex = latex_name(node.name)


def build_result(graph, output):
    nodes = graph.nodes
    records = []
    steps = []
    gradients = {}
    assign_ids(nodes)
    for node in nodes:
        nid = node.id
        value = node.value
        grad = node.grad
        if not node.shape:      # x - x == 0 is false only for inf and nan, which JSON spells as text
            jvalue = value if value - value == 0.0 else json_value(value)
            jgrad = grad if grad - grad == 0.0 else json_value(grad)
            shape = _SCALAR_SHAPE
        else:
            jvalue = json_value(value)
            jgrad = json_value(grad)
            shape = list(node.shape)
        node.jvalue = jvalue
        node.jgrad = jgrad
        inputs = node.inputs
        latex = node.latex
        if inputs:
            rule = RULES[node.op]
            texs = [inputs[0].latex, inputs[1].latex] if len(inputs) == 2 else [i.latex for i in inputs]
            formula = latex + " = " + rule.node(texs)
            edges = []
            locs = node.locals
            downs = node.downs
            edge_rule = rule.edge
            head = "\\frac{\\partial " + latex + "}{\\partial "
            for i, inp in enumerate(inputs):
                loc = locs[i]
                d = downs[i]
                if loc.__class__ is float:
                    jloc = loc if loc - loc == 0.0 else json_value(loc)
                else:
                    jloc = None if loc is None else json_value(loc)
                if d.__class__ is float:
                    jd = d if d - d == 0.0 else json_value(d)
                else:
                    jd = json_value(d)
                edges.append({"node": inp.id, "from": nid, "value": inp.jvalue, "local": jloc,
                              "downstream": jd,
                              "formula": head + texs[i] + "} = " + edge_rule(i, texs, latex)})
        else:
            edges = []
            if node.kind == "constant" and node.name is None:
                formula = latex
            elif not node.shape:
                formula = latex + " = " + tex_number(value)
            else:
                formula = latex + " \\in \\mathbb{R}^{" + " \\times ".join(map(str, node.shape)) + "}"
            if node.kind != "constant":
                gradients[nid] = jgrad
        node.edges = edges
        consumers = node.consumers
        if len(consumers) > 1:
            consumers = [c.id for c in dict.fromkeys(consumers)]
        elif consumers:
            consumers = [consumers[0].id]
        else:
            consumers = []
        records.append({"id": nid, "label": node.label, "latex": latex, "kind": node.kind,
                        "op": node.op, "value": jvalue, "shape": shape, "grad": jgrad,
                        "inputs": edges, "formula": formula, "consumers": consumers})
        steps.append({"phase": "forward", "node": nid, "formula": formula, "inputs": edges,
                      "value": jvalue})
    for node in reversed(nodes):
        consumers = node.consumers
        if len(consumers) == 1:
            consumer = consumers[0]
            inputs = consumer.inputs
            received = [consumer.edges[0 if inputs[0] is node else inputs.index(node)]]
        else:
            received = received_edges(node)
        steps.append({"phase": "backward", "node": node.id, "upstream": node.jgrad,
                      "received": received, "edges": node.edges})
    forward_order = [node.id for node in nodes]
    return {
        "output": output.id,
        "nodes": records,
        "gradients": gradients,
        "forward_order": forward_order,
        "backward_order": forward_order[::-1],
        "steps": steps,
        "warnings": _warnings(graph, output),
    }


def received_edges(node):
    """The edges that delivered node's upstream gradient, in the order the backward pass delivered
    (and summed) them: consumers latest first (it runs in reverse creation order), each consumer's
    operand slots in order (x*x delivers twice)."""
    out = []
    for consumer in reversed(list(dict.fromkeys(node.consumers))):
        for slot, inp in enumerate(consumer.inputs):
            if inp is node:
                out.append(consumer.edges[slot])
    return out


def _warnings(graph, output):
    out = []
    for node, message, other in graph.warnings:
        if other is not None:
            message = message.replace("{input}", other.id)
        out.append(warning(node.id if node is not None else None, message))
    for node in graph.nodes:
        if not node.reached and node.kind != "constant":
            out.append(warning(node.id, f"{output.id} does not depend on {node.id}, so its gradient is 0"))
    for name in graph.values:
        if name not in graph.names:
            out.append(warning(None, f"the value given for {name} is not used"))
    for name in graph.parameters:
        if name not in graph.names:
            out.append(warning(None, f"the parameter {name} is not used"))
    return out
