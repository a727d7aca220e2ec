"""Issue 13 and 15 in the engine: gradient health in every history entry, divergence, and
checkpoints that continue a run bit-identically (and refuse what does not belong to the run)."""
import copy
import json

import numpy as np
import pytest

from engine.core.errors import EngineError, LimitError
from engine.networks import checkpoint as ckpt
from engine.networks import health, mlp, training
from engine.networks.netspec import parse_architecture, parse_parameters

X = np.random.default_rng(4).normal(size=(12, 2))
Y = (X[:, 0] * X[:, 1] > 0).astype(float)
WEIGHTS = {"W1": [[0.5, -0.3], [0.8, 0.2], [-0.6, 0.9]], "b1": [0.1, -0.2, 0.05],
           "W2": [[0.7, -0.4, 0.3], [0.2, 0.6, -0.5]], "b2": [0.0, 0.1],
           "W3": [[1.1, -0.9]], "b3": [0.05]}
FULL_BATCH = {"input_size": 2, "layers": [{"units": 3, "activation": "relu"},
                                          {"units": 2, "activation": "tanh"},
                                          {"units": 1, "activation": "sigmoid"}],
              "loss": "bce", "weights": WEIGHTS, "x": X.tolist(), "y": Y.tolist(),
              "optimizer": {"name": "sgd", "lr": 0.5}, "epochs": 3, "l2": 0.1}


def test_grad_norms_equal_torchs_for_the_first_three_epochs():
    torch = pytest.importorskip("torch")
    result = training.train(FULL_BATCH)
    arch = parse_architecture(FULL_BATCH)
    T = {k: torch.tensor(np.asarray(v, dtype=float), dtype=torch.float64, requires_grad=True)
         for k, v in parse_parameters(arch, FULL_BATCH).items()}
    opt = torch.optim.SGD(T.values(), lr=0.5)
    Xt, Yt = torch.from_numpy(X), torch.from_numpy(Y.reshape(-1, 1))
    for epoch in range(3):
        opt.zero_grad()
        a1 = torch.relu(Xt @ T["W1"].T + T["b1"])
        a2 = torch.tanh(a1 @ T["W2"].T + T["b2"])
        out = torch.sigmoid(a2 @ T["W3"].T + T["b3"])
        J = torch.nn.functional.binary_cross_entropy(out, Yt) + 0.05 * sum(
            (T[w] ** 2).sum() for w in ("W1", "W2", "W3"))   # (λ/2)·Σ‖W‖², λ = 0.1
        J.backward()
        norms = result["history"][epoch]["grad_norms"]
        assert list(norms) == ["W1", "b1", "W2", "b2", "W3", "b3"]
        for k, t in T.items():
            assert abs(norms[k] - torch.linalg.norm(t.grad).item()) <= 1e-9, (epoch, k)
        opt.step()


def test_activation_statistics_equal_a_numpy_recomputation():
    result = training.train({**FULL_BATCH, "epochs": 2})
    arch = parse_architecture(FULL_BATCH)
    params = parse_parameters(arch, FULL_BATCH)
    for entry in result["history"]:
        a1 = np.maximum(X @ np.asarray(params["W1"]).T + params["b1"], 0)
        a2 = np.tanh(a1 @ np.asarray(params["W2"]).T + params["b2"])
        a3 = 1 / (1 + np.exp(-(a2 @ np.asarray(params["W3"]).T + params["b3"])))
        want = [(a1, (a1 == 0).mean(), None), (a2, None, (np.abs(a2) > 0.99).mean()),
                (a3, None, ((a3 > 0.99) | (a3 < 0.01)).mean())]
        for stats, (a, zero, saturated) in zip(entry["activations"], want):
            assert stats["mean"] == pytest.approx(a.mean(), rel=1e-12)
            assert stats["std"] == pytest.approx(a.std(), rel=1e-12)
            assert stats["zero_fraction"] == zero and stats["saturated_fraction"] == saturated
        # the epoch's (only) update, to get the next epoch's parameters
        _, grads, _ = mlp.loss_and_grads(arch, params, X, Y.reshape(-1, 1))
        for k in params:
            params[k] = params[k] - 0.5 * (grads[k] + (0.1 * params[k] if k[0] == "W" else 0))
    assert [s["activation"] for s in result["history"][0]["activations"]] == ["relu", "tanh", "sigmoid"]


def test_deep_sigmoid_with_small_weights_vanishes_and_he_relu_does_not():
    """§6.6.5: 8 hidden sigmoid layers of 8 units. With small weights N(0, 0.1²) the first layer's
    gradient is below 1e-6 of the last layer's (the page's vanishing rule); He + ReLU keeps it
    within a factor of ~10. (N(0, 1) gives ~1e-3 here: slow, but not below the rule's 1e-6.)"""
    def ratio(activation, init, seed):
        layers = [{"units": 8, "activation": activation}] * 8 + [{"units": 1, "activation": "sigmoid"}]
        r = training.train({"input_size": 2, "layers": layers, "loss": "bce", "init": init,
                            "dataset": {"name": "spiral", "n": 200}, "normalize": True,
                            "epochs": 1, "seed": seed})
        norms = r["history"][0]["grad_norms"]
        return norms["W1"] / norms["W9"]
    for seed in range(3):
        assert ratio("sigmoid", "small", seed) < 1e-6 < 1e-2 < ratio("relu", "he", seed)
    assert 1e-6 < ratio("sigmoid", "normal", 0) < 1e-1


def test_normal_init_draws_unit_variance_weights():
    from engine.networks.init import initialize
    W = initialize([200, 300], "normal", 0)["W1"]
    assert abs(W.std() - 1) < 0.01 and abs(W.mean()) < 0.01


MOONS = {"input_size": 2, "layers": [{"units": 6, "activation": "tanh"},
                                     {"units": 1, "activation": "sigmoid"}],
         "loss": "bce", "init": "xavier", "dataset": {"name": "moons", "n": 60}, "epochs": 12,
         "batch_size": 8, "dropout": 0.2, "dev_fraction": 0.25, "normalize": True, "seed": 3}


@pytest.mark.parametrize("optimizer", [{"name": "sgd", "lr": 0.3},
                                       {"name": "momentum", "lr": 0.1, "momentum": 0.9},
                                       {"name": "adam", "lr": 0.02}])
def test_a_run_stopped_and_resumed_through_json_ends_bit_identical(optimizer):
    request = {**MOONS, "optimizer": optimizer}
    whole = training.train(request)
    history, resume = [], None
    for stop_after in (3, 7, 8, 12):   # three interruptions, each resumed from JSON text
        run = training.Run(training.Setup(request), resume)
        history += run.advance(stop_after - run.epoch)
        resume = json.loads(json.dumps(run.checkpoint()))
    ends = training.Run(training.Setup(request), None)
    ends.advance(12)
    assert history == whole["history"]
    for k, v in whole["parameters"].items():
        assert json.loads(json.dumps(run.params[k].tolist())) == v["value"]
        assert np.array_equal(run.params[k], ends.params[k])   # bit for bit


def test_train_with_resume_from_reports_only_the_epochs_after_the_checkpoint():
    run = training.Run(training.Setup(MOONS))
    run.advance(5)
    resumed = training.train({**MOONS, "epochs": 12, "resume_from": run.checkpoint()})
    whole = training.train(MOONS)
    assert [e["epoch"] for e in resumed["history"]] == list(range(6, 13))
    assert resumed["history"] == whole["history"][5:]
    assert resumed["parameters"] == whole["parameters"] and resumed["epoch"] == 12
    # a longer run may continue a shorter one: epochs is not part of the fingerprint
    more = training.train({**MOONS, "epochs": 14, "resume_from": whole["checkpoint"]})
    assert [e["epoch"] for e in more["history"]] == [13, 14]


def checkpoint_after(request, epochs=2):
    run = training.Run(training.Setup(request))
    run.advance(epochs)
    return run.checkpoint()


def forged(change):
    c = copy.deepcopy(checkpoint_after(MOONS))
    change(c)
    return c


@pytest.mark.parametrize("change, words", [
    (lambda c: c.pop("rng"), "missing rng"),
    (lambda c: c.update(format="other/9"), "format"),
    (lambda c: c.update(epoch=0), "epoch 0"),
    (lambda c: c.update(epoch=40), "nothing would be left"),
    (lambda c: c.update(batch=3), "batch must be 0"),
    (lambda c: c["parameters"].update(W1=[[1.0, 2.0]]), "shape"),
    (lambda c: c["parameters"]["W1"][0].__setitem__(0, "NaN"), "W1 must contain only numbers, found 'NaN'"),
    (lambda c: c["parameters"]["W1"][0].__setitem__(0, 1e400), "finite"),
    (lambda c: c["optimizer"].update(name="adam"), "made by 'adam'"),
    (lambda c: c["rng"]["shuffle"].update(state="zz"), "hexadecimal"),
    (lambda c: c["rng"]["dropout"].update(inc="2"), "out of range"),
    (lambda c: c["fingerprint"].update(data="0" * 20), "its data differ"),
    (lambda c: c.update(extra=1), "Unknown key"),
])
def test_forged_checkpoints_are_refused_saying_why(change, words):
    with pytest.raises(EngineError) as err:
        training.train({**MOONS, "resume_from": forged(change)})
    assert words in err.value.message
    assert err.value.kind == "CheckpointError" and err.value.hint


@pytest.mark.parametrize("change, part", [
    ({"layers": [{"units": 7, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}]},
     "architecture"),
    ({"dataset": {"name": "moons", "n": 60, "seed": 1}}, "data"),
    ({"seed": 4}, "data"),            # another split
    ({"optimizer": {"name": "sgd", "lr": 0.2}}, "optimizer"),
    ({"dropout": 0.3}, "training"),
])
def test_a_checkpoint_of_another_request_is_refused_naming_the_part(change, part):
    c = checkpoint_after(MOONS)
    with pytest.raises(EngineError, match=f"its {part} differ"):
        training.train({**MOONS, **change, "resume_from": c})


def test_adam_state_is_checked_and_oversize_runs_have_no_checkpoint():
    adam = {**MOONS, "optimizer": {"name": "adam", "lr": 0.01}}
    c = checkpoint_after(adam)
    assert c["optimizer"]["t"] == 2 * 6 and set(c["optimizer"]["state"]) == {"m", "v"}
    bad = copy.deepcopy(c)
    bad["optimizer"]["state"]["v"]["b2"] = [-1.0]
    with pytest.raises(EngineError, match="must not be negative"):
        training.train({**adam, "resume_from": bad})
    big = {**MOONS, "layers": [{"units": 200, "activation": "tanh"}] * 2
           + [{"units": 1, "activation": "sigmoid"}], "epochs": 2}
    assert training.train(big)["checkpoint"] is None
    with pytest.raises(LimitError, match="limit is 40000"):
        training.train({**big, "resume_from": c})


def test_divergence_of_a_non_finite_loss_and_of_a_loss_that_started_large():
    run = training.train({**MOONS, "dropout": 0, "optimizer": {"name": "sgd", "lr": 100},
                          "normalize": False, "dataset": {"name": "moons", "n": 60, "noise": 10},
                          "layers": [{"units": 6, "activation": "relu"}, {"units": 1, "activation": "identity"}],
                          "loss": "mse", "epochs": 300})
    assert run["diverged"] and run["divergence"]["epoch"] == len(run["history"]) < 300
    # regression targets near 1e4: a loss above 1e6 from the start is not divergence
    big = {"input_size": 1, "layers": [{"units": 1, "activation": "identity"}], "loss": "mse",
           "x": [[0.1], [0.2]], "y": [3e4, 3.1e4], "epochs": 5, "optimizer": {"name": "sgd", "lr": 0.01}}
    r = training.train(big)
    assert r["history"][0]["train_loss"] > 1e6 and not r["diverged"] and len(r["history"]) == 5
    assert health.divergence(float("nan"), 1.0) == "non_finite"
    assert health.divergence(2e6, 1.0) == "too_large" and health.divergence(2e6, 3e6) is None


def test_boundary_and_neuron_pictures_of_every_hidden_unit():
    r = training.train({**MOONS, "layers": [{"units": 5, "activation": "relu"},
                                            {"units": 3, "activation": "tanh"},
                                            {"units": 1, "activation": "sigmoid"}]})
    n = r["neurons"]
    assert [len(layer) for layer in n["layers"]] == [5, 3]
    assert np.shape(n["layers"][1][2]) == (20, 20) and len(n["xs"]) == 20
    assert np.asarray(n["layers"][0]).min() >= 0 and np.abs(n["layers"][1]).max() <= 1
    assert n["xs"][0] == r["decision_boundary"]["xs"][0] and n["xs"][-1] == r["decision_boundary"]["xs"][-1]
    assert training.train({**MOONS, "layers": [{"units": 1, "activation": "sigmoid"}]})["neurons"] is None


def test_gradients_are_those_the_last_epochs_norms_measure():
    run = training.Run(training.Setup({**FULL_BATCH, "epochs": 2}))
    assert run.gradients() is None
    entries = run.advance()
    g = run.gradients()
    for k, v in entries[-1]["grad_norms"].items():
        assert np.linalg.norm(np.asarray(g[k])) == pytest.approx(v, rel=1e-12)


PAGE_DEFAULT = {"input_size": 2, "layers": [{"units": 16, "activation": "tanh"}] * 2
                + [{"units": 1, "activation": "sigmoid"}], "loss": "bce", "init": "xavier",
                "dataset": {"name": "spiral", "n": 200}, "batch_size": 32, "epochs": 300,
                "normalize": True, "dev_fraction": 0.2, "optimizer": {"name": "adam", "lr": 0.03}}


def test_eta_50_on_the_page_default_diverges_by_growth_and_the_default_does_not():
    bad = training.train({**PAGE_DEFAULT, "optimizer": {"name": "adam", "lr": 50}})
    assert bad["diverged"] and bad["divergence"]["reason"] == "grew"
    assert len(bad["history"]) == bad["divergence"]["epoch"] < 300
    assert bad["warnings"][0]["code"] == "training_diverged_grew"
    assert "more than 10 times" in bad["warnings"][0]["message"]
    good = training.train({**PAGE_DEFAULT, "epochs": 60})
    assert not good["diverged"] and len(good["history"]) == 60
    assert health.divergence(11.0, 1.0) == "grew" and health.divergence(9.0, 1.0) is None
    assert health.divergence(0.5, 0.01) is None     # 50x a near-perfect start, but not by more than 1


def test_slices_through_pickled_state_give_the_uninterrupted_run():
    import pickle
    whole = training.train(MOONS)
    state, history = None, []
    while True:
        out = pickle.loads(pickle.dumps(training.advance_slice(MOONS, state, 5, 10.0)))
        history += out["history"]
        state = out["state"]
        if out["finished"]:
            break
    assert training.finish(MOONS, state, history) == whole
    assert training.start({**MOONS, "resume_from": whole["checkpoint"], "epochs": 20}) == {"epoch": 12, "epochs": 20}
