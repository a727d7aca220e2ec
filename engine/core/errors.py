"""One error base class for everything wrong with the user's input, carrying where it happened.

Every failure the engine reports is an `EngineError` (or a subclass), so callers such as the REST API
can catch exactly one type and turn it into a 400 response with `to_dict()`.
"""

from ..present.messages import CATALOGUE, render

EXCERPT_HALF_WIDTH = 40  # characters shown either side of the caret, so a 1 MB line stays readable


class EngineError(Exception):
    """Base class: a message code and its parameters, a hint (a code, with `hint_params`) and, once
    placed with `at`, the 1-based line/column in the source and a caret excerpt.

        ParseError("operator_needs_left", op="*", hint="hint_write_operand")

    The English `message` is rendered from engine/present/messages.py's catalogue; the page renders
    the same code in the learner's language.
    """

    kind = "EngineError"

    def __init__(self, code, *, hint=None, hint_params=None, **params):
        self.line = self.column = self.excerpt = None
        self.code, self.params, self.message = _coded(code, params)
        self.hint_code, self.hint_params, self.hint = _coded(hint, hint_params or {})
        super().__init__(self.message)

    def at(self, line, column, source):
        """The same error placed at a position of `source` (the parser knows where it happened)."""
        self.line, self.column = line, column
        self.excerpt = _excerpt(source, line, column)
        return self

    def to_dict(self):
        return {"error": self.kind, "message": self.message, "line": self.line,
                "column": self.column, "excerpt": self.excerpt, "hint": self.hint,
                "code": self.code, "params": self.params,
                "hint_code": self.hint_code, "hint_params": self.hint_params}

    def __str__(self):
        where = f"line {self.line}, column {self.column}: " if self.line else ""
        text = where + self.message
        if self.excerpt:
            text += "\n" + self.excerpt
        if self.hint:
            text += "\nhint: " + self.hint
        return text


class ParseError(EngineError):
    """The text is not a well-formed expression or program."""
    kind = "ParseError"


class BadNameError(EngineError):
    """Unknown function, missing value, bad or reused name."""
    kind = "NameError"


class BadValueError(EngineError):
    """A value given in `values`, `parameters` or `seed` is malformed."""
    kind = "ValueError"


class ShapeError(EngineError):
    """Operand shapes do not fit the operation (names both shapes)."""
    kind = "ShapeError"


class LimitError(EngineError):
    """The input is larger than a named limit in engine/core/limits.py."""
    kind = "LimitError"


def _excerpt(source, line, column):
    """The offending source line (trimmed around the column) and a caret under the column."""
    if not line or line < 1:
        return None
    lines = source.split("\n")
    if line > len(lines):
        return None
    text = lines[line - 1].replace("\t", " ").replace("\x00", "\u2400")
    col = max(1, column or 1)
    start = max(0, col - 1 - EXCERPT_HALF_WIDTH)
    end = col - 1 + EXCERPT_HALF_WIDTH
    shown = text[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    caret = " " * (len(prefix) + col - 1 - start) + "^"
    return prefix + shown + suffix + "\n" + caret


def _coded(code, params):
    """(code, params, English text). Parameters are text (or lists of text) as the message shows them."""
    if code is None:
        return None, {}, None
    if code not in CATALOGUE:       # English text without a template: shown as it is, in every language
        return None, {}, code
    params = {k: [str(x) for x in v] if isinstance(v, list) else str(v) for k, v in params.items()}
    return code, params, render(code, params)
