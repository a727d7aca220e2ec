"""The training lab's API.

* POST /api/v1/train          one JSON answer: history, parameters, decision boundary.
* POST /api/v1/train/stream   the same run as server-sent events (`start`, `progress`…, `result`),
                              read by the page with fetch + ReadableStream (EventSource can't POST).
* POST /api/v1/train/step     "show this update": one mini-batch's graph and its parameter table.
* DELETE /api/v1/train/{id}   cancels a streaming run; POST …/{id}/pause and …/{id}/resume hold it.

Training runs in worker threads (never on the event loop). A Python thread can't be killed, so the
engine bounds the work up front and polls `should_stop`, which is how cancel, client disconnect,
pause and the time budget all reach the loop.
"""
import asyncio
import logging
import math
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from app.compute import budget_error, run_engine
from app.errors import ApiError
from app.responses import ORJSONBytes, to_json
from app.settings import settings_of
from app.schemas.train import (TRAIN_ERROR_RESPONSES, DataRequest, DataResponse, RunControl, StepRequest,
                               TrainRequest, TrainResponse)

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1/train", tags=["training"])

# At most this many runs at once: the machine's cores are shared, and each run is one busy thread.
MAX_CONCURRENT_RUNS = 4
# A one-shot request (POST /train) must answer within the app's time budget; streaming runs show
# progress and can be cancelled, so they may run longer: BACKPROP_TRAIN_STREAM_SECONDS (pauses excluded).
# A paused run holds a thread; one nobody resumes is cancelled after this many seconds.
MAX_PAUSE_SECONDS = 600
# Progress events are sent at most this often (each carries every epoch since the last one), so a
# fast run doesn't flood the page and a slow one still reports each epoch.
PROGRESS_INTERVAL = 0.1
# A comment line is sent when nothing else was, so a vanished client is noticed within this time.
HEARTBEAT_SECONDS = 1.0
# A stream nobody has read from for this long (its response never started, or the client stopped
# reading) is abandoned: its run is cancelled rather than left to burn a core until its time limit.
ABANDON_SECONDS = 15.0

_executor = ThreadPoolExecutor(max_workers=MAX_CONCURRENT_RUNS, thread_name_prefix="train")
_runs: dict[str, "Run"] = {}
_runs_lock = threading.Lock()



class Run:
    """One training run's controls, polled by the engine through `should_stop`."""

    def __init__(self, time_limit: float):
        self.id = uuid.uuid4().hex
        self.cancelled = threading.Event()
        self.running = threading.Event()
        self.running.set()
        self.deadline = time.monotonic() + time_limit
        self.stopped_by: str | None = None  # "cancel" | "time_limit" | "pause_timeout" | "abandoned"
        self.last_read: float | None = None  # streams: when the response last took an event

    def cancel(self, reason: str = "cancel"):
        self.stopped_by = self.stopped_by or reason
        self.cancelled.set()
        self.running.set()  # wake a paused loop so it can stop

    def should_stop(self) -> bool:
        if not self.running.is_set():
            paused_at = time.monotonic()
            if not self.running.wait(MAX_PAUSE_SECONDS):
                self.cancel("pause_timeout")
            self.deadline += time.monotonic() - paused_at  # pauses don't use up the budget
        now = time.monotonic()
        if not self.cancelled.is_set() and now > self.deadline:
            self.cancel("time_limit")
        if self.last_read is not None and now - self.last_read > ABANDON_SECONDS:
            self.cancel("abandoned")
        return self.cancelled.is_set()

    @property
    def state(self) -> str:
        return "cancelled" if self.cancelled.is_set() else "running" if self.running.is_set() else "paused"


def _engine_error() -> type[BaseException]:
    """engine.EngineError, looked up when needed so the app still starts while the engine is absent."""
    try:
        from engine.core.errors import EngineError
    except ImportError:
        return type("NoEngineError", (Exception,), {})
    return EngineError


def _register(time_limit: float) -> Run | None:
    with _runs_lock:
        if len(_runs) >= MAX_CONCURRENT_RUNS:
            return None
        run = Run(time_limit)
        _runs[run.id] = run
        return run


def _unregister(run: Run):
    with _runs_lock:
        _runs.pop(run.id, None)


def _too_many_runs() -> ApiError:
    return ApiError(429, "TooManyRuns", f"{MAX_CONCURRENT_RUNS} training runs are already going.",
                    "Wait for one to finish (or cancel yours) and try again.", code="too_many_runs",
                    params={"runs": str(MAX_CONCURRENT_RUNS)})


def _train(body: dict, on_epoch, should_stop):
    from engine.networks import training  # imported late: the training engine is a separate module
    return training.train(body, on_epoch=on_epoch, should_stop=should_stop)


def _time_limit_error(seconds: float) -> ApiError:
    error = budget_error(seconds)
    error.detail["hint"] = ("Use fewer epochs, a smaller network or fewer samples, or POST /api/v1/train/stream, "
                            "which shows progress and may run longer.")
    return error


@router.post("", response_model=TrainResponse, responses=TRAIN_ERROR_RESPONSES,
             summary="Train a small network and return its history, parameters and decision boundary")
async def train(body: TrainRequest, request: Request):
    """Trains in a worker thread within the app's time budget. An epoch's `train_loss` is the mean of
    its mini-batch losses, each computed in that epoch's forward pass before its update; `parameters`
    are the values after the last epoch. If the client goes away, the run stops."""
    budget = request.app.state.settings.time_budget_seconds
    run = _register(budget)
    if run is None:
        raise _too_many_runs()
    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(_executor, _train, body.to_engine(), None, run.should_stop)
    try:
        while True:
            done, _ = await asyncio.wait({future}, timeout=0.25)
            if done:
                break
            if await request.is_disconnected():
                run.cancel()
        result = future.result()
    except _engine_error() as err:
        raise ApiError.from_detail(err.to_dict()) from None
    finally:
        run.cancel()  # a no-op when finished; stops the loop if this task itself was cancelled
        _unregister(run)
    if run.stopped_by == "time_limit":
        raise _time_limit_error(budget)
    return ORJSONBytes(result)


def _sse(event: str, data) -> bytes:
    return f"event: {event}\ndata: ".encode() + to_json(data) + b"\n\n"


STREAM_DOC = """Server-sent events, one per line block (`event:` and `data:` with one JSON object):

* `start` — `{"run_id", "epochs"}`: use the id to pause, resume or cancel (`DELETE /api/v1/train/{run_id}`).
* `progress` — `{"run_id", "epoch", "epochs", "history": [entries since the previous event]}`,
  at most every 0.1 s (every epoch's entry arrives exactly once).
* `result` — the same body as POST /api/v1/train, plus `"cancelled": true` and
  `"stopped_by": "cancel" | "time_limit" | "pause_timeout"` when the run stopped early.
* `error` — `{"detail": {error, message, hint, …}}` if the engine refuses mid-run.

Errors found before the first epoch (bad CSV, work limit…) are answered as plain 400 JSON instead of
a stream. Closing the connection (the page's AbortController) cancels the run."""


@router.post("/stream", responses={200: {"content": {"text/event-stream": {}}, "description": STREAM_DOC},
                                   **TRAIN_ERROR_RESPONSES},
             summary="Train with live progress as server-sent events", description=STREAM_DOC)
async def train_stream(body: TrainRequest, request: Request):
    run = _register(settings_of(request).train_stream_seconds)
    if run is None:
        raise _too_many_runs()
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()
    pending: list = []
    last_sent = -math.inf

    def push(item):
        loop.call_soon_threadsafe(queue.put_nowait, item)

    def on_epoch(entry):  # runs in the training thread
        nonlocal last_sent
        pending.append(entry)
        now = time.monotonic()
        if now - last_sent >= PROGRESS_INTERVAL:
            last_sent = now
            push(("progress", pending.copy()))
            pending.clear()

    def work():
        try:
            result = _train(body.to_engine(), on_epoch, run.should_stop)
            if pending:
                push(("progress", pending.copy()))
            push(("result", result))
        except _engine_error() as err:
            push(("error", {"detail": err.to_dict()}))
        except Exception:  # an engine bug: log it, tell the page plainly, keep the server up
            log.exception("training run %s failed", run.id)
            push(("error", {"detail": {"error": "InternalError", "message": "Training failed unexpectedly.",
                                       "hint": "Please report this with the settings you used."}}))
        finally:
            _unregister(run)  # a finished run can no longer be paused or cancelled

    run.last_read = time.monotonic()
    loop.run_in_executor(_executor, work)
    try:
        first = await queue.get()
    except BaseException:  # this request was cancelled before the stream began
        run.cancel()
        raise
    if first[0] == "error":
        return ORJSONBytes(first[1], status_code=400)

    epochs = body.epochs

    async def events():
        try:
            yield _sse("start", {"run_id": run.id, "epochs": epochs})
            item = first
            while True:
                kind, data = item
                if kind == "progress":
                    yield _sse("progress", {"run_id": run.id, "epoch": data[-1].get("epoch"),
                                            "epochs": epochs, "history": data})
                elif kind == "result":
                    if run.stopped_by:
                        data = {**data, "cancelled": True, "stopped_by": run.stopped_by}
                    yield _sse("result", data)
                    return
                else:
                    yield _sse("error", data)
                    return
                while True:
                    run.last_read = time.monotonic()
                    try:
                        item = await asyncio.wait_for(queue.get(), HEARTBEAT_SECONDS)
                        break
                    except asyncio.TimeoutError:
                        yield b": still training\n\n"
        finally:
            # Reached on completion and also when the client disconnects (the generator is closed
            # or cancelled): either way the loop must not keep a core busy for nobody.
            run.cancel()
            _unregister(run)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Run-Id": run.id,
                                      "X-Accel-Buffering": "no"})


def _find(run_id: str) -> Run | None:
    with _runs_lock:
        return _runs.get(run_id)


def _no_run(run_id: str) -> ApiError:
    return ApiError(404, "NoSuchRun", f"No training run with id {run_id[:40]!r} is going.",
                    "It may have finished already; start a new one with POST /api/v1/train/stream.",
                    code="no_such_run", params={"run_id": run_id[:40]})


@router.delete("/{run_id}", response_model=RunControl, responses=TRAIN_ERROR_RESPONSES,
               summary="Cancel a streaming run (its stream ends with the result so far)")
async def cancel_run(run_id: str):
    return _control(run_id, lambda run: run.cancel())


@router.post("/{run_id}/pause", response_model=RunControl, responses=TRAIN_ERROR_RESPONSES,
             summary="Hold a streaming run after its current epoch")
async def pause_run(run_id: str):
    def pause(run):
        if not run.cancelled.is_set():      # a cancelled run finishes; pausing it would hold it
            run.running.clear()
    return _control(run_id, pause)


@router.post("/{run_id}/resume", response_model=RunControl, responses=TRAIN_ERROR_RESPONSES,
             summary="Continue a paused run exactly where it stopped")
async def resume_run(run_id: str):
    return _control(run_id, lambda run: run.running.set())


def _control(run_id: str, act):
    """Cancel, pause or resume: the run's new state, or 404 when there is no such run."""
    run = _find(run_id)
    if run is None:
        raise _no_run(run_id)
    act(run)
    return {"run_id": run.id, "state": run.state}


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
    return ORJSONBytes(await run_engine(request, _step, payload, epoch, batch))
