"""Backprop Explorer's autograd engine (pure Python + numpy). See docs/contract.md and engine/README.md.

    from engine import evaluate, EngineError
    evaluate("c(a+2b)", {"a": 3, "b": 1, "c": -2})["gradients"]   # {'a': -2.0, 'b': -4.0, 'c': 5.0}
"""
from .api import estimate_work, evaluate
from .networks.network import network
from .core.ops import describe_ops
from .core.errors import (BadNameError, BadValueError, EngineError, LimitError, ParseError,
                     ShapeError)

__all__ = ["evaluate", "estimate_work", "network", "describe_ops", "EngineError", "ParseError", "BadNameError", "BadValueError", "ShapeError",
           "LimitError"]
