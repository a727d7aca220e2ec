"""The graph under construction: nodes are created in source order and computed as they are created.

Creation order is a topological order by construction (an operation is only created after all its
operands exist — pending `+` chains are materialised when consumed), so it is also the forward order;
nothing is ever sorted recursively.
"""
import numpy as np

from .errors import BadValueError, EngineError, LimitError, ShapeError
from .lexer import line_col, offsets
from .limits import MAX_EDGES, MAX_NODES, MAX_TENSOR_ELEMENTS, MAX_TOTAL_ELEMENTS
from .numbers import is_finite, plain_number, to_value
from .rules import RULES, LabelProblem, ShapeMismatch, shape_str

_ARITH = (ArithmeticError, ValueError)
_LOGIT_OPS = {"bce": "sigmoid", "ce": "softmax"}


class Node:
    __slots__ = ("id", "name", "kind", "op", "value", "shape", "inputs", "consumers", "offset",
                 "label", "latex", "grad", "locals", "downs", "reached",
                 "jvalue", "jgrad", "edges")

    def __init__(self, kind, op, value, shape, inputs, offset):
        self.kind = kind
        self.op = op
        self.value = value
        self.shape = shape
        self.inputs = inputs
        self.offset = offset
        self.consumers = []
        self.grad = None                 # the running sum of the upstream gradient (backward.py)
        self.name = self.latex = None    # id and label are set when named or in result.assign_ids
        self.reached = False


class Graph:
    def __init__(self, source, values, parameters, token_map=None):
        self.source = source
        self.token_map = token_map   # token index -> index in lexer.offsets() when comments were dropped
        self._offsets = None
        self.values = values
        self.parameters = parameters
        self.nodes = []
        self.names = {}          # name -> node (input/parameter leaves and assigned names)
        self.warnings = []       # (node or None, message, other node named by "{input}" or None)
        self.elements = 0
        self.edges = 0

    # ---- errors with a position -----------------------------------------------------------------
    def error(self, cls, at, code, hint=None, hint_params=None, **params):
        """An error of class `cls` at token index `at` (line, column and excerpt computed now)."""
        line, col = self._position(at)
        return cls(code, line=line, column=col, source=self.source, hint=hint, hint_params=hint_params,
                   **params)

    def _place(self, err, at):
        """An error raised without a position (value checks), placed at token index `at`."""
        return err.at(*self._position(at), self.source)

    def _position(self, at):
        if self._offsets is None:
            self._offsets = offsets(self.source)
        if self.token_map is not None and at < len(self.token_map):
            at = self.token_map[at]
        offset = self._offsets[at] if at < len(self._offsets) else len(self.source)
        return line_col(self.source, offset)

    def _add(self, node):
        nodes = self.nodes
        if len(nodes) >= MAX_NODES:
            raise self.error(LimitError, node.offset, f"the graph has more than {MAX_NODES} nodes",
                             hint="split the computation or use vectors and matrices instead of scalars")
        nodes.append(node)
        return node

    def _count(self, shape, offset):
        if shape:
            size = 1
            for n in shape:
                size *= n
            if size > MAX_TENSOR_ELEMENTS:
                raise self.error(LimitError, offset, f"this operation makes a tensor of shape "
                                 f"{shape_str(shape)} ({size} elements); the limit is "
                                 f"{MAX_TENSOR_ELEMENTS}")
            self.elements += size
            if self.elements > MAX_TOTAL_ELEMENTS:
                raise self.error(LimitError, offset, f"the graph holds more than {MAX_TOTAL_ELEMENTS}"
                                 " numbers in total", hint="use smaller tensors or fewer nodes")

    # ---- node makers --------------------------------------------------------------------------
    def leaf(self, name, offset):
        try:
            value = to_value(name, self.values[name])
        except EngineError as err:
            raise self._place(err, offset) from None
        shape = () if value.__class__ is float else value.shape
        self._count(shape, offset)
        kind = "parameter" if name in self.parameters else "input"
        node = self._add(Node(kind, None, value, shape, [], offset))
        node.name = node.id = node.label = name
        self.names[name] = node
        return node

    def constant(self, value, offset):
        node = self._add(Node("constant", None, value, (), [], offset))
        node.label = plain_number(value)
        node.latex = node.label if value >= 0 else "(" + node.label + ")"
        return node

    def operation(self, op, inputs, offset):
        rule = RULES[op]
        if len(inputs) == 2:
            a, b = inputs
            xs = [a.value, b.value]
            scalar = not a.shape and not b.shape
        else:
            xs = [n.value for n in inputs]
            scalar = True
            for n in inputs:
                if n.shape:
                    scalar = False
                    break
        if scalar and rule.fs is not None:
            try:
                value = rule.fs(xs)
            except _ARITH:       # numpy semantics instead: inf/nan, kept and reported
                value = float(rule.ft([np.float64(x) for x in xs]))
            shape = ()
        else:
            value, shape = self._tensor_forward(rule, op, inputs, xs, offset)
        self.edges += len(inputs)
        if self.edges > MAX_EDGES:
            raise self.error(LimitError, offset, f"the graph has more than {MAX_EDGES} edges",
                             hint="split the computation or use vectors and matrices instead of scalars")
        node = Node("operation", op, value, shape, inputs, offset)
        nodes = self.nodes
        if len(nodes) >= MAX_NODES:
            self._add(node)                 # raises the LimitError
        nodes.append(node)
        for n in inputs:
            n.consumers.append(node)
        finite = value - value == 0.0 if shape == () else is_finite(value)
        if not finite:
            self._non_finite(node, xs)
        return node

    def _tensor_forward(self, rule, op, inputs, xs, offset):
        xs = [np.float64(x) if x.__class__ is float else x for x in xs]
        try:
            shape = rule.shape([n.shape for n in inputs])
        except ShapeMismatch as err:
            raise self.error(ShapeError, offset, str(err),
                             hint="check the shapes of the operands (vectors are [n], matrices "
                                  "[rows, columns])") from None
        self._count(shape, offset)
        try:
            if op in _LOGIT_OPS and inputs[0].op == _LOGIT_OPS[op]:
                value = rule.ft(xs, logits=inputs[0].inputs[0].value)
            else:
                value = rule.ft(xs)
        except LabelProblem as err:
            raise self.error(BadValueError, offset, str(err),
                             hint="labels are class numbers 0, 1, …, K−1 (one per sample)") from None
        value = float(value) if shape == () else np.asarray(value, dtype=np.float64)
        return value, shape

    def _non_finite(self, node, xs):
        for x in xs:
            if not is_finite(x):
                return          # only the node that produced it is reported, not every descendant
        if node.shape == ():
            text = plain_number(node.value)
            args = ", ".join(plain_number(x) if x.__class__ is float else "[…]" for x in xs)
            self.warnings.append((node, f"{node.op} of {args} is {text}", None))
        else:
            bad = int(np.size(node.value) - np.count_nonzero(np.isfinite(node.value)))
            self.warnings.append((node, f"{node.op} gave NaN or ±Infinity in {bad} of "
                                        f"{np.size(node.value)} elements", None))
