"""Opening workbooks safely and holding one sheet's values in memory.

Every way a file can be unusable (not a zip, truncated, encrypted, legacy .xls, a .csv)
becomes a WorkbookError with a one-line message; nothing here writes to the file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from cfdesk.errors import CfdeskError, SheetError, WorkbookError
from cfdesk.xlsx_reader import XlsxReader

SUPPORTED = (".xlsx", ".xlsm")
MAX_ROWS = 300_000  # beyond this a full in-memory load is refused (Excel's limit is 1,048,576)
MAX_CELLS = 6_000_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_file(path: str, name: str | None = None) -> None:
    """Raise WorkbookError, with a message a user can act on, unless path is a usable .xlsx.
    Messages call the file ``name`` (default: path), e.g. the user's file behind a private copy."""
    shown = name or path
    if not os.path.exists(path):
        raise WorkbookError(f"{shown}: no such file")
    if os.path.isdir(path):
        raise WorkbookError(f"{shown}: is a folder, not a workbook")
    ext = os.path.splitext(path)[1].lower()
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as e:
        raise WorkbookError(f"{shown}: cannot read ({e.strerror})") from None
    if head == _OLE_MAGIC:
        if ext == ".xls":
            raise WorkbookError(f"{shown}: legacy .xls files are not supported; "
                                "save it as .xlsx in Excel or LibreOffice first")
        raise WorkbookError(f"{shown}: the workbook is password-protected (encrypted); "
                            "remove the password in Excel and try again")
    if ext in (".csv", ".tsv", ".txt"):
        raise WorkbookError(f"{shown}: {ext} files are not supported; cfdesk opens .xlsx and .xlsm "
                            "workbooks")
    if ext == ".xls":
        raise WorkbookError(f"{shown}: legacy .xls files are not supported; save it as .xlsx first")
    if not head:
        raise WorkbookError(f"{shown}: the file is empty")
    if not zipfile.is_zipfile(path):
        if head.startswith(b"PK\x03\x04"):
            raise WorkbookError(f"{shown}: the workbook is truncated or corrupt (incomplete zip "
                                "archive)")
        raise WorkbookError(f"{shown}: not an Excel workbook (.xlsx files are zip archives; "
                            "this one is not)")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names:
                raise WorkbookError(f"{shown}: a zip file, but not an Excel workbook "
                                    "(no xl/workbook.xml)")
            bad = zf.testzip()
            if bad is not None:
                raise WorkbookError(f"{shown}: the workbook is corrupt (damaged part {bad})")
    except zipfile.BadZipFile:
        raise WorkbookError(f"{shown}: the workbook is truncated or corrupt") from None
    except (OSError, EOFError, zipfile.LargeZipFile, zlib.error) as e:
        raise WorkbookError(f"{shown}: the workbook is truncated or corrupt ({e})") from None
    if ext and ext not in SUPPORTED:
        raise WorkbookError(f"{shown}: unsupported file type {ext!r}; cfdesk opens .xlsx and .xlsm")


def open_reader(path: str, name: str | None = None) -> XlsxReader:
    check_file(path, name)
    try:
        return XlsxReader(path, name)
    except (KeyError, ValueError, UnicodeDecodeError, zipfile.BadZipFile, EOFError) as e:
        raise WorkbookError(f"{name or path}: the workbook is corrupt ({type(e).__name__})") from None


def a1(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def parse_a1(ref: str) -> tuple[int, int]:
    """'D2' -> (2, 4). Raises SheetError for anything that is not one cell."""
    try:
        letters, row = coordinate_from_string(ref.replace("$", "").upper())
        col = column_index_from_string(letters)
    except (ValueError, TypeError):
        raise SheetError(f"{ref!r} is not a cell address like D2") from None
    if not (1 <= row <= 1_048_576 and 1 <= col <= 16_384):
        raise SheetError(f"{ref!r} is outside the sheet (Excel's limit is XFD1048576)")
    return row, col


_RANGE_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$")


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """'A2:C20' -> (min_row, min_col, max_row, max_col)."""
    m = _RANGE_RE.match(ref.strip())
    if not m:
        raise SheetError(f"{ref!r} is not a range like A2:C20")
    r1, c1 = parse_a1(m.group(1) + m.group(2))
    r2, c2 = parse_a1((m.group(3) or m.group(1)) + (m.group(4) or m.group(2)))
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


@dataclass
class SheetData:
    """One sheet's values in memory: {(row, col): value}, 1-based, blanks absent."""

    name: str
    values: dict[tuple[int, int], object] = field(default_factory=dict)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # without '='
    formats: dict[tuple[int, int], str] = field(default_factory=dict)  # number format codes
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    max_row: int = 0
    max_col: int = 0

    def get(self, row: int, col: int) -> object:
        return self.values.get((row, col))

    def set(self, row: int, col: int, value: object) -> None:
        if value is None or value == "":
            self.values.pop((row, col), None)
            return
        self.values[(row, col)] = value
        self.max_row = max(self.max_row, row)
        self.max_col = max(self.max_col, col)

    @classmethod
    def from_cells(cls, name: str, cells: dict[str, object], *, coerce_numbers: bool = True
                   ) -> SheetData:
        """Build from the benchmark format's {"A1": value} map.

        Numeric text ("619.5") becomes a number, as it would when typed into Excel; the
        benchmark's data was exported with numbers as strings.
        """
        sd = cls(name)
        for ref, v in cells.items():
            r, c = parse_a1(ref)
            if isinstance(v, str) and coerce_numbers:
                v = _maybe_number(v)
            sd.set(r, c, v)
        return sd


_NUM_RE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _maybe_number(s: str) -> object:
    t = s.strip()
    if _NUM_RE.match(t):
        f = float(t)
        return int(f) if f.is_integer() and "." not in t and "e" not in t.lower() else f
    return s


@dataclass
class Book:
    """A workbook's values, sheet by sheet, loaded on demand."""

    path: str
    sheet_names: list[str]
    hidden: set[str]
    _reader: XlsxReader | None = None
    _sheets: dict[str, SheetData] = field(default_factory=dict)

    @classmethod
    def from_sheets(cls, sheets: list[SheetData], path: str = "<memory>") -> Book:
        b = cls(path, [s.name for s in sheets], set())
        b._sheets = {s.name: s for s in sheets}
        return b

    def resolve(self, name: str | None) -> str:
        if name is None:
            visible = [n for n in self.sheet_names if n not in self.hidden] or self.sheet_names
            if not visible:
                raise SheetError(f"{self.path}: the workbook has no worksheets")
            return visible[0]
        for n in self.sheet_names:
            if n == name:
                return n
        for n in self.sheet_names:
            if n.lower() == name.lower():
                return n
        raise SheetError(f"no sheet named {name!r}; sheets: {', '.join(self.sheet_names)}")

    def sheet(self, name: str | None = None) -> SheetData:
        name = self.resolve(name)
        if name not in self._sheets:
            assert self._reader is not None
            self._sheets[name] = _load_sheet(self._reader, name)
        return self._sheets[name]

    def others(self, name: str) -> dict[str, SheetData]:
        """Every other readable sheet, by name (what cross-sheet references can read)."""
        out = {}
        for n in self.sheet_names:
            if n != name:
                try:
                    out[n] = self.sheet(n)
                except CfdeskError:  # an unreadable sheet is one a formula cannot read either
                    continue
        return out

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None


def open_book(path: str, name: str | None = None) -> Book:
    """Open a workbook for reading values. Sheets load on first use. ``name``: what messages
    and ``Book.path`` call the file (default: path)."""
    r = open_reader(path, name)
    names = [s.name for s in r.sheets]
    if not names:
        r.close()
        raise WorkbookError(f"{r.path}: the workbook has no worksheets")
    b = Book(r.path, names, {s.name for s in r.sheets if s.state != "visible"})
    b._reader = r
    return b


def dimension_rows(dim: str | None) -> int:
    if not dim:
        return 0
    m = re.search(r"(\d+)$", dim)
    return int(m.group(1)) if m else 0


def too_many_rows(name: str, rows: int) -> SheetError:
    return SheetError(f"sheet {name!r} has {rows:,} rows; cfdesk works on sheets of up to "
                      f"{MAX_ROWS:,} rows (split the data or filter it into a new sheet)")


def _load_sheet(reader: XlsxReader, name: str) -> SheetData:
    rows = dimension_rows(reader.dimension(name))
    if rows > MAX_ROWS:
        raise too_many_rows(name, rows)
    sd = SheetData(name)
    codes = reader.xf_codes
    ncells = 0
    try:
        for row, cells in reader.iter_rows(name):
            if row > MAX_ROWS:
                raise SheetError(f"sheet {name!r} has more than {MAX_ROWS:,} rows; cfdesk works on "
                                 f"sheets of up to {MAX_ROWS:,} rows")
            for col, value, style, formula in cells:
                ncells += 1
                if value is not None:
                    sd.set(row, col, value)
                if formula is not None:
                    sd.formulas[(row, col)] = formula
                    sd.max_row, sd.max_col = max(sd.max_row, row), max(sd.max_col, col)
                if style and style < len(codes) and codes[style] != "General":
                    sd.formats[(row, col)] = codes[style]
            if ncells > MAX_CELLS:
                raise SheetError(f"sheet {name!r} has more than {MAX_CELLS:,} cells; too large to "
                                 "load")
    except (ValueError, IndexError, KeyError, EOFError, zipfile.BadZipFile) as e:
        raise WorkbookError(f"{reader.path}: sheet {name!r} is corrupt ({type(e).__name__})") from None
    sd.merged = _merged_ranges(reader, name)
    _fill_uncached_formulas(sd)
    return sd


_MERGE_RE = re.compile(r'<(?:\w+:)?mergeCell\s+ref="([^"]+)"')


def _merged_ranges(reader: XlsxReader, name: str) -> list[tuple[int, int, int, int]]:
    part = reader.sheet(name).part
    out = []
    with reader.zf.open(part) as f:
        f.seek(0)
        tail = b""
        # mergeCells come after sheetData: read the file's end only.
        size = reader.zf.getinfo(part).file_size
        if size > 1 << 20:
            f.seek(size - (1 << 20))
        tail = f.read().decode("utf-8", "ignore")
    for m in _MERGE_RE.finditer(tail):
        try:
            out.append(parse_range(m.group(1)))
        except SheetError:
            continue
    return out


def _fill_uncached_formulas(sd: SheetData) -> None:
    """Values, not formulas: a formula cell without a cached value is evaluated."""
    missing = [(rc, f) for rc, f in sd.formulas.items() if rc not in sd.values]
    if not missing:
        return
    from cfdesk.formula.evaluate import evaluate_in_sheet

    for (r, c), f in missing[:2000]:
        res = evaluate_in_sheet("=" + f, sd, r, c, timeout=1.0)
        if res.kind in ("value", "error") and res.value is not None:
            sd.values[(r, c)] = res.value


def to_serial(v: object) -> object:
    """Dates as Excel serial numbers, the way formulas see them."""
    if isinstance(v, dt.datetime):
        base = dt.datetime(1899, 12, 30)
        delta = v - base
        return delta.days + delta.seconds / 86400
    if isinstance(v, dt.date):
        return (v - dt.date(1899, 12, 30)).days
    if isinstance(v, dt.time):
        return (v.hour * 3600 + v.minute * 60 + v.second) / 86400
    return v
