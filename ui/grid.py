"""The sheet grid: a lazy table model over one sheet's values.

Only the cells Qt asks for are looked up (a dict access each), so 100,000 rows scroll as
smoothly as 100. Column headers show the letter and the detected header name; rows that a
previewed or added rule highlights are tinted.
"""

from __future__ import annotations

import datetime as dt

from openpyxl.utils import get_column_letter
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from cfdesk.formula.evaluate import format_value
from cfdesk.workbook import SheetData

PREVIEW = QColor("#FFF2CC")
TINT = QColor("#FFC7CE")


class SheetModel(QAbstractTableModel):
    def __init__(self, sheet: SheetData, headers: dict[int, str] | None = None, parent=None):
        super().__init__(parent)
        self.sheet = sheet
        self.headers = headers or {}
        self.preview_rows: set[int] = set()  # rows a candidate rule would highlight
        self.rule_rows: dict[int, QColor] = {}  # rows highlighted by rules added to the workbook
        self.changed: set[tuple[int, int]] = set()  # cells cfdesk wrote
        self._rows = max(sheet.max_row + 20, 60)
        self._cols = max(sheet.max_col + 5, 12)
        self._bold = QFont()
        self._bold.setBold(True)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self._cols

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        r, c = index.row() + 1, index.column() + 1
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            v = self.sheet.values.get((r, c))
            if isinstance(v, dt.datetime):
                return v.date().isoformat() if v.time() == dt.time() else v.isoformat(" ")
            return format_value(v) if v is not None else None
        if role == Qt.BackgroundRole:
            if r in self.preview_rows:
                return QBrush(PREVIEW)
            if r in self.rule_rows:
                return QBrush(self.rule_rows[r])
            return None
        if role == Qt.FontRole and ((r, c) in self.changed):
            return self._bold
        if role == Qt.TextAlignmentRole:
            v = self.sheet.values.get((r, c))
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def headerData(self, section: int, orientation, role: int = Qt.DisplayRole):  # noqa: N802
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Horizontal:
            letter = get_column_letter(section + 1)
            name = self.headers.get(section + 1)
            return f"{letter}\n{name}" if name else letter
        return str(section + 1)

    def refresh(self, cells: list[tuple[int, int]] | None = None) -> None:
        rows = max(self.sheet.max_row + 20, self._rows)
        if rows != self._rows:
            self.beginInsertRows(QModelIndex(), self._rows, rows - 1)
            self._rows = rows
            self.endInsertRows()
        cols = max(self.sheet.max_col + 5, self._cols)
        if cols != self._cols:
            self.beginInsertColumns(QModelIndex(), self._cols, cols - 1)
            self._cols = cols
            self.endInsertColumns()
        self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, self._cols - 1))
