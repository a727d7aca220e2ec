"""POST /api/v1/network: a small neural network from a spec → its computation graph in the layer or
scalar view, the loss as output and the parameters in matrix form (docs/contract.md §2)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Request

from app.cache import AnswerCache
from app.compute import INLINE_MAX_WORK, run_engine
from app.responses import ORJSONBytes, to_json
from app.routers.graph import engine_module
from app.schemas.common import ERROR_RESPONSES, NON_FINITE_DOC
from app.schemas.network import NETWORK_EXAMPLES, NetworkRequest, NetworkResponse

router = APIRouter(prefix="/api/v1", tags=["network"])
answers = AnswerCache()

# In the scalar view every weight is a node with its product and its sum (figure 6.18): ~3 nodes each.
NODES_PER_WEIGHT = 3


def estimated_work(spec: NetworkRequest) -> int:
    """Nodes × elements in the units of engine.estimate_work: weights (and biases) × samples × 3."""
    sizes = [spec.input_size] + [layer.units for layer in spec.layers]
    weights = sum(a * b + b for a, b in zip(sizes, sizes[1:]))
    samples = len(spec.x) if isinstance(spec.x, list) and spec.x and isinstance(spec.x[0], list) else 1
    return weights * samples * NODES_PER_WEIGHT


def _network_json(spec: dict) -> bytes:
    return to_json(engine_module().network(spec))  # serialised in the worker thread for a large answer


@router.post(
    "/network", response_model=NetworkResponse, responses=ERROR_RESPONSES,
    summary="Build a small network's computation graph and run both passes",
    description="The network z^[i] = W^[i] a^[i-1] + b^[i], a^[i] = g(z^[i]) with the given loss, as a graph in "
                "the layer view (W1, b1, z1, a1, …, L) or the scalar view (every weight, product and sum a node, "
                "as figure 6.18). The output node's value is the loss; `parameters` has every W and b with its "
                "gradient in matrix form. " + NON_FINITE_DOC,
)
async def network(request: Request, body: Annotated[NetworkRequest, Body(openapi_examples=NETWORK_EXAMPLES)]):
    spec = {name: getattr(body, name) for name in body.model_fields_set}
    spec["layers"] = [layer.model_dump() for layer in body.layers]
    spec.setdefault("view", body.view)
    work = estimated_work(body)
    # Without weights or a seed the engine draws a fresh initialisation each time: not a function of
    # the request, so never cached.
    if work > INLINE_MAX_WORK or (body.weights is None and body.seed is None):
        return ORJSONBytes(await run_engine(request, _network_json, spec, work=work))
    return ORJSONBytes(await answers.answer(body.model_dump_json(),
                                            lambda: run_engine(request, _network_json, spec, work=work)))
