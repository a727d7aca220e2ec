"""POST /api/v1/graph: an expression or program → its computation graph, both passes and the step
timeline (docs/contract.md §1). The route only translates HTTP to `engine.evaluate` and back."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Request

from app.compute import run_engine
from app.cache import CachedJSONRoute
from app.jsonio import JSONBytes
from app.schemas.common import ERROR_RESPONSES, NON_FINITE_DOC
from app.settings import settings_of
from app.schemas.graph import GRAPH_EXAMPLES, GraphRequest, GraphResponse

router = APIRouter(prefix="/api/v1", tags=["graph"], route_class=CachedJSONRoute)


def body_is_small(request: Request, limit: int) -> bool:
    length = request.headers.get("content-length")
    return length is not None and length.isdigit() and int(length) <= limit


def _evaluate(source, values, **kwargs):
    from engine import evaluate  # imported on first use so the page and docs serve without the engine
    return evaluate(source, values, **kwargs)


@router.post(
    "/graph", response_model=GraphResponse, responses=ERROR_RESPONSES,
    summary="Build the computation graph of an expression and run both passes",
    description="Parses `source` (never executed as code), evaluates it with `values`, back-propagates from "
                "the last statement and answers every node's value and upstream gradient, every edge's local "
                "and downstream gradient with LaTeX formulas, and a forward-then-backward step timeline. "
                + NON_FINITE_DOC + " Errors: 400 with line, column and a caret excerpt; 413 for bodies over "
                "the size limit; 422 for bodies that are not finite JSON of this schema.",
)
async def graph(request: Request, body: Annotated[GraphRequest, Body(openapi_examples=GRAPH_EXAMPLES)]):
    settings = settings_of(request)
    result = await run_engine(
        _evaluate, body.source, body.values, parameters=tuple(body.parameters), seed=body.seed,
        check=body.check, inline=body_is_small(request, settings.inline_max_bytes), settings=settings)
    return JSONBytes(result)
