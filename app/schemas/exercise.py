"""Schemas of practice mode's API: POST /api/v1/exercise takes a level and a seed (or the name of one of
the textbook's figures) and answers the exercise with the engine's numbers. Ranges are checked here
(422); the generator itself never refuses a request that passed them."""
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

from app.schemas.graph import GraphResponse
from app.schemas.network import NetworkResponse
from engine.exercises import EXERCISE_SETS, LEVELS, MAX_SEED

EXAMPLES = [{"level": 2, "seed": 42}, {"exercise": "fig6.15"}]


class ExerciseRequest(BaseModel):
    """Either `level` (1–3) with `seed`, or `exercise` naming a textbook figure."""
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": EXAMPLES})

    level: StrictInt | None = Field(
        None, ge=min(LEVELS), le=max(LEVELS),
        description="1: one +, − or × per node on small integers; 2: activations and fan-out; "
                    "3: a 2-2-1 network with cross-entropy (figure 6.18's shape).")
    seed: StrictInt = Field(
        0, ge=0, le=MAX_SEED,
        description="The same level and seed always give the same exercise (numpy default_rng(seed)).")
    exercise: Literal[EXERCISE_SETS] | None = Field(
        None, description="A textbook figure instead of a generated exercise: fig6.15 or fig6.18.")

    @model_validator(mode="after")
    def level_or_exercise(self):
        if (self.level is None) == (self.exercise is None):
            raise ValueError('give either "level" (1-3, with "seed") or "exercise" ("fig6.15" or "fig6.18")')
        return self


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
        description="The expected upstream gradient ∂output/∂node of every node except constants.")
    graph: NetworkResponse | GraphResponse = Field(
        description="The full graph response (docs/contract.md §1): values, local and downstream "
                    "gradients of every edge, steps, for the page to draw and check answers against.")
