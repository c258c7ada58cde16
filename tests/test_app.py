"""The desktop app, driven headless through its real main window (pytest-qt, offscreen)."""

import os

import openpyxl
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CFDESK_NO_DIALOGS"] = "1"

pytest.importorskip("pytestqt")
from PySide6.QtCore import Qt  # noqa: E402

from ui.main_window import MainWindow, highlight  # noqa: E402


@pytest.fixture
def window(qtbot, sample, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    w = MainWindow(str(sample))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: (w.model is not None or w.model_error is not None) and w.doc is not None,
                    timeout=60000)
    assert w.model is not None, w.model_error
    return w


def test_open_type_generate_insert_undo_redo_save_reopen(window, qtbot, tmp_path):
    w = window
    assert [w.tabs.tabText(i) for i in range(w.tabs.count())] == ["Sales", "Staff", "Inventory"]
    w.tabs.setCurrentIndex(2)  # Inventory
    assert w.sheet_name == "Inventory"
    # the default target is the first empty column beside the table, on its first data row
    assert w.target("formula") == "I2"
    qtbot.keyClicks(w.request, "the total In Stock")
    qtbot.keyClick(w.request, Qt.Key_Return)  # Enter generates
    qtbot.waitUntil(lambda: w.results is not None and not w._anim_timer.isActive(), timeout=60000)
    assert w.results.candidates, [c.reason for c in w.results.rejected]
    best = w.current_candidate()
    assert best.valid and best.text == "=SUM(D2:D121)"
    if w.candidates.count() > 1:  # Up/Down in the request box move through the candidates
        qtbot.keyClick(w.request, Qt.Key_Down)
        assert w.candidates.currentRow() == 1
        qtbot.keyClick(w.request, Qt.Key_Up)
    assert w.candidates.currentRow() == 0
    w.insert()
    sd = w.doc.sheet("Inventory")
    expected = sum(v for (r, c), v in sd.values.items() if c == 4 and 2 <= r <= 121)
    assert sd.formulas[(2, 9)] == "SUM(D2:D121)" and sd.values[(2, 9)] == expected
    w.undo_stack.undo()
    assert (2, 9) not in sd.formulas and (2, 9) not in sd.values
    w.undo_stack.redo()
    assert sd.values[(2, 9)] == expected
    out = tmp_path / "saved.xlsx"
    assert w._save(str(out))
    assert openpyxl.load_workbook(out)["Inventory"]["I2"].value == "=SUM(D2:D121)"
    # reopen the saved file in the app: the cell reads back
    assert w.open_path(str(out))
    qtbot.waitUntil(lambda: not w.loading, timeout=30000)
    w.tabs.setCurrentIndex(2)
    assert w.doc.sheet("Inventory").formulas[(2, 9)] == "SUM(D2:D121)"


def test_a_type_clash_is_flagged_in_the_list(window):
    from PySide6.QtWidgets import QLabel

    from cfdesk.candidates import Candidate
    from cfdesk.suggest import Suggestions

    w = window
    bad = Candidate('=IF(D2<"Reorder",10,"OK")', "formula", 1.0, -0.1, True, kind="value", value=10,
                    clash="compares a number with a text")
    good = Candidate('=IF(D2<10,"Reorder","OK")', "formula", 0.5, -0.2, True, kind="value", value="OK")
    loose = Candidate('=IF(D2<=10,"Reorder","OK")', "formula", 0.4, -0.2, True, kind="value", value="OK",
                      other_comparison=True)
    w.results = Suggestions("formula", "I2", [bad, good, loose], [], 1.0)
    w._fill_candidates()
    texts = [w.candidates.itemWidget(w.candidates.item(i)).text() for i in range(3)]
    assert all(isinstance(w.candidates.itemWidget(w.candidates.item(i)), QLabel) for i in range(3))
    assert "compares a number with a text" in texts[0] and "check" in texts[0]
    assert "check" not in texts[1]
    assert "check" in texts[2] and "compares differently" in texts[2]


def test_rule_preview_and_add(window, qtbot):
    w = window
    w.tabs.setCurrentIndex(2)
    w.mode.setCurrentIndex(2)  # highlight rule
    w.request.setText("highlight duplicate Supplier")
    w.generate()
    qtbot.waitUntil(lambda: w.results is not None and not w._anim_timer.isActive(), timeout=60000)
    c = w.current_candidate()
    assert c is not None and c.mode == "cf" and c.valid
    assert w.sheet_model.preview_rows == set(c.rows)
    w.insert()
    assert set(w.sheet_model.rule_rows) == set(c.rows)
    w.undo_stack.undo()
    assert not w.sheet_model.rule_rows


def test_auto_mode_reads_a_selection_of_several_cells_as_a_rule(window):
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    w = window
    w.tabs.setCurrentIndex(2)
    w.mode.setCurrentIndex(0)  # auto
    model, sel = w.view.model(), w.view.selectionModel()
    sel.select(QItemSelection(model.index(1, 0), model.index(4, 2)), QItemSelectionModel.ClearAndSelect)
    assert w._chosen_mode("mark Office items") == "cf" and w.target("cf") == "A2:C5"
    sel.select(QItemSelection(model.index(1, 8), model.index(1, 8)), QItemSelectionModel.ClearAndSelect)
    assert w._chosen_mode("mark Office items") == "formula" and w.target("formula") == "I2"
    assert w._chosen_mode("highlight Office items") == "cf"  # the words still count


def test_bad_file_is_a_message_not_a_crash(window, tmp_path, qtbot):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    before = window.doc
    window.open_path(str(bad))
    qtbot.waitUntil(lambda: not window.loading, timeout=30000)
    assert "not an Excel workbook" in window.last_error[1]
    assert window.doc is before  # the open document stays
    assert os.path.exists(before.pristine)


def test_opening_another_workbook_deletes_the_previous_copy(window, qtbot, sample, tmp_path):
    import shutil

    first = window.doc
    other = tmp_path / "other.xlsx"
    shutil.copy(sample, other)
    assert window.open_path(str(other))
    qtbot.waitUntil(lambda: window.doc is not first, timeout=30000)
    assert not os.path.exists(first.pristine) and os.path.exists(window.doc.pristine)
    window.close()
    assert not os.path.exists(window.doc.pristine)


def test_generation_runs_off_the_event_loop_and_cancels(window, qtbot):
    w = window
    w.request.setText("the total In Stock")
    w.generate()
    assert w.cancel_btn.isEnabled()  # generate() returned at once; the work is in the pool
    w.cancel()
    assert not w.cancel_btn.isEnabled() and w.generate_btn.isEnabled()


def test_syntax_highlighting():
    h = highlight('=SUMIF(A2:A9,"East",B2:B9)')
    assert "SUMIF" in h and "A2:A9" in h and "&quot;East&quot;" in h and "color" in h


def test_engine_choice_is_kept(window, qtbot):
    window.set_engine("ar")
    qtbot.waitUntil(lambda: window.model is not None, timeout=60000)
    assert not isinstance(window.model, list) and "AR" in window.model_status.text()
    assert window.settings.value("engine") == "ar"
    window.set_engine("both")
    qtbot.waitUntil(lambda: window.model is not None, timeout=60000)
    assert isinstance(window.model, list)
