"""Answers that tell the user what to do next: unknown /api/ paths list the endpoints, a wrong method
says to POST JSON, and `parameters` refuses duplicates and names without a value (all found last session)."""


def test_unknown_api_path_lists_the_endpoints_and_docs(client):
    r = client.get("/api/v1/graphs")
    assert r.status_code == 404
    detail = r.json()["detail"]
    assert "/api/v1/graphs" in detail["message"] and detail["docs"] == "/docs"
    assert {"POST /api/v1/graph", "POST /api/v1/network", "POST /api/v1/train"} <= set(detail["endpoints"])


def test_unknown_page_path_is_a_404_in_the_shape_of_every_error(client):
    r = client.get("/no-such-page")
    assert r.status_code == 404
    detail = r.json()["detail"]
    assert detail["error"] == "NotFound" and detail["code"] == "not_found"
    assert detail["params"] == {"path": "/no-such-page"} and "/docs" in detail["hint"]


def test_wrong_method_says_to_post_json(client):
    r = client.get("/api/v1/graph")
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    detail = r.json()["detail"]
    assert "GET" in detail["message"] and "POST" in detail["message"]
    assert "application/json" in detail["hint"] and detail["docs"] == "/docs"
    assert r.headers["x-content-type-options"] == "nosniff"      # still behind the security headers


def test_duplicate_parameter_is_named(client):
    r = client.post("/api/v1/graph", json={"source": "a + b", "values": {"a": 1, "b": 2}, "parameters": ["a", "a"]})
    assert r.status_code == 400
    assert "a twice" in r.json()["detail"]["message"]


def test_parameter_without_a_value_is_named(client):
    r = client.post("/api/v1/graph", json={"source": "a + b", "values": {"a": 1, "b": 2}, "parameters": ["z"]})
    assert r.status_code == 400
    detail = r.json()["detail"]
    assert "z" in detail["message"] and "values" in detail["hint"]


def test_values_may_be_omitted_when_nothing_is_free(client):
    r = client.post("/api/v1/graph", json={"source": "2 * 3"})
    assert r.status_code == 200 and r.json()["nodes"][-1]["value"] == 6.0
    schema = client.get("/openapi.json").json()["components"]["schemas"]["GraphRequest"]
    assert schema["required"] == ["source"]
