"""POST /api/v1/export/tikz and /api/v1/export/tikz/network: a graph as a standalone LaTeX document
(one tikzpicture, `\\documentclass{standalone}`, the tikz package alone) for slides and exam sheets.

The bodies are those of POST /api/v1/graph and POST /api/v1/network, so a request that draws a graph
exports it unchanged; `?show=` chooses values, gradients (the default) or numbered blanks. The drawing
is engine/present/tikz.py; this module only translates HTTP to it."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import Response

from app.compute import run_engine
from app.schemas.common import ERROR_RESPONSES
from app.schemas.graph import GRAPH_EXAMPLES, GraphRequest
from app.schemas.network import NETWORK_EXAMPLES, NetworkRequest

router = APIRouter(prefix="/api/v1/export", tags=["export"])

MEDIA_TYPE = "text/x-tex"
Show = Annotated[Literal["values", "gradients", "blanks"], Query(
    description="values: every node's value; gradients: values, upstream gradients and every edge's local "
                "and downstream gradient; blanks: the inputs' values and a numbered empty box for every other "
                "number (the worksheet's numbering).")]
TEX_RESPONSE = {200: {"content": {MEDIA_TYPE: {}}, "description": "A standalone LaTeX document."}}


def _graph_tex(body: dict, show: str) -> str:
    import engine
    from engine.present.tikz import tikz_document
    answer = engine.evaluate(body["source"], body["values"], parameters=tuple(body["parameters"]),
                             seed=body["seed"])
    return tikz_document(answer, show)


def _network_tex(spec: dict, show: str) -> str:
    import engine
    from engine.present.tikz import tikz_document
    return tikz_document(engine.network(spec), show)


def _tex(text: str, name: str) -> Response:
    return Response(text, media_type=MEDIA_TYPE,
                    headers={"Content-Disposition": f'inline; filename="{name}.tex"'})


@router.post("/tikz", response_class=Response, responses={**ERROR_RESPONSES, **TEX_RESPONSE},
             summary="An expression's graph as a standalone LaTeX (TikZ) document")
async def graph_tikz(request: Request, body: Annotated[GraphRequest, Body(openapi_examples=GRAPH_EXAMPLES)],
                     show: Show = "gradients"):
    text = await run_engine(request, _graph_tex, body.model_dump(), show)
    return _tex(text, "backprop-graph")


@router.post("/tikz/network", response_class=Response, responses={**ERROR_RESPONSES, **TEX_RESPONSE},
             summary="A network's graph as a standalone LaTeX (TikZ) document")
async def network_tikz(request: Request,
                       body: Annotated[NetworkRequest, Body(openapi_examples=NETWORK_EXAMPLES)],
                       show: Show = "gradients"):
    spec = body.model_dump(exclude_unset=True)
    spec.setdefault("view", body.view)
    text = await run_engine(request, _network_tex, spec, show)
    return _tex(text, "backprop-network")
