"""The conditional-formatting rule language: parse, canonical form, tokens.

Rules look like ``GreaterThan(c[2], 4000)``, ``TextContains('M type')``, ``top(10%)``,
``AND(GreaterThanEqual(25),LessThan(50))`` or a raw Excel formula ``=$A2=$A3``. Names are
case-insensitive and have synonyms (``Duplicates``/``Duplicate``, ``StartsWith``/
``TextStartsWith``, ``TopPercent(10)``/``Top(10%)``); text arguments may be quoted or not,
and a value may be a cell written with ``$`` (``GreaterThan($E$13)``: the value in E13).
The canonical form fixes one spelling of each, so that two rules that mean the same thing
print the same: ``Name(c[i], arg, ...)`` with text in single quotes ('' escapes a quote).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cfdesk.errors import RuleError

# kind of each argument list: "num" (one number), "num2" (two numbers), "text" (one text),
# "value" (a number or a text), "rank" (a count or a percentage), "none", "rules" (sub-rules),
# "rule" (one sub-rule)
SPECS: dict[str, str] = {
    "GreaterThan": "value", "LessThan": "value", "GreaterThanEqual": "value",
    "LessThanEqual": "value", "Equals": "value", "NotEquals": "value",
    "Between": "num2", "NotBetween": "num2",
    "TextEquals": "text", "TextContains": "text", "TextNotContains": "text",
    "TextStartsWith": "text", "TextEndsWith": "text",
    "Top": "rank", "Bottom": "rank",
    "AboveAverage": "none", "BelowAverage": "none",
    "Duplicate": "none", "Unique": "none", "Blanks": "none", "NoBlanks": "none",
    "Errors": "none", "NoErrors": "none",
    "Yesterday": "none", "Today": "none", "Tomorrow": "none", "Last7Days": "none",
    "LastWeek": "none", "ThisWeek": "none", "NextWeek": "none", "LastMonth": "none",
    "ThisMonth": "none", "NextMonth": "none",
    "ColorScale": "none", "DataBar": "none", "IconSet": "none",
    "AND": "rules", "OR": "rules", "NOT": "rule",
}
DATE_PERIODS = ("Yesterday", "Today", "Tomorrow", "Last7Days", "LastWeek", "ThisWeek", "NextWeek",
                "LastMonth", "ThisMonth", "NextMonth")
VISUAL = ("ColorScale", "DataBar", "IconSet")

SYNONYMS = {
    "duplicates": "Duplicate", "duplicatevalues": "Duplicate", "uniquevalues": "Unique",
    "startswith": "TextStartsWith", "beginswith": "TextStartsWith", "textbeginswith": "TextStartsWith",
    "endswith": "TextEndsWith", "textendswith": "TextEndsWith",
    "contains": "TextContains", "containstext": "TextContains", "textnotcontains": "TextNotContains",
    "notcontains": "TextNotContains", "doesnotcontain": "TextNotContains",
    "greaterthanorequal": "GreaterThanEqual", "greaterthanorequalto": "GreaterThanEqual",
    "lessthanorequal": "LessThanEqual", "lessthanorequalto": "LessThanEqual",
    "equal": "Equals", "equalto": "Equals", "notequal": "NotEquals", "notequalto": "NotEquals",
    "blank": "Blanks", "containsblanks": "Blanks", "notblanks": "NoBlanks", "nonblanks": "NoBlanks",
    "error": "Errors", "containserrors": "Errors", "noerror": "NoErrors",
    "topitems": "Top", "bottomitems": "Bottom",
    "last7days": "Last7Days", "inthelast7days": "Last7Days",
    "colorscales": "ColorScale", "colourscale": "ColorScale", "databars": "DataBar",
    "iconsets": "IconSet", "above": "AboveAverage", "below": "BelowAverage",
}
_CANON = {n.lower(): n for n in SPECS}
_CANON.update(SYNONYMS)
_CANON.update({"toppercent": "TopPercent", "bottompercent": "BottomPercent"})


@dataclass
class Num:
    text: str  # as written, so constants round-trip verbatim

    @property
    def value(self) -> float:
        return float(self.text)


@dataclass
class Text:
    value: str


@dataclass
class Cell:
    """A reference to one cell (``$E$13``) whose value the rule compares with, as Excel's own
    rules do ("Cell Value greater than =$E$13"). Written unquoted with at least one ``$``, so
    that quoted or plain texts such as 'Q4' or FY2021 stay texts."""

    text: str  # as written: $E$13

    @property
    def address(self) -> str:
        return self.text.replace("$", "").upper()


@dataclass
class Rule:
    name: str  # canonical name
    column: int | None = None  # c[i]: 0-based column of the range
    args: list = field(default_factory=list)  # Num / Text / Rule
    percent: bool = False  # Top/Bottom by percentage

    def children(self) -> list[Rule]:
        return [a for a in self.args if isinstance(a, Rule)]


@dataclass
class FormulaRule:
    """A raw Excel formula rule, written for the range's top-left cell (=$A2=$A3)."""

    formula: str
    name: str = "Formula"
    column: int | None = None

    def children(self) -> list:
        return []


AnyRule = Rule | FormulaRule
_NUM_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_COL_RE = re.compile(r"^\s*c\s*\[\s*(\d+)\s*\]\s*$", re.I)
_NAME_RE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(")
_CELL_RE = re.compile(r"^(?=[^$]*\$)\$?[A-Za-z]{1,3}\$?[1-9]\d{0,6}$")


def canonical_name(name: str) -> str:
    key = name.lower()
    if key in _CANON:
        return _CANON[key]
    raise RuleError(f"unknown rule {name!r}; known rules: {', '.join(sorted(SPECS))}")


def _split_top(s: str) -> list[str]:
    """Split on commas outside parentheses, brackets and quotes."""
    parts, depth, cur, quote = [], 0, [], None
    i = 0
    while i < len(s):
        ch = s[i]
        if quote:
            cur.append(ch)
            if ch == quote:
                if i + 1 < len(s) and s[i + 1] == quote:
                    cur.append(s[i + 1])
                    i += 1
                else:
                    quote = None
        elif ch in "'\"" and "".join(cur).strip() == "":
            quote = ch
            cur.append(ch)
        elif ch in "([":
            depth += 1
            cur.append(ch)
        elif ch in ")]":
            depth -= 1
            cur.append(ch)
        elif ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    parts.append("".join(cur))
    return parts


def _unquote(s: str) -> str:
    t = s.strip()
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "'\"":
        q = t[0]
        return t[1:-1].replace(q + q, q)
    return t


def _matching_close(s: str, open_idx: int) -> int:
    depth, quote = 0, None
    for i in range(open_idx, len(s)):
        ch = s[i]
        if quote:
            if ch == quote:
                quote = None
            continue
        if ch in "'\"" and i > 0 and s[i - 1] in "(, ":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def parse_rule(text: str) -> AnyRule:
    """Parse a rule; raises RuleError with a one-line reason."""
    s = text.strip()
    if not s:
        raise RuleError("empty rule")
    if s.startswith("="):
        from cfdesk.errors import FormulaSyntaxError
        from cfdesk.formula.parser import canonical

        try:
            return FormulaRule(canonical(s))
        except FormulaSyntaxError as e:
            raise RuleError(f"formula rule: {e}") from None
    m = _NAME_RE.match(s)
    if not m:
        raise RuleError(f"not a rule: {s[:60]!r} (expected Name(...), e.g. GreaterThan(100))")
    name = canonical_name(m.group(1))
    open_idx = s.index("(", m.start(1))
    close = _matching_close(s, open_idx)
    if close < 0:
        # Unbalanced text such as TextContains(a (b): take the last ')' as the end.
        close = s.rfind(")")
        if close <= open_idx:
            raise RuleError(f"missing ')' in {s[:60]!r}")
    if s[close + 1:].strip():
        raise RuleError(f"unexpected text after the rule: {s[close + 1:close + 30]!r}")
    inner = s[open_idx + 1:close]
    return _build(name, inner, s)


def _build(name: str, inner: str, whole: str) -> Rule:
    parts = _split_top(inner) if inner.strip() else []
    column = None
    if parts and _COL_RE.match(parts[0]):
        column = int(_COL_RE.match(parts[0]).group(1))
        parts = parts[1:]
    if name in ("TopPercent", "BottomPercent"):
        r = _build(name.replace("Percent", ""), inner, whole)
        r.percent = True
        return r
    spec = SPECS[name]
    args: list = []
    if spec == "none":
        if parts:
            raise RuleError(f"{name}() takes no arguments, got {len(parts)}")
    elif spec in ("rules", "rule"):
        if spec == "rule" and len(parts) != 1:
            raise RuleError(f"{name}() takes one rule, got {len(parts)}")
        if spec == "rules" and len(parts) < 2:
            raise RuleError(f"{name}() takes two or more rules, got {len(parts)}")
        args = [parse_rule(p) for p in parts]
    elif spec == "text":
        # Text is taken whole, commas included: TextContains(Smith, John) means one text.
        if column is not None:
            raw = inner.split("]", 1)[1].lstrip()
            raw = raw[1:] if raw.startswith(",") else raw
        else:
            raw = inner
        if not raw:
            raise RuleError(f"{name}() needs a text argument")
        # Whitespace alone is a real argument (cells holding a space), kept as written.
        args = [Cell(raw.strip().upper()) if _CELL_RE.match(raw.strip()) else
                Text(_unquote(raw) if raw.strip() else raw)]
    elif spec in ("value", "num"):
        if len(parts) != 1:
            raise RuleError(f"{name}() takes one value, got {len(parts)}")
        args = [_value(parts[0], name)]
    elif spec == "num2":
        if len(parts) != 2:
            raise RuleError(f"{name}() takes two numbers, got {len(parts)}")
        args = [_number(p, name) for p in parts]
    elif spec == "rank":
        if len(parts) != 1:
            raise RuleError(f"{name}() takes one count or percentage, got {len(parts)}")
        t = parts[0].strip()
        percent = t.endswith("%")
        n = _number(t.rstrip("%"), name)
        if not percent and not float(n.text).is_integer():
            raise RuleError(f"{name}() count must be a whole number, got {t}")
        if n.value <= 0:
            raise RuleError(f"{name}() needs a positive count, got {t}")
        return Rule(name, column, [n], percent)
    return Rule(name, column, args)


def _percent(t: str) -> Num | None:
    """An unquoted percentage as the number it stands for ("10%" -> 0.1), as Excel reads
    "Cell Value >= 10%"; None for anything else."""
    if t.endswith("%") and _NUM_RE.match(t[:-1].strip()):
        from decimal import Decimal

        v = Decimal(t[:-1].strip().lstrip("+")) / 100
        return Num(format(v.normalize(), "f"))
    return None


def _number(t: str, name: str) -> Num:
    t = t.strip()
    if _NUM_RE.match(t):
        return Num(t.lstrip("+"))
    if (pct := _percent(t)) is not None:
        return pct
    raise RuleError(f"{name}() needs a number, got {t[:40]!r}")


def _value(t: str, name: str) -> Num | Text | Cell:
    s = t.strip()
    if _NUM_RE.match(s):
        return Num(s.lstrip("+"))
    if (pct := _percent(s)) is not None:
        return pct
    if not s:
        raise RuleError(f"{name}() needs a value")
    if _CELL_RE.match(s):
        return Cell(s.upper())
    return Text(_unquote(s))


# ---------------------------------------------------------------- printing


def _q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def tested_columns(rule: Rule) -> set[int | None]:
    """The columns (c[i]) a rule tests: its own, or for AND/OR/NOT those of every test under
    it; None stands for a test that names none (the range's value column)."""
    if not rule.children():
        return {rule.column}
    return set().union(*(tested_columns(r) for r in rule.children()))


def to_text(rule: AnyRule) -> str:
    """The canonical text of a rule."""
    if isinstance(rule, FormulaRule):
        return rule.formula
    args = []
    if rule.column is not None:
        args.append(f"c[{rule.column}]")
    for a in rule.args:
        if isinstance(a, Num):
            args.append(_fmt_num(a.text) + ("%" if rule.percent else ""))
        elif isinstance(a, Text):
            args.append(_q(a.value))
        elif isinstance(a, Cell):
            args.append(a.text)
        else:
            args.append(to_text(a))
    return f"{rule.name}({', '.join(args)})"


def _fmt_num(t: str) -> str:
    if "e" in t.lower():
        return t.upper()
    if "." in t:
        t = t.rstrip("0").rstrip(".") or "0"
    return t


def canonical(text: str) -> str:
    return to_text(parse_rule(text))


def same_rule(a: str, b: str) -> bool:
    """Canonical equality, numbers compared by value (the benchmark's no-data case)."""
    try:
        ra, rb = parse_rule(a), parse_rule(b)
    except RuleError:
        return a.strip() == b.strip()
    return _eq(ra, rb)


def _eq(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, FormulaRule):
        return a.formula == b.formula
    if isinstance(a, Num):
        return a.value == b.value
    if isinstance(a, Text):
        return a.value.lower() == b.value.lower()
    return (a.name == b.name and a.column == b.column and a.percent == b.percent
            and len(a.args) == len(b.args) and all(_eq(x, y) for x, y in zip(a.args, b.args)))


# ---------------------------------------------------------------- tokens for the model

_TOKEN_RE = re.compile(r"c\[\d+\]|'(?:[^']|'')*'|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?(?:E[+-]?\d+)?%?|\S")


def tokenize(canonical_text: str) -> list[str]:
    """Tokens of a canonical rule: names, c[i], numbers, quoted texts, punctuation.

    ``"".join`` with the separators restored gives the text back: see ``detokenize``.
    """
    if canonical_text.startswith("="):
        from cfdesk.formula.lexer import tokenize as ftok

        return ["="] + [t.text for t in ftok(canonical_text[1:]) if t.text.strip()]
    return _TOKEN_RE.findall(canonical_text)


def detokenize(tokens: list[str]) -> str:
    if tokens and tokens[0] == "=":
        return "=" + "".join(tokens[1:])
    out = []
    for t in tokens:
        out.append(t)
        if t == ",":
            out.append(" ")
    return "".join(out)
