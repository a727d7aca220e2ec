"""Strict JSON in, fast JSON out.

In: Python's json module accepts `NaN`, `Infinity` and numbers like `1e999` that overflow to infinity;
none of them is JSON, and a non-finite input would poison a whole graph. `loads` refuses them (and
integers too long to be a float, and nesting deeper than any tensor) as a decode error, which the app
answers with 422 naming the position. `StrictJSONRoute` makes FastAPI parse bodies with it.

Out: FastAPI's jsonable_encoder walks every value of a large result in Python; the engine's results
are JSON-ready already (non-finite numbers are the strings "NaN", "Infinity", "-Infinity"), so `dumps`
hands them to the C encoder directly. `JSONBytes` is a Response carrying that.
"""
from __future__ import annotations

import json
import math
import re
from typing import Any, Callable

from fastapi import Request, Response

try:
    import orjson as _orjson
except ImportError:  # optional speed-up; json does the same job
    _orjson = None
from fastapi.routing import APIRoute

# A float64 holds at most ~1.8e308: an integer literal with more digits becomes infinity.
MAX_INT_DIGITS = 300
NON_FINITE = {"NaN": "NaN", "Infinity": "Infinity", "-Infinity": "-Infinity"}


class _Refused(ValueError):
    pass


def _refuse_constant(name: str):
    raise _Refused(f"{name} is not a JSON number; send a finite number (non-finite values only appear "
                   f"in answers, as the strings \"NaN\", \"Infinity\", \"-Infinity\")")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _Refused(f"{text[:40]} is too large for a 64-bit float; send a number below 1.8e308")
    return value


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(f"an integer with {len(text)} digits is too large; send at most {MAX_INT_DIGITS} digits")
    return int(text)


_decoder = json.JSONDecoder(parse_float=_finite_float, parse_int=_bounded_int,
                            parse_constant=_refuse_constant)


def loads(body: bytes | str) -> Any:
    """Parses a request body, raising json.JSONDecodeError (with a message that says what to fix) for
    anything that is not plain, finite JSON."""
    try:
        text = body.decode("utf-8") if isinstance(body, (bytes, bytearray)) else body
    except UnicodeDecodeError as e:
        raise json.JSONDecodeError("the body is not UTF-8 text", "", e.start) from None
    try:
        value = _decoder.decode(text)
    except json.JSONDecodeError:
        raise
    except _Refused as e:
        raise json.JSONDecodeError(str(e), text, 0) from None
    except RecursionError:
        raise json.JSONDecodeError("the JSON is nested too deeply; values are at most 2-D lists", text, 0) from None
    except ValueError as e:  # e.g. Python's own limit on integer digits
        raise json.JSONDecodeError(str(e), text, 0) from None
    # Valid UTF-8 cannot hold a surrogate; only a \uD800-style escape can, and one without its pair is
    # not a character: it cannot be written back as UTF-8 (an error message quoting it would fail).
    if "\\u" in text and _holds_lone_surrogate(value):
        escape = _SURROGATE_ESCAPE.search(text)
        raise json.JSONDecodeError("a \\u escape is half of a surrogate pair, which is not a character; "
                                   "send the text as UTF-8", text, escape.start() if escape else 0)
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _holds_lone_surrogate(value: Any) -> bool:
    """Whether any string (key or value) of a parsed body holds an unpaired surrogate (iteratively:
    the body may be nested as deep as the parser allows)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _encode_non_finite(obj: Any) -> Any:
    """Iteratively replaces non-finite floats by their string names (the engine does this already;
    this is the safety net that keeps a response valid JSON whatever a router returns)."""
    root = [obj]
    stack = [(root, 0)]
    while stack:
        container, key = stack.pop()
        value = container[key]
        if isinstance(value, float):
            if not math.isfinite(value):
                container[key] = "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")
        elif isinstance(value, dict):
            value = dict(value)
            container[key] = value
            stack.extend((value, k) for k in value)
        elif isinstance(value, (list, tuple)):
            value = list(value)
            container[key] = value
            stack.extend((value, i) for i in range(len(value)))
    return root[0]


def dumps(obj: Any) -> bytes:
    """Any JSON-able value → compact JSON bytes; non-finite floats become "NaN"/"Infinity"/"-Infinity"."""
    try:
        text = json.dumps(obj, separators=(",", ":"), allow_nan=False)
    except ValueError:
        text = json.dumps(_encode_non_finite(obj), separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def dumps_answer(answer: dict) -> bytes:
    """An engine answer → JSON bytes, with orjson (~10x faster than json on answers full of LaTeX).
    The engine writes non-finite numbers as strings itself and lists each in `warnings` (contract §1);
    orjson would write null for a stray NaN, so an answer with warnings takes the exact path."""
    if _orjson is None or answer.get("warnings"):
        return dumps(answer)
    try:
        return _orjson.dumps(answer, option=_orjson.OPT_SERIALIZE_NUMPY)
    except TypeError:  # orjson.JSONEncodeError: something orjson does not know; json may
        return dumps(answer)


class JSONBytes(Response):
    """A JSON response serialised by `dumps` (no jsonable_encoder pass, no response-model pass)."""
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return content if isinstance(content, bytes) else dumps(content)


class StrictJSONRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = loads(await self.body())
        return self._json


class StrictJSONRoute(APIRoute):
    """An APIRoute whose JSON bodies are parsed by `loads` (refusing NaN, Infinity, overflow)."""

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return strict_handler
