"""schemathesis against the training endpoints' own OpenAPI schema: for generated valid and invalid
bodies, no 5xx, and every answer conforms to the documented status codes, content types and response
schemas. Bounded: generated runs are small or refused by the work limit, and the time budget stops
the rest."""
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, negative_data_rejection, response_schema_conformance, status_code_conformance)

from app.main import create_app
from app.settings import Settings

# A short budget keeps generated long runs from slowing the suite; the refusal is itself checked.
app = create_app(Settings(time_budget_seconds=0.3, train_stream_seconds=0.3, allowed_hosts=("testserver", "localhost")))

schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(path_regex=r"^/api/v1/train")

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, negative_data_rejection]


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_training_api_conforms_to_its_schema(case):
    case.call_and_validate(checks=CHECKS)
