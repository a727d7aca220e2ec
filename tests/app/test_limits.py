"""Oversized bodies get 413 (announced or streamed), heavy work runs off the event loop under the time
budget and is answered 400 when over it, and the settings come from BACKPROP_* variables."""
import os
import time

import anyio
import pytest
from fastapi import Request

from app.compute import INLINE_MAX_WORK, RETRY_AFTER_SECONDS, WorkerPool, run_engine
from app.errors import ApiError
from app.main import create_app
from app.settings import Settings, SettingsError


def test_body_over_the_limit_is_413_before_reading(client_with):
    c = client_with(max_body_bytes=1000)
    r = c.post("/api/v1/graph", content=b" " * 1001, headers={"content-type": "application/json"})
    assert r.status_code == 413
    detail = r.json()["detail"]
    assert detail["error"] == "RequestTooLarge" and "1000" in detail["message"] and detail["hint"]


def test_streamed_body_over_the_limit_is_413(client_with):
    c = client_with(max_body_bytes=1000)

    def chunks():  # no Content-Length: sent chunked, so only counting can catch it
        for _ in range(10):
            yield b" " * 200

    r = c.post("/api/v1/graph", content=chunks(), headers={"content-type": "application/json"})
    assert r.request.headers.get("transfer-encoding") == "chunked"
    assert r.status_code == 413
    assert r.json()["detail"]["error"] == "RequestTooLarge"


def test_streamed_body_within_the_limit_is_read(client_with):
    c = client_with(max_body_bytes=1000)

    def chunks():
        yield b'{"source": '
        yield b"1}"

    r = c.post("/api/v1/graph", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 422  # read in full and validated: source must be a string


def test_invalid_content_length_is_400(client):
    from app.main import app
    import asyncio

    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/v1/graph", "raw_path": b"/api/v1/graph",
             "root_path": "", "query_string": b"", "headers": [(b"host", b"testserver"), (b"content-length", b"-5")],
             "scheme": "http", "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1),
             "http_version": "1.1", "asgi": {"version": "3.0"}}
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 400
    assert b"bad_content_length" in sent[1]["body"]


def request_on(**settings) -> Request:
    """A request as a route sees it, on an app built with these settings."""
    return Request({"type": "http", "app": create_app(Settings(**settings)), "headers": []})


def fails():
    import engine
    raise engine.BadValueError("no good", hint="do better")


def buggy():
    return {}["missing"]


def test_over_budget_work_is_answered_400_and_does_not_block_the_loop():
    pool = WorkerPool(processes=1, queue_length=0)

    async def scenario():
        ticks = 0
        outcome = {}

        async def ticker():
            nonlocal ticks
            for _ in range(10):
                await anyio.sleep(0.01)
                ticks += 1

        async def heavy():
            try:
                await pool.run(time.sleep, 1.5, budget=0.2)
            except ApiError as e:
                outcome["error"] = e

        start = time.monotonic()
        async with anyio.create_task_group() as tg:
            tg.start_soon(heavy)
            tg.start_soon(ticker)
        outcome["elapsed"] = time.monotonic() - start
        return ticks, outcome

    pool.submit(os.getpid).result(30)  # the engine process is up: its start is not part of the budget
    ticks, outcome = anyio.run(scenario)
    assert ticks == 10  # the event loop kept running while the heavy work ran elsewhere
    err = outcome["error"]
    assert err.status == 400 and err.detail["error"] == "TimeBudgetExceeded"
    assert err.detail["code"] == "time_budget" and "smaller" in err.detail["hint"]
    assert outcome["elapsed"] < 1.2  # answered at the budget, not when the work ended
    # The abandoned work still holds its process: the pool (no queue) is full until it really ends.
    with pytest.raises(ApiError) as info:
        pool.submit(os.getpid)
    assert info.value.status == 429
    deadline = time.monotonic() + 10
    while True:  # its place is free again as soon as the sleep ends
        try:
            assert pool.submit(os.getpid).result(timeout=10) != os.getpid()
            break
        except ApiError:
            assert time.monotonic() < deadline
            time.sleep(0.05)


def test_a_full_pool_answers_429_with_retry_after():
    pool = WorkerPool(processes=1, queue_length=1)
    running = pool.submit(time.sleep, 0.5)
    queued = pool.submit(abs, -3)
    with pytest.raises(ApiError) as info:
        pool.submit(abs, -4)
    assert info.value.status == 429 and info.value.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert info.value.detail["code"] == "server_busy" and info.value.detail["hint"]
    assert running.result(30) is None and queued.result(30) == 3


def test_light_work_runs_inline_and_the_rest_in_an_engine_process():
    request = request_on()
    here = os.getpid()
    assert anyio.run(lambda: run_engine(request, os.getpid, work=INLINE_MAX_WORK)) == here
    assert anyio.run(lambda: run_engine(request, os.getpid, work=INLINE_MAX_WORK + 1)) != here
    assert anyio.run(lambda: run_engine(request, os.getpid)) != here  # unknown work: the pool
    assert anyio.run(lambda: run_engine(request, divmod, 7, 2)) == (3, 1)


def test_engine_errors_become_400_with_their_dict():
    request = request_on()
    for work in (0, INLINE_MAX_WORK + 1):
        with pytest.raises(ApiError) as info:
            anyio.run(lambda: run_engine(request, fails, work=work))
        assert info.value.status == 400
        assert info.value.detail["message"] == "no good" and info.value.detail["hint"] == "do better"


def test_engine_work_is_estimated_from_tokens_and_the_largest_value():
    import engine
    assert engine.estimate_work("d = 2*b\ne = a + d\nL = c*e", {"a": 3, "b": 1, "c": -2}) == 17
    assert engine.estimate_work("sum(x)", {"x": [[1, 2, 3], [4, 5, 6]], "y": 2}) == 4 * 6


def test_settings_from_environment():
    s = Settings.from_env({"BACKPROP_MAX_BODY_BYTES": "2048", "BACKPROP_TIME_BUDGET_SECONDS": "2.5",
                           "BACKPROP_HOST": "0.0.0.0", "BACKPROP_PORT": "9000", "BACKPROP_ENGINE_PROCESSES": "3",
                           "BACKPROP_QUEUE_LENGTH": "0", "BACKPROP_WORKERS": "4",
                           "BACKPROP_ALLOWED_HOSTS": "explorer.school.example, localhost",
                           "BACKPROP_TRAIN_STREAM_SECONDS": "60", "BACKPROP_BUNDLE": "off"})
    assert (s.max_body_bytes, s.time_budget_seconds, s.host, s.port, s.engine_processes, s.queue_length,
            s.workers, s.allowed_hosts, s.train_stream_seconds, s.bundle) == \
        (2048, 2.5, "0.0.0.0", 9000, 3, 0, 4, ("explorer.school.example", "localhost"), 60.0, False)
    assert Settings.from_env({"BACKPROP_BUNDLE": " On "}).bundle and Settings().bundle
    assert Settings.from_env({}) == Settings()
    assert Settings().workers == (os.cpu_count() or 1)
    for bad in ({"BACKPROP_MAX_BODY_BYTES": "lots"}, {"BACKPROP_PORT": "0"}, {"BACKPROP_WORKERS": "0"},
                {"BACKPROP_TIME_BUDGET_SECONDS": "nan"}, {"BACKPROP_TIME_BUDGET_SECONDS": "inf"},
                {"BACKPROP_BUNDLE": "sometimes"}):
        with pytest.raises(SettingsError) as info:
            Settings.from_env(bad)
        assert next(iter(bad)) in str(info.value)


def test_an_engine_bug_is_logged_and_answered_400_not_500(caplog):
    request = request_on()
    for work in (0, INLINE_MAX_WORK + 1):  # (the engine process logs to its own stderr)
        with pytest.raises(ApiError) as info:
            anyio.run(lambda: run_engine(request, buggy, work=work))
        assert info.value.status == 400
        assert info.value.detail["error"] == "EngineFailure" and info.value.detail["hint"]
    assert "engine failure" in caplog.text and "KeyError" in caplog.text


def test_engine_processes_run_below_the_servers_priority():
    from app.compute import ENGINE_NICENESS
    if not hasattr(os, "nice"):
        pytest.skip("no process priorities here")
    pool = WorkerPool(processes=1, queue_length=0)
    assert pool.submit(os.nice, 0).result(30) == os.nice(0) + ENGINE_NICENESS
