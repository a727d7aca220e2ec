"""Weight initialisation (textbook 6.6.5: "small random numbers"; biases start at zero).

W^[i] has shape (n_i, n_{i-1}), drawn layer by layer from numpy ``default_rng(seed)``, so one seed
always gives the same network in ``engine.network`` and in ``engine.training.train``.

  small   N(0, 0.1²): small enough that sigmoid/tanh start in their linear part, large enough that
          a few layers do not shrink the signal to nothing (0.01 does, in a 3-layer net).
  xavier  Glorot normal, N(0, 2 / (fan_in + fan_out)): keeps variance through tanh/sigmoid layers.
  he      He normal, N(0, 2 / fan_in): keeps variance through ReLU layers.
  normal  N(0, 1) whatever the layer's size: the textbook's cautionary case, which saturates deep
          sigmoid stacks so their gradients vanish (the training lab's first preset shows it).
"""
from __future__ import annotations

import math

import numpy as np

SMALL_STD = 0.1
INITS = ("small", "xavier", "he", "normal")


def init_std(init: str, fan_in: int, fan_out: int) -> float:
    """Standard deviation of the normal distribution for a weight matrix of shape (fan_out, fan_in)."""
    if init == "small":
        return SMALL_STD
    if init == "xavier":
        return math.sqrt(2.0 / (fan_in + fan_out))
    if init == "he":
        return math.sqrt(2.0 / fan_in)
    if init == "normal":
        return 1.0
    raise ValueError(f"unknown init {init!r}")  # callers validate names first


def initialize(sizes: list[int], init: str = "small", seed: int = 0) -> dict[str, np.ndarray]:
    """``sizes`` = [n_0, n_1, …, n_L] → {"W1": (n_1, n_0), "b1": (n_1,), …} as float64 arrays."""
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(sizes)):
        fan_in, fan_out = sizes[i - 1], sizes[i]
        params[f"W{i}"] = rng.normal(0.0, init_std(init, fan_in, fan_out), (fan_out, fan_in))
        params[f"b{i}"] = np.zeros(fan_out)
    return params
