"""The evaluator: result kinds, corrected engine defects, fill-down, explanations."""

import datetime as dt

import pytest

from cfdesk.formula.evaluate import evaluate_in_sheet, fill_down, values_equal
from cfdesk.formula.explain import TEMPLATES, explain
from cfdesk.workbook import SheetData


@pytest.fixture
def sheet():
    return SheetData.from_cells("Data", {
        "A1": "Region", "B1": "Sales", "C1": "Date", "D1": "Note",
        "A2": "East", "B2": 120.5, "C2": dt.datetime(2024, 3, 1), "D2": "  big   order ",
        "A3": "West", "B3": 80, "C3": dt.datetime(2024, 1, 15),
        "A4": "East", "B4": 10, "C4": dt.datetime(2023, 12, 31), "D4": "TRUE",
    })


def ev(f, sd, cell=(6, 6)):
    return evaluate_in_sheet(f, sd, *cell)


@pytest.mark.parametrize("formula,expected", [
    ('=SUMIF(A2:A4,"East",B2:B4)', 130.5),
    ('=COUNTIFS(A2:A4,"East",B2:B4,">50")', 1),
    ("=AVERAGE(B2:B4)", 70.16666666666667),
    ("=MAX(B:B)", 120.5),
    ('=IF(B2>100,"high","low")', "high"),
    ("=YEAR(C2)", 2024),
    ("=DATE(2024,3,1)=C2", True),
    ('=VLOOKUP("West",A2:B4,2,FALSE)', 80),
    ('=INDEX(B2:B4,MATCH("West",A2:A4,0))', 80),
    ('=XLOOKUP("West",A2:A4,B2:B4)', 80),
    ('=A2&"-"&B3', "East-80"),
    ("=ROUND(B2/3,2)", 40.17),
    ("=UPPER(LEFT(A3,2))", "WE"),
    ("=SUM(B2:B4)*10%", 21.05),
])
def test_values(sheet, formula, expected):
    r = ev(formula, sheet)
    assert r.kind == "value", r.message
    assert values_equal(r.value, expected), r.value


# Excel's documented results for the three defects of formulas 1.3.4.
@pytest.mark.parametrize("formula,expected", [
    ("=--TRUE", 1),
    ("=--FALSE", 0),
    ('=--"3"', 3),
    ('=SUMPRODUCT(--(A2:A4="East"))', 2),
    ("=--D4", 1),  # "TRUE" text coerces to... Excel: --"TRUE" is #VALUE!
    ('=TRIM("  big   order  ")', "big order"),
    ("=TRIM(D2)", "big order"),
    ('=DATEDIF(DATE(2020,1,1),DATE(2020,3,1),"d")', 60),
    ('=DATEDIF(DATE(2020,1,1),DATE(2020,3,1),"D")', 60),
    ('=DATEDIF(DATE(2020,1,15),DATE(2021,3,1),"m")', 13),
    ('=DATEDIF(DATE(2020,1,15),DATE(2023,1,14),"y")', 2),
])
def test_engine_defects_corrected(sheet, formula, expected):
    r = ev(formula, sheet)
    if formula == "=--D4":
        assert r.kind == "error" and r.value == "#VALUE!"
        return
    assert r.kind == "value", r.message
    assert r.value == expected


def test_error_kinds(sheet):
    r = ev("=1/0", sheet)
    assert (r.kind, r.value) == ("error", "#DIV/0!")
    r = ev('=VLOOKUP("Nowhere",A2:B4,2,FALSE)', sheet)
    assert (r.kind, r.value) == ("error", "#N/A")
    r = ev("=NOSUCHFUNC(1)", sheet)
    assert r.kind == "error" and r.value == "#NAME?" and "NOSUCHFUNC" in r.message
    r = ev('=INDIRECT("A1")', sheet)
    assert r.kind == "unsupported" and "INDIRECT" in r.message
    r = ev("=SUM(A1:A3", sheet)
    assert r.kind == "syntax"
    r = ev("=B2+Other!A1", sheet)
    assert r.kind == "error" and r.value == "#REF!"


def test_self_reference_is_circular(sheet):
    r = evaluate_in_sheet("=F6+1", sheet, 6, 6)
    assert r.kind == "error" and "circular" in r.message
    r = evaluate_in_sheet("=SUM(B:B)", sheet, 9, 2)
    assert r.kind == "error" and "circular" in r.message


def test_timeout():
    big = SheetData("Big")
    for r in range(1, 20001):
        big.set(r, 1, r)
        big.set(r, 2, r % 7)
    f = "=SUMPRODUCT((A1:A20000>5)*(B1:B20000))+SUMIF(B1:B20000,\">3\",A1:A20000)"
    assert evaluate_in_sheet(f, big, 1, 3).kind == "value"
    r = evaluate_in_sheet(f, big, 1, 3, timeout=0.001)
    assert r.kind == "timeout" and "longer than" in r.message


def test_blanks_and_dates(sheet):
    assert ev("=D3", sheet).value == 0  # a blank cell reads as 0
    assert ev('=D3=""', sheet).value is True
    assert ev("=C2-C3", sheet).value == 46  # dates are serial numbers
    assert ev("=ISBLANK(D3)", sheet).value is True


def test_fill_down_translates_and_reuses(sheet):
    rs = fill_down("=B2*2", sheet, 2, 5, 2)
    assert [(r.cell, r.formula, r.value) for r in rs] == [
        ("E2", "=B2*2", 241), ("E3", "=B3*2", 160), ("E4", "=B4*2", 20)]
    rs = fill_down("=B2/SUM($B$2:$B$4)", sheet, 2, 5, 2)
    assert abs(sum(r.value for r in rs) - 1) < 1e-12


def test_spilled_array_result(sheet):
    r = ev("=UPPER(A2:A4)", sheet)
    assert r.value == "EAST" and r.array == [["EAST"], ["WEST"], ["EAST"]]


def test_explanations_cover_forty_functions():
    assert len(TEMPLATES) >= 40
    samples = {
        '=SUMIF(A2:A9,"East",B2:B9)': 'Adds up B2:B9 where A2:A9 equals "East".',
        '=COUNTIF(C:C,">100")': "Returns the number of cells in C:C that is greater than 100.",
        '=IF(B2>100,"high","low")': 'If B2 is greater than 100, then "high", otherwise "low".',
        "=VLOOKUP(A2,Sheet2!A:B,2,FALSE)": ("Returns the value in column 2 of Sheet2!A:B on the row "
                                            "where its first column matches A2 (exact match)."),
        "=B2*(1-C2)": "Returns B2 times (1 minus C2).",
    }
    for f, text in samples.items():
        assert explain(f) == text
    for name in TEMPLATES:
        text = explain(f"={name}(A1,B1,C1,D1)")
        assert f"{name} of" not in text, name


@pytest.mark.parametrize("formula,text", [
    ('=LEFT(B3,FIND(" ",B3)-1)', "Returns the part of B3 before the first space."),
    ('=MID(B3,FIND(" ",B3)+1,100)', "Returns the part of B3 after the first space (at most 100 characters)."),
    ('=LEFT(E2,SEARCH("@",E2)-1)', 'Returns the part of E2 before the first "@".'),
    ("=LEFT(A2,4)", "Returns the first 4 characters of A2."),
    ("=RIGHT(A2)", "Returns the last character of A2."),
    ("=RIGHT(A2,LEN(A2)-4)", "Returns the last characters of A2, as many as the number of characters in A2 minus 4."),
    ('=LEFT(B3,FIND(" ",C3)-1)', 'Returns the first characters of B3, as many as the position of " " in C3 '
                                 "(case-sensitive) minus 1."),  # another cell's space: no shortcut
])
def test_text_cuts_read_as_what_they_cut(formula, text):
    assert explain(formula) == text


def test_row_and_column_functions():
    sd = SheetData.from_cells("S", {"A1": 1, "A2": 2, "A3": 3})
    assert evaluate_in_sheet("=ROW()*10+COLUMN()", sd, 5, 2).value == 52
    assert [r.value for r in fill_down("=ROW()-1+A1", sd, 1, 3, 2)] == [1, 3, 5]
    assert [r.value for r in fill_down("=ROWS($A$1:A1)", sd, 1, 3, 2)] == [1, 2, 3]
    assert evaluate_in_sheet("=COLUMNS(A1:C9)*ROW(A7)", sd, 5, 5).value == 21
