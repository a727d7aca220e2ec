"""Checkpoints: everything needed to continue a training run exactly where it stopped, as JSON.

A run lives on no server. The stream sends a checkpoint after every progress event; a request with
``resume_from`` continues from it, on any worker or replica, and ends with parameters bit-identical to
the same run never interrupted (JSON floats round-trip exactly; the random generators' states are
carried whole). A checkpoint holds:

  format        CHECKPOINT_FORMAT
  fingerprint   {"architecture", "data", "optimizer", "training"}: hashes of the parts of the
                request that shape the run (layers and loss; the samples as split and normalised;
                the optimiser and its settings; batch_size, shuffle, l2, dropout). ``epochs`` and
                ``pace`` are not in it: a resumed run may go on longer, or at another speed.
  epoch, batch  the position: epochs completed, and the mini-batch within the next one (always 0:
                checkpoints are taken between epochs)
  parameters    {"W1": [[…]], "b1": […], …}
  optimizer     {"name", "t": Adam's step count or null, "state": {"velocity": {W1: …}} (momentum),
                {"m": {…}, "v": {…}} (Adam) or {} (sgd)}
  rng           {"shuffle": …, "dropout": …}: numpy PCG64 states, the 128-bit numbers as hex text
  start_loss    the untrained network's loss (the divergence rule compares with it)

It is not signed and need not be: it can only express what a request's ``weights`` already can,
and every part is checked (shapes, finiteness, ranges, the fingerprint) before a run continues.
"""
from __future__ import annotations

import hashlib
import json
import math

import numpy as np

from ..core.errors import EngineError, LimitError
from .netspec import SpecError, as_array, check_keys, integer
from .netspec import to_json as _json

CHECKPOINT_FORMAT = "backprop-checkpoint/1"
# Parameters plus optimiser state, counted in numbers: ~20 JSON characters each, so a checkpoint
# this size (~0.8 MB) still fits in a request under the API's 1 MiB body limit. Larger runs send
# no checkpoint (they cannot be resumed, only restarted).
MAX_CHECKPOINT_NUMBERS = 40_000
_KEYS = {"format", "fingerprint", "epoch", "batch", "parameters", "optimizer", "rng", "start_loss"}
_PARTS = ("architecture", "data", "optimizer", "training")
_STATE_SLOTS = {"sgd": (), "momentum": ("velocity",), "adam": ("m", "v")}
_U128 = 1 << 128


class CheckpointError(EngineError):
    """A resume_from checkpoint that cannot continue this request; the message says why."""
    kind = "CheckpointError"


def _digest(*parts) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.tobytes() if isinstance(p, np.ndarray) else json.dumps(p, sort_keys=True).encode())
        h.update(b"\0")
    return h.hexdigest()[:20]


def fingerprint(setup, opt) -> dict:
    """Hashes of what shapes the run, part by part, so a mismatch can be named."""
    arch = setup.arch
    hyper = {k: getattr(opt, a) for k, a in (("lr", "lr"), ("momentum", "mu"), ("beta1", "beta1"),
                                             ("beta2", "beta2"), ("eps", "eps")) if hasattr(opt, a)}
    return {
        "architecture": _digest(list(arch.sizes), list(arch.activations), arch.loss),
        "data": _digest(setup.X_train, setup.Y_train, setup.X_dev, setup.Y_dev,
                        setup.train_idx, setup.dev_idx),
        "optimizer": _digest(opt.name, hyper),
        "training": _digest(setup.batch_size, setup.shuffle, setup.l2, setup.dropout),
    }


def numbers_in(arch, optimizer_name: str) -> int:
    """How many numbers a checkpoint of this run holds (parameters and optimiser state)."""
    return arch.parameter_count * (1 + len(_STATE_SLOTS[optimizer_name]))


def _rng_state(rng) -> dict:
    s = rng.bit_generator.state
    return {"state": format(s["state"]["state"], "x"), "inc": format(s["state"]["inc"], "x"),
            "has_uint32": s["has_uint32"], "uinteger": s["uinteger"]}


def make(run) -> dict | None:
    """The checkpoint of ``run`` (a training.Run) after its last epoch; None when it is too large
    or its parameters are no longer finite (a diverged run cannot usefully continue)."""
    setup, opt = run.setup, run.opt
    if numbers_in(setup.arch, opt.name) > MAX_CHECKPOINT_NUMBERS:
        return None
    if not all(np.isfinite(v).all() for v in run.params.values()):
        return None
    names = setup.arch.parameter_names
    state = {slot: {k: _json(getattr(opt, slot)[k]) for k in names if k in getattr(opt, slot)}
             for slot in _STATE_SLOTS[opt.name]}
    return {
        "format": CHECKPOINT_FORMAT,
        "fingerprint": run.fingerprint,
        "epoch": run.epoch,
        "batch": 0,
        "parameters": {k: _json(run.params[k]) for k in names},
        "optimizer": {"name": opt.name, "t": getattr(opt, "t", None), "state": state},
        "rng": {"shuffle": _rng_state(run.shuffle_rng), "dropout": _rng_state(run.dropout_rng)},
        "start_loss": run.start_loss,
    }


def _fail(message: str, hint: str | None = None):
    raise CheckpointError(message, hint=hint or "Resume from a checkpoint this request's own stream "
                          "sent, unchanged; or start the run again without resume_from.")


def _array(value, what: str, shape: tuple) -> np.ndarray:
    try:
        a = as_array(value, what, limit=MAX_CHECKPOINT_NUMBERS)
    except SpecError as err:
        _fail(f"In the checkpoint, {err.message}")
    if a.shape != shape:
        _fail(f"The checkpoint's {what} has shape {a.shape}; this network's has {shape}.")
    return a


def _restore_rng(rng, value, what: str) -> None:
    if not isinstance(value, dict) or set(value) != {"state", "inc", "has_uint32", "uinteger"}:
        _fail(f"The checkpoint's {what} random generator state must hold state, inc, has_uint32 "
              "and uinteger.")
    try:
        state, inc = int(value["state"], 16), int(value["inc"], 16)
    except (TypeError, ValueError):
        _fail(f"The checkpoint's {what} random generator state and inc must be hexadecimal text.")
    has, extra = value["has_uint32"], value["uinteger"]
    if not (0 <= state < _U128 and 0 < inc < _U128 and inc % 2 == 1 and has in (0, 1)
            and isinstance(extra, int) and not isinstance(extra, bool) and 0 <= extra < 1 << 32):
        _fail(f"The checkpoint's {what} random generator state is out of range (state and inc are "
              "128-bit numbers, inc odd).")
    rng.bit_generator.state = {"bit_generator": "PCG64", "state": {"state": state, "inc": inc},
                               "has_uint32": has, "uinteger": extra}


def restore(run, checkpoint) -> None:
    """Put ``checkpoint`` into ``run`` (freshly made from the same request), or raise
    CheckpointError (LimitError when it is too large) saying what is wrong."""
    setup, opt, arch = run.setup, run.opt, run.setup.arch
    if not isinstance(checkpoint, dict):
        _fail("resume_from must be a checkpoint object, as sent in the stream's progress events.")
    try:
        check_keys(checkpoint, _KEYS, "checkpoint")
    except SpecError as err:
        _fail(err.message)
    missing = sorted(_KEYS - set(checkpoint))
    if missing:
        _fail(f"The checkpoint is missing {', '.join(missing)}.")
    if checkpoint["format"] != CHECKPOINT_FORMAT:
        _fail(f"The checkpoint's format is {checkpoint['format']!r}; this server reads "
              f"{CHECKPOINT_FORMAT!r}.")
    if numbers_in(arch, opt.name) > MAX_CHECKPOINT_NUMBERS:
        raise LimitError(f"This run's checkpoint would hold {numbers_in(arch, opt.name)} numbers; the "
                         f"limit is {MAX_CHECKPOINT_NUMBERS}.", hint="Use a smaller network, or "
                         "train without resume_from.")
    theirs = checkpoint["fingerprint"]
    if not isinstance(theirs, dict) or set(theirs) != set(_PARTS):
        _fail(f"The checkpoint's fingerprint must hold {', '.join(_PARTS)}.")
    differ = [p for p in _PARTS if theirs[p] != run.fingerprint[p]]
    if differ:
        _fail(f"This checkpoint belongs to another run: its {' and '.join(differ)} differ from this "
              "request's.", hint="Resume with the same settings the run was started with (only "
              "epochs and pace may change), or start a new run without resume_from.")
    try:
        epoch = integer(checkpoint["epoch"], "The checkpoint's epoch", 1, setup.epochs - 1)
    except SpecError:
        _fail(f"The checkpoint is at epoch {checkpoint['epoch']!r}; this request trains epochs "
              f"1 to {setup.epochs}, so nothing would be left to do.",
              hint="Ask for more epochs than the checkpoint has done, or start a new run.")
    if checkpoint["batch"] != 0 or isinstance(checkpoint["batch"], bool):
        _fail("The checkpoint's batch must be 0: checkpoints are taken between epochs.")
    params = checkpoint["parameters"]
    if not isinstance(params, dict) or set(params) != set(arch.parameter_names):
        _fail(f"The checkpoint's parameters must be exactly {', '.join(arch.parameter_names)}.")
    shapes = {k: v.shape for k, v in run.params.items()}
    new_params = {k: _array(params[k], k, shapes[k]) for k in arch.parameter_names}

    spec = checkpoint["optimizer"]
    if not isinstance(spec, dict) or set(spec) != {"name", "t", "state"}:
        _fail("The checkpoint's optimizer must hold name, t and state.")
    if spec["name"] != opt.name:
        _fail(f"The checkpoint was made by {spec['name']!r}, this request uses {opt.name!r}.")
    state = spec["state"]
    slots = _STATE_SLOTS[opt.name]
    if not isinstance(state, dict) or set(state) != set(slots):
        _fail(f"The {opt.name} checkpoint's optimizer state must hold "
              f"{', '.join(slots) or 'nothing'}.")
    restored = {}
    for slot in slots:
        if not isinstance(state[slot], dict) or set(state[slot]) != set(arch.parameter_names):
            _fail(f"The checkpoint's {slot} must have an entry for each of "
                  f"{', '.join(arch.parameter_names)}.")
        restored[slot] = {k: _array(state[slot][k], f"{slot} of {k}", shapes[k])
                          for k in arch.parameter_names}
    if opt.name == "adam":
        t = spec["t"]
        if isinstance(t, bool) or not isinstance(t, int) or t < 1:
            _fail("The checkpoint's Adam step count t must be a whole number of at least 1.")
        if any((v < 0).any() for v in restored["v"].values()):
            _fail("The checkpoint's Adam second moments v must not be negative.")
        opt.t = t
    elif spec["t"] is not None:
        _fail(f"The checkpoint's t must be null for {opt.name}.")
    first = checkpoint["start_loss"]
    if isinstance(first, bool) or not isinstance(first, (int, float)) or not math.isfinite(first):
        _fail("The checkpoint's start_loss must be a finite number.")
    rngs = checkpoint["rng"]
    if not isinstance(rngs, dict) or set(rngs) != {"shuffle", "dropout"}:
        _fail("The checkpoint's rng must hold shuffle and dropout.")
    _restore_rng(run.shuffle_rng, rngs["shuffle"], "shuffle")
    _restore_rng(run.dropout_rng, rngs["dropout"], "dropout")
    for slot, values in restored.items():
        getattr(opt, slot).update(values)
    run.params = new_params
    run.epoch = epoch
    run.start_loss = float(first)
