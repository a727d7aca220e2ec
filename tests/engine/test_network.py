"""engine.networks.network: the layer and scalar views agree with each other, with finite differences, with
the lean training path and with PyTorch; bad specs are refused with messages."""
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import engine
from engine.networks import mlp
from engine.networks import training, update
from engine.core.errors import EngineError
from engine.networks.netspec import (LOSS_OUTPUT, LOSSES, LOSSES_NEEDING_OUTPUT, MAX_PARAMETERS, SpecError,
                                      parse_architecture, parse_parameters)
from tests.engine.helpers import node
from engine.networks.network import MAX_LAYER_SAMPLES, MAX_SCALAR_UNITS, SHIFT_LOGITS_BEYOND, network

FIG_6_18 = {
    "input_size": 2,
    "layers": [{"units": 2, "activation": "relu"}, {"units": 1, "activation": "sigmoid"}],
    "loss": "bce", "x": [1.0, 2.0], "y": 1.0,
    "weights": {"W1": [[0.5, -0.25], [-1.0, 0.25]], "b1": [0.5, 0.0],
                "W2": [[1.0, -0.5]], "b2": [-0.5]},
}

CASES = [   # (loss, layers, input_size, y for one sample)
    ("bce", [(2, "relu"), (1, "sigmoid")], 2, 1),
    ("bce", [(3, "tanh"), (2, "leaky_relu"), (2, "sigmoid")], 3, [1, 0]),
    ("bce", [(3, "softmax"), (1, "sigmoid")], 2, 0.25),
    ("ce", [(3, "identity"), (3, "softmax")], 2, 2),
    ("ce", [(4, "sigmoid"), (3, "tanh"), (2, "softmax")], 3, 0),
    ("mse", [(2, "leaky_relu"), (2, "tanh")], 2, [0.5, -1.0]),
    ("mse", [(3, "relu"), (1, "identity")], 4, 2.5),
    ("mse", [(3, "tanh"), (3, "softmax")], 2, [0.2, 0.3, 0.5]),
]


def spec_for(loss, layers, n0, y, seed=0, x=None):
    rng = np.random.default_rng(seed + 50)
    return {"input_size": n0, "layers": [{"units": u, "activation": a} for u, a in layers],
            "loss": loss, "x": x if x is not None else rng.normal(size=n0).round(3).tolist(),
            "y": y, "init": "xavier", "seed": seed}


def grads(result):
    return {k: np.array(v["grad"], dtype=float) for k, v in result["parameters"].items()}


def close(a, b, tol=1e-12):
    return np.allclose(a, b, rtol=tol, atol=tol)


def views_agree(spec):
    """Both views of ``spec``: same loss (1e-12) and every parameter gradient equal to 1e-12."""
    layer = network({**spec, "view": "layer"})
    scalar = network({**spec, "view": "scalar"})
    assert layer["view"] == "layer" and scalar["view"] == "scalar"
    assert layer["nodes"][-1]["id"] == scalar["nodes"][-1]["id"] == "L"
    assert layer["nodes"][-1]["value"] == pytest.approx(scalar["nodes"][-1]["value"], rel=1e-12)
    gl, gs = grads(layer), grads(scalar)
    assert set(gl) == set(gs) == set(parse_architecture(spec).parameter_names)
    for k in gl:
        assert gl[k].shape == gs[k].shape
        assert close(gl[k], gs[k]), k
        assert layer["parameters"][k]["value"] == scalar["parameters"][k]["value"]
    return layer, scalar


@pytest.mark.parametrize("loss, layers, n0, y", CASES)
@pytest.mark.parametrize("seed", [0, 1])
def test_layer_and_scalar_views_agree(loss, layers, n0, y, seed):
    layer, scalar = views_agree(spec_for(loss, layers, n0, y, seed))
    assert not scalar["warnings"] and not layer["warnings"]
    # Ordinary logits keep the textbook's exp(z_j) and log(a_j): no shift, no stability note.
    assert "#" not in scalar["program"] and " - 0" not in scalar["program"]


# ---- large logits: the scalar view's softmax and ce stay finite and equal to the layer view -------

def logit_spec(loss, logits, y, hidden="identity", out=None):
    """One sample whose output layer's logits z^[2] are exactly ``logits``: x = (1, 0) through an
    identity-like first layer, W2 = 0 in the column that meets x2 … and b2 = logits − W2[:, 0]."""
    k = len(logits)
    rng = np.random.default_rng(k)
    w = rng.normal(size=k).round(3)
    return {"input_size": 2, "loss": loss, "x": [1.0, 0.0], "y": y,
            "layers": [{"units": 2, "activation": hidden},
                       {"units": k, "activation": out or {"bce": "sigmoid", "ce": "softmax"}[loss]}],
            "weights": {"W1": [[1.0, 0.0], [0.0, 1.0]], "b1": [0.0, 0.0],
                        "W2": [[float(v), 0.25] for v in w],
                        "b2": [float(z - v) for z, v in zip(logits, w)]}}


LARGE_LOGITS = [    # (loss, logits z^[2], y, output activation or None for the loss's own)
    ("ce", [1000.0, -1000.0, 0.0], 0, None),        # true class on top, the others round to 0
    ("ce", [1000.0, -1000.0, 0.0], 1, None),        # true class rounds to 0: L = 2000
    ("ce", [1000.0, -1000.0, 0.0], 2, None),
    ("ce", [-1000.0, -1001.5, -1003.0], 2, None),   # every exp(z) underflows unshifted: s = 0
    ("ce", [709.5, 709.5, 709.5], 1, None),         # each exp(z) is finite, their sum is not
    ("ce", [0.0, -800.0], 1, None),                 # no shift needed, the true class still rounds
    ("ce", [300.0, -450.0], 1, None),               # p = e^−750: subnormal, would lose digits
    ("ce", [350.0, -340.0], 1, None),               # unshifted, −e_j/s² in the gradient underflows
    ("ce", [229.0, -229.0, 0.0], 1, None),          # just inside: the textbook's form, exact
    ("bce", [1000.0, -1000.0], [1.0, 1.0], None),
    ("bce", [-1000.0], 0.0, None),
    ("mse", [1000.0, -1000.0, 3.0], [0.2, 0.3, 0.5], "softmax"),
    ("mse", [680.33, 611.99], [0.5, 1.0], "softmax"),  # unshifted, s² in the gradient overflows
]


def all_finite(result):
    return all(np.isfinite(np.asarray(n[key], dtype=float)).all()
               for n in result["nodes"] for key in ("value", "grad"))


@pytest.mark.parametrize("loss, logits, y, out", LARGE_LOGITS)
def test_large_logits_stay_finite_and_views_agree(loss, logits, y, out):
    layer, scalar = views_agree(logit_spec(loss, logits, y, out=out))
    for r in (layer, scalar):
        assert math.isfinite(r["nodes"][-1]["value"])
        assert all(np.isfinite(g).all() for g in grads(r).values())
    shifted = max(abs(z) for z in logits) > SHIFT_LOGITS_BEYOND
    assert ("#" in scalar["program"]) == (shifted and out != "sigmoid" and loss != "bce")
    if loss != "bce":   # bce: ∂L/∂a is ±∞ at a saturated σ in both views; ∂L/∂z stays finite
        assert all_finite(scalar), [w["message"] for w in scalar["warnings"]]
    if loss == "ce":    # −log softmax(z)_y = logsumexp(z) − z_y, to the last digits
        top = max(logits)
        lse = top + math.log(sum(math.exp(z - top) for z in logits))
        assert scalar["nodes"][-1]["value"] == pytest.approx(lse - logits[y], rel=1e-12, abs=1e-12)


def test_hidden_softmax_with_large_logits():
    spec = {"input_size": 2, "loss": "bce", "x": [1.0, -2.0], "y": 1.0,
            "layers": [{"units": 3, "activation": "softmax"}, {"units": 1, "activation": "sigmoid"}],
            "weights": {"W1": [[900.0, 0.5], [-400.0, 1.0], [0.0, 0.0]], "b1": [0.0, 0.0, 1.0],
                        "W2": [[1.0, -2.0, 0.5]], "b2": [0.1]}}
    _, scalar = views_agree(spec)
    assert all_finite(scalar)
    assert "e1_1 = exp(z1_1 - 899)" in scalar["program"]


@pytest.mark.parametrize("logits, text", [([1000.0, -1000.0, 0.0], "exp(z2_1 - 1000)"),
                                          ([-1000.0, -1001.5, -1003.0], "exp(z2_1 + 1000)")])
def test_scalar_softmax_shift_is_the_largest_logit_and_is_explained(logits, text):
    scalar = network({**logit_spec("ce", logits, 0), "view": "scalar"})
    nodes = {n["id"]: n for n in scalar["nodes"]}
    assert text in scalar["program"] and "e2_1 = " + text in scalar["program"]
    notes = [w for w in scalar["warnings"] if w["node"] == "e2_1"]
    assert len(notes) == 1 and "changes no probability and no gradient" in notes[0]["message"]
    # the probabilities are the softmax of the unshifted logits
    p = np.exp(np.array(logits) - max(logits))
    assert [nodes[f"a2_{j}"]["value"] for j in (1, 2, 3)] == pytest.approx(p / p.sum(), rel=1e-14)


def test_ce_class_that_rounds_to_zero_takes_its_log_from_the_logits():
    scalar = network({**logit_spec("ce", [1000.0, -1000.0, 0.0], 1), "view": "scalar"})
    last = scalar["program"].splitlines()[-1]
    assert last == "L = -(y1 * log(a2_1) + y2 * (z2_2 - 1000 - log(s2)) + y3 * (z2_3 - 1000 - log(s2)))"
    assert scalar["nodes"][-1]["value"] == pytest.approx(2000.0, rel=1e-15)
    assert {w["node"] for w in scalar["warnings"] if "rounds to 0" in w["message"]} == {"a2_2", "a2_3"}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["ce", "mse", "bce"]), st.integers(2, 4),
       st.lists(st.floats(-3000, 3000, allow_nan=False), min_size=4, max_size=4), st.data())
def test_any_large_logits_views_agree(loss, k, logits, data):
    logits = [round(v, 2) for v in logits[:k]]
    y = (data.draw(st.integers(0, k - 1)) if loss == "ce" else
         data.draw(st.lists(st.sampled_from([0.0, 1.0, 0.5]), min_size=k, max_size=k)))
    layer, scalar = views_agree(logit_spec(loss, logits, y, out="softmax" if loss == "mse" else None))
    for r in (layer, scalar):
        assert math.isfinite(r["nodes"][-1]["value"])
        assert all(np.isfinite(g).all() for g in grads(r).values())


def test_scalar_view_takes_a_batch_of_one_sample():
    one = network({**FIG_6_18, "view": "scalar"})
    batch = network({**FIG_6_18, "x": [FIG_6_18["x"]], "y": [1], "view": "scalar"})
    assert one["parameters"] == batch["parameters"]


def test_layer_view_ids_kinds_and_program():
    r = network({**FIG_6_18, "view": "layer"})
    ids = [n["id"] for n in r["nodes"]]
    for name in ("x", "y", "W1", "b1", "z1", "a1", "W2", "b2", "z2", "a2", "L"):
        assert name in ids
    kinds = {n["id"]: n["kind"] for n in r["nodes"]}
    assert kinds["W1"] == kinds["b2"] == "parameter" and kinds["x"] == "input"
    assert r["output"] == "L"
    assert r["program"].splitlines()[0] == "z1 = W1 @ x + b1"


def test_every_node_knows_its_layer_in_both_views():
    """Contract §2 `layer`: 0 the input, i layer i's parameters, product, sum and activation, depth + 1
    the loss; an unnamed node (W2 @ a1, a transpose, r * r) is in its statement's layer."""
    spec = spec_for("ce", [(3, "relu"), (3, "softmax")], 2, 1)
    layer = {n["id"]: n["layer"] for n in network({**spec, "x": [[1, 2], [3, 4]], "y": [1, 0]})["nodes"]}
    assert layer["x"] == 0 and layer["W1"] == layer["b1"] == layer["z1"] == layer["a1"] == 1
    assert layer["W2"] == layer["z2"] == layer["a2"] == 2 and layer["y"] == layer["L"] == 3
    product, transpose = (nid for nid in layer if nid.startswith("_") and layer[nid] == 2)
    assert {product, transpose} == {"_2", "_3"}     # W2 @ a1 and z2ᵀ (softmax of a batch)
    scalar = network({**spec_for("mse", [(2, "tanh"), (2, "identity")], 2, [0.5, 1]), "view": "scalar"})
    layer = {n["id"]: n["layer"] for n in scalar["nodes"]}
    assert layer["x1"] == 0 and layer["w1_12"] == layer["z1_2"] == 1 and layer["a2_2"] == 2
    assert all(layer[nid] == 3 for nid in ("y1", "r2", "L"))
    by_id = {n["id"]: n for n in scalar["nodes"]}
    assert all(layer[n["id"]] == layer[n["consumers"][0]] for n in scalar["nodes"] if n["id"].startswith("_"))
    assert {layer[nid] for nid in by_id} == {0, 1, 2, 3}


@pytest.mark.parametrize("view, loss, layers, y", [
    ("layer", "ce", [(3, "relu"), (3, "softmax")], 1), ("layer", "mse", [(2, "tanh"), (2, "identity")], [0.5, 1]),
    ("scalar", "ce", [(3, "identity"), (3, "softmax")], 2), ("scalar", "mse", [(2, "tanh"), (2, "identity")], [0.5, 1]),
    ("scalar", "bce", [(2, "relu"), (1, "sigmoid")], 1), ("scalar", "mse", [(2, "relu"), (1, "identity")], 0.5)])
def test_the_program_builders_say_each_names_layer(view, loss, layers, y):
    """The layer of a named node comes from the program that names it (Program.layers, written beside
    each line), not from a second copy of the naming rules: every name the program writes has a layer,
    and nothing else does."""
    from engine.networks.network import layer_program, scalar_program
    import re
    arch = parse_architecture(spec_for(loss, layers, 2, y))
    program = scalar_program(arch) if view == "scalar" else layer_program(arch, True, dropout_layers=[1])
    code = "\n".join(line for line in program.source.splitlines() if not line.startswith("#"))
    assert set(program.layers) == set(re.findall(r"[A-Za-z]\w*", code)) - {"relu", "tanh", "exp", "log", "softmax",
                                                                            "bce", "ce", "mean", "σ"}
    assert program.layers["L"] == arch.depth + 1 and min(program.layers.values()) == 0
    if view == "layer":
        assert (program.layers["mask1"], program.layers["a1_drop"], program.layers["W2"]) == (1, 1, 2)
    answer = network({**spec_for(loss, layers, 2, y), "view": view})
    assert {n["id"]: n["layer"] for n in answer["nodes"] if n["id"] in program.layers} == \
        {name: layer for name, layer in program.layers.items() if name not in ("mask1", "a1_drop")}


@pytest.mark.parametrize("view, loss, layers, y, data", [
    ("layer", "bce", [(2, "relu"), (1, "sigmoid")], 1, {"x", "y"}),
    ("scalar", "bce", [(2, "relu"), (1, "sigmoid")], 1, {"x1", "x2", "y"}),
    ("scalar", "ce", [(3, "identity"), (3, "softmax")], 2, {"x1", "x2", "y1", "y2", "y3"}),
    ("scalar", "mse", [(2, "tanh"), (2, "identity")], [0.5, 1], {"x1", "x2", "y1", "y2"})])
def test_the_engine_marks_a_networks_data(view, loss, layers, y, data):
    """The sample x and the labels y carry role "data" (contract §2), so that practice, the worksheet
    and the TikZ export leave them out by reading the answer, not by guessing from its shape; no
    parameter, operation or constant does, and an expression's inputs have no role at all."""
    answer = network({**spec_for(loss, layers, 2, y), "view": view})
    assert {n["id"] for n in answer["nodes"] if n.get("role") == "data"} == data
    assert all(n["kind"] == "input" for n in answer["nodes"] if "role" in n)
    assert not any("role" in n for n in engine.evaluate("L = c*(a + 2*b)", {"a": 3, "b": 1, "c": -2})["nodes"])


def test_a_dropout_mask_is_marked_as_a_mask_not_as_data():
    from engine.networks.network import evaluate_network
    spec = spec_for("bce", [(2, "relu"), (1, "sigmoid")], 2, 1)
    arch = parse_architecture(spec)
    params = parse_parameters(arch, spec)
    X, Y = np.array([[1.0, 2.0]]), np.array([[1.0]])
    answer = evaluate_network(arch, params, X, Y, True, "layer", {"mask1": np.array([2.0, 0.0])})
    roles = {n["id"]: n["role"] for n in answer["nodes"] if "role" in n}
    assert roles == {"x": "data", "y": "data", "mask1": "mask"}


@pytest.mark.parametrize("view", ["layer", "scalar"])
def test_a_views_parameters_are_the_names_its_program_reads_as_parameters(view):
    """The program says which names are parameters as it writes them (Program.parameters), so the
    scalar view's w^[i]_jk / b^[i]_j names are written in one place, not again in a parameter list
    that must match the program, its values and its gradient matrices by hand."""
    from engine.networks.network import layer_program, scalar_program, scalar_values
    spec = spec_for("mse", [(2, "tanh"), (3, "identity")], 2, [0.5, 1, 0])
    arch = parse_architecture(spec)
    program = scalar_program(arch) if view == "scalar" else layer_program(arch, True)
    if view == "scalar":
        values = scalar_values(arch, parse_parameters(arch, spec), np.array([1.0, 2.0]), np.array([0.5, 1, 0]))
        assert program.parameters == tuple(name for name in values if name[0] in "wb")
        assert program.parameters[:3] == ("w1_11", "w1_12", "b1_1") and len(program.parameters) == 2 * 3 + 3 * 3
    else:
        assert program.parameters == tuple(arch.parameter_names)
    answer = network({**spec, "view": view})
    assert {n["id"] for n in answer["nodes"] if n["kind"] == "parameter"} == set(program.parameters)
    assert set(answer["parameters"]) == set(arch.parameter_names)


def test_scalar_view_is_figure_6_18():
    r = network({**FIG_6_18, "view": "scalar"})
    nodes = {n["id"]: n for n in r["nodes"]}
    for name in ("x1", "x2", "w1_11", "w1_12", "w1_21", "w1_22", "b1_1", "b1_2", "z1_1", "z1_2",
                 "a1_1", "a1_2", "w2_11", "w2_12", "b2_1", "z2_1", "a2_1", "L"):
        assert name in nodes
    z = nodes["z1_1"]
    assert z["op"] == "add" and len(z["inputs"]) == 3           # two products and the bias
    products = [nodes[r["edges"][k]["source"]] for k in z["inputs"][:2]]
    assert all(p["op"] == "mul" for p in products)
    assert nodes["w1_11"]["kind"] == "parameter" and nodes["x1"]["kind"] == "input"
    assert nodes["w1_12"]["latex"] == "w^{[1]}_{12}"


@pytest.mark.parametrize("view", ["layer", "scalar"])
def test_fig_6_18_dl_dz2_is_a2_minus_y(view):
    r = network({**FIG_6_18, "view": view})
    nodes = {n["id"]: n for n in r["nodes"]}
    z2, a2 = ("z2", "a2") if view == "layer" else ("z2_1", "a2_1")
    a = np.ravel(nodes[a2]["value"])[0]
    assert a == 0.5
    assert np.ravel(nodes[z2]["grad"])[0] == pytest.approx(a - 1.0, abs=1e-15)
    assert nodes["L"]["value"] == pytest.approx(math.log(2))
    g = grads(r)
    assert g["W1"].tolist() == [[-0.5, -1.0], [0.0, 0.0]]
    assert g["W2"].tolist() == [[-0.25, 0.0]] and g["b2"].tolist() == [-0.5]


@pytest.mark.parametrize("loss, layers, n0, y", CASES[:2] + CASES[3:4] + CASES[5:6])
def test_gradients_match_finite_differences(loss, layers, n0, y):
    spec = spec_for(loss, layers, n0, y, seed=2)
    arch = parse_architecture(spec)
    params = parse_parameters(arch, spec)
    g = grads(network(spec))
    h = 1e-6
    for name, value in params.items():
        for idx in np.ndindex(value.shape):
            vals = []
            for step in (h, -h):
                p = {k: v.copy() for k, v in params.items()}
                p[name][idx] += step
                w = {k: v.tolist() for k, v in p.items()}
                vals.append(network({**spec, "weights": w})["nodes"][-1]["value"])
            assert g[name][idx] == pytest.approx((vals[0] - vals[1]) / (2 * h), rel=1e-6, abs=1e-8)


BATCH_CASES = [
    ("bce", [(4, "tanh"), (1, "sigmoid")], 3, [1, 0, 1, 1, 0]),
    ("bce", [(3, "relu"), (2, "sigmoid")], 2, [[1, 0], [0, 0], [1, 1], [0, 1], [1, 0]]),
    ("ce", [(5, "leaky_relu"), (4, "sigmoid"), (3, "softmax")], 3, [0, 2, 1, 1, 0]),
    ("mse", [(3, "identity"), (2, "tanh")], 2, [[0.1, 0.2]] * 5),
    ("mse", [(3, "softmax"), (2, "identity")], 2, [[0.1, 0.2]] * 5),   # a hidden softmax turns back
]


@pytest.mark.parametrize("loss, layers, n0, y", BATCH_CASES)
def test_fast_training_path_matches_layer_view(loss, layers, n0, y):
    """The lean numpy path used by training gives the layer view's gradients to 1e-12."""
    x = np.random.default_rng(9).normal(size=(5, n0)).tolist()
    spec = spec_for(loss, layers, n0, y, seed=4, x=x)
    r = network(spec)
    arch = parse_architecture(spec)
    params = parse_parameters(arch, spec)
    Y = np.array(y, dtype=float)
    Y = Y.astype(int) if loss == "ce" else Y.reshape(5, -1)
    value, g, _ = mlp.loss_and_grads(arch, params, np.array(x), Y)
    assert value == pytest.approx(r["nodes"][-1]["value"], rel=1e-12)
    for k, v in grads(r).items():
        assert close(g[k], v), k
    # The textbook's z = W x + b with the samples as columns: no transpose node, except that the
    # engine's softmax reads one sample per row (a softmax output takes its logits transposed).
    program = r["program"].splitlines()
    assert program[0] == "z1 = W1 @ x + b1"
    depth = len(layers)
    assert [line for line in program if "ᵀ" in line] == [
        f"a{i} = softmax(z{i}ᵀ)" + ("" if i == depth else "ᵀ")
        for i, (_, act) in enumerate(layers, start=1) if act == "softmax"]
    assert np.shape(node(r, "x")["value"]) == (n0, 5) and np.shape(node(r, "b1")["value"]) == (layers[0][0], 1)


def test_batch_loss_is_the_mean_of_sample_losses():
    x = [[1.0, 2.0], [0.5, -1.0], [-2.0, 0.0]]
    y = [1, 0, 1]
    batch = network({**FIG_6_18, "x": x, "y": y})
    singles = [network({**FIG_6_18, "x": xi, "y": yi}) for xi, yi in zip(x, y)]
    assert batch["nodes"][-1]["value"] == pytest.approx(
        np.mean([s["nodes"][-1]["value"] for s in singles]), rel=1e-13)
    mean_grad = np.mean([grads(s)["W1"] for s in singles], axis=0)
    assert close(grads(batch)["W1"], mean_grad)


def test_seeded_init_is_reproducible_and_biases_start_at_zero():
    spec = {k: v for k, v in FIG_6_18.items() if k != "weights"}
    a = network({**spec, "init": "he", "seed": 3})["parameters"]
    b = network({**spec, "init": "he", "seed": 3})["parameters"]
    c = network({**spec, "init": "he", "seed": 4})["parameters"]
    assert a == b and a["W1"]["value"] != c["W1"]["value"]
    assert a["b1"]["value"] == [0.0, 0.0]


@pytest.mark.parametrize("init, std", [("small", 0.1), ("xavier", math.sqrt(2 / 500)),
                                       ("he", math.sqrt(2 / 300))])
def test_init_scales(init, std):
    arch = parse_architecture({"input_size": 300, "layers": [{"units": 200, "activation": "relu"},
                                                             {"units": 1}], "loss": "mse"})
    W = parse_parameters(arch, {"init": init, "seed": 0})["W1"]
    assert W.shape == (200, 300)
    assert W.std() == pytest.approx(std, rel=0.02) and abs(W.mean()) < 0.1 * std


@pytest.mark.parametrize("change, words", [
    ({"colour": "red"}, "Unknown key"),
    ({"view": "graph"}, "view"),
    ({"input_size": 0}, "input_size"),
    ({"input_size": True}, "whole number"),
    ({"layers": []}, "non-empty"),
    ({"layers": [{"units": 2, "activation": "swish"}]}, "swish"),
    ({"layers": [{"units": 2, "activation": "relu", "bias": False}]}, "Unknown key"),
    ({"layers": [{"units": 1, "activation": "softmax"}], "loss": "ce"}, "single unit"),
    ({"loss": "hinge"}, "hinge"),
    ({"loss": "ce", "y": 0}, "softmax"),
    ({"x": [1.0]}, "input_size is 2"),
    ({"x": [1.0, "2"]}, "only numbers"),
    ({"x": [1.0, float("inf")]}, "finite"),
    ({"x": [[1, 2], [3]]}, "ragged"),
    ({"x": None}, "needs x"),
    ({"y": 2}, "between 0 and 1"),
    ({"y": [1, 0]}, "y must be"),
    ({"weights": {"W1": [[1, 2, 3], [4, 5, 6]], "b1": [0, 0], "W2": [[1, 1]], "b2": [0]}}, r"\(2, 2\)"),
    ({"weights": {"W1": [[1, 2], [3, 4]], "b1": [0, 0, 0], "W2": [[1, 1]], "b2": [0]}}, "b1"),
    ({"weights": {"W1": [[1, 2], [3, 4]], "b1": [0, 0], "W2": [[1, 1]], "b2": [0], "W3": [[1]]}},
     "Unknown key"),
    ({"weights": {"W1": [[1, 2], [3, 4]]}}, "missing"),
    ({"view": "scalar", "x": [[1, 2], [3, 4]], "y": [1, 0]}, "one sample"),
    ({"view": "scalar", "layers": [{"units": MAX_SCALAR_UNITS + 1, "activation": "relu"},
                                   {"units": 1, "activation": "sigmoid"}], "weights": None},
     "at most"),
    ({"x": [[1, 2]] * (MAX_LAYER_SAMPLES + 1), "y": [1] * (MAX_LAYER_SAMPLES + 1)}, "at most"),
    ({"layers": [{"units": 300, "activation": "relu"}, {"units": 1, "activation": "sigmoid"}],
      "weights": None, "x": [[1, 2]] * 40, "y": [1] * 40}, "activations"),
    ({"input_size": 1000, "layers": [{"units": 1000, "activation": "relu"},
                                     {"units": 1, "activation": "sigmoid"}], "weights": None},
     f"at most {MAX_PARAMETERS}"),
    ({"seed": -1, "weights": None}, "seed"),
    ({"init": "uniform", "weights": None}, "uniform"),
])
def test_bad_specs_are_refused(change, words):
    spec = {**FIG_6_18, **change}
    spec = {k: v for k, v in spec.items() if v is not None}
    with pytest.raises(EngineError, match=words) as err:
        network(spec)
    assert err.value.to_dict()["message"]


def test_ce_labels_must_be_class_indices():
    spec = spec_for("ce", [(2, "relu"), (3, "softmax")], 2, 3)
    with pytest.raises(SpecError, match="0 to 2"):
        network(spec)
    with pytest.raises(SpecError, match="0 to 2"):
        network({**spec, "y": 1.5})


def test_step_view_explains_one_update():
    request = {"input_size": 2, "layers": [{"units": 4, "activation": "tanh"},
                                           {"units": 3, "activation": "relu"},
                                           {"units": 1, "activation": "sigmoid"}],
               "loss": "bce", "init": "xavier", "dataset": {"name": "moons", "n": 40, "seed": 0},
               "optimizer": {"name": "momentum", "lr": 0.1, "momentum": 0.9}, "epochs": 3,
               "batch_size": 8, "dropout": 0.3, "normalize": True, "dev_fraction": 0.2, "seed": 1,
               "l2": 0.01}
    s = update.step_view(request, 1, 2)
    assert (s["epoch"], s["batch"], s["batches"]) == (1, 2, 4) and len(s["samples"]) == 8
    graph = s["graph"]
    ids = {n["id"] for n in graph["nodes"]}
    assert {"mask1", "mask2", "a1_drop", "a2_drop"} <= ids
    assert graph["nodes"][-1]["value"] == pytest.approx(s["loss"], rel=1e-12)
    mask = np.array(s["masks"]["mask1"])
    assert mask.shape == (8, 4) and set(np.unique(mask)) <= {0.0, 1 / 0.7}
    for row in s["table"]:
        k = row["parameter"]
        assert close(np.array(row["grad"]), np.array(graph["parameters"][k]["grad"]))
        value, new = np.array(row["value"]), np.array(row["new_value"])
        assert close(new - value, np.array(row["update"]))
        assert close(np.array(row["l2_grad"]), 0.01 * value if k.startswith("W") else 0 * value)
    # Replaying is deterministic, and the update it shows is the one training makes.
    assert update.step_view(request, 1, 2)["table"] == s["table"]
    last = update.step_view({**request, "epochs": 1}, 0, 3)
    trained = training.train({**request, "epochs": 1})["parameters"]
    for row in last["table"]:
        assert close(np.array(row["new_value"]), np.array(trained[row["parameter"]]["value"]))


def test_step_view_of_a_large_batch_keeps_the_table_without_the_graph():
    request = {"input_size": 2, "layers": [{"units": 64, "activation": "relu"},
                                           {"units": 1, "activation": "sigmoid"}], "loss": "bce",
               "dataset": {"name": "circles", "n": 400}, "epochs": 1}
    s = update.step_view(request, 0, 0)
    assert s["graph"] is None and s["graph_error"]["error"] == "LimitError"
    assert "batch_size" in s["graph_error"]["hint"] and len(s["table"]) == 4


def test_step_view_refuses_steps_outside_the_run():
    request = {**FIG_6_18, "x": [[1, 2], [3, 4]], "y": [1, 0], "epochs": 2, "batch_size": 1}
    with pytest.raises(EngineError, match="epoch"):
        update.step_view(request, 2, 0)
    with pytest.raises(EngineError, match="batch"):
        update.step_view(request, 0, 2)


def test_network_gradients_match_torch():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    act = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh,
           "softmax": lambda z: torch.softmax(z, dim=-1), "identity": lambda z: z,
           "leaky_relu": lambda z: F.leaky_relu(z, 0.01)}
    specs = [spec_for(loss, layers, n0, y, seed=6) for loss, layers, n0, y in CASES]
    specs += [logit_spec(loss, logits, y, out=out) for loss, logits, y, out in LARGE_LOGITS]
    for spec in specs:
        loss, y = spec["loss"], spec["y"]
        for view in ("layer", "scalar"):
            r = network({**spec, "view": view})
            arch = parse_architecture(spec)
            T = {k: torch.tensor(v, requires_grad=True)
                 for k, v in parse_parameters(arch, spec).items()}
            a = torch.tensor(spec["x"], dtype=torch.float64)
            for i, name in enumerate(arch.activations, start=1):
                z = T[f"W{i}"] @ a + T[f"b{i}"]
                a = act[name](z)
            if loss == "bce":   # from the logits: torch clamps log(σ(z)) at −100 when σ(z) rounds to 0
                L = F.binary_cross_entropy_with_logits(z, torch.tensor(np.ravel(y), dtype=torch.float64))
            elif loss == "ce":
                L = F.cross_entropy(z.unsqueeze(0), torch.tensor([y]))
            else:
                L = F.mse_loss(a, torch.tensor(np.ravel(y), dtype=torch.float64))
            L.backward()
            assert r["nodes"][-1]["value"] == pytest.approx(L.item(), rel=1e-12)
            for k, g in grads(r).items():
                assert np.allclose(g, T[k].grad.numpy(), rtol=1e-10, atol=1e-14), (loss, view, k)


# ---- property: any small network, both views and the training path agree ------------------------

ACTIVATIONS = ["relu", "sigmoid", "tanh", "softmax", "identity", "leaky_relu"]


@st.composite
def small_networks(draw):
    loss = draw(st.sampled_from(["bce", "ce", "mse"]))
    n0 = draw(st.integers(1, 4))
    hidden = draw(st.lists(st.tuples(st.integers(2, 4), st.sampled_from(ACTIVATIONS)), max_size=2))
    k = draw(st.integers(2, 3)) if loss == "ce" else draw(st.integers(1, 3))
    out = {"bce": "sigmoid", "ce": "softmax"}.get(loss) or draw(
        st.sampled_from([a for a in ACTIVATIONS if a != "softmax" or k > 1]))
    layers = hidden + [(k, out)]
    values = st.floats(-3, 3, allow_nan=False).map(lambda v: round(v, 3))
    x = draw(st.lists(values, min_size=n0, max_size=n0))
    if loss == "ce":
        y = draw(st.integers(0, k - 1))
    elif loss == "bce":
        y = draw(st.lists(st.sampled_from([0.0, 1.0, 0.3]), min_size=k, max_size=k))
    else:
        y = draw(st.lists(values, min_size=k, max_size=k))
    return spec_for(loss, layers, n0, y, seed=draw(st.integers(0, 1000)), x=x)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_networks())
def test_views_and_training_path_agree_on_any_small_network(spec):
    layer, scalar = network({**spec, "view": "layer"}), network({**spec, "view": "scalar"})
    arch = parse_architecture(spec)
    params = parse_parameters(arch, spec)
    Y = np.array(spec["y"], dtype=float)
    Y = Y.astype(int).reshape(1) if arch.loss == "ce" else Y.reshape(1, -1)
    value, fast, _ = mlp.loss_and_grads(arch, params, np.array([spec["x"]]), Y)
    assert layer["nodes"][-1]["value"] == pytest.approx(value, rel=1e-12, abs=1e-15)
    assert scalar["nodes"][-1]["value"] == pytest.approx(value, rel=1e-12, abs=1e-15)
    gl, gs = grads(layer), grads(scalar)
    for k in gl:
        assert close(gl[k], gs[k]) and close(gl[k], fast[k]), k


@pytest.mark.parametrize("loss", LOSSES)
def test_each_loss_takes_its_paired_output_and_only_bce_and_ce_refuse_another(loss):
    """netspec.LOSS_OUTPUT is the one table of pairs (the API publishes it for the page's form)."""
    k = 1 if loss == "bce" else 2
    y = 1 if loss == "ce" else [0.5] * k if loss == "mse" else 1
    network(spec_for(loss, [(2, "relu"), (k, LOSS_OUTPUT[loss])], 2, y))
    other = spec_for(loss, [(2, "relu"), (k, "tanh")], 2, y)
    if loss in LOSSES_NEEDING_OUTPUT:
        with pytest.raises(SpecError, match=LOSS_OUTPUT[loss]) as err:
            network(other)
        assert err.value.code == "loss_activation_mismatch"
    else:
        network(other)
