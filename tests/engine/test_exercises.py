"""The exercise generator: textbook figures with the textbook's numbers, generated levels that are
deterministic for a seed, evaluate without warnings and ask only for short decimals."""
import math
import warnings

import pytest

exercises = pytest.importorskip("engine.exercises")
engine = pytest.importorskip("engine")
if not hasattr(engine, "evaluate"):
    pytest.skip("engine.evaluate has not landed yet", allow_module_level=True)

from engine.exercises import (  # noqa: E402
    MAX_SEED, ExerciseError, answers_are_short, exercise_for, exercise_set, is_data, is_short_decimal,
)

SEEDS = range(40)


def test_figure_6_15_has_the_textbooks_numbers():
    ex = exercise_set("fig6.15")
    assert ex["exercise"] == "fig6.15" and ex["kind"] == "expression"
    graph = ex["graph"]
    out = next(n for n in graph["nodes"] if n["id"] == graph["output"])
    assert out["value"] == pytest.approx(-10)
    assert ex["gradients"]["a"] == pytest.approx(-2)
    assert ex["gradients"]["b"] == pytest.approx(-4)
    assert ex["gradients"]["c"] == pytest.approx(5)
    assert ex["gradients"]["d"] == pytest.approx(-2) and ex["gradients"]["e"] == pytest.approx(-2)
    assert ex["values"] == {"a": 3.0, "b": 1.0, "c": -2.0}


def test_figure_6_18_is_the_scalar_network_with_short_answers():
    ex = exercise_set("fig6.18")
    graph = ex["graph"]
    assert ex["kind"] == "network" and ex["network"]["view"] == "scalar"
    assert not graph["warnings"]
    assert answers_are_short(graph)
    ids = {n["id"] for n in graph["nodes"]}
    assert {"x1", "x2", "w1_11", "w1_12", "w1_21", "w1_22", "b1_1", "b1_2"} <= ids
    # σ(z^[2]) = 0.5 with y = 1: L = ln 2 and ∂L/∂z^[2] = a^[2] − y = −0.5 (the textbook's eq.).
    out = next(n for n in graph["nodes"] if n["id"] == graph["output"])
    assert out["value"] == pytest.approx(math.log(2))
    z2 = next(n for n in graph["nodes"] if n["id"].startswith("z2"))
    assert z2["grad"] == pytest.approx(-0.5)
    # Hand-worked: hidden unit 1 is active (z = 0.5), unit 2 is not (z = −0.5).
    assert ex["gradients"]["w1_11"] == pytest.approx(-0.5)
    assert ex["gradients"]["w1_12"] == pytest.approx(-1.0)
    assert ex["gradients"]["w1_21"] == pytest.approx(0.0)
    # The engine still computes the data's gradients (the explorer draws them) …
    x1 = next(n for n in graph["nodes"] if n["id"] == "x1")
    assert x1["grad"] == pytest.approx(-0.25)


def test_a_networks_data_is_not_asked_and_an_expressions_inputs_are():
    """… but the textbook never backpropagates into the data (x, labels y): the exercise's asked
    gradients leave them out, told apart by what the engine says about its nodes (`role` "data"),
    while figure 6.15's inputs a, b, c are what the textbook asks about."""
    network = exercise_set("fig6.18")
    assert {n["id"] for n in network["graph"]["nodes"] if is_data(n)} == {"x1", "x2", "y"}
    assert not {"x1", "x2", "y"} & set(network["gradients"])
    assert {"w1_11", "b1_1", "w2_11", "b2_1", "z2_1", "L"} <= set(network["gradients"])
    expression = exercise_set("fig6.15")
    assert not any(is_data(n) for n in expression["graph"]["nodes"])
    assert {"a", "b", "c"} <= set(expression["gradients"])
    level3 = exercise_for(3, 5)
    assert {n["id"] for n in level3["graph"]["nodes"] if is_data(n)} == {"x1", "x2", "y"}
    assert not {"x1", "x2", "y"} & set(level3["gradients"])


def test_is_data_reads_the_engines_mark_not_the_answers_shape():
    """An input of a network answer (it has a `layer`) without the mark is not data: nothing is
    inferred from kind and layer any more."""
    assert is_data({"id": "x1", "kind": "input", "layer": 0, "role": "data"})
    assert not is_data({"id": "x1", "kind": "input", "layer": 0})
    assert not is_data({"id": "mask1", "kind": "input", "layer": 1, "role": "mask"})


@pytest.mark.parametrize("level", [1, 2, 3])
def test_every_level_gives_short_answers_without_warnings(level):
    sources = set()
    for seed in SEEDS:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # numpy overflow/invalid would surface here
            ex = exercise_for(level, seed)
        graph = ex["graph"]
        assert ex["exercise"] == f"level{level}" and ex["seed"] == seed
        assert graph["warnings"] == [], (seed, graph["warnings"])
        assert answers_are_short(graph), seed
        assert all(n["shape"] == [] for n in graph["nodes"]), "exercise sets stay scalar"
        assert all(is_short_decimal(g) for g in ex["gradients"].values())
        sources.add(ex["source"] or repr(ex["network"]))
    assert len(sources) > len(SEEDS) // 2, "different seeds should mostly give different exercises"


@pytest.mark.parametrize("level", [1, 2, 3])
def test_same_seed_same_exercise(level):
    assert exercise_for(level, 12345) == exercise_for(level, 12345)


def test_level1_is_one_plain_operation_per_node_on_integers():
    for seed in SEEDS:
        graph = exercise_for(1, seed)["graph"]
        ops = {n["op"] for n in graph["nodes"] if n["kind"] == "operation"}
        assert ops <= {"add", "sub", "mul"}, (seed, ops)
        assert all(float(n["grad"]).is_integer() for n in graph["nodes"])


def test_level2_has_an_activation_and_a_fan_out():
    for seed in SEEDS:
        graph = exercise_for(2, seed)["graph"]
        assert {n["op"] for n in graph["nodes"]} & {"relu", "sigmoid", "tanh"}, seed
        assert any(len(n["consumers"]) >= 2 for n in graph["nodes"]), seed


def test_level3_is_a_two_layer_network_with_cross_entropy():
    for seed in range(10):
        ex = exercise_for(3, seed)
        assert ex["network"]["loss"] == "bce"
        assert [layer["units"] for layer in ex["network"]["layers"]] == [2, 1]
        assert {n["op"] for n in ex["graph"]["nodes"]} >= {"relu", "sigmoid"}


@pytest.mark.parametrize("level, seed", [(0, 1), (4, 1), (-1, 1), (1, -1), (1, MAX_SEED + 1),
                                         (True, 1), (1, 1.5), ("1", 1)])
def test_bad_level_or_seed_is_refused_with_the_range(level, seed):
    with pytest.raises(ExerciseError, match="level|seed"):
        exercise_for(level, seed)


def test_unknown_set_is_refused():
    with pytest.raises(ExerciseError, match="fig6.15"):
        exercise_set("fig9.99")


@pytest.mark.parametrize("x, short", [(-4, True), (0.125, True), (0.0625, True), (-0.5, True),
                                      (1 / 3, False), (math.log(2), False), (1e6, False),
                                      (float("nan"), False), ("1", False), (0.1 + 0.2, True)])
def test_short_decimal_rule(x, short):
    assert is_short_decimal(x) is short
