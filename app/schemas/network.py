"""POST /api/v1/network: a small network from a spec, as a computation graph (docs/contract.md §2)."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from engine.networks.init import INITS
from engine.networks.netspec import ACTIVATIONS, LOSS_OUTPUT, LOSSES, LOSSES_NEEDING_OUTPUT, MAX_LAYERS
from engine.networks.network import VIEWS

from .common import OutTensor, Tensor
from .graph import GraphResponse

NETWORK_EXAMPLES = {
    "figure-6.18": {
        "summary": "Figure 6.18: 2 inputs, 2 ReLU hidden units, a sigmoid output, binary cross-entropy",
        "value": {"input_size": 2, "layers": [{"units": 2, "activation": "relu"},
                                              {"units": 1, "activation": "sigmoid"}],
                  "loss": "bce", "x": [1.0, 2.0], "y": 1,
                  "weights": {"W1": [[0.5, -0.3], [0.2, 0.4]], "b1": [0.1, -0.1],
                              "W2": [[0.7, -0.5]], "b2": [0.2]},
                  "view": "scalar"},
    },
    "seeded-batch": {
        "summary": "A batch of two samples, seeded He initialisation, layer view",
        "value": {"input_size": 2, "layers": [{"units": 3, "activation": "tanh"},
                                              {"units": 1, "activation": "sigmoid"}],
                  "loss": "bce", "x": [[1, 2], [3, 4]], "y": [1, 0], "init": "he", "seed": 0,
                  "view": "layer"},
    },
}


class Layer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    units: StrictInt = Field(ge=1, description="Number of units n_i.")
    # The choices are the engine's tuples (Literal[t] of a tuple is Literal[*t]: an enum in the OpenAPI
    # document, which the docs, schemathesis and the page's network form read).
    activation: Literal[ACTIVATIONS]


_PAIRS = ", ".join(f"{loss}: {output}" for loss, output in LOSS_OUTPUT.items())
# A request's loss (the network and the training requests take the same). The engine's table of which
# output activation goes with which loss is stated beside the enum as an OpenAPI specification
# extension (a schema may carry x- fields): the page's network form moves the output layer along with
# the loss by it, and the training form builds its output layer by it. The description says the same
# in words for /docs.
Loss = Annotated[Literal[LOSSES], Field(
    description="bce: mean binary cross-entropy on sigmoid outputs; ce: mean categorical cross-entropy "
    "on softmax outputs with class-index labels; mse: mean squared error. `x-output-activation` gives "
    f"the output layer's activation each loss goes with ({_PAIRS}); {' and '.join(LOSSES_NEEDING_OUTPUT)} "
    "refuse any other (400 loss_activation_mismatch), the others take any.",
    json_schema_extra={"x-output-activation": LOSS_OUTPUT})]


class NetworkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    input_size: StrictInt = Field(ge=1, description="n_0, the number of input features.")
    # maxItems documents the engine's limit (the page's form reads it here); the engine refuses more
    # itself, a 400 whose message names the limit (layer_limit), so the schema does not check it again.
    layers: list[Layer] = Field(min_length=1, description="Hidden layers then the output layer.",
                                json_schema_extra={"maxItems": MAX_LAYERS})
    loss: Loss
    x: Tensor = Field(description="One sample (input_size numbers) or a batch (a list of samples).")
    y: Tensor = Field(description="The label(s): one per sample (bce, ce) or one row per sample (mse).")
    weights: dict[str, Tensor] | None = Field(None, description="Explicit W1, b1, W2, …: W^[i] has shape "
                                              "(n_i, n_{i-1}), z = W x + b. Without it, `init` and `seed`.")
    init: Literal[INITS] | None = Field(None, description="Random initialisation when no weights are given "
                                        "(see engine/networks/init.py); biases start at zero.")
    seed: StrictInt | None = Field(None, description="Seed of the random initialisation.")
    view: Literal[VIEWS] = Field("layer", description="layer: nodes W1, b1, z1, a1, …, L (eq 6.35); "
                                 "scalar: every weight, product and sum its own node (figure 6.18; one "
                                 "sample only).")


class ParameterValue(BaseModel):
    model_config = ConfigDict(extra="allow")
    value: OutTensor
    grad: OutTensor


class NetworkResponse(GraphResponse):
    """The graph structure (output value = the loss) plus the parameters in matrix form."""
    parameters: dict[str, ParameterValue]
    view: Literal[VIEWS]
