"""A suggestion candidate, and what its text does, read without the sheet: the comparisons,
numbers and texts it uses (``compared``), the rival-pair side it takes, the labels it writes,
the digits it rounds to. The checks on the sheet (``validate``), the marks from the request's
words (``marks``) and the repairs (``repairs``) all read candidates through these."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from cfdesk import codec
from cfdesk.cf.rules import Cell as RCell
from cfdesk.cf.rules import Num as RNum
from cfdesk.cf.rules import Text as RText
from cfdesk.cf.rules import parse_rule
from cfdesk.errors import FormulaSyntaxError, RuleError
from cfdesk.formula.typecheck import criteria_pairs


@dataclass
class Candidate:
    text: str  # formula (with '=') or canonical rule
    mode: str
    score: float  # final ranking score
    model_score: float  # mean token log-probability
    valid: bool
    kind: str = ""  # formula: value/error/...; rule: "rule"
    value: Any = None
    preview: list[dict] = field(default_factory=list)  # fill-down rows: {"cell", "value"}
    rows: list[int] = field(default_factory=list)  # rule: highlighted sheet rows
    explanation: str = ""
    reason: str = ""  # why it was rejected
    columns: list[int] = field(default_factory=list)  # table columns it reads (COL:k / c[k])
    agreement: float = 0.0
    count: int = 1  # how many samples produced it (repairs and swaps not counted)
    engine_scores: dict[str, float] = field(default_factory=dict)  # best model score per engine
    named: bool = False  # reads exactly the columns the request names
    derived: bool = False  # only ever produced by a column repair or a literal swap, never sampled
    empty: bool = False  # a rule that highlights no cell of its range
    trivial: bool = False  # a reference set against itself (A2-A2, A2>A2) or a range D2:D2
    similarity: float = 0.0  # cosine of the request and the explanation (headers named)
    catalog: float = 0.0  # a catalogue shape's cosine with the masked request (cfdesk.catalog); 0: not one
    # the AR model's score of a candidate its beam did not find (teacher-forced; None: found,
    # or no AR model), so that the two engines' candidates can be set against each other
    ar_rescored: float | None = None
    clash: str = ""  # a formula's type clash with the sheet's columns (formula.typecheck), in words
    reversed: bool = False  # an IF returns the request's two literals in reverse order
    full: bool = False  # a rule (not a colour scale, bar or icon set) that highlights every filled row
    other_comparison: bool = False  # compares with <, >, <=, >= (or = a threshold) but none the words ask for
    other_threshold: bool = False  # compares with numbers, none the request puts after its comparisons
    spelled: bool = False  # uses a number the request spells out ("top ten")
    percent_mismatch: bool = False  # a Top/Bottom rule by count for "percent", or the reverse
    header_text: bool = False  # compares with (or returns) a text that is a column's header
    rival: bool = False  # LEFT for "rightmost", COUNTBLANK for "non-blank" (mentions.RIVALS)
    lone_cell: bool = False  # aggregates one end of a span the request names (SUM(H4) for "H4 to H20")
    foreign_label: bool = False  # a text the request lacks, beside a label the request wrote and it lacks
    lost_negation: bool = False  # a rule with no negative part for "does not include Emma"
    unquoted: bool = False  # texts, none of them one the request quotes ("No") though it quotes some
    lost_value: bool = False  # one of two values the request names together ("Central and South")
    other_digits: bool = False  # rounds to other digits than the request's ("nearest thousand": -3)
    lost_cell: bool = False  # a rule that compares with no cell where the request names one ("above E13")
    lost_text: bool = False  # none of the table's values (or quoted texts) the request names ("for Acme Corp")
    lost_row: bool = False  # a formula that reads no single row, for "... for each row"
    other_type: bool = False  # a text for "how many ...", a number for "the month name"
    unasked_today: bool = False  # a formula that reads TODAY() or NOW(), for a request that names no time
    lost_number: bool = False  # leaves out the number the request multiplies by ("1.5x the hourly rate")
    ids: list[int] = field(default_factory=list, repr=False)  # the best sample's token ids

    def to_json(self) -> dict:
        from cfdesk.formula.evaluate import _jsonable

        return {"text": self.text, "mode": self.mode, "score": round(self.score, 4),
                "model_score": round(self.model_score, 4), "valid": self.valid, "kind": self.kind,
                "value": _jsonable(self.value), "preview": self.preview, "rows": self.rows,
                "explanation": self.explanation, "reason": self.reason,
                "agreement": round(self.agreement, 3), "count": self.count,
                "similarity": round(self.similarity, 3), "catalog": round(self.catalog, 3),
                "engine_scores": {e: round(v, 4) for e, v in self.engine_scores.items()},
                "ar_rescored": None if self.ar_rescored is None else round(self.ar_rescored, 4),
                "clash": self.clash, "reversed": self.reversed, "checks": self.checks()}

    def checks(self) -> list[str]:
        """In words, each way this candidate disagrees with the sheet or the request's words
        (shown beside it as "check: ..."; each also lowers its rank)."""
        marks = [(self.trivial, "sets a cell against itself, or reads a range of one cell"),
                 (self.reversed, "returns the two labels in the opposite order to the request"),
                 (self.other_comparison, "compares differently from the request's words (at least, "
                                         "over, below...)"),
                 (self.other_threshold, "compares with a number the request does not compare with"),
                 (self.percent_mismatch, "counts where the request says percent, or the reverse"),
                 (self.header_text, "compares with a column's name, not a value in it"),
                 (self.rival, "does the opposite of a word in the request, or leaves it out (first/last, "
                              "blank/non-blank, highest/lowest, upper case, round up...)"),
                 (self.lone_cell, "reads one cell of the range the request names"),
                 (self.foreign_label, "writes a label the request does not, instead of one it does"),
                 (self.lost_negation, "highlights what matches, where the request asks for what does not"),
                 (self.unquoted, "uses a text other than the ones the request puts in quotes"),
                 (self.lost_value, "uses only one of two values the request names together"),
                 (self.other_digits, "rounds to other digits than the request asks for"),
                 (self.lost_cell, "compares with no cell, where the request names one"),
                 (self.lost_text, "leaves out the value the request names"),
                 (self.lost_row, "gives one result for the whole table, where the request asks for each row"),
                 (self.other_type, "gives a text where the request asks how many, or a number where it "
                                  "asks for a name"),
                 (self.unasked_today, "reads today's date, which the request does not ask for"),
                 (self.lost_number, "leaves out the number the request multiplies by")]
        return ([self.clash] if self.clash else []) + [text for on, text in marks if on]


_SELF_OPS = {"-", "/", "=", "<>", "<", ">", "<=", ">="}


def results_reversed(formula: str, request: str) -> bool:
    """Whether an IF returns two texts the request names in the opposite order to the
    request's. People name the value for "yes" first ("Reorder if stock is below 10, else OK",
    "if stock is below 10 say Reorder else OK", "Pass/Fail depending on ..."): none of the
    18,994 IFs in the generated formula training data reverses two texts its request names."""
    return results_in_request_order(formula, request) not in (None, formula)


# the label a request returns when its condition fails: "else Within", "otherwise say OK"
_ELSE_LABEL = re.compile(r"\b(?:else|otherwise)\s*,?\s*(?:(?:say|return|show|display|put|write|give)\s+)?"
                         r"[\"'“]?([A-Za-z][\w-]*)", re.I)


def else_label_first(formula: str, request: str) -> bool:
    """Whether an IF returns, when its condition holds, the label the request gives for when
    it fails ("Over if spent is more than budget, else Within" answered with
    IF(F3>E3,"Within","")), the other result being no label of the request's else. With two
    named labels ``results_reversed`` tells it; this catches the other label left out."""
    from cfdesk.formula.parser import Func, String, parse, unparen, walk

    others = {m.group(1).lower() for m in _ELSE_LABEL.finditer(request)} - {"if", "when", "where"}
    if not others:
        return False
    try:
        tree = parse(formula)
    except (FormulaSyntaxError, ValueError, IndexError):
        return False
    for n in walk(tree):
        if isinstance(n, Func) and n.name == "IF" and len(n.args) == 3:
            yes, no = unparen(n.args[1]), unparen(n.args[2])
            if (isinstance(yes, String) and yes.value.lower() in others
                    and not (isinstance(no, String) and no.value.lower() in others)):
                return True
    return False


def else_not_blank(formula: str) -> bool:
    """Whether a formula is an IF whose result when its condition fails is a text, not blank
    (a number there is the "nothing" of "pay 5% if it exceeds 100,000, else nothing")."""
    from cfdesk.formula.parser import Func, String, parse, unparen

    try:
        tree = unparen(parse(formula))
    except (FormulaSyntaxError, ValueError, IndexError):
        return False
    if not (isinstance(tree, Func) and tree.name == "IF"):
        return False
    no = unparen(tree.args[2]) if len(tree.args) == 3 else None
    return isinstance(no, String) and bool(no.value)


def results_in_request_order(formula: str, request: str) -> str | None:
    """The formula with every IF whose two named text results are reversed set right (the
    formula itself where none is); None where it does not parse."""
    from cfdesk.formula.parser import Func, String, map_tree, parse, to_text, unparen

    low = request.lower()

    def position(n) -> int | None:
        n = unparen(n)
        if not isinstance(n, String) or not n.value.strip():
            return None
        m = re.search(r"(?<![\w])" + re.escape(n.value.lower()) + r"(?![\w])", low)
        return m.start() if m else None

    swapped = False

    def fix(n):
        nonlocal swapped
        if isinstance(n, Func) and n.name == "IF" and len(n.args) == 3:
            a, b = position(n.args[1]), position(n.args[2])
            if a is not None and b is not None and a > b:
                swapped = True
                return Func("IF", [map_tree(n.args[0], fix), n.args[2], n.args[1]])
        return None

    try:
        tree = map_tree(parse(formula), fix)
    except (FormulaSyntaxError, ValueError, IndexError):
        return None
    return "=" + to_text(tree) if swapped else formula


RULE_OPS = {"GreaterThan": ">", "GreaterThanEqual": ">=", "LessThan": "<", "LessThanEqual": "<="}


@dataclass
class Compared:
    """What a formula or rule compares and counts with, set against the request's words."""

    ops: set[str] = field(default_factory=set)  # order comparisons: <, >, <=, >=
    thresholds: set[float] = field(default_factory=set)  # the numbers those compare with
    text_thresholds: set[str] = field(default_factory=set)  # texts a rule compares by order ('Fees')
    numbers: set[float] = field(default_factory=set)  # every number constant, thresholds included
    texts: set[str] = field(default_factory=set)  # text constants other than criteria operators
    equals: set[float] = field(default_factory=set)  # numbers it tests for equality (D2=20, criterion 20)
    results: set[float] = field(default_factory=set)  # numbers an IF returns (IF(H6,3000,"Low"): 3000)
    cells: set[str] = field(default_factory=set)  # cells a rule compares with (GreaterThan($E$13))
    factors: set[float] = field(default_factory=set)  # numbers it multiplies or divides by (E2*2.2, D2/50)


def criterion_parts(value: str) -> tuple[str, float | None] | None:
    """A criteria string's comparison and number: ``"<20"`` -> ("<", 20), ``">="`` -> (">=", None)."""
    m = re.fullmatch(r"\s*(<=|>=|<(?!>)|>)\s*(-?\d+(?:\.\d+)?)?\s*", value)
    if not m:
        return None
    return m.group(1), float(m.group(2)) if m.group(2) else None


@functools.lru_cache(maxsize=4096)
def compared(text: str, mode: str) -> Compared:
    """The order comparisons a formula or rule makes (criteria strings such as ``"<20"`` and
    ``">="&5000`` included), the numbers it compares with, and all its number constants;
    set against ``mentions.comparison_words``/``comparison_thresholds``/``spelled_numbers``.
    Cached, since the repairs and the marks each ask it of every candidate: callers must not
    change the sets it returns."""
    out = Compared()
    if mode == "cf":
        try:
            rule = parse_rule(text)
        except (RuleError, ValueError, IndexError):
            return out
        stack = [rule]
        while stack:
            r = stack.pop()
            nums = {a.value for a in getattr(r, "args", []) if isinstance(a, RNum)}
            texts = {a.value for a in getattr(r, "args", []) if isinstance(a, RText)}
            out.cells |= {a.text for a in getattr(r, "args", []) if isinstance(a, RCell)}
            out.texts |= texts
            out.numbers |= nums
            if getattr(r, "name", None) in RULE_OPS:
                out.ops.add(RULE_OPS[r.name])
                out.thresholds |= nums
                out.text_thresholds |= texts
            elif getattr(r, "name", None) == "Equals":
                out.equals |= nums
            stack += r.children() if hasattr(r, "children") else []
        return out
    from cfdesk.formula.parser import Binary, Func, Number, Percent, String, Unary, parse, walk

    def value(n) -> float | None:
        sign = 1.0
        while isinstance(n, Unary):
            sign, n = (-sign if n.op == "-" else sign), n.operand
        if isinstance(n, Percent) and isinstance(n.operand, Number):
            return sign * n.operand.value / 100
        return sign * n.value if isinstance(n, Number) else None

    try:
        tree = parse(text)
    except (FormulaSyntaxError, ValueError, IndexError):
        return out
    for n in walk(tree):
        if isinstance(n, Number):
            out.numbers.add(n.value)
        elif isinstance(n, Percent) and isinstance(n.operand, Number):
            out.numbers.add(n.operand.value / 100)
        elif isinstance(n, Binary) and n.op in ("<", ">", "<=", ">="):
            out.ops.add(n.op)
            out.thresholds |= {v for v in (value(n.left), value(n.right)) if v is not None}
        elif isinstance(n, Binary) and n.op in ("*", "/"):
            out.factors |= {v for v in (value(n.left), value(n.right)) if v is not None}
        elif isinstance(n, Binary) and n.op == "=":
            out.equals |= {v for v in (value(n.left), value(n.right)) if v is not None}
        elif isinstance(n, Func):
            out.equals |= {value(n.args[j]) for _, j in criteria_pairs(n) if value(n.args[j]) is not None}
            if n.name == "PRODUCT":  # =PRODUCT(E2,1.5) multiplies too
                out.factors |= {v for v in map(value, n.args) if v is not None}
            if n.name == "IF":
                out.results |= {v for v in map(value, n.args[1:3]) if v is not None}
        elif isinstance(n, Binary) and n.op == "&" and isinstance(n.left, String):
            crit, v = criterion_parts(n.left.value) or (None, None)
            if crit and v is None and value(n.right) is not None:  # ">="&5000
                out.thresholds.add(value(n.right))
        elif isinstance(n, String):
            crit, v = criterion_parts(n.value) or (None, None)
            if crit:
                out.ops.add(crit)
                if v is not None:
                    out.thresholds.add(v)
                    out.numbers.add(v)
            else:
                out.texts.add(n.value)
    return out


def compares_otherwise(got: Compared, asked: set[str], limits: set[float]) -> bool:
    """Whether a candidate compares in none of the ways the request's words ask for (or
    counts one of its thresholds by equality, ``COUNTIF(D2:D9,20)`` for "fewer than 20")."""
    return bool(asked) and (not got.ops & asked if got.ops else bool(got.equals & limits))


def self_operation(formula: str) -> bool:
    """Whether the formula subtracts, divides or compares a reference with itself as a whole
    expression or argument (``=D2-D2``, ``IF(A2>A2, ...)``): a constant, never what a request
    asks for. Only operands that stand alone between ``=``/``(``/``,`` and ``)``/``,``/the end
    count, so ``D2-D2*10%`` (a discount) is not one; nor is ``A2-$A$2``, which fills down
    to the change since the first row. A range from a cell to itself (``SUM(D2:D2)``,
    ``TEXTJOIN(", ",TRUE,C4:C4)``) is one too: none of 40,000 generated training golds has
    one, while ``SUM($D$2:D2)``, a running total, keeps its anchor and is not. So is an IF
    with the same result either way, and a cell with a rate of itself (=F2*(1+F2); none of
    125,000 generated golds)."""
    from cfdesk.formula.lexer import Kind, tokenize

    try:
        toks = [t for t in tokenize(formula) if t.kind != Kind.WS]
    except FormulaSyntaxError:
        return False
    for t in toks:
        if t.kind == Kind.REF and "$" not in t.text and "!" not in t.text:
            a, _, b = t.text.partition(":")
            if b and a.upper() == b.upper() and any(ch.isdigit() for ch in a):
                return True
    for i in range(1, len(toks) - 2):
        a, op, b = toks[i], toks[i + 1], toks[i + 2]
        if not (a.kind == Kind.REF and b.kind == Kind.REF and op.kind == Kind.OP and op.text in _SELF_OPS
                and a.text == b.text):  # A2-$A$2 (change since the first row) is not one
            continue
        before = toks[i - 1]
        after = toks[i + 3] if i + 3 < len(toks) else None
        if ((before.kind in (Kind.OPEN, Kind.SEP, Kind.FUNC) or (i == 1 and before.text == "="))
                and (after is None or after.kind in (Kind.CLOSE, Kind.SEP))):
            return True
    return _same_results(formula) or bool(_RATE_OF_ITSELF.search(formula))


# a cell with a rate of itself put on or taken off (=F2*(1+F2)): the rate is another column
_RATE_OF_ITSELF = re.compile(r"(?<![A-Z$])(\$?[A-Z]{1,3}\$?\d+)\*\(1[+-]\1\)")


def _same_results(formula: str) -> bool:
    """Whether an IF returns the same thing either way (``IF(F3>E3,"Within","Within")``):
    its condition then decides nothing."""
    from cfdesk.formula.parser import Func, parse, to_text, walk

    try:
        tree = parse(formula)
    except (FormulaSyntaxError, ValueError, IndexError):
        return False
    return any(isinstance(n, Func) and n.name == "IF" and len(n.args) == 3
               and to_text(n.args[1]) == to_text(n.args[2]) for n in walk(tree))


# Labels the vocabulary writes without copying them (S: tokens): "Low", "OK", "Reorder"...
LABELS = [t for t in codec.COMMON_STRINGS if re.fullmatch(r"[A-Za-z][A-Za-z ]+", t)]


# two of the vocabulary's labels offered as the answers: "Yes or No", "Pass/Fail", "High, Low"
_WORD_LABELS = "|".join(re.escape(t) for t in sorted(LABELS, key=len, reverse=True) if len(t) > 2 or t == "No"
                        if t not in ("mmm yyyy", "mmmm", "dddd", "ddd", "mmm", "yyyy"))
LABEL_PAIR = re.compile(rf"(?<![A-Za-z])({_WORD_LABELS})\s*(?:,\s*)?(?:or|/)\s*({_WORD_LABELS})(?![A-Za-z])",
                         re.IGNORECASE)


# labels that are also comparison words: "over 6" in a request does not write the label "Over"
_COMPARISON_LABELS = {"over", "under", "above", "below"}


def foreign_text(text: str, low: str, request: str | None = None) -> bool:
    """A text of words that the (lower-cased) request does not write; given the ``request`` as
    written, also a capitalised comparison label ("Over") that it writes only in lower case, as
    its comparison ("if absences are over 6 show Warning")."""
    if request is not None and text.lower() in _COMPARISON_LABELS and text[:1].isupper() and \
            not re.search(rf"(?<![A-Za-z]){re.escape(text)}(?![A-Za-z])", request):
        return True
    return bool(re.search(r"[A-Za-z]{2}", text)) and not re.search(
        rf"(?<![a-z]){re.escape(text.lower())}(?![a-z])", low)


def named_labels(request: str) -> set[str]:
    """The vocabulary's labels a request writes, as written ("Low", not "low stock")."""
    return {t for t in LABELS if re.search(rf"(?<![A-Za-z]){re.escape(t)}(?![A-Za-z])", request)}


# The side of a rival pair (mentions.RIVALS) each function or rule takes.
SIDES = {"RIGHT": "right", "LEFT": "left", "COUNTA": "filled", "COUNTBLANK": "blank", "ISBLANK": "blank",
          "MAX": "high", "MAXIFS": "high", "LARGE": "high", "MIN": "low", "MINIFS": "low", "SMALL": "low",
          "UPPER": "upper", "LOWER": "lower", "ROUNDUP": "up", "CEILING": "up", "ROUNDDOWN": "down",
          "FLOOR": "down", "INT": "down", "TRUNC": "down", "Top": "high", "Bottom": "low", "AboveAverage": "above",
          "BelowAverage": "below", "Duplicate": "repeated", "Unique": "single", "Blanks": "blank",
          "NETWORKDAYS": "workdays", "WORKDAY": "workdays", "DAYS": "calendar", "PROPER": "title"}


def sides_taken(text: str) -> set[str]:
    """The rival-pair sides a candidate takes: =RIGHT(A2,5) -> {"right"}; NOT(Blanks()) is filled."""
    text = re.sub(r"\bNOT\(Blanks\(", "NOTBLANKS(", text)
    out = {SIDES[n] for n in re.findall(r"([A-Za-z]+)\(", text) if n in SIDES}
    return out | ({"filled"} if "NOTBLANKS(" in text else set())


def value_key(v: str | float) -> str:
    """A constant as the request and a candidate can both write it: 42000.0 and '42,000' -> '42000'."""
    if isinstance(v, float):
        return f"{v:g}" if abs(v) < 1e15 else str(v)
    t = v.strip().lower().replace(",", "") if re.fullmatch(r"-?[\d,]+(?:\.\d+)?", v.strip()) else v.strip().lower()
    try:
        return value_key(float(t)) if re.fullmatch(r"-?\d+(?:\.\d+)?", t) else t
    except ValueError:
        return t


def constants_of(got: Compared) -> set[str]:
    """A candidate's text and number constants, as ``value_key`` writes them."""
    return {value_key(t) for t in got.texts} | {value_key(n) for n in got.numbers}


def one_of_two(values: set[str], a: str, b: str) -> bool:
    """Whether ``values`` (``constants_of``) hold exactly one of two values the request names
    together (``mentions.value_pairs``): "Central" without "South"."""
    return (value_key(a) in values) != (value_key(b) in values)


VALUE_RULES = {"TextEquals", "TextContains", "TextStartsWith", "TextEndsWith", "Equals"}


@functools.lru_cache(maxsize=4096)
def one_rule(text: str) -> Any:
    """The rule a canonical rule text holds when it is a single rule of its own (no AND, OR,
    NOT or formula); None otherwise. Cached, since each repair and the column check ask it of
    every candidate: callers must not change the rule it returns."""
    from cfdesk.cf.rules import Rule

    try:
        r = parse_rule(text)
    except (RuleError, ValueError, IndexError):
        return None
    return r if isinstance(r, Rule) and not r.children() else None


def negated_rule(text: str) -> Any:
    """The single rule under a NOT (NOT(TextContains(c[6], 'London'))); None otherwise."""
    from cfdesk.cf.rules import Rule

    try:
        r = parse_rule(text)
    except (RuleError, ValueError, IndexError):
        return None
    if not (isinstance(r, Rule) and r.name == "NOT" and len(r.children()) == 1):
        return None
    inner = r.children()[0]
    return inner if isinstance(inner, Rule) and not inner.children() else None


ROUNDS = {"ROUND", "ROUNDUP", "ROUNDDOWN"}


@functools.lru_cache(maxsize=4096)
def self_product(text: str, mode: str) -> bool:
    """Whether a formula multiplies or adds a cell to itself (=F2*F2, =E3+E3, =PRODUCT(F2,F2),
    =SUM(E3,E3))."""
    from cfdesk.formula.parser import Binary, Func, Ref, parse, unparen, walk

    if mode != "formula":
        return False
    try:
        tree = parse(text)
    except (FormulaSyntaxError, ValueError, IndexError):
        return False

    def cells(args) -> list[str]:
        return [unparen(a).text.replace("$", "") for a in args if isinstance(unparen(a), Ref)]

    for n in walk(tree):
        if isinstance(n, Binary) and n.op in ("*", "+"):
            pair = cells([n.left, n.right])
            if len(pair) == 2 and pair[0] == pair[1]:
                return True
        elif isinstance(n, Func) and n.name in ("PRODUCT", "SUM") and len(n.args) >= 2:
            refs = cells(n.args)
            if len(refs) == len(n.args) and ":" not in "".join(refs) and len(set(refs)) < len(refs):
                return True
    return False


def digits_node(n) -> int | None:
    """The whole number a ROUND digits argument writes (2, -3), None for anything else."""
    from cfdesk.formula.parser import Number, Unary, unparen

    n, sign = unparen(n), 1
    if isinstance(n, Unary) and n.op == "-":
        n, sign = unparen(n.operand), -1
    return sign * int(n.value) if isinstance(n, Number) and n.value == int(n.value) else None


@functools.lru_cache(maxsize=4096)
def round_digits(text: str, mode: str) -> tuple[int, ...]:
    """The digits each ROUND, ROUNDUP and ROUNDDOWN of a formula rounds to (=ROUND(E3,-3): -3)."""
    from cfdesk.formula.parser import Func, parse, walk

    if mode != "formula":
        return ()
    try:
        tree = parse(text)
    except (FormulaSyntaxError, ValueError, IndexError):
        return ()
    return tuple(d for n in walk(tree) if isinstance(n, Func) and n.name in ROUNDS and len(n.args) == 2
                 for d in [digits_node(n.args[1])] if d is not None)


def column_read(*letters: str) -> re.Pattern:
    """A pattern for a formula's reading of any of the columns, on any row or down the table
    (E2, $E$5, E2:E51)."""
    return re.compile(rf"(?<![A-Z$])\$?(?:{'|'.join(letters)})\$?\d")


# a range reference in a formula's text (D2:D51, $C$2:C2, A:A)
# a formula's reading of today's date
READS_TODAY = re.compile(r"\b(?:TODAY|NOW)\(\)")
RANGE_REF = re.compile(r"\$?[A-Z]{1,3}\$?\d*:\$?[A-Z]{1,3}\$?\d*")


@functools.lru_cache(maxsize=4096)
def reads_a_row(formula: str) -> bool:
    """Whether a formula reads a cell, a range within one row or a range that ends on its own
    row, that moves as it is filled down (C2, D2:F2, $C$2:C2; not $C$2 or C2:C21): a result
    that differs from row to row. Of 1,598
    generated and hand-written formula requests that say "for each row" or "in every row",
    every gold does."""
    from cfdesk.formula.lexer import Kind, tokenize

    try:
        toks = tokenize(formula)
    except FormulaSyntaxError:
        return True  # nothing claimed about what does not parse
    for t in toks:
        if t.kind != Kind.REF or "!" in t.text:
            continue
        ends = [re.fullmatch(r"\$?[A-Za-z]{1,3}(\$?)(\d+)", x) for x in t.text.split(":")]
        if len(ends) > 2 or None in ends:
            continue  # a whole column (C:C) or a whole row
        (fixed_a, row_a), (fixed_b, row_b) = ends[0].groups(), ends[-1].groups()
        # the end moves with the row; the start is on the same row or fixed ($C$2:C2, a
        # running total)
        if not fixed_b and (fixed_a or row_a == row_b):
            return True
    return False


# a rate put on or taken off: (1+8%), (1-G6), (1-0.15)
RATE = re.compile(r"\(1([+-])(\$?[A-Z]{1,3}\$?\d+|\d+(?:\.\d+)?%|0?\.\d+)\)")


# a cell times a percentage and nothing else on either side (=D2*20%): the rate's amount alone
RATE_ALONE = re.compile(r"(?<![\w(+\-*/.$])(\$?[A-Z]{1,3}\$?\d+)\*(\d+(?:\.\d+)?%)(?![\w(*/^])")


def rate_alone(formula: str) -> bool:
    """Whether a formula takes a percentage of a cell on its own (=D2*20%), where a request
    that applies the rate ("amount including 20% VAT") wants D2*(1+20%)."""
    return bool(RATE_ALONE.search(formula))


def rate_signs(formula: str) -> set[str]:
    """The signs of the rates a formula applies: =F2*(1+15%) -> {"+"}."""
    return {m.group(1) for m in RATE.finditer(formula)}


# the two halves of "First Last": the text before the first space, and after it
NAME_FIRST = re.compile(r'LEFT\((\$?[A-Z]{1,3}\$?\d+),FIND\(" ",\1\)-1\)')
NAME_LAST = re.compile(r'MID\((\$?[A-Z]{1,3}\$?\d+),FIND\(" ",\1\)\+1,\d+\)'
                       r'|RIGHT\((\$?[A-Z]{1,3}\$?\d+),LEN\(\2\)-FIND\(" ",\2\)\)')


def name_parts(formula: str) -> set[str]:
    """Which half of a name a formula takes: =LEFT(B2,FIND(" ",B2)-1) -> {"first"}."""
    return ({"first"} if NAME_FIRST.search(formula) else set()) | ({"last"} if NAME_LAST.search(formula) else set())
