"""create_app as FastAPI documents it: every router included (each API route in /openapi.json with its
methods), and nothing in app/ reaches into the framework's internals."""
import re
from pathlib import Path

from fastapi.routing import APIRoute

from app.main import create_app

APP_DIR = Path(__file__).resolve().parents[2] / "app"
# What the removed lean route and flat-route trick used: FastAPI's request-handling internals.
INTERNALS = re.compile(r"\b(dependant|body_field|solve_dependencies|request_body_to_args|get_route_handler|"
                       r"router\.routes|routes\.extend|route_class)\b")


def api_routes(routes):
    """Every APIRoute, also inside the routers `include_router` added (this FastAPI keeps each as one
    entry holding its router)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        yield from api_routes(getattr(getattr(route, "original_router", None), "routes", []))


def test_every_api_route_is_in_the_openapi_document():
    app = create_app()
    paths = app.openapi()["paths"]
    api = [route for route in api_routes(app.router.routes) if route.path.startswith("/api/")]
    assert len(api) >= 8, [route.path for route in api]
    for route in api:
        for method in route.methods:
            assert method.lower() in paths.get(route.path, {}), f"{method} {route.path} is not documented"
    assert {"/api/v1/graph", "/api/v1/network", "/api/v1/ops", "/api/v1/exercise", "/api/v1/train", "/healthz"} <= set(paths)


def test_no_framework_internals_in_app():
    for path in APP_DIR.rglob("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            assert not INTERNALS.search(code), f"{path.relative_to(APP_DIR.parent)}:{number}: {line.strip()}"
