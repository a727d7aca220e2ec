"""Train a small network with mini-batch gradient descent (textbook 6.6.5), fast, in plain numpy.

``train(request, on_epoch=None, should_stop=None) -> dict`` runs the whole training;
engine/networks/update.py's ``step_view`` replays it up to one update (``_run(..., stop_at=)``) and
explains that update.

The request is a network spec (contract §2: ``input_size``, ``layers``, ``loss``, ``weights`` or
``init`` + ``seed``) plus:

  data          ``x`` and ``y`` (as engine.network, a batch) | ``dataset`` {name, n, noise, seed}
                | ``csv`` text (features…, label; header optional)
  optimizer     {name: sgd | momentum | adam, lr, momentum, beta1, beta2, eps} (engine/networks/optim.py)
  epochs        passes over the training split (default 100)
  batch_size    mini-batch size; None = the full batch; the last mini-batch may be smaller
  shuffle       reshuffle the training split every epoch (default True; moot for one batch)
  l2            λ: the gradient of every W^[i] gets + λW^[i] (the gradient of (λ/2)·Σ‖W‖²;
                biases are not decayed). Reported losses are the data loss only, without the
                penalty, so runs with different λ and the train / dev curves stay comparable.
  dropout       p: inverted dropout on hidden layers' activations during training; kept units
                are scaled by 1/(1−p); masks are drawn per mini-batch from the seed.
  normalize     standardise every feature to mean 0 / variance 1 using the training split's
                statistics only (a feature with variance 0 keeps std 1).
  dev_fraction  share of samples held out as the dev set (rounded; chosen with the seed).
  seed          seeds init (as engine.network), the split, the shuffles and the dropout masks,
                each from its own stream so changing one option does not change the others.
  resume_from   a checkpoint of this same request (only ``epochs`` may differ): continue from it.

Labels: for ce, class indices; for bce/mse with one output unit, the target number; with k > 1
output units a dataset's or CSV's class label c becomes the one-hot row e_c.

A history entry's ``train_loss`` is the mean of its mini-batch losses, each computed in that epoch's
forward pass (with dropout) before that mini-batch's update; ``train_accuracy`` comes from the same
forward passes. ``dev_loss`` / ``dev_accuracy`` use the parameters at the end of the epoch, without
dropout (None without a dev split). Accuracy is None when the targets are not classes.
``grad_norms`` and ``activations`` describe the epoch's first update (engine/networks/health.py).

A run is a ``Run``: it advances epoch by epoch, stops when its loss diverges (health.py), and can
give its checkpoint after any epoch (engine/networks/checkpoint.py); ``resume_from`` continues one.
The decision boundary and the hidden units' pictures are in engine/networks/pictures.py.
"""
from __future__ import annotations

import json
import math
import time
from collections import OrderedDict

import numpy as np

from . import checkpoint, health, mlp, pictures
from .datasets import generate, parse_csv
from ..core.errors import EngineError, LimitError
from ..present.messages import coded
from .netspec import (MAX_SAMPLES, SpecError, check_keys, check_targets, integer, number,
                      parse_architecture, parse_parameters, parse_x, parse_y, seed_of)
from .netspec import to_json as _json
from .optim import make_optimizer
from .pictures import GRID  # noqa: F401  (the boundary's lattice size, for readers of this module)

SPEC_KEYS = {"input_size", "layers", "loss", "weights", "init", "seed"}
TRAIN_KEYS = SPEC_KEYS | {"x", "y", "dataset", "csv", "optimizer", "epochs", "batch_size", "shuffle",
                          "l2", "dropout", "normalize", "dev_fraction", "resume_from"}

MAX_EPOCHS = 100_000
# epochs × parameters × samples: about the multiply-adds of a run's forward pass. 2e9 is a few
# seconds of numpy on one shared core; anything larger is refused before the first epoch.
MAX_WORK = 2_000_000_000
# epochs × mini-batches: each update costs ~30 µs of Python overhead however small the batch.
MAX_STEPS = 300_000
MAX_L2 = 100.0
# A mini-batch holds at most all the training samples, and no data may have more than MAX_SAMPLES: a
# larger size could only mean the full batch, which `batch_size: null` says.
MAX_BATCH_SIZE = MAX_SAMPLES

# Streams of numpy default_rng([seed, stream]); init uses default_rng(seed) like engine.network.
_SPLIT, _SHUFFLE, _DROPOUT = 1, 2, 3


class TrainingError(EngineError):
    """A training request that cannot run (data, options); the message says what to change."""
    kind = "TrainingError"


class WorkLimitError(LimitError):
    """The run would take too long: epochs × parameters × samples or the number of updates."""
    kind = "LimitError"


def _jnum(v):
    return None if v is None else _json(v)


class Setup:
    """A validated request: architecture, initial parameters, the split data and the options."""

    def __init__(self, request: dict):
        check_keys(request, TRAIN_KEYS, "training request")
        self.arch = arch = parse_architecture(request)
        self.params = parse_parameters(arch, request)
        self.seed = seed_of(request)
        self.optimizer_spec = request.get("optimizer")
        make_optimizer(self.optimizer_spec)  # validate now, before any work
        self.epochs = integer(request.get("epochs", 100), "epochs", 1, MAX_EPOCHS)
        self.shuffle = _flag(request.get("shuffle", True), "shuffle")
        self.normalize = _flag(request.get("normalize", False), "normalize")
        self.l2 = number(request.get("l2", 0.0), "l2", 0.0, MAX_L2)
        self.dropout = number(request.get("dropout", 0.0), "dropout", 0.0, 1.0, high_open=True)
        dev_fraction = number(request.get("dev_fraction", 0.0), "dev_fraction", 0.0, 1.0,
                              high_open=True)

        X, Y, labels, self.header = _data(arch, request)
        n = X.shape[0]
        n_dev = int(round(dev_fraction * n))
        if dev_fraction > 0 and n_dev == 0:
            n_dev = 1
        if n - n_dev < 1:
            raise TrainingError("dev_fraction_too_large", fraction=f"{dev_fraction:g}", count=n)
        perm = np.random.default_rng([self.seed, _SPLIT]).permutation(n)
        self.dev_idx = np.sort(perm[:n_dev])
        self.train_idx = np.sort(perm[n_dev:])
        self.X_raw, self.labels = X, labels
        self.Y_train, self.Y_dev = Y[self.train_idx], Y[self.dev_idx]
        Xt = X[self.train_idx]
        if self.normalize:
            # Statistics of X / scale, scaled back: finite even for features near 1e308.
            scale = np.abs(Xt).max(axis=0)
            scale = np.where(scale > 0, scale, 1.0)
            self.mean = scale * (Xt / scale).mean(axis=0)
            std = scale * (Xt / scale).std(axis=0)
            self.std = np.where(std > 0, std, 1.0)
        else:
            self.mean = self.std = None
        self.X_train = self.scale(Xt)
        self.X_dev = self.scale(X[self.dev_idx])

        n_train = len(self.train_idx)
        b = request.get("batch_size")
        self.batch_size = n_train if b is None else min(integer(b, "batch_size", 1, MAX_BATCH_SIZE), n_train)
        self.batches = math.ceil(n_train / self.batch_size)
        work = self.epochs * arch.parameter_count * n
        if work > MAX_WORK:
            raise WorkLimitError("work_limit", hint="hint_fewer_epochs", epochs=self.epochs,
                                 parameters=arch.parameter_count, samples=n, work=f"{work:.3g}",
                                 limit=f"{MAX_WORK:.0e}")
        if self.epochs * self.batches > MAX_STEPS:
            raise WorkLimitError("update_limit", hint="hint_larger_batch", epochs=self.epochs,
                                 batches=self.batches, updates=self.epochs * self.batches, limit=MAX_STEPS)

    def scale(self, X: np.ndarray) -> np.ndarray:
        return X if self.mean is None else (X - self.mean) / self.std


def _flag(value, what):
    if not isinstance(value, bool):
        raise SpecError("not_boolean", what=what, value=repr(value))
    return value


def _targets_from_labels(arch, labels: np.ndarray, source: str) -> np.ndarray:
    """Class labels (or numeric targets) of a dataset or CSV → what the loss needs."""
    k = arch.n_out
    if arch.loss == "ce" or k == 1:
        Y = labels if arch.loss == "ce" else labels.reshape(-1, 1)
        return check_targets(arch, Y, f"the {source} labels")
    if np.any(labels != np.round(labels)) or labels.min() < 0 or labels.max() >= k:
        raise TrainingError("labels_not_one_hot", source=source, max_class=k - 1, units=k)
    return np.eye(k)[labels.astype(np.int64)]


def _data(arch, request):
    """→ (X raw (n, n_0), targets, labels for the scatter plot, CSV header or None)."""
    sources = [s for s in ("dataset", "csv") if request.get(s) is not None]
    if request.get("x") is not None or request.get("y") is not None:
        sources.append("x/y")
    if len(sources) != 1:
        if sources:
            raise TrainingError("one_data_source_got", sources=", ".join(sources))
        raise TrainingError("one_data_source")
    n0 = arch.sizes[0]
    if sources[0] == "x/y":
        X, single = parse_x(arch, request.get("x"), max_samples=MAX_SAMPLES)
        Y = parse_y(arch, request.get("y"), X.shape[0], single)
        return X, Y, Y, None
    if sources[0] == "dataset":
        X, labels = generate(request["dataset"])
        if n0 != 2:
            raise TrainingError("dataset_features", size=n0)
        return X, _targets_from_labels(arch, labels.astype(np.float64), "dataset"), labels, None
    X, labels, header = parse_csv(request["csv"])
    if X.shape[1] != n0:
        raise TrainingError("csv_features", count=X.shape[1], size=n0, fix=X.shape[1])
    return X, _targets_from_labels(arch, labels, "CSV"), labels, header


def _masks(setup: Setup, rng, m: int):
    """Inverted-dropout masks for the hidden layers of one mini-batch: 0 or 1/(1−p)."""
    if setup.dropout == 0:
        return None
    keep = 1.0 - setup.dropout
    return [(rng.random((m, n)) >= setup.dropout) / keep for n in setup.arch.sizes[1:-1]]


def _finite(params) -> bool:
    return all(np.isfinite(v).all() for v in params.values())


class _Stop(Exception):
    """Raised inside the loop when the requested step (update.step_view) is reached."""

    def __init__(self, snapshot):
        self.snapshot = snapshot


class Run:
    """A training run in progress: the parameters, the optimiser and the random generators, advanced
    epoch by epoch. Everything it holds is in its checkpoint (engine/networks/checkpoint.py), so a
    run can stop after any epoch and continue later, anywhere, exactly as if it never stopped."""

    def __init__(self, setup: Setup, resume_from=None):
        self.setup = setup
        self.params = {k: v.copy() for k, v in setup.params.items()}
        self.opt = make_optimizer(setup.optimizer_spec)
        self.shuffle_rng = np.random.default_rng([setup.seed, _SHUFFLE])
        self.dropout_rng = np.random.default_rng([setup.seed, _DROPOUT])
        self.epoch = 0                    # epochs completed
        self.start_loss = None            # the untrained network's loss (first mini-batch, divergence rule)
        self.divergence = None            # {"epoch", "reason", "loss"} once the run diverged
        self.first_grads = None           # ∂J/∂θ of the last epoch's first update (λW included)
        self.fingerprint = checkpoint.fingerprint(setup, self.opt)
        arch = setup.arch
        self._weights = [f"W{i}" for i in range(1, arch.depth + 1)]
        self._targets = mlp.class_targets(arch, setup.Y_train)
        self._dev_targets = (mlp.class_targets(arch, setup.Y_dev) if setup.X_dev.shape[0] else None)
        if resume_from is not None:
            checkpoint.restore(self, resume_from)

    @property
    def finished(self) -> bool:
        return self.epoch >= self.setup.epochs or self.divergence is not None

    def advance(self, max_epochs: int | None = None, max_seconds: float | None = None,
                stop_at=None) -> list[dict]:
        """Run up to ``max_epochs`` more epochs (all that are left by default), stopping early once
        ``max_seconds`` have passed or the run diverges. → their history entries."""
        entries = []
        started = time.perf_counter()
        with np.errstate(all="ignore"):
            while not self.finished and (max_epochs is None or len(entries) < max_epochs):
                entries.append(self._epoch(stop_at))
                if max_seconds is not None and time.perf_counter() - started >= max_seconds:
                    break
        return entries

    def _epoch(self, stop_at) -> dict:
        setup, arch, params, l2 = self.setup, self.setup.arch, self.params, self.setup.l2
        X, Y = setup.X_train, setup.Y_train
        n, B, targets = X.shape[0], setup.batch_size, self._targets
        epoch = self.epoch
        order = (self.shuffle_rng.permutation(n) if setup.shuffle and setup.batches > 1 else None)
        loss_sum, correct = 0.0, 0
        for b in range(setup.batches):
            if setup.batches == 1:
                idx, Xb, Yb = None, X, Y
            else:
                idx = (order[b * B:(b + 1) * B] if order is not None
                       else np.arange(b * B, min(n, (b + 1) * B)))
                Xb, Yb = X[idx], Y[idx]
            masks = _masks(setup, self.dropout_rng, Xb.shape[0])
            if stop_at == (epoch, b):
                raise _Stop({"params": {k: v.copy() for k, v in params.items()}, "opt": self.opt,
                             "indices": np.arange(n) if idx is None else idx, "masks": masks})
            loss, grads, p = mlp.loss_and_grads(arch, params, Xb, Yb, masks)
            if self.start_loss is None:
                self.start_loss = loss
            if l2:
                for w in self._weights:
                    grads[w] += l2 * params[w]
            if b == 0:   # gradient health of the epoch's first update (see health.py)
                self.first_grads = grads
                norms = health.grad_norms(grads, arch.parameter_names)
                activations = health.activation_stats(arch.activations, p.acts)
            self.opt.step(params, grads)
            loss_sum += loss
            if targets is not None:
                correct += mlp.correct(arch, p.output, targets if idx is None else targets[idx])
        train_loss = loss_sum / setup.batches
        entry = {"epoch": epoch + 1, "train_loss": _jnum(train_loss), "dev_loss": None,
                 "train_accuracy": None if targets is None else float(correct / n),
                 "dev_accuracy": None, "grad_norms": norms, "activations": activations}
        if setup.X_dev.shape[0]:
            p = mlp.forward(arch, params, setup.X_dev)
            entry["dev_loss"] = _jnum(mlp.loss(arch, p, setup.Y_dev))
            if self._dev_targets is not None:
                entry["dev_accuracy"] = float(mlp.correct(arch, p.output, self._dev_targets)
                                              / len(self._dev_targets))
        self.epoch = epoch + 1
        reason = health.divergence(train_loss, self.start_loss)
        if reason is None and not _finite(params):
            reason = "non_finite"
        if reason:
            self.divergence = {"epoch": epoch + 1, "reason": reason, "loss": _jnum(train_loss)}
        return entry

    # ---- what a progress event or the result shows -------------------------------------------
    def checkpoint(self) -> dict | None:
        return checkpoint.make(self)

    def gradients(self) -> dict | None:
        """{"W1": [[…]], …}: the gradient of the last epoch's first update, which its grad_norms
        measure (None before the first epoch, or when it is as large as a too-large checkpoint)."""
        if self.first_grads is None or (self.setup.arch.parameter_count
                                        > checkpoint.MAX_CHECKPOINT_NUMBERS):
            return None
        return {k: _json(v) for k, v in self.first_grads.items()}

    def boundary(self) -> dict | None:
        s = self.setup
        with np.errstate(all="ignore"):
            return pictures.decision_boundary(s.arch, self.params, s.X_raw, s.scale)

    def neurons(self) -> dict | None:
        s = self.setup
        with np.errstate(all="ignore"):
            return pictures.neuron_pictures(s.arch, self.params, s.X_raw, s.scale)

    def warnings(self) -> list:
        d = self.divergence
        if d is None:
            return []
        if d["reason"] == "too_large":
            return [coded("training_diverged_loss", epoch=d["epoch"], limit=f"{health.DIVERGED_LOSS:g}")]
        if d["reason"] == "grew":
            return [coded("training_diverged_grew", epoch=d["epoch"], loss=f"{d['loss']:.3g}",
                          factor=f"{health.DIVERGED_GROWTH:g}", start=f"{self.start_loss:.3g}")]
        return [coded("training_diverged", epoch=d["epoch"])]

    def result(self, history: list, cancelled: bool = False) -> dict:
        setup = self.setup
        return {
            "history": history,
            "parameters": {k: {"value": _json(v)} for k, v in self.params.items()},
            "decision_boundary": self.boundary(),
            "neurons": self.neurons(),
            "data": _points(setup),
            "normalization": None if setup.mean is None else {"mean": _json(setup.mean),
                                                              "std": _json(setup.std)},
            "epoch": self.epoch,
            "cancelled": cancelled,
            "diverged": self.divergence is not None,
            "divergence": self.divergence,
            "checkpoint": self.checkpoint(),
            "optimizer": {"name": self.opt.name, **self.opt.settings()},
            "warnings": self.warnings(),
        }


def _run(setup: Setup, stop_at):
    """Replays the run until update ``stop_at`` = (epoch, batch) and raises _Stop there with the
    parameters, optimiser, sample indices and dropout masks of that update (for step_view)."""
    Run(setup).advance(stop_at=stop_at)


# ---- a run in slices, stateless between them (the API's worker processes run one slice each) ----
# A slice's state travels back and forth as plain picklable objects; only the request is re-read, and
# each process keeps the last few requests' Setup (data generated, CSV parsed, split, normalised) so
# that a slice does not redo that work: a cache, never the run itself.
SETUP_CACHE = 4
_setups: OrderedDict = OrderedDict()


def _setup(request: dict) -> Setup:
    key = json.dumps({k: v for k, v in request.items() if k != "resume_from"}, sort_keys=True)
    setup = _setups.pop(key, None) or Setup(request)
    _setups[key] = setup
    while len(_setups) > SETUP_CACHE:
        _setups.popitem(last=False)
    return setup


_STATE = ("params", "opt", "shuffle_rng", "dropout_rng", "epoch", "start_loss", "divergence")


def start(request: dict) -> dict:
    """Checks a request (and its resume_from) before any epoch runs: {"epoch", "epochs"}, or raises
    the EngineError that says what is wrong."""
    run = Run(_setup(request), request.get("resume_from"))
    return {"epoch": run.epoch, "epochs": run.setup.epochs}


def advance_slice(request: dict, state: dict | None, max_epochs: int | None, max_seconds: float) -> dict:
    """Runs the next slice of ``request``'s run: from ``state`` (what the previous slice returned),
    or from its start / its resume_from when None. → {"history": the slice's entries, "state", "epoch",
    "finished", "boundary", "neurons", "gradients", "checkpoint"}: what a progress event shows."""
    run = Run(_setup(request), None if state else request.get("resume_from"))
    if state:
        for k in _STATE:
            setattr(run, k, state[k])
    entries = run.advance(max_epochs, max_seconds)
    return {"history": entries, "state": {k: getattr(run, k) for k in _STATE}, "epoch": run.epoch,
            "finished": run.finished, "boundary": run.boundary(), "neurons": run.neurons(),
            "gradients": run.gradients(), "checkpoint": run.checkpoint()}


def finish(request: dict, state: dict | None, history: list, cancelled: bool = False) -> dict:
    """The result of a run sliced by advance_slice (as ``train`` would answer it)."""
    run = Run(_setup(request), None if state else request.get("resume_from"))
    if state:
        for k in _STATE:
            setattr(run, k, state[k])
    return run.result(history, cancelled)


def _points(setup: Setup) -> dict:
    def part(idx):
        return {"x": _json(setup.X_raw[idx]), "y": _json(setup.labels[idx]),
                "index": idx.tolist()}
    return {"train": part(setup.train_idx), "dev": part(setup.dev_idx), "header": setup.header}


def train(request: dict, on_epoch=None, should_stop=None) -> dict:
    """Run a training request (see the module doc) → the result (contract §5):

    ``{"history": [{"epoch", "train_loss", "dev_loss", "train_accuracy", "dev_accuracy",
    "grad_norms", "activations"}, …], "parameters": {"W1": {"value": [[…]]}, …},
    "decision_boundary": {"xs", "ys", "probabilities", "kind"} | None, "neurons": {…} | None,
    "data": {"train": {"x", "y", "index"}, "dev": {…}, "header"}, "normalization": {"mean", "std"}
    | None, "epoch", "cancelled", "diverged", "divergence", "checkpoint", "warnings": [..]}``

    With ``resume_from`` (a checkpoint) the run continues from it and ``history`` holds the epochs
    after it. ``on_epoch(entry)`` is called after every epoch; ``should_stop()`` is polled before
    every epoch and a True answer ends the run with what was done so far (``cancelled: true``).
    Raises an EngineError subclass, before any epoch runs, for anything wrong with the request.
    """
    setup = Setup(request)
    run = Run(setup, request.get("resume_from"))
    history, cancelled = [], False
    while not run.finished:
        if should_stop is not None and should_stop():
            cancelled = True
            break
        entry = run.advance(1)[0]
        history.append(entry)
        if on_epoch is not None:
            on_epoch(entry)
    return run.result(history, cancelled)
