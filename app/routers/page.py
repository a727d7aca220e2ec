"""GET /: the single page (Jinja2 with autoescape; the views are ES modules under static/)."""
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from app.static import module_graph

ROOT = Path(__file__).resolve().parents[2]
templates = Jinja2Templates(directory=ROOT / "templates")  # .html templates autoescape by default
ENTRY_MODULE = "js/main.js"
# The modules main.js imports, directly or not, read once at start-up (the files do not change while
# the server runs: their URLs carry the tree's hash). main.js imports the training and practice views
# when first shown, so a link that opens one of them preloads its modules too.
PRELOADED_MODULES = module_graph(ENTRY_MODULE)
VIEW_MODULES = {view: [m for m in module_graph(f"js/{view}/index.js") if m not in PRELOADED_MODULES]
                for view in ("training", "practice")}


@pass_context
def _url_for(context, name: str, /, **path_params) -> str:
    # Root-relative URLs ("/static/…"), not Starlette's absolute ones ("http://host/static/…"): they
    # stay right behind a proxy or under another host name, and the page names no host at all.
    return str(context["request"].app.url_path_for(name, **path_params))


templates.env.globals["url_for"] = _url_for
router = APIRouter(include_in_schema=False)


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse)
def page(request: Request, view: str | None = None):
    modules = PRELOADED_MODULES + VIEW_MODULES.get(view, [])
    return templates.TemplateResponse(request, "index.html", {"entry": ENTRY_MODULE, "modules": modules})
