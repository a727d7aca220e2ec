"""1,000 epochs of a 2-8-8-1 network (tanh, tanh, sigmoid + BCE) on 200 points, full batch, SGD:
engine.networks.training.train (the whole request: validation, data, history, decision boundary, JSON)
versus the same run written the ordinary way in PyTorch CPU (float64, same threads), same run.

    .venv/bin/python benchmarks/bench_train.py [--threads 1] [--repeats 5] [--optimizer sgd]
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/bench_train.py

Prints the median time of several repeats for each and the ratio ours / PyTorch (target ≤ 1).
Both record each epoch's loss and accuracy, and the script checks both end with the same weights.
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
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=1000)
    ap.add_argument("--optimizer", choices=("sgd", "momentum", "adam"), default="sgd")
    args = ap.parse_args()

    import numpy as np
    import torch

    from engine.networks import training
    from engine.networks.datasets import generate

    pin_threads_and_describe(args.threads)

    lr = {"sgd": 0.5, "momentum": 0.1, "adam": 0.01}[args.optimizer]
    request = {
        "input_size": 2,
        "layers": [{"units": 8, "activation": "tanh"}, {"units": 8, "activation": "tanh"},
                   {"units": 1, "activation": "sigmoid"}],
        "loss": "bce", "init": "xavier", "seed": 0,
        "dataset": {"name": "moons", "n": 200, "noise": 0.1, "seed": 0},
        "optimizer": {"name": args.optimizer, "lr": lr},
        "epochs": args.epochs, "batch_size": None, "shuffle": False,
    }

    def ours():
        return training.train(request)

    init = training.Setup(request).params
    X, y = generate(request["dataset"])
    tX = torch.from_numpy(X)
    tY = torch.from_numpy(y.astype(np.float64)).reshape(-1, 1)

    def theirs():
        net = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8),
                                  torch.nn.Tanh(), torch.nn.Linear(8, 1), torch.nn.Sigmoid()).double()
        with torch.no_grad():
            for layer, i in ((net[0], 1), (net[2], 2), (net[4], 3)):
                layer.weight.copy_(torch.from_numpy(init[f"W{i}"]))
                layer.bias.copy_(torch.from_numpy(init[f"b{i}"]))
        opt = {"sgd": lambda p: torch.optim.SGD(p, lr=lr),
               "momentum": lambda p: torch.optim.SGD(p, lr=lr, momentum=0.9),
               "adam": lambda p: torch.optim.Adam(p, lr=lr)}[args.optimizer](net.parameters())
        history = []
        for epoch in range(args.epochs):
            opt.zero_grad(set_to_none=True)
            out = net(tX)
            loss = torch.nn.functional.binary_cross_entropy(out, tY)
            loss.backward()
            opt.step()
            history.append({"epoch": epoch + 1, "train_loss": loss.item(),
                            "train_accuracy": ((out >= 0.5) == (tY == 1)).double().mean().item()})
        return net, history

    r = ours()
    net, hist = theirs()
    diff = max(abs(np.array(r["parameters"][f"W{i}"]["value"]) - net[2 * (i - 1)].weight.detach().numpy()).max()
               for i in (1, 2, 3))
    print(f"same run: final train loss ours {r['history'][-1]['train_loss']:.12f} torch "
          f"{hist[-1]['train_loss']:.12f}; max |ΔW| at the end {diff:.2e}")
    assert diff < 1e-8, "the runs differ: the benchmark is invalid"

    # Alternate the two within every repeat so both see the same machine noise; medians of each.
    a_runs, b_runs = [], []
    for _ in range(args.repeats):
        for fn, runs in ((ours, a_runs), (theirs, b_runs)):
            t = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t)
    a, b = statistics.median(a_runs), statistics.median(b_runs)
    print(f"ours   {a * 1e3:8.2f} ms for {args.epochs} epochs (median of {args.repeats})")
    print(f"torch  {b * 1e3:8.2f} ms")
    print(f"ratio ours/torch = {a / b:.3f}  (target ≤ 1)")


if __name__ == "__main__":
    main()
