"""The answer cache of the deterministic endpoints (/graph, /network): answer bytes by request.

A class working through the textbook sends the same few requests over and over, and the same request
always gets the same answer. The key is the validated request model's canonical JSON
(`model_dump_json()`: fields in schema order, defaults filled in), so two bodies that differ only in
spacing, key order or left-out defaults share an entry. Only light requests are cached (their answers
are small and they are the ones a class repeats); the cache is used on the event loop only, so it needs
no lock. Only 200 answers are ever put in: an error is never served from it.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Awaitable, Callable

MAX_ENTRIES = 512  # at the inline work bound an answer is a few tens of kB: ~10 MB at most


class AnswerCache:
    """A small LRU map from a request's canonical JSON to its answer bytes."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self.max_entries = max_entries
        self.hits = self.misses = 0

    def get(self, key: str) -> bytes | None:
        answer = self._entries.get(key)
        if answer is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return answer

    def put(self, key: str, answer: bytes) -> None:
        self._entries[key] = answer
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    async def answer(self, key: str, compute: Callable[[], Awaitable[bytes]]) -> bytes:
        """The answer kept for `key`, else `await compute()` (kept if it returns; an error raises past)."""
        answer = self.get(key)
        if answer is None:
            answer = await compute()
            self.put(key, answer)
        return answer

    def clear(self) -> None:
        self._entries.clear()
