"""Where engine work runs: on the event loop when it is tiny, else in the engine's worker processes under
the time budget.

The event loop serves every connection of this server process, so anything it computes delays all of
them: only work estimated below INLINE_MAX_WORK runs there (a textbook graph costs less than handing it
to another process). Everything else goes to the worker pool: BACKPROP_ENGINE_PROCESSES processes with
a bounded queue in front (BACKPROP_QUEUE_LENGTH). A request that finds both full is answered 429 with
Retry-After at once; one not finished within BACKPROP_TIME_BUDGET_SECONDS (waiting included) gets a 400
saying so. Processes rather than threads: Python runs one thread at a time per process, and a thread
writing out a 50 MB answer holds that lock for a second, during which the event loop could not answer
even /healthz. Work over its budget is not stopped (the engine's own limits bound it): it finishes in the
background and keeps its place until then, so at most `engine_processes` computations share the CPU
however many requests arrive.
"""
from __future__ import annotations

import asyncio
import logging
import math
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any, Callable

from fastapi import Request

from .errors import ApiError
from .settings import Settings, settings_of

log = logging.getLogger("backprop.compute")

# Work units are the engine's estimate (engine.estimate_work: tokens × elements of the largest tensor).
# The textbook's figure 6.15 is 17; 200 is about 1.5 ms of engine time (measured on a busy 2-core
# machine), so a probe never waits behind inline work for longer than that.
INLINE_MAX_WORK = 200
# What a client refused for a full queue is told to wait: a queued request is usually done by then.
RETRY_AFTER_SECONDS = 2
# Engine processes are started from a clean server process with the engine already imported
# ("forkserver"), not forked from a running event loop; "spawn" where there is no forkserver (Windows).
_START_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


# Engine processes run this much below the server processes' scheduling priority: when the CPU is busy,
# the operating system lets an event loop (a light request, a progress event) run first.
ENGINE_NICENESS = 5


def _yield_to_servers() -> None:
    """Runs once in each engine process as it starts."""
    if hasattr(os, "nice"):  # not on Windows
        os.nice(ENGINE_NICENESS)


def outcome(call: Callable[[], Any]) -> tuple[str, Any]:
    """("ok", result) | ("refused", the EngineError's detail) | ("failed", None): what the engine did, as
    data, so it crosses a process boundary whole (an exception with arguments of its own may not)."""
    from engine import EngineError  # imported on first use: the page and docs serve without the engine
    try:
        return "ok", call()
    except EngineError as err:
        return "refused", err.to_dict()
    except Exception:  # the engine promises EngineError for every bad input: this is a bug in it
        log.exception("engine failure in %s", getattr(getattr(call, "func", call), "__name__", call))
        return "failed", None


class WorkerPool:
    """`processes` engine processes and room for `queue_length` requests waiting for one. Counted from
    submit until the work really ends (not until its request was answered), so abandoned work keeps its
    place."""

    def __init__(self, processes: int, queue_length: int) -> None:
        self.processes = processes
        self.capacity = processes + queue_length
        self._lock = threading.Lock()
        self._in_use = 0
        self._executor: ProcessPoolExecutor | None = None  # started on first use

    def start(self) -> None:
        """Starts the engine processes and waits until they are ready (blocking: call it from a thread, at
        start-up; starting them on the first request would hold up the event loop for a second or more)."""
        with self._lock:
            executor = self._executor_locked()
        for future in [executor.submit(abs, 0) for _ in range(self.processes)]:
            future.result()

    def shutdown(self) -> None:
        """Lets running work finish and stops the processes (blocking). Called at shutdown: uvicorn ends by
        re-raising the signal it got, so Python's own clean-up at exit would not run and they would be
        left behind."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def _executor_locked(self) -> ProcessPoolExecutor:
        if self._executor is None:
            context = multiprocessing.get_context(_START_METHOD)
            if _START_METHOD == "forkserver":
                context.set_forkserver_preload(["engine", "app.compute"])
            self._executor = ProcessPoolExecutor(self.processes, mp_context=context, initializer=_yield_to_servers)
        return self._executor

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        """Queues `fn(*args)` (picklable); ApiError 429 when every process is busy and the queue is full."""
        with self._lock:
            if self._in_use >= self.capacity:
                raise busy_error()
            self._in_use += 1
            executor = self._executor_locked()
        try:
            future = executor.submit(fn, *args)
        except BrokenProcessPool:
            self._release(None)
            self._replace(executor)
            raise
        future.add_done_callback(self._release)  # also runs when a queued call is cancelled
        return future

    def _release(self, future: Future | None) -> None:
        with self._lock:
            self._in_use -= 1
        if future is not None and not future.cancelled() and isinstance(future.exception(), BrokenProcessPool):
            self._replace(None)

    def _replace(self, broken: ProcessPoolExecutor | None) -> None:
        """A process that died (killed for its memory, say) breaks its executor for good: start anew."""
        old = None
        with self._lock:
            if broken is None or self._executor is broken:
                old, self._executor = self._executor, None
        if old is not None:
            old.shutdown(wait=False, cancel_futures=True)

    async def run(self, fn: Callable[..., Any], *args: Any, budget: float) -> Any:
        """`fn(*args)`'s result, or ApiError 400 when it is not done within `budget` seconds."""
        future = self.submit(fn, *args)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), budget)
        except TimeoutError:
            future.cancel()  # one still queued never starts; a running one finishes in the background
            raise budget_error(budget) from None


def busy_error() -> ApiError:
    return ApiError.coded(429, "ServerBusy", "server_busy", "hint_retry_later",
                          params={"retry_after": RETRY_AFTER_SECONDS},
                          headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def budget_error(seconds: float) -> ApiError:
    return ApiError.coded(400, "TimeBudgetExceeded", "time_budget", "hint_make_smaller",
                          params={"seconds": f"{seconds:g}"})


def engine_failure_error() -> ApiError:
    return ApiError.coded(400, "EngineFailure", "engine_failure", "hint_rewrite_and_report")


async def run_engine(request: Request, fn: Callable[..., Any], *args: Any, work: float = math.inf,
                     **kwargs: Any) -> Any:
    """`fn(*args, **kwargs)` (picklable): inline when `work` (an engine estimate) is under INLINE_MAX_WORK,
    else in the app's worker pool. EngineError → 400 with its detail; anything else the engine raises is
    a bug in it, not in the request: logged with its traceback and answered 400 EngineFailure (no input
    gets a 5xx)."""
    call = partial(fn, *args, **kwargs)
    if work <= INLINE_MAX_WORK:
        kind, value = outcome(call)
    else:
        try:
            kind, value = await pool_of(request).run(outcome, call, budget=settings_of(request).time_budget_seconds)
        except BrokenProcessPool:
            log.error("an engine process died running %s", getattr(fn, "__name__", fn))
            kind, value = "failed", None
    if kind == "refused":
        raise ApiError.from_detail(value)
    if kind == "failed":
        raise engine_failure_error()
    return value


def pool_of(request: Request) -> WorkerPool:
    return request.app.state.pool


def new_pool(settings: Settings) -> WorkerPool:
    return WorkerPool(settings.engine_processes, settings.queue_length)
