"""POST /api/v1/graph: an expression or program → its computation graph, both passes and the step
timeline (docs/contract.md §1). The route only translates HTTP to `engine.evaluate` and back."""
from __future__ import annotations

from functools import cache
from typing import Annotated

from fastapi import APIRouter, Body, Request

from app.cache import AnswerCache
from app.compute import INLINE_MAX_WORK, run_engine
from app.responses import ORJSONBytes, to_json
from app.schemas.common import ERROR_RESPONSES, NON_FINITE_DOC
from app.schemas.graph import GRAPH_EXAMPLES, GraphRequest, GraphResponse

router = APIRouter(prefix="/api/v1", tags=["graph"])
answers = AnswerCache()


@cache  # imported on first use (the docs serve without it; the page's first answers import it)
def engine_module():
    import engine
    return engine


def evaluate_json(body: GraphRequest) -> bytes:
    """The answer's JSON (the page's first answer is made here too: app/routers/page.py)."""
    # Serialised where it was computed: in the worker thread for a heavy answer, not on the event loop.
    return to_json(engine_module().evaluate(body.source, body.values, parameters=tuple(body.parameters),
                                            seed=body.seed, check=body.check))


def estimated_work(body: GraphRequest) -> float:
    """The engine's estimate; a source longer than the inline bound has more tokens than that, so it is
    not tokenized here, on the event loop (~0.3 µs a character)."""
    if len(body.source) > INLINE_MAX_WORK:
        return float("inf")
    work = engine_module().estimate_work(body.source, body.values)
    # The finite-difference check runs the forward pass twice more per input entry.
    return work * (1 + 2 * len(body.values)) if body.check else work


@router.post(
    "/graph", response_model=GraphResponse, responses=ERROR_RESPONSES,
    summary="Build the computation graph of an expression and run both passes",
    description="Parses `source` (never executed as code), evaluates it with `values`, back-propagates from "
                "the last statement and answers every node's value and upstream gradient, every edge's local "
                "and downstream gradient with LaTeX formulas, and a forward-then-backward step timeline. "
                + NON_FINITE_DOC + " Errors: 400 with line, column and a caret excerpt; 413 for bodies over "
                "the size limit; 422 for bodies that are not finite JSON of this schema; 429 when the server "
                "is too busy (retry after the seconds in Retry-After).",
)
async def graph(request: Request, body: Annotated[GraphRequest, Body(openapi_examples=GRAPH_EXAMPLES)]):
    work = estimated_work(body)
    if work > INLINE_MAX_WORK:
        return ORJSONBytes(await run_engine(request, evaluate_json, body, work=work))
    return ORJSONBytes(await answers.answer(body.model_dump_json(),
                                            lambda: run_engine(request, evaluate_json, body, work=work)))
