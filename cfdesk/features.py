"""What the model reads for one request: one function shared by data generation, the
suggestion pipeline and the benchmark, so training and use can never drift apart.

The encoder text is ``"<mode>: <request> | literals: [0] 5000 [1] East | <context>"``; the
context lists the table's columns with the index the model's COL:k / C:k tokens use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from cfdesk.codec import MAX_COLUMNS, Frame, Literal, extract_literals
from cfdesk.context import Context, context_of
from cfdesk.errors import SheetError
from cfdesk.workbook import SheetData, parse_a1, parse_range

MAX_SAMPLE_VALUES = 400


@dataclass
class Prepared:
    mode: str  # formula | cf
    text: str  # encoder input
    frame: Frame
    literals: list[Literal]
    context: Context
    target: str  # the cell (formula) or range (cf)
    # the answers of suggest's sheet scans by (scan, candidate text): a text criterion no cell
    # of its range holds, a text rule's column that never holds its text. A repair and the
    # validation both ask, and each answer may scan thousands of rows
    sheet_scans: dict = field(default_factory=dict, repr=False, compare=False)
    values: list[str] = field(default_factory=list, repr=False)  # the table's short texts (_text_values)


def _text_values(sd: SheetData, ctx: Context, cols: range) -> list[str]:
    """Distinct short texts of the table: a request may name any of them without quotes."""
    seen: dict[str, None] = {}
    t = ctx.table
    for r in range(t.first_row, t.last_row + 1):
        for c in cols:
            v = sd.values.get((r, c))
            if isinstance(v, str) and 0 < len(v) <= 40 and v not in seen:
                seen[v] = None
                if len(seen) >= MAX_SAMPLE_VALUES:
                    return list(seen)
    return list(seen)


def _column_text(ctx: Context, first_col: int, last_col: int) -> str:
    parts = []
    for col in ctx.columns:
        if not first_col <= col.index <= last_col:
            continue
        k = col.index - first_col
        if k >= MAX_COLUMNS:
            break
        samples = ", ".join(s[:20] for s in col.samples[:3])
        parts.append(f"[{k}] {col.letter} {col.header or '-'}: {col.type} ({samples})")
    return " | ".join(parts)


def _literal_text(lits: list[Literal]) -> str:
    if not lits:
        return "literals: none"
    return "literals: " + " ".join(f"[{i}] {lit.text}" for i, lit in enumerate(lits))


def prepare(sd: SheetData, target: str, request: str, mode: str, *,
            others: dict[str, SheetData] | None = None, context: Context | None = None) -> Prepared:
    """Everything the model needs for (sheet, target, request, mode).

    ``context`` is the sheet's column context when the caller already has it (data
    generation asks many requests of one table)."""
    import dataclasses

    request = " ".join(request.split())
    others = others or {}
    if mode == "formula":
        row, col = parse_a1(target)
        ctx = dataclasses.replace(context, target=target.upper()) if context else context_of(sd, target.upper())
        t = ctx.table
        first_col, last_col = t.first_col, t.last_col
        # Rows in the frame are the table's; a target far from the table still reads them.
    elif mode == "cf":
        r1, c1, r2, c2 = parse_range(target)
        ctx = context or context_of(sd)
        t = ctx.table
        first_col, last_col = c1, c2
        row = r1
    else:
        raise ValueError(mode)
    headers = [c.header for c in ctx.columns if c.header]
    samples = _text_values(sd, ctx, range(first_col, last_col + 1))
    lits = extract_literals(request, samples, headers)
    sheets = list(others)
    sheet_cols = []
    other_text = []
    for i, name in enumerate(sheets[:4]):
        try:
            octx = context_of(others[name])
        except SheetError:
            sheet_cols.append(1)
            continue
        sheet_cols.append(octx.table.first_col)
        cols = ", ".join(f"{c.letter} {c.header or '-'}" for c in octx.columns[:8])
        other_text.append(f"sheet [{i}] {name}: {cols}")
    if mode == "formula":
        frame = Frame(first_col, row, t.first_row, t.last_row, t.header_row, sheets[:4], sheet_cols)
        where = f"target {get_column_letter(col)}{row}"
    else:
        frame = Frame(first_col, row, r1, r2, max(r1 - 1, 0), sheets[:4], sheet_cols)
        where = f"range {target.upper()}"
    parts = [f"{'formula' if mode == 'formula' else 'highlight rule'}: {request}",
             _literal_text(lits), f"table {t.ref}", where, _column_text(ctx, first_col, last_col)]
    parts += other_text
    return Prepared(mode, " | ".join(p for p in parts if p), frame, lits, ctx, target.upper(), values=samples)


def sheet_from_record(rec: dict) -> tuple[SheetData, dict[str, SheetData]]:
    """A benchmark record's sheet (and any other sheets) as SheetData.

    cfdesk's own datasets add ``sheet.column_formats`` ({"D": "yyyy-mm-dd"}) so dates stored
    as serial numbers read back as dates, and ``other_sheets`` for lookup tables; both are
    optional, and other readers of the format ignore them.
    """
    sheet = rec["sheet"]
    sd = SheetData.from_cells(sheet.get("name", "Sheet1"), sheet.get("cells", {}))
    _apply_formats(sd, sheet.get("column_formats") or {})
    others = {}
    for o in rec.get("other_sheets") or []:
        osd = SheetData.from_cells(o["name"], o.get("cells", {}))
        _apply_formats(osd, o.get("column_formats") or {})
        others[o["name"]] = osd
    return sd, others


def _apply_formats(sd: SheetData, formats: dict[str, str]) -> None:
    from openpyxl.utils import column_index_from_string

    for letter, fmt in formats.items():
        c = column_index_from_string(letter)
        date = any(ch in fmt.lower() for ch in "dmy") and "0" not in fmt
        for (r, cc), v in list(sd.values.items()):
            if cc != c:
                continue
            sd.formats[(r, cc)] = fmt
            if date and isinstance(v, (int, float)) and not isinstance(v, bool) and 1 <= v < 2958466:
                sd.values[(r, cc)] = dt.datetime(1899, 12, 30) + dt.timedelta(days=float(v))
