"""Every refusal the app words itself has a code in app/messages.py, and the page has every code the
app and the engine can send in English and Chinese (static/js/i18n/engine_messages.js), so a Chinese
page never shows an English message.

A walk over the app's sources finds every `ApiError.coded(…)` (and fails on an ApiError worded by hand);
requests that trigger the refusals check the codes the API really sends.
"""
import ast
import json
import pathlib
import re
import shutil
import subprocess

import pytest

from app.messages import MESSAGES
from engine.present.messages import CATALOGUE

ROOT = pathlib.Path(__file__).resolve().parents[2]
APP = ROOT / "app"
names = lambda template: sorted(set(re.findall(r"\{(\w+)\}", template)))  # noqa: E731


def _constants(expr):
    """The string constants an argument can be: "code", or both branches of `"a" if x else "b"`."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [expr.value]
    if isinstance(expr, ast.IfExp):
        return _constants(expr.body) + _constants(expr.orelse)
    raise AssertionError(f"not a literal code: {ast.unparse(expr)}")


def _sites():
    """(file:line, [codes], [hint codes], params keys or None) of every ApiError.coded call in app/."""
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text())
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            f = call.func
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            if isinstance(f, ast.Name) and f.id == "ApiError":
                raise AssertionError(f"{where}: an ApiError worded by hand; use ApiError.coded with app/messages.py")
            if not (isinstance(f, ast.Attribute) and f.attr == "coded" and getattr(f.value, "id", None) == "ApiError"):
                continue
            kw = {k.arg: k.value for k in call.keywords}
            hint = call.args[3] if len(call.args) > 3 else kw.get("hint")
            params = kw.get("params")
            # the parameters' names: none without params=, the keys of a dict written there, else unknown
            keys = set() if params is None else {k.value for k in params.keys} if isinstance(params, ast.Dict) else None
            yield where, _constants(call.args[2]), _constants(hint) if hint is not None else [], keys


def test_every_refusal_of_the_app_has_its_codes_and_parameters_in_the_catalogue():
    sites = list(_sites())
    assert len(sites) >= 12
    for where, codes, hints, keys in sites:
        for code in codes + hints:
            assert code in MESSAGES, f"{where}: {code} is not in app/messages.py"
        for code in codes:
            if keys is not None:
                assert set(names(MESSAGES[code])) <= keys, f"{where}: {code} lacks parameters"
    assert not set(MESSAGES) & set(CATALOGUE), "a code means one thing"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_page_has_every_code_of_the_app_and_the_engine_in_english_and_chinese():
    script = ("import('./static/js/i18n/engine_messages.js').then(m => console.log(JSON.stringify("
              "m.ENGINE_MESSAGES)))")
    run = subprocess.run(["node", "-e", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    page = json.loads(run.stdout)
    assert set(page) == set(CATALOGUE) | set(MESSAGES), "the page's codes are the app's and the engine's"
    for code, english in {**CATALOGUE, **MESSAGES}.items():
        assert page[code]["en"] == english, code
        assert page[code]["zh"] and page[code]["zh"] != english, f"{code} has no Chinese"
        assert names(page[code]["zh"]) == names(english), code


def _coded(detail):
    assert detail["code"] in MESSAGES and detail["message"]
    assert detail["hint_code"] in MESSAGES and detail["hint"], detail
    return detail["code"]


def test_the_refusals_carry_codes_the_page_translates(client):
    assert _coded(client.get("/api/v1/nothing").json()["detail"]) == "no_endpoint"
    assert _coded(client.get("/nothing").json()["detail"]) == "not_found"
    detail = client.get("/api/v1/graph").json()["detail"]
    assert _coded(detail) == "method_not_allowed" and detail["hint_code"] == "hint_post_json"
    r = client.post("/api/v1/graph", content=b"[" * 5000, headers={"content-type": "application/json"})
    assert r.status_code == 400 and _coded(r.json()["detail"]) == "unreadable_body"


def test_a_host_not_allowed_is_refused_in_the_apps_json_shape(client_with):
    c = client_with(allowed_hosts=("explorer.school.example",))
    r = c.get("/api/v1/ops", headers={"host": "evil.example"})
    assert r.status_code == 400 and r.headers["content-type"].startswith("application/json")
    detail = r.json()["detail"]
    assert (_coded(detail), detail["params"]["host"], detail["error"]) == ("invalid_host", "evil.example", "InvalidHost")
    assert r.headers["x-content-type-options"] == "nosniff"        # the security headers, as on every answer
    assert c.get("/api/v1/ops", headers={"host": "explorer.school.example"}).status_code == 200
