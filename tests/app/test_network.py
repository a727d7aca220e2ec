"""POST /api/v1/network: figure 6.18's network in both views against a hand-written backprop of eq 6.35,
and bad specs answered 4xx."""
import math

import numpy as np
import pytest

import engine
from app.schemas.network import NETWORK_EXAMPLES, NetworkResponse

pytestmark = pytest.mark.skipif(not hasattr(engine, "network"), reason="engine.networks.network has not landed")

FIG_6_18 = NETWORK_EXAMPLES["figure-6.18"]["value"]


def by_hand(spec):
    """Eq 6.35 and its backward pass for one sample: ReLU hidden, sigmoid output, BCE."""
    w = {k: np.array(v, dtype=float) for k, v in spec["weights"].items()}
    x, y = np.array(spec["x"], dtype=float), float(spec["y"])
    z1 = w["W1"] @ x + w["b1"]
    a1 = np.maximum(z1, 0)
    z2 = w["W2"] @ a1 + w["b2"]
    a2 = 1 / (1 + np.exp(-z2))
    loss = float(-(y * np.log(a2) + (1 - y) * np.log(1 - a2))[0])
    dz2 = a2 - y                                  # ∂L/∂z^[2] = a^[2] − y
    dz1 = (w["W2"].T @ dz2) * (z1 >= 0)           # ReLU'(0) = 1
    grads = {"W2": np.outer(dz2, a1), "b2": dz2, "W1": np.outer(dz1, x), "b1": dz1}
    return loss, grads


def loss_of(result):
    return next(n for n in result["nodes"] if n["id"] == result["output"])["value"]


@pytest.mark.parametrize("view", ["layer", "scalar"])
def test_figure_6_18_in_both_views_matches_hand_backprop(client, view):
    r = client.post("/api/v1/network", json={**FIG_6_18, "view": view})
    assert r.status_code == 200, r.text
    result = r.json()
    NetworkResponse.model_validate(result)
    assert result["view"] == view
    loss, grads = by_hand(FIG_6_18)
    assert math.isclose(loss_of(result), loss, rel_tol=1e-12)
    for name, grad in grads.items():
        np.testing.assert_allclose(np.array(result["parameters"][name]["grad"], dtype=float).reshape(grad.shape),
                                   grad, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(np.array(result["parameters"][name]["value"], dtype=float).ravel(),
                                   np.array(FIG_6_18["weights"][name], dtype=float).ravel())
    ids = {n["id"] for n in result["nodes"]}
    if view == "layer":
        assert {"x", "W1", "b1", "z1", "a1", "W2", "b2", "z2", "a2"} <= ids
    else:
        assert {"x1", "x2", "w1_11", "w1_12", "b1_1", "z1_1", "a1_1", "z2_1"} <= ids


def test_a_deep_layer_view_tells_each_node_its_layer(client):
    """The page draws the layer view one row per layer from `layer` (contract §2), not from ids."""
    spec = {"input_size": 2, "layers": [{"units": 3, "activation": "relu"}] * 8 + [{"units": 1, "activation": "sigmoid"}],
            "loss": "bce", "x": [1, 0.5], "y": 1, "init": "small", "seed": 1}
    r = client.post("/api/v1/network", json=spec)
    assert r.status_code == 200, r.text
    nodes = r.json()["nodes"]
    assert all(isinstance(n["layer"], int) for n in nodes)
    assert [n["layer"] for n in nodes if n["op"] == "matmul"] == list(range(1, 10))
    assert {n["id"]: n["layer"] for n in nodes if n["id"] in ("x", "W9", "a9", "y", "L")} == {
        "x": 0, "W9": 9, "a9": 9, "y": 10, "L": 10}
    graph = client.post("/api/v1/graph", json={"source": "L = sum(W @ x)", "values": {"W": [[1, 2]], "x": [3, 4]}})
    assert all("layer" not in n for n in graph.json()["nodes"]), "expressions have no layers"


def test_seeded_init_is_reproducible(client):
    body = NETWORK_EXAMPLES["seeded-batch"]["value"]
    first, second = (client.post("/api/v1/network", json=body) for _ in range(2))
    assert first.status_code == 200, first.text
    assert first.json()["parameters"] == second.json()["parameters"]
    NetworkResponse.model_validate(first.json())


@pytest.mark.parametrize("change", [
    {"x": [1, 2, 3]},                                            # x does not match input_size
    {"weights": {"W1": [[1, 2]], "b1": [0], "W2": [[1]], "b2": [0]}},  # wrong shapes
    {"y": 7},                                                    # bce label outside [0, 1]
    {"x": [[1, 2], [3, 4]], "y": [1, 0], "view": "scalar"},      # scalar view takes one sample
])
def test_bad_specs_are_400_with_a_message(client, change):
    r = client.post("/api/v1/network", json={**FIG_6_18, **change})
    assert r.status_code == 400, r.text
    assert r.json()["detail"]["message"]


@pytest.mark.parametrize("change", [
    {"layers": []},
    {"layers": [{"units": 0, "activation": "relu"}]},
    {"layers": [{"units": 2, "activation": "swish"}]},
    {"loss": "hinge"},
    {"view": "both"},
    {"input_size": "2"},
    {"learning_rate": 0.1},
])
def test_schema_errors_are_422(client, change):
    r = client.post("/api/v1/network", json={**FIG_6_18, **change})
    assert r.status_code == 422, r.text


def test_the_layer_limit_is_the_engines_and_the_schema_says_it(client):
    """One number: the engine's MAX_LAYERS refuses a deeper network (its own message, 400) and is the
    maxItems the page's network form reads from the OpenAPI schema; training's schema takes it too."""
    from app.schemas import train
    from engine.networks.netspec import MAX_LAYERS
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert schemas["NetworkRequest"]["properties"]["layers"]["maxItems"] == MAX_LAYERS
    assert schemas["TrainRequest"]["properties"]["layers"]["maxItems"] == MAX_LAYERS
    # the training schema imports the engine's limit rather than writing 9 again (`is` would not
    # tell: small integers are one object in CPython)
    assert "MAX_LAYERS" in _names_imported_from("app/schemas/train.py", "engine.networks.netspec")
    layers = [{"units": 2, "activation": "relu"}] * (MAX_LAYERS - 1)
    deepest = {"input_size": 2, "layers": layers + [{"units": 1, "activation": "sigmoid"}], "loss": "bce",
               "x": [1, 2], "y": 1, "init": "small", "seed": 0}
    assert client.post("/api/v1/network", json=deepest).status_code == 200
    r = client.post("/api/v1/network", json={**deepest, "layers": [layers[0]] + deepest["layers"]})
    assert r.status_code == 400 and r.json()["detail"]["code"] == "layer_limit", r.text
    assert r.json()["detail"]["params"]["limit"] == str(MAX_LAYERS)   # params travel as text


def test_too_big_a_network_is_refused_cleanly(client):
    body = {"input_size": 2000, "layers": [{"units": 2000, "activation": "relu"}] * 50 + [
        {"units": 1, "activation": "sigmoid"}], "loss": "bce", "x": [0.5] * 2000, "y": 1, "init": "he", "seed": 1}
    r = client.post("/api/v1/network", json=body)
    assert r.status_code == 400, r.text[:300]


def _names_imported_from(path: str, module: str) -> set:
    import ast
    from pathlib import Path
    tree = ast.parse((Path(__file__).resolve().parents[2] / path).read_text(encoding="utf-8"))
    return {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module == module
            for alias in node.names}
