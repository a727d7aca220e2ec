"""Builds the contract's JSON-able result (docs/contract.md §1) from a graph after both passes.

One loop in forward order makes the node records and forward steps; the backward steps then reuse
them. Each edge is ONE dict shared by the four places that show it — the consumer's `inputs`, its
forward step's `inputs`, its backward step's `edges`, and the input's backward step `received` (in
the order the backward pass delivered them, which is the order they are summed in) — so
an edge record carries `node`/`input` (the input's id), `from` (the consumer's id), `value` (the
input's value), `local`, `downstream`, `formula` and, for scalars, `arithmetic`. Every number
is converted to JSON and to LaTeX text once. Treat the result as read-only (scalar shapes share one
empty list).
"""
from .notation import latex_name
from .numbers import json_value, tex_number
from .rules import RULES

_SCALAR_SHAPE = []


def assign_ids(nodes):
    """Generated ids _1, _2, … in forward order; LaTeX of names; labels of unnamed operations."""
    unnamed = 0
    for node in nodes:
        if node.name is None:
            unnamed += 1
            node.id = "_" + str(unnamed)
            if node.kind == "operation":
                node.label = RULES[node.op].symbol
                node.latex = "u_{" + str(unnamed) + "}"
        elif node.latex is None:
            node.latex = latex_name(node.name)


def build_result(graph, output):
    nodes = graph.nodes
    records = []
    steps = []
    gradients = {}
    assign_ids(nodes)
    # LaTeX text of gradients and of "g × 1 = g", by value: upstream gradients repeat a lot (an add
    # passes its upstream on unchanged, so a sum tree carries the seed's 1 to every node).
    gtexts = {}
    unit_arith = {}
    for node in nodes:
        nid = node.id
        value = node.value
        grad = node.grad
        if not node.shape:
            jvalue = value if value - value == 0.0 else json_value(value)
            vtex = "%.6g" % (value + 0.0)      # inlined tex_number: "e" also catches inf and nan
            if "e" in vtex or "n" in vtex:
                vtex = tex_number(value)
            gtex = gtexts.get(grad)
            if gtex is None:
                jgrad = grad if grad - grad == 0.0 else json_value(grad)
                gtex = "%.6g" % (grad + 0.0)
                if "e" in gtex or "n" in gtex:
                    gtex = tex_number(grad)
                gtexts[grad] = gtex
            else:
                jgrad = grad if grad - grad == 0.0 else json_value(grad)
            shape = _SCALAR_SHAPE
            node.vop = "(" + vtex + ")" if vtex[0] == "-" else vtex     # safe as an operand
        else:
            jvalue = json_value(value)
            jgrad = json_value(grad)
            vtex = gtex = None
            shape = list(node.shape)
            node.vop = None
        node.jvalue = jvalue
        node.jgrad = jgrad
        node.vtex = vtex
        inputs = node.inputs
        latex = node.latex
        if inputs:
            rule = RULES[node.op]
            binary = len(inputs) == 2
            texs = [inputs[0].latex, inputs[1].latex] if binary else [i.latex for i in inputs]
            formula = latex + " = " + rule.node(texs)
            edges = []
            locs = node.locals
            downs = node.downs
            arith = rule.arith if vtex is not None else None
            edge_rule = rule.edge
            head = "\\frac{\\partial " + latex + "}{\\partial "
            for i, inp in enumerate(inputs):
                loc = locs[i]
                d = downs[i]
                iid = inp.id
                if loc.__class__ is float:
                    jloc = loc if loc - loc == 0.0 else json_value(loc)
                else:
                    jloc = None if loc is None else json_value(loc)
                    arith = None
                if d.__class__ is float:
                    jd = d if d - d == 0.0 else json_value(d)
                else:
                    jd = json_value(d)
                edge = {"node": iid, "input": iid, "from": nid, "value": inp.jvalue, "local": jloc,
                        "downstream": jd,
                        "formula": head + texs[i] + "} = " + edge_rule(i, texs, latex)}
                if gtex is not None and d.__class__ is float and loc.__class__ is float:
                    if loc == 1.0 and d == grad:
                        text = unit_arith.get(gtex)
                        if text is None:
                            text = unit_arith[gtex] = gtex + " \\times 1 = " + gtex
                        edge["arithmetic"] = text
                    else:
                        if binary and inputs[1 - i].vtex is not None and loc == inputs[1 - i].value:
                            ltex = inputs[1 - i].vtex      # mul: the local is the other operand
                        else:
                            ltex = "%.6g" % (loc + 0.0)
                            if "e" in ltex or "n" in ltex:
                                ltex = tex_number(loc)
                        if d == loc:                       # upstream 1: no need to format again
                            dtex = ltex
                        else:
                            dtex = "%.6g" % (d + 0.0)
                            if "e" in dtex or "n" in dtex:
                                dtex = tex_number(d)
                        edge["arithmetic"] = (gtex + " \\times (" + ltex + ") = " + dtex
                                              if ltex[0] == "-" else
                                              gtex + " \\times " + ltex + " = " + dtex)
                edges.append(edge)
            step = {"phase": "forward", "node": nid, "formula": formula, "inputs": edges,
                    "value": jvalue}
            if arith is not None:
                if binary:
                    a = inputs[0].vop
                    b = inputs[1].vop
                    if a is not None and b is not None:
                        step["arithmetic"] = arith([a, b]) + " = " + vtex
                else:
                    texts = [inp.vop for inp in inputs]
                    if None not in texts:
                        step["arithmetic"] = arith(texts) + " = " + vtex
        else:
            edges = []
            if node.kind == "constant" and node.name is None:
                formula = latex
            elif vtex is not None:
                formula = latex + " = " + vtex
            else:
                formula = latex + " \\in \\mathbb{R}^{" + " \\times ".join(map(str, node.shape)) + "}"
            if node.kind != "constant":
                gradients[nid] = jgrad
            step = {"phase": "forward", "node": nid, "formula": formula, "inputs": edges,
                    "value": jvalue}
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
        steps.append(step)
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
