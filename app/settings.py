"""The app's settings, read once from `BACKPROP_*` environment variables (one class, no magic).

| variable                        | default          | what it sets                                               |
| ------------------------------- | ---------------- | ---------------------------------------------------------- |
| BACKPROP_HOST                   | 127.0.0.1        | address `make run`, `python -m app` and the image listen on |
| BACKPROP_PORT                   | 8000             | port                                                       |
| BACKPROP_WORKERS                | CPU cores        | server processes (each with its own worker threads)        |
| BACKPROP_ALLOWED_HOSTS          | localhost,127.0.0.1 | host names the server answers to (`*` = any); others get 400 |
| BACKPROP_CORS_ORIGINS           | (empty)          | comma-separated origins allowed to call the API; empty = CORS off |
| BACKPROP_MAX_BODY_BYTES         | 1048576          | larger request bodies are refused with 413                 |
| BACKPROP_TIME_BUDGET_SECONDS    | 10               | a computation not done after this (waiting included) answers 400 |
| BACKPROP_ENGINE_PROCESSES       | 2                | heavy computations running at once, per server process    |
| BACKPROP_QUEUE_LENGTH           | 16               | heavy requests waiting for an engine process; more get 429 |
| BACKPROP_TRAIN_STREAM_SECONDS   | 300              | longest a streamed training run may compute               |
| BACKPROP_BUNDLE                 | on               | off: the page runs the modules as written, never static/bundle/ |
"""
from __future__ import annotations

import os
import re
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


# A host as a Host header names it (RFC 9110 §7.2, without its port): a name or IPv4 address, or an
# IPv6 address in brackets. The middleware reads Host headers with it too (app/middleware.py).
HOST = r"\[[0-9a-f:.]+\]|[a-z0-9._~%-]+"
_PATTERN = re.compile(rf"\*|(\*\.)?(?:{HOST})", re.IGNORECASE)


def host_patterns(allowed_hosts) -> tuple[str, ...]:
    """The patterns of BACKPROP_ALLOWED_HOSTS, lower-cased, as Starlette's TrustedHostMiddleware
    documents them: exact names, `*.example.com` for every subdomain of example.com, `*` for any host.
    Anything else would silently match no Host header (a `*` elsewhere, a port, a scheme, a path), so
    it is refused, also beside a `*`, which would hide the mistake until the `*` is taken out."""
    for pattern in allowed_hosts:
        if not _PATTERN.fullmatch(pattern):
            raise SettingsError(f"{PREFIX}ALLOWED_HOSTS: {pattern!r} is not a host name (without scheme, port "
                                "or path), a wildcard at its start (*.example.com), or * for any host")
    return tuple(pattern.lower() for pattern in allowed_hosts)


def _switch(env: dict, name: str, default: bool) -> bool:
    raw = env.get(PREFIX + name, "").strip().lower()
    if raw == "":
        return default
    if raw not in ("on", "off", "1", "0", "true", "false"):
        raise SettingsError(f"{PREFIX}{name}={raw!r} is neither on nor off")
    return raw in ("on", "1", "true")


def _list(env: dict, name: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in env.get(PREFIX + name, "").split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    # CORS is off unless origins are listed: the page is same-origin and needs none.
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    # 1 MiB holds a 784x128 float matrix written out as JSON with room to spare; larger bodies are
    # refused before they are read so a client cannot make the server buffer megabytes.
    max_body_bytes: int = 1 << 20
    # The engine's own limits bound the work up front; this is the guard behind them. An over-budget
    # computation finishes in the background, but the client gets its answer and the engine-process
    # limit below keeps such stragglers from piling up.
    time_budget_seconds: float = 10.0
    # Engine processes per server process: heavy computations running at once. 2 cores: more would
    # only slow each other down.
    engine_processes: int = 2
    # A class pressing "run" together queues briefly; beyond this the server is overloaded and says so
    # (429) rather than letting every request wait out its time budget.
    queue_length: int = 16
    # One process per core: the engine is pure Python, so a process uses one core at most.
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    # Host names this server answers to. Only these reach the app, so nothing it writes (a link, an
    # error) can name a host an attacker put in the Host header. A deployment lists its own name.
    allowed_hosts: tuple[str, ...] = ("localhost", "127.0.0.1")
    # A streamed training run shows its progress and can be stopped, so it may run longer than the time
    # budget of a one-shot request, up to this.
    train_stream_seconds: float = 300.0
    # The page runs the bundle (static/bundle/, `make bundle`) while it matches the modules; off: the
    # modules as written, also when it matches (to try the page as a developer edits it).
    bundle: bool = True

    def __post_init__(self):
        # Every Settings is checked, from the environment or built in code (tests, an embedding app),
        # so a bad pattern stops the server at start-up instead of matching nothing.
        object.__setattr__(self, "allowed_hosts", host_patterns(self.allowed_hosts))

    @classmethod
    def from_env(cls, env: dict | None = None) -> "Settings":
        env = os.environ if env is None else env
        return cls(
            host=env.get(PREFIX + "HOST", cls.host) or cls.host,
            port=_int(env, "PORT", cls.port, 1),
            cors_origins=_list(env, "CORS_ORIGINS"),
            max_body_bytes=_int(env, "MAX_BODY_BYTES", cls.max_body_bytes, 1),
            time_budget_seconds=_float(env, "TIME_BUDGET_SECONDS", cls.time_budget_seconds, 0.001),
            engine_processes=_int(env, "ENGINE_PROCESSES", cls.engine_processes, 1),
            queue_length=_int(env, "QUEUE_LENGTH", cls.queue_length, 0),
            workers=_int(env, "WORKERS", os.cpu_count() or 1, 1),
            allowed_hosts=_list(env, "ALLOWED_HOSTS") or cls.allowed_hosts,
            train_stream_seconds=_float(env, "TRAIN_STREAM_SECONDS", cls.train_stream_seconds, 1),
            bundle=_switch(env, "BUNDLE", cls.bundle),
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()


def settings_of(request) -> Settings:
    """The settings of the app serving `request`: those given to create_app, else the environment's
    (a bare FastAPI app in a router's own test has none of its own)."""
    return getattr(request.app.state, "settings", None) or get_settings()
