"""Load test with wrk (Debian's `wrk`, a C load generator that is not the bottleneck): requests/s and
latency of the textbook request next to /healthz on the same server, and what one machine serves.

Two modes, each starting (and stopping) its own server on 127.0.0.1:

* default: one server process (`BACKPROP_WORKERS=1`), 16 keep-alive connections. Scenarios: `GET
  /healthz`; the textbook program of figure 6.15 with a different value of `a` in every request
  ("uncached": the engine runs for each one; the verdict, target at least 0.35 × /healthz); the same
  request repeated (answered from the answer cache); figure 6.18's network. They take turns in short
  rounds, so a burst of other work on this shared machine falls on all of them alike.
* `--machine`: the server as deployed (`BACKPROP_WORKERS` = CPU cores): uncached textbook requests/s
  with 64 connections, and N training streams at once (the run the training lab opens with): how long
  each takes, how many are refused, and how slow /healthz gets meanwhile.

usage: python benchmarks/load_test.py [--seconds 5] [--rounds 5] [--machine] [--streams 1,4,8] [--json]
"""
from __future__ import annotations

import argparse
import concurrent.futures
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.live_server import free_port, serving  # noqa: E402

HOST = "127.0.0.1"  # loopback only, never another address
TARGET = 0.35  # issue 10: uncached textbook throughput / /healthz throughput on the same server
TEXTBOOK = {"source": "d = 2*b\ne = a + d\nL = c*e", "values": {"a": 3, "b": 1, "c": -2}}
FIGURE_6_18 = {"input_size": 2, "layers": [{"units": 2, "activation": "relu"}, {"units": 1, "activation": "sigmoid"}],
               "loss": "bce", "x": [1.0, 2.0], "y": 1, "view": "scalar",
               "weights": {"W1": [[0.5, -0.3], [0.2, 0.4]], "b1": [0.1, -0.1], "W2": [[0.7, -0.5]], "b2": [0.2]}}
# The run the training lab opens with (static/js/training/config.js DEFAULTS): the spiral, 2-16-16-1 tanh,
# Adam at 0.03, mini-batches of 32, 300 epochs.
TRAIN_RUN = {"input_size": 2, "layers": [{"units": 16, "activation": "tanh"}, {"units": 16, "activation": "tanh"},
                                         {"units": 1, "activation": "sigmoid"}],
             "loss": "bce", "init": "xavier", "dataset": {"name": "spiral", "n": 200, "noise": 0.1, "seed": 0},
             "optimizer": {"name": "adam", "lr": 0.03}, "epochs": 300, "batch_size": 32, "normalize": True,
             "dev_fraction": 0.2, "seed": 0}

# One Lua script for every scenario: a fixed request, or (UNCACHED) the textbook program with `a` taken
# from a counter, distinct across wrk's threads, so that no request is ever answered from the cache.
LUA = r"""
wrk.method = METHOD
wrk.headers["Content-Type"] = "application/json"
wrk.body = BODY
local counter = 0
function setup(thread) thread:set("offset", counter * 1000000); counter = counter + 1 end
function init(args) n = offset end
if UNCACHED then
  request = function()
    n = n + 1
    return wrk.format(nil, nil, nil, string.format(
      '{"source":"d = 2*b\\ne = a + d\\nL = c*e","values":{"a":%d.5,"b":1,"c":-2}}', n))
  end
end
"""


def lua_script(method: str, body: dict | None, uncached: bool) -> str:
    return (f"METHOD = {json.dumps(method)}\nBODY = {json.dumps(json.dumps(body)) if body else 'nil'}\n"
            f"UNCACHED = {'true' if uncached else 'false'}\n" + LUA)


def wrk(url: str, script: Path, seconds: float, connections: int, threads: int = 1) -> dict:
    """Runs wrk once: requests, seconds, non-2xx count and latency percentiles (ms)."""
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--latency", "-s", str(script),
                          url], capture_output=True, text=True, check=True).stdout
    requests, elapsed = re.search(r"(\d+) requests in ([\d.]+)(m?s)", out).group(1, 2)
    elapsed = float(elapsed) / (1000 if re.search(r"requests in [\d.]+ms", out) else 1)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)

    def percentile(p):
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)", out, re.M).group(1, 2)
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {"requests": int(requests), "seconds": elapsed, "non_2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": errors.group(1) if errors else "", "p50_ms": percentile(50), "p99_ms": percentile(99)}


class Scenario:
    def __init__(self, name, method, path, body, uncached, directory: Path):
        self.name, self.endpoint = name, f"{method} {path}"
        self.path = path
        self.script = directory / (re.sub(r"\W+", "_", name) + ".lua")
        self.script.write_text(lua_script(method, body, uncached))
        self.runs: list[dict] = []

    def run(self, base: str, seconds: float, connections: int) -> None:
        self.runs.append(wrk(base + self.path, self.script, seconds, connections))

    def figures(self) -> dict:
        requests = sum(r["requests"] for r in self.runs)
        seconds = sum(r["seconds"] for r in self.runs)
        return {"scenario": self.name, "endpoint": self.endpoint, "requests": requests,
                "requests_per_second": round(requests / seconds, 1),
                "p50_ms": round(sorted(r["p50_ms"] for r in self.runs)[len(self.runs) // 2], 2),
                "p99_ms": round(max(r["p99_ms"] for r in self.runs), 2),
                "non_2xx": sum(r["non_2xx"] for r in self.runs)}


def server(workers: int):
    port = free_port()
    env = {"BACKPROP_HOST": HOST, "BACKPROP_PORT": str(port), "BACKPROP_WORKERS": str(workers),
           "BACKPROP_ALLOWED_HOSTS": HOST}
    return serving([sys.executable, "-m", "app"], port, env)


def ratio_run(args) -> dict:
    """One server process: health, uncached, cached, figure 6.18, taking turns."""
    with tempfile.TemporaryDirectory() as tmp, server(workers=1) as base:
        scenarios = [Scenario("health", "GET", "/healthz", None, False, Path(tmp)),
                     Scenario("textbook, uncached", "POST", "/api/v1/graph", TEXTBOOK, True, Path(tmp)),
                     Scenario("textbook, repeated", "POST", "/api/v1/graph", TEXTBOOK, False, Path(tmp)),
                     Scenario("figure 6.18, repeated", "POST", "/api/v1/network", FIGURE_6_18, False, Path(tmp))]
        for scenario in scenarios:  # warm-up, and proof each answers 200 before it is timed
            scenario.run(base, 1, args.connections)
            scenario.runs.clear()
        for _ in range(args.rounds):
            for scenario in scenarios:
                scenario.run(base, args.seconds / args.rounds, args.connections)
        results = [s.figures() for s in scenarios]
    ratio = results[1]["requests_per_second"] / results[0]["requests_per_second"]
    return {"mode": "one server process", "connections": args.connections, "results": results,
            "uncached_to_health": round(ratio, 3)}


def post(port: int, path: str, body: dict, timeout: float = 600) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def probe(port: int) -> float:
    start = time.monotonic()
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    connection.request("GET", "/healthz")
    connection.getresponse().read()
    connection.close()
    return time.monotonic() - start


def training_streams(port: int, streams: int) -> dict:
    """`streams` runs of TRAIN_RUN at once through /train/stream: seconds each took, refusals, and the
    slowest /healthz probe meanwhile."""
    def one(i):
        start = time.monotonic()
        status, body = post(port, "/api/v1/train/stream", {**TRAIN_RUN, "seed": i})
        return status, time.monotonic() - start, b"event: result" in body

    with concurrent.futures.ThreadPoolExecutor(streams + 1) as pool:
        futures = [pool.submit(one, i) for i in range(streams)]
        probes = []
        while not all(f.done() for f in futures):
            probes.append(probe(port))
            time.sleep(0.1)
        outcomes = [f.result() for f in futures]
    done = [seconds for status, seconds, finished in outcomes if status == 200 and finished]
    return {"streams": streams, "finished": len(done), "refused": sum(1 for s, _, _ in outcomes if s == 429),
            "slowest_seconds": round(max(done), 2) if done else None,
            "median_seconds": round(sorted(done)[len(done) // 2], 2) if done else None,
            "slowest_healthz_ms": round(1000 * max(probes), 1) if probes else None}


def machine_run(args) -> dict:
    """The server as deployed on this machine: one process per core."""
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp, server(workers=workers) as base:
        port = int(base.rsplit(":", 1)[1])
        uncached = Scenario("textbook, uncached", "POST", "/api/v1/graph", TEXTBOOK, True, Path(tmp))
        uncached.run(base, 1, 64)
        uncached.runs.clear()
        uncached.run(base, args.seconds, 64)
        graph = uncached.figures()
        streams = [training_streams(port, n) for n in args.streams]
    return {"mode": f"{workers} server processes (BACKPROP_WORKERS = CPU cores)", "graph": graph,
            "training_streams": streams}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="per scenario (default 5)")
    parser.add_argument("--rounds", type=int, default=5, help="scenarios take turns in this many rounds")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--machine", action="store_true", help="measure the deployed server instead")
    parser.add_argument("--streams", default="1,4,8", help="--machine: concurrent training streams to try")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    args.streams = [int(n) for n in args.streams.split(",")]
    if not (0 < args.seconds <= 60 and 0 < args.rounds <= 60 and 0 < args.connections <= 256
            and all(0 < n <= 64 for n in args.streams)):
        parser.error("keep it bounded: seconds (0, 60], rounds (0, 60], connections (0, 256], streams (0, 64]")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed (Debian: apt-get install wrk)")

    figures = machine_run(args) if args.machine else ratio_run(args)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    if args.machine:
        g = figures["graph"]
        print(f"{figures['mode']}, 64 connections: uncached textbook {g['requests_per_second']:.0f} req/s, "
              f"p50 {g['p50_ms']} ms, p99 {g['p99_ms']} ms, non-2xx {g['non_2xx']}")
        for s in figures["training_streams"]:
            print(f"{s['streams']:>3} training streams at once: {s['finished']} finished, {s['refused']} refused (429), "
                  f"median {s['median_seconds']} s, slowest {s['slowest_seconds']} s, "
                  f"slowest /healthz meanwhile {s['slowest_healthz_ms']} ms")
        return 0
    print(f"one server process, {args.connections} connections, {args.seconds:g} s per scenario in "
          f"{args.rounds} round(s), wrk on 127.0.0.1")
    print(f"{'scenario':<24}{'endpoint':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'requests':>10}{'non-2xx':>9}")
    for r in figures["results"]:
        print(f"{r['scenario']:<24}{r['endpoint']:<22}{r['requests_per_second']:>9.0f}{r['p50_ms']:>9.2f}"
              f"{r['p99_ms']:>9.2f}{r['requests']:>10}{r['non_2xx']:>9}")
    ratio = figures["uncached_to_health"]
    print(f"uncached / health throughput = {ratio:.2f} ({'meets' if ratio >= TARGET else 'MISSES'} the target "
          f"of at least {TARGET})")
    return 0 if ratio >= TARGET and not any(r["non_2xx"] for r in figures["results"]) else 1


if __name__ == "__main__":
    sys.exit(main())
