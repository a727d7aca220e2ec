"""Oversized bodies get 413 (announced or streamed), heavy work runs off the event loop under the time
budget and is answered 400 when over it, and the settings come from BACKPROP_* variables."""
import threading
import time

import anyio
import pytest
from fastapi import HTTPException

from app.compute import run_engine
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
             "root_path": "", "query_string": b"", "headers": [(b"content-length", b"-5")],
             "scheme": "http", "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1),
             "http_version": "1.1", "asgi": {"version": "3.0"}}
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 400


def test_over_budget_work_is_answered_400_and_does_not_block_the_loop():
    settings = Settings(time_budget_seconds=0.2, worker_threads=1)
    release = threading.Event()

    def slow():
        release.wait(5)
        return "late"

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
                await run_engine(slow, inline=False, settings=settings)
            except HTTPException as e:
                outcome["error"] = e

        start = time.monotonic()
        async with anyio.create_task_group() as tg:
            tg.start_soon(heavy)
            tg.start_soon(ticker)
        outcome["elapsed"] = time.monotonic() - start
        return ticks, outcome

    ticks, outcome = anyio.run(scenario)
    release.set()
    assert ticks == 10  # the event loop kept running while the heavy work ran in a thread
    err = outcome["error"]
    assert err.status_code == 400 and err.detail["error"] == "TimeBudgetExceeded"
    assert "smaller" in err.detail["hint"]
    assert outcome["elapsed"] < 4  # answered at the budget, not when the work ended


def test_engine_errors_become_400_with_their_dict():
    import engine
    if not hasattr(engine, "EngineError"):
        pytest.skip("engine.EngineError has not landed")
    settings = Settings()

    def fails():
        raise engine.EngineError("no good")

    for inline in (True, False):
        with pytest.raises(HTTPException) as info:
            anyio.run(lambda: run_engine(fails, inline=inline, settings=settings))
        assert info.value.status_code == 400
        assert info.value.detail["message"] == "no good"


def test_results_are_the_same_inline_and_in_a_thread():
    settings = Settings()
    for inline in (True, False):
        assert anyio.run(lambda: run_engine(divmod, 7, 2, inline=inline, settings=settings)) == (3, 1)


def test_settings_from_environment():
    s = Settings.from_env({"BACKPROP_MAX_BODY_BYTES": "2048", "BACKPROP_TIME_BUDGET_SECONDS": "2.5",
                           "BACKPROP_HOST": "0.0.0.0", "BACKPROP_PORT": "9000", "BACKPROP_WORKER_THREADS": "3",
                           "BACKPROP_INLINE_MAX_BYTES": "0"})
    assert (s.max_body_bytes, s.time_budget_seconds, s.host, s.port, s.worker_threads, s.inline_max_bytes) == \
        (2048, 2.5, "0.0.0.0", 9000, 3, 0)
    assert Settings.from_env({}) == Settings()
    for bad in ({"BACKPROP_MAX_BODY_BYTES": "lots"}, {"BACKPROP_PORT": "0"},
                {"BACKPROP_TIME_BUDGET_SECONDS": "nan"}, {"BACKPROP_TIME_BUDGET_SECONDS": "inf"}):
        with pytest.raises(SettingsError) as info:
            Settings.from_env(bad)
        assert next(iter(bad)) in str(info.value)


def test_an_engine_bug_is_logged_and_answered_400_not_500(caplog):
    def buggy():
        return {}["missing"]

    for inline in (True, False):
        with pytest.raises(HTTPException) as info:
            anyio.run(lambda: run_engine(buggy, inline=inline, settings=Settings()))
        assert info.value.status_code == 400
        assert info.value.detail["error"] == "EngineFailure" and info.value.detail["hint"]
    assert "engine failure" in caplog.text and "KeyError" in caplog.text
