"""A catalogue of common one- and two-column formulas, offered where the request reads like
one of them.

The models write what their training taught them, so a request phrased unlike any training
template ("COST PRICE as an integer", "how spread out is Total") can get no candidate of the
right shape at all, and no ranking can then find it. Each entry here is a formula shape over
the columns the request names, described in words taken from Excel's function reference
(INT "rounds a number down to the nearest integer", STDEV "how widely values are dispersed
from the average"), not from our request templates. The request, with the columns it names
replaced by X and Y, is compared with each description under the frozen MiniLM sentence
encoder; the few closest shapes, filled in with the named columns, join the candidates. They
carry no model score of their own: the AR model rescores them, and the ranking, the marks and
the check on the sheet treat them as any other derived candidate.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from cfdesk import codec
from cfdesk.candidates import Candidate
from cfdesk.errors import CfdeskError, FormulaSyntaxError
from cfdesk.features import Prepared
from cfdesk.formula.typecheck import NUMERIC
from cfdesk.mentions import _LETTER, Mention, _norm
from cfdesk.workbook import SheetData


@dataclass(frozen=True)
class Entry:
    shape: str  # the formula, {a}/{b} a named column's cell on the target row, {A}/{B} its data range
    says: str  # what it computes, {a}/{b} where a column's name goes
    kinds: str  # one letter per column: n number, t text, d date
    # the request's one number ({n}, as written; N in ``says``): "" none, "n" a plain number,
    # "%" a percentage
    number: str = ""
    # the request's one sheet value ({v}, quoted; V in ``says``) and {V}, the data range of
    # the column that holds it
    value: bool = False


CATALOG: tuple[Entry, ...] = (
    # a number column, row by row
    Entry("=INT({a})", "{a} rounded down to the nearest integer", "n"),
    Entry("=ROUND({a},0)", "{a} rounded to the nearest whole number", "n"),
    Entry("=ROUNDUP({a},0)", "{a} rounded up, away from zero, to a whole number", "n"),
    Entry("=ABS({a})", "the absolute value of {a}, the number without its sign", "n"),
    Entry("=SIGN({a})", "the sign of {a}: 1 if it is positive, 0 if it is zero and -1 if it is negative", "n"),
    Entry("=SQRT({a})", "the positive square root of {a}", "n"),
    Entry("={a}^2", "{a} squared", "n"),
    Entry("={a}/SUM({A})", "{a} divided by the sum of all {a}: its share of the total", "n"),
    Entry("=RANK({a},{A})", "the rank of {a} in the list of all {a}: its size relative to the others", "n"),
    Entry("={a}-AVERAGE({A})", "{a} minus the average of all {a}", "n"),
    # a number column, the whole column
    Entry("=SUM({A})", "the sum of all {a}", "n"),
    Entry("=AVERAGE({A})", "the average (arithmetic mean) of {a}", "n"),
    Entry("=MEDIAN({A})", "the median of {a}: the number in the middle of the set", "n"),
    Entry("=MODE({A})", "the most frequently occurring value of {a}", "n"),
    Entry("=STDEV({A})", "the standard deviation of {a}: the spread of the values, how widely they are "
          "dispersed from the average", "n"),
    Entry("=VAR({A})", "the variance of {a}", "n"),
    Entry("=MAX({A})", "the largest value of {a}", "n"),
    Entry("=MIN({A})", "the smallest value of {a}", "n"),
    Entry("=MAX({A})-MIN({A})", "the largest {a} minus the smallest {a}", "n"),
    Entry("=COUNT({A})", "the number of cells of {a} that contain numbers", "n"),
    Entry("=COUNTBLANK({A})", "the number of empty cells of {a}", "n"),
    # a text column
    Entry("=LEN({a})", "the number of characters in {a}", "t"),
    Entry("=UPPER({a})", "{a} converted to uppercase", "t"),
    Entry("=LOWER({a})", "{a} converted to lowercase", "t"),
    Entry("=PROPER({a})", "{a} with the first letter of each word capitalised", "t"),
    Entry("=TRIM({a})", "{a} with all spaces removed except single spaces between words", "t"),
    Entry("=LEFT({a},1)", "the first character of {a}", "t"),
    Entry('=LEFT({a},FIND(" ",{a})-1)', "the first word of {a}, before the first space: a first name", "t"),
    Entry('=MID({a},FIND(" ",{a})+1,100)', "the rest of {a} after the first space: a last name", "t"),
    Entry('=IF(COUNTIF({A},{a})>1,"Duplicate","Unique")', "Duplicate where {a} occurs more than once in its "
          "column, Unique otherwise", "t"),
    Entry("=COUNTIF({A},{a})", "the number of times {a} occurs in its column", "t"),
    Entry("=COUNTA({A})", "the number of cells of {a} that are not empty", "t"),
    Entry("=SUMPRODUCT(1/COUNTIF({A},{A}))", "the number of unique values of {a}", "t"),
    # a date column
    Entry("=YEAR({a})", "the year of {a}", "d"),
    Entry("=MONTH({a})", "the month of {a}, a number from 1 (January) to 12 (December)", "d"),
    Entry("=DAY({a})", "the day of {a}: the day of the month, a number from 1 to 31", "d"),
    Entry("=WEEKDAY({a})", "the day of the week of {a}, a number from 1 (Sunday) to 7 (Saturday)", "d"),
    Entry('=TEXT({a},"dddd")', "the name of the day of the week of {a}", "d"),
    Entry('=TEXT({a},"mmmm")', "the name of the month of {a}", "d"),
    Entry('=IF(WEEKDAY({a},2)>5,"Weekend","Weekday")', "Weekend where {a} falls on a Saturday or Sunday, "
          "Weekday otherwise", "d"),
    Entry("=EOMONTH({a},0)", "the date of the last day of the month of {a}", "d"),
    Entry("=WEEKNUM({a})", "the week number of {a} in its year", "d"),
    Entry("=ROUNDUP(MONTH({a})/3,0)", "the quarter of the year of {a}", "d"),
    Entry("=MIN({A})", "the earliest of {a}", "d"),
    Entry("=MAX({A})", "the latest of {a}", "d"),
    # two number columns
    Entry("={a}+{b}", "{a} plus {b}", "nn"),
    Entry("={a}-{b}", "{a} minus {b}", "nn"),
    Entry("={a}*{b}", "{a} times {b}: the product of the two", "nn"),
    Entry("={a}/{b}", "{a} divided by {b}", "nn"),
    Entry("=ABS({a}-{b})", "the absolute value of {a} minus {b}: the size of their difference", "nn"),
    Entry("=SIGN({a}-{b})", "the sign of {a} minus {b}: 1 if {a} is larger, 0 if they are equal and -1 if "
          "it is smaller", "nn"),
    Entry("=({a}-{b})/{b}", "the percentage change from {b} to {a}: {a} minus {b}, divided by {b}", "nn"),
    Entry("=MAX({a},{b})", "the larger of {a} and {b}", "nn"),
    Entry("=MIN({a},{b})", "the smaller of {a} and {b}", "nn"),
    Entry("=AVERAGE({a},{b})", "the average of {a} and {b}", "nn"),
    Entry("=SUMPRODUCT({A},{B})", "the sum of {a} times {b} over all rows", "nn"),
    Entry("=CORREL({A},{B})", "the correlation coefficient of {a} and {b}", "nn"),
    # two date columns
    Entry("={b}-{a}", "the number of days from {a} to {b}", "dd"),
    Entry("=NETWORKDAYS({a},{b})", "the number of whole working days from {a} to {b}", "dd"),
    # two text columns
    Entry('={a}&" "&{b}', "{a} and {b} joined with a space between them", "tt"),
    # a column and the request's one number ("at 0.35 per km", "including 12% VAT")
    Entry("={a}*{n}", "{a} multiplied by N: N for each {a}, at a rate of N per {a}", "n", "n"),
    Entry("={a}/{n}", "{a} divided by N", "n", "n"),
    Entry("={a}*{n}", "{a} converted to another currency or unit at a rate of N", "n", "n"),
    Entry("={a}+{n}", "{a} plus N: N added to {a}", "n", "n"),
    Entry("={a}-{n}", "{a} minus N: N subtracted from {a}", "n", "n"),
    Entry("=ROUND({a},{n})", "{a} rounded to N decimal places", "n", "n"),
    Entry("={a}*{n}", "N percent of {a}", "n", "%"),
    Entry("={a}*(1+{n})", "{a} increased by N percent: {a} including N percent, with N percent added", "n", "%"),
    Entry("={a}*(1-{n})", "{a} reduced by N percent: {a} less N percent, after a discount of N percent",
          "n", "%"),
    Entry('=COUNTIF({A},">"&{n})', "the number of {a} greater than N", "n", "n"),
    Entry('=COUNTIF({A},"<"&{n})', "the number of {a} less than N", "n", "n"),
    Entry('=SUMIF({A},">"&{n})', "the sum of the {a} greater than N", "n", "n"),
    Entry("=LEFT({a},{n})", "the first N characters of {a}", "t", "n"),
    Entry("=RIGHT({a},{n})", "the last N characters of {a}", "t", "n"),
    Entry("={a}+{n}", "the date N days after {a}", "d", "n"),
    Entry("={a}-{n}", "the date N days before {a}", "d", "n"),
    Entry("=EDATE({a},{n})", "the date N months after {a}", "d", "n"),
    # a number column over the rows of one sheet value ("km driven by Pia Holm")
    Entry("=SUMIF({V},{v},{A})", "the total {a} for V", "n", value=True),
    Entry("=AVERAGEIF({V},{v},{A})", "the average {a} for V", "n", value=True),
    Entry("=MAXIFS({A},{V},{v})", "the largest {a} for V", "n", value=True),
    Entry("=MINIFS({A},{V},{v})", "the smallest {a} for V", "n", value=True),
    Entry("=COUNTIF({V},{v})", "the number of rows of V: how many times V occurs", "", value=True),
    # two number columns and the number ("0.35 per km plus toll")
    Entry("={a}*{n}+{b}", "{a} multiplied by N, plus {b}", "nn", "n"),
    Entry("={a}*{n}-{b}", "{a} multiplied by N, minus {b}", "nn", "n"),
)

KEEP = 3  # shapes offered per request
MIN_SIMILARITY = 0.4  # below it, no shape reads like the request (0.3 to 0.5 tie on the tuning files)


def _kind(col) -> str:
    if col.type in NUMERIC:
        return "n"
    return {"date": "d", "text": "t"}.get(col.type, "")


def _span(request: str, low: str, m: Mention, header: str) -> tuple[int, int]:
    """Where in the request mention ``m`` names its column: the letter phrase ("column F"),
    the header (with any plural ending), or the one word that named it."""
    if m.how == "letter":
        hit = _LETTER.match(request, m.start)
        if hit:
            return hit.start(), hit.end()
    if m.how == "header" and header:
        pat = r"[\s_\-]*".join(map(re.escape, _norm(header).split())) + r"(?:e?s)?\b"
        hit = re.compile(pat).match(low, m.start)
        if hit:
            return hit.start(), hit.end()
    hit = re.compile(r"[\w%#$]+").match(low, m.start)
    if not hit:
        return m.start, m.start
    # the header's other words beside the one that named it ("last service" of Last Service Date)
    words = set(_norm(header).split())
    a, b = hit.start(), hit.end()
    while (w := re.search(r"([\w%#$]+)[\s_\-]+$", low[:a])) and w.group(1) in words:
        a = w.start()
    while (w := re.compile(r"[\s_\-]+([\w%#$]+)").match(low, b)) and w.group(1) in words:
        b = w.end()
    return a, b


def the_number(prep: Prepared) -> tuple[str, str, str] | None:
    """(as a formula writes it, as the request writes it, "n" or "%") of the request's one
    number literal; None where it writes none or several."""
    nums = [lit for lit in prep.literals if lit.kind == "number"]
    if len(nums) != 1:
        return None
    lit = nums[0]
    return lit.text, lit.source, "%" if lit.text.endswith("%") else "n"


def the_value(prep: Prepared, sd: SheetData | None) -> tuple[str, str, int] | None:
    """(as the sheet holds it, as the request writes it, the table column that holds it) of
    the request's one text literal that exactly one table column holds; None otherwise."""
    from cfdesk.validate import columns_holding

    if sd is None:
        return None
    t = prep.context.table
    rows = range(t.first_row, min(t.last_row, t.first_row + 5000) + 1)
    # (one letter is as often a column's: "the top Math (column C) value")
    found = [(lit, cols) for lit in prep.literals if lit.kind == "text" and len(lit.text.strip()) > 1
             and (cols := columns_holding(sd, t.first_col, t.last_col, rows, lit.text.strip().lower()))]
    if len(found) != 1 or len(found[0][1]) != 1:
        return None
    lit, cols = found[0]
    return lit.text, lit.source, cols[0]


def masked(request: str, mentions: list[Mention], headers: dict[int, str],
           number: tuple[str, str, str] | None = None, value: tuple[str, str, int] | None = None) -> str:
    """The request with the first two columns it names replaced by X and Y, in order, its one
    number (``the_number``) by N ("N percent" for a percentage) and its one sheet value
    (``the_value``) by V: what the descriptions are written against, so that a column's name
    does not pull the comparison."""
    low = request.lower()
    spans = []
    for m, ph in zip(mentions, "XY"):
        a, b = _span(request, low, m, headers.get(m.col, ""))
        if b > a:
            spans.append((a, b, ph))
    # the number and the value where they are no part of a column's name ("column C")
    for said, ph in ((number and number[1], number and ("N percent" if number[2] == "%" else "N")),
                     (value and value[1], "V")):
        at = low.find(said.lower()) if said else -1
        if at >= 0 and all(at + len(said) <= a or at >= b for a, b, _ in spans):
            spans.append((at, at + len(said), ph))
    out = request
    for a, b, ph in sorted(spans, reverse=True):
        if all(b <= a2 or a >= b2 for a2, b2, _ in spans if (a2, b2) != (a, b)):
            out = out[:a] + ph + out[b:]
    # "X x Y": the multiplication sign in words, not a third placeholder
    return re.sub(r"(?<=\S) +[x×*] +(?=\S)", " times ", out)


class _Embedded:
    """The descriptions' sentence embeddings, computed once per encoder."""

    _lock = threading.Lock()
    _cache: dict[int, dict[str, object]] = {}

    @classmethod
    def of(cls, encoder, device, texts: list[str]):
        import torch

        with cls._lock:
            known = cls._cache.setdefault(id(encoder), {})
            todo = [t for t in dict.fromkeys(texts) if t not in known]
            if todo:
                for t, v in zip(todo, encoder.sentence_embeddings(todo, device)):
                    known[t] = v
            return torch.stack([known[t] for t in texts])


def offered(request: str, prep: Prepared, mentions: list[Mention],
            value: tuple[str, str, int] | None = None) -> list[tuple[int, str, str]]:
    """(entry, formula, description with X and Y) for every way a catalogue shape fits the
    columns the request names: a one-column shape on either of the first two named columns, a
    two-column shape on both, in either order; given the request's one sheet value
    (``the_value``), the shapes over its rows too."""
    cols = {c.index: c for c in prep.context.columns}
    t = prep.context.table
    named = [m.col for m in mentions if m.col in cols and _kind(cols[m.col])][:2]
    row = prep.frame.target_row

    def cell(k: int) -> str:
        return f"{get_column_letter(k)}{row}"

    def area(k: int) -> str:
        letter = get_column_letter(k)
        return f"{letter}{t.first_row}:{letter}{t.last_row}"

    number = the_number(prep)
    out = []
    for i, e in enumerate(CATALOG):
        if e.number and (number is None or number[2] != e.number) or e.value and value is None:
            continue
        if not e.kinds:
            pairs = [(None, None, "X")]
        elif len(e.kinds) == 1:
            pairs = [(k, None, ph) for k, ph in zip(named, "XY") if _kind(cols[k]) == e.kinds]
        else:
            pairs = [(a, b, phs) for (a, b), phs in (((named[0], named[1]), "XY"), ((named[1], named[0]), "YX"))
                     if _kind(cols[a]) == e.kinds[0] and _kind(cols[b]) == e.kinds[1]] if len(named) == 2 else []
        for a, b, ph in pairs:
            fill = {"n": number[0] if number else ""}
            if a is not None:
                fill |= {"a": cell(a), "A": area(a)}
            if value is not None:
                fill |= {"v": '"{}"'.format(value[0].replace('"', '""')), "V": area(value[2])}
            if b is not None:
                fill |= {"b": cell(b), "B": area(b)}
            out.append((i, e.shape.format(**fill), e.says.format(a=ph[0], b=ph[-1])))
    return out


def owners(request: str, prep: Prepared) -> list[Mention]:
    """The text columns the request names only as an owner ("student's surname" of a Student
    column). ``mentions.column_mentions`` leaves them out, since in "the youngest member's age"
    the owner names the rows and Age the column; with no other column named, the owner is
    the column a shape reads."""
    low = request.lower().replace("_", " ")
    t = prep.context.table
    out = []
    for c in prep.context.columns:
        h = _norm(c.header or "")
        hit = re.search(rf"\b{re.escape(h)}['’]s\b", low) if h and c.type == "text" else None
        if hit and t.first_col <= c.index <= t.last_col:
            out.append(Mention(c.index, hit.start(), "header"))
    return out if len(out) == 1 else []


def catalog_candidates(model, request: str, prep: Prepared, mentions: list[Mention],
                       known: dict[str, Candidate], sd: SheetData | None = None) -> list[Candidate]:
    """The ``KEEP`` catalogue shapes whose descriptions the masked request reads most like
    (cosine at least ``MIN_SIMILARITY``), each with that cosine as its ``catalog``: the ones no
    candidate has yet as new derived candidates with no engine score (returned), the others
    marked on the candidate in ``known``. ``model`` is anything with the frozen encoder
    (``model.net.encoder``)."""
    if prep.mode != "formula":
        return []
    mentions = mentions or owners(request, prep)
    value = the_value(prep, sd)
    if value is not None:  # the value's own column is the criterion's, not a measure's
        mentions = [m for m in mentions if m.col != value[2]]
    shapes = offered(request, prep, mentions, value)
    if not shapes:
        return []
    enc = model.net.encoder
    said = masked(request, mentions, prep.context.table.headers, the_number(prep), value)
    q = enc.sentence_embeddings([said], model.device)[0]
    sims = (_Embedded.of(enc, model.device, [s for *_, s in shapes]) @ q).tolist()
    # one reading per shape, the closest: its two orders (or two columns) are rivals, and
    # marking both would lift the wrong one as much as the right
    best: dict[int, tuple[float, str]] = {}
    for sim, (i, text, _) in zip(sims, shapes):
        if i not in best or sim > best[i][0]:
            best[i] = (sim, text)
    # and one place per formula: two descriptions of one shape ("multiplied by N", "converted
    # at a rate of N") offer it once, at the closer
    closest: dict[str, float] = {}
    for sim, text in best.values():
        closest[text] = max(sim, closest.get(text, sim))
    # no model score of its own: the lowest of the others, where one is shown
    floor = min((c.model_score for c in known.values()), default=0.0)
    out: list[Candidate] = []
    out_known = 0
    for text, sim in sorted(closest.items(), key=lambda p: -p[1]):
        if len(out) + out_known == KEEP or sim < MIN_SIMILARITY:
            break
        if text in known:  # a model drew it too: it reads like the request all the same
            known[text].catalog = max(known[text].catalog, sim)
            out_known += 1
            continue
        try:
            ids = codec.ids(codec.encode_formula(text, prep.frame, prep.literals))
        except (CfdeskError, FormulaSyntaxError, ValueError, KeyError):
            continue
        c = Candidate(text, "formula", floor, floor, False, count=0, derived=True,
                      columns=codec.columns_of(ids, "formula"), ids=ids)
        c.catalog = sim
        known[text] = c
        out.append(c)
    return out
