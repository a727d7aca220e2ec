"""POST /api/v1/graph: an expression or program → its computation graph, both passes and the step
timeline (docs/contract.md §1). The route only translates HTTP to `engine.evaluate` and back."""
from __future__ import annotations

from functools import cache
from typing import Annotated

from fastapi import APIRouter, Body, Request

from app.compute import run_engine
from app.cache import CachedJSONRoute
from app.jsonio import JSONBytes, dumps_answer
from app.schemas.common import ERROR_RESPONSES, NON_FINITE_DOC
from app.settings import settings_of
from app.schemas.graph import GRAPH_EXAMPLES, GraphRequest, GraphResponse

router = APIRouter(prefix="/api/v1", tags=["graph"], route_class=CachedJSONRoute)


# Inline only when both the body and the tensors are tiny: a short body can still broadcast two
# 30-element vectors into a 900-element matrix, which is fine; a 300 x 300 one would stall the loop.
INLINE_MAX_ELEMENTS = 64


async def body_is_small(request: Request, limit: int) -> bool:
    return len(await request.body()) <= limit  # read already by the route: this only takes its length


def count_elements(tensors) -> int:
    """Number of values in a {name: number | list | list of lists} map (validated by the schema)."""
    total = 0
    for value in tensors:
        if isinstance(value, list):
            total += len(value) * (len(value[0]) if value and isinstance(value[0], list) else 1)
        else:
            total += 1
    return total


@cache  # imported on first use, so the page and docs serve without the engine; once (~1 us per import)
def engine_module():
    import engine
    return engine


def _evaluate_json(source, values, **kwargs) -> bytes:
    # Serialised here, in the worker thread for a large answer, not on the event loop.
    return dumps_answer(engine_module().evaluate(source, values, **kwargs))


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
    inline = (await body_is_small(request, settings.inline_max_bytes)
              and count_elements(body.values.values()) <= INLINE_MAX_ELEMENTS)
    answer = await run_engine(
        _evaluate_json, body.source, body.values, parameters=tuple(body.parameters), seed=body.seed,
        check=body.check, inline=inline, settings=settings)
    return JSONBytes(answer)
