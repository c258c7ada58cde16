"""Checks of a candidate on the workbook itself: a formula evaluated at the target and filled
down, a rule applied to its range; type clashes with the sheet's columns, criteria no cell
holds, empty cells read outside the table, a text rule on a column that never holds its text.
Sheet scans are remembered per request in ``Prepared.sheet_scans``."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from cfdesk.candidates import Candidate, negated_rule, one_rule, self_operation
from cfdesk.errors import CfdeskError, FormulaSyntaxError, RuleError
from cfdesk.features import Prepared
from cfdesk.formula.typecheck import criteria_pairs, type_clash
from cfdesk.workbook import SheetData

_ERROR_WORDS = re.compile(r"#N/A|#DIV|#VALUE|\berrors?\b|iferror|iserror", re.I)


def validate_formula(c: Candidate, sd: SheetData, prep: Prepared, others, request: str,
                      rows: int, column_type: Callable[[str], str | None]) -> None:
    from cfdesk.formula.evaluate import fill_down
    from cfdesk.formula.explain import explain
    from cfdesk.workbook import parse_a1

    row, col = parse_a1(prep.target)
    res = fill_down(c.text, sd, row, col, rows, others=others,
                    timeout=1.0)
    first = res[0]
    c.kind, c.value = first.kind, first.value
    c.preview = [{"cell": r.cell, "value": r.value if r.kind in ("value", "error") else None,
                  "kind": r.kind} for r in res]
    if first.kind == "syntax":
        c.valid, c.reason = False, f"syntax error: {first.message}"
    elif first.kind in ("unsupported", "timeout"):
        c.valid, c.reason = False, first.message
    elif first.kind == "error" and (first.value in ("#NAME?", "#CIRCULAR!", "#REF!")
                                    or not _ERROR_WORDS.search(request)):
        c.valid, c.reason = False, f"{first.value}: {first.message}"
    else:
        c.valid = True
    c.trivial = self_operation(c.text)
    c.clash = (type_clash(c.text, column_type) or criterion_miss(c.text, sd, prep) or empty_read(c.text, sd, prep)
               or no_blanks(c.text, sd, prep))
    try:
        c.explanation = explain(c.text)
    except FormulaSyntaxError:
        c.explanation = ""


_COUNTBLANK = re.compile(r"\bCOUNTBLANK\(\$?([A-Z]{1,3})\$?(\d+):\$?\1\$?(\d+)\)")


def no_blanks(formula: str, sd: SheetData, prep: Prepared) -> str:
    """In words, a COUNTBLANK of a TRUE/FALSE column with no blank cell in the table ("how many
    expenses are not reimbursed" answered with =COUNTBLANK(E2:E61)): always 0, the count of
    FALSE was meant; "" otherwise."""
    from openpyxl.utils import column_index_from_string

    types = {c.letter: c.type for c in prep.context.columns}
    t = prep.context.table
    for m in _COUNTBLANK.finditer(formula):
        if types.get(m.group(1)) != "boolean":
            continue
        col = column_index_from_string(m.group(1))
        rows = range(max(int(m.group(2)), t.first_row), min(int(m.group(3)), t.last_row) + 1)
        if rows and all(sd.values.get((r, col)) is not None for r in rows):
            return "counts the blanks of a TRUE/FALSE column that has none"
    return ""


def empty_read(formula: str, sd: SheetData, prep: Prepared) -> str:
    """In words, the first single cell the formula reads that is empty and outside the table's
    data rows (=B23/4 in a total row under the table); "" where there is none. The models
    write the target's own row when they miss the range, and such a formula computes from
    nothing."""
    from openpyxl.utils import column_index_from_string

    from cfdesk.formula.parser import Ref, parse, walk

    try:
        tree = parse(formula)
    except (FormulaSyntaxError, ValueError, IndexError):
        return ""
    t = prep.context.table
    for n in walk(tree):
        m = re.fullmatch(r"([A-Za-z]{1,3})(\d{1,7})", n.text.replace("$", "")) if isinstance(n, Ref) else None
        if m is None or int(m.group(2)) < 1:
            continue
        row, col = int(m.group(2)), column_index_from_string(m.group(1).upper())
        if not t.first_row <= row <= t.last_row and sd.values.get((row, col)) is None and (row, col) not in sd.formulas:
            return f"reads {n.text.replace('$', '')}, an empty cell outside the table"
    return ""


def criterion_miss(formula: str, sd: SheetData, prep: Prepared) -> str:
    """In words, a COUNTIF-style text criterion that no cell of its range holds while another
    column of the table does (``COUNTIF(B2:B121,"Office")`` where Office is a Category, not an
    Item); "" otherwise. Valid Excel that counts nothing, seldom meant."""
    for _, crit, other, _ in missed_criteria(formula, sd, prep):
        header = prep.context.table.headers.get(other, "")
        return f'looks for "{crit}" where no cell holds it; {header or "another column"} does'
    return ""


def missed_criteria(formula: str, sd: SheetData, prep: Prepared) -> list[tuple[str, str, int, bool]]:
    """(range, criterion, first other column holding it, whether it is the only one) for each
    text criterion of ``formula`` that no cell of its range holds; remembered per request in
    ``prep`` (``sd`` is the sheet it was prepared from)."""
    return scanned(prep, "criteria", formula, lambda: _find_missed_criteria(formula, sd, prep))


def scanned(prep: Prepared, scan: str, text: str, run: Callable[[], Any]) -> Any:
    """``run()``'s answer for this text (a candidate's, or the request's), remembered in
    ``prep.sheet_scans``."""
    key = (scan, text)
    if key not in prep.sheet_scans:
        prep.sheet_scans[key] = run()
    return prep.sheet_scans[key]


def holds_text(sd: SheetData, col: int, rows: range, want: str) -> bool:
    """Whether a cell of column ``col`` on ``rows`` reads ``want`` (lower-cased, trimmed)."""
    return any(str(sd.values.get((r, col), "")).strip().lower() == want for r in rows)


def columns_holding(sd: SheetData, first: int, last: int, rows: range, want: str) -> list[int]:
    """The columns from ``first`` to ``last`` with a cell on ``rows`` that reads ``want``
    (lower-cased, trimmed)."""
    return [col for col in range(first, last + 1) if holds_text(sd, col, rows, want)]


def _find_missed_criteria(formula: str, sd: SheetData, prep: Prepared) -> list[tuple[str, str, int, bool]]:
    from cfdesk.formula.parser import Func, Ref, String, parse, unparen, walk
    from cfdesk.workbook import parse_range

    try:
        tree = parse(formula)
    except (FormulaSyntaxError, ValueError, IndexError):
        return []
    t = prep.context.table
    out = []
    for f in walk(tree):
        if not isinstance(f, Func):
            continue
        for i, j in criteria_pairs(f):
            rng, crit = unparen(f.args[i]), unparen(f.args[j])
            if not (isinstance(rng, Ref) and isinstance(crit, String)) or "!" in rng.text:
                continue
            want = crit.value.strip().lower()
            if not want or re.search(r"[*?~<>=]", want):
                continue
            try:
                r1, c1, r2, c2 = parse_range(rng.text.replace("$", "") if ":" in rng.text else
                                             f"{rng.text}:{rng.text}".replace("$", ""))
            except CfdeskError:
                continue
            rows = range(max(r1, t.first_row), min(r2, t.last_row, t.first_row + 5000) + 1)
            if not any(holds_text(sd, col, rows, want) for col in range(c1, c2 + 1)):
                others = [col for col in range(t.first_col, t.last_col + 1)
                          if not c1 <= col <= c2 and holds_text(sd, col, rows, want)]
                if others:
                    out.append((rng.text, crit.value, others[0], len(others) == 1 and c1 == c2))
    return out


_SCALES = {"ColorScale", "DataBar", "IconSet"}  # rules that shade every cell by design


def column_types(prep: Prepared) -> Callable[[str], str | None]:
    """The type of the table column a reference reads (a cell on a data row, or a range
    within one column), for formula.typecheck; "date" for a span of one row across columns
    that takes in a date column (AVERAGE(A2:E2) of an Opened date); None for anything else."""
    from openpyxl.utils import column_index_from_string

    table = prep.context.table
    types = {c.index: c.type for c in prep.context.columns}

    def column_type(ref: str) -> str | None:
        if "!" in ref:
            return None
        letters, rows = [], set()
        for part in ref.replace("$", "").upper().split(":"):
            m = re.fullmatch(r"([A-Z]{1,3})(\d+)", part)
            if not m or not table.first_row <= int(m.group(2)) <= table.last_row:
                return None
            letters.append(m.group(1))
            rows.add(m.group(2))
        cols = [column_index_from_string(x) for x in letters]
        a, b = min(cols), max(cols)
        if a == b:
            return types.get(a)
        return "date" if len(rows) == 1 and any(types.get(k) == "date" for k in range(a, b + 1)) else None

    return column_type


def validate_rule(c: Candidate, sd: SheetData, prep: Prepared, request: str | None = None) -> None:
    """Applies the rule to its range: its rows, whether it highlights nothing or every filled
    row, its explanation, and as a clash a text no cell of its column holds while one other
    column does, or (given the ``request``) one neither the request writes nor any cell of
    the range holds."""
    from cfdesk.cf.explain import explain_rule
    from cfdesk.cf.interpret import apply_rule

    try:
        m = apply_rule(c.text, sd, prep.target)
    except RuleError as e:
        c.valid, c.reason = False, str(e)
        return
    c.kind, c.rows, c.valid = "rule", m.rows, True
    c.empty = not m.cells
    miss = rule_column_miss(c.text, sd, prep)
    if miss is not None:
        names = prep.context.table.headers
        c.clash = f'looks for "{miss[2]}" where no cell holds it; {names.get(miss[1]) or "another column"} does'
    elif request is not None and (unheard := unheard_text(c.text, sd, prep, request)) is not None:
        c.clash = f'looks for "{unheard}", which neither the request nor any cell of the range holds'
    r1, c1, r2, c2 = m.range
    if not c.clash and numbers_unheld(c.text, sd, m.column, range(r1, min(r2, r1 + 5000) + 1)):
        name = prep.context.table.headers.get(m.column) or "its column"
        c.clash = f"compares numbers in {name}, which holds none"
    c.value = len(m.rows)
    filled = sum(sd.get(r, m.column) not in (None, "") for r in range(r1, r2 + 1))
    c.full = (bool(m.rows) and len(m.rows) >= filled and _SCALES.isdisjoint(re.findall(r"[A-Za-z]+", c.text)))
    headers = prep.context.table.headers
    c.explanation = explain_rule(c.text, [headers.get(col, "") for col in range(c1, c2 + 1)])


# rules that rank or compare a column's numbers (with a number, or none: averages, top n);
# not the colour scales, bars and icons, which the paper's real requests put on ranges of text
_NUMBER_RULES = {"GreaterThan", "GreaterThanEqual", "LessThan", "LessThanEqual", "Between", "NotBetween",
                 "AboveAverage", "BelowAverage", "Top", "Bottom"}


def numbers_unheld(text: str, sd: SheetData, col: int, rows: range) -> bool:
    """Whether a rule (or the NOT of one) ranks or compares numbers in a column ``col`` of
    which no cell on ``rows`` holds a number, or a text that reads as one
    (BelowAverage(c[6]) for "repairs not under warranty" on a Y/N column): it highlights
    nothing, or everything, whatever the data."""
    from cfdesk.cf.rules import Text

    r = one_rule(text) or negated_rule(text)
    if r is None or r.name not in _NUMBER_RULES or any(isinstance(a, Text) for a in r.args):
        return False

    def number(v: object) -> bool:
        if isinstance(v, bool):
            return False
        if isinstance(v, (int, float)):
            return True
        try:
            float(str(v).replace(",", "").strip().rstrip("%"))
            return True
        except ValueError:
            return False

    return not any(number(v) for row in rows if (v := sd.values.get((row, col))) is not None)


def unheard_text(text: str, sd: SheetData, prep: Prepared, request: str) -> str | None:
    """The first text a rule tests (wildcards aside) that neither the request writes nor any
    cell of its range holds, as the interpreter displays it: NOT(TextContains(c[4], 'Weekend'))
    for "trips that are not approved". None otherwise. One of 25,143 CF golds (the paper's real
    requests, the generated training, dev and test ones, the natural sets) has one: "Apply
    conditional formatting to cell C17 to C24" answered with TextContains(No) on a range that
    holds no No."""
    from cfdesk.cf.interpret import _text
    from cfdesk.cf.rules import Rule, Text, parse_rule

    try:
        rule = parse_rule(text)
    except RuleError:
        return None
    texts: list[str] = []

    def walk(r) -> None:
        for a in getattr(r, "args", []):
            if isinstance(a, Text):
                texts.append(a.value)
            elif isinstance(a, Rule):
                walk(a)

    walk(rule)
    low = request.lower()
    # a word of the request, not a part of one ("no" in "not approved")
    wanted = [(t, w) for t in texts if (w := re.sub(r"[*?~]", "", t).strip().lower())
              and not re.search(rf"(?<!\w){re.escape(w)}(?!\w)", low)]
    if not wanted:
        return None

    def held() -> list[str]:
        span = range_span(prep)
        if span is None:
            return []
        c1, c2, rows = span
        return [_text(v).lower() for col in range(c1, c2 + 1) for r in rows
                if (v := sd.values.get((r, col))) is not None]

    cells = scanned(prep, "range display texts", "", held)
    return next((t for t, w in wanted if not any(w in x for x in cells)), None)


def range_span(prep: Prepared) -> tuple[int, int, range] | None:
    """(first column, last column, rows: at most 5,001) of the range ``prep.target`` names (a
    rule's range); None where it names none."""
    from cfdesk.workbook import parse_range

    try:
        r1, c1, r2, c2 = parse_range(prep.target.replace("$", ""))
    except CfdeskError:
        return None
    return c1, c2, range(r1, min(r2, r1 + 5000) + 1)


_TEXT_MATCH = {"TextEquals": lambda s, t: s == t, "TextContains": lambda s, t: t in s,
               "TextStartsWith": lambda s, t: s.startswith(t), "TextEndsWith": lambda s, t: s.endswith(t)}


def rule_column_miss(text: str, sd: SheetData, prep: Prepared) -> tuple[int, int, str] | None:
    """(its column, the one other column that holds it, the text) for a single text rule (or
    the NOT of one) whose text no cell of its column matches while exactly one other column of the range does
    (TextContains(c[0], 'Gus Miller') on the Order Date column of a Sales Rep's name); None
    otherwise. Columns are sheet indices. The rule language's own test for each rule, as the
    interpreter applies it (case-insensitive, on the displayed text). Remembered per request in
    ``prep`` (``sd`` is the sheet it was prepared from)."""
    return scanned(prep, "rule column", text, lambda: _find_rule_column_miss(text, sd, prep))


def _find_rule_column_miss(text: str, sd: SheetData, prep: Prepared) -> tuple[int, int, str] | None:
    from cfdesk.cf.interpret import _text, default_column
    from cfdesk.cf.rules import Text
    from cfdesk.workbook import parse_range

    r = one_rule(text) or negated_rule(text)  # NOT(...) of one misses as its rule does
    if r is None or r.name not in _TEXT_MATCH or not r.args or not isinstance(r.args[0], Text):
        return None
    want = r.args[0].value.strip().lower()
    if not want:
        return None
    try:
        rng = parse_range(prep.target.replace("$", ""))
    except CfdeskError:
        return None
    r1, c1, r2, c2 = rng
    col = default_column(sd, rng) if r.column is None else c1 + r.column
    rows = range(r1, min(r2, r1 + 5000) + 1)
    match = _TEXT_MATCH[r.name]

    def holds(k: int) -> bool:
        return any(match(_text(sd.get(row, k)).strip().lower(), want) for row in rows)

    if col > c2 or holds(col):
        return None
    others = [k for k in range(c1, c2 + 1) if k != col and holds(k)]
    return (col, others[0], r.args[0].value) if len(others) == 1 else None
