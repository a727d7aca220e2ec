"""app/main.py puts its routers' routes on the app directly (add_routes) instead of include_router, for
speed; the app must not change by it: same OpenAPI document, same routes."""
import json

import app.main as main
from fastapi import APIRouter, Depends
import pytest


def test_flat_routes_give_the_same_openapi_document_as_include_router(monkeypatch):
    flat = main.create_app().openapi()
    monkeypatch.setattr(main, "add_routes", lambda application, router: application.include_router(router))
    included = main.create_app().openapi()
    assert json.dumps(flat, sort_keys=True) == json.dumps(included, sort_keys=True)
    assert {"/healthz", "/api/v1/graph", "/api/v1/network"} <= set(flat["paths"])


def test_a_router_with_dependencies_of_its_own_is_refused():
    router = APIRouter(dependencies=[Depends(lambda: None)])
    with pytest.raises(ValueError, match="include_router"):
        main.add_routes(main.create_app(), router)
