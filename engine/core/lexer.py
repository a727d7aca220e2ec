"""Tokenizer: one `re.findall` pass (C speed) turning source text into token strings plus their kinds.

Token offsets are only needed for error messages, so they are recomputed on demand by `offsets()`
(the same pattern, so token i of one list is token i of the other). Textbook characters are folded
into the canonical operator here (· × → *, − → -, ÷ → /, ** → ^, σ → the function `sigmoid`;
superscript digits ² ³ … are the kind "sup", a power), so the parser only knows one spelling of each.
"""
import re

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_NOT_IN_NAMES = "σᵀ" + _SUPERSCRIPTS
_BLANKS = " \t\r\f\v\u00a0\u2009\u202f"
_NAME_CHAR = r"[^\W" + _NOT_IN_NAMES + r"]"
_PATTERN = re.compile(
    r"[" + _BLANKS + r"]*("                     # blanks before a token are consumed by its match, so
                                                # the search never fails at a blank; group 1 = token
    r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"      # number
    r"|[A-Za-z_][A-Za-z0-9_]*(?:" + _NAME_CHAR + r"+)?"          # name starting in ASCII: the
                                                # plain ranges are checked without Unicode lookups
    r"|[^\W\d" + _NOT_IN_NAMES + r"]" + _NAME_CHAR + r"*"      # name (Unicode letters allowed)
    r"|\*\*|#[^\n]*"                                            # power, comment
    r"|[" + _SUPERSCRIPTS + r"]+"                                 # superscript exponent
    r"|[^" + _BLANKS + r"])", re.DOTALL)                          # any other single character
# The same tokens for pure-ASCII sources (nearly all), with names tried first: ~20% faster to scan.
_ASCII_PATTERN = re.compile(
    r"[ \t\r\f\v]*("
    r"[A-Za-z_][A-Za-z0-9_]*"                                   # name
    r"|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"      # number
    r"|\*\*|#[^\n]*"                                            # power, comment
    r"|[^ \t\r\f\v])", re.DOTALL)                                # any other single character
_KINDS = {"+": "op", "-": "op", "*": "op", "/": "op", "@": "op", "^": "op", "**": "op", "·": "op",
          "×": "op", "−": "op", "÷": "op", "(": "(", ")": ")", ",": ",", "=": "=", ";": "sep",
          "\n": "sep", "σ": "name", "ᵀ": "T", "sigmoid": "name"}
_CANONICAL = {"**": "^", "·": "*", "×": "*", "−": "-", "÷": "/", "σ": "sigmoid"}
_DIGITS = frozenset("0123456789.")


def tokenize(source):
    """(kinds, texts): kinds are num name op ( ) , = sep T sup comment bad.

    Each distinct token text is classified once; a list comprehension then maps all tokens."""
    texts = (_ASCII_PATTERN if source.isascii() else _PATTERN).findall(source)
    kind_of = dict(_KINDS)
    distinct = set(texts)
    for t in distinct.difference(kind_of):
        c = t[0]
        if c.isalpha() or c == "_":
            kind_of[t] = "name"
        elif c in _DIGITS and t != ".":
            kind_of[t] = "num"
        elif c == "#":
            kind_of[t] = "comment"
        elif c in _SUPERSCRIPTS:
            kind_of[t] = "sup"
        else:
            kind_of[t] = "bad"
    kinds = [kind_of[t] for t in texts]
    if not distinct.isdisjoint(_CANONICAL):
        texts = [_CANONICAL.get(t, t) for t in texts]
    return kinds, texts


def offsets(source):
    """Start offset of every token, in the order `tokenize` returns them."""
    pattern = _ASCII_PATTERN if source.isascii() else _PATTERN
    return [m.start(1) for m in pattern.finditer(source)]


def line_col(source, offset):
    """1-based (line, column) of a character offset."""
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1
