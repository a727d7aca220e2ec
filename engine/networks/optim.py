"""Optimisers: the update θ ← θ − Δ after each mini-batch, the same arithmetic as PyTorch's defaults.

  sgd       θ −= lr · g
  momentum  v = μ v + g;  θ −= lr · v                        (torch.optim.SGD(momentum=μ), v₀ = 0)
  adam      m = β₁ m + (1−β₁) g;  v = β₂ v + (1−β₂) g²;       (Kingma & Ba 2015, torch.optim.Adam)
            θ −= lr · m̂ / (√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)

``g`` already holds any L2 term (λW), as PyTorch's weight_decay adds it before the update.
"""
from __future__ import annotations

import math

import numpy as np

from .netspec import SpecError, check_keys, number

OPTIMIZERS = ("sgd", "momentum", "adam")
DEFAULTS = {"sgd": {"lr": 0.1}, "momentum": {"lr": 0.1, "momentum": 0.9},
            "adam": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}}
# A learning rate above this only ever diverges on normalised inputs; refuse it as a likely typo.
MAX_LR = 100.0


class SGD:
    name = "sgd"

    def __init__(self, lr: float):
        self.lr = lr
        self._scratch: dict[str, np.ndarray] = {}   # lr·g without a fresh array every step

    def settings(self) -> dict:
        """The settings this optimiser runs with, defaults filled in (the answers state them)."""
        return {"lr": self.lr}

    def step(self, params: dict, grads: dict) -> None:
        for k, g in grads.items():
            buf = self._scratch.get(k)
            if buf is None or buf.shape != g.shape:
                buf = self._scratch[k] = np.empty_like(g)
            np.multiply(g, self.lr, out=buf)
            params[k] -= buf

    def state(self, k: str) -> dict:
        return {}


class Momentum:
    name = "momentum"

    def __init__(self, lr: float, momentum: float):
        self.lr, self.mu = lr, momentum
        self.velocity: dict[str, np.ndarray] = {}

    def step(self, params: dict, grads: dict) -> None:
        for k, g in grads.items():
            v = self.velocity.get(k)
            if v is None:
                v = self.velocity[k] = g.copy()     # μ·0 + g
            else:
                v *= self.mu
                v += g
            params[k] -= self.lr * v

    def settings(self) -> dict:
        return {"lr": self.lr, "momentum": self.mu}

    def state(self, k: str) -> dict:
        return {"velocity": self.velocity[k]} if k in self.velocity else {}


class Adam:
    name = "adam"

    def __init__(self, lr: float, beta1: float, beta2: float, eps: float):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.t = 0
        self.m: dict[str, np.ndarray] = {}
        self.v: dict[str, np.ndarray] = {}

    def settings(self) -> dict:
        return {"lr": self.lr, "beta1": self.beta1, "beta2": self.beta2, "eps": self.eps}

    def step(self, params: dict, grads: dict) -> None:
        self.t += 1
        # Same order of operations as torch.optim.Adam, so runs agree to the last bits.
        step_size = self.lr / (1 - self.beta1 ** self.t)
        sqrt_bc2 = math.sqrt(1 - self.beta2 ** self.t)
        for k, g in grads.items():
            if k not in self.m:
                self.m[k] = np.zeros_like(g)
                self.v[k] = np.zeros_like(g)
            m, v = self.m[k], self.v[k]
            m += (1 - self.beta1) * (g - m)
            v *= self.beta2
            v += (1 - self.beta2) * g * g
            denom = np.sqrt(v) / sqrt_bc2 + self.eps
            params[k] -= step_size * (m / denom)

    def state(self, k: str) -> dict:
        if k not in self.m:
            return {}
        return {"m": self.m[k], "v": self.v[k],
                "m_hat": self.m[k] / (1 - self.beta1 ** self.t),
                "v_hat": self.v[k] / (1 - self.beta2 ** self.t)}


def make_optimizer(spec) -> SGD | Momentum | Adam:
    """``{"name": "sgd"|"momentum"|"adam", "lr", "momentum", "beta1", "beta2", "eps"}`` → optimiser.

    Missing values take the defaults in ``DEFAULTS`` (PyTorch's for Adam); values the chosen
    optimiser does not use (the API sends all of them) are ignored."""
    spec = {"name": "sgd"} if spec is None else spec
    check_keys(spec, {"name", "lr", "momentum", "beta1", "beta2", "eps"}, "optimizer")
    name = spec.get("name", "sgd")
    if name not in OPTIMIZERS:
        raise SpecError("unknown_optimizer", name=repr(name), choices=", ".join(OPTIMIZERS))
    value = {k: spec[k] if spec.get(k) is not None else d for k, d in DEFAULTS[name].items()}
    lr = number(value["lr"], "optimizer lr", 0.0, MAX_LR, low_open=True)
    if name == "sgd":
        return SGD(lr)
    if name == "momentum":
        return Momentum(lr, number(value["momentum"], "optimizer momentum", 0.0, 1.0, high_open=True))
    return Adam(lr, number(value["beta1"], "optimizer beta1", 0.0, 1.0, high_open=True),
                number(value["beta2"], "optimizer beta2", 0.0, 1.0, high_open=True),
                number(value["eps"], "optimizer eps", 0.0, 1.0, low_open=True))
