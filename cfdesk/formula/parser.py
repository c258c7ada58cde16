"""Excel formula syntax tree: parse tokens into nodes, print nodes back as canonical text.

Operator precedence follows Excel, highest first: range ``:``, negation, percent ``%``,
power ``^``, ``* /``, ``+ -``, concatenation ``&``, comparisons. Note that negation binds
tighter than ``^`` in Excel (``=-2^2`` is 4), unlike in mathematics.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cfdesk.errors import FormulaSyntaxError
from cfdesk.formula.lexer import Kind, Token, tokenize

# Functions added after Excel 2007 are stored in the file with a prefix; without it Excel
# shows #NAME?. openpyxl writes what it is given, so cfdesk adds the prefix on write.
XLWS_FUNCTIONS = frozenset({"FILTER", "SORT", "SORTBY"})
XLFN_FUNCTIONS = frozenset({
    "XLOOKUP", "XMATCH", "UNIQUE", "SEQUENCE", "RANDARRAY", "LET", "LAMBDA", "IFS", "SWITCH",
    "TEXTJOIN", "CONCAT", "MAXIFS", "MINIFS", "IFNA", "XOR", "DAYS", "ISOWEEKNUM", "SHEET",
    "SHEETS", "FORMULATEXT", "ISFORMULA", "RANK.EQ", "RANK.AVG", "STDEV.S", "STDEV.P",
    "VAR.S", "VAR.P", "PERCENTILE.INC", "PERCENTILE.EXC", "QUARTILE.INC", "QUARTILE.EXC",
    "MODE.SNGL", "MODE.MULT", "NORM.DIST", "NORM.INV", "NORM.S.DIST", "NORM.S.INV",
    "CEILING.MATH", "FLOOR.MATH", "CEILING.PRECISE", "FLOOR.PRECISE", "AGGREGATE",
    "TEXTBEFORE", "TEXTAFTER", "TEXTSPLIT", "VSTACK", "HSTACK", "TOCOL", "TOROW", "TAKE",
    "DROP", "CHOOSECOLS", "CHOOSEROWS", "WRAPROWS", "WRAPCOLS", "EXPAND", "ARRAYTOTEXT",
    "VALUETOTEXT", "NUMBERVALUE", "UNICHAR", "UNICODE", "BITAND", "BITOR", "BITXOR",
    "CONFIDENCE.NORM", "COVARIANCE.P", "COVARIANCE.S", "T.TEST", "T.DIST", "CHISQ.TEST",
    "ACOT", "ACOTH", "ARABIC", "BASE", "DECIMAL", "COT", "COTH", "CSC", "CSCH", "SEC", "SECH",
    "DAYS360", "IMAGE", "ENCODEURL", "FILTERXML", "WEBSERVICE", "STOCKHISTORY",
    "FORECAST.LINEAR", "GAMMA", "PHI", "RRI", "PDURATION", "ISOMITTED", "BYROW", "BYCOL",
    "MAP", "REDUCE", "SCAN", "MAKEARRAY", "WORKDAY.INTL", "NETWORKDAYS.INTL",
})
PREFIXES = ("_xlfn._xlws.", "_xlfn.", "_xlws.", "_xll.")


def strip_prefix(name: str) -> str:
    up = name.upper()
    for p in PREFIXES:
        if up.startswith(p.upper()):
            return up[len(p):]
    return up


def file_name(name: str) -> str:
    """A function's name as it must be stored in an .xlsx file."""
    base = strip_prefix(name)
    if base in XLWS_FUNCTIONS:
        return "_xlfn._xlws." + base
    if base in XLFN_FUNCTIONS:
        return "_xlfn." + base
    return base


# ---------------------------------------------------------------- nodes


@dataclass
class Node:
    def children(self) -> list[Node]:
        return []


@dataclass
class Number(Node):
    text: str

    @property
    def value(self) -> float:
        return float(self.text)


@dataclass
class String(Node):
    value: str


@dataclass
class Bool(Node):
    value: bool


@dataclass
class Error(Node):
    code: str


@dataclass
class Ref(Node):
    text: str


@dataclass
class Name(Node):
    text: str


@dataclass
class Missing(Node):
    """An omitted argument, as in IF(A1,,0)."""


@dataclass
class Func(Node):
    name: str  # upper case, without _xlfn. prefixes
    args: list[Node] = field(default_factory=list)

    def children(self) -> list[Node]:
        return self.args


@dataclass
class Unary(Node):
    op: str  # "-" or "+"
    operand: Node

    def children(self) -> list[Node]:
        return [self.operand]


@dataclass
class Percent(Node):
    operand: Node

    def children(self) -> list[Node]:
        return [self.operand]


@dataclass
class Binary(Node):
    op: str
    left: Node
    right: Node

    def children(self) -> list[Node]:
        return [self.left, self.right]


@dataclass
class Array(Node):
    rows: list[list[Node]]

    def children(self) -> list[Node]:
        return [c for r in self.rows for c in r]


@dataclass
class Paren(Node):
    """Parentheses kept so that printing gives back the user's grouping."""

    inner: Node

    def children(self) -> list[Node]:
        return [self.inner]


def unparen(node: Node) -> Node:
    """The node inside any number of parentheses."""
    while isinstance(node, Paren):
        node = node.inner
    return node


def walk(node: Node):
    yield node
    for c in node.children():
        yield from walk(c)


def map_tree(node: Node, fn) -> Node:
    """A rebuilt copy of the tree: ``fn(n)`` returns a replacement for n (kept as is, not
    descended into) or None to copy n and map its children."""
    out = fn(node)
    if out is not None:
        return out
    if isinstance(node, Func):
        return Func(node.name, [map_tree(a, fn) for a in node.args])
    if isinstance(node, Unary):
        return Unary(node.op, map_tree(node.operand, fn))
    if isinstance(node, Percent):
        return Percent(map_tree(node.operand, fn))
    if isinstance(node, Binary):
        return Binary(node.op, map_tree(node.left, fn), map_tree(node.right, fn))
    if isinstance(node, Paren):
        return Paren(map_tree(node.inner, fn))
    if isinstance(node, Array):
        return Array([[map_tree(c, fn) for c in r] for r in node.rows])
    return node


# ---------------------------------------------------------------- parser

_BINARY = {  # op -> (left binding power, right binding power)
    "=": (10, 11), "<>": (10, 11), "<": (10, 11), ">": (10, 11), "<=": (10, 11), ">=": (10, 11),
    "&": (20, 21), "+": (30, 31), "-": (30, 31), "*": (40, 41), "/": (40, 41), "^": (50, 51),
    ":": (90, 91),
}
_PERCENT_BP = 60
_UNARY_BP = 70


class _Parser:
    def __init__(self, tokens: list[Token]):
        self.toks = [t for t in tokens if t.kind != Kind.WS]
        self.i = 0

    def peek(self) -> Token | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def next(self) -> Token:
        t = self.peek()
        if t is None:
            raise FormulaSyntaxError("formula ends too early")
        self.i += 1
        return t

    def expect(self, kind: Kind, what: str) -> Token:
        t = self.peek()
        if t is None or t.kind != kind:
            got = "end of formula" if t is None else repr(t.text)
            raise FormulaSyntaxError(f"expected {what}, found {got}")
        return self.next()

    def expr(self, min_bp: int = 0) -> Node:
        left = self.prefix()
        while True:
            t = self.peek()
            if t is None or t.kind != Kind.OP:
                break
            if t.text == "%":
                if _PERCENT_BP < min_bp:
                    break
                self.next()
                left = Percent(left)
                continue
            if t.text not in _BINARY:
                raise FormulaSyntaxError(f"unexpected operator {t.text!r}")
            lbp, rbp = _BINARY[t.text]
            if lbp < min_bp:
                break
            self.next()
            left = Binary(t.text, left, self.expr(rbp))
        return left

    def prefix(self) -> Node:
        t = self.next()
        k = t.kind
        if k == Kind.OP and t.text in "+-":
            return Unary(t.text, self.expr(_UNARY_BP))
        if k == Kind.OP and t.text == "@":  # implicit intersection marker
            return self.expr(_UNARY_BP)
        if k == Kind.NUMBER:
            return Number(t.text)
        if k == Kind.STRING:
            return String(t.text[1:-1].replace('""', '"'))
        if k == Kind.BOOL:
            return Bool(t.text.upper() == "TRUE")
        if k == Kind.ERROR:
            return Error(t.text.upper())
        if k == Kind.REF:
            return Ref(t.text)
        if k == Kind.NAME:
            return Name(t.text)
        if k == Kind.OPEN:
            inner = self.expr()
            while self.peek() is not None and self.peek().kind == Kind.SEP:  # (A1,B1) union
                self.next()
                inner = Binary(",", inner, self.expr())
            self.expect(Kind.CLOSE, "')'")
            return Paren(inner)
        if k == Kind.FUNC:
            self.expect(Kind.OPEN, "'('")
            args: list[Node] = []
            if self.peek() is not None and self.peek().kind == Kind.CLOSE:
                self.next()
                return Func(strip_prefix(t.text), args)
            while True:
                nt = self.peek()
                if nt is not None and (nt.kind == Kind.SEP or nt.kind == Kind.CLOSE):
                    args.append(Missing())
                else:
                    args.append(self.expr())
                nt = self.next()
                if nt.kind == Kind.CLOSE:
                    break
                if nt.kind != Kind.SEP or nt.text != ",":
                    raise FormulaSyntaxError(f"expected ',' or ')' in {t.text}(), found {nt.text!r}")
            return Func(strip_prefix(t.text), args)
        if k == Kind.ARRAY_OPEN:
            rows: list[list[Node]] = [[]]
            while True:
                rows[-1].append(self.expr())
                nt = self.next()
                if nt.kind == Kind.ARRAY_CLOSE:
                    break
                if nt.kind != Kind.SEP:
                    raise FormulaSyntaxError(f"unexpected {nt.text!r} in array constant")
                if nt.text == ";":
                    rows.append([])
            return Array(rows)
        raise FormulaSyntaxError(f"unexpected {t.text!r}")


def parse(formula: str) -> Node:
    """Parse a formula (leading '=' optional) into a syntax tree."""
    toks = tokenize(formula.strip())
    if toks and toks[0].kind == Kind.OP and toks[0].text == "=":
        toks = toks[1:]
    if not [t for t in toks if t.kind != Kind.WS]:
        raise FormulaSyntaxError("empty formula")
    p = _Parser(toks)
    try:
        node = p.expr()
    except FormulaSyntaxError as e:
        opens = sum(t.kind == Kind.OPEN for t in toks)
        closes = sum(t.kind == Kind.CLOSE for t in toks)
        if opens > closes:
            raise FormulaSyntaxError(f"syntax error: missing ')' ({opens} opened, {closes} "
                                     "closed)") from None
        raise FormulaSyntaxError(f"syntax error: {e}") from None
    if p.peek() is not None:
        raise FormulaSyntaxError(f"syntax error: unexpected {p.peek().text!r} after the end of "
                                 "the expression")
    return node


# ---------------------------------------------------------------- printing


def _fmt_number(text: str) -> str:
    return text.upper() if "e" in text.lower() else text


def _upper_area(ref: str) -> str:
    if "[" in ref:
        return ref
    if "!" in ref:
        sheet, area = ref.rsplit("!", 1)
        return sheet + "!" + area.upper()
    return ref.upper()


def to_text(node: Node, *, for_file: bool = False, paren_double_negation: bool = False) -> str:
    """Canonical text of a tree, without the leading '='.

    Canonical: no whitespace, upper-case function names, booleans and error codes; the
    user's parentheses kept. ``for_file`` adds the _xlfn. prefixes that .xlsx needs;
    ``paren_double_negation`` prints --x as -(-x) (the evaluator needs it).
    """
    def go(n: Node) -> str:
        if isinstance(n, Number):
            return _fmt_number(n.text)
        if isinstance(n, String):
            return '"' + n.value.replace('"', '""') + '"'
        if isinstance(n, Bool):
            return "TRUE" if n.value else "FALSE"
        if isinstance(n, Error):
            return n.code
        if isinstance(n, Ref):
            return _upper_area(n.text)
        if isinstance(n, Name):
            return n.text
        if isinstance(n, Missing):
            return ""
        if isinstance(n, Func):
            name = file_name(n.name) if for_file else n.name
            return name + "(" + ",".join(go(a) for a in n.args) + ")"
        if isinstance(n, Unary):
            if paren_double_negation and isinstance(n.operand, Unary):
                return n.op + "(" + go(n.operand) + ")"
            return n.op + go(n.operand)
        if isinstance(n, Percent):
            return go(n.operand) + "%"
        if isinstance(n, Binary):
            return go(n.left) + n.op + go(n.right)
        if isinstance(n, Paren):
            return "(" + go(n.inner) + ")"
        if isinstance(n, Array):
            return "{" + ";".join(",".join(go(c) for c in r) for r in n.rows) + "}"
        raise TypeError(n)

    return go(node)


def canonical(formula: str) -> str:
    """'=sum( a1:a3 )' -> '=SUM(A1:A3)': the display form, prefixes stripped."""
    return "=" + to_text(parse(formula))


def for_file(formula: str) -> str:
    """The formula as it must be written into an .xlsx cell (prefixes added)."""
    return "=" + to_text(parse(formula), for_file=True)


def functions_used(formula: str) -> list[str]:
    return [n.name for n in walk(parse(formula)) if isinstance(n, Func)]
