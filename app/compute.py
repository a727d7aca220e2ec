"""Runs engine work for a route: inline when tiny, else on a worker thread under the time budget, and
turns the engine's errors into 400 answers.

Why both paths: a textbook-sized request costs less than the hop to a worker thread, so it runs on the
event loop; anything bigger runs in a thread so one heavy request never stalls the others. The engine's
limits bound the work up front; the time budget is the guard behind them. A Python thread cannot be
killed: an over-budget computation is answered at once and finishes in the background, still holding
its slot, so at most `worker_threads` computations ever compete for the CPU.
"""
from __future__ import annotations

import logging
import threading
from functools import cache, partial
from typing import Any, Callable

import anyio
from fastapi import HTTPException

from .settings import Settings

log = logging.getLogger("backprop.compute")


@cache  # an import statement per request costs ~1 us
def _engine_error_type() -> type[BaseException]:
    try:
        from engine import EngineError
    except ImportError:  # the engine is not importable: nothing can be an engine error
        return type("NoEngineError", (Exception,), {})
    return EngineError


def budget_detail(seconds: float) -> dict:
    return {"error": "TimeBudgetExceeded",
            "message": f"This needs more work than the server allows per request ({seconds:g} s).",
            "line": None, "column": None, "excerpt": None,
            "hint": "Make the program smaller: fewer nodes, smaller tensors or a smaller network."}


def engine_failure_detail() -> dict:
    return {"error": "EngineFailure",
            "message": "The engine failed on this input; this is a bug on our side and it was logged.",
            "line": None, "column": None, "excerpt": None,
            "hint": "Try writing the expression another way (e.g. split it into named steps), and please "
                    "report the input that caused this."}


def busy_detail() -> dict:
    return {"error": "ServerBusy", "message": "The server is busy with other large computations.",
            "line": None, "column": None, "excerpt": None,
            "hint": "Try again in a moment, or send a smaller request."}


class Slots:
    """At most `n` heavy computations at once, counted in the worker threads themselves so that a
    computation abandoned after its budget keeps its slot until it really ends."""

    def __init__(self, n: int) -> None:
        self._semaphore = threading.BoundedSemaphore(n)

    def run(self, fn: Callable[[], Any], abandoned: threading.Event, wait: float) -> Any:
        if not self._semaphore.acquire(timeout=wait):
            raise _Busy()
        try:
            if abandoned.is_set():  # the client was answered while this waited for a slot
                return None
            return fn()
        finally:
            self._semaphore.release()


class _Busy(Exception):
    pass


_slots: dict[int, Slots] = {}


def _slots_for(settings: Settings) -> Slots:
    return _slots.setdefault(settings.worker_threads, Slots(settings.worker_threads))


async def run_engine(fn: Callable[..., Any], *args: Any, inline: bool, settings: Settings, **kwargs: Any) -> Any:
    """Calls `fn(*args, **kwargs)` and returns its result; EngineError → 400 with `err.to_dict()`,
    over budget → 400 TimeBudgetExceeded, no free slot within the budget → 400 ServerBusy (a 4xx
    because the request can succeed if it is made smaller or sent again; see README), any other
    exception (an engine bug) → logged and 400 EngineFailure."""
    engine_error = _engine_error_type()
    call = partial(fn, *args, **kwargs)
    try:
        if inline:
            return call()
        abandoned = threading.Event()
        budget = settings.time_budget_seconds
        try:
            with anyio.fail_after(budget):
                return await anyio.to_thread.run_sync(
                    _slots_for(settings).run, call, abandoned, budget, abandon_on_cancel=True)
        except TimeoutError:
            abandoned.set()
            raise HTTPException(400, detail=budget_detail(budget)) from None
    except engine_error as err:
        raise HTTPException(400, detail=err.to_dict()) from None
    except _Busy:
        raise HTTPException(400, detail=busy_detail()) from None
    except HTTPException:
        raise
    except Exception:
        # The engine promises EngineError for every bad input, so this is a bug in the engine, not in
        # the request. It is logged with its traceback for us to fix; the user still gets an answer that
        # says so and what to try, and the server goes on serving (no 5xx for any input).
        log.exception("engine failure in %s", getattr(fn, "__name__", fn))
        raise HTTPException(400, detail=engine_failure_detail()) from None
