"""The main window: sheet tabs and grid, formula bar, request panel, candidates."""

from __future__ import annotations

import html
import os
import re

from openpyxl.utils import get_column_letter
from PySide6.QtCore import QSettings, QStandardPaths, Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cfdesk.document import Document, Edit
from cfdesk.errors import CfdeskError
from cfdesk.formula.evaluate import format_value
from ui.grid import SheetModel
from ui.workers import Task

MODES = [("Auto", "auto"), ("Formula", "formula"), ("Highlight rule", "cf")]
_TOKEN = re.compile(r"(?P<f>[A-Z][A-Za-z0-9.]*(?=\())|(?P<r>\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?|"
                    r"c\[\d+\])|[^A-Zc]+|.", re.S)
_STR = re.compile(r'("[^"]*"|\'[^\']*\')')


def highlight(text: str) -> str:
    """A formula or rule as syntax-highlighted HTML: functions, references, strings."""
    parts = _STR.split(text)
    out = []
    for i, p in enumerate(parts):
        if i % 2:
            out.append(f'<span style="color:#A31515">{html.escape(p)}</span>')
            continue
        def paint(m: re.Match) -> str:
            if m.group("f"):
                return f'<span style="color:#0000C0;font-weight:bold">{html.escape(m.group("f"))}</span>'
            if m.group("r"):
                return f'<span style="color:#006B3C">{html.escape(m.group("r"))}</span>'
            return html.escape(m.group(0))

        out.append(_TOKEN.sub(paint, p))
    return "".join(out)


class EditCommand(QUndoCommand):
    def __init__(self, window: MainWindow, edit: Edit, label: str):
        super().__init__(label)
        self.window = window
        self.edit = edit

    def redo(self) -> None:
        self.window.doc.apply(self.edit)
        self.window.after_edit(self.edit)

    def undo(self) -> None:
        self.window.doc.undo()
        self.window.after_edit(self.edit, undone=True)


class MainWindow(QMainWindow):
    def __init__(self, path: str | None = None, *, model_path: str | None = None, load_model: bool = True):
        super().__init__()
        self.setWindowTitle("cfdesk")
        self.settings = QSettings("cfdesk", "cfdesk")
        self.pool = QThreadPool.globalInstance()
        self.undo_stack = QUndoStack(self)
        self.model = None
        self.model_error: str | None = None
        self.model_path = model_path
        self.task: Task | None = None
        self.results = None
        self.doc: Document | None = None
        self.loading = False
        self.last_error: tuple[str, str] | None = None
        self.table = None
        self.sheet_name: str | None = None
        self.sheet_model: SheetModel | None = None
        self._anim_steps: list[list[str]] = []
        self._anim_timer = QTimer(self)
        self._anim_timer.timeout.connect(self._animate)
        self._build()
        self.setAcceptDrops(True)
        geo = self.settings.value("geometry")
        if geo is not None:
            self.restoreGeometry(geo)
        else:
            self.resize(1280, 800)
        self.open_path(path) if path else self.open_sample()
        if load_model:
            self.start_model_load()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        central = QWidget()
        outer = QVBoxLayout(central)
        bar = QHBoxLayout()
        self.cell_label = QLabel("A1")
        self.cell_label.setMinimumWidth(70)
        self.formula_bar = QLineEdit()
        self.formula_bar.setReadOnly(True)
        self.formula_bar.setPlaceholderText("the selected cell's formula or value")
        bar.addWidget(self.cell_label)
        bar.addWidget(self.formula_bar)
        outer.addLayout(bar)

        split = QSplitter(Qt.Horizontal)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.view = QTableView()
        self.view.setSelectionMode(QAbstractItemView.ContiguousSelection)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.tabs = QTabBar()
        self.tabs.currentChanged.connect(self._tab_changed)
        lv.addWidget(self.view)
        lv.addWidget(self.tabs)
        split.addWidget(left)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addWidget(QLabel("<b>Describe the formula you need</b>"))
        self.request = QLineEdit()
        self.request.setPlaceholderText('e.g. "10% commission on sales over 5,000" or "highlight rows where stock '
                                        'is below 10"')
        self.request.returnPressed.connect(self.generate)
        self.request.installEventFilter(self)  # Up/Down in the request box choose a candidate
        self.request.textChanged.connect(lambda _: self._selection_changed())
        rv.addWidget(self.request)
        row = QHBoxLayout()
        self.mode = QComboBox()
        for label, _ in MODES:
            self.mode.addItem(label)
        self.mode.setCurrentIndex(int(self.settings.value("mode", 0)))
        self.mode.currentIndexChanged.connect(lambda _: self._selection_changed())
        self.mode.currentIndexChanged.connect(lambda i: self.settings.setValue("mode", i))
        row.addWidget(QLabel("Mode"))
        row.addWidget(self.mode)
        self.target_label = QLabel("")
        row.addWidget(self.target_label, 1)
        rv.addLayout(row)
        buttons = QHBoxLayout()
        self.generate_btn = QPushButton("Generate (Enter)")
        self.generate_btn.clicked.connect(self.generate)
        self.cancel_btn = QPushButton("Cancel")
        self.cancel_btn.clicked.connect(self.cancel)
        self.cancel_btn.setEnabled(False)
        buttons.addWidget(self.generate_btn)
        buttons.addWidget(self.cancel_btn)
        rv.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        rv.addWidget(self.progress)
        self.candidates = QListWidget()
        self.candidates.setWordWrap(True)
        self.candidates.currentRowChanged.connect(self._candidate_selected)
        self.candidates.itemActivated.connect(lambda _: self.insert())
        rv.addWidget(self.candidates, 1)
        self.show_rejected = QCheckBox("Show rejected candidates")
        self.show_rejected.toggled.connect(lambda _: self._fill_candidates())
        rv.addWidget(self.show_rejected)
        act = QHBoxLayout()
        self.insert_btn = QPushButton("Insert (Ctrl+Enter)")
        self.insert_btn.clicked.connect(self.insert)
        self.fill_btn = QPushButton("Fill down")
        self.fill_btn.clicked.connect(lambda: self.insert(fill=True))
        act.addWidget(self.insert_btn)
        act.addWidget(self.fill_btn)
        rv.addLayout(act)
        split.addWidget(right)
        split.setSizes([820, 460])
        outer.addWidget(split, 1)
        self.setCentralWidget(central)

        self.status = self.statusBar()
        self.model_status = QLabel("Loading the model…")
        self.status.addPermanentWidget(self.model_status)

        m = self.menuBar().addMenu("&File")
        self._action(m, "&Open…", QKeySequence.Open, self.open_dialog)
        self.recent_menu = m.addMenu("Open &Recent")
        self._action(m, "&Save", QKeySequence.Save, self.save)
        self._action(m, "Save &As…", QKeySequence.SaveAs, self.save_as)
        m.addSeparator()
        self._action(m, "&Quit", QKeySequence.Quit, self.close)
        e = self.menuBar().addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.Redo)
        e.addAction(undo)
        e.addAction(redo)
        mm = self.menuBar().addMenu("&Model")
        from PySide6.QtGui import QActionGroup

        group = QActionGroup(self)
        current = str(self.settings.value("engine", "both"))
        for label, engine in (("Both models, pooled (best measured)", "both"),
                              ("CodeFusion diffusion only", "diffusion"),
                              ("Autoregressive baseline only", "ar")):
            a = QAction(label, self, checkable=True)
            a.setChecked(engine == current)
            a.triggered.connect(lambda _=False, e=engine: self.set_engine(e))
            group.addAction(a)
            mm.addAction(a)
        ins = QAction("Insert candidate", self)
        ins.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        ins.triggered.connect(self.insert)
        self.addAction(ins)
        self._refresh_recent()

    def _action(self, menu, text, shortcut, slot) -> QAction:
        a = QAction(text, self)
        a.setShortcut(shortcut)
        a.triggered.connect(slot)
        menu.addAction(a)
        return a

    # ------------------------------------------------------------ files

    def open_sample(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.AppDataLocation) or os.path.expanduser("~/.cfdesk")
        self._load(lambda: Document.sample_copy(folder), None)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open workbook", "", "Excel workbooks (*.xlsx *.xlsm)")
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        """Open a workbook in the background (large sheets take seconds to read); the window
        stays responsive and shows the file when it is ready. False if the user kept the
        current document."""
        if self.doc is not None and self.doc.dirty and not self._confirm_discard():
            return False
        self._load(lambda: Document(path), path)
        return True

    def _load(self, make, path: str | None) -> None:
        def work():
            doc = make()
            for n in doc.sheet_names:  # read every sheet and its context now, off the event loop
                try:
                    doc.context(n)
                except CfdeskError:
                    continue
            return doc

        self.loading = True
        self.progress.setRange(0, 0)
        self.status.showMessage(f"Opening {os.path.basename(path) if path else 'the sample workbook'}…")
        task = Task(work)
        task.signals.done.connect(lambda doc: self._opened(doc, path))
        task.signals.failed.connect(self._open_failed)
        self._open_task = task
        self.pool.start(task)

    def _opened(self, doc: Document, path: str | None) -> None:
        self.loading = False
        self.progress.setRange(0, 1)
        self._set_document(doc)
        if path:
            self._remember(path)
        self.status.showMessage(f"Opened {doc.path}", 4000)

    def _open_failed(self, msg: str) -> None:
        self.loading = False
        self.progress.setRange(0, 1)
        self.error("Cannot open the workbook", msg)

    def _set_document(self, doc: Document) -> None:
        old, self.doc = self.doc, doc
        if old is not None and old is not doc:
            old.close()  # its private copy of the workbook goes now, not at exit
        self.undo_stack.clear()
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        for n in doc.sheet_names:
            self.tabs.addTab(n)
        self.tabs.blockSignals(False)
        self.show_sheet(doc.sheet_names[0])
        self.setWindowTitle(f"cfdesk — {os.path.basename(doc.path)}")

    def _tab_changed(self, i: int) -> None:
        if self.doc is not None and 0 <= i < len(self.doc.sheet_names):
            self.show_sheet(self.doc.sheet_names[i])

    def show_sheet(self, name: str) -> None:
        try:
            sd = self.doc.sheet(name)
        except CfdeskError as e:
            self.error("Cannot read the sheet", str(e))
            return
        self.sheet_name = name
        headers = {}
        try:
            ctx = self.doc.context(name)
            headers = dict(ctx.table.headers)
            self.table = ctx.table
        except CfdeskError:
            self.table = None
        self.sheet_model = SheetModel(sd, headers, self)
        self.sheet_model.rule_rows = {r: _qcolor(c) for r, c in self.doc.rule_rows(name).items()}
        self.view.setModel(self.sheet_model)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.view.horizontalHeader().setDefaultSectionSize(110)
        self.candidates.clear()
        self.results = None
        if self.table is not None:
            self.view.setCurrentIndex(self.sheet_model.index(self.table.first_row - 1, self.table.last_col))
        self._selection_changed()

    def _remember(self, path: str) -> None:
        recent = [p for p in (self.settings.value("recent") or []) if p != path]
        self.settings.setValue("recent", [path] + recent[:7])
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for p in self.settings.value("recent") or []:
            a = self.recent_menu.addAction(p)
            a.triggered.connect(lambda _=False, p=p: self.open_path(p))

    def save(self) -> bool:
        return self._save(None)

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self, "Save As", self.doc.path, "Excel workbook (*.xlsx *.xlsm)")
        return self._save(path) if path else False

    def _save(self, out: str | None, force: bool = False) -> bool:
        try:
            report = self.doc.save(out, force=force)
        except CfdeskError as e:
            msg = str(e)
            if "openpyxl would drop" in msg and not force:
                box = QMessageBox(QMessageBox.Warning, "Content would be lost", msg, parent=self)
                save_as = box.addButton("Save As…", QMessageBox.AcceptRole)
                anyway = box.addButton("Save anyway", QMessageBox.DestructiveRole)
                box.addButton(QMessageBox.Cancel)
                box.exec()
                if box.clickedButton() is save_as:
                    return self.save_as()
                if box.clickedButton() is anyway:
                    return self._save(out, force=True)
                return False
            self.error("Cannot save", msg)
            return False
        for w in report.warnings:
            self.status.showMessage(f"Warning: {w}", 8000)
        self.status.showMessage(f"Saved {report.path}" + (f" (backup {os.path.basename(report.backup)})"
                                                           if report.backup else ""), 8000)
        self._remember(report.path)
        self.setWindowTitle(f"cfdesk — {os.path.basename(self.doc.path)}")
        return True

    # ------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        urls = event.mimeData().urls()
        if urls:
            self.open_path(urls[0].toLocalFile())

    # ------------------------------------------------------------ model

    def start_model_load(self) -> None:
        from cfdesk.suggest import load_engine

        engine = str(self.settings.value("engine", "both"))
        task = Task(lambda: load_engine(engine if engine in ("diffusion", "ar", "both") else "both",
                                        self.model_path))
        task.signals.done.connect(self._model_ready)
        task.signals.failed.connect(self._model_failed)
        self._model_task = task
        self.pool.start(task)

    def set_engine(self, engine: str) -> None:
        """Switch models (kept in the preferences); they load in the background."""
        self.settings.setValue("engine", engine)
        self.model = None
        self.model_error = None
        self.model_status.setText("Loading the model…")
        self.start_model_load()

    def _model_ready(self, model) -> None:
        self.model = model
        parts = model if isinstance(model, list) else [model]
        load = sum(getattr(m, "load_s", 0.0) for m in parts)
        names = "+".join("CodeFusion" if hasattr(m.net, "denoise") else "AR" for m in parts)
        self.model_status.setText(f"Model ready: {names} ({load:.1f} s, {parts[0].device.type})")

    def _model_failed(self, msg: str) -> None:
        self.model_error = msg
        self.model_status.setText("Model unavailable")
        self.error("The model could not be loaded", msg)

    # ------------------------------------------------------------ selection and target

    def _selected(self) -> tuple[int, int, int, int] | None:
        idx = self.view.selectionModel().selectedIndexes() if self.view.selectionModel() else []
        if not idx:
            cur = self.view.currentIndex()
            if not cur.isValid():
                return None
            idx = [cur]
        rows = [i.row() + 1 for i in idx]
        cols = [i.column() + 1 for i in idx]
        return min(rows), min(cols), max(rows), max(cols)

    def target(self, mode: str) -> str:
        sel = self._selected()
        if mode == "cf":
            if sel and (sel[0] != sel[2] or sel[1] != sel[3]):
                return f"{get_column_letter(sel[1])}{sel[0]}:{get_column_letter(sel[3])}{sel[2]}"
            if self.table is not None:
                return self.table.data_ref
        if sel:
            return f"{get_column_letter(sel[1])}{sel[0]}"
        if self.table is not None:
            return f"{get_column_letter(self.table.last_col + 1)}{self.table.first_row}"
        return "A1"

    def _selection_changed(self) -> None:
        sel = self._selected()
        if not sel or self.sheet_model is None:
            return
        r, c = sel[0], sel[1]
        sd = self.sheet_model.sheet
        self.cell_label.setText(f"{get_column_letter(c)}{r}")
        f = sd.formulas.get((r, c))
        self.formula_bar.setText("=" + f if f else format_value(sd.values.get((r, c))))
        self.target_label.setText(f"Target: {self.target(self._chosen_mode(self.request.text()))}")

    def _mode_value(self) -> str:
        return MODES[self.mode.currentIndex()][1]

    def _chosen_mode(self, text: str) -> str:
        """The mode box's choice; under Auto a selection of several cells asks for a rule on
        them, as a range does on the command line."""
        from cfdesk.suggest import choose_mode

        sel = self._selected()
        rng = (f"{get_column_letter(sel[1])}{sel[0]}:{get_column_letter(sel[3])}{sel[2]}"
               if sel and (sel[0] != sel[2] or sel[1] != sel[3]) else None)
        return choose_mode(text, self._mode_value(), rng)

    # ------------------------------------------------------------ generation

    def generate(self) -> None:
        text = self.request.text().strip()
        if not text:
            self.status.showMessage("Type a request first", 4000)
            return
        if self.model is None:
            msg = self.model_error or "The model is still loading; try again in a moment."
            self.status.showMessage(msg, 5000)
            return
        from cfdesk.suggest import suggest

        mode = self._chosen_mode(text)
        target = self.target(mode)
        sd = self.doc.sheet(self.sheet_name)
        others = self.doc.others(self.sheet_name)
        model = self.model
        self.cancel()
        self.task = Task(lambda: suggest(sd, target, text, mode=mode, others=others, model=model,
                                         keep_intermediates=True, seed=None))
        self.task.signals.done.connect(self._generated)
        self.task.signals.failed.connect(self._generation_failed)
        self.progress.setRange(0, 0)  # busy
        self.generate_btn.setEnabled(False)
        self.cancel_btn.setEnabled(True)
        self.candidates.clear()
        self.status.showMessage(f"Generating {'a rule' if mode == 'cf' else 'formulas'} for {target}…")
        self.pool.start(self.task)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancelled = True
            self.task = None
        self._anim_timer.stop()
        self.progress.setRange(0, 1)
        self.generate_btn.setEnabled(True)
        self.cancel_btn.setEnabled(False)

    def _generation_failed(self, msg: str) -> None:
        self.cancel()
        self.error("Could not generate candidates", msg)

    def _generated(self, res) -> None:
        self.task = None
        self.results = res
        self.progress.setRange(0, 1)
        self.generate_btn.setEnabled(True)
        self.cancel_btn.setEnabled(False)
        self.status.showMessage(f"{len(res.candidates)} candidates in {res.latency_ms:.0f} ms", 6000)
        self._anim_steps = [s for s in (res.intermediates or [])]
        if self._anim_steps:
            self._anim_timer.start(90)
        else:
            self._fill_candidates()

    def _animate(self) -> None:
        """Show the sampler's intermediate programs, step by step, then the ranked list."""
        if not self._anim_steps:
            self._anim_timer.stop()
            self._fill_candidates()
            return
        step = self._anim_steps.pop(0)
        self.candidates.clear()
        for t in step[:5]:
            self.candidates.addItem(QListWidgetItem(f"… {t}"))

    def _fill_candidates(self) -> None:
        self.candidates.clear()
        res = self.results
        if res is None:
            return
        shown = list(res.candidates) + (list(res.rejected) if self.show_rejected.isChecked() else [])
        if not shown:
            self.candidates.addItem(QListWidgetItem("No valid candidate. Rephrase the request, name the "
                                                    "columns, or tick 'Show rejected candidates'."))
            return
        for i, c in enumerate(shown):
            item = QListWidgetItem()
            label = QLabel()
            label.setWordWrap(True)
            badge = ('<span style="background:#C6EFCE;color:#006100">&nbsp;valid&nbsp;</span>' if c.valid
                     else f'<span style="background:#FFC7CE;color:#9C0006">&nbsp;rejected&nbsp;</span> '
                          f'{html.escape(c.reason[:90])}')
            checks = c.checks() if c.valid else []  # valid Excel that is seldom meant
            if checks:
                badge += (' <span style="background:#FFEB9C;color:#9C5700">&nbsp;check&nbsp;</span> '
                          f'<small>{html.escape("; ".join(checks))}</small>')
            if c.mode == "cf":
                what = f"highlights {len(c.rows)} rows"
            else:
                what = "preview: " + ", ".join(html.escape(format_value(p.get("value"))) for p in c.preview[:4])
            label.setText(f'<b>{i + 1}.</b> <span style="font-family:monospace">{highlight(c.text)}</span> '
                          f'&nbsp; {badge} &nbsp; <small>score {c.score:.2f}</small><br>'
                          f'<small>{html.escape(c.explanation)}</small><br><small>{what}</small>')
            item.setData(Qt.UserRole, c)
            item.setSizeHint(label.sizeHint())
            self.candidates.addItem(item)
            self.candidates.setItemWidget(item, label)
        self.candidates.setCurrentRow(0)

    def _candidate_selected(self, row: int) -> None:
        if self.sheet_model is None:
            return
        item = self.candidates.item(row) if row >= 0 else None
        c = item.data(Qt.UserRole) if item is not None else None
        self.sheet_model.preview_rows = set(c.rows) if c is not None and c.mode == "cf" else set()
        self.sheet_model.refresh()

    # ------------------------------------------------------------ insert

    def current_candidate(self):
        item = self.candidates.currentItem()
        return item.data(Qt.UserRole) if item is not None else None

    def insert(self, fill: bool = False) -> None:
        c = self.current_candidate()
        if c is None or self.results is None:
            self.status.showMessage("Generate and choose a candidate first", 4000)
            return
        if not c.valid:
            self.status.showMessage("That candidate was rejected; choose a valid one", 4000)
            return
        target = self.results.target
        if c.mode == "cf":
            edit = Edit("rule", self.sheet_name, target, c.text, color="FFC7CE")
            label = f"Add rule {c.text}"
        else:
            last = self.table.last_row if (fill and self.table is not None) else None
            edit = Edit("formula", self.sheet_name, target, c.text, fill_to=last)
            label = f"{'Fill' if fill else 'Insert'} {c.text} at {target}"
        try:
            self.undo_stack.push(EditCommand(self, edit, label))
        except CfdeskError as e:
            self.error("Cannot insert", str(e))

    def after_edit(self, edit: Edit, undone: bool = False) -> None:
        if self.sheet_name != edit.sheet:
            idx = self.doc.sheet_names.index(edit.sheet)
            self.tabs.setCurrentIndex(idx)
        m = self.sheet_model
        if edit.kind == "formula":
            if undone:
                m.changed -= set(edit.cells)
            else:
                m.changed |= set(edit.cells)
        m.rule_rows = {r: _qcolor(col) for r, col in self.doc.rule_rows(edit.sheet).items()}
        m.preview_rows = set()
        m.refresh()
        self._selection_changed()
        self.status.showMessage(("Undid: " if undone else "") + self.undo_stack.text(
            self.undo_stack.index() - (0 if undone else 1)), 5000)

    # ------------------------------------------------------------ misc

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        from PySide6.QtCore import QEvent

        if obj is self.request and event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Up, Qt.Key_Down):
            n = self.candidates.count()
            if n:
                row = self.candidates.currentRow() + (1 if event.key() == Qt.Key_Down else -1)
                self.candidates.setCurrentRow(max(0, min(n - 1, row)))
            return True
        return super().eventFilter(obj, event)

    def error(self, title: str, message: str) -> None:
        if os.environ.get("CFDESK_NO_DIALOGS"):
            self.status.showMessage(f"{title}: {message}", 10000)
            self.last_error = (title, message)
            return
        QMessageBox.critical(self, title, message)

    def _confirm_discard(self) -> bool:
        if os.environ.get("CFDESK_NO_DIALOGS"):
            return True
        r = QMessageBox.question(self, "Unsaved changes", "Discard the unsaved changes?",
                                 QMessageBox.Discard | QMessageBox.Cancel)
        return r == QMessageBox.Discard

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.doc is not None and self.doc.dirty and not self._confirm_discard():
            event.ignore()
            return
        self.settings.setValue("geometry", self.saveGeometry())
        if self.doc is not None:
            self.doc.close()
        event.accept()


def _qcolor(hexcolor: str):
    from PySide6.QtGui import QColor

    return QColor("#" + hexcolor.lstrip("#"))
