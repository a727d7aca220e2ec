"""Schemas of practice mode's API: POST /api/v1/exercise takes a level and a seed (or the name of one of
the textbook's figures) and answers the exercise with the engine's numbers. Ranges are checked here
(422); the generator itself never refuses a request that passed them."""
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from app.schemas.graph import GraphResponse
from app.schemas.network import NetworkResponse
from engine.exercises import EXERCISE_SETS, LEVELS, MAX_SEED



def _json_integer(v):
    """A JSON integer: 3 or 3.0 (JSON Schema counts both), never "3" or true."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError("must be a whole number")
    return v


WholeNumber = Annotated[int, BeforeValidator(_json_integer)]

EXAMPLES = [{"level": 2, "seed": 42}, {"exercise": "fig6.15"}]


class LevelExerciseRequest(BaseModel):
    """A generated exercise: `level` 1-3 and `seed`."""
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLES[0]]})

    level: WholeNumber = Field(
        ge=min(LEVELS), le=max(LEVELS),
        description="1: one +, − or × per node on small integers; 2: activations and fan-out; "
                    "3: a 2-2-1 network with cross-entropy (figure 6.18's shape).")
    seed: WholeNumber = Field(
        0, ge=0, le=MAX_SEED,
        description="The same level and seed always give the same exercise (numpy default_rng(seed)).")


class FigureExerciseRequest(BaseModel):
    """One of the textbook's worked figures."""
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLES[1]]})

    exercise: Literal[EXERCISE_SETS] = Field(
        description="fig6.15 (L = c(a + 2b), a = 3, b = 1, c = −2) or fig6.18 (the 2-2-1 network, scalar view).")


# Either a level with a seed or a figure; a body with both (or neither) matches no branch: 422.
ExerciseRequest = Annotated[Union[LevelExerciseRequest, FigureExerciseRequest],
                            Field(description="Either {level, seed} or {exercise}.")]


class ExerciseResponse(BaseModel):
    exercise: str = Field(description='"fig6.15", "fig6.18" or "level1"…"level3".')
    title: str
    level: int | None
    seed: int | None
    kind: Literal["expression", "network"]
    source: str | None = Field(description="The program (for expressions); null for networks.")
    network: dict[str, Any] | None = Field(description="The network spec (POST /api/v1/network) or null.")
    values: dict[str, Any] = Field(description="Every input's and parameter's value, by node id.")
    output: str = Field(description="The output node's id.")
    gradients: dict[str, Any] = Field(
        description="The expected upstream gradient ∂output/∂node of every node except constants and a "
                    "network's data (x, y), which practice does not ask for.")
    graph: NetworkResponse | GraphResponse = Field(
        description="The full graph response (docs/contract.md §1): values, local and downstream "
                    "gradients of every edge, steps, for the page to draw and check answers against.")
