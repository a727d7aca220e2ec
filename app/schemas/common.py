"""Shared schema pieces: request numbers/tensors, answer numbers/tensors, error bodies."""
from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict
from typing_extensions import TypeAliasType

# --- In requests: plain finite JSON numbers, read as float64 (as the engine computes). Python's JSON
# parser reads NaN, Infinity and 1e999 (which overflows to infinity); none of them is JSON and one would
# poison a whole graph, so they are refused (422), as are integers too large for a float. Strict: a
# string "3" or true is not a number.
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
Tensor = Union[Number, list[Number], list[list[Number]]]


def _is_text(value: str) -> str:
    """A JSON string may hold "\ud800", half a surrogate pair: not a character, and nothing can write it
    back out as UTF-8 (an error message quoting it, the answer cache's key)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise ValueError(f"character {err.start} is half of a surrogate pair, which is not text; "
                         "send the text as UTF-8") from None
    return value


Text = Annotated[str, AfterValidator(_is_text)]
"""A string that is text: no unpaired surrogate."""
"""A scalar, a vector or a matrix (rows of equal length) of numbers."""

# --- In answers: numbers may be non-finite, written as strings so the answer stays valid JSON. -------
NON_FINITE_DOC = ('Non-finite results are the strings "NaN", "Infinity" and "-Infinity" (JSON has no '
                  "such numbers); the node that produced one is named in `warnings`.")
OutNumber = Annotated[
    Union[float, Literal["NaN", "Infinity", "-Infinity"]],
    Field(description="A number. " + NON_FINITE_DOC),
]
# Values, gradients and Jacobians of up to 4 axes (node shape + input shape), as nested lists.
OutTensor = TypeAliasType("OutTensor", Union[OutNumber, list["OutTensor"]])


class ErrorDetail(BaseModel):
    """What went wrong and where, with a hint on what to do next (an `EngineError.to_dict()`)."""
    model_config = ConfigDict(extra="allow", json_schema_extra={"example": {
        "error": "ParseError", "message": "Expected an operand after '+', found '*'.", "line": 1, "column": 5,
        "excerpt": "a + * b\n    ^", "hint": "Write an operand between the two operators."}})
    error: str = Field(description="Kind of error, e.g. ParseError, ShapeError, LimitError, RequestTooLarge.")
    message: str
    line: int | None = Field(None, description="1-based line in `source`, when the error has a place.")
    column: int | None = Field(None, description="1-based column in `source`.")
    excerpt: str | None = Field(None, description="The source line and a caret line under the column.")
    hint: str | None = Field(None, description="What to do next.")
    code: str | None = Field(None, description="Stable code of the message (engine/present/messages.py), for translation; "
                             "null when the message has no template.")
    params: dict[str, str | list[str]] = Field(default_factory=dict, description="The message's template "
                                               "parameters (a list where it names several things).")
    hint_code: str | None = Field(None, description="Stable code of the hint, like `code`.")
    hint_params: dict[str, str | list[str]] = Field(default_factory=dict, description="The hint's template parameters.")


class ErrorResponse(BaseModel):
    """400 (the input cannot be evaluated, or it is too much work) and 413 (body too large)."""
    detail: ErrorDetail


class ValidationIssue(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str = Field(description="Kind of problem, e.g. missing, float_type, json_invalid.")
    loc: list[str | int] = Field(description="Where: ['body', 'values', 'a'].")
    msg: str


class ValidationErrorResponse(BaseModel):
    """422: the body is not JSON, not finite JSON, or does not match the schema."""
    model_config = ConfigDict(json_schema_extra={"example": {"detail": [
        {"type": "missing", "loc": ["body", "source"], "msg": "Field required"}]}})
    detail: list[ValidationIssue]


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "The input cannot be evaluated (parse error with line, "
          "column and caret excerpt; unknown name; shape mismatch; a limit), or it is more work than the "
          "time budget allows."},
    413: {"model": ErrorResponse, "description": "The body is larger than BACKPROP_MAX_BODY_BYTES."},
    422: {"model": ValidationErrorResponse, "description": "Not JSON, a non-finite number (NaN, Infinity, "
          "1e999) in the body, or a field of the wrong type."},
    429: {"model": ErrorResponse, "description": "The server is busy with other large computations (its engine "
          "processes and their queue are full); try again after the seconds in the Retry-After header.",
          "headers": {"Retry-After": {"description": "Seconds to wait before trying again.",
                                      "schema": {"type": "integer"}}}},
}
