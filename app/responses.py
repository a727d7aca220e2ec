"""JSON answers serialised by orjson: the app's default response class.

The engine's answers are JSON-ready (non-finite numbers are the strings "NaN", "Infinity", "-Infinity";
docs/contract.md §1), so they need no `jsonable_encoder` pass: orjson writes them directly, ~10x faster
than the json module on answers full of LaTeX. Heavy answers are serialised in the worker thread that
computed them (`to_json`) and handed over as bytes, which the response sends as they are.
"""
from __future__ import annotations

import json
from typing import Any

import orjson
from fastapi.responses import JSONResponse


def to_json(content: Any) -> bytes:
    """Compact JSON bytes. orjson refuses text that is not valid Unicode (half a surrogate pair, which a
    JSON body can smuggle in as "\\udc00" and an error message may quote back): json writes it escaped."""
    try:
        return orjson.dumps(content, option=orjson.OPT_SERIALIZE_NUMPY)
    except orjson.JSONEncodeError:
        return json.dumps(content, separators=(",", ":")).encode()


class ORJSONBytes(JSONResponse):
    """application/json from a JSON-able value, or from bytes that are JSON already. A JSONResponse, so
    FastAPI documents each route's answer by its response_model in the OpenAPI schema."""

    def render(self, content: Any) -> bytes:
        return content if isinstance(content, bytes) else to_json(content)
