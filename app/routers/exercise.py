"""Practice mode's API: POST /api/v1/exercise answers a generated exercise (level + seed) or a textbook
figure, with the engine's values and expected gradients and the full graph so the page can draw it.

Exercises are deterministic, so answers are cached by request (as JSON bytes): a class of students
opening the same shared link costs one computation."""
from __future__ import annotations

from functools import lru_cache

from typing import Annotated

from fastapi import APIRouter, Body, Request

from app.compute import run_engine
from app.responses import ORJSONBytes, to_json
from app.schemas.common import ERROR_RESPONSES
from app.schemas.exercise import EXAMPLES, ExerciseRequest, ExerciseResponse, FigureExerciseRequest

router = APIRouter(prefix="/api/v1", tags=["practice"])

OPENAPI_EXAMPLES = {
    "level": {"summary": "Level 2 (activations and fan-out), seed 42", "value": EXAMPLES[0]},
    "figure": {"summary": "The textbook's figure 6.15", "value": EXAMPLES[1]},
}
# Enough for both figures and a few hundred shared links; one answer is a few tens of kB.
CACHE_SIZE = 256


@lru_cache(maxsize=CACHE_SIZE)
def _exercise_json(exercise: str | None, level: int | None, seed: int) -> bytes:
    from engine.exercises import exercise_for, exercise_set  # first use: the page serves without it
    result = exercise_set(exercise) if exercise is not None else exercise_for(level, seed)
    return to_json(result)


@router.post(
    "/exercise", response_model=ExerciseResponse, responses=ERROR_RESPONSES,
    summary="A practice exercise: its graph, values and expected gradients",
    description="`level` 1-3 with `seed` (0 to 2^32-1) draws a generated exercise, the same one for the same "
                "seed: 1 = one +, − or × per node on small integers, 2 = activations and fan-out, 3 = a 2-2-1 "
                "network with cross-entropy. Or `exercise`: `fig6.15` (L = c(a+2b)) or `fig6.18` (the textbook's "
                "2-layer network, scalar view). Every gradient asked is a short decimal. The page checks answers "
                "itself; none is ever sent here. Examples: " + ", ".join(map(str, EXAMPLES)) + ".",
)
async def exercise(request: Request, body: Annotated[ExerciseRequest, Body(openapi_examples=OPENAPI_EXAMPLES)]):
    if isinstance(body, FigureExerciseRequest):
        key = (body.exercise, None, 0)  # a figure has no seed: one cache entry each
    else:
        key = (None, body.level, body.seed)
    return ORJSONBytes(await run_engine(request, _exercise_json, *key))
