"""Where a sheet's table is, and what its columns hold: the context the model reads.

A real sheet's header is not always on row 1: there are titles above it, blank rows and
columns around it, and merged header cells. The table finder looks for the first row that
reads like a header (mostly text, as wide as the data below it) and takes the block of
rows under it until the data stops.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from cfdesk.errors import SheetError
from cfdesk.workbook import (
    MAX_ROWS,
    SheetData,
    a1,
    dimension_rows,
    open_reader,
    parse_a1,
    too_many_rows,
)
from cfdesk.xlsx_reader import ColumnCounts, format_kind, scan_sheet

HEAD_ROWS = 120  # rows decoded in full when a sheet is streamed
SAMPLES = 3


@dataclass
class Table:
    header_row: int  # 0 when the table has no header
    first_row: int  # first data row
    last_row: int
    first_col: int
    last_col: int
    headers: dict[int, str] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        top = self.header_row or self.first_row
        return f"{a1(top, self.first_col)}:{a1(max(self.last_row, top), self.last_col)}"

    @property
    def data_ref(self) -> str:
        return f"{a1(self.first_row, self.first_col)}:{a1(max(self.last_row, self.first_row), self.last_col)}"


@dataclass
class ColumnInfo:
    letter: str
    index: int
    header: str
    type: str  # integer number currency percent date text boolean mixed empty
    samples: list[str]
    blanks: int
    first_row: int
    last_row: int

    @property
    def extent(self) -> str:
        if not self.first_row:
            return ""
        return f"{self.letter}{self.first_row}:{self.letter}{self.last_row}"


@dataclass
class Context:
    sheet: str
    table: Table
    columns: list[ColumnInfo]
    target: str | None = None
    rows_total: int = 0

    def column(self, key: str | int) -> ColumnInfo | None:
        for c in self.columns:
            if c.index == key or c.letter == str(key).upper() or c.header.lower() == str(key).lower():
                return c
        return None


# --------------------------------------------------------------------- table finding


def _is_text(v: object) -> bool:
    return isinstance(v, str) and v.strip() != ""


def find_table(rows: dict[int, dict[int, object]], merged: list[tuple[int, int, int, int]] | (
        None) = None, last_row: int | None = None) -> Table:
    """Find the table in {row: {col: value}} (the sheet's first rows at least)."""
    merged = merged or []
    rows = {r: dict(cells) for r, cells in rows.items() if cells}
    for (r1, c1, _r2, c2) in merged:  # a merged header's text belongs to all its columns
        v = rows.get(r1, {}).get(c1)
        if _is_text(v):
            for c in range(c1, c2 + 1):
                rows.setdefault(r1, {}).setdefault(c, v)
    if not rows:
        raise SheetError("the sheet is empty")
    order = sorted(rows)
    width = max(len(rows[r]) for r in order[:60])
    header_row = 0
    for i, r in enumerate(order[:60]):
        cells = rows[r]
        texts = sum(1 for v in cells.values() if _is_text(v))
        if len(cells) < max(1, (width + 1) // 2) or texts < 0.8 * len(cells):
            continue
        if len(cells) > 1 and len({str(v) for v in cells.values()}) == 1:
            continue  # one merged title stretched across the table, not a header
        below = [rows[b] for b in order[i + 1:i + 6]]
        if not below:
            continue
        # A header is followed by rows using its columns; an all-text row followed by more
        # all-text rows of the same shape is data (a list of names), unless nothing else exists.
        overlap = any(set(b) & set(cells) for b in below)
        nontext_below = any(not _is_text(v) for b in below for v in b.values())
        if overlap and (nontext_below or _header_like(cells, below)):
            header_row = r
            break
    start = header_row + 1 if header_row else order[0]
    if header_row:
        cols = set(rows[header_row])
    else:
        cols = set()
    data_rows = [r for r in order if r >= start]
    for r in data_rows[:200]:
        cols |= set(rows[r])
    first_col, last_col = min(cols), max(cols)
    # Stop at the first run of two blank rows after the data starts.
    last = start
    prev = start - 1
    for r in data_rows:
        if r - prev > 2 and r > start:
            break
        last = r
        prev = r
    if last_row is not None and len(data_rows) and data_rows[-1] == last and last_row > last:
        last = last_row  # streamed: only the head rows were looked at
    headers = {c: str(rows[header_row][c]).strip() for c in range(first_col, last_col + 1)
               if header_row and _is_text(rows[header_row].get(c))}
    first_data = next((r for r in data_rows), start)
    return Table(header_row, first_data if header_row else start, last, first_col, last_col, headers)


def _header_like(cells: dict[int, object], below: list[dict[int, object]]) -> bool:
    """An all-text header over all-text data: header words differ from every value below."""
    words = {str(v).strip().lower() for v in cells.values()}
    vals = {str(v).strip().lower() for b in below for v in b.values()}
    short = all(len(str(v)) <= 40 for v in cells.values())
    return short and not (words & vals) and len(below) >= 1


# --------------------------------------------------------------------- column typing


def _kind_of(v: object, fmt: str | None) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return "date"
    if isinstance(v, (int, float)):
        return format_kind(fmt) if fmt else "number"
    if isinstance(v, str) and v.startswith("#") and v.upper() in (
            "#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"):
        return "error"
    return "text"


def _type_name(kinds: dict[str, int], samples: list[object]) -> str:
    kinds = {k: n for k, n in kinds.items() if n and k != "error"}
    if not kinds:
        return "empty"
    total = sum(kinds.values())
    top, n = max(kinds.items(), key=lambda kv: kv[1])
    if n < 0.9 * total:
        numeric = sum(v for k, v in kinds.items() if k in ("number", "currency", "percent"))
        if numeric >= 0.9 * total:
            top = max(("number", "currency", "percent"), key=lambda k: kinds.get(k, 0))
        else:
            return "mixed"
    if top == "number":
        nums = [s for s in samples if isinstance(s, (int, float)) and not isinstance(s, bool)]
        if nums and all(float(s).is_integer() for s in nums):
            return "integer"
        return "number"
    return {"bool": "boolean"}.get(top, top)


def _fmt_sample(v: object, kind: str) -> str:
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if (v.hour, v.minute, v.second) == (0, 0, 0) else v.isoformat(" ")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        if kind == "percent":
            return f"{v:.4g}"
        return f"{v:.10g}"
    return str(v)


def _columns(table: Table, counts: dict[int, ColumnCounts], head: dict[int, dict[int, object]],
             head_fmt: dict[tuple[int, int], str]) -> list[ColumnInfo]:
    cols = []
    nrows = max(0, table.last_row - table.first_row + 1)
    for c in range(table.first_col, table.last_col + 1):
        cc = counts.get(c, ColumnCounts(0, 0, 0, {}))
        samples: list[object] = []
        raw: list[object] = []
        for r in sorted(head):
            if r < table.first_row or r > table.last_row:
                continue
            v = head[r].get(c)
            if v is None or v == "":
                continue
            raw.append(v)
            if v not in samples and len(samples) < SAMPLES:
                samples.append(v)
        kind_counts = dict(cc.kinds or {})
        typ = _type_name(kind_counts, raw)
        if typ == "text" and raw and all(isinstance(v, str) and _numeric_text(v) for v in raw):
            typ = "number"  # numbers stored as text
        header = table.headers.get(c, "")
        blanks = max(0, nrows - cc.count)
        cols.append(ColumnInfo(get_column_letter(c), c, header, typ,
                               [_fmt_sample(v, typ) for v in samples], blanks,
                               cc.first_row, cc.last_row))
    return cols


def _numeric_text(s: str) -> bool:
    try:
        float(s.replace(",", ""))
        return True
    except ValueError:
        return False


# --------------------------------------------------------------------- building contexts


def context_of(sd: SheetData, target: str | None = None) -> Context:
    """The column context of an in-memory sheet."""
    if not sd.values:
        raise SheetError(f"sheet {sd.name!r} is empty")
    rows: dict[int, dict[int, object]] = {}
    for (r, c), v in sd.values.items():
        rows.setdefault(r, {})[c] = v
    table = find_table(rows, sd.merged)
    counts: dict[int, ColumnCounts] = {}
    for (r, c), v in sd.values.items():
        if r < table.first_row or r > table.last_row or not table.first_col <= c <= table.last_col:
            continue
        cc = counts.setdefault(c, ColumnCounts(0, r, r, {}))
        cc.count += 1
        cc.first_row, cc.last_row = min(cc.first_row, r), max(cc.last_row, r)
        k = _kind_of(v, sd.formats.get((r, c)))
        cc.kinds[k] = cc.kinds.get(k, 0) + 1
    head = {r: rows[r] for r in sorted(rows) if r <= table.first_row + HEAD_ROWS}
    ctx = Context(sd.name, table, _columns(table, counts, head, sd.formats), target,
                  sd.max_row)
    _check_target(ctx, target)
    return ctx


def context_from_file(path: str, sheet: str | None = None, target: str | None = None) -> Context:
    """The column context of a sheet in a file, streamed: flat memory on any size."""
    reader = open_reader(path)
    try:
        names = [s.name for s in reader.sheets]
        if not names:
            raise SheetError(f"{path}: the workbook has no worksheets")
        if sheet is None:
            vis = [s.name for s in reader.sheets if s.state == "visible"] or names
            name = vis[0]
        else:
            try:
                name = reader.sheet(sheet).name
            except KeyError:
                raise SheetError(f"no sheet named {sheet!r}; sheets: {', '.join(names)}") from None
        dim_rows = dimension_rows(reader.dimension(name))
        if dim_rows > MAX_ROWS:
            raise too_many_rows(name, dim_rows)
        head_list, counts, last_row = scan_sheet(reader, name, HEAD_ROWS)
        if last_row > MAX_ROWS:
            raise too_many_rows(name, last_row)
        if not head_list:
            raise SheetError(f"sheet {name!r} is empty")
        head = {r: {c: v for c, v, _s, _f in cells if v is not None} for r, cells in head_list}
        codes = reader.xf_codes
        head_fmt = {(r, c): codes[s] for r, cells in head_list for c, _v, s, _f in cells
                    if s and s < len(codes)}
        from cfdesk.workbook import _merged_ranges

        table = find_table(head, _merged_ranges(reader, name), last_row)
        # The counts cover the whole sheet: take out the title and header cells above the data.
        for r, cells in head.items():
            if r >= table.first_row:
                continue
            for c, v in cells.items():
                cc = counts.get(c)
                if cc and cc.count:
                    cc.count -= 1
                    k = _kind_of(v, head_fmt.get((r, c)))
                    if cc.kinds.get(k):
                        cc.kinds[k] -= 1
        for c, cc in counts.items():
            in_head = [r for r in head if r >= table.first_row and c in head[r]]
            cc.first_row = min(in_head) if in_head else max(cc.first_row, table.first_row)
        ctx = Context(name, table, _columns(table, counts, head, head_fmt), target, last_row)
        _check_target(ctx, target)
        return ctx
    finally:
        reader.close()


def _check_target(ctx: Context, target: str | None) -> None:
    if target is not None:
        parse_a1(target)  # raises a clear SheetError when it is not a cell


def default_target(ctx: Context) -> str:
    """The first empty column beside the table, on its first data row."""
    return a1(ctx.table.first_row, ctx.table.last_col + 1)


# --------------------------------------------------------------------- serialization


def serialize(ctx: Context, max_cols: int = 40) -> str:
    """A compact, deterministic one-line text of the context, for the model and for logs.

    Example: ``table A1:D201 | target E2 | A Region: text (East, West) | B Sales: currency
    (120.5, 98)``.
    """
    parts = [f"table {ctx.table.ref}"]
    if ctx.target:
        parts.append(f"target {ctx.target}")
    for col in ctx.columns[:max_cols]:
        name = col.header or "-"
        samples = ", ".join(s[:24] for s in col.samples)
        blank = f" blanks {col.blanks}" if col.blanks else ""
        parts.append(f"{col.letter} {name}: {col.type}{blank} ({samples})")
    return " | ".join(parts)


def describe(ctx: Context) -> str:
    """A multi-line human-readable report (``cfdesk inspect``)."""
    t = ctx.table
    lines = [f"Sheet {ctx.sheet!r}: table {t.ref}, "
             + (f"header row {t.header_row}, " if t.header_row else "no header row, ")
             + f"data rows {t.first_row}-{t.last_row} ({t.last_row - t.first_row + 1})"]
    if ctx.target:
        lines.append(f"Target cell: {ctx.target}")
    lines.append(f"{'col':<4}{'header':<24}{'type':<9}{'blanks':>7}  {'extent':<14}samples")
    for c in ctx.columns:
        lines.append(f"{c.letter:<4}{(c.header or '-')[:23]:<24}{c.type:<9}{c.blanks:>7}  "
                     f"{c.extent:<14}{', '.join(c.samples)}")
    return "\n".join(lines)


def to_json(ctx: Context) -> dict:
    t = ctx.table
    return {
        "sheet": ctx.sheet, "target": ctx.target,
        "table": {"ref": t.ref, "header_row": t.header_row, "first_row": t.first_row,
                  "last_row": t.last_row, "first_col": get_column_letter(t.first_col),
                  "last_col": get_column_letter(t.last_col)},
        "columns": [{"letter": c.letter, "header": c.header, "type": c.type,
                     "samples": c.samples, "blanks": c.blanks, "extent": c.extent}
                    for c in ctx.columns],
        "serialized": serialize(ctx),
    }
