"""Conformance with a real spreadsheet engine: LibreOffice recalculates what cfdesk wrote.

Formulas are written with cfdesk's write-back (prefixes added), LibreOffice (headless)
loads the file, recalculates and saves it, and the values it computed must equal cfdesk's
evaluator's. Engine differences found so far are listed in ENGINE_DIFFERENCES with why.
"""

import datetime as dt
import os
import shutil
import subprocess

import openpyxl
import pytest

from cfdesk.formula.evaluate import evaluate_in_sheet, values_equal
from cfdesk.formula.parser import functions_used
from cfdesk.workbook import open_book
from cfdesk.writeback import Editor

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
if SOFFICE is None and os.environ.get("CI"):
    raise RuntimeError("LibreOffice (soffice) is required in CI: .ci/run installs libreoffice-calc-nogui")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice not installed")

DATA = [
    ["Region", "Rep", "Units", "Price", "Date", "Code", "Note"],
    ["East", "Ann", 12, 9.5, dt.date(2024, 1, 15), "AB-101", "  rush   order "],
    ["West", "Bob", 7, 20.0, dt.date(2024, 2, 29), "CD-202", "normal"],
    ["East", "Cy", 30, 4.25, dt.date(2023, 12, 31), "EF-303", None],
    ["North", "Dee", 0, 15.0, dt.date(2024, 7, 4), "GH-404", "Gift"],
    ["South", "Eve", 18, 11.0, dt.date(2024, 3, 1), "IJ-505", "normal"],
    ["East", "Fay", 5, 99.99, dt.date(2024, 11, 30), "KL-606", "rush"],
]

FORMULAS = [
    "=SUM(C2:C7)", "=SUM(C:C)", "=AVERAGE(D2:D7)", "=MIN(C2:C7)", "=MAX(D2:D7)",
    "=COUNT(C2:C7)", "=COUNTA(G2:G7)", "=COUNTBLANK(G2:G7)", '=COUNTIF(A2:A7,"East")',
    '=COUNTIF(C2:C7,">10")', '=COUNTIFS(A2:A7,"East",C2:C7,">=10")', '=SUMIF(A2:A7,"East",C2:C7)',
    '=SUMIFS(C2:C7,A2:A7,"East",D2:D7,"<50")', '=AVERAGEIF(A2:A7,"East",D2:D7)',
    '=AVERAGEIFS(D2:D7,C2:C7,">5")', '=MAXIFS(D2:D7,A2:A7,"East")', '=MINIFS(C2:C7,A2:A7,"East")',
    "=SUMPRODUCT(C2:C7,D2:D7)", '=SUMPRODUCT(--(A2:A7="East"))', "=ROUND(D2*1.175,2)",
    "=ROUNDUP(D3/3,1)", "=ROUNDDOWN(D4*3.3,0)", "=INT(-D2)", "=MOD(C4,7)", "=ABS(C5-C4)",
    '=IF(C2>10,"big","small")', '=IF(AND(C3>5,D3>10),"yes","no")', '=IF(OR(A4="West",C4>20),1,0)',
    "=NOT(C5>0)", '=IFERROR(C2/C5,"n/a")', "=IFERROR(1/0,-1)",
    '=IFS(C2>20,"high",C2>10,"mid",TRUE,"low")', '=SWITCH(A3,"East",1,"West",2,0)',
    '=VLOOKUP("Cy",B2:D7,2,FALSE)', '=LOOKUP(13,{0,5,10,20},{"a","b","c","d"})',
    '=HLOOKUP("Units",A1:G7,3,FALSE)',
    '=INDEX(D2:D7,MATCH("Eve",B2:B7,0))', '=MATCH(30,C2:C7,0)', "=INDEX(A1:G7,3,2)",
    "=LEFT(F2,2)", "=RIGHT(F3,3)", "=MID(F4,4,3)", "=LEN(G2)", '=FIND("-",F5)', '=SEARCH("RUSH",G7)',
    '=SUBSTITUTE(F6,"-","/")', "=TRIM(G2)", "=UPPER(B2)", "=LOWER(A2)", '=PROPER("hello wORLD")',
    '=CONCAT(A2,"-",B2)', '=CONCATENATE(B3," ",C3)', '=TEXTJOIN(", ",TRUE,B2:B4)',
    '=TEXT(D2,"0.00")', '=VALUE("12.5")+1', '=REPT("*",C5+3)', '=EXACT(A2,"east")',
    "=YEAR(E2)", "=MONTH(E3)", "=DAY(E3)", "=DATE(2024,2,29)+1", "=EOMONTH(E2,1)", "=EDATE(E3,12)",
    '=DATEDIF(E4,E2,"d")', '=DATEDIF(E4,E7,"m")', "=NETWORKDAYS(E2,E3)", "=WEEKDAY(E5)",
    "=WEEKDAY(E5,2)", "=E3-E2", "=LARGE(C2:C7,2)", "=SMALL(D2:D7,1)", "=RANK(C2,C2:C7)",
    "=RANK.EQ(D3,D2:D7,1)", "=MEDIAN(C2:C7)", "=STDEV(C2:C7)", "=ISBLANK(G4)", "=ISNUMBER(C2)",
    "=ISTEXT(C2)", "=ISERROR(1/0)", "=ISNA(MATCH(\"Zed\",B2:B7,0))", "=C2*D2*(1-10%)",
    '=A2&" / "&B2', "=2^10", "=-C2^2", "=SQRT(C4)", "=POWER(2,C5/6)", "=PRODUCT(C2:C3)",
    "=ROWS(A2:G7)", "=COLUMNS(A2:G7)", '=CHOOSE(2,"a","b","c")', "=--TRUE",
]

# Engine differences (LibreOffice 7.4, Debian 12) that are not cfdesk bugs:
ENGINE_DIFFERENCES = {
    # LibreOffice carries a boolean number format through arithmetic, so the file stores a
    # boolean cell holding 1; Excel shows 1. The number is the same.
    "=--TRUE": "LibreOffice stores the result as the boolean TRUE (value 1)",
}


def _ws_values(path):
    ws = openpyxl.load_workbook(path, data_only=True).active
    return ws


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    d = tmp_path_factory.mktemp("lo")
    src = d / "in.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for row in DATA:
        ws.append(row)
    for r in range(2, 8):
        ws.cell(r, 5).number_format = "yyyy-mm-dd"
    wb.save(src)
    ed = Editor(str(src))
    for i, f in enumerate(FORMULAS):
        ed.set_formula("Data", f"J{i + 2}", f)
    ed.save()
    out = d / "out"
    env = dict(os.environ, HOME=str(d))  # a private LibreOffice profile
    r = subprocess.run([SOFFICE, "--headless", "--norestore", "--calc", "--convert-to", "xlsx",
                        "--outdir", str(out), str(src)], capture_output=True, text=True, timeout=180,
                       env=env)
    assert r.returncode == 0, r.stderr
    return src, out / "in.xlsx"


def test_formula_set_is_broad_enough():
    funcs = {fn for f in FORMULAS for fn in functions_used(f)}
    assert len(FORMULAS) >= 60 and len(funcs) >= 30, (len(FORMULAS), len(funcs))


def test_libreoffice_agrees_with_cfdesk(recalculated):
    src, out = recalculated
    lo = _ws_values(out)
    sd = open_book(str(src)).sheet("Data")
    mismatches = []
    for i, f in enumerate(FORMULAS):
        row = i + 2
        ours = evaluate_in_sheet(f, sd, row, 10)
        theirs = lo.cell(row, 10).value
        if isinstance(theirs, dt.datetime):  # a date-formatted result: compare serials
            theirs = (theirs - dt.datetime(1899, 12, 30)).days
        if f in ENGINE_DIFFERENCES:
            assert ours.kind == "value" and float(ours.value) == float(theirs)
            continue
        if ours.kind not in ("value", "error") or not values_equal(ours.value, theirs, 1e-9):
            mismatches.append((f, ours.kind, ours.value, theirs))
    assert not mismatches, mismatches


def test_libreoffice_opens_prefixed_formulas(recalculated):
    src, _ = recalculated
    ws = openpyxl.load_workbook(src).active
    stored = [ws.cell(i + 2, 10).value for i in range(len(FORMULAS))]
    assert any(s.startswith("=_xlfn.TEXTJOIN(") for s in stored)
    assert any("_xlfn.IFS(" in s for s in stored)


def test_libreoffice_opens_every_written_rule(tmp_path):
    """Every kind of rule cfdesk writes, in one workbook: LibreOffice loads and converts it."""
    from cfdesk.cf.excel import add_rule
    from cfdesk.cf.rules import parse_rule

    from .test_cf import WRITE_CASES

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Item", "Stock", "Due"])
    for i, v in enumerate([5, 12, None, 40, 8, 8], start=1):
        ws.append([f"item{i}", v, dt.date(2024, 1, i)])
    src = tmp_path / "rules.xlsx"
    wb.save(src)
    sd = open_book(str(src)).sheet()
    ed = Editor(str(src))
    for rule in WRITE_CASES:
        add_rule(ed, None, "A2:C7" if "c[" in rule else "B2:B7", parse_rule(rule), sd)
    ed.save()
    out = tmp_path / "out"
    env = dict(os.environ, HOME=str(tmp_path))
    for fmt in ("xlsx", "ods"):
        r = subprocess.run([SOFFICE, "--headless", "--norestore", "--calc", "--convert-to", fmt,
                            "--outdir", str(out), str(src)], capture_output=True, text=True,
                           timeout=180, env=env)
        assert r.returncode == 0 and (out / f"rules.{fmt}").stat().st_size > 0, r.stderr
    back = openpyxl.load_workbook(out / "rules.xlsx").active.conditional_formatting
    kinds = {r.type for cf in back for r in cf.rules}
    # LibreOffice re-saves each rule; the native kinds survive its round trip.
    assert {"cellIs", "top10", "aboveAverage", "duplicateValues", "colorScale", "dataBar",
            "iconSet", "expression"} <= kinds, kinds
