"""Applying a rule to a range: which cells and which rows it highlights.

Semantics follow Excel's conditional formatting:
- cell-value comparisons (GreaterThan, Between, ...) compare as Excel does: an empty cell
  counts as 0, text and booleans sort above every number (so "greater than 5" marks a text
  cell), errors never match;
- text rules compare case-insensitively, on the cell's displayed text;
- Top/Bottom take the n largest/smallest numbers, ties included; by percent, the count is
  floor(count * p / 100), at least 1;
- Above/BelowAverage compare with the mean of the numbers in the column;
- Duplicate/Unique compare case-insensitively, blanks excluded;
- ColorScale/DataBar/IconSet mark every numeric cell (they shade rather than highlight);
- AND/OR/NOT combine the cell masks of their parts.

A rule names its column with c[i] (0-based within the range). Without one it applies to the
range's value column: the first column that is not a row index.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from openpyxl.utils import column_index_from_string

from cfdesk.cf.rules import (
    DATE_PERIODS,
    VISUAL,
    AnyRule,
    Cell,
    FormulaRule,
    Num,
    Rule,
    Text,
    parse_rule,
    tested_columns,
)
from cfdesk.errors import RuleError, SheetError
from cfdesk.workbook import SheetData, a1, parse_range

ERRORS = ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!")


@dataclass
class Match:
    range: tuple[int, int, int, int]  # r1, c1, r2, c2
    column: int  # sheet column the rule applied to
    cells: list[str]  # A1 addresses highlighted
    rows: list[int]  # 1-based sheet rows with a highlighted cell

    def labels(self) -> list[int]:
        """One 0/1 per row of the range, as in the benchmark's expected.row_labels."""
        r1, _, r2, _ = self.range
        hit = set(self.rows)
        return [1 if r in hit else 0 for r in range(r1, r2 + 1)]


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and not (
        isinstance(v, float) and math.isnan(v))


def _num(v: object) -> float | None:
    if _is_number(v):
        return float(v)
    if isinstance(v, (dt.datetime, dt.date)):
        from cfdesk.workbook import to_serial

        return float(to_serial(v))
    return None


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(" ")
    return str(v)


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and v.strip() == "")


def _is_error(v: object) -> bool:
    return isinstance(v, str) and v.strip().upper() in ERRORS


def _is_index_column(sd: SheetData, rng: tuple[int, int, int, int], c: int) -> bool:
    """A row-number column ("Index", or 0, 1, 2, ... down the rows) is not a value column."""
    r1, _, r2, _ = rng
    header = sd.get(r1 - 1, c) if r1 > 1 else None
    if isinstance(header, str) and header.strip().lower() in ("index", "#", "no", "no.", "row", "idx"):
        return True
    vals = [sd.get(r, c) for r in range(r1, r2 + 1)]
    if len(vals) < 2 or not all(_is_number(v) and float(v).is_integer() for v in vals):
        return False
    return all(b - a == 1 for a, b in zip(vals, vals[1:])) and vals[0] in (0, 1)


def default_column(sd: SheetData, rng: tuple[int, int, int, int]) -> int:
    """The column a rule without c[i] applies to: the range's value column.

    That is its first column, unless that is a row index (a header "Index", or 0, 1, 2, ...)
    beside other columns: then the next one.
    """
    _, c1, _, c2 = rng
    if c2 > c1 and _is_index_column(sd, rng, c1):
        return c1 + 1
    return c1


def _compare(rule: Rule, vals: list[object], mode: str = "excel") -> list[bool]:
    arg = rule.args[0]
    name = rule.name
    if isinstance(arg, Text):  # Equals('Done'): a text comparison, case-insensitive
        t = arg.value.lower()
        ops = {"Equals": lambda s: s == t, "NotEquals": lambda s: s != t,
               "GreaterThan": lambda s: s > t, "LessThan": lambda s: s < t,
               "GreaterThanEqual": lambda s: s >= t, "LessThanEqual": lambda s: s <= t}
        return [isinstance(v, str) and not _blank(v) and ops[name](v.lower())
                if name != "NotEquals" else not _blank(v) and _text(v).lower() != t
                for v in vals]
    x = arg.value
    ops = {"Equals": lambda a: a == x, "NotEquals": lambda a: a != x,
           "GreaterThan": lambda a: a > x, "LessThan": lambda a: a < x,
           "GreaterThanEqual": lambda a: a >= x, "LessThanEqual": lambda a: a <= x}
    out = []
    for v in vals:
        if _is_error(v):
            out.append(False)
            continue
        if mode == "labels" and _num(v) is None:  # the generator compared numbers only
            out.append(False)
            continue
        if v is None:  # Excel compares an empty cell as 0
            out.append(ops[name](0.0))
            continue
        n = _num(v)
        if n is None:  # text and booleans sort above every number in Excel's comparisons
            out.append(name in ("GreaterThan", "GreaterThanEqual", "NotEquals"))
        else:
            out.append(ops[name](n))
    return out


def _cell_value(a: Cell, sd: SheetData, rng, row: int, name: str) -> Num | Text:
    """The value a Cell argument stands for on ``row``: its row moves with the range's rows
    unless fixed with ``$`` ($E13 is E13 on the range's first row, E14 on the next), as in
    Excel. An empty cell is 0 to a comparison and "" to a text rule."""
    m = re.fullmatch(r"(\$?)([A-Z]{1,3})(\$?)(\d+)", a.text)
    r = int(m.group(4)) + (0 if m.group(3) else row - rng[0])
    v = sd.get(r, column_index_from_string(m.group(2)))
    if name.startswith("Text"):
        return Text(_text(v))
    n = 0.0 if v is None else _num(v)
    return Num(repr(n)) if n is not None else Text(_text(v))


def _cell_mask(rule: AnyRule, sd: SheetData, rng, col: int, rows: list[int], today: dt.date,
               mode: str = "excel") -> list[bool]:
    if isinstance(rule, FormulaRule):
        return _formula_mask(rule, sd, rng, col, rows)
    if rule.column is not None:
        c = rng[1] + rule.column
        if c > rng[3]:
            width = rng[3] - rng[1] + 1
            raise RuleError(f"column c[{rule.column}] is outside the range, which has {width} "
                            f"column{'s' if width != 1 else ''} (c[0] to c[{width - 1}])")
        col = c
    if any(isinstance(a, Cell) for a in rule.args):
        if mode == "labels":  # the benchmark's labels read $B$6 as the text "$B$6" (none match)
            return _cell_mask(Rule(rule.name, rule.column, [Text(a.text) if isinstance(a, Cell) else a
                                                            for a in rule.args], rule.percent),
                              sd, rng, col, rows, today, mode)
        # each row compares with its cell's value
        return [_cell_mask(Rule(rule.name, rule.column, [_cell_value(a, sd, rng, r, rule.name)
                                                         if isinstance(a, Cell) else a for a in rule.args],
                                rule.percent), sd, rng, col, [r], today, mode)[0] for r in rows]
    vals = [sd.get(r, col) for r in rows]
    name = rule.name
    if name in ("AND", "OR"):
        masks = [_cell_mask(sub, sd, rng, col, rows, today, mode) for sub in rule.args]
        combine = all if name == "AND" else any
        return [combine(ms) for ms in zip(*masks)]
    if name == "NOT":
        return [not m for m in _cell_mask(rule.args[0], sd, rng, col, rows, today, mode)]
    if name in ("GreaterThan", "LessThan", "GreaterThanEqual", "LessThanEqual", "Equals",
                "NotEquals"):
        return _compare(rule, vals, mode)
    if name in ("Between", "NotBetween"):
        lo, hi = sorted(a.value for a in rule.args)
        # An empty cell is 0 to Excel; text is above every number, so never between two.
        inside = [(n := (0.0 if v is None and mode == "excel" else _num(v))) is not None
                  and lo <= n <= hi for v in vals]
        if name == "Between":
            return inside
        return [not _is_error(v) and not i for v, i in zip(vals, inside)]
    if name.startswith("Text"):
        t = rule.args[0].value.lower()
        texts = [_text(v).lower() for v in vals]
        if name == "TextEquals":
            return [s == t and not _blank(v) for s, v in zip(texts, vals)]
        if name == "TextContains":
            return [t in s and not _blank(v) for s, v in zip(texts, vals)]
        if name == "TextNotContains":
            return [t not in s for s in texts]
        if name == "TextStartsWith":
            return [s.startswith(t) and not _blank(v) for s, v in zip(texts, vals)]
        if name == "TextEndsWith":
            return [s.endswith(t) and not _blank(v) for s, v in zip(texts, vals)]
    if name in ("Top", "Bottom"):
        nums = sorted((n for v in vals if (n := _num(v)) is not None),
                      reverse=name == "Top" or mode == "labels")
        if not nums:
            return [False] * len(vals)
        k = rule.args[0].value
        count = max(1, math.floor(len(nums) * k / 100)) if rule.percent else int(k)
        cut = nums[min(count, len(nums)) - 1]
        if name == "Top":
            return [(n := _num(v)) is not None and n >= cut for v in vals]
        return [(n := _num(v)) is not None and n <= cut for v in vals]
    if name in ("AboveAverage", "BelowAverage"):
        nums = [n for v in vals if (n := _num(v)) is not None]
        if not nums:
            return [False] * len(vals)
        mean = sum(nums) / len(nums)
        if name == "AboveAverage":
            return [(n := _num(v)) is not None and n > mean for v in vals]
        return [(n := _num(v)) is not None and n < mean for v in vals]
    if name in ("Duplicate", "Unique"):
        keys = [None if _blank(v) else _text(v).lower() for v in vals]
        counts: dict[str, int] = {}
        for k in keys:
            if k is not None:
                counts[k] = counts.get(k, 0) + 1
        want_dup = name == "Duplicate"
        if mode == "labels" and want_dup:  # the generator marked first occurrences
            seen: set[str] = set()
            out = []
            for k in keys:
                out.append(k is not None and k not in seen)
                if k is not None:
                    seen.add(k)
            return out
        return [k is not None and (counts[k] > 1) == want_dup for k in keys]
    if name == "Blanks":
        return [_blank(v) for v in vals]
    if name == "NoBlanks":
        return [not _blank(v) for v in vals]
    if name == "Errors":
        return [_is_error(v) for v in vals]
    if name == "NoErrors":
        return [not _is_error(v) for v in vals]
    if name in VISUAL:
        return [True] * len(vals)  # a scale, bar or icon shades every cell of the range
    if name in DATE_PERIODS:
        return [_in_period(v, name, today) for v in vals]
    raise RuleError(f"rule {name} cannot be applied")


def _as_date(v: object) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if _is_number(v) and 1 <= v < 2958466:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(v))
    if isinstance(v, str):
        for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y", "%Y/%m/%d"):
            try:
                return dt.datetime.strptime(v.strip()[:10], fmt).date()
            except ValueError:
                continue
    return None


def _in_period(v: object, name: str, today: dt.date) -> bool:
    d = _as_date(v)
    if d is None:
        return False
    # Excel's weeks run Sunday to Saturday.
    week_start = today - dt.timedelta(days=(today.weekday() + 1) % 7)
    month = (today.year, today.month)

    def shift_month(k: int) -> tuple[int, int]:
        m = today.month - 1 + k
        return today.year + m // 12, m % 12 + 1

    return {
        "Yesterday": d == today - dt.timedelta(days=1),
        "Today": d == today,
        "Tomorrow": d == today + dt.timedelta(days=1),
        "Last7Days": today - dt.timedelta(days=6) <= d <= today,
        "LastWeek": week_start - dt.timedelta(days=7) <= d < week_start,
        "ThisWeek": week_start <= d < week_start + dt.timedelta(days=7),
        "NextWeek": week_start + dt.timedelta(days=7) <= d < week_start + dt.timedelta(days=14),
        "LastMonth": (d.year, d.month) == shift_month(-1),
        "ThisMonth": (d.year, d.month) == month,
        "NextMonth": (d.year, d.month) == shift_month(1),
    }[name]


def _formula_mask(rule: FormulaRule, sd: SheetData, rng, col: int, rows: list[int]) -> list[bool]:
    """A formula rule is written for the range's top-left cell; each row sees it moved."""
    from cfdesk.formula.evaluate import fill_down

    r1, c1 = rng[0], rng[1]
    # A rule's formula reads the very cells it formats; that is not a circular reference.
    res = fill_down(rule.formula, sd, r1, c1, len(rows) - 1, check_circular=False)
    if res and res[0].kind in ("syntax", "unsupported"):
        raise RuleError(f"formula rule cannot be evaluated: {res[0].message}")
    return [r.kind == "value" and (r.value is True or (_is_number(r.value) and r.value != 0))
            for r in res]


def apply_rule(rule: AnyRule | str, sd: SheetData, range_ref: str, *, today: dt.date | None = None,
               mode: str = "excel") -> Match:
    """Apply a rule to a range of a sheet.

    mode "excel" (the default) is what Excel shows. mode "labels" reproduces two conventions
    of the generator behind the CodeFusion benchmark's row_labels, which differ from Excel:
    Bottom(n) marks values up to the n-th *largest* value, and Duplicate() marks the first
    occurrence of each value. It exists to check this interpreter against those labels.
    """
    if isinstance(rule, str):
        rule = parse_rule(rule)
    try:
        rng = parse_range(range_ref)
    except SheetError as e:
        raise RuleError(str(e)) from None
    r1, c1, r2, c2 = rng
    rows = list(range(r1, r2 + 1))
    if not any(not _blank(sd.get(r, c)) for r in rows for c in range(c1, c2 + 1)):
        raise RuleError(f"the range {range_ref} is empty")
    col = default_column(sd, rng)
    mask = _cell_mask(rule, sd, rng, col, rows, today or dt.date.today(), mode)
    # the rule's column; for AND/OR/NOT, the one column all its tests read where they do:
    # NOT(TextContains(c[6], 'London')) highlights the cells of c[6], as TextNotContains does
    tested = tested_columns(rule) if isinstance(rule, Rule) else {None}
    applied = c1 + next(iter(tested)) if len(tested) == 1 and None not in tested else col
    cells = [a1(r, applied) for r, m in zip(rows, mask) if m]
    hit_rows = [r for r, m in zip(rows, mask) if m]
    return Match(rng, applied, cells, hit_rows)
