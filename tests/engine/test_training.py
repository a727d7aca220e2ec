"""The training engine: lean numpy gradients, optimisers, dropout, normalisation, limits, errors.

Every numeric claim is checked two ways where possible: against finite differences / hand
computation (always) and against PyTorch in float64 (the `torch` fixture; skipped without it).
"""
import math

import numpy as np
import pytest

from engine.networks import mlp
from engine.networks import training, update
from engine.core.errors import EngineError
from engine.networks.netspec import parse_architecture, parse_parameters
from engine.networks.optim import Adam, Momentum, SGD

ARCHS = [
    ("bce", [(3, "relu"), (1, "sigmoid")]),
    ("bce", [(4, "tanh"), (3, "leaky_relu"), (2, "sigmoid")]),
    ("ce", [(4, "sigmoid"), (3, "softmax")]),
    ("ce", [(5, "leaky_relu"), (4, "identity"), (2, "softmax")]),
    ("mse", [(3, "tanh"), (2, "identity")]),
    ("mse", [(4, "softmax"), (1, "sigmoid")]),
    ("mse", [(3, "relu"), (3, "softmax")]),
]


def make(loss, layers, n0=3, m=5, seed=0, init="xavier"):
    spec = {"input_size": n0, "layers": [{"units": u, "activation": a} for u, a in layers],
            "loss": loss, "init": init, "seed": seed}
    arch = parse_architecture(spec)
    params = parse_parameters(arch, spec)
    for i in range(1, arch.depth + 1):   # non-zero biases so their gradients are exercised too
        params[f"b{i}"] = np.random.default_rng(seed + i).normal(0, 0.3, arch.sizes[i])
    rng = np.random.default_rng(seed + 100)
    X = rng.normal(size=(m, n0))
    k = arch.n_out
    if loss == "ce":
        Y = rng.integers(0, k, m)
    elif loss == "bce":
        Y = rng.integers(0, 2, (m, k)).astype(float)
    else:
        Y = rng.normal(size=(m, k))
    return arch, params, X, Y


@pytest.mark.parametrize("loss, layers", ARCHS)
def test_gradients_match_central_differences(loss, layers):
    arch, params, X, Y = make(loss, layers)
    _, grads, _ = mlp.loss_and_grads(arch, params, X, Y)
    h = 1e-6
    for name, value in params.items():
        for idx in np.ndindex(value.shape):
            old = value[idx]
            value[idx] = old + h
            up = mlp.loss(arch, mlp.forward(arch, params, X), Y)
            value[idx] = old - h
            down = mlp.loss(arch, mlp.forward(arch, params, X), Y)
            value[idx] = old
            numeric = (up - down) / (2 * h)
            assert grads[name][idx] == pytest.approx(numeric, rel=1e-6, abs=1e-8), (name, idx)


def test_bce_output_delta_is_a_minus_y():
    """Eq 6.43 with one sample: ∂L/∂z^[2] = a^[2] − y."""
    arch, params, X, Y = make("bce", [(2, "relu"), (1, "sigmoid")], n0=2, m=1)
    p = mlp.forward(arch, params, X)
    assert mlp.output_delta(arch, p, Y)[0, 0] == pytest.approx(p.output[0, 0] - Y[0, 0], abs=1e-15)


def test_fig_6_18_by_hand():
    """2-2-1 ReLU/sigmoid/BCE on one sample, every gradient worked out on paper."""
    arch = parse_architecture({"input_size": 2, "layers": [{"units": 2, "activation": "relu"},
                                                           {"units": 1, "activation": "sigmoid"}],
                               "loss": "bce"})
    params = {"W1": np.array([[0.5, -0.25], [-1.0, 0.25]]), "b1": np.array([0.5, 0.0]),
              "W2": np.array([[1.0, -0.5]]), "b2": np.array([-0.5])}
    X, Y = np.array([[1.0, 2.0]]), np.array([[1.0]])
    loss, g, _ = mlp.loss_and_grads(arch, params, X, Y)
    # z1 = (0.5, -0.5) → a1 = (0.5, 0); z2 = 0 → a2 = 0.5; L = −log 0.5; ∂L/∂z2 = −0.5
    assert loss == pytest.approx(math.log(2))
    assert g["b2"].tolist() == [-0.5]
    assert g["W2"].tolist() == [[-0.25, 0.0]]
    assert g["b1"].tolist() == [-0.5, 0.0]
    assert g["W1"].tolist() == [[-0.5, -1.0], [0.0, 0.0]]


def test_relu_derivative_at_zero_is_one():
    arch = parse_architecture({"input_size": 1, "layers": [{"units": 1, "activation": "relu"},
                                                           {"units": 1, "activation": "identity"}],
                               "loss": "mse"})
    params = {"W1": np.array([[1.0]]), "b1": np.array([0.0]), "W2": np.array([[1.0]]),
              "b2": np.array([0.0])}
    _, g, _ = mlp.loss_and_grads(arch, params, np.array([[0.0]]), np.array([[1.0]]))
    assert g["b1"][0] == -2.0    # ∂L/∂a1 = 2(0 − 1) = −2, times ReLU'(0) = 1


def test_optimizer_updates_by_hand():
    g = {"w": np.array([2.0, -1.0])}
    p = {"w": np.array([1.0, 1.0])}
    SGD(0.1).step(p, g)
    assert p["w"].tolist() == pytest.approx([0.8, 1.1])
    p, opt = {"w": np.array([1.0, 1.0])}, Momentum(0.1, 0.9)
    opt.step(p, g)
    opt.step(p, g)   # v = 0.9·g + g = 1.9 g
    assert p["w"].tolist() == pytest.approx([1 - 0.1 * 2 - 0.1 * 3.8, 1 + 0.1 + 0.1 * 1.9])
    p, opt = {"w": np.array([1.0, 1.0])}, Adam(0.01, 0.9, 0.999, 1e-8)
    opt.step(p, g)   # first step: m̂ = g, v̂ = g², update = lr·g/(|g| + ε) ≈ lr·sign(g)
    assert p["w"].tolist() == pytest.approx([0.99, 1.01], abs=1e-9)


XOR = {"input_size": 2, "layers": [{"units": 4, "activation": "tanh"},
                                   {"units": 1, "activation": "sigmoid"}],
       "loss": "bce", "x": [[0, 0], [0, 1], [1, 0], [1, 1]], "y": [0, 1, 1, 0]}


def test_2_4_1_tanh_network_learns_xor():
    result = training.train({**XOR, "init": "xavier", "seed": 1, "epochs": 2000,
                             "optimizer": {"name": "sgd", "lr": 1.0}})
    assert result["history"][-1]["train_accuracy"] >= 0.99
    assert result["history"][-1]["train_loss"] < result["history"][0]["train_loss"] / 5
    assert result["decision_boundary"]["kind"] == "probability"
    db = np.array(result["decision_boundary"]["probabilities"])
    assert db.shape == (training.GRID, training.GRID) and ((0 <= db) & (db <= 1)).all()


def test_xor_dataset_learned_with_minibatches_and_adam():
    result = training.train({**{k: v for k, v in XOR.items() if k not in ("x", "y")},
                             "dataset": {"name": "xor", "n": 200, "noise": 0.2, "seed": 0},
                             "init": "xavier", "seed": 0, "epochs": 60, "batch_size": 16,
                             "optimizer": {"name": "adam", "lr": 0.05}, "normalize": True,
                             "dev_fraction": 0.25})
    last = result["history"][-1]
    assert last["train_accuracy"] >= 0.99 and last["dev_accuracy"] >= 0.95
    assert len(result["data"]["train"]["x"]) == 150 and len(result["data"]["dev"]["x"]) == 50


def test_train_loss_is_the_mean_of_minibatch_losses_before_each_update():
    spec = {**XOR, "init": "small", "seed": 3, "epochs": 1, "batch_size": 3, "shuffle": False,
            "optimizer": {"name": "sgd", "lr": 0.5}}
    result = training.train(spec)
    arch = parse_architecture(spec)
    params = parse_parameters(arch, spec)
    X = np.array(XOR["x"], float)
    Y = np.array(XOR["y"], float).reshape(-1, 1)
    losses = []
    for idx in (slice(0, 3), slice(3, 4)):
        loss, g, _ = mlp.loss_and_grads(arch, params, X[idx], Y[idx])
        losses.append(loss)
        for k in params:
            params[k] = params[k] - 0.5 * g[k]
    assert result["history"][0]["train_loss"] == pytest.approx(np.mean(losses), rel=1e-14)
    for k in params:
        assert np.allclose(result["parameters"][k]["value"], params[k], rtol=0, atol=1e-15)


def test_l2_adds_lambda_w_to_weight_gradients_only():
    spec = {**XOR, "init": "small", "seed": 3, "epochs": 1, "l2": 0.3,
            "optimizer": {"name": "sgd", "lr": 0.5}}
    result = training.train(spec)
    arch = parse_architecture(spec)
    params = parse_parameters(arch, spec)
    loss, g, _ = mlp.loss_and_grads(arch, params, np.array(XOR["x"], float),
                                    np.array(XOR["y"], float).reshape(-1, 1))
    for k in params:
        expected = params[k] - 0.5 * (g[k] + (0.3 * params[k] if k.startswith("W") else 0))
        assert np.allclose(result["parameters"][k]["value"], expected, rtol=0, atol=1e-15)
    assert result["history"][0]["train_loss"] == pytest.approx(loss, rel=1e-14)  # data loss only


def test_dropout_masks_are_seeded_scaled_and_fresh_per_batch():
    setup = training.Setup({**XOR, "x": [[0, 0]] * 400, "y": [0] * 400, "dropout": 0.25, "seed": 5})
    a = training._masks(setup, np.random.default_rng([5, 3]), 400)
    b = training._masks(setup, np.random.default_rng([5, 3]), 400)
    assert len(a) == 1 and a[0].shape == (400, 4)
    assert np.array_equal(a[0], b[0])
    assert set(np.unique(a[0]).tolist()) == {0.0, 1 / 0.75}
    assert abs((a[0] == 0).mean() - 0.25) < 0.05
    rng = np.random.default_rng([5, 3])
    first, second = training._masks(setup, rng, 400), training._masks(setup, rng, 400)
    assert not np.array_equal(first[0], second[0])


def test_dropout_runs_are_reproducible_and_differ_from_no_dropout():
    spec = {**XOR, "init": "xavier", "seed": 2, "epochs": 20, "optimizer": {"name": "sgd", "lr": 0.5}}
    with_dropout = {**spec, "dropout": 0.5}
    a, b = training.train(with_dropout), training.train(with_dropout)
    c = training.train(spec)
    assert a["parameters"] == b["parameters"]
    assert a["parameters"] != c["parameters"]


def test_normalisation_uses_training_statistics_only():
    x = [[float(i), 100.0 + 3 * i] for i in range(20)]
    y = [i % 2 for i in range(20)]
    result = training.train({**XOR, "x": x, "y": y, "epochs": 1, "normalize": True,
                             "dev_fraction": 0.3, "seed": 4})
    train_x = np.array(result["data"]["train"]["x"])
    dev_x = np.array(result["data"]["dev"]["x"])
    assert len(dev_x) == 6
    norm = result["normalization"]
    assert np.allclose(norm["mean"], train_x.mean(axis=0))
    assert np.allclose(norm["std"], train_x.std(axis=0))
    assert not np.allclose(norm["mean"], np.array(x).mean(axis=0))


def test_split_is_seeded_and_disjoint():
    spec = {**XOR, "dataset": {"name": "moons", "n": 50}, "epochs": 1, "dev_fraction": 0.2}
    del spec["x"], spec["y"]
    a, b = training.train({**spec, "seed": 1}), training.train({**spec, "seed": 1})
    c = training.train({**spec, "seed": 2})
    assert a["data"]["dev"]["index"] == b["data"]["dev"]["index"] != c["data"]["dev"]["index"]
    assert not set(a["data"]["dev"]["index"]) & set(a["data"]["train"]["index"])
    assert len(a["data"]["dev"]["index"]) == 10


def test_on_epoch_and_cancel():
    seen = []
    result = training.train({**XOR, "epochs": 50}, on_epoch=seen.append,
                            should_stop=lambda: len(seen) >= 7)
    assert result["cancelled"] is True and len(result["history"]) == 7 == len(seen)
    assert [e["epoch"] for e in seen] == list(range(1, 8))
    assert training.train({**XOR, "epochs": 3})["cancelled"] is False


def test_divergence_stops_and_is_reported_as_strings():
    result = training.train({"input_size": 1, "layers": [{"units": 1, "activation": "identity"}],
                             "loss": "mse", "x": [[10.0], [-20.0]], "y": [1.0, 2.0], "epochs": 500,
                             "optimizer": {"name": "sgd", "lr": 90}})
    assert result["diverged"] is True and result["warnings"]
    # It stops at the first epoch whose loss grew past 1e6, long before it overflows.
    last = result["history"][-1]
    assert len(result["history"]) < 500 and result["divergence"] == {
        "epoch": last["epoch"], "reason": "too_large", "loss": last["train_loss"]}
    assert last["train_loss"] > 1e6 > result["history"][-2]["train_loss"]
    assert "grew past 1e+06" in result["warnings"][0]["message"]


def test_results_are_strict_json_even_after_divergence():
    import json
    diverging = {"input_size": 1, "layers": [{"units": 2, "activation": "identity"},
                                             {"units": 1, "activation": "identity"}],
                 "loss": "mse", "x": [[1e150], [-1e150]], "y": [1.0, 2.0], "epochs": 50,
                 "normalize": False, "optimizer": {"name": "sgd", "lr": 1.0}}
    result = training.train(diverging)
    text = json.dumps(result, allow_nan=False)
    assert result["diverged"] and ("NaN" in text or "Infinity" in text)
    json.dumps(update.step_view(diverging, 0, 0), allow_nan=False)


def test_ce_csv_and_multiclass_boundary():
    csv = "f1,f2,cls\n" + "\n".join(f"{i % 3},{(i * 7) % 5},{i % 3}" for i in range(30))
    result = training.train({"input_size": 2, "layers": [{"units": 6, "activation": "relu"},
                                                         {"units": 3, "activation": "softmax"}],
                             "loss": "ce", "csv": csv, "epochs": 200, "init": "he",
                             "optimizer": {"name": "adam", "lr": 0.05}})
    assert result["data"]["header"] == ["f1", "f2", "cls"]
    assert result["history"][-1]["train_accuracy"] == 1.0
    assert result["decision_boundary"]["kind"] == "class"


BASE = {"input_size": 2, "layers": [{"units": 2, "activation": "relu"},
                                    {"units": 1, "activation": "sigmoid"}], "loss": "bce",
        "x": [[0, 1], [1, 0]], "y": [0, 1]}


@pytest.mark.parametrize("change, words", [
    ({"epochs": 0}, "epochs"),
    ({"epochs": 10**9}, "epochs"),
    ({"colour": 1}, "Unknown key"),
    ({"y": [0, 2]}, "between 0 and 1"),
    ({"y": [0]}, "y must be"),
    ({"x": [[0, 1, 2], [1, 0, 2]]}, "input_size is 2"),
    ({"x": None, "y": None}, "exactly one data source"),
    ({"dataset": {"name": "moons", "n": 20}}, "exactly one data source"),
    ({"x": None, "y": None, "csv": "a,b\n1,0\n2,1\n"}, "feature column"),
    ({"x": None, "y": None, "csv": "1,2,0\n1,2\n"}, "Line 2"),
    ({"x": None, "y": None, "csv": "1,2,3\n1,2,3\n"}, "single class"),
    ({"x": None, "y": None, "csv": "1,2,0\n1,2,3\n"}, "between 0 and 1"),
    ({"input_size": 3, "x": None, "y": None, "dataset": {"name": "moons", "n": 20}}, "2 features"),
    ({"optimizer": {"name": "rmsprop"}}, "rmsprop"),
    ({"optimizer": {"name": "sgd", "lr": -1}}, "lr"),
    ({"optimizer": {"name": "adam", "beta1": 1.0}}, "beta1"),
    ({"dropout": 1.0}, "dropout"),
    ({"dev_fraction": 0.99}, "no training samples"),
    ({"shuffle": "yes"}, "true or false"),
    ({"batch_size": 0}, "batch_size"),
    ({"loss": "ce"}, "softmax"),
    ({"weights": {"W1": [[1, 2]], "b1": [0, 0], "W2": [[1, 1]], "b2": [0]}}, r"W1 must have shape \(2, 2\)"),
    ({"weights": {"W1": [[1, 2], [3, 4]]}}, "missing"),
    ({"init": "glorot"}, "glorot"),
])
def test_bad_requests_raise_engine_errors_before_any_epoch(change, words):
    request = {**BASE, **change}
    request = {k: v for k, v in request.items() if v is not None}
    calls = []
    with pytest.raises(EngineError, match=words) as err:
        training.train(request, on_epoch=calls.append)
    assert calls == []
    assert err.value.to_dict()["message"]


def test_work_limit_is_refused_cleanly():
    request = {"input_size": 2, "layers": [{"units": 256, "activation": "relu"},
                                           {"units": 256, "activation": "relu"},
                                           {"units": 1, "activation": "sigmoid"}],
               "loss": "bce", "dataset": {"name": "moons", "n": 5000}, "epochs": 100_000}
    with pytest.raises(training.WorkLimitError, match="epochs × parameters × samples") as err:
        training.train(request)
    assert err.value.to_dict()["hint"]
    with pytest.raises(training.WorkLimitError, match="updates"):
        training.train({**BASE, "epochs": 100_000, "batch_size": 1, "x": [[0, 1]] * 10,
                        "y": [1] * 10})


# ---- parity with PyTorch -------------------------------------------------------------------

@pytest.fixture
def torch():
    """PyTorch (float64) as the independent reference; these tests skip when it is not installed."""
    return pytest.importorskip("torch")


def act_fn(torch, name):
    F = torch.nn.functional
    return {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh,
            "softmax": lambda z: torch.softmax(z, dim=1), "identity": lambda z: z,
            "leaky_relu": lambda z: F.leaky_relu(z, 0.01)}[name]


def torch_loss(torch, arch, T, X, Y):
    F = torch.nn.functional
    a = torch.from_numpy(X)
    for i, act in enumerate(arch.activations, start=1):
        z = a @ T[f"W{i}"].T + T[f"b{i}"]
        a = act_fn(torch, act)(z)
    if arch.loss == "bce":
        return F.binary_cross_entropy(a, torch.from_numpy(Y))
    if arch.loss == "ce":
        return F.cross_entropy(z, torch.from_numpy(Y))
    return F.mse_loss(a, torch.from_numpy(Y))


def to_torch(torch, params):
    return {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items()}


@pytest.mark.parametrize("loss, layers", ARCHS)
def test_gradients_match_torch(torch, loss, layers):
    arch, params, X, Y = make(loss, layers, m=7, seed=3)
    value, grads, _ = mlp.loss_and_grads(arch, params, X, Y)
    T = to_torch(torch, params)
    lt = torch_loss(torch, arch, T, X, Y)
    lt.backward()
    assert value == pytest.approx(lt.item(), rel=1e-12)
    for k in params:
        assert np.allclose(grads[k], T[k].grad.numpy(), rtol=1e-10, atol=1e-14), k


SPEC = {"input_size": 3, "layers": [{"units": 5, "activation": "tanh"},
                                    {"units": 4, "activation": "relu"},
                                    {"units": 1, "activation": "sigmoid"}],
        "loss": "bce", "init": "xavier", "seed": 11}


def data(m=24, n0=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, n0))
    y = (X[:, 0] * X[:, 1] + 0.3 * X[:, 2] > 0).astype(float)
    return X, y


OPTIMIZERS = [
    ({"name": "sgd", "lr": 0.3}, lambda torch, p: torch.optim.SGD(p, lr=0.3)),
    ({"name": "momentum", "lr": 0.1, "momentum": 0.8},
     lambda torch, p: torch.optim.SGD(p, lr=0.1, momentum=0.8)),
    ({"name": "adam", "lr": 0.02}, lambda torch, p: torch.optim.Adam(p, lr=0.02)),
    ({"name": "adam", "lr": 0.01, "beta1": 0.5, "beta2": 0.9, "eps": 1e-6},
     lambda torch, p: torch.optim.Adam(p, lr=0.01, betas=(0.5, 0.9), eps=1e-6)),
]


@pytest.mark.parametrize("l2", [0.0, 0.05])
@pytest.mark.parametrize("batch_size", [None, 5])
@pytest.mark.parametrize("opt_spec, make_torch_opt", OPTIMIZERS)
def test_runs_match_torch_step_by_step(torch, opt_spec, make_torch_opt, batch_size, l2):
    X, y = data()
    epochs = 15
    request = {**SPEC, "x": X.tolist(), "y": y.tolist(), "optimizer": opt_spec, "epochs": epochs,
               "batch_size": batch_size, "shuffle": False, "l2": l2}
    result = training.train(request)

    arch = parse_architecture(SPEC)
    T = to_torch(torch, parse_parameters(arch, SPEC))
    weights = [T[k] for k in T if k.startswith("W")]
    biases = [T[k] for k in T if k.startswith("b")]
    opt = make_torch_opt(torch, [{"params": weights, "weight_decay": l2}, {"params": biases}])
    Y = y.reshape(-1, 1)
    B = batch_size or len(X)
    for epoch in range(epochs):
        losses = []
        for start in range(0, len(X), B):
            opt.zero_grad()
            loss = torch_loss(torch, arch, T, X[start:start + B], Y[start:start + B])
            loss.backward()
            opt.step()
            losses.append(loss.item())
        assert result["history"][epoch]["train_loss"] == pytest.approx(np.mean(losses), rel=1e-10)
    for k in T:
        assert np.allclose(result["parameters"][k]["value"], T[k].detach().numpy(),
                           rtol=1e-10, atol=1e-12), k


def test_dropout_training_step_matches_torch_with_the_same_masks(torch):
    """Inverted dropout: the step with masks m equals torch's forward a·m (m = keep/(1−p))."""
    arch, params, X, Y = make("ce", [(6, "relu"), (5, "tanh"), (3, "softmax")], m=9, seed=5)
    rng = np.random.default_rng(0)
    masks = [(rng.random((9, n)) >= 0.4) / 0.6 for n in (6, 5)]
    value, grads, _ = mlp.loss_and_grads(arch, params, X, Y, masks)
    T = to_torch(torch, params)
    a = torch.from_numpy(X)
    for i, act in enumerate(arch.activations, start=1):
        z = a @ T[f"W{i}"].T + T[f"b{i}"]
        a = act_fn(torch, act)(z)
        if i < arch.depth:
            a = a * torch.from_numpy(masks[i - 1])
    lt = torch.nn.functional.cross_entropy(z, torch.from_numpy(Y))
    lt.backward()
    assert value == pytest.approx(lt.item(), rel=1e-12)
    for k in params:
        assert np.allclose(grads[k], T[k].grad.numpy(), rtol=1e-10, atol=1e-14), k
