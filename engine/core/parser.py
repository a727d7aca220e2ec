"""Shunting-yard parser with explicit stacks (no recursion), building graph nodes directly.

Grammar (precedence low → high; all binary operators left-associative except ^):
    program    := statement ((";" | newline) statement)*     the last statement is the output
    statement  := NAME "=" expr | expr
    expr       := expr ("+" | "-") expr                       a chain a + b + c is one n-ary add
                | expr ("*" | "/" | "@") expr
                | expr expr                                   implicit ×: 2b, c(a+2b), (a+b)(a-b)
                | "-" expr | "+" expr                          binds looser than ^: -x^2 = -(x^2)
                | expr "^" expr                               right-associative; ** is the same
                | expr "ᵀ"                                    transpose
                | NUMBER | NAME | FUNCTION "(" expr ("," expr)* ")" | "(" expr ")"
Implicit multiplication binds tighter than * and /, so a/2b = a/(2b). Newlines inside parentheses
continue the line. Only the token kinds handled in `expression` and the operators in `_BINARY` are accepted: there is no attribute access, indexing, string, lambda or call of anything but the
allow-listed functions of the op table (`ops.FUNCTIONS`, with aliases such as ln = log: one op, the
alias kept on the node as `spelling` where it has a notation of its own, so ln(x) is drawn ln).

Names before '(': a name of one letter, optionally indexed (c, w1, x₂, w1_12), is a variable times the
bracket, as the textbook writes c(a+2b); any longer name is a function call, and an unknown one is an
error suggesting the nearest function (sigma(x) → "did you mean sigmoid?"), even when `values` has a
number for it.
"""
import difflib
import re

from .errors import BadNameError, LimitError, ParseError
from .graph import Graph
from .limits import MAX_NAME_CHARS, MAX_NESTING, MAX_NUMBER_CHARS
from .ops import ALIASES, FUNCTIONS, OPS
from ..present.messages import CATALOGUE

# Names a source may call: the op table's functions and their other names (ln for log).
CALLABLE = FUNCTIONS | frozenset(ALIASES)

# precedence, right-associative
_BINARY = {"+": (1, False), "-": (1, False), "*": (2, False), "/": (2, False), "@": (2, False),
           "imp": (3, False), "^": (5, True)}
_NEG_PREC = 4
_OP_NAMES = {"+": "add", "-": "sub", "*": "mul", "/": "div", "@": "matmul", "imp": "mul", "^": "pow"}
_SUPER_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# One letter, optionally indexed (c, w1, x₂, w1_12): before '(' such a name is a variable times the
# bracket, c(a+2b) as the textbook writes it. Any longer name before '(' is a function call.
_INDEXED_LETTER = re.compile(r"[^\W\d_][0-9₀₁₂₃₄₅₆₇₈₉]*(?:_[0-9]+)?")


def is_variable_before_bracket(name):
    """True for `c` in c(a+2b) (multiplication), False for `sigma` in sigma(x) (a function call)."""
    return _INDEXED_LETTER.fullmatch(name) is not None


class Chain:
    """A pending a + b + c: becomes one n-ary add node when something consumes it."""
    __slots__ = ("items", "offset")

    def __init__(self, items, offset):
        self.items = items
        self.offset = offset


def parse(source, kinds, texts, values, parameters):
    """Build the graph of `source` from its tokens; returns (graph, output node)."""
    if "comment" in kinds:
        keep = [i for i, k in enumerate(kinds) if k != "comment"]
        kinds = [kinds[i] for i in keep]
        texts = [texts[i] for i in keep]
        graph = Graph(source, values, parameters, keep)
    else:
        graph = Graph(source, values, parameters)
    output = _Parser(graph, kinds, texts).program()
    if output is None:
        raise ParseError("empty_expression", hint="hint_type_expression")
    return graph, output


class _Parser:
    def __init__(self, graph, kinds, texts):
        self.graph = graph
        self.kinds = kinds
        self.texts = texts
        self.names = graph.names
        self.err = graph.error

    # ---- the statements: tokens up to a separator at depth 0 are one statement --------------
    def program(self):
        """All statements in one loop (no call per statement); returns the last statement's node."""
        kinds, texts, graph = self.kinds, self.texts, self.graph
        n = len(kinds)
        output = None
        out = []            # operands: Node or Chain
        ops = []            # (prec, right_assoc, kind, text, token index, output length at "(")
        expect = True       # expecting an operand next
        depth = 0
        i = start = 0
        target = None       # token index of the assigned name, if the statement is an assignment
        if n > 1 and kinds[0] == "name" and kinds[1] == "=":
            target, i, start = 0, 2, 2
        while i < n:
            kind = kinds[i]
            text = texts[i]
            off = i
            if kind == "sep":
                if depth == 0:
                    if out or ops or target is not None:
                        node = self._finish(i, target, start, out, ops, expect)
                        output = node if target is None else self.assign(target, node)
                        out = []
                        ops = []
                        expect = True
                    i += 1
                    start = i
                    target = None
                    if i + 1 < n and kinds[i] == "name" and kinds[i + 1] == "=":
                        target = i
                        i += 2
                        start = i
                    continue
                if text == ";":
                    raise self.err(ParseError, off, "semicolon_in_parens", hint="hint_close_parens")
                i += 1
                continue
            if not expect and (kind == "name" or kind == "("):
                self._push_binary("imp", off, out, ops)          # implicit multiplication
                expect = True
            if kind == "num":
                if not expect:
                    raise self.err(ParseError, off, "missing_operator_before_number", hint="hint_write_times",
                                   number=text)
                out.append(self._number(text, off, False))
                expect = False
            elif kind == "name":
                if text in CALLABLE:
                    if i + 1 >= n or kinds[i + 1] != "(":
                        raise self.err(ParseError, off, "function_without_call", hint="hint_function_example",
                                       hint_params={"name": text}, name=text)
                    ops.append((0, False, "call", text, off, len(out)))      # as typed: ln stays ln
                    depth += 1
                    i += 2
                    if len(ops) > MAX_NESTING:
                        raise self._too_deep(off)
                    continue            # still expecting an operand (the first argument)
                if i + 1 < n and kinds[i + 1] == "(" and not is_variable_before_bracket(text):
                    raise self._unknown_function(text, off)
                out.append(self._variable(text, off))
                expect = False
            elif kind == "(":
                ops.append((0, False, "(", "(", off, len(out)))
                depth += 1
                if len(ops) > MAX_NESTING:
                    raise self._too_deep(off)
            elif kind == "op":
                if expect:
                    if text == "-":
                        if i + 1 < n and kinds[i + 1] == "num" and not (
                                i + 2 < n and (texts[i + 2] == "^" or kinds[i + 2] == "sup")):
                            out.append(self._number(texts[i + 1], off, True))   # -2 is one constant
                            expect = False
                            i += 2
                            continue
                        ops.append((_NEG_PREC, True, "neg", "-", off, 0))
                        if len(ops) > MAX_NESTING:
                            raise self._too_deep(off)
                    elif text != "+":
                        raise self.err(ParseError, off, "operator_needs_left", hint="hint_write_operand", op=text)
                else:
                    self._push_binary(text, off, out, ops)
                    expect = True
                    if len(ops) > MAX_NESTING:
                        raise self._too_deep(off)
            elif kind == ")":
                if expect:
                    self._expected_operand(i, off, ops, out)
                while ops and ops[-1][2] not in ("(", "call"):
                    self._reduce(ops.pop(), out)
                if not ops:
                    raise self.err(ParseError, off, "unmatched_close_paren", hint="hint_remove_paren")
                _, _, mark, fname, moff, base = ops.pop()
                depth -= 1
                if mark == "call":
                    args = [self._done(a) for a in out[base:]]
                    del out[base:]
                    out.append(self._call(fname, args, moff))
                else:
                    out[-1] = self._done(out[-1])     # (a+b)+c keeps (a+b) as its own node
            elif kind == ",":
                if expect:
                    self._expected_operand(i, off, ops, out)
                while ops and ops[-1][2] not in ("(", "call"):
                    self._reduce(ops.pop(), out)
                if not ops or ops[-1][2] != "call":
                    raise self.err(ParseError, off, "comma_outside_call", hint="hint_commas")
                out[-1] = self._done(out[-1])
                expect = True
            elif kind == "T":
                if expect:
                    raise self.err(ParseError, off, "operator_needs_left", hint="hint_write_operand", op="ᵀ")
                out[-1] = graph.operation("transpose", [self._done(out[-1])], off)
            elif kind == "sup":
                if expect:
                    raise self.err(ParseError, off, "operator_needs_left", hint="hint_write_operand", op=text)
                self._push_binary("^", off, out, ops)
                out.append(self._number(text.translate(_SUPER_DIGITS), off, False))
            elif kind == "bad":
                raise self._bad_character(text, off)
            elif kind == "comment":
                pass
            elif kind == "=":
                raise self.err(ParseError, off, "misplaced_assignment", hint="hint_one_assignment")
            i += 1
        if out or ops or target is not None:
            node = self._finish(i, target, start, out, ops, expect)
            output = node if target is None else self.assign(target, node)
        return output

    def _finish(self, i, target, start, out, ops, expect):
        """End of a statement at token i: reduce what is left; the statement's node."""
        texts = self.texts
        if expect:
            if not out and not ops:
                if target is not None:
                    raise self.err(ParseError, target, "assignment_missing_expression", hint="hint_write_value",
                                   name=texts[target])
                raise self.err(ParseError, start, "expression_missing", hint="hint_write_value")
            self._expected_operand(i, i - 1, ops, out)
        while ops:
            op = ops.pop()
            if op[2] in ("(", "call"):          # a call's entry sits at its name; the '(' follows it
                raise self.err(ParseError, op[4] + (op[2] == "call"), "unclosed_paren", hint="hint_add_close_paren")
            self._reduce(op, out)
        result = out[-1]
        return self._done(result) if result.__class__ is Chain else result

    # ---- helpers ------------------------------------------------------------------------------
    def _too_deep(self, off):
        return self.err(LimitError, off, "nesting_limit", hint="hint_name_intermediate", limit=MAX_NESTING)

    def _expected_operand(self, i, off, ops, out):
        if ops and ops[-1][2] in ("(", "call") and ops[-1][5] == len(out) and i < len(self.kinds) \
                and self.kinds[i] == ")":
            if ops[-1][2] == "call":
                raise self.err(ParseError, off, "call_needs_argument", hint="hint_fill_parens", function=ops[-1][3])
            raise self.err(ParseError, off, "empty_parens", hint="hint_fill_parens")
        if ops and ops[-1][2] not in ("(", "call"):
            prev = ops[-1]
            sym = "-" if prev[2] == "neg" else ("*" if prev[3] == "imp" else prev[3])
            raise self.err(ParseError, prev[4], "operator_needs_right", hint="hint_complete_after_operator", op=sym)
        raise self.err(ParseError, off, "value_missing_here", hint="hint_complete")

    def _bad_character(self, text, off):
        shown = repr(text) if not text.isprintable() or text.isspace() else f"'{text}'"
        hint = None
        if text in "\"'":
            hint = "hint_no_strings"
        elif text == ".":
            hint = "hint_no_attributes"
        elif text in "[]{}":
            hint = "hint_give_vectors"
        elif text == ":":
            hint = "hint_no_python"
        return self.err(ParseError, off, "unexpected_character", hint=hint, character=shown)

    def _number(self, text, off, negative):
        if len(text) > MAX_NUMBER_CHARS:
            raise self.err(LimitError, off, "number_literal_limit", hint="hint_float_digits", length=len(text),
                           limit=MAX_NUMBER_CHARS)
        value = float(text)
        if value == float("inf"):
            raise self.err(ParseError, off, "number_too_large", hint="hint_float_range",
                           number=text[:20] + ("…" if len(text) > 20 else ""))
        return self.graph.constant(-value if negative else value, off)

    def _variable(self, name, off):
        node = self.names.get(name)
        if node is not None:
            return node
        if len(name) > MAX_NAME_CHARS:
            raise self.err(LimitError, off, "name_length_limit", hint="hint_shorter_name",
                           length=len(name), limit=MAX_NAME_CHARS)
        if name.startswith("_"):
            raise self.err(BadNameError, off, "reserved_name", hint="hint_reserved_name", name=name)
        if name in self.graph.values:
            return self.graph.leaf(name, off)
        if self._assigned_later(name, off):
            raise self.err(BadNameError, off, "used_before_assigned", hint="hint_move_assignment",
                           hint_params={"name": name}, name=name)
        names = self._missing_names()
        close = difflib.get_close_matches(name, list(self.graph.values) + list(self.names), n=1)
        if close and len(names) == 1:
            raise self.err(BadNameError, off, "missing_value", hint="hint_add_value_or_mean",
                           hint_params={"names": names, "name": name, "suggestion": close[0]}, names=names)
        raise self.err(BadNameError, off, "missing_value", hint="hint_add_value",
                       hint_params={"names": names, "name": name}, names=names)

    def _missing_names(self):
        """Every variable of the program without a value, in order of first use (c(a+2b) → c, a, b):
        the page creates its value fields from this list."""
        kinds, texts = self.kinds, self.texts
        assigned = {texts[i] for i in range(len(kinds) - 1)
                    if kinds[i] == "name" and kinds[i + 1] == "=" and (i == 0 or kinds[i - 1] == "sep")}
        missing = {}
        for i, kind in enumerate(kinds):
            if kind != "name":
                continue
            name = texts[i]
            if name in CALLABLE or name in assigned or name in self.graph.values or name[0] == "_":
                continue
            if i + 1 < len(kinds) and kinds[i + 1] == "(" and not is_variable_before_bracket(name):
                continue                                            # a call of an unknown function
            missing[name] = True
        return list(missing)

    def _unknown_function(self, name, off):
        """`sigma(x)`: a name longer than one letter before '(' is a call, and this one is unknown.
        The nearest known name is suggested (sigma → sigmoid), among functions only."""
        close = difflib.get_close_matches(name, sorted(CALLABLE), n=1)
        functions = ", ".join(sorted(FUNCTIONS))
        if close:
            return self.err(BadNameError, off, "unknown_function", hint="hint_did_you_mean_function",
                            hint_params={"suggestion": close[0], "functions": functions}, name=name)
        return self.err(BadNameError, off, "unknown_function", hint="hint_functions",
                        hint_params={"functions": functions}, name=name)

    def _assigned_later(self, name, off):
        """Is `name` the target of an assignment after token `off`? (only asked to explain an error)"""
        kinds, texts = self.kinds, self.texts
        for i in range(off + 1, len(kinds) - 1):
            if kinds[i] == "name" and texts[i] == name and kinds[i + 1] == "=" and kinds[i - 1] == "sep":
                return True
        return False

    def _push_binary(self, text, off, out, ops):
        prec, right = _BINARY[text]
        while ops:
            top = ops[-1]
            tp = top[0]
            if tp > prec or (tp == prec and not right):
                self._reduce(ops.pop(), out)
            else:
                break
        ops.append((prec, right, "bin", text, off, 0))

    def _reduce(self, op, out):
        _, _, kind, text, off, _ = op
        if kind == "neg":
            out[-1] = self.graph.operation("neg", [self._done(out[-1])], off)
            return
        right = out.pop()
        if right.__class__ is Chain:
            right = self._done(right)
        left = out[-1]
        if text == "+":
            if left.__class__ is Chain:
                left.items.append(right)
            else:
                out[-1] = Chain([left, right], off)
            return
        if left.__class__ is Chain:
            left = self._done(left)
        out[-1] = self.graph.operation(_OP_NAMES[text], [left, right], off)

    def _done(self, operand):
        """A Chain becomes its n-ary add node now; everything else is already a node."""
        if operand.__class__ is Chain:
            return self.graph.operation("add", operand.items, operand.offset)
        return operand

    def _call(self, spelled, args, off):
        """The call of a function as the source spelled it (ln or log): one op, the learner's name kept
        for messages and, where the alias has a notation of its own, for the node's symbol and formula."""
        fname = ALIASES.get(spelled, spelled)
        lo, hi = OPS[fname].arity
        if len(args) < lo or (hi is not None and len(args) > hi):
            want = str(lo) if lo == hi else f"{lo} or {hi}"
            code = "wrong_argument_count_one" if hi == 1 else "wrong_argument_count"
            hint = "hint_usage_" + fname
            raise self.err(ParseError, off, code, hint=hint if hint in CATALOGUE else None, function=spelled,
                           expected=want, got=len(args))
        node = self.graph.operation(fname, args, off)
        if spelled in OPS[fname].notations:
            node.spelling = spelled
        return node

    # ---- statements ---------------------------------------------------------------------------
    def assign(self, target, node):
        name = self.texts[target]
        off = target
        graph = self.graph
        if name in CALLABLE:
            raise self.err(BadNameError, off, "function_assigned", hint="hint_choose_name",
                           hint_params={"name": name}, name=name)
        if name.startswith("_"):
            raise self.err(BadNameError, off, "reserved_name", hint="hint_reserved_name", name=name)
        if name in graph.values:
            raise self.err(BadNameError, off, "value_assigned", hint="hint_rename_or_remove",
                           hint_params={"name": name}, name=name)
        if name in self.names:
            raise self.err(BadNameError, off, "assigned_twice", hint="hint_assign_once",
                           hint_params={"name": name}, name=name)
        if node.name is not None:       # e = a: a named copy, so both names appear in the graph
            node = graph.operation("identity", [node], off)
        node.name = node.id = node.label = name
        node.latex = None
        self.names[name] = node
        return node

