"""One training step of a 784-256-10 MLP (ReLU, softmax + cross-entropy), batch 128, float64:
engine.networks.mlp (forward, backward) + engine.networks.optim.SGD versus PyTorch CPU, same threads, same run.

    .venv/bin/python benchmarks/bench_mlp.py [--threads 1] [--repeats 7] [--steps 50]
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/bench_mlp.py

Prints the median time per step of several repeats for each and the ratio ours / PyTorch
(target ≤ 1.3). Both start from the same weights and data, and the script first checks that one
step gives the same loss and parameters (so the timing compares the same arithmetic).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _threads import pin_threads_and_describe  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--steps", type=int, default=50, help="steps per timed repeat")
    ap.add_argument("--batch", type=int, default=128)
    args = ap.parse_args()

    import numpy as np
    import torch

    from engine.networks import mlp
    from engine.networks.netspec import Architecture
    from engine.networks.optim import SGD

    pin_threads_and_describe(args.threads)

    arch = Architecture((784, 256, 10), ("relu", "softmax"), "ce")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(args.batch, 784))
    Y = rng.integers(0, 10, args.batch)
    init = {"W1": rng.normal(0, np.sqrt(2 / 784), (256, 784)), "b1": np.zeros(256),
            "W2": rng.normal(0, np.sqrt(2 / 256), (10, 256)), "b2": np.zeros(10)}
    lr = 0.01

    params = {k: v.copy() for k, v in init.items()}
    opt = SGD(lr)

    def ours():
        loss, grads, _ = mlp.loss_and_grads(arch, params, X, Y)
        opt.step(params, grads)
        return loss

    net = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10)).double()
    with torch.no_grad():
        for layer, i in ((net[0], 1), (net[2], 2)):
            layer.weight.copy_(torch.from_numpy(init[f"W{i}"]))
            layer.bias.copy_(torch.from_numpy(init[f"b{i}"]))
    tX, tY = torch.from_numpy(X), torch.from_numpy(Y)
    topt = torch.optim.SGD(net.parameters(), lr=lr)

    def theirs():
        topt.zero_grad(set_to_none=True)
        loss = torch.nn.functional.cross_entropy(net(tX), tY)
        loss.backward()
        topt.step()
        return loss.item()

    # Same arithmetic: one step each from the same start.
    l1, l2 = ours(), theirs()
    diff = max(abs(params["W1"] - net[0].weight.detach().numpy()).max(),
               abs(params["W2"] - net[2].weight.detach().numpy()).max())
    print(f"first step: loss ours {l1:.15f} torch {l2:.15f}; max |ΔW| after the step {diff:.2e}")
    assert abs(l1 - l2) < 1e-10 and diff < 1e-10, "the two steps differ: the benchmark is invalid"

    # Alternate the two within every repeat so both see the same machine noise; medians of each.
    for _ in range(5):
        ours(), theirs()
    a_runs, b_runs = [], []
    for _ in range(args.repeats):
        for fn, runs in ((ours, a_runs), (theirs, b_runs)):
            t = time.perf_counter()
            for _ in range(args.steps):
                fn()
            runs.append((time.perf_counter() - t) / args.steps)
    a, b = statistics.median(a_runs), statistics.median(b_runs)
    print(f"ours   {a * 1e3:8.3f} ms/step (median of {args.repeats} × {args.steps} steps)")
    print(f"torch  {b * 1e3:8.3f} ms/step")
    print(f"ratio ours/torch = {a / b:.3f}  (target ≤ 1.3)")


if __name__ == "__main__":
    main()
