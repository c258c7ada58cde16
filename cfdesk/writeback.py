"""Writing formulas (and, through cfdesk.cf, rules) back into a workbook, safely.

Safety rules: the input file is never modified until the new file has been written
completely beside it; then the original is copied to a timestamped backup and the new
file atomically replaces it. Content that openpyxl cannot keep is detected before loading,
and an in-place save that would drop it is refused unless forced.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field

from cfdesk.errors import SheetError, WorkbookError
from cfdesk.formula.lexer import translate
from cfdesk.formula.parser import for_file
from cfdesk.workbook import check_file, parse_a1


def lossy_content(path: str) -> list[str]:
    """What openpyxl would drop (or may alter) on saving this file, one line each."""
    found: list[str] = []
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        def has(prefix: str) -> bool:
            return any(n.startswith(prefix) for n in names)

        if has("xl/charts/"):
            found.append("charts (openpyxl may lose their formatting)")
        if has("xl/media/"):
            found.append("images")
        if any(n.startswith("xl/drawings/") and n.endswith(".xml") for n in names):
            shapes = False
            for n in names:
                if n.startswith("xl/drawings/drawing") and n.endswith(".xml"):
                    if b"<xdr:sp" in zf.read(n) or b":sp>" in zf.read(n):
                        shapes = True
            if shapes:
                found.append("shapes or text boxes")
        if has("xl/pivotTables/") or has("xl/pivotCache/"):
            found.append("pivot tables")
        if has("xl/slicers/") or has("xl/slicerCaches/") or has("xl/timelines/"):
            found.append("slicers or timelines")
        if has("xl/threadedComments/"):
            found.append("threaded comments")
        if any(n.startswith("xl/worksheets/sheet") and n.endswith(".xml")
               and b"<extLst" in zf.read(n) for n in names):
            found.append("worksheet extensions (for example newer conditional formats, "
                         "sparklines or data validations)")
        if "xl/vbaProject.bin" in names and not path.lower().endswith(".xlsm"):
            found.append("VBA macros")
    return found


@dataclass
class SaveReport:
    path: str
    backup: str | None = None
    warnings: list[str] = field(default_factory=list)


class Editor:
    """An openpyxl workbook opened for editing, with the safety rules on save."""

    def __init__(self, path: str, source: str | None = None):
        """Edit ``path``; ``source`` (default: path itself) is the file the content comes from,
        so an app can replay its edits on a pristine copy of what the user opened."""
        check_file(path if source is None else source)
        self.path = path
        src = source or path
        self.keep_vba = path.lower().endswith(".xlsm")
        try:
            self.lossy = lossy_content(src)
        except (zipfile.BadZipFile, OSError) as e:
            raise WorkbookError(f"{path}: the workbook is corrupt ({e})") from None
        import warnings

        import openpyxl

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self.wb = openpyxl.load_workbook(src, keep_vba=self.keep_vba, rich_text=False)
        except Exception as e:  # noqa: BLE001 (openpyxl raises many kinds on bad files)
            raise WorkbookError(f"{path}: cannot open the workbook for editing "
                                f"({type(e).__name__}: {str(e)[:120]})") from None
        self.changed: list[str] = []

    def sheet(self, name: str | None):
        if name is None:
            return self.wb.worksheets[0]
        for ws in self.wb.worksheets:
            if ws.title.lower() == name.lower():
                return ws
        raise SheetError(f"no sheet named {name!r}; sheets: {', '.join(self.wb.sheetnames)}")

    def set_formula(self, sheet: str | None, cell: str, formula: str) -> str:
        """Write one formula; returns the text stored in the file."""
        row, col = parse_a1(cell)
        ws = self.sheet(sheet)
        text = for_file(formula)
        ws.cell(row=row, column=col).value = text
        self.changed.append(f"{ws.title}!{cell.upper()}")
        return text

    def fill_down(self, sheet: str | None, cell: str, formula: str, last_row: int) -> list[str]:
        """Write the formula at cell and copies of it down to last_row, relative refs moved.

        Each new cell takes the style of the first one, as Excel's fill handle does.
        """
        row, col = parse_a1(cell)
        if last_row < row:
            last_row = row
        if last_row - row > 1_000_000:
            raise SheetError("fill-down range too large")
        ws = self.sheet(sheet)
        first = ws.cell(row=row, column=col)
        first.value = for_file(formula)
        written = [first.coordinate]
        for r in range(row + 1, last_row + 1):
            c = ws.cell(row=r, column=col)
            c.value = for_file(translate(formula, r - row))
            if first.has_style:
                c._style = first._style.copy() if hasattr(first._style, "copy") else first._style
            written.append(c.coordinate)
        self.changed.extend(f"{ws.title}!{w}" for w in written)
        return written

    def save(self, out: str | None = None, *, force: bool = False) -> SaveReport:
        """Save to ``out`` (save as) or in place (atomic replace plus timestamped backup)."""
        target = out or self.path
        in_place = os.path.abspath(target) == os.path.abspath(self.path)
        report = SaveReport(target)
        if self.lossy:
            msg = "saving with openpyxl would drop or alter: " + "; ".join(self.lossy)
            if in_place and not force:
                raise WorkbookError(f"{self.path}: {msg}. Save to a new file with -o, or force "
                                    "the in-place save")
            report.warnings.append(msg)
        ext = os.path.splitext(target)[1].lower()
        if ext not in (".xlsx", ".xlsm"):
            raise WorkbookError(f"{target}: output must be an .xlsx or .xlsm file")
        if ext == ".xlsx" and self.keep_vba:
            report.warnings.append("saving a macro workbook as .xlsx drops its macros")
        folder = os.path.dirname(os.path.abspath(target))
        if not os.path.isdir(folder):
            raise WorkbookError(f"{target}: the folder {folder} does not exist")
        if not os.access(folder, os.W_OK) or (os.path.exists(target)
                                              and not os.access(target, os.W_OK)):
            raise WorkbookError(f"{target}: cannot write there (permission denied)")
        fd, tmp = tempfile.mkstemp(prefix=".cfdesk-", suffix=ext, dir=folder)
        os.close(fd)
        try:
            try:
                self.wb.save(tmp)
                with open(tmp, "rb") as f:
                    os.fsync(f.fileno())
            except OSError as e:
                raise WorkbookError(f"{target}: cannot write ({e.strerror})") from None
            if os.path.exists(target):
                report.backup = backup_path(target)
                shutil.copy2(target, report.backup)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return report


def backup_path(path: str) -> str:
    stem, ext = os.path.splitext(path)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    cand = f"{stem}.backup-{stamp}{ext}"
    n = 1
    while os.path.exists(cand):
        n += 1
        cand = f"{stem}.backup-{stamp}-{n}{ext}"
    return cand


