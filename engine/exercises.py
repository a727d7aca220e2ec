"""Practice exercises: the textbook's two worked figures and seeded generated graphs at three levels.

Every exercise is evaluated by the engine itself (`engine.evaluate` / `engine.network`), so the answers
a learner is checked against are the engine's numbers, never a second hand-written calculation. The
generator draws candidates from `numpy.random.default_rng(seed)` and keeps the first one whose every
gradient, local gradient and downstream gradient is a *short decimal* (at most `MAX_DECIMALS` places,
magnitude at most `MAX_MAGNITUDE`) and that evaluates without warnings. The draws are a fixed sequence
for a seed, so the same (level, seed) always gives the same exercise: a teacher shares one link and
every student gets the same graph.

    exercise_for(level=2, seed=7)      -> {"exercise": "level2", "seed": 7, "source": ..., "graph": ...}
    exercise_set("fig6.15")            -> the textbook's L = c(a + 2b) with a = 3, b = 1, c = -2
"""
from __future__ import annotations

import math

import numpy as np

# is_data is the network answer's own reading of its `role` mark; exercises leave the data out by it.
from engine.networks.network import is_data

LEVELS = (1, 2, 3)
EXERCISE_SETS = ("fig6.15", "fig6.18")
MAX_SEED = 2**32 - 1            # numpy's SeedSequence takes any non-negative int; this fits a URL nicely
MAX_DECIMALS = 4                # 0.0625 (= 0.25 · 0.25, a sigmoid's local at 0 squared) is still writable
MAX_MAGNITUDE = 1000            # larger answers are arithmetic drill, not backprop practice
MAX_ATTEMPTS = 500              # a level's constraints hold for most draws; this bounds the search

# Figure 6.18's network with weights chosen so that every gradient is a short decimal: z^[2] = 0, so
# a^[2] = σ(0) = 0.5 and ∂L/∂z^[2] = a^[2] − y = −0.5; hidden unit 2 has z < 0, so ReLU' = 0 there.
FIG_6_18_SPEC = {
    "input_size": 2,
    "layers": [{"units": 2, "activation": "relu"}, {"units": 1, "activation": "sigmoid"}],
    "loss": "bce",
    "x": [1.0, 2.0],
    "y": 1.0,
    "weights": {
        "W1": [[0.5, -0.25], [-1.0, 0.25]],
        "b1": [0.5, 0.0],
        "W2": [[1.0, -0.5]],
        "b2": [-0.5],
    },
    "view": "scalar",
}

FIG_6_15 = {"source": "d = 2*b\ne = a + d\nL = c*e", "values": {"a": 3.0, "b": 1.0, "c": -2.0}}

TITLES = {
    "fig6.15": "Figure 6.15: L = c(a + 2b)",
    "fig6.18": "Figure 6.18: a 2-2-1 network, ReLU hidden layer, sigmoid output, cross-entropy",
    "level1": "Level 1: one operation per node, small integers",
    "level2": "Level 2: activations and fan-out",
    "level3": "Level 3: a 2-layer network with cross-entropy",
}


class ExerciseError(ValueError):
    """A level, seed or exercise name outside what the generator offers; the message says the range."""


# ---------------------------------------------------------------- public API

def exercise_set(name: str) -> dict:
    """One of the textbook's worked figures as an exercise."""
    if name == "fig6.15":
        return _expression_exercise(name, None, None, FIG_6_15["source"], FIG_6_15["values"])
    if name == "fig6.18":
        return _network_exercise(name, None, None, FIG_6_18_SPEC)
    raise ExerciseError(f"unknown exercise {name!r}; choose one of {', '.join(EXERCISE_SETS)} or a level 1-3")


def exercise_for(level: int, seed: int) -> dict:
    """A generated exercise: the same (level, seed) always gives the same graph and numbers."""
    if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS:
        raise ExerciseError(f"level must be 1, 2 or 3, not {level!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ExerciseError(f"seed must be a whole number from 0 to {MAX_SEED}, not {seed!r}")
    rng = np.random.default_rng(seed)
    draw = {1: _draw_level1, 2: _draw_level2, 3: _draw_level3}[level]
    for _ in range(MAX_ATTEMPTS):
        candidate = draw(rng)
        if candidate is None:
            continue
        result = _build(f"level{level}", level, seed, candidate)
        if result is not None:
            return result
    # Reaching this means the level's drawing rules are broken, not the caller's input.
    raise RuntimeError(f"no exercise for level {level}, seed {seed} after {MAX_ATTEMPTS} draws")


def is_short_decimal(x, places: int = MAX_DECIMALS) -> bool:
    """True when a learner can write x exactly with at most `places` decimals (and it is not huge)."""
    if not isinstance(x, (int, float)) or isinstance(x, bool) or not math.isfinite(x):
        return False
    if abs(x) > MAX_MAGNITUDE:
        return False
    scaled = x * 10**places
    return abs(scaled - round(scaled)) <= 1e-6 * max(1.0, abs(scaled))


def answers_are_short(graph: dict) -> bool:
    """Every number the practice view asks for (see static/js/practice/questions.js) is short. The
    data's gradients are held to it too, though not asked: the generator's draws, and so every shared
    (level, seed) link's exercise, stay as they were before practice stopped asking for them."""
    nodes = {n["id"]: n for n in graph["nodes"]}
    for node in graph["nodes"]:
        if node["kind"] == "constant":
            continue  # constants are not asked: they never change, so their gradient is not needed
        if not is_short_decimal(node["grad"]):
            return False
        for edge in (graph["edges"][k] for k in node["inputs"]):
            if nodes[edge["source"]]["kind"] == "constant":
                continue
            if not (is_short_decimal(edge["local"]) and is_short_decimal(edge["downstream"])):
                return False
    return True


# ---------------------------------------------------------------- assembling a result

def _build(name, level, seed, candidate):
    kind, payload = candidate
    try:
        if kind == "expression":
            result = _expression_exercise(name, level, seed, *payload)
        else:
            result = _network_exercise(name, level, seed, payload)
    except Exception as err:  # noqa: BLE001 — an engine refusal only means "draw again"
        from engine import EngineError
        if isinstance(err, EngineError):
            return None
        raise
    graph = result["graph"]
    if graph["warnings"] or not answers_are_short(graph):
        return None
    return result


def _expression_exercise(name, level, seed, source, values):
    from engine import evaluate
    graph = evaluate(source, values)
    return _result(name, level, seed, graph, kind="expression", source=source, network=None)


def _network_exercise(name, level, seed, spec):
    from engine import network
    graph = network(spec)
    return _result(name, level, seed, graph, kind="network", source=None, network=spec)


def _result(name, level, seed, graph, *, kind, source, network):
    nodes = graph["nodes"]
    return {
        "exercise": name,
        "title": TITLES[name],
        "level": level,
        "seed": seed,
        "kind": kind,
        "source": source,
        "network": network,
        # The free variables as the graph names them (for a network: x1, w1_11, …), so course
        # material can print the exercise without reading the graph.
        "values": {n["id"]: n["value"] for n in nodes if n["kind"] in ("input", "parameter")},
        "output": graph["output"],
        # What practice asks: ∂output/∂node of every node but constants and a network's data.
        "gradients": {n["id"]: n["grad"] for n in nodes if n["kind"] != "constant" and not is_data(n)},
        "graph": graph,
    }


# ---------------------------------------------------------------- level 1: + − × on small integers

def _small_int(rng, low=-4, high=4):
    """A non-zero integer: zeros make whole branches' gradients vanish, which teaches little."""
    while True:
        v = int(rng.integers(low, high + 1))
        if v:
            return v


class _Program:
    """Builds a program one named assignment at a time, tracking each term's value (for the drawing
    rules only — the exercise's numbers come from the engine) and how often each term is used."""

    def __init__(self, names):
        self.names = iter(names)
        self.lines = []
        self.value = {}
        self.uses = {}

    def leaf(self, value):
        name = next(self.names)
        self.value[name] = float(value)
        self.uses[name] = 0
        return name

    def assign(self, text, value, operands, name=None):
        name = name or next(self.names)
        self.lines.append(f"{name} = {text}")
        self.value[name] = float(value)
        self.uses[name] = 0
        for term in operands:
            if term in self.uses:
                self.uses[term] += 1
        return name


BINARY = {
    "+": lambda x, y: x + y,
    "-": lambda x, y: x - y,
    "*": lambda x, y: x * y,
}


def _operand_text(program, term):
    return term if term in program.value else str(term)


def _binary(program, rng, left, right, name=None, ops="+-*"):
    op = str(rng.choice(list(ops)))
    lv = program.value.get(left, left)
    rv = program.value.get(right, right)
    text = f"{_operand_text(program, left)} {op} {_operand_text(program, right)}"
    return program.assign(text, BINARY[op](lv, rv), [left, right], name)


def _draw_level1(rng):
    """Three or four inputs (and sometimes a constant factor, as figure 6.15's 2b) combined pairwise
    into a tree: every node is one +, − or ×, every term is used exactly once, the last one is L."""
    program = _Program(["a", "b", "c", "d", "e", "f", "g", "h"])
    n_inputs = int(rng.integers(3, 5))
    pool = [program.leaf(_small_int(rng)) for _ in range(n_inputs)]
    values = {name: program.value[name] for name in pool}
    if n_inputs == 3 or rng.random() < 0.5:  # a constant factor (d = 2 * b); at least three operations
        i = int(rng.integers(len(pool)))
        pool[i] = _binary(program, rng, int(rng.integers(2, 4)), pool[i], ops="*")
    while len(pool) > 1:
        i, j = (int(k) for k in rng.choice(len(pool), size=2, replace=False))
        left, right = pool[i], pool[j]
        pool = [t for k, t in enumerate(pool) if k not in (i, j)]
        pool.append(_binary(program, rng, left, right, name="L" if not pool else None))
    return "expression", ("\n".join(program.lines), values)


# ---------------------------------------------------------------- level 2: activations and fan-out

def _activation(program, rng, term):
    """ReLU anywhere except exactly at 0 (the textbook's ReLU'(0) = 1 is a convention other tools do
    not share); σ and tanh only at 0, where σ = 0.5, σ' = 0.25 and tanh' = 1 keep answers short."""
    z = program.value[term]
    if z == 0:
        name = str(rng.choice(["σ", "tanh", "relu"]))
        if name == "relu":
            return None
        value = 0.5 if name == "σ" else 0.0
    else:
        name, value = "relu", max(z, 0.0)
    return program.assign(f"{name}({term})", value, [term])


# Share of level-2 draws whose activation input is aimed at 0 so that σ or tanh can appear (their
# values elsewhere are never short decimals).
ZERO_SHARE = 0.4


def _draw_level2(rng):
    """Three inputs, a first operation, an activation, and a term used twice (fan-out), e.g.
    d = a*b; e = relu(d + c); f = e*a; L = f + d. Rejected unless both an activation and a fan-out
    survive and every value stays small."""
    program = _Program(["a", "b", "c", "d", "e", "f", "g", "h", "k", "m"])
    inputs = [program.leaf(_small_int(rng, -3, 3)) for _ in range(3)]
    values = {name: program.value[name] for name in inputs}
    first = _binary(program, rng, inputs[0], inputs[1])
    op = str(rng.choice(["+", "-"]))
    if rng.random() < ZERO_SHARE and 0 < abs(program.value[first]) <= 6:
        # Aim the activation's input at 0, where σ (0.5, slope 0.25) and tanh (0, slope 1) are short.
        c = -program.value[first] if op == "+" else program.value[first]
        program.value[inputs[2]] = values[inputs[2]] = c
    pre = _binary(program, rng, first, inputs[2], ops=op)
    act = _activation(program, rng, pre)
    if act is None:
        return None
    dead_relu = program.lines[-1].startswith(f"{act} = relu") and program.value[act] == 0
    # The fan-out: one earlier term is used again further on.
    again = str(rng.choice([inputs[0], inputs[1], first]))
    mixed = _binary(program, rng, act, again)
    _binary(program, rng, mixed, str(rng.choice([first, inputs[2], again])), name="L")
    if max(abs(v) for v in program.value.values()) > 60:
        return None
    if not any(uses >= 2 for uses in program.uses.values()):
        return None
    if dead_relu:
        return None  # a dead ReLU would zero out everything behind it
    return "expression", ("\n".join(program.lines), values)


# ---------------------------------------------------------------- level 3: a 2-2-1 network, BCE

def _draw_level3(rng):
    """Figure 6.18's shape with drawn weights: multiples of 0.25 or 0.5, inputs small integers. b^[2]
    is chosen so that z^[2] = 0, hence a^[2] = 0.5 and every gradient below it is a short decimal;
    at least one hidden unit must be active and none exactly at ReLU's kink."""
    x = [float(_small_int(rng, -2, 2)) for _ in range(2)]
    W1 = [[float(rng.choice([-1.0, -0.5, -0.25, 0.25, 0.5, 1.0])) for _ in range(2)] for _ in range(2)]
    b1 = [float(rng.choice([-0.5, 0.0, 0.5])) for _ in range(2)]
    z1 = [sum(w * xi for w, xi in zip(row, x)) + b for row, b in zip(W1, b1)]
    if any(z == 0 for z in z1) or all(z < 0 for z in z1):
        return None
    a1 = [max(z, 0.0) for z in z1]
    W2 = [[float(rng.choice([-1.0, -0.5, 0.5, 1.0])) for _ in range(2)]]
    b2 = [-sum(w * a for w, a in zip(W2[0], a1))]
    y = float(rng.integers(0, 2))
    spec = {
        "input_size": 2,
        "layers": [{"units": 2, "activation": "relu"}, {"units": 1, "activation": "sigmoid"}],
        "loss": "bce",
        "x": x,
        "y": y,
        "weights": {"W1": W1, "b1": b1, "W2": W2, "b2": b2},
        "view": "scalar",
    }
    return "network", spec
