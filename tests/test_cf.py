"""Conditional-formatting rules: language, interpreter, native write-back, CLI."""

import datetime as dt
import gzip
import hashlib
import json
from collections import Counter

import openpyxl
import pytest

from cfdesk.cf.excel import Target, add_rule, formula_for
from cfdesk.cf.explain import explain_rule
from cfdesk.cf.interpret import apply_rule
from cfdesk.cf.rules import canonical, detokenize, parse_rule, same_rule, to_text, tokenize
from cfdesk.cli import main
from cfdesk.errors import RuleError
from cfdesk.formula.evaluate import fill_down
from cfdesk.workbook import SheetData, open_book
from cfdesk.writeback import Editor

from .conftest import FIXTURES

# ---------------------------------------------------------------- language


@pytest.mark.parametrize("text,canon", [
    ("GreaterThan(c[2], 4000)", "GreaterThan(c[2], 4000)"),
    ("greaterthan(c[2],4000)", "GreaterThan(c[2], 4000)"),
    ("TextContains(c[1], 'M type')", "TextContains(c[1], 'M type')"),
    ('TextContains("M type")', "TextContains('M type')"),
    ("TextContains(M type)", "TextContains('M type')"),
    ("TextContains(Smith, John)", "TextContains('Smith, John')"),
    ("Top(c[2], 10)", "Top(c[2], 10)"),
    ("top(10%)", "Top(10%)"),
    ("TopPercent(10)", "Top(10%)"),
    ("BottomPercent(c[0], 5)", "Bottom(c[0], 5%)"),
    ("aboveAverage(c[1])", "AboveAverage(c[1])"),
    ("Duplicates(c[0])", "Duplicate(c[0])"),
    ("Between(15,85)", "Between(15, 85)"),
    ("Blanks()", "Blanks()"),
    ("NOT(TextContains(Reactor))", "NOT(TextContains('Reactor'))"),
    ("AND(GreaterThanEqual(25),LessThan(50))", "AND(GreaterThanEqual(25), LessThan(50))"),
    ("OR(TextEquals(p), TextEquals(ul))", "OR(TextEquals('p'), TextEquals('ul'))"),
    ("ColorScale()", "ColorScale()"), ("DataBar(c[1])", "DataBar(c[1])"), ("IconSet()", "IconSet()"),
    ("LastMonth(c[0])", "LastMonth(c[0])"), ("last7days()", "Last7Days()"),
    ("StartsWith(Ab)", "TextStartsWith('Ab')"), ("EndsWith(c[1], 'x')", "TextEndsWith(c[1], 'x')"),
    ("TextEquals('it''s')", "TextEquals('it''s')"),
    ("Equals(Done)", "Equals('Done')"), ("LessThan(-5251.4737555988249)", "LessThan(-5251.4737555988249)"),
    ("=$a2=$a3", "=$A2=$A3"),
    ("GreaterThan($e$13)", "GreaterThan($E$13)"), ("TextEquals(c[0], $B6)", "TextEquals(c[0], $B6)"),
    ("TextEquals(Q4)", "TextEquals('Q4')"), ("TextEquals('$B$6')", "TextEquals('$B$6')"),  # texts
    # an unquoted percentage compared with is the number it stands for, as in Excel's
    # "Cell Value >= 10%"; quoted, or in a text rule, it stays a text
    ("GreaterThanEqual(c[5], 10%)", "GreaterThanEqual(c[5], 0.1)"), ("Equals(12.5%)", "Equals(0.125)"),
    ("Between(c[1], 10%, 150%)", "Between(c[1], 0.1, 1.5)"), ("Equals('10%')", "Equals('10%')"),
    ("TextContains(80%)", "TextContains('80%')"),
])
def test_canonical(text, canon):
    assert canonical(text) == canon
    assert canonical(canon) == canon
    assert detokenize(tokenize(canon)) == canon


def test_round_trip_on_all_pretraining_rules():
    lines = (FIXTURES / "cf_pretrain_distinct.txt").read_text().splitlines()
    failures = []
    for line in lines:
        try:
            c = canonical(line)
        except RuleError:
            failures.append(line)
            continue
        assert canonical(c) == c and detokenize(tokenize(c)) == c, line
    assert failures == ["OR(TextEquals(0),OR())"]  # the one malformed rule in the corpus


def test_same_rule_unifies_synonyms_case_and_quoting():
    assert same_rule("Duplicates()", "duplicate()")
    assert same_rule("TextContains('a b')", 'textcontains("A B")')
    assert same_rule("Between(15,85)", "Between(15.0, 85)")
    assert not same_rule("GreaterThan(5)", "GreaterThanEqual(5)")


@pytest.mark.parametrize("bad,message", [
    ("Foo(1)", "unknown rule 'Foo'"),
    ("Between(1)", "takes two numbers, got 1"),
    ("GreaterThan(1, 2)", "takes one value, got 2"),
    ("Blanks(3)", "takes no arguments"),
    ("Top(abc)", "needs a number"),
    ("Top(0)", "positive count"),
    ("AND(GreaterThan(1))", "two or more rules"),
    ("GreaterThan 5", "not a rule"),
    ("", "empty rule"),
    ("=SUM(A1", "formula rule"),
])
def test_bad_rules(bad, message):
    with pytest.raises(RuleError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_rule(bad)


# ---------------------------------------------------------------- interpreter


@pytest.fixture
def stock():
    cells = {"A1": "Item", "B1": "Stock", "C1": "Status", "D1": "Due"}
    data = [("Bolt", 5, "ok", dt.datetime(2024, 5, 3)), ("Nut", 12, "Low stock", dt.datetime(2024, 6, 1)),
            ("Gear", None, "ok", dt.datetime(2024, 5, 30)), ("Cog", 40, "LOW", None),
            ("Bolt", 8, "error #N/A", dt.datetime(2024, 4, 30)),
            ("Pin", "n/a", "ok", dt.datetime(2024, 5, 1))]
    for i, (a, b, c, d) in enumerate(data, start=2):
        cells[f"A{i}"] = a
        if b is not None:
            cells[f"B{i}"] = b
        cells[f"C{i}"] = c
        if d is not None:
            cells[f"D{i}"] = d
    return SheetData.from_cells("Stock", cells)


@pytest.mark.parametrize("rule,rows", [
    ("LessThan(c[1], 10)", [2, 4, 6]),  # the empty stock counts as 0, as in Excel
    ("GreaterThan(c[1], 10)", [3, 5, 7]),  # text sorts above numbers, as in Excel
    ("Between(c[1], 8, 12)", [3, 6]),
    ("TextContains(c[2], low)", [3, 5]),
    ("TextEquals(c[2], OK)", [2, 4, 7]),
    ("TextStartsWith(c[0], b)", [2, 6]),
    ("Duplicate(c[0])", [2, 6]),
    ("Unique(c[0])", [3, 4, 5, 7]),
    ("Top(c[1], 1)", [5]),
    ("Bottom(c[1], 2)", [2, 6]),
    ("Top(c[1], 50%)", [3, 5]),
    ("AboveAverage(c[1])", [5]),
    ("BelowAverage(c[1])", [2, 3, 6]),
    ("Blanks(c[1])", [4]),
    ("NOT(Blanks(c[3]))", [2, 3, 4, 6, 7]),
    ("AND(GreaterThan(c[1], 4), LessThan(c[1], 10))", [2, 6]),
    ("OR(TextEquals(c[0], Nut), TextEquals(c[0], Pin))", [3, 7]),
    ("LastMonth(c[3])", [2, 4, 7]),
    ("ThisMonth(c[3])", [3]),
    ("ColorScale(c[1])", [2, 3, 4, 5, 6, 7]),
    ("=$B2>$B3", [3, 5, 7]),  # "n/a" > an empty cell: text is above blank
    ("GreaterThan(c[1], $B$3)", [5, 7]),  # the value in B3 (12)
    ("TextEquals(c[0], $A$2)", [2, 6]),
    ("LessThan(c[1], $B$4)", []),  # an empty cell is 0
])
def test_semantics(stock, rule, rows):
    m = apply_rule(rule, stock, "A2:D7", today=dt.date(2024, 6, 10))
    assert m.rows == rows


def test_a_cell_s_row_moves_with_the_range_unless_fixed():
    sd = SheetData.from_cells("S", {"A1": "Plan", "B1": "Actual", "A2": 5, "B2": 7, "A3": 9, "B3": 4,
                                    "A4": 3, "B4": 3, "D1": 4})
    assert apply_rule("GreaterThan(c[1], $A2)", sd, "A2:B4").rows == [2]  # B2>A2, B3>A3, B4>A4
    assert apply_rule("GreaterThan(c[1], $D$1)", sd, "A2:B4").rows == [2]
    assert explain_rule("GreaterThan(c[1], $D$1)").count("the value in D1") == 1


def test_default_column_skips_an_index_column():
    sd = SheetData.from_cells("S", {"A1": "Index", "B1": "Value", "A2": 0, "B2": 5, "A3": 1, "B3": 50})
    assert apply_rule("GreaterThan(10)", sd, "A2:B3").cells == ["B3"]
    sd2 = SheetData.from_cells("S", {"A1": "Score", "B1": "Name", "A2": 50, "B2": "x", "A3": 5, "B3": "y"})
    assert apply_rule("GreaterThan(10)", sd2, "A2:B3").cells == ["A2"]


@pytest.mark.parametrize("rule,message", [
    ("GreaterThan(c[5], 1)", "outside the range"),
])
def test_column_outside_range(stock, rule, message):
    with pytest.raises(RuleError, match=message):
        apply_rule(rule, stock, "A2:D7")


def test_empty_range(stock):
    with pytest.raises(RuleError, match="empty"):
        apply_rule("Blanks()", stock, "H2:H9")


def _labelled():
    with gzip.open(FIXTURES / "cf_train_labelled.jsonl.gz", "rt") as f:
        return [json.loads(line) for line in f]


def _agreement(mode):
    ok, wrong, unparseable = 0, [], []
    for ex in _labelled():
        sd = SheetData.from_cells(ex["sheet"]["name"], ex["sheet"]["cells"])
        try:
            got = apply_rule(ex["gold"], sd, ex["target"], mode=mode).labels()
        except RuleError:
            unparseable.append(ex["id"])
            continue
        if got == ex["expected"]["row_labels"]:
            ok += 1
        else:
            wrong.append(ex)
    return ok, wrong, unparseable


def _diagnose(ex, sd) -> str:
    """Why an example's labels cannot be reproduced from the sheet it ships with."""
    from cfdesk.workbook import parse_range

    r1, _, r2, _ = parse_range(ex["target"])
    name = parse_rule(ex["gold"]).name
    labels = ex["expected"]["row_labels"]
    got = apply_rule(ex["gold"], sd, ex["target"], mode="labels").labels()
    if r2 - r1 + 1 == 100 and name in ("Top", "Bottom", "AboveAverage", "BelowAverage", "Duplicate"):
        return "table cut at 100 rows; the rule ranks or averages rows not shipped"
    if got[1:] == labels[:-1] or got[:-1] == labels[1:]:
        return "labels shifted by one row"
    return "labels from the original, wider range (not reproducible from this table)"


def test_interpreter_against_benchmark_labels():
    """Every one of the 554 labelled examples, with every disagreement explained.

    Measured: Excel semantics reproduce 381; the label generator's conventions (mode
    "labels": Bottom(n) up to the n-th largest value, Duplicate marks first occurrences,
    numeric comparisons ignore text, a cell such as $B$6 read as that text) reproduce 469
    (84.7%). The rest: 4 gold rules are noise (script fragments, an empty TextEquals()), 50
    tables were cut to 100 rows before ranking rules were labelled on the full column, 7 label
    lists are shifted by one row, 24 were labelled on the original sheet's wider range.
    """
    ok, wrong, unparseable = _agreement("labels")
    assert sorted(unparseable) == ["cf-train-469", "cf-train-495", "cf-train-517", "cf-train-559"]
    assert ok >= 469
    kinds = Counter()
    for ex in wrong:
        sd = SheetData.from_cells(ex["sheet"]["name"], ex["sheet"]["cells"])
        kinds[_diagnose(ex, sd)] += 1
    assert kinds == Counter({
        "table cut at 100 rows; the rule ranks or averages rows not shipped": 50,
        "labels from the original, wider range (not reproducible from this table)": 24,
        "labels shifted by one row": 7,
    }), kinds
    ok_excel, _, _ = _agreement("excel")
    assert ok_excel >= 381  # 384 before $B$6 meant the cell: three labels read it as a text


# ---------------------------------------------------------------- formulas agree with the interpreter

RULES = ["GreaterThan(c[1], 10)", "LessThan(c[1], 10)", "GreaterThanEqual(c[1], 8)",
         "LessThanEqual(c[1], 8)", "Equals(c[1], 12)", "NotEquals(c[1], 12)", "Between(c[1], 8, 12)",
         "NotBetween(c[1], 8, 12)", "TextContains(c[2], low)", "TextNotContains(c[2], low)",
         "TextEquals(c[2], OK)", "TextStartsWith(c[0], b)", "TextEndsWith(c[0], t)",
         "Duplicate(c[0])", "Unique(c[0])", "Top(c[1], 2)", "Bottom(c[1], 2)", "Top(c[1], 50%)",
         "Bottom(c[1], 34%)", "AboveAverage(c[1])", "BelowAverage(c[1])", "Blanks(c[1])",
         "NoBlanks(c[1])", "Errors(c[2])", "NoErrors(c[2])",
         "AND(GreaterThan(c[1], 4), LessThan(c[1], 10))", "OR(TextEquals(c[0], Nut), Blanks(c[1]))",
         "NOT(TextContains(c[2], ok))", "GreaterThan(c[1], $B$3)", "TextEquals(c[0], $A$2)",
         "TextContains(c[2], $C$6)"]


@pytest.mark.parametrize("rule", RULES)
def test_excel_formula_of_each_rule_matches_the_interpreter(stock, rule):
    """The formula written into the file, evaluated by cfdesk's evaluator row by row,
    highlights exactly the rows the interpreter says."""
    r = parse_rule(rule)
    today = dt.date.today()
    m = apply_rule(r, stock, "A2:D7", today=today)
    t = Target(2, 1, 7, 4, 1)
    f = "=" + formula_for(r, t)
    results = fill_down(f, stock, 2, 1, 5, check_circular=False)
    assert all(res.kind in ("value", "error") for res in results), [res.message for res in results]
    rows = [2 + i for i, res in enumerate(results) if res.value is True]
    assert rows == m.rows, (f, rows, m.rows)


PERIODS = ["Yesterday", "Today", "Tomorrow", "Last7Days", "LastWeek", "ThisWeek", "NextWeek",
           "LastMonth", "ThisMonth", "NextMonth"]


@pytest.mark.parametrize("period", PERIODS)
def test_date_period_formulas_match_the_interpreter(period):
    """Excel's own timePeriod formulas (TODAY()-based) against the interpreter, on dates
    spread around today."""
    today = dt.date.today()
    cells = {"A1": "When"}
    offsets = [-40, -35, -31, -20, -13, -9, -8, -7, -6, -3, -1, 0, 1, 2, 5, 7, 9, 13, 20, 31, 40]
    for i, d in enumerate(offsets, start=2):
        cells[f"A{i}"] = dt.datetime.combine(today + dt.timedelta(days=d), dt.time())
    sd = SheetData.from_cells("D", cells)
    n = len(offsets)
    m = apply_rule(f"{period}()", sd, f"A2:A{n + 1}", today=today)
    f = "=" + formula_for(parse_rule(f"{period}()"), Target(2, 1, n + 1, 1, 1))
    results = fill_down(f, sd, 2, 1, n - 1, check_circular=False)
    rows = [2 + i for i, res in enumerate(results) if res.value is True]
    assert rows == m.rows, (period, f, rows, m.rows)


# ---------------------------------------------------------------- write-back


WRITE_CASES = {
    "GreaterThan(c[1], 10)": "expression",  # on a column, whole rows: $B2>10
    "GreaterThan(10)": "cellIs", "Between(5, 20)": "cellIs", "TextEquals(Nut)": "cellIs",
    "TextContains(low)": "containsText", "TextStartsWith(B)": "beginsWith",
    "TextEndsWith(t)": "endsWith", "Top(3)": "top10", "Bottom(10%)": "top10",
    "AboveAverage()": "aboveAverage", "BelowAverage()": "aboveAverage",
    "Duplicate()": "duplicateValues", "Blanks()": "containsBlanks", "Errors()": "containsErrors",
    "LastMonth()": "timePeriod", "ColorScale()": "colorScale", "DataBar()": "dataBar",
    "IconSet()": "iconSet", "AND(GreaterThan(1), LessThan(9))": "expression", "=$B2>$B3": "expression",
    "NOT(TextContains(c[0], item2))": "expression",
}


def test_written_rules_reread_intact(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Item", "Stock"])
    for i, v in enumerate([5, 12, None, 40, 8], start=1):
        ws.append([f"item{i}", v])
    p = tmp_path / "cf.xlsx"
    wb.save(p)
    sd = open_book(str(p)).sheet()
    ed = Editor(str(p))
    written = []
    for rule in WRITE_CASES:
        sq, xr = add_rule(ed, None, "A2:B6" if "c[" in rule else "B2:B6", parse_rule(rule), sd,
                          color="#FFEB9C")
        written.append((rule, sq, xr.type))
    ed.save()
    back = openpyxl.load_workbook(p).active.conditional_formatting
    found = [(str(cf.sqref), r.type, r) for cf in back for r in cf.rules]
    assert len(found) == len(WRITE_CASES)
    by_type = Counter(t for _, t, _ in found)
    assert by_type == Counter(WRITE_CASES.values())
    whole = [r for sq, t, r in found if sq == "A2:B6"]
    assert whole and whole[0].formula == ["$B2>10"]
    # a NOT of a named column formats whole rows too, as its one-rule form would
    assert ['NOT(NOT(ISERROR(SEARCH("item2",$A2))))'] in [r.formula for r in whole]
    top = [r for _, t, r in found if t == "top10"]
    assert sorted((r.rank, bool(r.percent), bool(r.bottom)) for r in top) == [(3, False, False),
                                                                            (10, True, True)]
    fills = {r.dxf.fill.bgColor.rgb for _, t, r in found if r.dxf is not None and r.dxf.fill}
    assert fills == {"00FFEB9C"}


def test_explanations_for_every_kind():
    for rule in list(WRITE_CASES) + RULES:
        text = explain_rule(rule)
        assert text.endswith(".") and len(text) > 20, (rule, text)
    assert explain_rule("GreaterThan(c[2], 4000)") == (
        "Highlights cells in column 3 of the range that are greater than 4000.")


def test_to_text_of_parsed_rule():
    assert to_text(parse_rule("top(c[1],5)")) == "Top(c[1], 5)"


# ---------------------------------------------------------------- CLI


def run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_eval_rule_json(sample, capsys):
    code, out, err = run(["eval-rule", sample, "--sheet", "Inventory", "--range", "A2:H121",
                          "LessThan(c[3], 10)", "--json"], capsys)
    assert code == 0, err
    obj = json.loads(out)
    ws = openpyxl.load_workbook(sample)["Inventory"]
    expected = [r for r in range(2, 122) if ws.cell(r, 4).value < 10]
    assert obj["rows"] == expected and obj["cells"] == [f"D{r}" for r in expected]
    assert obj["rule"] == "LessThan(c[3], 10)"


def test_highlight_writes_native_rule(sample, tmp_path, capsys):
    out_path = tmp_path / "h.xlsx"
    code, out, err = run(["highlight", sample, "--sheet", "Inventory", "--range", "A2:H121",
                          "LessThan(c[3], 10)", "--color", "#ffeb9c", "-o", out_path, "--json"], capsys)
    assert code == 0, err
    assert json.loads(out)["applies_to"] == "A2:H121"
    cf = openpyxl.load_workbook(out_path)["Inventory"].conditional_formatting
    rules = [(str(c.sqref), r.type, r.formula) for c in cf for r in c.rules]
    assert rules == [("A2:H121", "expression", ["$D2<10"])]


def _digest(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.mark.parametrize("rule,rng,message", [
    ("Shiny(1)", "A2:H121", "unknown rule 'Shiny'"),
    ("Between(1)", "A2:H121", "takes two numbers, got 1"),
    ("GreaterThan(c[9], 1)", "A2:H121", "outside the range"),
    ("Blanks()", "K2:K20", "is empty"),
    ("Blanks()", "A2:nope", "not a range"),
])
@pytest.mark.parametrize("command", ["eval-rule", "highlight"])
def test_rule_bad_input(sample, capsys, command, rule, rng, message):
    before = _digest(sample)
    code, out, err = run([command, sample, "--sheet", "Inventory", "--range", rng, rule], capsys)
    assert code == 1 and message in err and err.count("\n") == 1, err
    assert _digest(sample) == before
    assert not [p for p in sample.parent.iterdir() if "backup" in p.name]


def test_bad_colour(sample, capsys):
    code, _, err = run(["highlight", sample, "--sheet", "Inventory", "--range", "D2:D121",
                        "LessThan(10)", "--color", "reddish"], capsys)
    assert code == 1 and "hex colour" in err


def test_a_negation_highlights_the_cells_of_its_column(stock):
    # the benchmark matches highlighted cells: NOT(TextContains(c[2], ok)) is TextNotContains
    one = apply_rule("TextNotContains(c[2], ok)", stock, "A2:D7")
    assert apply_rule("NOT(TextContains(c[2], ok))", stock, "A2:D7").cells == one.cells
    assert one.cells[0].startswith("C")
    two = apply_rule("OR(TextEquals(c[2], ok), GreaterThan(c[1], 10))", stock, "A2:D7")
    assert all(c.startswith("A") for c in two.cells)  # two columns: the range's value column


@pytest.mark.parametrize("rule", ["TextEquals(c[1], 'FALSE')", "TextEquals(c[1], 'true')",
                                  "NOT(TextEquals(c[1], 'TRUE'))"])
def test_a_true_false_text_rule_matches_boolean_cells_in_the_written_formula(rule):
    """The interpreter matches the text "TRUE" to a boolean cell; Excel's = does not, so the
    written rule tests both the boolean and the text (and skips blanks)."""
    cells = {"A1": "Name", "B1": "Passed"}
    for i, v in enumerate([True, False, None, "FALSE", "TRUE", False], start=2):
        cells[f"A{i}"] = f"s{i}"
        if v is not None:
            cells[f"B{i}"] = v
    sd = SheetData("S", {(int(k[1:]), ord(k[0]) - 64): v for k, v in cells.items()}, max_row=7, max_col=2)
    r = parse_rule(rule)
    m = apply_rule(r, sd, "A2:B7")
    results = fill_down("=" + formula_for(r, Target(2, 1, 7, 2, 1)), sd, 2, 1, 5, check_circular=False)
    assert [2 + i for i, res in enumerate(results) if res.value is True] == m.rows and m.rows
    from cfdesk.cf.excel import excel_rule

    # the native writer: an expression rule, not a cell-value rule "equal to "TRUE""
    sq, written = excel_rule(r, Target(2, 1, 7, 2, 1))
    assert written.type == "expression" and "OR(" in written.formula[0], (sq, written.formula)
