"""Which activations, losses, initialisations, optimisers, data sets and views exist is the engine's
word: the request schemas build their Literal types from the engine's tuples, and the OpenAPI document
(read by the docs, schemathesis and the page's forms) lists them as enums."""
import ast
from pathlib import Path

import pytest

from engine.networks.datasets import DATASETS
from engine.networks.init import INITS
from engine.networks.netspec import ACTIVATIONS, LOSSES
from engine.networks.network import VIEWS
from engine.networks.optim import OPTIMIZERS

SCHEMAS = Path(__file__).resolve().parents[2] / "app" / "schemas"
ENGINE_CHOICES = (ACTIVATIONS, LOSSES, INITS, OPTIMIZERS, DATASETS, VIEWS)


def test_no_schema_writes_out_a_choice_of_the_engine():
    copies = []
    for path in sorted(SCHEMAS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Subscript) and getattr(node.value, "id", None) == "Literal":
                written = {c.value for c in ast.walk(node.slice) if isinstance(c, ast.Constant)}
                # Some of a tuple's choices written out (graph.py's local_form also says "scalar").
                if any(len(written) > 1 and written <= set(choices) for choices in ENGINE_CHOICES):
                    copies.append(f"{path.name}:{node.lineno}: {sorted(written)}")
    assert not copies, "use the engine's tuple instead: " + "; ".join(copies)


def test_the_openapi_document_lists_the_engines_choices(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]

    def enum(model, field, *, via=None):
        prop = schemas[model]["properties"][field]
        if via:
            prop = prop[via]
        branch = next(b for b in prop.get("anyOf", [prop]) if b.get("type") == "string")
        return tuple(branch["enum"])

    for request in ("NetworkRequest", "TrainRequest"):
        layer = schemas[request]["properties"]["layers"]["items"]["$ref"].rsplit("/", 1)[1]
        assert enum(layer, "activation") == ACTIVATIONS
        assert enum(request, "loss") == LOSSES
        assert enum(request, "init") == INITS
    assert enum("NetworkRequest", "view") == VIEWS
    assert enum("Optimizer", "name") == OPTIMIZERS
    assert enum("OptimizerState", "name") == OPTIMIZERS
    assert enum("Dataset", "name") == DATASETS


def test_the_network_takes_every_initialisation_the_engine_has(client):
    """The network schema offered three of the engine's four (no `normal`) though the engine builds all."""
    body = {"input_size": 2, "layers": [{"units": 2, "activation": "relu"}, {"units": 1, "activation": "sigmoid"}],
            "loss": "bce", "x": [1, 2], "y": 1, "seed": 0}
    for init in INITS:
        assert client.post("/api/v1/network", json={**body, "init": init}).status_code == 200, init


@pytest.mark.parametrize("model", ["NetworkRequest", "TrainRequest"])
def test_the_request_schemas_state_the_engines_output_for_each_loss(client, model):
    """The page's network form moves the output layer along with the loss by this table, and the
    training form builds its output layer by it; each had its own copy."""
    from engine.networks.netspec import LOSS_OUTPUT
    loss = client.get("/openapi.json").json()["components"]["schemas"][model]["properties"]["loss"]
    assert loss["x-output-activation"] == LOSS_OUTPUT
    assert set(LOSS_OUTPUT) == set(LOSSES) and set(LOSS_OUTPUT.values()) <= set(ACTIVATIONS)
