"""POST /api/v1/export/tikz(/network): the /graph and /network bodies answered as a LaTeX document."""
from app.schemas.network import NETWORK_EXAMPLES
from engine.exercises import FIG_6_15, FIG_6_18_SPEC

URL = "/api/v1/export/tikz"


def test_expression_as_tikz(client):
    r = client.post(URL, json=FIG_6_15)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/x-tex")
    assert r.text.startswith("\\documentclass") and "\\begin{tikzpicture}" in r.text
    assert "L = -10$" in r.text


def test_show_blanks_hides_the_numbers(client):
    r = client.post(URL + "?show=blanks", json=FIG_6_15)
    assert r.status_code == 200 and "-10" not in r.text and "\\tiny (1)" in r.text


def test_blanks_ask_a_networks_weights_not_its_data(client):
    """The exam sheet of figure 6.18 asks no ∂L/∂x, ∂L/∂y (practice and the worksheet do not either)
    and still asks ∂L/∂w; figure 6.15's ∂L/∂a, ∂L/∂b, ∂L/∂c stay asked."""
    net = client.post(URL + "/network?show=blanks", json=FIG_6_18_SPEC)
    assert net.status_code == 200, net.text
    assert "\\partial w^{[1]}_{11}} = {}$" in net.text
    for sym in ("x_{1}", "x_{2}", "y"):
        assert f"\\partial {sym}}}" not in net.text, sym
    expression = client.post(URL + "?show=blanks", json=FIG_6_15).text
    for sym in "abc":
        assert f"\\partial {sym}}} = {{}}$" in expression, sym


def test_network_as_tikz(client):
    r = client.post(URL + "/network?show=values", json=FIG_6_18_SPEC)
    assert r.status_code == 200, r.text
    assert "w^{[1]}_{11}" in r.text and "\\partial" not in r.text
    example = next(iter(NETWORK_EXAMPLES.values()))["value"]
    assert client.post(URL + "/network", json=example).status_code == 200


def test_errors_are_the_graph_endpoints_errors(client):
    bad = client.post(URL, json={"source": "a + * b", "values": {"a": 1, "b": 2}})
    assert bad.status_code == 400 and bad.json()["detail"]["code"] == "operator_needs_left"
    assert client.post(URL + "?show=all", json=FIG_6_15).status_code == 422
    assert client.post(URL, json={"source": "a", "values": {"a": 1}, "extra": 1}).status_code == 422
