"""Issue 15 item 1 with real processes: uvicorn with 2 workers, no sticky sessions. A streamed run is
stopped at a checkpoint and resumed three times (each resume on whichever worker takes the new
connection) and ends bit-identical to the uninterrupted run; forged and mismatched checkpoints are
refused with 400/422."""
import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUEST = {"input_size": 2, "layers": [{"units": 6, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}],
           "loss": "bce", "init": "xavier", "dataset": {"name": "moons", "n": 120, "noise": 0.2, "seed": 1},
           "optimizer": {"name": "adam", "lr": 0.02}, "epochs": 300, "batch_size": 16, "dropout": 0.1,
           "dev_fraction": 0.2, "normalize": True, "seed": 4}


@pytest.fixture(scope="module")
def server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "BACKPROP_ALLOWED_HOSTS": "127.0.0.1,localhost", "BACKPROP_ENGINE_PROCESSES": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port), "--workers", "2",
                             "--log-level", "warning"], cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("uvicorn with 2 workers did not start")
        time.sleep(0.2)
    yield port
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def stream(port, body, stop_after=None):
    """(status, events) of POST /api/v1/train/stream on a new connection; with stop_after, the
    connection is closed after that many progress events (the page's pause)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("POST", "/api/v1/train/stream", json.dumps(body), {"Content-Type": "application/json"})
    r = c.getresponse()
    if r.status != 200:
        return r.status, json.loads(r.read())
    events, name, data = [], None, []
    for raw in r:
        line = raw.decode().rstrip("\r\n")
        if line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())
        elif line == "" and data:
            events.append((name, json.loads("".join(data))))
            data = []
            if stop_after and sum(n == "progress" for n, _ in events) >= stop_after:
                break
    c.close()
    return 200, events


def test_stopped_and_resumed_three_times_on_any_worker_ends_bit_identical(server):
    status, events = stream(server, REQUEST)
    assert status == 200
    whole = events[-1][1]
    resume = None
    for _ in range(3):   # paced so the stops land mid-run; pace is not part of the fingerprint
        body = {**REQUEST, "pace": 150, **({"resume_from": resume} if resume else {})}
        status, events = stream(server, body, stop_after=2)
        assert status == 200
        before = resume["epoch"] if resume else 0
        assert events[0] == ("start", {"epoch": before, "epochs": 300, "pace": 150})
        resume = [d for n, d in events if n == "progress"][-1]["checkpoint"]
        assert before < resume["epoch"] < 300
    status, events = stream(server, {**REQUEST, "resume_from": resume})
    result = events[-1][1]
    assert events[-1][0] == "result" and result["epoch"] == 300
    assert result["parameters"] == whole["parameters"]           # bit for bit: JSON floats round-trip
    assert result["checkpoint"] == whole["checkpoint"]           # optimiser state and generators too
    assert result["history"] == whole["history"][resume["epoch"]:]


def test_forged_and_mismatched_checkpoints_are_refused(server):
    _, events = stream(server, {**REQUEST, "epochs": 5})
    checkpoint = events[-1][1]["checkpoint"]
    status, answer = stream(server, {**REQUEST, "resume_from": checkpoint, "optimizer": {"name": "adam", "lr": 0.03}})
    assert status == 400 and "optimizer" in answer["detail"]["message"]
    forged = {**checkpoint, "parameters": {**checkpoint["parameters"], "b2": [1e308, 1]}}
    status, answer = stream(server, {**REQUEST, "resume_from": forged})
    assert status == 400 and answer["detail"]["error"] == "CheckpointError"
    status, answer = stream(server, {**REQUEST, "resume_from": {**checkpoint, "epoch": -1}})
    assert status == 422
