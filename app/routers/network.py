"""POST /api/v1/network: a small neural network from a spec → its computation graph in the layer or
scalar view, the loss as output and the parameters in matrix form (docs/contract.md §2)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Request

from app.compute import run_engine
from app.cache import CachedJSONRoute, mark_uncacheable
from app.jsonio import JSONBytes, dumps_answer
from app.routers.graph import body_is_small, engine_module
from app.schemas.common import ERROR_RESPONSES, NON_FINITE_DOC
from app.settings import settings_of
from app.schemas.network import NETWORK_EXAMPLES, NetworkRequest, NetworkResponse

router = APIRouter(prefix="/api/v1", tags=["network"], route_class=CachedJSONRoute)

# Figure 6.18's network has 9 parameters and one sample; a few times that is still cheaper than the
# hop to a worker thread, so such requests are computed inline.
INLINE_MAX_WEIGHTS_X_SAMPLES = 64


def _work(spec: NetworkRequest) -> int:
    sizes = [spec.input_size] + [layer.units for layer in spec.layers]
    weights = sum(a * b + b for a, b in zip(sizes, sizes[1:]))
    samples = len(spec.x) if isinstance(spec.x, list) and spec.x and isinstance(spec.x[0], list) else 1
    return weights * samples


def _network_json(spec: dict) -> bytes:
    return dumps_answer(engine_module().network(spec))  # serialised in the worker thread for a large answer


@router.post(
    "/network", response_model=NetworkResponse, responses=ERROR_RESPONSES,
    summary="Build a small network's computation graph and run both passes",
    description="The network z^[i] = W^[i] a^[i-1] + b^[i], a^[i] = g(z^[i]) with the given loss, as a graph in "
                "the layer view (W1, b1, z1, a1, …, L) or the scalar view (every weight, product and sum a node, "
                "as figure 6.18). The output node's value is the loss; `parameters` has every W and b with its "
                "gradient in matrix form. " + NON_FINITE_DOC,
)
async def network(request: Request, body: Annotated[NetworkRequest, Body(openapi_examples=NETWORK_EXAMPLES)]):
    settings = settings_of(request)
    spec = {name: getattr(body, name) for name in body.model_fields_set}
    spec["layers"] = [layer.model_dump() for layer in body.layers]
    spec.setdefault("view", body.view)
    if body.weights is None and body.seed is None:
        mark_uncacheable(request)  # the engine may draw a fresh initialisation each time
    inline = await body_is_small(request, settings.inline_max_bytes) and _work(body) <= INLINE_MAX_WEIGHTS_X_SAMPLES
    answer = await run_engine(_network_json, spec, inline=inline, settings=settings)
    return JSONBytes(answer)
