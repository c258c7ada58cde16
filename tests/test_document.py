"""The app's document: edits in memory, replayed onto the opened file on save."""

import openpyxl

from cfdesk.document import Document, Edit


def _rules(path, sheet):
    cf = openpyxl.load_workbook(path)[sheet].conditional_formatting
    return [(str(c.sqref), r.type) for c in cf for r in c.rules]


def test_formula_edit_undo_and_save(sample, tmp_path):
    doc = Document(sample)
    sd = doc.sheet("Inventory")
    e = doc.apply(Edit("formula", "Inventory", "I2", "=D2*F2", fill_to=5))
    assert e.cells == [(2, 9), (3, 9), (4, 9), (5, 9)]
    assert sd.values[(3, 9)] == sd.values[(3, 4)] * sd.values[(3, 6)] and sd.formulas[(3, 9)] == "D3*F3"
    assert doc.dirty
    doc.undo()
    assert (2, 9) not in sd.values and (2, 9) not in sd.formulas
    doc.apply(e)
    report = doc.save(str(tmp_path / "out.xlsx"))
    assert not doc.dirty and report.path.endswith("out.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["Inventory"]
    assert [ws[f"I{r}"].value for r in range(2, 6)] == ["=D2*F2", "=D3*F3", "=D4*F4", "=D5*F5"]
    assert ws["I6"].value is None


def test_saving_twice_never_duplicates_a_rule(sample):
    doc = Document(sample)
    doc.apply(Edit("rule", "Inventory", "A2:H121", "LessThan(c[3], 10)"))
    doc.save()
    doc.save(force=True)
    assert _rules(sample, "Inventory") == [("A2:H121", "expression")]
    # undo after saving, then save: the file matches the document again
    doc.undo()
    assert doc.dirty
    doc.save()
    assert _rules(sample, "Inventory") == []


def test_rule_rows_are_tracked(sample):
    doc = Document(sample)
    e = doc.apply(Edit("rule", "Inventory", "A2:H121", "LessThan(c[3], 10)", color="FFEB9C"))
    assert e.rows and set(doc.rule_rows("Inventory")) == set(e.rows)
    assert all(c == "FFEB9C" for c in doc.rule_rows("Inventory").values())


def test_the_private_copy_goes_when_the_document_closes(sample, tmp_path, monkeypatch):
    import os
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "t"))
    os.makedirs(tempfile.tempdir)
    with Document(sample) as doc:
        assert len(os.listdir(tempfile.tempdir)) == 1  # the copy edits are replayed onto
        assert doc.sheet("Inventory").values
    assert os.listdir(tempfile.tempdir) == []
    doc = Document(sample)
    del doc  # collected without close(): the copy still goes
    import gc

    gc.collect()
    assert os.listdir(tempfile.tempdir) == []


def test_a_file_that_cannot_be_opened_names_the_users_file_and_leaves_nothing(tmp_path, monkeypatch):
    import os
    import tempfile

    import pytest

    from cfdesk.errors import WorkbookError

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "t"))
    os.makedirs(tempfile.tempdir)
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(WorkbookError) as e:
        Document(bad)
    assert str(e.value).startswith(str(bad)) and "not an Excel workbook" in str(e.value)
    with pytest.raises(WorkbookError, match="no such file"):
        Document(tmp_path / "missing.xlsx")
    assert os.listdir(tempfile.tempdir) == []
