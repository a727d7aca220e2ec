"""GET /healthz, GET /, the offline API docs and the OpenAPI document."""
import re


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


def test_practice_first_paint_text_is_server_rendered_in_the_page_language(client):
    """The header and the practice view's heading and intro (its largest paint) arrive in the HTML, from the same JSON
    its string table imports, in the link's language, else the cookie's, else English."""
    import json
    from app.static import STATIC_DIR
    table = {lang: {} for lang in ("en", "zh")}
    for name in ("app", "practice"):  # the header's texts, then the practice view's
        for lang, strings in json.loads((STATIC_DIR / f"js/i18n/first_paint/{name}.json").read_text(encoding="utf-8")).items():
            table[lang].update(strings)
    for lang, url, cookies in (("en", "/?view=practice", {}), ("zh", "/?view=practice&lang=zh", {}),
                               ("zh", "/?view=practice", {"lang": "zh"}), ("en", "/?view=practice&lang=en", {"lang": "zh"})):
        client.cookies.clear()
        client.cookies.update(cookies)
        html = client.get(url).text
        assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in html
        for key in ("app.title", "app.tab.explorer", "app.tab.training", "app.tab.practice", "practice.heading", "practice.intro"):
            assert f'data-i18n="{key}">{table[lang][key]}</' in html, (lang, url, cookies, key)
        assert '<section id="view-practice" role="tabpanel" aria-labelledby="tab-practice">' in html  # shown
        assert '<section id="view-explorer" role="tabpanel" aria-labelledby="tab-explorer" hidden>' in html
    client.cookies.clear()
    assert table["zh"]["practice.intro"] != table["en"]["practice.intro"]
