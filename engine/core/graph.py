"""The computation graph: nodes (leaves, constants, operations) in the order the parser creates them.

An operation is created only after all its operands exist (pending `+` chains are materialised when
consumed), so creation order is a topological order: engine/core/forward.py computes the values in
this order and engine/core/backward.py the gradients in reverse, without any sorting or recursion.
Creating an operation checks its operands' shapes (the op table's shape rule) and the size limits, so
errors point at the source position that caused them.
"""
from .errors import EngineError, LimitError, ShapeError
from .lexer import line_col, offsets
from .limits import MAX_EDGES, MAX_NODES, MAX_TENSOR_ELEMENTS, MAX_TOTAL_ELEMENTS
from .numbers import plain_number, to_value
from .ops import OPS, ShapeMismatch, shape_str


class Node:
    __slots__ = ("id", "name", "kind", "op", "value", "shape", "inputs", "consumers", "offset",
                 "label", "latex", "grad", "locals", "downs", "reached", "edges", "spelling")

    def __init__(self, kind, op, value, shape, inputs, offset):
        self.kind = kind            # input | parameter | constant | operation
        self.op = op                # a name in ops.OPS, or None for leaves and constants
        self.value = value          # float or float64 array (operations: set by the forward pass)
        self.shape = shape
        self.inputs = inputs        # operand nodes, in operand order
        self.offset = offset        # token index in the source, for error positions
        self.consumers = []         # the operations that take it as an operand, each once, in creation order
        self.grad = None            # ∂output/∂node, summed as the consumers deliver (backward pass)
        self.name = self.id = self.label = self.latex = None    # set when named, or in result.assign_ids
        self.reached = False        # the output depends on it
        self.locals = self.downs = None  # per operand: ∂node/∂operand and the gradient sent (backward pass)
        self.edges = None           # the answer's edge ids, in operand order (present/result.py)
        self.spelling = None        # an alias typed for the op with a notation of its own (ln for log)

    @property
    def written_op(self):
        """The op as the learner wrote it, for words about the node: `ln` for a node typed ln(x)
        (op `log`, spelling `ln`), else the op's name (`sigmoid`); None for leaves and constants."""
        return self.spelling or self.op


class Graph:
    def __init__(self, source, values, parameters, token_map=None):
        self.source = source
        self.token_map = token_map   # token index -> index in lexer.offsets() when comments were dropped
        self._offsets = None
        self.values = values
        self.parameters = parameters
        self.nodes = []
        self.names = {}          # name -> node (input/parameter leaves and assigned names)
        self.warnings = []       # (node or None, code, params); a Node in params is named as the learner sees it
        self.elements = 0
        self.edges = 0

    # ---- errors with a position -----------------------------------------------------------------
    def error(self, cls, at, code, hint=None, hint_params=None, **params):
        """An error of class `cls` at token index `at` (line, column and excerpt computed now)."""
        return cls(code, hint=hint, hint_params=hint_params, **params).at(*self._position(at), self.source)

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
        if len(self.nodes) >= MAX_NODES:
            raise self.error(LimitError, node.offset, "node_limit", hint="hint_split", limit=MAX_NODES)
        self.nodes.append(node)
        return node

    def _count(self, shape, offset):
        if shape:
            size = 1
            for n in shape:
                size *= n
            if size > MAX_TENSOR_ELEMENTS:
                raise self.error(LimitError, offset, "tensor_size_limit", shape=shape_str(shape), size=size,
                                 limit=MAX_TENSOR_ELEMENTS)
            self.elements += size
            if self.elements > MAX_TOTAL_ELEMENTS:
                raise self.error(LimitError, offset, "total_size_limit", hint="hint_smaller_tensors",
                                 limit=MAX_TOTAL_ELEMENTS)

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
        """A new operation node on `inputs` (its value comes in the forward pass)."""
        try:
            shape = OPS[op].shape([n.shape for n in inputs])
        except ShapeMismatch as err:
            raise self.error(ShapeError, offset, err.code, hint="hint_check_shapes", **err.params) from None
        self._count(shape, offset)
        self.edges += len(inputs)
        if self.edges > MAX_EDGES:
            raise self.error(LimitError, offset, "edge_limit", hint="hint_split", limit=MAX_EDGES)
        node = self._add(Node("operation", op, None, shape, inputs, offset))
        for n in inputs:
            if not n.consumers or n.consumers[-1] is not node:     # x * x: one consumer, two edges
                n.consumers.append(node)
        return node
