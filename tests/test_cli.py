"""The command line as a user runs it: output, exit status, and bad input."""

import hashlib
import json
import shutil
import subprocess
import sys

import openpyxl
import pytest

from cfdesk.cli import main

from .conftest import big_sheet_xml, raw_xlsx


def run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def digest(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_console_script_runs():
    r = subprocess.run([sys.executable, "-m", "cfdesk.cli", "inspect"], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0 and "Sales" in r.stdout and "Order Date" in r.stdout


def test_inspect_json(sample, capsys):
    code, out, _ = run(["inspect", sample, "--sheet", "Inventory", "--cell", "I2", "--json"], capsys)
    assert code == 0
    obj = json.loads(out)
    assert obj["table"]["ref"] == "A1:H121"
    assert [c["header"] for c in obj["columns"]][:3] == ["SKU", "Item", "Category"]
    assert obj["serialized"].startswith("table A1:H121 | target I2")


def test_eval_json(sample, capsys):
    code, out, _ = run(["eval", sample, "--sheet", "Sales", "--cell", "I4", "=E4*F4", "--rows", "2",
                        "--json"], capsys)
    assert code == 0
    obj = json.loads(out)
    assert obj["kind"] == "value" and obj["value"] == pytest.approx(26 * 49.5)
    assert [p["cell"] for p in obj["preview"]] == ["I5", "I6"]
    assert obj["explanation"] == "Returns E4 times F4."


def test_eval_excel_error_is_a_result_not_a_failure(sample, capsys):
    code, out, _ = run(["eval", sample, "--cell", "I4", "=1/0", "--json"], capsys)
    assert code == 0 and json.loads(out)["value"] == "#DIV/0!"


def test_apply_in_place_with_backup_and_fill_down(sample, capsys):
    before = digest(sample)
    code, out, err = run(["apply", sample, "--sheet", "Sales", "--cell", "I4", "=E4*F4",
                          "--fill-down", "--json"], capsys)
    assert code == 0, err
    obj = json.loads(out)
    assert obj["cells"][0] == "I4" and obj["cells"][-1] == "I253"
    assert digest(type(sample)(obj["backup"])) == before
    ws = openpyxl.load_workbook(sample)["Sales"]
    assert ws["I4"].value == "=E4*F4" and ws["I253"].value == "=E253*F253"
    assert ws["F4"].number_format == '"$"#,##0.00'  # styles kept
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:H1"]


def test_apply_save_as_adds_prefix(sample, tmp_path, capsys):
    out_path = tmp_path / "out.xlsx"
    before = digest(sample)
    code, _, err = run(["apply", sample, "--sheet", "Staff", "--cell", "I2",
                        '=XLOOKUP("E1003",A2:A61,E2:E61)', "-o", out_path], capsys)
    assert code == 0, err
    assert digest(sample) == before
    assert openpyxl.load_workbook(out_path)["Staff"]["I2"].value.startswith("=_xlfn.XLOOKUP(")


def test_apply_refuses_in_place_save_that_would_drop_a_chart(tmp_path, capsys):
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 6):
        ws.append([r, r * r])
    ch = BarChart()
    ch.add_data(Reference(ws, min_col=2, min_row=1, max_row=5))
    ws.add_chart(ch, "D2")
    p = tmp_path / "chart.xlsx"
    wb.save(p)
    before = digest(p)
    code, _, err = run(["apply", p, "--cell", "C1", "=A1*2"], capsys)
    assert code == 1 and "charts" in err and err.count("\n") == 1
    assert digest(p) == before
    code, _, err = run(["apply", p, "--cell", "C1", "=A1*2", "-o", tmp_path / "copy.xlsx"], capsys)
    assert code == 0 and "warning" in err
    code, _, err = run(["apply", p, "--cell", "C1", "=A1*2", "--force"], capsys)
    assert code == 0


def _w(path, data):
    path.write_bytes(data)
    return path


def _ole(path):
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    return path


BAD_INPUTS = {
    "not a zip": (lambda d, s: _w(d / "x.xlsx", b"just text"),
                  ["inspect"], "not an Excel workbook"),
    "truncated": (lambda d, s: _w(d / "t.xlsx", s.read_bytes()[:4000]),
                  ["inspect"], "truncated or corrupt"),
    "corrupt": (lambda d, s: _w(d / "c.xlsx",
                         s.read_bytes()[:3000] + b"\x00" * 500 + s.read_bytes()[3500:]),
        ["inspect"], "corrupt"),
    "encrypted": (lambda d, s: _ole(d / "secret.xlsx"), ["inspect"], "password-protected"),
    "xls": (lambda d, s: _ole(d / "old.xls"), ["inspect"], ".xls files are not supported"),
    "csv": (lambda d, s: _w(d / "a.csv", b"a,b\n1,2\n"), ["inspect"],
            ".csv files are not supported"),
    "missing sheet": (lambda d, s: s, ["inspect", "--sheet", "Nope"], "no sheet named 'Nope'"),
    "empty sheet": (lambda d, s: _empty_sheet(d), ["inspect", "--sheet", "Blank"], "is empty"),
    "target outside the sheet": (lambda d, s: s, ["eval", "--cell", "XFE1", "=1"], "outside the sheet"),
    "target row outside": (lambda d, s: s, ["apply", "--cell", "A1048577", "=1"], "outside the sheet"),
    "syntax error": (lambda d, s: s, ["eval", "--cell", "I4", "=SUM(A1:A3"], "missing ')'"),
    "unknown function": (lambda d, s: s, ["apply", "--cell", "I4", "=SUMM(A1:A3)"],
                         "unknown function SUMM()"),
    "self reference": (lambda d, s: s, ["apply", "--cell", "I4", "=I4+1"], "circular reference"),
    "million rows": (lambda d, s: raw_xlsx(d / "m.xlsx", big_sheet_xml(1_000_000)), ["inspect"],
                     "1,000,000 rows"),
    "million rows eval": (lambda d, s: raw_xlsx(d / "m.xlsx", big_sheet_xml(1_000_000)),
                          ["eval", "--cell", "C1", "=A1"], "1,000,000 rows"),
}


def _empty_sheet(d):
    wb = openpyxl.Workbook()
    wb.active.append(["a"])
    wb.create_sheet("Blank")
    p = d / "e.xlsx"
    wb.save(p)
    return p


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input(case, tmp_path, sample, capsys):
    build, argv, message = BAD_INPUTS[case]
    path = build(tmp_path, sample)
    before = digest(path)
    args = [argv[0], path, *argv[1:]]
    if argv[0] == "eval":
        args = ["eval", path, args[-1], *args[2:-1]]
    if argv[0] == "apply":
        args = ["apply", path, args[-1], *args[2:-1]]
    code, out, err = run(args, capsys)
    assert code != 0
    assert message in err, err
    assert err.startswith("cfdesk: ") and err.count("\n") == 1, err
    assert "Traceback" not in err + out
    assert digest(path) == before


def test_unwritable_output_path(sample, tmp_path, capsys):
    before = digest(sample)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(["apply", sample, "--cell", "I4", "=1", "-o", blocker / "out.xlsx"], capsys)
    assert code == 1 and "does not exist" in err and err.count("\n") == 1
    code, _, err = run(["apply", sample, "--cell", "I4", "=1", "-o", tmp_path / "out.csv"], capsys)
    assert code == 1 and ".xlsx" in err
    assert digest(sample) == before


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as e:
        main(["eval"])
    assert e.value.code == 2


def test_no_leftover_temp_files(sample, capsys):
    run(["apply", sample, "--cell", "I4", "=1"], capsys)
    assert not [p for p in sample.parent.iterdir() if p.name.startswith(".cfdesk-")]
    shutil.rmtree(sample.parent, ignore_errors=True)
