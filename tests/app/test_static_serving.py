"""How the page's files are served: content-hashed immutable URLs, the module graph preloaded,
compression, and the old unhashed URLs still working (revalidated)."""
import gzip
import re

from app.static import STATIC_DIR, module_graph, tree_version

ASSET = re.compile(r"""(?:src|href)="(/static/[^"]+)\"""")


def test_the_page_links_every_file_under_the_trees_hash(client):
    page = client.get("/").text
    version = tree_version()
    assets = ASSET.findall(page)
    assert assets and all(a.startswith(f"/static/{version}/") for a in assets), assets
    for asset in assets:
        r = client.get(asset)
        assert r.status_code == 200, asset
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable", asset


def test_the_page_preloads_mains_import_graph_then_the_opened_views(client_with):
    # The modules as written (the bundle's preloads: tests/app/test_bundle.py).
    page = client_with(bundle=False).get("/").text
    preloaded = re.findall(r'<link rel="modulepreload" href="/static/[0-9a-f]+/([^"]+)"', page)
    graph = module_graph("js/main.js")
    assert preloaded[: len(graph)] == graph
    # Views are imported when first shown (main.js imports them dynamically), so "/" preloads main's
    # own graph and then the explorer's, the view it opens, and neither training nor practice.
    explorer = module_graph("js/explorer/index.js")
    assert "js/explorer/index.js" not in graph and set(explorer) <= set(preloaded)
    assert "js/training/index.js" not in preloaded and "js/practice/index.js" not in preloaded


def test_the_string_tables_are_preloaded_as_json_modules(client_with):
    # Without as="json" the browser cannot use the preload for `import … with { type: 'json' }` and
    # fetches the table again when the module importing it runs: a round trip before the first graph.
    # (The modules as written: the bundle carries the tables inside its files.)
    page = client_with(bundle=False).get("/").text
    links = re.findall(r'<link rel="modulepreload" href="/static/[0-9a-f]+/([^"]+)"( as="json")?>', page)
    tables = [(path, mark) for path, mark in links if path.endswith(".json")]
    assert ("js/i18n/first_paint/app.json", ' as="json"') in tables
    assert ("js/i18n/first_paint/explorer.json", ' as="json"') in tables
    assert all(mark for _, mark in tables) and not any(mark for path, mark in links if path.endswith(".js"))


def test_a_view_in_the_link_preloads_that_views_modules_too(client_with):
    client = client_with(bundle=False)
    for view in ("training", "practice"):
        preloaded = re.findall(r'rel="modulepreload" href="/static/[0-9a-f]+/([^"]+)"', client.get(f"/?view={view}").text)
        assert f"js/{view}/index.js" in preloaded
        assert len(preloaded) == len(set(preloaded))


def test_module_graph_follows_multiline_imports_and_skips_dynamic_ones(tmp_path):
    (tmp_path / "a.js").write_text("import {\n  x,\n  y,\n} from './b.js';\nexport { z } from \"./sub/c.js\";\n"
                                   "const later = () => import('./d.js');\n"
                                   "import words from './words.json' with { type: 'json' };\n")
    (tmp_path / "words.json").write_text("{}")
    (tmp_path / "b.js").write_text("export const x = 1, y = 2;\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.js").write_text("import '../b.js';\nexport const z = 3;\n")
    (tmp_path / "d.js").write_text("")
    assert module_graph("a.js", tmp_path) == ["a.js", "b.js", "sub/c.js", "words.json"]


def test_tree_version_changes_with_any_file(tmp_path):
    (tmp_path / "x.js").write_text("1")
    before = tree_version(tmp_path)
    (tmp_path / "x.js").write_text("2")
    assert tree_version(tmp_path) != before and len(before) == 12


def test_unhashed_urls_still_work_but_revalidate(client):
    r = client.get("/static/js/main.js")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-cache"
    assert r.text == (STATIC_DIR / "js/main.js").read_text(encoding="utf-8")


def test_text_is_compressed_for_clients_that_accept_it(client):
    version = tree_version()
    r = client.get(f"/static/{version}/vendor/d3/7.9.2/d3.min.js", headers={"accept-encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    assert r.num_bytes_downloaded < 0.4 * (STATIC_DIR / "vendor/d3/7.9.2/d3.min.js").stat().st_size
    page = client.get("/", headers={"accept-encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"


def test_katex_is_the_minified_build(client):
    katex = STATIC_DIR / "vendor/katex/0.16.22"
    assert (katex / "katex.min.js").is_file() and not (katex / "katex.mjs").exists()
    assert (katex / "LICENSE").is_file() and (katex / "SOURCE.md").is_file()


def test_static_text_is_compressed_once_and_kept(client):
    from app.static import GZIP_CACHE

    version = tree_version()
    url = f"/static/{version}/js/explorer/index.js"
    first = client.get(url, headers={"accept-encoding": "gzip"})
    assert first.headers["content-encoding"] == "gzip" and first.headers["vary"] == "Accept-Encoding"
    assert first.text == (STATIC_DIR / "js/explorer/index.js").read_text(encoding="utf-8")
    assert first.headers["cache-control"] == "public, max-age=31536000, immutable" and first.headers["etag"]
    assert any(key[0].endswith("js/explorer/index.js") for key in GZIP_CACHE)
    again = client.get(url, headers={"accept-encoding": "gzip", "if-none-match": first.headers["etag"]})
    assert again.status_code == 304
    plain = client.get(url, headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.text == first.text
    font = client.get(f"/static/{version}/vendor/katex/0.16.22/fonts/KaTeX_Main-Regular.woff2", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in font.headers  # already compressed
