"""POST /api/v1/train, /train/stream, /train/data: runs, their checkpoints and resuming from them."""
import json
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.routers import train as train_router
from app.settings import Settings
from engine.networks import training, update

XOR_NET = {"input_size": 2, "layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}],
           "loss": "bce"}


def body(**overrides):
    return {**XOR_NET, "dataset": {"name": "xor", "n": 40, "noise": 0.1, "seed": 1}, "epochs": 20,
            "optimizer": {"name": "adam", "lr": 0.05}, "batch_size": 8, "dev_fraction": 0.25, "seed": 3,
            **overrides}


def sse_events(lines):
    """Parses text/event-stream lines into [(event, data)], ignoring comments (heartbeats)."""
    events, name, data = [], None, []
    for line in lines:
        if line == "":
            if data:
                events.append((name or "message", json.loads("\n".join(data))))
            name, data = None, []
        elif line.startswith(":"):
            continue
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())
    return events


def wait_until(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


# ---------- one-shot training ----------

def test_train_returns_history_parameters_and_boundary_of_the_right_shapes(client):
    r = client.post("/api/v1/train", json=body())
    assert r.status_code == 200, r.text
    out = r.json()
    assert [h["epoch"] for h in out["history"]] == list(range(1, 21))
    for h in out["history"]:
        assert set(h) >= {"epoch", "train_loss", "dev_loss", "train_accuracy", "dev_accuracy"}
        assert isinstance(h["train_loss"], float) and isinstance(h["dev_loss"], float)
        assert 0 <= h["train_accuracy"] <= 1 and 0 <= h["dev_accuracy"] <= 1
    params = out["parameters"]
    assert sorted(params) == ["W1", "W2", "b1", "b2"]
    assert len(params["W1"]["value"]) == 4 and all(len(row) == 2 for row in params["W1"]["value"])
    assert len(params["W2"]["value"]) == 1 and len(params["W2"]["value"][0]) == 4
    assert len(params["b1"]["value"]) == 4
    boundary = out["decision_boundary"]
    grid = boundary["probabilities"]
    assert len(grid) == len(boundary["ys"]) and all(len(row) == len(boundary["xs"]) for row in grid)
    assert all(0 <= p <= 1 for row in grid for p in row)
    assert len(out["data"]["train"]["x"]) == 30 and len(out["data"]["dev"]["x"]) == 10
    assert out["cancelled"] is False


def test_api_answer_is_exactly_the_engine_result(client):
    """The route adds nothing and loses nothing: same numbers as engine.networks.training.train on the same
    request (so the schema's defaults agree with the engine's)."""
    req = body(epochs=7, l2=0.01, dropout=0.2, normalize=True, optimizer={"name": "momentum", "lr": 0.1})
    r = client.post("/api/v1/train", json=req)
    assert r.status_code == 200, r.text
    assert r.json() == json.loads(json.dumps(training.train(req)))


def test_minimal_request_gets_documented_defaults(client):
    """Only the network and data: 100 epochs of full-batch SGD, the same as the engine's defaults."""
    req = {**XOR_NET, "dataset": {"name": "moons", "n": 30}}
    r = client.post("/api/v1/train", json=req)
    assert r.status_code == 200, r.text
    assert len(r.json()["history"]) == 100
    assert r.json() == json.loads(json.dumps(training.train(req)))


def test_training_on_given_x_y_without_2d_inputs_has_no_boundary(client):
    req = {"input_size": 3, "layers": [{"units": 2, "activation": "relu"}, {"units": 1, "activation": "sigmoid"}],
           "loss": "bce", "x": [[0, 0, 1], [1, 0, 0], [0, 1, 1], [1, 1, 0]], "y": [0, 1, 1, 0],
           "weights": {"W1": [[0.1, 0.2, 0.3], [-0.2, 0.1, 0.4]], "b1": [0, 0], "W2": [[0.5, -0.5]], "b2": [0]},
           "epochs": 3}
    r = client.post("/api/v1/train", json=req)
    assert r.status_code == 200, r.text
    assert r.json()["decision_boundary"] is None
    assert len(r.json()["history"]) == 3


def test_loss_falls_when_learning_xor(client):
    r = client.post("/api/v1/train", json=body(epochs=200, dev_fraction=0, batch_size=None))
    history = r.json()["history"]
    assert history[-1]["train_loss"] < 0.5 * history[0]["train_loss"]
    assert history[-1]["dev_loss"] is None


def test_user_csv_trains(client):
    rows = ["x1,x2,label"] + [f"{i % 5},{i % 3},{int(i % 5 > 2)}" for i in range(30)]
    r = client.post("/api/v1/train", json={**XOR_NET, "csv": "\n".join(rows), "epochs": 5})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["header"] == ["x1", "x2", "label"]


# ---------- refused requests ----------

@pytest.mark.parametrize("csv, words", [
    ("1,2,0\n3,4\n5,6,1", "columns"),
    ("1,2,0\n3,abc,1", "not a number"),
    ("", "empty"),
    ("1,2,0\n3,4,0", "single class"),
    ("x1,x2,y", "no data rows"),
])
def test_bad_csv_is_refused_with_a_message(client, csv, words):
    for path in ("/api/v1/train", "/api/v1/train/stream", "/api/v1/train/data"):
        payload = {"csv": csv} if path.endswith("data") else {**XOR_NET, "csv": csv}
        r = client.post(path, json=payload)
        assert r.status_code == 400, (path, r.text)
        detail = r.json()["detail"]
        assert detail["error"] and words in detail["message"].lower(), detail


def test_csv_with_the_wrong_number_of_features_says_what_to_set(client):
    r = client.post("/api/v1/train", json={**XOR_NET, "csv": "1,2,3,0\n4,5,6,1"})
    assert r.status_code == 400
    assert "input_size" in r.json()["detail"]["message"]


def test_work_above_the_limit_is_refused_before_training(client):
    big = {"input_size": 2, "layers": [{"units": 256, "activation": "relu"}, {"units": 256, "activation": "relu"},
                                       {"units": 1, "activation": "sigmoid"}],
           "loss": "bce", "dataset": {"name": "spiral", "n": 2000}, "epochs": 100000}
    started = time.monotonic()
    for path in ("/api/v1/train", "/api/v1/train/stream"):
        r = client.post(path, json=big)
        assert r.status_code == 400, r.text
        detail = r.json()["detail"]
        assert detail["error"] == "LimitError" and "limit" in detail["message"] and detail["hint"]
    assert time.monotonic() - started < 30  # refused up front, not after running


def test_too_many_updates_are_refused(client):
    r = client.post("/api/v1/train", json=body(epochs=100000, batch_size=1,
                                               dataset={"name": "xor", "n": 40}))
    assert r.status_code == 400
    assert "batch_size" in r.json()["detail"]["hint"]


@pytest.mark.parametrize("change", [
    {"layers": []},
    {"layers": [{"units": 0, "activation": "relu"}]},
    {"layers": [{"units": 257, "activation": "relu"}, {"units": 1, "activation": "sigmoid"}]},
    {"layers": [{"units": 2, "activation": "relu"}] * 10},
    {"layers": [{"units": 2, "activation": "swish"}]},
    {"loss": "hinge"},
    {"epochs": 0},
    {"epochs": 100001},
    {"epochs": 2.5},
    {"batch_size": 0},
    {"batch_size": 5001},  # training.MAX_BATCH_SIZE + 1
    {"seed": 2**53},   # netspec.MAX_SEED + 1
    {"dataset": {"name": "xor", "n": 40, "seed": 2**53}},
    {"dropout": 1.0},
    {"dev_fraction": 1},
    {"optimizer": {"name": "rmsprop"}},
    {"optimizer": {"name": "sgd", "lr": -1}},
    {"optimizer": {"name": "sgd", "learning_rate": 0.1}},
    {"dataset": {"name": "mnist", "n": 10}},
    {"dataset": {"name": "xor", "n": 3}},
    {"csv": "1,2,0\n3,4,1"},  # two data sources
    {"x": [[1, 2]]},  # x without y, and a dataset besides
    {"surprise": 1},
    {"seed": -1},
    {"normalize": "yes"},
])
def test_schema_errors_are_422(client, change):
    r = client.post("/api/v1/train", json=body(**change))
    assert r.status_code == 422, (change, r.text)
    assert isinstance(r.json()["detail"], list) and r.json()["detail"][0]["msg"]


def test_missing_data_and_non_json_are_422(client):
    assert client.post("/api/v1/train", json=XOR_NET).status_code == 422
    r = client.post("/api/v1/train", content=b'{"input_size": NaN}', headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    r = client.post("/api/v1/train/stream", content=b"not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422


def test_shape_errors_from_the_engine_are_400(client):
    r = client.post("/api/v1/train", json={**XOR_NET, "x": [[1, 2, 3]], "y": [1]})
    assert r.status_code == 400
    assert r.json()["detail"]["message"]
    r = client.post("/api/v1/train", json={**XOR_NET, "input_size": 3, "dataset": {"name": "xor"}})
    assert r.status_code == 400 and "input_size" in r.json()["detail"]["message"]


def test_over_the_time_budget_answers_400():
    app = create_app(Settings(time_budget_seconds=0.3, allowed_hosts=("testserver",)))
    with TestClient(app, raise_server_exceptions=False) as c:
        started = time.monotonic()
        r = c.post("/api/v1/train", json=body(epochs=50000, batch_size=None, dataset={"name": "spiral", "n": 400}))
        assert r.status_code == 400, r.text
        assert r.json()["detail"]["error"] == "TimeBudgetExceeded" and "stream" in r.json()["detail"]["hint"]
        # slices of at most SLICE_SECONDS: the answer comes soon after the budget, not at the end of the run
        assert time.monotonic() - started < 5   # the whole run would take ~15 s


def test_a_full_worker_pool_answers_429_with_retry_after(client, monkeypatch):
    pool = train_router.pool_of(type("R", (), {"app": client.app})())
    monkeypatch.setattr(pool, "capacity", 0)
    for path in ("/api/v1/train", "/api/v1/train/stream"):
        r = client.post(path, json=body())
        assert r.status_code == 429, r.text
        assert int(r.headers["retry-after"]) > 0 and r.json()["detail"]["hint"]


def test_the_run_registry_and_its_routes_are_gone(client):
    assert not hasattr(train_router, "_runs")
    for method, path in (("DELETE", "/api/v1/train/abc"), ("POST", "/api/v1/train/abc/pause"),
                         ("POST", "/api/v1/train/abc/resume")):
        assert client.request(method, path).status_code == 404


def test_a_pace_the_budget_cannot_hold_is_refused_on_train_but_not_on_stream(client):
    r = client.post("/api/v1/train", json=body(epochs=1000, pace=10))
    assert r.status_code == 400 and "stream" in r.json()["detail"]["hint"]
    r = client.post("/api/v1/train", json=body(epochs=10, pace=100))
    assert r.status_code == 200 and len(r.json()["history"]) == 10


# ---------- streaming ----------

def test_stream_sends_start_then_every_epoch_then_the_result(client):
    with client.stream("POST", "/api/v1/train/stream", json=body(epochs=30)) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        events = sse_events(r.iter_lines())
    names = [name for name, _ in events]
    assert names[0] == "start" and names[-1] == "result"
    assert set(names[1:-1]) == {"progress"}
    assert events[0][1] == {"epoch": 0, "epochs": 30, "pace": None}
    streamed = [h for name, data in events if name == "progress" for h in data["history"]]
    result = events[-1][1]
    assert [h["epoch"] for h in streamed] == list(range(1, 31))
    assert streamed == result["history"]
    assert result["history"] == json.loads(json.dumps(training.train(body(epochs=30))))["history"]
    assert "W1" in result["parameters"] and result["decision_boundary"]["xs"]
    assert result["cancelled"] is False and "stopped_by" not in result
    last = events[-2][1]
    assert last["epoch"] == 30 and last["boundary"] == result["decision_boundary"]
    assert last["checkpoint"] == result["checkpoint"] and last["checkpoint"]["epoch"] == 30
    assert [len(layer) for layer in last["neurons"]["layers"]] == [4]
    assert set(last["gradients"]) == {"W1", "b1", "W2", "b2"}


def progress_events(client, request, stop_after=None):
    """The stream's events; with stop_after, the client hangs up after that many progress events."""
    events = []
    with client.stream("POST", "/api/v1/train/stream", json=request) as r:
        assert r.status_code == 200, r.read()
        buffer = []
        for line in r.iter_lines():
            buffer.append(line)
            if line == "" and len(buffer) > 1:
                events += sse_events(buffer)
                buffer = []
                if stop_after and sum(name == "progress" for name, _ in events) >= stop_after:
                    break
    return events


def test_a_run_stopped_at_checkpoints_and_resumed_three_times_ends_bit_identical(client):
    request = body(epochs=400, dropout=0.2)
    whole = progress_events(client, request)[-1][1]
    resume, history = None, []
    for _ in range(3):   # paced, so each stop lands mid-run; pace is not part of the fingerprint
        events = progress_events(client, {**request, "pace": 100, **({"resume_from": resume} if resume else {})},
                                 stop_after=1)
        progress = [data for name, data in events if name == "progress"]
        resume = progress[-1]["checkpoint"]
        history = [h for h in history if h["epoch"] <= (progress[0]["epoch"] - len(progress[0]["history"]))]
        history += [h for p in progress for h in p["history"]]
    assert 0 < resume["epoch"] < 400
    end = progress_events(client, {**request, "resume_from": resume})
    result = end[-1][1]
    assert end[0][1]["epoch"] == resume["epoch"]
    assert result["parameters"] == whole["parameters"] and result["checkpoint"] == whole["checkpoint"]
    history = [h for h in history if h["epoch"] <= resume["epoch"]] + result["history"]
    assert history == whole["history"]


def test_a_paced_stream_takes_its_time_and_sends_the_boundary_at_least_every_half_second(client):
    started = time.monotonic()
    arrivals, events = [], []
    with client.stream("POST", "/api/v1/train/stream", json=body(epochs=150, pace=60)) as r:
        buffer = []
        for line in r.iter_lines():
            buffer.append(line)
            if line == "" and len(buffer) > 1:
                for name, data in sse_events(buffer):
                    events.append((name, data))
                    if name == "start":
                        trained_from = time.monotonic()   # training starts with the start event
                    if name == "progress":
                        arrivals.append(time.monotonic())
                        assert data["boundary"]["probabilities"] and data["checkpoint"]["epoch"] == data["epoch"]
                buffer = []
    took = time.monotonic() - started
    assert 150 / 60 - 0.1 <= took < 150 / 60 + 2
    gaps = [b - a for a, b in zip([trained_from] + arrivals, arrivals)]
    assert len(arrivals) >= 5 and max(gaps) <= 0.5, gaps
    assert events[-1][0] == "result" and len(events[-1][1]["history"]) == 150


def test_closing_the_stream_stops_the_run(client):
    pool = train_router.pool_of(type("R", (), {"app": client.app})())
    progress_events(client, body(epochs=100000, batch_size=None, dataset={"name": "spiral", "n": 200}), stop_after=1)
    # at most the slice running when the client left finishes; no slice starts after it
    assert wait_until(lambda: pool._in_use == 0, 5 * train_router.SLICE_SECONDS + 2)
    time.sleep(2 * train_router.SLICE_SECONDS)
    assert pool._in_use == 0


def test_checkpoints_of_another_run_are_400_and_malformed_ones_422(client):
    events = progress_events(client, body(epochs=6))
    checkpoint = events[-1][1]["checkpoint"]
    r = client.post("/api/v1/train/stream", json=body(epochs=6, optimizer={"name": "sgd", "lr": 0.5},
                                                       resume_from=checkpoint))
    assert r.status_code == 400 and r.json()["detail"]["error"] == "CheckpointError"
    assert "optimizer" in r.json()["detail"]["message"] and r.json()["detail"]["hint"]
    r = client.post("/api/v1/train", json=body(epochs=6, resume_from=checkpoint))
    assert r.status_code == 400 and "nothing would be left" in r.json()["detail"]["message"]
    forged = {**checkpoint, "parameters": {**checkpoint["parameters"], "W1": [[1.0, 2.0]]}}
    r = client.post("/api/v1/train", json=body(epochs=9, resume_from=forged))
    assert r.status_code == 400 and "shape" in r.json()["detail"]["message"]
    for bad in ({**checkpoint, "epoch": "3"}, {**checkpoint, "surprise": 1}, {**checkpoint, "format": "x"},
                {**checkpoint, "rng": {"shuffle": checkpoint["rng"]["shuffle"]}}, "checkpoint"):
        r = client.post("/api/v1/train", json=body(epochs=9, resume_from=bad))
        assert r.status_code == 422, bad
    r = client.post("/api/v1/train", json=body(epochs=9, resume_from=checkpoint))
    assert r.status_code == 200 and [h["epoch"] for h in r.json()["history"]] == [7, 8, 9]


# ---------- data for the scatter plot ----------

def test_data_endpoint_gives_the_points_training_uses(client):
    r = client.post("/api/v1/train/data", json={"dataset": {"name": "spiral", "n": 50, "seed": 2}})
    assert r.status_code == 200
    data = r.json()
    assert len(data["x"]) == 50 and all(len(p) == 2 for p in data["x"]) and data["features"] == 2
    assert data["labels"] == [0, 1]
    trained = client.post("/api/v1/train", json={**XOR_NET, "dataset": {"name": "spiral", "n": 50, "seed": 2},
                                                 "epochs": 1}).json()["data"]
    points = {tuple(p) for part in ("train", "dev") for p in trained[part]["x"]}
    assert points == {tuple(p) for p in data["x"]}


def test_data_endpoint_reads_csv_with_header(client):
    r = client.post("/api/v1/train/data", json={"csv": "a;b;c;label\n1;2;3;0\n4;5;6;2\n7;8;9;1"})
    assert r.status_code == 200
    assert r.json()["header"] == ["a", "b", "c", "label"] and r.json()["features"] == 3
    assert r.json()["labels"] == [0, 1, 2]
    assert client.post("/api/v1/train/data", json={}).status_code == 422


def test_openapi_documents_the_training_endpoints_with_examples(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/v1/train", "/api/v1/train/stream", "/api/v1/train/data", "/api/v1/train/step"):
        assert path in spec["paths"], path
    assert not [p for p in spec["paths"] if "run_id" in p]
    schemas = spec["components"]["schemas"]
    assert "TrainRequest" in schemas and "TrainResponse" in schemas and "Checkpoint" in schemas
    assert set(schemas["TrainRequest"]["properties"]) >= {"pace", "resume_from"}
    assert schemas["TrainRequest"].get("examples")
    assert "text/event-stream" in spec["paths"]["/api/v1/train/stream"]["post"]["responses"]["200"]["content"]


# ---------- one update ("show this update") ----------

def test_step_shows_one_update_with_its_graph_masks_and_table(client):
    req = body(epochs=3, dropout=0.5)
    r = client.post("/api/v1/train/step", json={**req, "epoch": 1, "batch": 2})
    assert r.status_code == 200, r.text
    out = r.json()
    assert (out["epoch"], out["batch"], out["batches"]) == (1, 2, 4)  # 30 training samples, batches of 8
    assert len(out["samples"]) == 8
    assert list(out["masks"]) == ["mask1"]
    assert {v for row in out["masks"]["mask1"] for v in row} <= {0.0, 2.0}  # inverted dropout, 1/(1−p)
    ids = {n["id"] for n in out["graph"]["nodes"]}
    assert {"x", "W1", "b1", "z1", "a1", "mask1", "W2", "L"} <= ids
    assert out["graph"]["nodes"][-1]["value"] == pytest.approx(out["loss"], rel=1e-12)
    table = {row["parameter"]: row for row in out["table"]}
    assert sorted(table) == ["W1", "W2", "b1", "b2"]
    for name, row in table.items():
        # The graph's gradients are the table's, and Adam moved every entry by new − old.
        assert _flat(out["graph"]["parameters"][name]["grad"]) == pytest.approx(_flat(row["grad"]), rel=1e-9, abs=1e-12)
        for old, new, upd in zip(_flat(row["value"]), _flat(row["new_value"]), _flat(row["update"])):
            assert new - old == pytest.approx(upd, abs=1e-12)
    assert out == json.loads(json.dumps(update.step_view(req, 1, 2)))


def _flat(v):
    return [x for item in v for x in _flat(item)] if isinstance(v, list) else [v]


def test_step_outside_the_run_is_400_and_negative_is_422(client):
    r = client.post("/api/v1/train/step", json={**body(epochs=2), "epoch": 2, "batch": 0})
    assert r.status_code == 400 and "epoch" in r.json()["detail"]["message"]
    r = client.post("/api/v1/train/step", json={**body(epochs=2), "epoch": 0, "batch": 99})
    assert r.status_code == 400 and "batch" in r.json()["detail"]["message"]
    assert client.post("/api/v1/train/step", json={**body(), "epoch": -1}).status_code == 422


def test_the_schemas_bounds_are_the_engines_constants(client):
    """The training schema states the engine's own limits (the engine refuses the same values with its
    own messages), not copies of them; the OpenAPI document, which the page's form reads, carries them."""
    from app.schemas.train import Dataset, Optimizer, TrainRequest
    from engine.networks import datasets, netspec, optim

    def bound(model, field, kind):
        return next(getattr(c, kind) for c in model.model_fields[field].metadata if hasattr(c, kind))

    assert bound(TrainRequest, "epochs", "le") is training.MAX_EPOCHS
    assert bound(TrainRequest, "l2", "le") is training.MAX_L2
    assert bound(TrainRequest, "input_size", "le") is netspec.MAX_UNITS
    assert bound(Optimizer, "lr", "le") is optim.MAX_LR
    assert bound(Dataset, "n", "ge") == datasets.MIN_DATASET_POINTS  # (4: a small int, `is` cannot tell a copy)
    assert "MIN_DATASET_POINTS" in Path("app/schemas/train.py").read_text(encoding="utf-8")
    assert bound(Dataset, "n", "le") is datasets.MAX_DATASET_POINTS
    assert bound(TrainRequest, "batch_size", "le") is training.MAX_BATCH_SIZE
    assert bound(TrainRequest, "seed", "le") is netspec.MAX_SEED
    assert bound(Dataset, "seed", "le") is netspec.MAX_SEED
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert schemas["TrainRequest"]["properties"]["batch_size"]["anyOf"][0]["maximum"] == training.MAX_BATCH_SIZE
    assert schemas["TrainRequest"]["properties"]["seed"]["maximum"] == netspec.MAX_SEED
    assert schemas["Dataset"]["properties"]["seed"]["maximum"] == netspec.MAX_SEED
    assert schemas["TrainRequest"]["properties"]["epochs"]["maximum"] == training.MAX_EPOCHS
    assert schemas["TrainRequest"]["properties"]["l2"]["maximum"] == training.MAX_L2
    assert schemas["Dataset"]["properties"]["n"]["minimum"] == datasets.MIN_DATASET_POINTS


def test_the_optimizer_schema_states_the_engines_defaults(client):
    """The page's training form fills in each optimiser's defaults from the schema's x-defaults (it had
    its own copy); the description says the same for /docs, and a request that leaves them out gets them."""
    from engine.networks import optim
    schema = client.get("/openapi.json").json()["components"]["schemas"]["Optimizer"]
    assert schema["x-defaults"] == optim.DEFAULTS
    assert "adam: lr 0.001, beta1 0.9, beta2 0.999, eps 1e-08" in schema["description"]
    for name, settings in optim.DEFAULTS.items():
        assert optim.make_optimizer({"name": name}).settings() == settings


def test_the_engine_refuses_what_the_schema_does_with_its_own_words():
    """batch_size and the seeds are bounded by the engine (the schema only states its constants): a
    script calling the engine directly meets the same limits."""
    from engine.core.errors import EngineError
    from engine.networks import datasets, netspec
    with pytest.raises(EngineError, match="batch_size"):
        training.train(body(batch_size=training.MAX_BATCH_SIZE + 1, epochs=1))
    with pytest.raises(EngineError, match="dataset seed"):
        datasets.generate({"name": "xor", "n": 10, "seed": netspec.MAX_SEED + 1})
    assert datasets.generate({"name": "xor", "n": 10, "seed": netspec.MAX_SEED})[0].shape == (10, 2)


@pytest.mark.parametrize("sent, used", [
    ({"name": "adam", "lr": 0.05}, {"name": "adam", "lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}),
    ({"name": "momentum", "momentum": 0.5}, {"name": "momentum", "lr": 0.1, "momentum": 0.5}),
    ({"name": "sgd", "beta1": 0.3}, {"name": "sgd", "lr": 0.1}),  # settings sgd does not use are not said to be used
    (None, {"name": "sgd", "lr": 0.1}),
])
def test_the_answer_says_which_optimizer_settings_the_run_used(client, sent, used):
    """A script author sees the settings the run used, the ones left out filled with the defaults;
    the stream's result says the same."""
    req = {k: v for k, v in body(epochs=2, optimizer=sent).items() if v is not None}
    r = client.post("/api/v1/train", json=req)
    assert r.status_code == 200, r.text
    assert r.json()["optimizer"] == used
    with client.stream("POST", "/api/v1/train/stream", json=req) as streamed:
        events = sse_events(streamed.iter_lines())
    assert events[-1][0] == "result" and events[-1][1]["optimizer"] == used
