"""Builds answer format 2 (docs/contract.md §1) from a graph after both passes.

Every node and every edge is written once; steps only name them by id. The numbers are converted to
JSON once, on the node or edge that owns them. Numbers are not turned into LaTeX arithmetic here
("-2 × 1 = -2"): the page writes that from the numbers and the op table's templates.

`answer_size(graph)` counts the numbers an answer would carry, so a caller can refuse it before
building it (limits.MAX_ANSWER_NUMBERS).
"""
from collections import defaultdict
from math import prod

from .messages import render
from .notation import latex_name
from ..core.graph import Node
from ..core.numbers import json_value, tex_number
from ..core.ops import OPS

FORMAT = 2


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
                node.label = OPS[node.op].symbol_for(node.spelling)
                node.latex = "u_{" + str(operations) + "}"
        elif node.latex is None:
            node.latex = latex_name(node.name)


def local_form(node, slot):
    """How an edge's local is sent: scalar | elementwise | jacobian (a small one of a mixing op) | omitted."""
    if not node.shape and not node.inputs[slot].shape:
        return "scalar"
    if OPS[node.op].elementwise:
        return "elementwise"
    return "omitted" if node.locals[slot] is None else "jacobian"


def answer_size(graph):
    """How many numbers the answer would carry (values, grads, locals, downstreams), from the graph
    after both passes, before anything is converted to JSON."""
    total = 0
    for node in graph.nodes:
        total += 2 * prod(node.shape)
        for inp, local in zip(node.inputs, node.locals or ()):
            total += prod(inp.shape) + (0 if local is None else 1 if local.__class__ is float else local.size)
    return total


def _json(v):
    """A number or array for JSON (x - x == 0 is false only for inf and nan, spelled as text)."""
    if v is None:
        return None
    if v.__class__ is float:
        return v if v - v == 0.0 else json_value(v)
    return json_value(v)


def build_result(graph, output):
    nodes = graph.nodes
    assign_ids(nodes)
    records = []
    edges = []
    gradients = {}
    for node in nodes:
        inputs = node.inputs
        latex = node.latex
        edge_ids = []
        case = None  # which of the op's template cases its operands' shapes pick (ce: class indices)
        if inputs:
            op = OPS[node.op]
            texs = [inp.latex for inp in inputs]
            formula = latex + " = " + op.formula(texs, node.spelling)
            case = op.case_of([inp.shape for inp in inputs]) if op.cases else None
            for slot, inp in enumerate(inputs):
                edge_ids.append(len(edges))
                edges.append({"id": len(edges), "source": inp.id, "target": node.id, "slot": slot,
                              "local_form": local_form(node, slot), "local": _json(node.locals[slot]),
                              "downstream": _json(node.downs[slot]), "formula": op.edge_formula(slot, texs, latex, case)})
        else:
            if node.kind == "constant" and node.name is None:
                formula = latex
            elif not node.shape:
                formula = latex + " = " + tex_number(node.value)
            else:
                formula = latex + " \\in \\mathbb{R}^{" + " \\times ".join(map(str, node.shape)) + "}"
        node.edges = edge_ids
        grad = _json(node.grad)
        if not inputs and node.kind != "constant":
            gradients[node.id] = grad
        record = {"id": node.id, "label": node.label, "latex": latex, "kind": node.kind,
                  "op": node.op, "value": _json(node.value), "shape": list(node.shape),
                  "grad": grad, "formula": formula, "inputs": edge_ids,
                  "consumers": [c.id for c in node.consumers]}
        if node.spelling is not None:
            record["spelling"] = node.spelling
        if case is not None:
            record["case"] = case
        records.append(record)
    forward_order = [node.id for node in nodes]
    steps = [{"phase": "forward", "node": nid} for nid in forward_order]
    received = received_edges(nodes)
    for node in reversed(nodes):
        steps.append({"phase": "backward", "node": node.id, "received": received.get(node, []),
                      "edges": node.edges})
    return {
        "format": FORMAT,
        "output": output.id,
        "nodes": records,
        "edges": edges,
        "gradients": gradients,
        "forward_order": forward_order,
        "backward_order": forward_order[::-1],
        "steps": steps,
        "warnings": _warnings(graph, output),
    }


def received_edges(nodes):
    """{node: ids of the edges that delivered its upstream gradient}, in the order the backward pass
    delivered (and summed) them: consumers latest first (it runs in reverse creation order), each
    consumer's operand slots in order (x*x delivers twice)."""
    received = defaultdict(list)
    for consumer in reversed(nodes):
        for inp, edge in zip(consumer.inputs, consumer.edges):
            received[inp].append(edge)
    return received


def seen_as(node, depth=3):
    """A node as the learner sees it: its name, its number, or its expression (`2 × b`), never `_1`."""
    if node.name is not None:
        return node.name
    if node.kind == "constant":
        return node.label
    if depth == 0:
        return "…"
    parts = [seen_as(inp, depth - 1) for inp in node.inputs]
    if node.op not in _INFIX and node.op not in ("neg", "transpose"):
        return node.written_op + "(" + ", ".join(parts) + ")"   # a function call: sigmoid(z), ln(x)
    # an operand that is itself an operator expression gets brackets: 2 × (a + b)
    parts = [p if inp.name is not None or inp.kind == "constant" or inp.op not in _INFIX else "(" + p + ")"
             for p, inp in zip(parts, node.inputs)]
    if node.op == "neg":
        return "−" + parts[0]
    if node.op == "transpose":
        return parts[0] + "ᵀ"
    return (" " + OPS[node.op].symbol + " ").join(parts)


_INFIX = frozenset(["add", "sub", "mul", "div", "pow", "matmul"])


def _warnings(graph, output):
    """Warnings as {node, node_id, code, params, message}: the forward and backward passes' (a Node in
    their params is named as the learner sees it), then unused nodes, values and parameters."""
    found = list(graph.warnings)
    for node in graph.nodes:
        if not node.reached and node.kind != "constant":
            found.append((node, "not_a_dependency", {"output": output, "name": node}))
    for name in graph.values:
        if name not in graph.names:
            found.append((None, "unused_value", {"name": name}))
    for name in graph.parameters:
        if name not in graph.names:
            found.append((None, "unused_parameter", {"name": name}))
    out = []
    for node, code, params in found:
        params = {k: seen_as(v) if isinstance(v, Node) else str(v) for k, v in params.items()}
        out.append({"node": seen_as(node) if node is not None else None,
                    "node_id": node.id if node is not None else None,
                    "code": code, "params": params, "message": render(code, params)})
    return out
