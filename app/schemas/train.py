"""Schemas of the training lab: what POST /api/v1/train (and /train/stream, /train/step) accept and
answer. Types, ranges and enums are checked here (422); what only the engine can judge (shapes of x, y
and weights against the layers, CSV contents, work limits) it refuses with a 400 and a hint."""
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from engine.networks.datasets import DATASETS, MAX_DATASET_POINTS, MAX_NOISE, MAX_SCALE, MIN_DATASET_POINTS, MIN_SCALE
from engine.networks.init import INITS
from engine.networks.netspec import ACTIVATIONS, MAX_LAYERS, MAX_SEED
from engine.networks.netspec import MAX_UNITS as MAX_INPUT_SIZE
from engine.networks.optim import DEFAULTS as OPTIMIZER_DEFAULTS
from engine.networks.optim import MAX_LR, OPTIMIZERS
from engine.networks.training import MAX_BATCH_SIZE, MAX_EPOCHS, MAX_L2

from .common import ERROR_RESPONSES, ErrorResponse, Number, OutNumber, OutTensor, Tensor
from .network import Loss

# Floats in a request must be finite (the strict JSON parser already refuses NaN and Infinity).
Finite = Annotated[float, Field(allow_inf_nan=False)]

# Bounds the schema checks before any work is done (the OpenAPI document states them, and the page's
# training form reads them there): the engine's own, imported, so the two never disagree (the engine
# also bounds the product epochs × parameters × samples; see engine.networks.training). The units per
# layer are the app's own, narrower than the engine's:
MAX_UNITS = 256         # per layer; the page draws every unit's weights in the step view

# The choices (activations, losses, initialisations, optimisers, data sets) are the engine's tuples:
# Literal[t] of a tuple t is Literal[*t], an enum in the OpenAPI document the docs, schemathesis and
# the page's forms read.


class Layer(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    units: int = Field(ge=1, le=MAX_UNITS, description="n^[i], the number of units of this layer.")
    activation: Literal[ACTIVATIONS] = Field(description=f"g^[i]: {', '.join(ACTIVATIONS[:-1])} or {ACTIVATIONS[-1]}.")


class Dataset(BaseModel):
    """A toy data set generated from a seed (the same seed always gives the same points)."""
    model_config = ConfigDict(extra="forbid", strict=True)
    name: Literal[DATASETS] = Field(
        description=f"{', '.join(DATASETS[:-1])} or {DATASETS[-1]} (two Gaussian blobs).")
    n: int = Field(200, ge=MIN_DATASET_POINTS, le=MAX_DATASET_POINTS, description="Number of points.")
    noise: Finite | None = Field(None, ge=0, le=MAX_NOISE,
                                 description="Standard deviation of the added noise; null = the data set's default.")
    seed: int = Field(0, ge=0, le=MAX_SEED)
    scale: list[Annotated[Finite, Field(ge=MIN_SCALE, le=MAX_SCALE)]] | None = Field(
        None, min_length=2, max_length=2,
        description="[s1, s2]: multiply each feature (default [1, 1]), to see what input normalisation is for.")


def _state_optimizer_defaults(schema: dict) -> None:
    """The engine's defaults (optim.DEFAULTS) in the Optimizer schema, in words for /docs and as the
    `x-defaults` table the page's training form reads (an OpenAPI specification extension: a field's
    JSON Schema `default` cannot depend on `name`, and lr's does)."""
    schema["description"] += " Defaults: " + "; ".join(
        f"{name}: " + ", ".join(f"{key} {value:g}" for key, value in settings.items())
        for name, settings in OPTIMIZER_DEFAULTS.items()) + " (`x-defaults`)."
    schema["x-defaults"] = {name: dict(settings) for name, settings in OPTIMIZER_DEFAULTS.items()}


class Optimizer(BaseModel):
    """SGD, SGD with momentum (v = μv + g; θ −= lr·v, as torch.optim.SGD) or Adam (bias-corrected, as
    torch.optim.Adam). Values left out (or null) take the optimiser's defaults, PyTorch's; values the
    optimiser does not use are ignored."""
    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_state_optimizer_defaults)
    name: Literal[OPTIMIZERS] = "sgd"
    lr: Finite | None = Field(None, gt=0, le=MAX_LR, description="Learning rate η.")
    momentum: Finite | None = Field(None, ge=0, lt=1, description="μ, used by momentum.")
    beta1: Finite | None = Field(None, ge=0, lt=1, description="Adam's β1.")
    beta2: Finite | None = Field(None, ge=0, lt=1, description="Adam's β2.")
    eps: Finite | None = Field(None, gt=0, le=1, description="Adam's ε, added to sqrt(v̂).")


# Fastest pace a request may ask for; faster than the page can draw is the same as "as fast as possible".
MAX_PACE = 10_000.0


class Fingerprint(BaseModel):
    """Hashes of the parts of the request that shape the run (see engine/networks/checkpoint.py)."""
    model_config = ConfigDict(extra="forbid", strict=True)
    architecture: str = Field(max_length=64)
    data: str = Field(max_length=64)
    optimizer: str = Field(max_length=64)
    training: str = Field(max_length=64)


class RngState(BaseModel):
    """A numpy PCG64 generator's state; the 128-bit numbers as hexadecimal text."""
    model_config = ConfigDict(extra="forbid", strict=True)
    state: str = Field(max_length=32)
    inc: str = Field(max_length=32)
    has_uint32: int = Field(ge=0, le=1)
    uinteger: int = Field(ge=0, lt=2**32)


class Rngs(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    shuffle: RngState
    dropout: RngState


class OptimizerState(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    name: Literal[OPTIMIZERS]
    t: int | None = Field(description="Adam's step count; null for sgd and momentum.")
    state: dict[Literal["velocity", "m", "v"], dict[str, Tensor]] = Field(
        description='{"velocity": {"W1": …}} (momentum), {"m": {…}, "v": {…}} (adam) or {} (sgd).')


class Checkpoint(BaseModel):
    """Everything needed to continue a run exactly after its last epoch: sent in every progress event
    of /train/stream and in every result; give it back as `resume_from`. Its structure is checked here
    (422); whether it fits this request (shapes, fingerprint, finiteness, size) by the engine (400)."""
    model_config = ConfigDict(extra="forbid", strict=True)
    format: Literal["backprop-checkpoint/1"]
    fingerprint: Fingerprint
    epoch: int = Field(ge=1, description="Epochs completed.")
    batch: int = Field(ge=0, description="Mini-batch within the next epoch (0: checkpoints are taken between epochs).")
    parameters: dict[str, Tensor]
    optimizer: OptimizerState
    rng: Rngs
    start_loss: Finite = Field(description="The untrained network's loss (first mini-batch) (the divergence rule compares with it).")


TRAIN_EXAMPLE = {
    "input_size": 2,
    "layers": [{"units": 8, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}],
    "loss": "bce",
    "init": "xavier",
    "dataset": {"name": "moons", "n": 200, "noise": 0.1, "seed": 0},
    "optimizer": {"name": "adam", "lr": 0.05},
    "epochs": 100,
    "batch_size": 32,
    "shuffle": True,
    "l2": 0.0,
    "dropout": 0.0,
    "normalize": True,
    "dev_fraction": 0.2,
    "seed": 0,
}


class TrainRequest(BaseModel):
    """A network spec (as POST /api/v1/network), its data and how to train it."""
    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={"examples": [TRAIN_EXAMPLE]})

    input_size: int = Field(ge=1, le=MAX_INPUT_SIZE, description="n^[0], the number of features.")
    layers: list[Layer] = Field(min_length=1, max_length=MAX_LAYERS)
    loss: Loss
    weights: dict[str, Tensor] | None = Field(
        None, description="Initial W1, b1, … (W^[i] has shape (n_i, n_{i−1})); else `init` with `seed`.")
    init: Literal[INITS] = Field(
        "small", description="Random initialisation when no weights are given (biases start at zero): "
        "small N(0, 0.1²), xavier (Glorot normal), he, or normal N(0, 1); see engine/networks/init.py.")
    x: list[Number | list[Number]] | None = Field(None, description="Samples, one list of input_size numbers each.")
    y: list[Number | list[Number]] | None = Field(None, description="One label (or target vector) per sample.")
    dataset: Dataset | None = None
    csv: str | None = Field(
        None, description="Your own data: one sample per line, features then the label, optional header. "
        "Size is bounded by the body limit (413) and the engine's CSV limits (rows, columns, bytes: 400).")
    optimizer: Optimizer = Field(default_factory=Optimizer)
    epochs: int = Field(100, ge=1, le=MAX_EPOCHS)
    batch_size: int | None = Field(None, ge=1, le=MAX_BATCH_SIZE, description="Mini-batch size; null = the full batch.")
    shuffle: bool = Field(True, description="Reshuffle the training samples each epoch (seeded).")
    l2: Finite = Field(0.0, ge=0, le=MAX_L2, description="λ: adds (λ/2)·Σ‖W‖² over weight matrices.")
    dropout: Finite = Field(0.0, ge=0, lt=1, description="Inverted dropout rate p on hidden layers.")
    normalize: bool = Field(False, description="Standardise inputs with the training split's mean/std.")
    dev_fraction: Finite = Field(0.0, ge=0, lt=1, description="Share of samples held out as the dev set.")
    seed: int = Field(0, ge=0, le=MAX_SEED, description="Seeds init, shuffling, dropout and the split.")
    pace: Finite | None = Field(
        None, gt=0, le=MAX_PACE, description="Epochs per second to train at, so a run can be watched; "
        "null = as fast as possible. Not part of the checkpoint's fingerprint: a resumed run may change it.")
    resume_from: Checkpoint | None = Field(
        None, description="Continue from this checkpoint (from a progress event or a result of the same "
        "request; only `epochs` and `pace` may differ). The run ends bit-identical to one never "
        "interrupted; `history` holds the epochs after the checkpoint.")

    @model_validator(mode="after")
    def one_data_source(self):
        given = [name for name in ("dataset", "csv") if getattr(self, name) is not None]
        if self.x is not None or self.y is not None:
            given.append("x/y")
            if self.x is None or self.y is None:
                raise ValueError("give both x and y (one label per sample)")
        if len(given) != 1:
            raise ValueError("give exactly one data source: x and y, dataset, or csv")
        return self

    def to_engine(self) -> dict:
        """The dict engine.networks.training.train takes: unset optional sources left out; `pace` is
        the router's (how fast to run), not the engine's (what to compute)."""
        body = self.model_dump(exclude_none=True, exclude={"pace"})
        body["batch_size"] = self.batch_size  # None is meaningful: the full batch
        return body


class StepRequest(TrainRequest):
    """A training request plus which mini-batch update to show (both 0-based)."""
    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={
        "examples": [{**TRAIN_EXAMPLE, "epochs": 1, "epoch": 0, "batch": 0}]})
    epoch: int = Field(0, ge=0, description="The epoch of the update (0-based, < epochs).")
    batch: int = Field(0, ge=0, description="The mini-batch within that epoch (0-based).")


class LayerStats(BaseModel):
    layer: int = Field(description="i of a^[i] (1-based; the last is the output layer).")
    activation: str
    mean: OutNumber
    std: OutNumber
    zero_fraction: float | None = Field(description="ReLU layers: share of a^[i] exactly 0 (ReLU'(z) = 0 there).")
    saturated_fraction: float | None = Field(
        description="sigmoid / tanh layers: share of units saturated (|a| > 0.99 for tanh, σ outside [0.01, 0.99]).")


class HistoryEntry(BaseModel):
    epoch: int = Field(description="1-based epoch number.")
    train_loss: OutNumber = Field(description="Mean of the epoch's mini-batch losses, each computed in "
                                  "that epoch's forward pass before its update.")
    dev_loss: OutNumber | None = None
    train_accuracy: float | None = None
    dev_accuracy: float | None = None
    grad_norms: dict[str, OutNumber] = Field(
        description="Per parameter (W1, b1, …): the L2 (Frobenius) norm of the gradient the epoch's first update "
        "used, of the loss being minimised (λW included).")
    activations: list[LayerStats] = Field(description="Per layer, over the epoch's first mini-batch (before dropout).")


class Divergence(BaseModel):
    epoch: int
    reason: Literal["non_finite", "too_large"] = Field(
        description="non_finite: the loss or a parameter became NaN/∞; too_large: the loss grew past 1e6.")
    loss: OutNumber


class OptimizerUsed(BaseModel):
    """The optimiser a run used and its settings, defaults filled in (those its optimiser uses only)."""
    name: Literal[OPTIMIZERS]
    lr: float = Field(description="Learning rate η.")
    momentum: float | None = Field(None, description="μ (momentum only).")
    beta1: float | None = Field(None, description="β1 (adam only).")
    beta2: float | None = Field(None, description="β2 (adam only).")
    eps: float | None = Field(None, description="ε (adam only).")


class TrainResponse(BaseModel):
    history: list[HistoryEntry] = Field(description="One entry per epoch trained by this request (after the "
                                        "checkpoint's epoch when resuming).")
    parameters: dict[str, dict[str, OutTensor]] = Field(description='{"W1": {"value": [[…]]}, "b1": …} after the last epoch.')
    decision_boundary: dict[str, Any] | None = Field(
        None, description="For 2-D inputs: a grid {xs, ys, probabilities, kind} over the data's range.")
    neurons: dict[str, Any] | None = Field(
        None, description="For 2-D inputs: {xs, ys, layers: [[a 20×20 picture of each hidden unit's activation]]}.")
    data: dict[str, Any] | None = Field(None, description="The points used, for the scatter plot.")
    normalization: dict[str, Any] | None = None
    epoch: int = Field(description="Epochs completed in all (checkpoint's included).")
    cancelled: bool = False
    diverged: bool = False
    divergence: Divergence | None = None
    checkpoint: dict[str, Any] | None = Field(
        None, description="The run's checkpoint after its last epoch (null when diverged or too large to resume).")
    optimizer: OptimizerUsed = Field(description="The optimiser and the settings the run used, defaults filled in: "
                                     'e.g. {"name": "adam", "lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-08}.')
    model_config = ConfigDict(extra="allow")


class DataRequest(BaseModel):
    """The points of a generated data set or of your CSV, for the scatter plot before training."""
    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={
        "examples": [{"dataset": {"name": "spiral", "n": 200, "noise": 0.1, "seed": 0}}]})
    dataset: Dataset | None = None
    csv: str | None = Field(None, description="As in TrainRequest.")

    @model_validator(mode="after")
    def one_source(self):
        if (self.dataset is None) == (self.csv is None):
            raise ValueError("give exactly one of dataset or csv")
        return self


class DataResponse(BaseModel):
    x: list[list[float]] = Field(description="One row of features per sample.")
    y: list[float] = Field(description="The label (last CSV column) of each sample.")
    header: list[str] | None = Field(None, description="The CSV's header row, if it had one.")
    features: int
    labels: list[float] = Field(description="The distinct labels, sorted.")


TRAIN_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    429: {"model": ErrorResponse, "description": "The worker pool is full; wait the `Retry-After` seconds and try again."},
}
