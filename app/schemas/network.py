"""POST /api/v1/network: a small network from a spec, as a computation graph (docs/contract.md §2)."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from engine.networks.init import INITS
from engine.networks.netspec import (ACTIVATIONS, LOSS_OUTPUT, LOSSES, LOSSES_NEEDING_OUTPUT, MAX_LAYERS, MAX_SEED,
                                     MAX_UNITS)
from engine.networks.network import MAX_SCALAR_UNITS, ROLES, VIEWS

from .common import OutTensor, Tensor
from .graph import GraphResponse, Node

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


# The engine's limits, imported: the schema checks each field's own bounds with them (422, like every
# bound of the training request), so what GET /openapi.json states (maxItems, maximum) is what is
# checked, by the same declaration. Rules across fields stay the engine's (400 with its code): the
# scalar view's units, the loss's output activation, the parameter count.
class Layer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    units: StrictInt = Field(ge=1, le=MAX_UNITS, description=f"Number of units n_i; in the scalar view at most "
                             f"{MAX_SCALAR_UNITS} (400 scalar_view_units).")
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


# The scalar view's limit on every layer's units, input included, in JSON Schema's own words (if the
# view is scalar, then …), so a client reading GET /openapi.json sees it; the engine checks it (a rule
# across two fields, which a field's bounds cannot say).
SCALAR_VIEW_LIMIT = {
    "if": {"properties": {"view": {"const": "scalar"}}, "required": ["view"]},
    "then": {"properties": {"input_size": {"maximum": MAX_SCALAR_UNITS},
                            "layers": {"items": {"properties": {"units": {"maximum": MAX_SCALAR_UNITS}}}}}},
}


class NetworkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=SCALAR_VIEW_LIMIT)
    input_size: StrictInt = Field(ge=1, le=MAX_UNITS, description="n_0, the number of input features; in the "
                                  f"scalar view at most {MAX_SCALAR_UNITS} (400 scalar_view_units).")
    # maxItems is the engine's limit; the page's network form stops adding layers at it.
    layers: list[Layer] = Field(min_length=1, max_length=MAX_LAYERS, description="Hidden layers then the output layer.")
    loss: Loss
    x: Tensor = Field(description="One sample (input_size numbers) or a batch (a list of samples).")
    y: Tensor = Field(description="The label(s): one per sample (bce, ce) or one row per sample (mse).")
    weights: dict[str, Tensor] | None = Field(None, description="Explicit W1, b1, W2, …: W^[i] has shape "
                                              "(n_i, n_{i-1}), z = W x + b. Without it, `init` and `seed`.")
    init: Literal[INITS] | None = Field(None, description="Random initialisation when no weights are given "
                                        "(see engine/networks/init.py); biases start at zero.")
    seed: StrictInt | None = Field(None, ge=0, le=MAX_SEED, description="Seed of the random initialisation.")
    view: Literal[VIEWS] = Field("layer", description="layer: nodes W1, b1, z1, a1, …, L (eq 6.35); "
                                 "scalar: every weight, product and sum its own node (figure 6.18; one "
                                 "sample only).")


class ParameterValue(BaseModel):
    model_config = ConfigDict(extra="allow")
    value: OutTensor
    grad: OutTensor


class NetworkNode(Node):
    """A network answer's node: the §1 node plus the layer it belongs to and, on an input, its role."""
    layer: int = Field(description="The layer whose equation the node belongs to: 0 for the input x, i for "
                                   "W^[i], b^[i], z^[i], a^[i], depth + 1 for the loss and its label y.")
    role: Literal[ROLES] | None = Field(None, description="Only on inputs: `data` for the network's data (the "
                                        "sample x and labels y; x1, x2, …, y in the scalar view), whose gradient "
                                        "practice, the worksheet and the TikZ export do not ask; `mask` for a "
                                        "dropout mask (drawn, not learned).")


class NetworkResponse(GraphResponse):
    """The graph structure (output value = the loss) plus the parameters in matrix form."""
    nodes: list[NetworkNode] = Field(description="In topological (forward) order.")
    parameters: dict[str, ParameterValue]
    view: Literal[VIEWS]
