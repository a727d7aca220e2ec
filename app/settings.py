"""The app's settings, read once from `BACKPROP_*` environment variables (one class, no magic).

| variable                       | default     | what it sets                                            |
| ------------------------------ | ----------- | ------------------------------------------------------- |
| BACKPROP_HOST                  | 127.0.0.1   | address `make run` / the Docker image listen on         |
| BACKPROP_PORT                  | 8000        | port                                                    |
| BACKPROP_CORS_ORIGINS          | (empty)     | comma-separated origins allowed to call the API; empty = CORS off |
| BACKPROP_MAX_BODY_BYTES        | 1048576     | larger request bodies are refused with 413              |
| BACKPROP_TIME_BUDGET_SECONDS   | 10          | a computation still running after this answers 400      |
| BACKPROP_INLINE_MAX_BYTES      | 2048        | bodies up to this size are computed on the event loop   |
| BACKPROP_WORKER_THREADS        | 2           | at most this many heavy computations run at once        |
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache

PREFIX = "BACKPROP_"


class SettingsError(ValueError):
    """A BACKPROP_* variable holds something that cannot be used; the message names it."""


def _int(env: dict, name: str, default: int, minimum: int) -> int:
    raw = env.get(PREFIX + name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{PREFIX}{name}={raw!r} is not a whole number") from None
    if value < minimum:
        raise SettingsError(f"{PREFIX}{name}={value} must be at least {minimum}")
    return value


def _float(env: dict, name: str, default: float, minimum: float) -> float:
    raw = env.get(PREFIX + name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{PREFIX}{name}={raw!r} is not a number") from None
    if not value >= minimum or value == float("inf"):
        raise SettingsError(f"{PREFIX}{name}={raw} must be a finite number of at least {minimum}")
    return value


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    # CORS is off unless origins are listed: the page is same-origin and needs none.
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    # 1 MiB holds a 784x128 float matrix written out as JSON with room to spare; larger bodies are
    # refused before they are read so a client cannot make the server buffer megabytes.
    max_body_bytes: int = 1 << 20
    # The engine's own limits bound the work up front; this is the guard behind them. A Python thread
    # cannot be killed, so an over-budget computation finishes in the background, but the client gets
    # its answer and the worker-thread limit below keeps such stragglers from piling up.
    time_budget_seconds: float = 10.0
    # A textbook-sized request costs less than the hop to a worker thread; compute it inline.
    inline_max_bytes: int = 2048
    # 2 cores: more heavy computations at once would only slow each other down.
    worker_threads: int = 2

    @classmethod
    def from_env(cls, env: dict | None = None) -> "Settings":
        env = os.environ if env is None else env
        origins = env.get(PREFIX + "CORS_ORIGINS", "")
        return cls(
            host=env.get(PREFIX + "HOST", cls.host) or cls.host,
            port=_int(env, "PORT", cls.port, 1),
            cors_origins=tuple(o.strip() for o in origins.split(",") if o.strip()),
            max_body_bytes=_int(env, "MAX_BODY_BYTES", cls.max_body_bytes, 1),
            time_budget_seconds=_float(env, "TIME_BUDGET_SECONDS", cls.time_budget_seconds, 0.001),
            inline_max_bytes=_int(env, "INLINE_MAX_BYTES", cls.inline_max_bytes, 0),
            worker_threads=_int(env, "WORKER_THREADS", cls.worker_threads, 1),
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()


def settings_of(request) -> Settings:
    """The settings of the app serving `request`: those given to create_app, else the environment's
    (a bare FastAPI app in a router's own test has none of its own)."""
    return getattr(request.app.state, "settings", None) or get_settings()
