"""Lighthouse 12 (mobile defaults: simulated slow 4G and a 4x slower CPU) on the page's three views,
against a uvicorn started from this checkout. Not a test: it prints the scores for docs/benchmarks.md.

Usage: .venv/bin/python benchmarks/bench_lighthouse.py [--runs 1]
Needs npm (lighthouse@12 is installed once into ~/.cache/backprop-lighthouse) and a Chromium
(/usr/bin/chromium, or CHROME_PATH). Targets (issue 11): performance >= 0.9, accessibility 1.0 and best
practices 1.0 on each view. The JSON reports are left in /tmp/lighthouse-<view>.json.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_browser import start_server  # noqa: E402  (the same throwaway server as the browser benchmark)

CACHE = Path.home() / ".cache" / "backprop-lighthouse"
LIGHTHOUSE = CACHE / "node_modules" / ".bin" / "lighthouse"
VIEWS = (("explorer", "/"), ("training", "/?view=training"), ("practice", "/?view=practice"))
TARGETS = {"performance": 0.9, "accessibility": 1.0, "best-practices": 1.0}


def run(url: str, out: Path) -> dict:
    for _ in range(3):  # Chromium's trace sometimes misses the navigation start (NO_NAVSTART): retry
        subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                        "--only-categories=performance,accessibility,best-practices",
                        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"],
                       env=dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium")),
                       check=False, capture_output=True)
        report = json.loads(out.read_text())
        if report["categories"]["performance"]["score"] is not None:
            return report
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per view; the median score is printed")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        if not shutil.which("npm"):
            print("bench_lighthouse: npm not found, skipped")
            return
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "lighthouse@12"], cwd=CACHE, check=True)
    proc, base = start_server()
    try:
        for name, path in VIEWS:
            reports = [run(base + path, Path(f"/tmp/lighthouse-{name}.json")) for _ in range(args.runs)]
            scores = {c: statistics.median(r["categories"][c]["score"] for r in reports) for c in TARGETS}
            audits = reports[-1]["audits"]
            metrics = ", ".join(f"{k} {audits[k]['displayValue']}" for k in
                                ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"))
            ok = all(scores[c] >= t for c, t in TARGETS.items())
            print(f"{name:9s} performance {scores['performance']:.2f}, accessibility {scores['accessibility']:.2f}, "
                  f"best practices {scores['best-practices']:.2f} ({metrics})  {'OK' if ok else 'MISSED'}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
