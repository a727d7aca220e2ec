"""POST /api/v1/network: figure 6.18's network in both views against a hand-written backprop of eq 6.35,
and bad specs answered 4xx."""
import math

import numpy as np
import pytest

import engine
from app.schemas.network import NETWORK_EXAMPLES, NetworkResponse
from engine.networks.netspec import MAX_SEED

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


def _published(client) -> dict:
    return client.get("/openapi.json").json()


def _schema(doc, ref_or_name):
    return doc["components"]["schemas"][ref_or_name.rsplit("/", 1)[-1]]


def _valid_by_the_published_schema(doc, body) -> bool:
    """What GET /openapi.json says of a network request (JSON Schema 2020-12, as OpenAPI 3.1 uses;
    validated by jsonschema-rs, the validator schemathesis itself uses)."""
    import jsonschema_rs
    validator = jsonschema_rs.Draft202012Validator({"$ref": "#/components/schemas/NetworkRequest",
                                                    "components": doc["components"]})
    return validator.is_valid(body)


def test_the_layer_limit_is_the_engines_and_both_routes_refuse_past_it_alike(client):
    """One number and one behaviour: the engine's MAX_LAYERS is the `layers` maxItems of the network
    and the training requests (the page's forms read it there), and both schemas check it, so a 10th
    layer is the same 422 (too_long at body.layers) on /network as on /train: the network route used
    to publish the limit but leave it to the engine, a 400 there and a 422 on training."""
    from app.schemas.train import TRAIN_EXAMPLE
    from engine.networks.netspec import MAX_LAYERS
    doc = _published(client)
    assert _schema(doc, "NetworkRequest")["properties"]["layers"]["maxItems"] == MAX_LAYERS
    assert _schema(doc, "TrainRequest")["properties"]["layers"]["maxItems"] == MAX_LAYERS
    # both schemas import the engine's limit rather than writing 9 again (`is` would not tell: small
    # integers are one object in CPython)
    for path in ("app/schemas/network.py", "app/schemas/train.py"):
        assert "MAX_LAYERS" in _names_imported_from(path, "engine.networks.netspec"), path
    hidden = [{"units": 2, "activation": "relu"}] * (MAX_LAYERS - 1)
    deepest = {"input_size": 2, "layers": hidden + [{"units": 1, "activation": "sigmoid"}], "loss": "bce",
               "x": [1, 2], "y": 1, "init": "small", "seed": 0}
    assert client.post("/api/v1/network", json=deepest).status_code == 200
    too_deep = [hidden[0]] + deepest["layers"]
    assert not _valid_by_the_published_schema(doc, {**deepest, "layers": too_deep})
    for path, body in (("/api/v1/network", {**deepest, "layers": too_deep}),
                       ("/api/v1/train", {**TRAIN_EXAMPLE, "layers": too_deep})):
        r = client.post(path, json=body)
        assert r.status_code == 422, (path, r.text)
        [issue] = r.json()["detail"]
        assert (issue["type"], issue["loc"]) == ("too_long", ["body", "layers"]), (path, issue)
        assert f"at most {MAX_LAYERS} items" in issue["msg"]


def _wide(field: str, n: int, view: str = "layer") -> dict:
    """A network n wide in `field`: n input features, or a first layer of n units."""
    if field == "input_size":
        return {"input_size": n, "layers": [{"units": 1, "activation": "sigmoid"}], "loss": "bce",
                "x": [0.5] * n, "y": 1, "init": "small", "seed": 0, "view": view}
    return {"input_size": 1, "layers": [{"units": n, "activation": "relu"}, {"units": 1, "activation": "sigmoid"}],
            "loss": "bce", "x": [0.5], "y": 1, "init": "small", "seed": 0, "view": view}


@pytest.mark.parametrize("field", ["input_size", "units"])
def test_the_width_limit_is_the_engines_and_the_schema_publishes_and_checks_it(client, field):
    """n_0 and every n_i: at most the engine's MAX_UNITS, stated as the schema's maximum (it stated none)
    and checked by it: 1024 is answered, 1025 is the 422 the schema describes (less_than_equal at the
    field), and the published schema itself says the same of both."""
    from engine.networks.netspec import MAX_UNITS
    doc = _published(client)
    request = _schema(doc, "NetworkRequest")
    published = (request["properties"]["input_size"] if field == "input_size" else
                 _schema(doc, request["properties"]["layers"]["items"]["$ref"])["properties"]["units"])
    assert published["maximum"] == MAX_UNITS and published["minimum"] == 1
    assert "MAX_UNITS" in _names_imported_from("app/schemas/network.py", "engine.networks.netspec")
    widest = _wide(field, MAX_UNITS)
    assert _valid_by_the_published_schema(doc, widest)
    assert client.post("/api/v1/network", json=widest).status_code == 200
    too_wide = _wide(field, MAX_UNITS + 1)
    assert not _valid_by_the_published_schema(doc, too_wide)
    r = client.post("/api/v1/network", json=too_wide)
    assert r.status_code == 422, r.text[:300]
    [issue] = r.json()["detail"]
    assert issue["type"] == "less_than_equal" and issue["loc"][-1] == field and str(MAX_UNITS) in issue["msg"]


@pytest.mark.parametrize("field", ["input_size", "units"])
def test_the_scalar_views_limit_is_published_and_the_engine_refuses_past_it(client, field):
    """The scalar view draws every weight as a node and takes at most MAX_SCALAR_UNITS units a layer:
    the schema says so in JSON Schema's own words (if view is scalar then maximum …), and the engine
    refuses one more with its code (a rule across two fields, which a field's bound cannot check)."""
    from engine.networks.network import MAX_SCALAR_UNITS
    doc = _published(client)
    request = _schema(doc, "NetworkRequest")
    assert request["if"] == {"properties": {"view": {"const": "scalar"}}, "required": ["view"]}
    then = request["then"]["properties"]
    assert then["input_size"]["maximum"] == then["layers"]["items"]["properties"]["units"]["maximum"] == MAX_SCALAR_UNITS
    assert "MAX_SCALAR_UNITS" in _names_imported_from("app/schemas/network.py", "engine.networks.network")
    widest = _wide(field, MAX_SCALAR_UNITS, "scalar")
    assert _valid_by_the_published_schema(doc, widest)
    assert client.post("/api/v1/network", json=widest).status_code == 200
    too_wide = _wide(field, MAX_SCALAR_UNITS + 1, "scalar")
    assert not _valid_by_the_published_schema(doc, too_wide)
    assert _valid_by_the_published_schema(doc, {**too_wide, "view": "layer"})
    r = client.post("/api/v1/network", json=too_wide)
    assert r.status_code == 400 and r.json()["detail"]["code"] == "scalar_view_units", r.text
    assert r.json()["detail"]["params"]["limit"] == str(MAX_SCALAR_UNITS)
    assert client.post("/api/v1/network", json={**too_wide, "view": "layer"}).status_code == 200


def test_too_big_a_network_is_refused_cleanly(client):
    """Every field within its bounds, but 8 million parameters: the engine refuses it before it
    allocates a single weight (a rule across fields, so the engine's 400 with its code)."""
    body = {"input_size": 1024, "layers": [{"units": 1024, "activation": "relu"}] * 8 + [
        {"units": 1, "activation": "sigmoid"}], "loss": "bce", "x": [0.5] * 1024, "y": 1, "init": "he", "seed": 1}
    r = client.post("/api/v1/network", json=body)
    assert r.status_code == 400 and r.json()["detail"]["code"] == "parameter_limit", r.text[:300]


def _names_imported_from(path: str, module: str) -> set:
    import ast
    from pathlib import Path
    tree = ast.parse((Path(__file__).resolve().parents[2] / path).read_text(encoding="utf-8"))
    return {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module == module
            for alias in node.names}


@pytest.mark.parametrize("seed, status", [(0, 200), (MAX_SEED, 200), (MAX_SEED + 1, 422), (-1, 422)])
def test_the_seed_is_bounded_as_the_schema_says(client, seed, status):
    """The schema publishes the engine's seed bounds (netspec.MAX_SEED), as the train request does."""
    props = client.get("/openapi.json").json()["components"]["schemas"]["NetworkRequest"]["properties"]["seed"]
    bounds = next(s for s in props["anyOf"] if s.get("type") == "integer")
    assert (bounds["minimum"], bounds["maximum"]) == (0, MAX_SEED)
    body = dict(NETWORK_EXAMPLES["seeded-batch"]["value"], seed=seed)
    assert client.post("/api/v1/network", json=body).status_code == status
