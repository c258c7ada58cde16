"""Opening workbooks, finding tables, column context."""

import datetime as dt

import openpyxl
import pytest

from cfdesk.context import context_from_file, context_of, describe, serialize
from cfdesk.errors import SheetError, WorkbookError
from cfdesk.workbook import SheetData, open_book

from .conftest import big_sheet_xml, raw_xlsx


def make(tmp_path, rows, name="t.xlsx", merge=None, formats=None, title="Sheet1"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row, start=1):
            if v is not None:
                ws.cell(r, c, v)
    for m in merge or []:
        ws.merge_cells(m)
    for ref, fmt in (formats or {}).items():
        for row in ws[ref]:
            for cell in row:
                cell.number_format = fmt
    p = tmp_path / name
    wb.save(p)
    return p


def test_sample_workbook_shape():
    from cfdesk.sample import SAMPLE_PATH

    b = open_book(str(SAMPLE_PATH))
    assert b.sheet_names == ["Sales", "Staff", "Inventory"]
    rows = 0
    kinds = set()
    for n in b.sheet_names:
        ctx = context_of(b.sheet(n))
        rows += ctx.table.last_row - ctx.table.first_row + 1
        kinds |= {c.type for c in ctx.columns}
        assert any(c.blanks for c in ctx.columns) or n == "Sales"
    assert rows >= 200
    assert {"date", "text", "integer", "currency", "percent"} <= kinds


def test_header_below_a_title_with_blank_rows_and_columns(tmp_path):
    rows = [["Quarterly report"], [], [None, "Region", "Sales", None, "Rep"]]
    rows += [[None, r, s, None, p] for r, s, p in [("East", 10, "Ann"), ("West", 20.5, "Bob"),
                                                  ("East", None, "Cy")]]
    p = make(tmp_path, rows, merge=["A1:E1"])
    ctx = context_from_file(str(p))
    t = ctx.table
    assert (t.header_row, t.first_row, t.last_row) == (3, 4, 6)
    assert [c.header for c in ctx.columns] == ["Region", "Sales", "", "Rep"]
    assert ctx.column("Sales").blanks == 1
    assert ctx.column("C").type == "number"
    assert ctx.column("D").type == "empty"


def test_merged_header_cells_name_every_column(tmp_path):
    rows = [["Name", "Score", None, "Grade"], ["a", 1, 2, "A"], ["b", 3, 4, "B"]]
    p = make(tmp_path, rows, merge=["B1:C1"])
    ctx = context_from_file(str(p))
    assert [c.header for c in ctx.columns] == ["Name", "Score", "Score", "Grade"]


def test_types(tmp_path):
    rows = [["id", "price", "rate", "when", "flag", "mix", "name"]]
    for i in range(6):
        rows.append([i, 1.5 + i, 0.1 * i, dt.date(2024, 1, 1 + i), i % 2 == 0,
                     "x" if i % 2 else i, f"n{i}"])
    p = make(tmp_path, rows, formats={"B2:B7": '"$"#,##0.00', "C2:C7": "0.0%", "D2:D7": "yyyy-mm-dd"})
    ctx = context_from_file(str(p))
    assert [c.type for c in ctx.columns] == ["integer", "currency", "percent", "date", "boolean",
                                             "mixed", "text"]
    # The in-memory path agrees with the streaming one.
    mem = context_of(open_book(str(p)).sheet())
    assert [c.type for c in mem.columns] == [c.type for c in ctx.columns]
    assert serialize(mem) == serialize(ctx)


def test_serialization_is_compact_and_deterministic(sample):
    a = serialize(context_from_file(str(sample), "Sales", "I4"))
    b = serialize(context_from_file(str(sample), "Sales", "I4"))
    assert a == b
    assert a.startswith("table A3:H253 | target I4 | A Order Date: date (")
    assert "\n" not in a and len(a) < 800
    assert "Revenue: currency" in a


def test_formula_cells_use_cached_value_or_are_evaluated(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["a", "b", "sum"])
    ws.append([1, 2, "=A2+B2"])
    p = tmp_path / "f.xlsx"
    wb.save(p)  # openpyxl stores no cached values
    sd = open_book(str(p)).sheet()
    assert sd.formulas[(2, 3)] == "A2+B2"
    assert sd.get(2, 3) == 3


def test_from_cells_coerces_numeric_text():
    sd = SheetData.from_cells("S", {"A1": "Value", "A2": "619.5", "A3": "12", "A4": "3/15/2011"})
    assert sd.get(2, 1) == 619.5 and sd.get(3, 1) == 12 and sd.get(4, 1) == "3/15/2011"


def test_bad_files(tmp_path):
    (tmp_path / "notzip.xlsx").write_text("hello")
    with pytest.raises(WorkbookError, match="not an Excel workbook"):
        open_book(str(tmp_path / "notzip.xlsx"))
    with pytest.raises(WorkbookError, match="no such file"):
        open_book(str(tmp_path / "missing.xlsx"))


def test_empty_and_missing_sheets(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Empty"
    p = tmp_path / "e.xlsx"
    wb.save(p)
    with pytest.raises(SheetError, match="empty"):
        context_from_file(str(p))
    with pytest.raises(SheetError, match="no sheet named 'Nope'"):
        context_from_file(str(p), "Nope")


def test_oversized_sheet_refused_with_and_without_dimension(tmp_path):
    p = raw_xlsx(tmp_path / "big.xlsx", big_sheet_xml(1_000_000))
    with pytest.raises(SheetError, match="1,000,000 rows"):
        context_from_file(str(p))
    with pytest.raises(SheetError, match="1,000,000 rows"):
        open_book(str(p)).sheet()
    p2 = raw_xlsx(tmp_path / "big2.xlsx", big_sheet_xml(320_000, with_dimension=False))
    with pytest.raises(SheetError, match="320,000 rows"):
        context_from_file(str(p2))


def test_describe_mentions_header_and_types(sample):
    text = describe(context_from_file(str(sample), "Staff"))
    assert "header row 1" in text and "Salary" in text and "currency" in text
