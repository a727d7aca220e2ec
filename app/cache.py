"""Answers of the deterministic endpoints (/graph, /network), cached by request body.

The same request always gets the same answer, and a class working through the textbook sends the
same few requests over and over: a hit is answered from memory before the body is even parsed. Only
small requests (up to BACKPROP_INLINE_MAX_BYTES) and 200 answers of moderate size are kept, so the
cache holds at most MAX_ENTRIES × MAX_ANSWER_BYTES (64 MiB) and can never serve a stale or an error
answer.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Callable

from fastapi import Request, Response

from .bodyroute import JSONBodyRoute, is_json_content_type
from .jsonio import JSONBytes
from .settings import settings_of

MAX_ENTRIES = 512
MAX_ANSWER_BYTES = 128 * 1024  # a 30-node scalar-view network answers ~100 kB
# One cache per path, shared by every app built in this process (answers do not depend on settings).
CACHES: dict[str, "AnswerCache"] = {}


class AnswerCache:
    """A small LRU map from request body to answer bytes."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_answer_bytes: int = MAX_ANSWER_BYTES) -> None:
        self._entries: OrderedDict[bytes, bytes] = OrderedDict()
        self.max_entries = max_entries
        self.max_answer_bytes = max_answer_bytes
        self.hits = self.misses = 0

    def get(self, key: bytes) -> bytes | None:
        answer = self._entries.get(key)
        if answer is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return answer

    def put(self, key: bytes, answer: bytes) -> None:
        if len(answer) > self.max_answer_bytes:
            return
        self._entries[key] = answer
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()


# ASGI scope key set by `mark_uncacheable` (a scope key rather than request.state: reading a missing
# attribute of request.state raises and catches an AttributeError on every cached request).
UNCACHEABLE = "backprop.uncacheable"


def mark_uncacheable(request: Request) -> None:
    """Keeps this request's answer out of the cache: its body does not determine it (e.g. an unseeded
    random draw)."""
    request.scope[UNCACHEABLE] = True


class CachedJSONRoute(JSONBodyRoute):
    """A JSONBodyRoute for a pure function of its JSON body, answered from an AnswerCache when the same
    small body was answered before. Use only where the same body always means the same answer; an
    endpoint calls `mark_uncacheable(request)` for a body that does not."""

    def __init__(self, path: str, endpoint: Callable, **kwargs) -> None:
        super().__init__(path, endpoint, **kwargs)
        self.cache = CACHES.setdefault(self.path, AnswerCache())

    async def endpoint_response(self, request: Request) -> Response:
        body = await request.body()  # read by the route already (bodyroute.ReadRequest)
        # Only a JSON body is looked up: the same bytes sent as text/plain must still get their 422.
        if (len(body) > settings_of(request).inline_max_bytes
                or not is_json_content_type(request.headers.get("content-type"))):
            return await super().endpoint_response(request)
        hit = self.cache.get(body)
        if hit is not None:
            return JSONBytes(hit)
        response = await super().endpoint_response(request)
        if response.status_code == 200 and isinstance(response, JSONBytes) and UNCACHEABLE not in request.scope:
            self.cache.put(body, bytes(response.body))
        return response
