"""An open workbook with edits not yet saved: what the app works on (no Qt here).

Edits (formulas written, filled down, rules added) change the in-memory sheets at once, so
the grid shows computed values, and are replayed onto the file through the write-back
Editor on save, with its safety rules. Each edit can be undone and redone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from cfdesk.errors import WorkbookError
from cfdesk.workbook import Book, SheetData, check_file, open_book, parse_a1


@dataclass
class Edit:
    kind: str  # formula | rule
    sheet: str
    target: str  # cell (formula) or range (rule)
    text: str  # formula with '=' or canonical rule
    fill_to: int | None = None  # last row of a fill-down
    color: str | None = None
    before: dict = field(default_factory=dict)  # (row, col) -> (value, formula) before the edit
    cells: list[tuple[int, int]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # rule: rows it highlighted when added


class Document:
    def __init__(self, path: str | Path):
        self.path = str(path)
        if not os.path.isfile(self.path):
            check_file(self.path)  # raises the message for a missing file or a folder
        # Edits are always replayed onto the file as it was opened, so saving twice, or saving
        # after an undo, writes exactly the current state (never a rule twice). The copy holds
        # the user's data, so it goes when the document is closed or collected, or at exit.
        self._tmp = tempfile.mkdtemp(prefix="cfdesk-doc-")
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._tmp, ignore_errors=True)
        self.pristine = os.path.join(self._tmp, "original" + os.path.splitext(self.path)[1])
        try:
            try:
                shutil.copy2(self.path, self.pristine)
            except OSError as e:
                raise WorkbookError(f"{self.path}: cannot read ({e.strerror})") from None
            # Values are read from the private copy, so the user's file is not held open while
            # the document is (on Windows an open handle would block the atomic save); messages
            # name the user's file.
            self.book: Book = open_book(self.pristine, name=self.path)
        except BaseException:
            self._cleanup()
            raise
        self.edits: list[Edit] = []
        self.saved_edits = 0
        self._contexts: dict = {}

    def close(self) -> None:
        """Release the workbook and delete the private copy (also done when collected)."""
        self.book.close()
        self._cleanup()

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @classmethod
    def sample_copy(cls, folder: str | Path) -> Document:
        """A private copy of the bundled sample, so saving never touches the package."""
        from cfdesk.sample import SAMPLE_PATH

        os.makedirs(folder, exist_ok=True)
        dst = Path(folder) / "cfdesk-sample.xlsx"
        if not dst.exists():
            shutil.copy(SAMPLE_PATH, dst)
        return cls(dst)

    @property
    def sheet_names(self) -> list[str]:
        return self.book.sheet_names

    @property
    def dirty(self) -> bool:
        return len(self.edits) != self.saved_edits

    def sheet(self, name: str | None = None) -> SheetData:
        # The Book caches each sheet: edits change those objects, which the grid shows.
        return self.book.sheet(name)

    def context(self, name: str):
        """The sheet's column context, computed once (a 100k-row sheet takes a second or two).
        Edits by cfdesk write beside the table, so the table it describes does not change."""
        from cfdesk.context import context_of

        if name not in self._contexts:
            self._contexts[name] = context_of(self.sheet(name))
        return self._contexts[name]

    def others(self, name: str) -> dict[str, SheetData]:
        return self.book.others(self.book.resolve(name))

    # ------------------------------------------------------------ edits

    def apply(self, edit: Edit) -> Edit:
        sd = self.sheet(edit.sheet)
        if edit.kind == "formula":
            from cfdesk.formula.evaluate import fill_down

            row, col = parse_a1(edit.target)
            last = max(edit.fill_to or row, row)
            results = fill_down(edit.text, sd, row, col, last - row,
                                others=self.others(edit.sheet))
            edit.cells = []
            for i, res in enumerate(results):
                rc = (row + i, col)
                edit.before.setdefault(rc, (sd.values.get(rc), sd.formulas.get(rc)))
                sd.formulas[rc] = (res.formula or edit.text).lstrip("=")
                if res.kind in ("value", "error"):
                    sd.set(rc[0], rc[1], res.value)
                else:
                    sd.values.pop(rc, None)
                edit.cells.append(rc)
        elif edit.kind == "rule":
            from cfdesk.cf.interpret import apply_rule

            edit.rows = apply_rule(edit.text, sd, edit.target).rows
        else:
            raise ValueError(edit.kind)
        self.edits.append(edit)
        return edit

    def undo(self) -> Edit | None:
        if not self.edits:
            return None
        edit = self.edits.pop()
        if self.saved_edits > len(self.edits):
            self.saved_edits = -1  # the file on disk now differs from every state in the stack
        sd = self.sheet(edit.sheet)
        for (r, c), (v, f) in edit.before.items():
            if v is None:
                sd.values.pop((r, c), None)
            else:
                sd.values[(r, c)] = v
            if f is None:
                sd.formulas.pop((r, c), None)
            else:
                sd.formulas[(r, c)] = f
        return edit

    def rule_rows(self, sheet: str) -> dict[int, str]:
        """Rows highlighted by the rules added to a sheet (row -> colour)."""
        out: dict[int, str] = {}
        for e in self.edits:
            if e.kind == "rule" and e.sheet == sheet:
                for r in e.rows:
                    out[r] = e.color or "FFC7CE"
        return out

    # ------------------------------------------------------------ saving

    def save(self, out: str | None = None, *, force: bool = False):
        """Write every edit through the Editor (backup and atomic replace in place)."""
        from cfdesk.cf.excel import add_rule
        from cfdesk.cf.rules import parse_rule
        from cfdesk.writeback import Editor

        ed = Editor(self.path, source=self.pristine)
        for e in self.edits:
            if e.kind == "formula":
                if e.fill_to:
                    ed.fill_down(e.sheet, e.target, e.text, e.fill_to)
                else:
                    ed.set_formula(e.sheet, e.target, e.text)
            else:
                add_rule(ed, e.sheet, e.target, parse_rule(e.text), self.sheet(e.sheet), color=e.color)
        report = ed.save(out, force=force)
        if out and os.path.abspath(out) != os.path.abspath(self.path):
            # Like any editor: after Save As, the new file is the document. The sheets in
            # memory already hold what was saved, so nothing is read back.
            self.path = out
        self.saved_edits = len(self.edits)
        return report
