"""Property-based API testing with schemathesis against the app's own OpenAPI schema: for generated
valid and invalid bodies, no 5xx, and every answer conforms to the documented status codes, content
types and response schemas (including the "NaN"/"Infinity" strings and the 400/413/422 bodies)."""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, negative_data_rejection, response_schema_conformance, status_code_conformance)

import engine
from app.main import app

pytestmark = pytest.mark.skipif(not (hasattr(engine, "evaluate") and hasattr(engine, "network")),
                                reason="the engine has not landed")

schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(
    path_regex=r"^/(healthz|api/v1/(graph|network))$")

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, negative_data_rejection]


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    # positive_data_acceptance is left out on purpose: a schema-valid body can still be a program that
    # does not parse, which is a documented 400.
    case.call_and_validate(checks=CHECKS)
