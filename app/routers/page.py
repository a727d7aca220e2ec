"""GET /: the single page (Jinja2 with autoescape; the views are ES modules under static/), and its
one stylesheet (GET /page-<hash>.css: static/css/*.css joined, so the first paint waits for one request,
not seven)."""
import gzip
import hashlib
import json
from functools import cache
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import StrictUndefined, pass_context
from markupsafe import Markup

from app.responses import to_json
from app.routers.graph import evaluate_json
from app.routers.ops import op_table
from app.schemas.graph import GraphRequest
from app.scripts import VIEWS, scripts_for
from app.settings import settings_of
from app.static import IMMUTABLE, STATIC_DIR

ROOT = Path(__file__).resolve().parents[2]
templates = Jinja2Templates(directory=ROOT / "templates")  # .html templates autoescape by default
# A first-paint key missing from static/js/i18n/first_paint/*.json is an error, not an empty element.
templates.env.undefined = StrictUndefined
# Each team's stylesheet stays its own file under static/css/; the page receives them joined in this
# order (later files may refine earlier ones, as separate <link>s in this order did). Read once at
# start-up, like the modules; the hash in the URL changes with any of them, so it is cached for a year.
STYLESHEETS = ("app.css", "extra.css", "graph.css", "practice.css", "training.css", "teach.css", "tensors.css")
STYLESHEET = "".join(f"/* static/css/{name} */\n{(STATIC_DIR / 'css' / name).read_text(encoding='utf-8')}\n"
                     for name in STYLESHEETS).encode()
STYLESHEET_GZIP = gzip.compress(STYLESHEET, compresslevel=9, mtime=0)
STYLESHEET_HASH = hashlib.sha256(STYLESHEET).hexdigest()[:12]


# Each view's first-paint text (its heading, intro …) in every language, from the same JSON the view's
# string table imports (static/js/i18n/first_paint/<view>.json): the page arrives with it, so the first
# and largest paint waits for no script; the view keeps that markup when it mounts.
FIRST_PAINT_DIR = STATIC_DIR / "js" / "i18n" / "first_paint"
LANGS = ("en", "zh")
FIRST_PAINT: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
for _table in sorted(FIRST_PAINT_DIR.glob("*.json")):
    for _lang, _strings in json.loads(_table.read_text(encoding="utf-8")).items():
        FIRST_PAINT[_lang].update(_strings)
LANG_COOKIE = "lang"  # written by static/js/i18n.js when the language is chosen (localStorage is not sent)

# The default example (figure 6.15), which a plain address opens; the page reads the same file.
DEFAULT_EXAMPLE = json.loads((STATIC_DIR / "js" / "explorer" / "default_example.json").read_text(encoding="utf-8"))


@cache
def first_answers() -> Markup:
    """The op table and the answer to the default example's graph request, as the API sends them, for
    the page to arrive with (static/js/first_answer.js): a first visit then draws its first graph without
    waiting for two requests after its scripts have run. Worked out on the first page a server process
    serves. In a <script type="application/json">, so every `<` is written \\u003c: no `</script>` or
    `<!--` can end or bend the element."""
    request = {**DEFAULT_EXAMPLE, "parameters": []}  # what the page sends for it
    graph = {"request": request, "answer": json.loads(evaluate_json(GraphRequest(**request)))}
    text = to_json({"graph": graph, "ops": op_table().model_dump(mode="json")}).decode()
    return Markup(text.replace("<", "\\u003c"))


def page_lang(request: Request) -> str:
    """The link's `lang`, else the reader's stored choice (its cookie), else English: as the page decides."""
    for choice in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if choice in LANGS:
            return choice
    return "en"


@pass_context
def _url_for(context, name: str, /, **path_params) -> str:
    # Root-relative URLs ("/static/…"), not Starlette's absolute ones ("http://host/static/…"): they
    # stay right behind a proxy or under another host name, and the page names no host at all.
    return str(context["request"].app.url_path_for(name, **path_params))


templates.env.globals["url_for"] = _url_for
router = APIRouter(include_in_schema=False)
# The page is written in the reader's language (the `lang` cookie) and names this release's static
# URLs: a browser or proxy may keep it but must ask again (a cheap answer) before each use.
PAGE_HEADERS = {"cache-control": "no-cache", "vary": "Cookie"}


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse)
def page(request: Request, view: str | None = None):
    view = view if view in VIEWS else "explorer"
    lang = page_lang(request)
    scripts = scripts_for(settings_of(request).bundle)
    return templates.TemplateResponse(request, "index.html", {
        "entry": scripts.entry, "classic_scripts": scripts.classic, "modules": scripts.preloads[view],
        "stylesheet_hash": STYLESHEET_HASH, "first_answers": first_answers(),
        "view": view, "lang": lang, "text": FIRST_PAINT[lang]}, headers=PAGE_HEADERS)


@router.api_route("/page-{digest}.css", methods=["GET", "HEAD"])
def stylesheet(request: Request, digest: str):
    if digest != STYLESHEET_HASH:  # an older release's: its page is gone too
        raise HTTPException(status_code=404)
    headers = {"cache-control": IMMUTABLE, "vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(STYLESHEET_GZIP, media_type="text/css", headers={**headers, "content-encoding": "gzip"})
    return Response(STYLESHEET, media_type="text/css", headers=headers)
