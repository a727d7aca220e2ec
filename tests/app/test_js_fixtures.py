"""The JS unit tests (tests/js) read engine answers and the op table from tests/js/fixtures, so that the
page's arithmetic and captions are checked against the engine's own templates, not a copy. These tests
fail when a fixture no longer matches what the engine and GET /api/v1/ops answer today: regenerate with
`.venv/bin/python tests/js/fixtures/make_fixtures.py`."""
import json
import sys
from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).resolve().parents[1] / "js" / "fixtures"
sys.path.insert(0, str(FIXTURES_DIR))
import make_fixtures  # noqa: E402  (the generator the fixtures came from)

sys.path.remove(str(FIXTURES_DIR))


def stored(name):
    return json.loads((FIXTURES_DIR / name).read_text(encoding="utf-8"))


def test_the_op_table_fixture_is_what_get_ops_sends(client):
    answer = client.get("/api/v1/ops").json()
    assert stored("ops.json") == answer, "tests/js/fixtures/ops.json is stale: run make_fixtures.py"


def test_the_request_schemas_fixture_is_what_get_openapi_sends(client):
    fresh = make_fixtures.request_schemas_fixture(client.get("/openapi.json").json())
    assert stored("request_schemas.json") == fresh, "tests/js/fixtures/request_schemas.json is stale: run make_fixtures.py"


@pytest.mark.parametrize("name", sorted(make_fixtures.FIXTURES))
def test_answer_fixtures_are_the_engine_answers_of_today(name):
    source, values = make_fixtures.FIXTURES[name]
    fresh = json.loads(json.dumps(make_fixtures.evaluate(source, values)))
    assert stored(name) == fresh, f"tests/js/fixtures/{name} is stale: run make_fixtures.py"


@pytest.mark.parametrize("name", sorted(make_fixtures.NETWORK_FIXTURES))
def test_network_fixtures_are_the_engine_answers_of_today(name):
    fresh = json.loads(json.dumps(make_fixtures.network(make_fixtures.NETWORK_FIXTURES[name])))
    assert stored(name) == fresh, f"tests/js/fixtures/{name} is stale: run make_fixtures.py"


def test_the_tikz_blanks_fixture_is_what_the_export_numbers_today():
    fresh = json.loads(json.dumps(make_fixtures.tikz_blanks_fixture()))
    assert stored("tikz_blanks.json") == fresh, "tests/js/fixtures/tikz_blanks.json is stale: run make_fixtures.py"
