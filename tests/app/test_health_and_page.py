"""GET /healthz, GET /, the offline API docs and the OpenAPI document."""
import json
import re

from app.static import STATIC_DIR


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}
    assert r.headers["content-type"] == "application/json"


def test_page_is_served_and_loads_nothing_from_other_hosts(client):
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "<title>Backprop Explorer</title>" in r.text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", r.text)


def test_the_page_is_asked_for_again_and_varies_with_the_language_cookie(client):
    r = client.get("/", headers={"accept-encoding": "gzip"})
    assert r.headers["cache-control"] == "no-cache"
    assert {v.strip() for v in r.headers["vary"].split(",")} == {"Cookie", "Accept-Encoding"}
    client.cookies.set("lang", "zh")
    try:
        assert '<html lang="zh-CN"' in client.get("/").text
    finally:  # the client is shared by the file's tests
        client.cookies.clear()


def test_docs_work_offline_with_vendored_swagger(client):
    r = client.get("/docs")
    assert r.status_code == 200
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", r.text), "docs must not load a CDN"
    assets = re.findall(r"""(?:src|href)="(/static/[^"]+)\"""", r.text)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert client.get("/redoc").status_code == 404


def test_openapi_documents_both_endpoints_with_examples_and_errors(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/v1/graph", "/api/v1/network"):
        op = spec["paths"][path]["post"]
        examples = op["requestBody"]["content"]["application/json"]["examples"]
        assert examples, path
        assert {"200", "400", "413", "422", "429"} <= set(op["responses"]), path
    text = str(spec)
    assert "Infinity" in text and "NaN" in text  # the non-finite encoding is documented
    assert "/healthz" in spec["paths"]


def test_head_probes_get_headers_only(client):
    for path in ("/healthz", "/"):
        r = client.head(path)
        assert r.status_code == 200 and r.content == b""
        assert r.headers["x-content-type-options"] == "nosniff"


def test_first_paint_text_is_server_rendered_in_the_page_language(client):
    """Every first-paint string (the header, the explorer's frame, the training and practice headings and
    intros: each view's largest paint) arrives in the HTML, from the JSON the views' string tables
    import, in the link's language, else the cookie's, else English; the opened view alone is shown."""
    from markupsafe import escape
    table = {lang: {} for lang in ("en", "zh")}
    for path in sorted((STATIC_DIR / "js/i18n/first_paint").glob("*.json")):
        for lang, strings in json.loads(path.read_text(encoding="utf-8")).items():
            table[lang].update(strings)
    assert {"app.title", "explorer.phase.start", "training.intro", "practice.intro"} <= table["en"].keys() == table["zh"].keys()
    for view in ("explorer", "training", "practice"):
        for lang, query, cookies in (("en", "", {}), ("zh", "&lang=zh", {}), ("zh", "", {"lang": "zh"}), ("en", "&lang=en", {"lang": "zh"})):
            client.cookies.clear()
            client.cookies.update(cookies)
            html = client.get(f"/?view={view}{query}").text
            assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in html
            for key, text in table[lang].items():
                assert str(escape(text)) in html, (view, lang, query, cookies, key)
            for key in ("app.title", "explorer.phase.start", "training.intro", "practice.intro"):
                assert f'data-i18n="{key}">{escape(table[lang][key])}</' in html, (view, lang, key)
            for other in ("explorer", "training", "practice"):
                shown = f'<section id="view-{other}" role="tabpanel" aria-labelledby="tab-{other}"{"" if other == view else " hidden"}>'
                assert shown in html, (view, other)
            assert f'id="tab-{view}" aria-controls="view-{view}" aria-selected="true" tabindex="0"' in html
    client.cookies.clear()
    assert table["zh"]["practice.intro"] != table["en"]["practice.intro"]


FIRST_ANSWERS = re.compile(r'<script type="application/json" id="first-answer">(.*?)</script>', re.S)


def test_the_page_arrives_with_the_op_table_and_the_default_examples_answer(client):
    # static/js/first_answer.js hands them to the explorer instead of asking the API: they must be
    # exactly what the API answers.
    sent = json.loads(FIRST_ANSWERS.search(client.get("/").text)[1])
    default = json.loads((STATIC_DIR / "js/explorer/default_example.json").read_text(encoding="utf-8"))
    assert sent["graph"]["request"] == {**default, "parameters": []}
    assert sent["graph"]["answer"] == client.post("/api/v1/graph", json=sent["graph"]["request"]).json()
    assert sent["ops"] == client.get("/api/v1/ops").json()
    for view in ("training", "practice"):  # any view may open the explorer
        assert FIRST_ANSWERS.search(client.get(f"/?view={view}").text)[1] == FIRST_ANSWERS.search(client.get("/").text)[1]


def test_the_first_answers_cannot_close_their_script_element():
    from app.routers.page import first_answers

    text = str(first_answers())
    assert "<" not in text and "\\u003c" in text  # the op table's LaTeX has a few
    assert json.loads(text)["ops"]
