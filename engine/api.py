"""`evaluate(source, values, parameters=(), seed=None, check=False)`: the engine's one entry point.

    validate the call → tokenize → parse (the graph, shapes checked) → forward → backward
    → bound the answer's size → build the answer (format 2) → optionally the gradient check
"""
import unicodedata

import numpy as np

from .core.backward import backward
from .core.errors import BadValueError, EngineError, LimitError
from .core.forward import forward
from .core.lexer import tokenize
from .core.limits import MAX_ANSWER_NUMBERS, MAX_SOURCE_CHARS
from .core.numbers import to_value
from .core.ops import shape_str
from .core.parser import parse
from .present.result import answer_size, build_result


def evaluate(source, values=None, parameters=(), seed=None, check=False):
    """Evaluate `source` with `values`; return answer format 2 as a JSON-able dict (docs/contract.md §1).

    Raises EngineError (with line, column, excerpt and hint where they apply) for any bad input.
    The operations and their derivatives are those of engine/core/ops.py (GET /api/v1/ops).
    """
    graph, output, seed_value = compute(source, values, parameters, seed)
    size = answer_size(graph)
    if size > MAX_ANSWER_NUMBERS:
        raise LimitError("answer_too_large", hint="hint_smaller_answer", size=size, limit=MAX_ANSWER_NUMBERS)
    with np.errstate(all="ignore"):
        result = build_result(graph, output)
        if check:
            from .core.gradcheck import check_graph
            result.update(check_graph(graph, output, seed_value))
    return result


def estimate_work(source, values=None):
    """Roughly how much work `evaluate(source, values)` is, found without building or computing anything:
    the source's tokens (at least one per node of the graph) times the element count of the largest value.
    Used by the app to keep heavy requests off its event loop; a product of two vectors can be bigger than
    either, so this is an order of magnitude, not a bound (the limits in core/limits.py are the bounds)."""
    kinds, _ = tokenize(source)
    largest = max((_elements(v) for v in (values or {}).values()), default=1)
    return len(kinds) * max(largest, 1)


def _elements(value):
    """Number of entries of a number, a list or a list of lists, as a request carries them."""
    if not isinstance(value, list):
        return 1
    return sum(len(row) if isinstance(row, list) else 1 for row in value)


def compute(source, values=None, parameters=(), seed=None):
    """Parse, forward and backward; returns (graph, output node, seed) for result building or checks."""
    source, values, parameters = _validate(source, values, parameters)
    kinds, texts = tokenize(source)
    try:
        with np.errstate(all="ignore"):
            graph, output = parse(source, kinds, texts, values, parameters)
            forward(graph)
            seed_value = _seed(seed, output)
            backward(graph, output, seed_value)
    except (RecursionError, MemoryError) as err:   # a safety net: nothing here should recurse
        raise LimitError("too_large_to_evaluate", hint="hint_smaller_program", reason=type(err).__name__) from None
    return graph, output, seed_value


def _validate(source, values, parameters):
    if not isinstance(source, str):
        raise BadValueError("source_not_text", type=type(source).__name__)
    if len(source) > MAX_SOURCE_CHARS:
        raise LimitError("source_length_limit", hint="hint_shorten", length=len(source), limit=MAX_SOURCE_CHARS)
    if not source.isascii():    # "a" + U+0301 and "á" are one name, as the user sees them (NFC, not NFKC:
        source = unicodedata.normalize("NFC", source)        # NFKC would turn x² into x2)
    if values is None:
        values = {}
    if isinstance(values, dict) and not all(k.isascii() for k in values if isinstance(k, str)):
        values = {unicodedata.normalize("NFC", k) if isinstance(k, str) else k: v for k, v in values.items()}
    if not isinstance(values, dict):
        raise BadValueError("values_not_object", hint="hint_values_example")
    for key in values:
        if not isinstance(key, str):
            raise BadValueError("value_name_not_text", key=repr(key))
    if isinstance(parameters, str) or not all(isinstance(p, str) for p in parameters):
        raise BadValueError("parameters_not_names", hint="hint_parameters_example")
    parameters = [p if p.isascii() else unicodedata.normalize("NFC", p) for p in parameters]
    # A silently merged duplicate or a name with no value is almost always a typo: say which.
    seen = set()
    for name in parameters:
        if name in seen:
            raise BadValueError("parameter_listed_twice", hint="hint_list_once", hint_params={"name": name},
                                name=name)
        seen.add(name)
        if name not in values:
            raise BadValueError("parameter_without_value", hint="hint_parameter_value",
                                hint_params={"name": name}, name=name)
    return source, values, frozenset(parameters)


def _seed(seed, output):
    if seed is None:
        if output.shape != ():
            raise BadValueError("nonscalar_output", hint="hint_reduce_output", name=output.name or "of the program",
                                shape=shape_str(output.shape))
        return 1.0
    value = to_value("the seed", seed, what="the value")
    shape = () if value.__class__ is float else value.shape
    if shape != output.shape:
        raise BadValueError("seed_shape_mismatch", hint="hint_seed_shape", seed_shape=shape_str(shape),
                            shape=shape_str(output.shape))
    return value
