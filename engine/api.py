"""`evaluate(source, values, parameters=(), seed=None, check=False)`: the engine's one entry point.

Validates the call, parses and computes the graph (forward during parsing), runs the backward pass,
builds the contract's result and, on request, the finite-difference check.
"""
import unicodedata

import numpy as np

from .core.backward import backward
from .core.errors import BadValueError, EngineError, LimitError
from .core.lexer import tokenize
from .core.limits import MAX_ANSWER_NUMBERS, MAX_SOURCE_CHARS
from .core.numbers import to_value
from .core.parser import parse
from .present.result import answer_size, build_result
from .core.rules import shape_str


def evaluate(source, values=None, parameters=(), seed=None, check=False):
    """Evaluate `source` with `values`; return the contract's JSON-able dict (docs/contract.md §1).

    Raises EngineError (with line, column, excerpt and hint where they apply) for any bad input.
    Loss functions: `bce(yhat, y)` — binary cross-entropy (eq 6.25), mean over all elements;
    `ce(p, y)` — categorical cross-entropy of softmax probabilities p ([K] for one sample, [N, K] for
    a batch) against class indices y (a scalar, or [N]) or target distributions shaped like p, mean
    over samples; when p = softmax(z) the value uses log-sum-exp of z and ∂L/∂z = (p − onehot)/N;
    `softmax_ce(z, y)` — the same loss taking the logits z directly.
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
            seed_value = _seed(seed, output)
            backward(graph, output, seed_value)
    except (RecursionError, MemoryError) as err:   # a safety net: nothing here should recurse
        raise LimitError(f"the input is too large to evaluate ({type(err).__name__})",
                         hint="make the program smaller") from None
    return graph, output, seed_value


def _validate(source, values, parameters):
    if not isinstance(source, str):
        raise BadValueError(f"the source must be text, not {type(source).__name__}")
    if len(source) > MAX_SOURCE_CHARS:
        raise LimitError(f"the source has {len(source)} characters; the limit is {MAX_SOURCE_CHARS}",
                         hint="shorten the program")
    if not source.isascii():    # "a" + U+0301 and "á" are one name, as the user sees them (NFC, not NFKC:
        source = unicodedata.normalize("NFC", source)        # NFKC would turn x² into x2)
    if values is None:
        values = {}
    if isinstance(values, dict) and not all(k.isascii() for k in values if isinstance(k, str)):
        values = {unicodedata.normalize("NFC", k) if isinstance(k, str) else k: v for k, v in values.items()}
    if not isinstance(values, dict):
        raise BadValueError("values must be an object mapping names to numbers or lists",
                            hint='for example {"a": 3, "b": [1, 2]}')
    for key in values:
        if not isinstance(key, str):
            raise BadValueError(f"value names must be text, got {key!r}")
    if isinstance(parameters, str) or not all(isinstance(p, str) for p in parameters):
        raise BadValueError("parameters must be a list of names", hint='for example ["W1", "b1"]')
    parameters = [p if p.isascii() else unicodedata.normalize("NFC", p) for p in parameters]
    # A silently merged duplicate or a name with no value is almost always a typo: say which.
    seen = set()
    for name in parameters:
        if name in seen:
            raise BadValueError(f"parameters names {name} twice", hint=f"list {name} once")
        seen.add(name)
        if name not in values:
            raise BadValueError(f"parameters names {name}, which has no value in values",
                                hint=f"add a value for {name} to values, or remove it from parameters")
    return source, values, frozenset(parameters)


def _seed(seed, output):
    if seed is None:
        if output.shape != ():
            raise BadValueError(
                f"the output {output.name or 'of the program'} has shape {shape_str(output.shape)}; "
                "backward needs a scalar output or a seed of that shape",
                hint="reduce it with sum(…) or mean(…), or give a seed")
        return 1.0
    try:
        value = to_value("the seed", seed, what="the value")
    except EngineError:
        raise
    shape = () if value.__class__ is float else value.shape
    if shape != output.shape:
        raise BadValueError(f"the seed has shape {shape_str(shape)} but the output has shape "
                            f"{shape_str(output.shape)}", hint="give a seed shaped like the output")
    return value
