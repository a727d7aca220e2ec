"""GET /api/v1/ops: the engine's op table — every operator and function a source may use, with the
LaTeX of its formula and of each operand's local derivative (docs/contract.md §1, "The op table").
The page and the practice hints read derivatives from here, never from a copy of their own."""
from __future__ import annotations

from functools import cache

from fastapi import APIRouter
from pydantic import BaseModel, Field

router = APIRouter(prefix="/api/v1", tags=["ops"])


class Op(BaseModel):
    name: str = Field(description="The op's name, as nodes carry it in `op` (add, mul, sigmoid, …).")
    kind: str = Field(description="operator | function | loss.")
    spelling: str = Field(description="How a source writes it: `*`, `@`, `sigmoid`, …")
    aliases: list[str] = Field(description="Other spellings the parser accepts (σ, ×, ln, …).")
    arity: int | list[int | None] = Field(description="Number of operands, or [min, max] (max null: any).")
    symbol: str = Field(description="Short label drawn in an unnamed node (×, σ, ReLU).")
    latex: str = Field(description="LaTeX of the node's formula; #1, #2, … stand for the operands, #0 for the "
                                   "node itself.")
    derivative: list[str] = Field(description="LaTeX of ∂node/∂operand k, one per operand, same placeholders.")
    elementwise: bool = Field(description="True when it acts entry by entry (its local is the Jacobian's "
                                          "diagonal).")
    defaults: dict[str, float] = Field(description="Values of optional operands when left out: "
                                       "{\"#2\": 0.01} for leaky_relu's slope.")
    notations: dict[str, dict[str, str]] = Field(description="Aliases written in notation of their own: "
                                                 "{\"ln\": {\"symbol\": \"ln\", \"latex\": \"\\\\ln #1\"}} for log; "
                                                 "a node typed so carries `spelling` and is drawn in it.")
    cases: dict[str, dict[str, list[str]]] = Field(description="Derivatives of a kind of operands with rules of "
                                                  "their own: {\"class_indices\": {\"derivative\": [\"…\", \"0\"]}} "
                                                  "for ce (whose own `derivative` is for targets); a node of "
                                                  "that kind carries `case`.")
    doc: str = Field(description="One sentence on what it computes, with its convention at kinks.")


class Ops(BaseModel):
    ops: list[Op]


@cache
def op_table() -> Ops:
    import engine
    return Ops(ops=engine.describe_ops())


@router.get("/ops", response_model=Ops, summary="The op table: every operator and function with its "
            "formula and local derivatives")
async def ops() -> Ops:
    return op_table()
