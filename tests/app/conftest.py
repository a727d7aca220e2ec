"""API-test fixtures: FastAPI's TestClient on the real app, or on an app built with other settings."""
import pytest
from fastapi.testclient import TestClient

from app.main import app, create_app
from app.settings import Settings

TEXTBOOK_PROGRAM = "d = 2*b\ne = a + d\nL = c*e"
TEXTBOOK_VALUES = {"a": 3, "b": 1, "c": -2}


@pytest.fixture(scope="session")
def client():
    # raise_server_exceptions=False: a bug must show up as the 500 a real client would get, so the
    # tests that assert "no 5xx" can see it.
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def client_with():
    """client_with(cors_origins=("https://x",), max_body_bytes=100) → a client on such an app (answering
    to TestClient's host name unless allowed_hosts is given)."""
    opened = []

    def make(**overrides):
        c = TestClient(create_app(Settings(**{"allowed_hosts": ("testserver",), **overrides})),
                       raise_server_exceptions=False)
        opened.append(c)
        return c.__enter__()

    yield make
    for c in opened:
        c.__exit__(None, None, None)
