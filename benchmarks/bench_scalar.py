"""Benchmark: the whole `engine.evaluate` call (parse, forward, backward, result with steps) on a
20,000-node scalar program, against micrograd building and backpropagating the same graph.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/bench_scalar.py

(a) a wide graph: 100 inputs, ~10,000 products x_i·x_j and a balanced tree of sums over them (depth
    ~15, so micrograd's recursive topological sort copes) — both engines, alternating round by round
    on the same graph, best of N, ratio;
(b) a deep chain t_i = t_{i-1}·c + a of 20,000 nodes: the engine evaluates it, micrograd raises
    RecursionError (reported, not timed).
Not a test: timings on a shared machine are noisy; the ratio is measured in the same run.
"""
import gc
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import evaluate  # noqa: E402

try:
    from micrograd.engine import Value
except ImportError:  # pip install '.[bench]'
    Value = None

INPUTS = 100
TARGET_NODES = 20_000
REPEATS = 5


def wide_program():
    """Lines p_k = x_i * x_j, then s_k = u + v pairwise until one sum L remains."""
    rng = random.Random(0)
    values = {f"x{i}": round(rng.uniform(-1, 1), 3) for i in range(INPUTS)}
    products = (TARGET_NODES - INPUTS) // 2
    lines, pairs, layer = [], [], []
    for k in range(products):
        i, j = rng.randrange(INPUTS), rng.randrange(INPUTS)
        pairs.append((i, j))
        lines.append(f"p{k} = x{i} * x{j}")
        layer.append(f"p{k}")
    n = 0
    while len(layer) > 1:
        nxt = []
        for a in range(0, len(layer) - 1, 2):
            name = "L" if len(layer) == 2 else f"s{n}"
            n += 1
            lines.append(f"{name} = {layer[a]} + {layer[a + 1]}")
            nxt.append(name)
        if len(layer) % 2:
            nxt.append(layer[-1])
        layer = nxt
    return "\n".join(lines), values, pairs


def micrograd_wide(values, pairs):
    xs = [Value(values[f"x{i}"]) for i in range(INPUTS)]
    layer = [xs[i] * xs[j] for i, j in pairs]
    while len(layer) > 1:
        nxt = [layer[a] + layer[a + 1] for a in range(0, len(layer) - 1, 2)]
        if len(layer) % 2:
            nxt.append(layer[-1])
        layer = nxt
    layer[0].backward()
    return layer[0], xs


def deep_program():
    lines = ["t0 = a"] + [f"t{i} = t{i - 1} * c + a" for i in range(1, TARGET_NODES // 2)]
    return "\n".join(lines), {"a": 0.5, "c": 0.5}


def micrograd_deep():
    a, c = Value(0.5), Value(0.5)
    t = a
    for _ in range(1, TARGET_NODES // 2):
        t = t * c + a
    t.backward()


def timed(fn, collect=True):
    """Wall-clock and CPU time of one call, its result dropped before returning (so no contender's
    garbage or result is alive during another's run). The run starts from a collected heap
    (micrograd leaves reference cycles that only the cycle collector frees), and a young-generation
    collection after the call is inside the clock, so garbage a contender leaves is paid by it."""
    gc.collect()
    enabled = gc.isenabled()
    if not collect:
        gc.disable()
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    gc.collect(0)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if enabled:
        gc.enable()
    del out
    return wall, cpu


def alternating(fns, repeats=REPEATS):
    """Best wall and best CPU time of each (fn, collect) over `repeats` rounds; within a round the
    contenders run one after the other, so a burst of load on the shared machine hits all of them.
    Also the median over the rounds of the CPU ratio of the first contender to each one."""
    best = [[float("inf"), float("inf")] for _ in fns]
    ratios = [[] for _ in fns]
    for _ in range(repeats):
        cpus = []
        for k, (fn, collect) in enumerate(fns):
            wall, cpu = timed(fn, collect)
            best[k] = [min(best[k][0], wall), min(best[k][1], cpu)]
            cpus.append(cpu)
        for k, cpu in enumerate(cpus):
            ratios[k].append(cpus[0] / cpu)
    medians = [sorted(r)[len(r) // 2] for r in ratios]
    return best, medians


def _ms(wall, cpu):
    return f"{wall * 1000:8.1f} ms wall, {cpu * 1000:8.1f} ms CPU"


def main():
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]}")
    source, values, pairs = wide_program()
    contenders = [(lambda: evaluate(source, values), True)]
    if Value is not None:
        contenders += [(lambda: micrograd_wide(values, pairs), True),
                       (lambda: micrograd_wide(values, pairs), False)]
    best, medians = alternating(contenders)
    wall_e, cpu_e = best[0]
    result = evaluate(source, values)       # untimed, for the sizes and the comparison below
    print(f"(a) wide graph: {len(result['nodes'])} nodes, {len(source.splitlines())} lines, "
          f"{len(result['steps'])} steps, best of {REPEATS} alternating rounds")
    print(f"    engine.evaluate (parse + forward + backward + result): {_ms(wall_e, cpu_e)}")
    if Value is None:
        print("    micrograd not installed: pip install '.[bench]'")
    else:
        (wall_m, cpu_m), (wall_n, cpu_n) = best[1], best[2]
        out, xs = micrograd_wide(values, pairs)
        same = abs(out.data - result["nodes"][-1]["value"]) <= 1e-9 * max(1, abs(out.data)) and all(
            abs(x.grad - result["gradients"][f"x{i}"]) <= 1e-9 * max(1, abs(x.grad))
            for i, x in enumerate(xs))
        print(f"    micrograd build + backward (default, GC on):           {_ms(wall_m, cpu_m)}")
        print(f"    micrograd build + backward (cycle collector off):      {_ms(wall_n, cpu_n)}")
        print(f"    ratio engine / micrograd (best / best): {wall_e / wall_m:.2f}x wall, "
              f"{cpu_e / cpu_m:.2f}x CPU (target <= 2x); median of the rounds' CPU ratios: "
              f"{medians[1]:.2f}x; against micrograd without GC: {cpu_e / cpu_n:.2f}x CPU; "
              f"same value and gradients: {same}")
    result = out = xs = None     # nothing of the runs above may be alive while the phases are timed
    phases(source, values, pairs)
    deep_source, deep_values = deep_program()
    (wall_d, cpu_d), = alternating([(lambda: evaluate(deep_source, deep_values), True)], 3)[0]
    result = evaluate(deep_source, deep_values)
    print(f"(b) deep chain: {len(result['nodes'])} nodes, depth {TARGET_NODES - 2}: "
          f"engine.evaluate {_ms(wall_d, cpu_d)}, L = {result['nodes'][-1]['value']:.6f}")
    if Value is not None:
        try:
            micrograd_deep()
            print("    micrograd: completed")
        except RecursionError as err:
            print(f"    micrograd: RecursionError ({err})")


def phases(source, values, pairs):
    """Best-of-N CPU time of each phase of evaluate on the wide graph (engine/api.py: tokenize, parse,
    forward, backward, answer), the collector running as in evaluate: where the time goes, and how much
    of the 2x budget parsing and the passes use alone (against micrograd timed in the same rounds)."""
    import numpy as np
    from engine.core.backward import backward
    from engine.core.forward import forward
    from engine.core.lexer import tokenize
    from engine.core.parser import parse
    from engine.present.result import answer_size, build_result
    best = {}
    ratios = []
    for _ in range(REPEATS):
        micrograd_cpu = timed(lambda: micrograd_wide(values, pairs))[1] if Value is not None else None
        gc.collect()
        t0 = time.process_time()
        kinds, texts = tokenize(source)
        t1 = time.process_time()
        with np.errstate(all="ignore"):
            graph, output = parse(source, kinds, texts, values, frozenset())
            t2 = time.process_time()
            forward(graph)
            t3 = time.process_time()
            backward(graph, output, 1.0)
            t4 = time.process_time()
            answer_size(graph)
            result = build_result(graph, output)
        t5 = time.process_time()
        for name, t in (("tokenize", t1 - t0), ("parse", t2 - t1), ("forward", t3 - t2), ("backward", t4 - t3),
                        ("answer", t5 - t4)):
            best[name] = min(best.get(name, t), t)
        if micrograd_cpu:
            ratios.append((t4 - t0) / micrograd_cpu)
        del result, graph, output
    line = ", ".join(f"{name} {t * 1000:.0f}" for name, t in best.items())
    print(f"    phases, best of {REPEATS} (ms CPU): {line}")
    if ratios:
        print(f"    tokenize + parse + both passes alone, no answer: {sorted(ratios)[len(ratios) // 2]:.2f}x "
              "micrograd's whole run (median of the rounds)")


if __name__ == "__main__":
    main()
