"""POST /api/v1/graph: an expression or program in, its computation graph with both passes out
(docs/contract.md §1)."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .common import OutNumber, OutTensor, Tensor, Text

TEXTBOOK_PROGRAM = "d = 2*b\ne = a + d\nL = c*e"
TEXTBOOK_VALUES = {"a": 3, "b": 1, "c": -2}

GRAPH_EXAMPLES = {
    "textbook-program": {
        "summary": "Figure 6.15 as a program: L = c(a + 2b), keeping d and e",
        "value": {"source": TEXTBOOK_PROGRAM, "values": TEXTBOOK_VALUES},
    },
    "textbook-expression": {
        "summary": "The same as one expression, textbook notation",
        "value": {"source": "c(a+2b)", "values": TEXTBOOK_VALUES, "check": True},
    },
    "sigmoid-bce": {
        "summary": "A sigmoid unit with binary cross-entropy (dL/dz = a - y)",
        "value": {"source": "z = w@x + b; a = σ(z); L = bce(a, y)",
                  "values": {"w": [0.5, -1.0], "x": [1.0, 2.0], "b": 0.1, "y": 1},
                  "parameters": ["w", "b"]},
    },
    "syntax-error": {
        "summary": "A syntax error: answered 400 with line, column and a caret",
        "value": {"source": "a + * b", "values": {"a": 1, "b": 2}},
    },
}


class GraphRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: Text = Field(description="One expression (`c(a+2b)`) or a program of assignments, one per line "
                        "or separated by `;` (`d = 2*b; e = a + d; L = c*e`); the last statement is the output.")
    values: dict[Text, Tensor] = Field(default_factory=dict, description="A value for every free variable: "
                                      "a number, a list (vector) or a list of equal-length lists (matrix). "
                                      "May be left out when no variable is free (`2 * 3`).")
    parameters: list[Text] = Field(default_factory=list, description="Names from `values` drawn as trainable "
                                  "parameters (kind `parameter`) instead of inputs; each once, each with a value "
                                  "(else 400 naming it).")
    seed: Tensor | None = Field(None, description="The output's seed gradient; required (same shape as the "
                                "output) when the output is not a scalar, else 1.")
    check: bool = Field(False, description="Also compute central finite-difference gradients for every input "
                        "and parameter, with their relative errors.")


class Edge(BaseModel):
    """One operand slot of an operation, with the gradients along it (sent once; steps and nodes name it
    by `id`)."""
    model_config = ConfigDict(extra="allow")
    id: int = Field(description="The edge's position in `edges`.")
    source: str = Field(description="Id of the input node.")
    target: str = Field(description="Id of the node that takes this input (the consumer).")
    slot: int = Field(description="Operand position in the target (`x*x` has slots 0 and 1 from x).")
    local_form: Literal["scalar", "elementwise", "jacobian", "omitted"] = Field(
        description="scalar: a number; elementwise: ∂target_i/∂source_i (the Jacobian's diagonal), shaped like "
                    "the target (like the source for sum/mean); jacobian: target.shape + source.shape, for ops "
                    "that mix entries (matmul, softmax…) while small; omitted: null.")
    local: OutTensor | None = Field(description="Local gradient ∂target/∂source, as `local_form` says.")
    downstream: OutTensor = Field(description="Downstream gradient = upstream × local, shaped like the source.")
    formula: str = Field(description="LaTeX of the local derivative (from the op table).")


class Node(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str = Field(description="The variable or assigned name, else a generated `_<n>`.")
    label: str
    latex: str
    kind: Literal["input", "constant", "parameter", "operation"]
    op: str | None = Field(description="A name from GET /api/v1/ops for operations, else null.")
    spelling: str | None = Field(None, description="Only on an operation typed under an alias with a notation "
                                 "of its own (`ln` for log): the label and formula are in it; `op` is the op.")
    value: OutTensor
    shape: list[int]
    grad: OutTensor = Field(description="Upstream gradient ∂output/∂node.")
    inputs: list[int] = Field(description="Ids of its input edges, in operand order.")
    formula: str
    consumers: list[str]


class Step(BaseModel):
    """One step of the timeline: forward steps in forward order, then backward steps from the output."""
    model_config = ConfigDict(extra="allow")
    phase: Literal["forward", "backward"]
    node: str
    received: list[int] | None = Field(None, description="Backward: ids of the edges whose downstream "
                                       "gradients were summed into the node's upstream, in that order.")
    edges: list[int] | None = Field(None, description="Backward: ids of the node's input edges (what it sends back).")


class Warning(BaseModel):
    model_config = ConfigDict(extra="allow")
    node: str | None = Field(None, description="The node as the learner sees it: `d`, `L`, or `2 × b`.")
    node_id: str | None = Field(None, description="The node's id (null for warnings not about a node).")
    message: str
    code: str | None = Field(None, description="Stable code of the message (engine/present/messages.py), for translation.")
    params: dict[str, str | list[str]] = Field(default_factory=dict, description="The message's template parameters.")


class CheckEntry(BaseModel):
    """Finite differences against the backward pass for one input, or why it was skipped (class indices
    of ce are not differentiable)."""
    model_config = ConfigDict(extra="allow")
    analytic: OutTensor | None = None
    numeric: OutTensor | None = None
    relative_error: OutNumber | None = None
    skipped: str | None = None


class GraphResponse(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"example": {
        "format": 2, "output": "L",
        "nodes": [{"id": "a", "label": "a", "latex": "a", "kind": "input", "op": None, "value": 3.0,
                   "shape": [], "grad": -2.0, "inputs": [], "formula": "a = 3", "consumers": ["e"]}],
        "edges": [{"id": 2, "source": "a", "target": "e", "slot": 0, "local_form": "scalar", "local": 1.0,
                   "downstream": -2.0, "formula": "\\frac{\\partial e}{\\partial a} = 1"}],
        "gradients": {"a": -2.0, "b": -4.0, "c": 5.0},
        "forward_order": ["a", "_1", "b", "d", "e", "c", "L"],
        "backward_order": ["L", "c", "e", "d", "b", "_1", "a"],
        "steps": [{"phase": "forward", "node": "a"}, {"phase": "backward", "node": "e", "received": [4],
                                                       "edges": [2, 3]}],
        "warnings": []}})
    format: Literal[2] = Field(description="Answer format 2 (docs/contract.md §1).")
    output: str = Field(description="Id of the output node.")
    nodes: list[Node] = Field(description="In topological (forward) order.")
    edges: list[Edge] = Field(description="Every edge once; `edges[k].id == k`.")
    gradients: dict[str, OutTensor] = Field(description="∂output/∂variable for every input and parameter.")
    forward_order: list[str]
    backward_order: list[str]
    steps: list[Step]
    warnings: list[Warning]
    check: dict[str, CheckEntry] | None = Field(None, description="With `check`: finite-difference gradients.")
    max_relative_error: OutNumber | None = None
