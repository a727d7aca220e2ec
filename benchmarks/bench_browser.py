"""Browser benchmark of the explorer page (not a test: it prints figures for the README).

In headless Chromium against a live uvicorn on loopback:
1. A ~2,000-node computation graph is laid out and drawn by the explorer; the same browser then draws
   a static SVG with as many nodes (same elements per node, same edges) from markup. Both times run
   from the start of the work to the first paint after it. Target: explorer ≤ 4× static.
2. Playback: the timeline plays at its fastest speed while requestAnimationFrame timestamps are
   recorded. Target: ≥ 30 frames/s, on figure 6.15 (animated) and on the 2,000-node graph (drawn as
   ~100-node SVG tiles, static/js/explorer/graphview_large.js). The reference printed beside it is the
   same browser repainting ONE static SVG of as many nodes with two texts changed per frame: what the
   explorer got before it split big graphs into tiles (one <svg> is repainted whole on any change).
   The main thread's CPU time per step (thread time from a trace) is printed too: on a shared machine
   it is the steadier figure to compare between two versions.
3. Recompute: with every value and gradient of the 2,000-node graph shown, x1 is edited (same program,
   other numbers) and the explorer's redraw is timed to the first paint; the tiles are updated by key,
   so it also reports how many of them are the same elements afterwards (all of them, when it works).

Usage: .venv/bin/python benchmarks/bench_browser.py [--nodes 2000] [--repeat 3]
(the machine is shared and noisy: the ratio, measured in one run, is what to compare.)
"""
import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DRAW_RATIO_TARGET = 4.0
FPS_TARGET = 30.0
PLAYBACK_SECONDS = 3.0


def big_program(n_nodes: int, seed: int = 0) -> str:
    """A program shaped like real computation graphs: 20 inputs, then statements `s_i = tanh(p*q + r)`
    over recent names (fan-out and fan-in), three nodes per statement."""
    rng = random.Random(seed)
    names = [f"x{i}" for i in range(20)]
    lines = []
    for i in range(max(1, (n_nodes - 20) // 3)):
        p, q, r = (rng.choice(names[-30:]) for _ in range(3))
        lines.append(f"s{i} = tanh({p}*{q} + {r})")
        names.append(f"s{i}")
    return "\n".join(lines)


# The reference drawing, shared by both static measurements: as many node groups (rect + three texts)
# and edge paths as the graph, as markup on a square grid. `size` is the svg's width/height attributes,
# `texts(i)` node i's three lines.
STATIC_MARKUP = """const staticMarkup = (nodes, edges, size, texts) => {
  const cols = Math.ceil(Math.sqrt(nodes));
  const pos = (i) => [(i % cols) * 130 + 60, Math.floor(i / cols) * 80 + 40];
  let markup = `<svg xmlns="http://www.w3.org/2000/svg" ${size} viewBox="0 0 ${cols * 130} ${cols * 80}"><g>`;
  for (const [s, t] of edges) {
    const [x0, y0] = pos(s); const [x1, y1] = pos(t);
    markup += `<path fill="none" stroke="#999" d="M${x0},${y0} C${(x0 + x1) / 2},${y0} ${(x0 + x1) / 2},${y1} ${x1},${y1}"/>`;
  }
  for (let i = 0; i < nodes; i++) {
    const [x, y] = pos(i);
    const [a, b, c] = texts(i);
    markup += `<g transform="translate(${x},${y})"><rect x="-50" y="-33" width="100" height="66" rx="8" fill="#fff" stroke="#666"/>`
      + `<text y="-15" text-anchor="middle">${a}</text><text y="5" text-anchor="middle">${b}</text>`
      + `<text y="23" text-anchor="middle">${c}</text></g>`;
  }
  return markup + '</g></svg>';
};
"""

STATIC_SVG = """({ nodes, edges, width, height }) => new Promise((resolve) => {
  // The reference: the graph's numbers of nodes and edges drawn as static markup.
""" + STATIC_MARKUP + """
  const start = performance.now();
  const host = document.createElement('div');
  host.className = 'graph-area bench-static';
  document.body.append(host);
  host.innerHTML = staticMarkup(nodes, edges, `width="${width}" height="${height}"`,
                                (i) => [`s${i} = tanh(u)`, `value ${i}`, `grad ${i}`]);
  host.getBoundingClientRect();
  requestAnimationFrame(() => setTimeout(() => { const ms = performance.now() - start; host.remove(); resolve(ms); }, 0));
})"""

STATIC_REPAINT = """({ nodes, edges }) => new Promise((resolve) => {
  // The reference for one step on a big graph drawn as ONE svg: the static SVG of as many nodes, two
  // of its texts changed per frame (a step changes one node's number and one edge), for 20 frames.
  // Run in a page of its own: anything else on the page would be repainted with it.
""" + STATIC_MARKUP + """
  const host = document.createElement('div');
  host.style.width = '1000px';
  host.style.height = '560px';
  document.body.append(host);
  host.innerHTML = staticMarkup(nodes, edges, 'width="100%" height="100%"', (i) => [`s${i}`, '', '']);
  const texts = host.querySelectorAll('text');
  const stamps = [];
  let k = 0;
  const frame = (t) => {
    stamps.push(t);
    if (k >= 20) { host.remove(); resolve(stamps); return; }
    texts[(k * 37) % texts.length].textContent = `value ${k}`;
    texts[(k * 53 + 1) % texts.length].textContent = `grad ${k}`;
    k += 1;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(() => requestAnimationFrame(frame));
})"""

RECORD_FRAMES = """(seconds) => new Promise((resolve) => {
  const stamps = [];
  const until = performance.now() + seconds * 1000;
  const frame = (t) => { stamps.push(t); if (t < until) requestAnimationFrame(frame); else resolve(stamps); };
  requestAnimationFrame(frame);
})"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server():
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port),
                             "--log-level", "warning"], cwd=ROOT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return proc, base
        except Exception:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise SystemExit("uvicorn did not start")
            time.sleep(0.1)


def explorer_draw(page, base, program):
    """Load the page, type the program, and read the explorer's own measure of the big graph's draw."""
    page.goto(base + "/")
    page.wait_for_selector('#view-explorer [data-node-id="L"]')
    page.evaluate("() => performance.clearMeasures('explorer:draw')")
    # As typing would, in one input event (Playwright's fill of 20 kB of text is slow itself).
    page.evaluate("""(text) => { const field = document.querySelector('#view-explorer .expr-source');
        field.value = text; field.dispatchEvent(new Event('input', { bubbles: true })); }""", program)
    page.wait_for_function("() => performance.getEntriesByName('explorer:draw').some((m) => m.detail.nodes > 1000)",
                           timeout=180_000)
    entry = page.evaluate("""() => { const m = performance.getEntriesByName('explorer:draw').find((e) => e.detail.nodes > 1000);
        return { ms: m.duration, nodes: m.detail.nodes, layout: m.detail.layout }; }""")
    edges = page.evaluate("""() => [...document.querySelectorAll('#view-explorer path.edge')]
        .map((p) => [p.dataset.source, p.dataset.target])""")
    return entry, edges


PLAY_AND_RECORD = """async (seconds) => {
  // Start playback from the beginning, record frame timestamps, then pause: all inside the page, so a
  // busy main thread cannot hide behind the test driver's own clicks.
  const q = (sel) => document.querySelector(sel);
  const speed = q('#explorer-speed');
  speed.value = '30';
  speed.dispatchEvent(new Event('change'));
  if (!q('.ctl-reset').disabled) q('.ctl-reset').click();
  const stamps = [];
  q('.ctl-play').click();
  await new Promise((resolve) => {
    const until = performance.now() + seconds * 1000;
    const frame = (t) => { stamps.push(t); if (t < until && q('.ctl-play').getAttribute('aria-pressed') === 'true') requestAnimationFrame(frame); else resolve(); };
    requestAnimationFrame(frame);
  });
  const steps = Number(q('#explorer-scrubber').value);
  if (q('.ctl-play').getAttribute('aria-pressed') === 'true') q('.ctl-play').click();
  return { stamps, steps };
}"""


RECOMPUTE = """async (value) => {
  // One recompute of the same program with another number (as typing in x1's field would): returns
  // the explorer's own measure of the redraw and how many of the big graph's tiles are the same
  // elements as before (a keyed update keeps them all; a rebuild keeps none).
  const tiles = [...document.querySelectorAll('#view-explorer .graph-tile')];
  tiles.forEach((t) => { t.benchMark = true; });
  const before = performance.getEntriesByName('explorer:draw').length;
  const field = document.querySelector('#view-explorer .variable[data-variable="x1"] .variable-number');
  field.value = String(value);
  field.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((resolve) => {
    const poll = () => (performance.getEntriesByName('explorer:draw').length > before ? resolve() : setTimeout(poll, 20));
    poll();
  });
  const m = performance.getEntriesByName('explorer:draw').at(-1);
  const now = [...document.querySelectorAll('#view-explorer .graph-tile')];
  return { ms: m.duration, kept: now.filter((t) => t.benchMark).length, tiles: now.length, before: tiles.length };
}"""


def recompute(page, value):
    """Show every value and gradient (End), then recompute with x1 = value: the redraw's duration."""
    page.keyboard.press("End")
    page.wait_for_function("() => document.querySelector('#view-explorer [data-node-id=\"x1\"]').dataset.grad")
    return page.evaluate(RECOMPUTE, value)


STEP_FORWARD = """async (n) => {
  // n steps from the start, each once the previous one has been painted.
  const q = (sel) => document.querySelector(sel);
  if (!q('.ctl-reset').disabled) q('.ctl-reset').click();
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
  for (let i = 0; i < n; i++) {
    q('.ctl-forward').click();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  }
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
}"""


def step_cpu_ms(browser, page, steps=60):
    """CPU time of the page's main thread per step (click, update, style, layout, paint), from the thread
    times of a Chromium trace: unlike frames per second it hardly moves when other processes compete
    for the cores, so it is the figure to compare between two versions on this shared machine."""
    browser.start_tracing(page=page, categories=["toplevel", "disabled-by-default-devtools.timeline"])
    page.evaluate(STEP_FORWARD, steps)
    trace = json.loads(browser.stop_tracing())
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    main = {(e["pid"], e["tid"]) for e in events
            if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
    busy = sum(e.get("tdur", e.get("dur", 0)) for e in events  # top-level tasks only, so nothing counts twice
               if e.get("ph") == "X" and e.get("name") == "ThreadControllerImpl::RunTask" and (e["pid"], e["tid"]) in main)
    return busy / 1000 / steps


def playback_fps(page, seconds=PLAYBACK_SECONDS):
    """Play at the fastest speed (30 steps/s) from the start and measure the frame rate."""
    result = page.evaluate(PLAY_AND_RECORD, seconds)
    stamps = result["stamps"]
    intervals = [b - a for a, b in zip(stamps, stamps[1:])]
    duration = (stamps[-1] - stamps[0]) / 1000
    return {"fps": (len(stamps) - 1) / duration, "p95_ms": sorted(intervals)[int(0.95 * (len(intervals) - 1))],
            "worst_ms": max(intervals), "steps": result["steps"], "seconds": duration}


def load_average() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


# Navigation start → the end of the explorer's first draw (its "explorer:draw" measure ends at the
# first paint after the graph is in the page): what a visitor waits for, page load included.
FIRST_DRAW_END = """(minNodes) => new Promise((resolve) => {
  const done = () => performance.getEntriesByName('explorer:draw').find((m) => m.detail.nodes >= minNodes);
  const poll = () => { const m = done(); if (m) resolve({ ms: m.startTime + m.duration, nodes: m.detail.nodes }); else setTimeout(poll, 10); };
  poll();
})"""

# The static reference page's own measure: navigation start → the first paint after its SVG is parsed.
STATIC_PAGE_PAINT = """() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)))"""


def page_load_figures(browser, base, program, repeat):
    """1. The default page (figure 6.15): navigation → first graph painted, in a fresh browser context
    (nothing cached) and on a reload (the static files cached: their URLs are content-hashed and
    immutable, so nothing is asked again). 2. A link to the big program: navigation → its graph painted,
    against a page that is only a static SVG of as many nodes and edges (the same markup as above)."""
    cold, warm = [], []
    for _ in range(repeat):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.goto(base + "/")
        cold.append(page.evaluate(FIRST_DRAW_END, 1)["ms"])
        page.reload()
        warm.append(page.evaluate(FIRST_DRAW_END, 1)["ms"])
        context.close()
    link = base + "/?" + urllib.parse.urlencode({"source": program, "values": "{}"})
    bigs, statics, nodes = [], [], 0
    for _ in range(repeat):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.goto(link)
        big = page.evaluate(FIRST_DRAW_END, 1000)
        bigs.append(big["ms"])
        nodes = big["nodes"]
        edges = page.evaluate("""() => [...document.querySelectorAll('#view-explorer path.edge')]
            .map((p) => [p.dataset.source, p.dataset.target])""")
        ids = {}
        index = [ids.setdefault(s, len(ids)) for pair in edges for s in pair]
        pairs = list(zip(index[::2], index[1::2]))
        markup = page.evaluate("({ nodes, edges }) => { " + STATIC_MARKUP + """
            return staticMarkup(nodes, edges, 'width="1000" height="560"', (i) => [`s${i} = tanh(u)`, `value ${i}`, `grad ${i}`]); }""",
                               {"nodes": nodes, "edges": pairs})
        html = ("<!doctype html><html><head><meta charset='utf-8'><title>static</title></head>"
                "<body style='margin:0;font:13px sans-serif'>" + markup + "</body></html>")
        page.route(base + "/__static_reference", lambda route: route.fulfill(status=200, content_type="text/html", body=html))
        page.goto(base + "/__static_reference")
        statics.append(page.evaluate(STATIC_PAGE_PAINT))
        context.close()
    return {"cold": cold, "warm": warm, "big": bigs, "static": statics, "nodes": nodes}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--load-only", action="store_true", help="only the page-load figures (first graph, big link vs static page)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    proc, base = start_server()
    program = big_program(args.nodes)
    try:
        with sync_playwright() as pw:
            chromium = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
            loads = page_load_figures(browser, base, program, args.repeat)
            med = statistics.median
            print(f"default page (figure 6.15), navigation -> first graph painted: median {med(loads['cold']):.0f} ms first visit, "
                  f"{med(loads['warm']):.0f} ms reload with the static files cached (target <= 300 ms)  "
                  f"(runs: {', '.join(f'{d:.0f}' for d in loads['cold'])} / {', '.join(f'{d:.0f}' for d in loads['warm'])})")
            ratio_load = med(loads["big"]) / med(loads["static"])
            print(f"link to the {loads['nodes']}-node program, navigation -> graph painted: median {med(loads['big']):.0f} ms; "
                  f"a page that is only a static SVG of as many nodes: {med(loads['static']):.0f} ms; ratio {ratio_load:.2f}x "
                  f"(target <= {DRAW_RATIO_TARGET:.0f}x)  {'OK' if ratio_load <= DRAW_RATIO_TARGET else 'MISSED'}")
            if args.load_only:
                browser.close()
                return
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            draws, statics = [], []
            for _ in range(args.repeat):
                entry, edges = explorer_draw(page, base, program)
                draws.append(entry["ms"])
                ids = {}
                index = [ids.setdefault(s, len(ids)) for pair in edges for s in pair]
                pairs = list(zip(index[::2], index[1::2]))
                statics.append(page.evaluate(STATIC_SVG, {"nodes": entry["nodes"], "edges": pairs, "width": 1000, "height": 560}))
            recomputes = [recompute(page, 0.5 + 0.1 * k) for k in range(args.repeat)]
            big_fps = playback_fps(page)
            step_ms = statistics.median(step_cpu_ms(browser, page) for _ in range(args.repeat))
            idle = page.evaluate(RECORD_FRAMES, 1.0)  # the machine's own frame rate, nothing playing
            blank = browser.new_page(viewport={"width": 1400, "height": 900})
            blank.set_content("<!doctype html><html><body style='margin:0;font:13px sans-serif'></body></html>")
            ref = blank.evaluate(STATIC_REPAINT, {"nodes": entry["nodes"], "edges": pairs})
            blank.close()
            ref_fps = (len(ref) - 1) / ((ref[-1] - ref[0]) / 1000)
            idle_fps = (len(idle) - 1) / ((idle[-1] - idle[0]) / 1000)
            page.goto(base + "/")  # figure 6.15, the default page
            page.wait_for_selector('#view-explorer [data-node-id="L"]')
            page.wait_for_timeout(500)
            small_fps = playback_fps(page)
            # The same graph at 2 steps/s, where each step's transitions (400 ms) run in full.
            page.select_option("#explorer-speed", value="2")
            page.click(".ctl-reset") if not page.is_disabled(".ctl-reset") else None
            page.click(".ctl-play")
            anim = page.evaluate(RECORD_FRAMES, 2.0)
            anim_fps = (len(anim) - 1) / ((anim[-1] - anim[0]) / 1000)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    draw_ms, static_ms = statistics.median(draws), statistics.median(statics)
    ratio = draw_ms / static_ms
    print(f"load average at the end: {load_average()} on {__import__('os').cpu_count()} cores (other work slows every figure)")
    print(f"graph: {entry['nodes']} nodes, {len(edges)} edges, layout: {entry['layout']}")
    print(f"explorer layout + draw to first paint: median {draw_ms:.0f} ms  (runs: {', '.join(f'{d:.0f}' for d in draws)})")
    print(f"static SVG of as many nodes, same browser: median {static_ms:.0f} ms  (runs: {', '.join(f'{d:.0f}' for d in statics)})")
    print(f"ratio explorer / static: {ratio:.2f}x  (target <= {DRAW_RATIO_TARGET:.0f}x)  {'OK' if ratio <= DRAW_RATIO_TARGET else 'MISSED'}")
    redraw_ms = statistics.median(r["ms"] for r in recomputes)
    runs = ", ".join(f"{r['ms']:.0f}" for r in recomputes)
    kept = ", ".join(f"{r['kept']}/{r['before']}" for r in recomputes)
    print(f"recompute (x1 edited, same structure, every value shown): redraw median {redraw_ms:.0f} ms  (runs: {runs}); "
          f"tiles kept as the same elements: {kept}")
    print(f"playback, {entry['nodes']}-node graph at 30 steps/s: {big_fps['fps']:.1f} frames/s, p95 frame {big_fps['p95_ms']:.1f} ms, "
          f"worst {big_fps['worst_ms']:.1f} ms, {big_fps['steps']} steps in {big_fps['seconds']:.1f} s  {'OK' if big_fps['fps'] >= FPS_TARGET else 'MISSED'}")
    print(f"step cost, {entry['nodes']}-node graph: {step_ms:.1f} ms of the page's main-thread CPU per step (thread time, "
          f"median of {args.repeat} runs of 60 steps: compare this between versions, the frame rate moves with the machine's load)")
    print(f"reference: ONE static SVG of {entry['nodes']} nodes with two texts changed every frame: {ref_fps:.1f} frames/s "
          f"(why big graphs are drawn as tiles: Chromium repaints a whole <svg> when anything in it changes)")
    print(f"playback, figure 6.15 at 30 steps/s: {small_fps['fps']:.1f} frames/s over {small_fps['seconds']:.2f} s, p95 frame {small_fps['p95_ms']:.1f} ms  "
          f"{'OK' if small_fps['fps'] >= FPS_TARGET else 'MISSED'}")
    print(f"reference: idle frame rate of the same page (nothing playing): {idle_fps:.1f} frames/s")
    print(f"transitions, figure 6.15 at 2 steps/s: {anim_fps:.1f} frames/s  {'OK' if anim_fps >= FPS_TARGET else 'MISSED'}")


if __name__ == "__main__":
    main()
