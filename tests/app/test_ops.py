"""GET /api/v1/ops: the engine's op table, in the OpenAPI schema, listing exactly what the parser accepts."""
import re

from engine.core.parser import FUNCTIONS

SOURCES = {          # one program per operator; functions are called with their arity's operands
    "add": "a + b + a", "sub": "a - b", "mul": "a * b", "div": "a / b", "pow": "a ^ b", "neg": "-a",
    "matmul": "sum(v @ v)", "transpose": "sum(vᵀ)", "identity": "e = a\ne",
}
OPERANDS = {"bce": "s, y", "ce": "v, y0", "softmax_ce": "v, y0", "softmax": "v", "leaky_relu": "a, b",
            "max": "v, a", "min": "a, v"}
VALUES = {"a": 0.5, "b": 2.0, "v": [0.25, 0.75], "s": 0.25, "y": 1.0, "y0": 1.0}


def _ops(client):
    r = client.get("/api/v1/ops")
    assert r.status_code == 200, r.text
    return r.json()["ops"]


def test_every_op_the_engine_accepts_is_listed_and_evaluates(client):
    ops = _ops(client)
    names = {op["name"] for op in ops}
    assert {"add", "sub", "mul", "div", "pow", "matmul", "neg"} <= names
    assert set(FUNCTIONS) <= names, "no accepted function missing"        # transpose(x) is also xᵀ
    assert {op["name"] for op in ops if op["kind"] != "operator"} <= set(FUNCTIONS)
    for op in ops:
        name = op["name"]
        source = SOURCES.get(name) or f"sum({name}({OPERANDS.get(name, 'v')}))"
        r = client.post("/api/v1/graph", json={"source": source, "values": VALUES})
        assert r.status_code == 200, (name, r.text)
        assert name in {n["op"] for n in r.json()["nodes"]}, name


def test_each_op_has_its_formula_and_one_derivative_per_operand(client):
    for op in _ops(client):
        variadic = isinstance(op["arity"], list) and op["arity"][1] is None     # add: one template for every term
        arity = op["arity"] if isinstance(op["arity"], int) else op["arity"][1] or 2
        assert len(op["derivative"]) == (1 if variadic else arity), op["name"]
        for template in [op["latex"], *op["derivative"]]:
            assert set(re.findall(r"#(\d)", template)) <= {str(k) for k in range(arity + 1)}, (op["name"], template)
        assert op["doc"] and op["symbol"]
    table = {op["name"]: op for op in _ops(client)}
    assert (table["mul"]["latex"], table["mul"]["derivative"]) == ("#1 \\cdot #2", ["#2", "#1"])
    assert table["log"]["aliases"] == ["ln"] and table["sigmoid"]["aliases"] == ["σ"]
    assert table["leaky_relu"]["defaults"] == {"#2": 0.01}
    assert "tie" in table["max"]["doc"] and "ReLU'(0) = 1" in table["relu"]["doc"]


def test_the_ops_route_is_in_the_openapi_schema(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/ops"]
    schema = paths["/api/v1/ops"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/Ops")
