"""The training lab's API. No run lives on the server: a run's whole state travels in its checkpoint.

* POST /api/v1/train          one JSON answer: history, parameters, decision boundary, checkpoint.
* POST /api/v1/train/stream   the same run as server-sent events (`start`, `progress`…, `result`),
                              read by the page with fetch + ReadableStream (EventSource can't POST).
* POST /api/v1/train/step     "show this update": one mini-batch's graph and its parameter table.
* POST /api/v1/train/data     the points of a data set, for the scatter plot before training.

Cancel is closing the stream; pause is closing it and keeping the last progress event's checkpoint;
resume is a new request with `resume_from`, which any worker process or replica can serve.

A run advances in slices of at most SLICE_SECONDS on the app's engine processes (app/compute.py), each
slice taking the run's state from the one before (engine.networks.training.advance_slice); between
slices the event loop sends progress and, for a paced run, waits. So runs take turns on the pool, a
paced run holds no process while it waits, and a closed stream stops within one slice. The pool is the
only concurrency limit: a run that finds it full is answered 429 with Retry-After.
"""
from __future__ import annotations

import asyncio
import logging
import time
from functools import partial

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse

from app.compute import budget_error, engine_failure_error, outcome, pool_of, run_engine
from app.errors import ApiError
from app.responses import ORJSONBytes, to_json
from app.schemas.train import (TRAIN_ERROR_RESPONSES, DataRequest, DataResponse, StepRequest, TrainRequest,
                               TrainResponse)
from app.settings import settings_of

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1/train", tags=["training"])

# One slice of training on a worker thread lasts at most this long: short enough that runs take turns
# on the pool and a closed stream stops soon, long enough that the hop to a thread (~0.1 ms) is noise.
SLICE_SECONDS = 0.2
# Progress events (new history, boundary, unit pictures, checkpoint) are sent at most this often: the
# page redraws 4 times a second, and a fast run does not flood the connection.
PROGRESS_SECONDS = 0.25
# A comment line is sent when nothing else was for this long, so proxies keep the connection open
# during a slow pace and a vanished client is noticed.
HEARTBEAT_SECONDS = 1.0
# A slice that finds the pool full mid-run waits this long and tries again (the run has started; a 429
# is only for starting one).
BUSY_RETRY_SECONDS = 0.05


def _engine(name: str):
    """engine.networks.training's `name`, imported late (the page and docs serve without the engine)."""
    from engine.networks import training
    return getattr(training, name)


def _call(name: str, *args):
    """training.`name`(*args) in an engine process, its outcome as data (app.compute.outcome)."""
    return outcome(partial(_engine(name), *args))


def _answer(kind_value):
    """The engine's outcome → its value, or the ApiError that says why there is none."""
    kind, value = kind_value
    if kind == "refused":
        raise ApiError.from_detail(value)
    if kind == "failed":
        raise engine_failure_error()
    return value


class _Driver:
    """Advances one run slice by slice on the pool, at its pace, until it finishes or time is up. The
    run's state lives in `state` between slices (and in the checkpoints the client keeps)."""

    def __init__(self, request: Request, body: dict, start: dict, pace: float | None, seconds: float):
        self.request, self.body, self.pace = request, body, pace
        self.started = time.monotonic()
        self.deadline = self.started + seconds
        self.first_epoch = self.epoch = start["epoch"]
        self.epochs = start["epochs"]
        self.state = None
        self.last = None          # the last slice's answer: history, pictures, checkpoint
        self.finished = self.epoch >= self.epochs
        self.timed_out = False

    async def on_pool(self, name: str, *args):
        """training.`name`(*args) on the pool; mid-run, a full pool means waiting for a process, not a 429."""
        budget = settings_of(self.request).time_budget_seconds
        while True:
            try:
                return _answer(await pool_of(self.request).run(_call, name, *args, budget=budget))
            except ApiError as err:
                if err.status != 429:
                    raise
                await asyncio.sleep(BUSY_RETRY_SECONDS)

    def due(self) -> int | None:
        """How many epochs may run now: all that are left without a pace (None), else those whose time
        has come (epoch k after the start is due k/pace seconds in)."""
        if self.pace is None:
            return None
        elapsed = time.monotonic() - self.started
        return int(elapsed * self.pace) + 1 - (self.epoch - self.first_epoch)

    async def slice(self) -> list:
        """The next slice's history entries ([] when a paced run has to wait; it waits here)."""
        if time.monotonic() >= self.deadline:
            self.timed_out = True
            return []
        due = self.due()
        if due is not None and due <= 0:
            next_at = self.started + (self.epoch - self.first_epoch) / self.pace
            await asyncio.sleep(min(max(0.0, next_at - time.monotonic()), HEARTBEAT_SECONDS))
            return []
        self.last = await self.on_pool("advance_slice", self.body, self.state, due, SLICE_SECONDS)
        self.state, self.epoch, self.finished = self.last["state"], self.last["epoch"], self.last["finished"]
        return self.last["history"]

    async def result(self, history: list) -> dict:
        return await self.on_pool("finish", self.body, self.state, history)

    @property
    def done(self) -> bool:
        return self.finished or self.timed_out


async def _start(request: Request, body: TrainRequest) -> tuple[dict, dict]:
    """The request as the engine reads it, checked (a CSV or a checkpoint can take a while) before any
    epoch runs: 429 with Retry-After when the pool is full, 400 with the engine's words when it refuses."""
    payload = body.to_engine()
    budget = settings_of(request).time_budget_seconds
    return payload, _answer(await pool_of(request).run(_call, "start", payload, budget=budget))


@router.post("", response_model=TrainResponse, responses=TRAIN_ERROR_RESPONSES,
             summary="Train a small network and return its history, parameters, decision boundary and checkpoint")
async def train(body: TrainRequest, request: Request):
    """Trains on the worker pool within the app's time budget. An epoch's `train_loss` is the mean of its
    mini-batch losses, each computed in that epoch's forward pass before its update; `parameters` are the
    values after the last epoch. With `resume_from`, the run continues from that checkpoint and `history`
    holds the epochs after it. A `pace` slower than the budget allows is refused: use /train/stream."""
    budget = settings_of(request).time_budget_seconds
    if body.pace is not None and body.epochs / body.pace > budget:
        raise ApiError.coded(400, "PaceTooSlow", "pace_too_slow", "hint_leave_pace_out",
                             params={"pace": f"{body.pace:g}", "epochs": body.epochs,
                                     "seconds": f"{body.epochs / body.pace:.3g}", "budget": f"{budget:g}"})
    payload, start = await _start(request, body)
    driver = _Driver(request, payload, start, body.pace, budget)
    history: list = []
    try:
        while not driver.done:
            history += await driver.slice()
            if await request.is_disconnected():
                return Response(status_code=499)   # nobody is listening: stop training for them
        if driver.timed_out:
            raise budget_error(budget)
        return ORJSONBytes(await driver.result(history))
    except ApiError as err:
        if err.detail.get("error") == "TimeBudgetExceeded":
            err.detail["hint"] = ("Use fewer epochs, a smaller network or fewer samples, or POST "
                                  "/api/v1/train/stream, which shows progress and may run longer.")
        raise


def _sse(event: str, data) -> bytes:
    return f"event: {event}\ndata: ".encode() + to_json(data) + b"\n\n"


def _progress(driver: _Driver, entries: list) -> bytes:
    """A progress event: the new entries and the last slice's pictures and checkpoint."""
    last = driver.last
    return _sse("progress", {"epoch": driver.epoch, "epochs": driver.epochs, "history": entries,
                             "boundary": last["boundary"], "neurons": last["neurons"],
                             "gradients": last["gradients"], "checkpoint": last["checkpoint"],
                             "elapsed": round(time.monotonic() - driver.started, 3)})


STREAM_DOC = """Server-sent events, one per line block (`event:` and `data:` with one JSON object):

* `start` — `{"epoch": where the run starts (0, or the checkpoint's), "epochs", "pace"}`.
* `progress` — `{"epoch", "epochs", "history": [entries since the previous event], "boundary": as the
  result's decision_boundary (2-D inputs), "neurons": each hidden unit's picture, "checkpoint": the
  state after `epoch` (give it back as `resume_from` to continue), "elapsed": seconds since the start}`,
  at most every 0.25 s and at least after every 0.25 s of training (every epoch's entry arrives once).
* `result` — the same body as POST /api/v1/train; `"stopped_by": "time_limit"` when the stream's time
  limit (BACKPROP_TRAIN_STREAM_SECONDS) ended it: resume from its `checkpoint`.
* `error` — `{"detail": {error, message, hint, …}}` if the engine fails mid-run.

Errors found before the first epoch (bad CSV, work limit, a checkpoint of another run…) are answered
as plain 400/422 JSON instead of a stream; a full worker pool as 429 with `Retry-After`. Closing the
connection cancels the run; to pause, close it and keep the last checkpoint."""


@router.post("/stream", responses={200: {"content": {"text/event-stream": {}}, "description": STREAM_DOC},
                                   **TRAIN_ERROR_RESPONSES},
             summary="Train with live progress, pictures and checkpoints as server-sent events", description=STREAM_DOC)
async def train_stream(body: TrainRequest, request: Request):
    payload, start = await _start(request, body)
    driver = _Driver(request, payload, start, body.pace, settings_of(request).train_stream_seconds)

    async def events():
        yield _sse("start", {"epoch": driver.epoch, "epochs": driver.epochs, "pace": body.pace})
        pending: list = []
        history: list = []
        last_progress = last_sent = time.monotonic()
        try:
            while not driver.done:
                entries = await driver.slice()
                pending += entries
                history += entries
                now = time.monotonic()
                if pending and (now - last_progress >= PROGRESS_SECONDS or driver.done):
                    yield _progress(driver, pending)
                    pending, last_progress = [], now
                    last_sent = time.monotonic()
                elif now - last_sent >= HEARTBEAT_SECONDS:
                    yield b": still training\n\n"
                    last_sent = now
            if pending:
                yield _progress(driver, pending)
            result = await driver.result(history)
            if driver.timed_out:
                result["stopped_by"] = "time_limit"
            yield _sse("result", result)
        except ApiError as err:   # the engine refused mid-run, or failed
            yield _sse("error", {"detail": err.detail})

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def _data(dataset: dict | None, csv: str | None) -> dict:
    from engine.networks import datasets
    if dataset is not None:
        x, y = datasets.generate(dataset)
        header = None
    else:
        x, y, header = datasets.parse_csv(csv)
    return {"x": x.tolist(), "y": y.astype(float).tolist(), "header": header,
            "features": int(x.shape[1]), "labels": sorted({float(v) for v in y.tolist()})}


@router.post("/data", response_model=DataResponse, responses=TRAIN_ERROR_RESPONSES,
             summary="The points of a data set (generated or CSV), for the scatter plot before training")
async def data(body: DataRequest, request: Request):
    dataset = body.dataset.model_dump() if body.dataset else None
    return ORJSONBytes(await run_engine(request, _data, dataset, body.csv))


def _step(body: dict, epoch: int, batch: int) -> dict:
    from engine.networks import update
    return update.step_view(body, epoch, batch)


STEP_DOC = """Replays the run up to one mini-batch update (`epoch`, `batch`, both 0-based) and explains it:
`{"epoch", "batch", "batches", "samples", "loss", "masks": {"mask1": …}, "graph": the layer view of
that mini-batch (engine.networks.network structure, with dropout mask nodes) or null with "graph_error",
"optimizer": {"name", …, "rule"}, "table": [{"parameter", "value", "grad", "l2_grad", "update",
"new_value", "state"}]}`. The graph's parameter gradients equal the table's `grad`."""


@router.post("/step", responses=TRAIN_ERROR_RESPONSES, summary="Show one mini-batch update (graph and table)",
             description=STEP_DOC)
async def step(body: StepRequest, request: Request):
    payload = body.to_engine()
    epoch, batch = payload.pop("epoch"), payload.pop("batch")
    payload.pop("resume_from", None)   # an update is replayed from the start, whatever a checkpoint says
    return ORJSONBytes(await run_engine(request, _step, payload, epoch, batch))
