"""Tokenizer: one regular-expression pass turning source text into (kind, text, offset) tuples.

Textbook characters are folded into the canonical operator here (· × → *, − → -, ÷ → /, ** → ^,
σ → the function `sigmoid`, ² → ^2), so the parser only knows one spelling of each operator.
"""
import re

from .errors import ParseError
from .limits import MAX_NAME_CHARS, MAX_NUMBER_CHARS

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_NOT_IN_NAMES = "σᵀ" + _SUPERSCRIPTS
_TOKEN = re.compile(r"""
    (?P<ws>[ \t\r\f\v\u00a0\u2009\u202f]+)
  | (?P<comment>\#[^\n]*)
  | (?P<num>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
  | (?P<name>[^\W\d""" + _NOT_IN_NAMES + r"""][^\W""" + _NOT_IN_NAMES + r"""]*)
  | (?P<sigma>σ)
  | (?P<op>\*\*|[-+*/@^·×−÷])
  | (?P<lp>\()
  | (?P<rp>\))
  | (?P<comma>,)
  | (?P<eq>=)
  | (?P<sep>[;\n])
  | (?P<tr>ᵀ)
  | (?P<sup>[""" + _SUPERSCRIPTS + r"""]+)
  | (?P<bad>.)
""", re.VERBOSE | re.DOTALL)
_CANONICAL_OP = {"·": "*", "×": "*", "−": "-", "÷": "/", "**": "^"}
_SUPER_DIGITS = str.maketrans(_SUPERSCRIPTS, "0123456789")


def line_col(source, offset):
    """1-based (line, column) of a character offset."""
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1


def parse_error(source, offset, message, hint=None, cls=ParseError):
    line, col = line_col(source, offset)
    return cls(message, line=line, column=col, source=source, hint=hint)


def tokenize(source):
    """List of (kind, text, offset); kinds: num name op ( ) , = sep T."""
    tokens = []
    append = tokens.append
    for m in _TOKEN.finditer(source):
        kind = m.lastgroup
        if kind == "ws" or kind == "comment":
            continue
        text = m.group()
        start = m.start()
        if kind == "name":
            if len(text) > MAX_NAME_CHARS:
                raise parse_error(source, start, f"name is {len(text)} characters long; the limit is "
                                  f"{MAX_NAME_CHARS}", hint="use a shorter name")
            append(("name", text, start))
        elif kind == "num":
            if len(text) > MAX_NUMBER_CHARS:
                raise parse_error(source, start, f"number literal has {len(text)} characters; the "
                                  f"limit is {MAX_NUMBER_CHARS}", hint="float64 keeps 17 digits")
            append(("num", text, start))
        elif kind == "op":
            append(("op", _CANONICAL_OP.get(text, text), start))
        elif kind == "lp":
            append(("(", "(", start))
        elif kind == "rp":
            append((")", ")", start))
        elif kind == "comma":
            append((",", ",", start))
        elif kind == "sep":
            append(("sep", text, start))
        elif kind == "eq":
            append(("=", "=", start))
        elif kind == "sigma":
            append(("name", "sigmoid", start))
        elif kind == "tr":
            append(("T", "ᵀ", start))
        elif kind == "sup":
            append(("op", "^", start))
            append(("num", text.translate(_SUPER_DIGITS), start))
        else:
            shown = repr(text) if not text.isprintable() or text.isspace() else f"'{text}'"
            hint = None
            if text in "\"'":
                hint = "strings are not part of the language; only numbers and names"
            elif text == ".":
                hint = "attribute access is not part of the language"
            elif text in "[]{}":
                hint = "give vectors and matrices as values, e.g. x=[1, 2]"
            raise parse_error(source, start, f"unexpected character {shown}", hint=hint)
    return tokens
