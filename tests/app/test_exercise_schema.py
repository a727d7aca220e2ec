"""schemathesis against POST /api/v1/exercise as documented in the app's OpenAPI schema: every
schema-valid body (any level 1-3 with any seed in range, or a figure) is answered 200 with a body that
conforms to ExerciseResponse; every invalid one gets a documented 4xx; nothing gets a 5xx."""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, negative_data_rejection, positive_data_acceptance,
    response_schema_conformance, status_code_conformance)

import engine
from app.main import app

pytestmark = pytest.mark.skipif(not (hasattr(engine, "evaluate") and hasattr(engine, "network")),
                                reason="the engine has not landed")

schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(path_regex=r"^/api/v1/exercise$")

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, negative_data_rejection, positive_data_acceptance]


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_exercise_endpoint_conforms_to_its_schema(case):
    case.call_and_validate(checks=CHECKS)
