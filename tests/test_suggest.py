"""The suggestion pipeline and benchmark, end to end with the shipped model."""

import json

import openpyxl
import pytest

from cfdesk.candidates import self_operation
from cfdesk.cli import main
from cfdesk.errors import CfdeskError
from cfdesk.suggest import Model, choose_mode, suggest
from cfdesk.workbook import SheetData, open_book

from .conftest import FIXTURES


def _cand(text: str, mode: str = "formula"):
    """A candidate of ``text`` as the repairs get it from the pipeline (valid, scored)."""
    from cfdesk.candidates import Candidate

    return Candidate(text, mode, 0.0, -0.1, True)


@pytest.fixture(scope="module")
def model():
    return Model.get()


@pytest.fixture(scope="module")
def inventory():
    from cfdesk.sample import SAMPLE_PATH

    return open_book(str(SAMPLE_PATH)).sheet("Inventory")


def test_auto_mode():
    assert choose_mode("highlight rows where stock is below 10") == "cf"
    assert choose_mode("colour the late orders") == "cf"
    assert choose_mode("total of the amount column") == "formula"
    assert choose_mode("highlight stuff", "formula") == "formula"


def test_formula_candidates_are_validated_and_explained(model, inventory):
    res = suggest(inventory, "I2", "the total In Stock", model=model)
    assert res.mode == "formula" and res.candidates
    best = res.candidates[0]
    assert best.valid and best.text.startswith("=") and best.explanation
    assert best.text == "=SUM(D2:D121)" and best.value == sum(
        v for (r, c), v in inventory.values.items() if c == 4 and r > 1)
    assert len(best.preview) == 4 and best.preview[0]["cell"] == "I2"
    scores = [c.score for c in res.candidates]
    assert scores == sorted(scores, reverse=True)
    assert len({c.text for c in res.candidates}) == len(res.candidates)  # deduplicated
    for c in res.rejected:
        assert not c.valid and c.reason


def test_rule_candidates_match_rows(model, inventory):
    res = suggest(inventory, "A2:H121", "highlight duplicate Supplier", model=model)
    assert res.mode == "cf"
    assert res.candidates and res.candidates[0].text == "Duplicate(c[6])"
    assert not res.candidates[0].empty and res.candidates[0].engine_scores.get("diffusion") is not None
    for c in res.candidates:
        assert c.valid and c.kind == "rule" and c.explanation.startswith(("Highlights", "Shades", "Draws", "Shows"))


def test_every_sample_is_read_as_a_well_formed_program(model, inventory):
    from cfdesk.baseline import ARSuggester

    for m in (model, ARSuggester.get()):
        for target, request in (("A2:H121", "highlight rows where In Stock is between 5 and 10"),
                                ("I2", "IF In Stock is below 10 say Reorder else OK")):
            res = suggest(inventory, target, request, model=m)
            assert res.candidates
            assert not [c.reason for c in res.rejected if c.reason.startswith("not a well-formed")]
    plain = suggest(inventory, "A2:H121", "highlight rows where In Stock is between 5 and 10", model=model,
                    grammar=False)
    assert plain.candidates or plain.rejected


def test_pooled_engines_score_each_others_candidates(model, inventory):
    """With both engines, a candidate the AR beam did not find gets the AR model's own
    teacher-forced score (on the beam's scale), so the ranking can weigh it."""
    from cfdesk.baseline import ARSuggester

    res = suggest(inventory, "I2", "IF In Stock is below 10 say Reorder else OK",
                  model=[model, ARSuggester.get()], keep=30)
    only_diffusion = [c for c in res.candidates if "ar" not in c.engine_scores]
    found = [c for c in res.candidates if "ar" in c.engine_scores]
    assert found and all(c.ar_rescored is None for c in found)
    assert all(c.ar_rescored is not None and c.ar_rescored < 0 for c in only_diffusion)
    if only_diffusion:  # a sequence the beam left out scores below the beam's worst
        assert max(c.ar_rescored for c in only_diffusion) <= max(c.engine_scores["ar"] for c in found)
    alone = suggest(inventory, "I2", "IF In Stock is below 10 say Reorder else OK", model=model)
    assert all(c.ar_rescored is None for c in alone.candidates)


@pytest.mark.parametrize("request_", ["¿Cuál es el total de ventas por región?", "x" * 5000,
                                      "!!!", "sum"])
def test_odd_requests_give_results_or_nothing_but_no_traceback(model, inventory, request_):
    res = suggest(inventory, "I2", request_, model=model)
    assert all(c.valid for c in res.candidates)


def test_bad_input_messages(model, inventory):
    with pytest.raises(CfdeskError, match="empty"):
        suggest(inventory, "I2", "   ", model=model)
    with pytest.raises(CfdeskError, match="already holds data"):
        suggest(inventory, "B5", "sum of stock", model=model)
    with pytest.raises(CfdeskError, match="range like"):
        suggest(inventory, "I2", "x", mode="cf", model=model)


def test_sheet_without_header(model):
    sd = SheetData.from_cells("S", {f"A{i}": i * 3 for i in range(1, 12)})
    res = suggest(sd, "B1", "double the value", model=model)
    assert all(c.valid for c in res.candidates)


def test_intermediate_states_for_the_animation(model, inventory):
    res = suggest(inventory, "I2", "sum of In Stock", model=model, keep_intermediates=True, steps=6)
    assert res.intermediates and len(res.intermediates) == 6 and len(res.intermediates[0]) == 8


def test_missing_model_is_a_clear_error(tmp_path):
    from cfdesk.suggest import ModelError

    with pytest.raises(ModelError, match="checkpoint.json"):
        Model(tmp_path)


def test_cli_suggest_json_and_apply(sample, capsys, tmp_path):
    code = main(["suggest", str(sample), "--sheet", "Inventory", "--cell", "I2", "the total In Stock",
                 "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["mode"] == "formula" and out["target"] == "I2"
    dst = tmp_path / "applied.xlsx"
    code = main(["suggest", str(sample), "--sheet", "Inventory", "--cell", "I2", "the total In Stock",
                 "--apply", "1", "-o", str(dst)])
    assert code == 0
    assert openpyxl.load_workbook(dst)["Inventory"]["I2"].value == out["candidates"][0]["text"]


def test_bench_on_a_small_file(tmp_path, capsys):
    out = tmp_path / "bench.json"
    code = main(["bench", str(FIXTURES / "bench_small.jsonl"), "--json", str(out)])
    assert code == 0
    r = json.loads(out.read_text())
    for key in ("n", "top1", "top3", "top5", "validity", "distinct", "latency_ms", "load_s",
                "gold_unevaluable", "examples"):
        assert key in r
    assert r["n"] == 10 and 0 <= r["top1"] <= r["top3"] <= r["top5"] <= 1
    assert set(r["latency_ms"]) == {"p50", "p95"}
    ex = r["examples"][0]
    assert {"id", "candidates", "matched"} <= set(ex)
    assert "top1=" in capsys.readouterr().out


def test_bench_rejects_a_broken_file(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    assert main(["bench", str(bad)]) == 1
    assert "not a JSON object" in capsys.readouterr().err


def test_ranking_weighs_each_engine_apart():
    from cfdesk.candidates import Candidate
    from cfdesk.suggest import RankWeights

    def cand(**scores):
        c = Candidate("", "formula", 0.0, 0.0, True)
        c.engine_scores = scores
        return c

    both, ar_only, diff_only = cand(diffusion=-0.1, ar=-0.4), cand(ar=-0.2), cand(diffusion=-0.05)
    w = RankWeights(diffusion=1.0, ar=2.0, missing_diffusion=-0.5, missing_ar=-1.0, agreement=0.0,
                    count=0.0, named=0.0)
    assert w.score(both, 8) == pytest.approx(-0.1 - 0.8)
    assert w.score(ar_only, 8) == pytest.approx(-0.5 - 0.4)
    assert w.score(diff_only, 8) == pytest.approx(-0.05 - 1.0)
    named = cand(ar=-0.2)
    named.named, named.agreement, named.count = True, 0.5, 4
    assert w.score(named, 8) == pytest.approx(w.score(ar_only, 8))  # those weights are 0 here
    bare = RankWeights(agreement=0.0, count=0.0, named=0.0, derived=0.0, empty=0.0)
    full = RankWeights(named=0.6, agreement=0.5, count=0.1, derived=-0.3, empty=-1.0)
    assert full.score(named, 8) == pytest.approx(bare.score(named, 8) + 0.6 + 0.5 * 0.5 + 0.1 * 4 / 8)
    named.derived, named.empty = True, True
    assert full.score(named, 8) == pytest.approx(bare.score(named, 8) + 0.6 + 0.25 + 0.05 - 0.3 - 1.0)


def test_tune_ranking_finds_weights_that_fix_a_bad_order(tmp_path, capsys):
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "tune_ranking.py"
    spec = importlib.util.spec_from_file_location("tune_ranking", script)
    tune = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tune)

    from cfdesk.candidates import Candidate
    from cfdesk.suggest import RankWeights

    def f(matched, **scores):  # what bench.run(features=True) records per candidate
        c = Candidate("", "formula", 0.0, 0.0, True)
        c.engine_scores = scores
        return {"x": RankWeights.features(c, 16), "matched": matched}

    # diffusion is confidently wrong, beam search right: only a low diffusion weight ranks AR first
    examples = [[f(False, diffusion=-0.01), f(True, ar=-0.3)] for _ in range(3)]
    examples.append([f(True, diffusion=-0.02, ar=-0.5)])
    data = tmp_path / "features.json"
    data.write_text(json.dumps({"dev": examples}))
    assert tune.main(["--load", str(data)]) == 0
    out = capsys.readouterr().out
    best = [ln for ln in out.splitlines() if ln.startswith("best:")][0]
    assert "[[1.0, 1.0]]" in best
    # a clash marks the wrong candidate: fitted alone, its weight goes negative and the rest stay
    examples = [[dict(f(False, diffusion=-0.01), x=RankWeights.features(_clashing(), 16)), f(True, diffusion=-0.2)]
                for _ in range(3)]
    data.write_text(json.dumps({"dev": examples}))
    assert tune.main(["--load", str(data), "--only", "clash"]) == 0
    best = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("best:")][0]
    assert "clash=-" in best and "[[1.0, 1.0]]" in best and "diffusion=0.1," in best
    with pytest.raises(SystemExit):
        tune.main(["--load", str(data), "--only", "nonsense"])


def _clashing():
    from cfdesk.candidates import Candidate

    c = Candidate("", "formula", 0.0, 0.0, True, clash="compares a number with a text")
    c.engine_scores = {"diffusion": -0.01}
    return c


def test_literal_swaps_offer_the_other_literal_of_the_same_kind():
    from cfdesk import codec
    from cfdesk.codec import Literal
    from cfdesk.suggest import _literal_swaps

    lits = [Literal("text", "Region", '"Region"'), Literal("text", "East", '"East"'), Literal("number", "5", "5")]
    toks = ["DOMAIN:cf", "RULE:TextContains", "(", "C:1", ",", "LIT:0", ")", "<eos>"]
    ids = [codec.TOKEN_ID[t] for t in toks]
    swaps = _literal_swaps(ids, lits)
    assert [codec.VOCAB[t] for t in swaps[0]] == toks[:5] + ["LIT:1"] + toks[6:] and len(swaps) == 1
    assert _literal_swaps(ids, lits[:1]) == []  # nothing to swap with
    two = [codec.TOKEN_ID[t] for t in ["DOMAIN:cf", "RULE:Between", "(", "LIT:0", ",", "LIT:1", ")"]]
    assert _literal_swaps(two, lits) == []  # a program using two literals is left alone


def test_literal_permutations_move_a_number_where_a_text_was():
    from cfdesk import codec
    from cfdesk.codec import Literal
    from cfdesk.suggest import _literal_permutations

    lits = [Literal("number", "10", "10"), Literal("text", "Reorder", "Reorder"), Literal("text", "OK", "OK")]
    # IF(D2<"Reorder",10,"OK"), as both engines wrote it
    toks = ["DOMAIN:formula", "FN:IF", "(", "COL:3", "ROW:T", "OP:<", "LIT:1", ",", "LIT:0", ",", "LIT:2", ")",
            "<eos>"]
    out = [[codec.VOCAB[t] for t in p] for p in _literal_permutations([codec.TOKEN_ID[t] for t in toks], lits)]
    slots = [(p[6], p[8], p[10]) for p in out]
    assert ("LIT:0", "LIT:1", "LIT:2") in slots and ("LIT:0", "LIT:2", "LIT:1") in slots
    assert ("LIT:1", "LIT:2", "LIT:0") in slots and len(out) == 4  # only orders that move the number
    assert ("LIT:2", "LIT:0", "LIT:1") not in slots
    same_kind = [codec.TOKEN_ID[t] for t in ["DOMAIN:formula", "FN:IF", "(", "LIT:1", ",", "LIT:2", ")"]]
    assert _literal_permutations(same_kind, lits) == []  # label order is the ranking's to judge


def test_results_reversed_and_type_clashes():
    from cfdesk.candidates import results_reversed

    req = "if In Stock is below 10 say Reorder else OK"
    assert results_reversed('=IF(D2<10,"OK","Reorder")', req)
    assert not results_reversed('=IF(D2<10,"Reorder","OK")', req)
    assert not results_reversed('=IF(D2<10,"Low","OK")', req)  # one of them not named: no order known
    assert not results_reversed('=IF(D2<10,"OK"', req)  # not a formula


def test_else_label_first():
    from cfdesk.candidates import else_label_first

    req = "Over if spent is more than budget, else Within"
    assert else_label_first('=IF(F3>E3,"Within","")', req)  # "Over" left out, "Within" on the wrong side
    assert not else_label_first('=IF(F3>E3,"Over","Within")', req)
    assert not else_label_first('=IF(F3>E3,"Over","")', req)
    assert else_label_first('=IF(D2<10,"OK",0)', "if stock is below 10 say Reorder otherwise say OK")
    # an else that starts another condition names no label
    assert not else_label_first('=IF(A2>5,"if","x")', "if A2 is over 5 say High, else if it is 0 say None")
    assert not else_label_first('=IF(F3>E3', req)  # not a formula


@pytest.mark.parametrize("request_,ops", [
    ("Color cells that have value greater than or equal to 1", {">="}),
    ("count items with at least 5 in stock", {">="}),
    ("10 or more", {">="}),
    ("no more than 3 days late", {"<="}),
    ("if stock is below 10 say Reorder", {"<"}),
    ("commission on sales over 5,000", {">"}),
    ("In Stock < 10 or Unit Cost >= 300", {"<", ">="}),
    ("list the overdue items", set()),
    ("top 10 salaries", set()),
    ("Region <> East", set()),  # not equal: not an order comparison
])
def test_comparison_words(request_, ops):
    from cfdesk.mentions import comparison_words

    assert comparison_words(request_) == ops


def test_comparison_ops_of_candidates():
    from cfdesk.candidates import compared

    assert compared('=COUNTIF(D2:D9,"<20")', "formula").ops == {"<"}
    assert compared('=IF(AND(D2>=10,E2<>"x"),1,0)', "formula").ops == {">="}
    assert compared("AND(GreaterThan(1), LessThanEqual(5))", "cf").ops == {">", "<="}
    assert compared("Between(1, 5)", "cf").ops == set() and compared("=IF(", "formula").ops == set()


@pytest.mark.parametrize("text,mode,thresholds,numbers", [
    ('=COUNTIF(D2:D9,"<20")', "formula", {20}, {20}),
    ('=COUNTIF(F2:F16,">="&5000)', "formula", {5000}, {5000}),
    ('=IF(B2>5000,B2*10%,0)', "formula", {5000}, {5000, 10, 0.1, 0}),
    ('=IF(B2>-3,1,0)', "formula", {-3}, {3, 1, 0}),
    ('=COUNTIF(F2:F16,">="&DATE(2024,6,30))', "formula", set(), {2024, 6, 30}),
    ("AND(GreaterThan(c[1], 100), Top(10%))", "cf", {100}, {100, 10}),
    ("Between(1, 5)", "cf", set(), {1, 5}),
    ("Top(", "cf", set(), set()),
])
def test_numbers_candidates_compare_with(text, mode, thresholds, numbers):
    from cfdesk.candidates import compared

    got = compared(text, mode)
    assert got.thresholds == thresholds and got.numbers == numbers


def test_only_criteria_count_as_equalities():
    from cfdesk.candidates import compared
    from cfdesk.formula.parser import parse
    from cfdesk.formula.typecheck import criteria_pairs

    assert compared('=SUMIFS(A2:A9,D2:D9,20,E2:E9,"x")', "formula").equals == {20}
    assert compared("=IFS(A2>10,20,TRUE,5)", "formula").equals == set()  # IFS returns values
    assert criteria_pairs(parse('=SUMIFS(A2:A9,D2:D9,20,E2:E9,"x")')) == [(1, 2), (3, 4)]
    assert criteria_pairs(parse("=COUNTIF(D2:D9)")) == [] and criteria_pairs(parse("=IFS(A2>1,2)")) == []


@pytest.mark.parametrize("request_,limits,spelled", [
    ("Apply red color to Registration 1 where value is more than 100", {100}, set()),
    ("10% commission on sales over 5,000", {5000}, set()),
    ("rows with at least ten units", {10}, {10}),
    ("values greater than or equal to 1", {1}, set()),
    ("more than 20% off", {20, 0.2}, set()),
    ("budgets over 5k", {5000}, set()),
    ("names that appear more than once", {1}, {1}),
    ("highlight the top ten values", set(), {10}),
    ("greater than the average", set(), set()),
    ("count orders with revenue of 5000 or more", {5000}, set()),  # the number comes first
    ("Low when stock is 50 or less", {50}, set()),
])
def test_comparison_thresholds_and_spelled_numbers(request_, limits, spelled):
    from cfdesk.mentions import comparison_thresholds, spelled_numbers

    assert comparison_thresholds(request_) == limits and spelled_numbers(request_) == spelled


@pytest.mark.parametrize("request_,sides", [
    ("Grab the rightmost 5 characters of listing_id", {"right"}),
    ("the first 3 letters of the code", {"left"}),
    ("count non-blank agents", {"filled"}),
    ("count the empty cells in Notes", {"blank"}),
    ("highest sales in East", {"high"}),
    ("rows with at least 5 and at most 9", set()),  # comparisons, not extremes
    ("highlight the bottom 3 scores", {"low"}),
    ("rows above the average", {"above"}),
    ("highlight names that appear more than once", {"repeated"}),
    ("the highest and the lowest", set()),  # both sides named: no side asked
])
def test_asked_sides(request_, sides):
    from cfdesk.mentions import asked_sides

    assert asked_sides(request_) == sides


def test_rival_functions_are_marked_and_headers_are_not_cues():
    from cfdesk.candidates import Candidate
    from cfdesk.marks import mark_words

    def rival(request, text, headers=None, mode="formula"):
        c = Candidate(text, mode, 0.0, 0.0, True)
        mark_words(request, [c], headers)
        return c.rival

    assert rival("Grab the rightmost 5 characters of Code", "=LEFT(A2,5)")
    assert not rival("Grab the rightmost 5 characters of Code", "=RIGHT(A2,5)")
    assert rival("count non-blank Agent", "=COUNTBLANK(E2:E30)")
    assert not rival("count non-blank Agent", "=COUNTA(E2:E30)")
    assert rival("highlight the lowest 3 scores", "Top(3)", mode="cf")
    assert rival("highlight cells that are not blank", "Blanks()", mode="cf")
    assert not rival("highlight cells that are not blank", "NOT(Blanks())", mode="cf")
    # "min" here is the header's unit, not a request for the smallest
    assert not rival("the larger of Calories and Duration (min)", "=MAX(E5,D5)", {4: "Duration (min)"})
    assert rival("the larger of Calories and Duration (min)", "=MAX(E5,D5)")


def test_the_asked_side_of_a_rival_pair_is_offered(inventory):
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _rival_repairs

    prep = prepare(inventory, "I2", "the rightmost 3 characters of SKU", "formula")
    cands = [Candidate(t, "formula", -1.0, -0.5, True, engine_scores={"ar": -0.5}) for t in
             ('=LEFT(A2,3)', '=RIGHT(A2,3)', '=IF(LEFT(A2,1)="LEFT(","x","")', "=MID(A2,3,3)")]
    out = _rival_repairs(cands, "the rightmost 3 characters of SKU", prep)
    # RIGHT(A2,3) is already there (and takes LEFT's scores where better); a quoted text stays
    assert [c.text for c in out] == ['=IF(RIGHT(A2,1)="LEFT(","x","")']
    assert out[0].derived and out[0].engine_scores == {"ar": -0.5}
    cf = prepare(inventory, "A2:H121", "highlight the lowest 3 unit costs", "cf")
    rules = [Candidate(t, "cf", 0.0, 0.0, True) for t in ("Top(c[3], 3)", "AboveAverage(c[3])", "TextContains('Top(')")]
    assert [c.text for c in _rival_repairs(rules, "highlight the lowest 3 unit costs", cf)] == ["Bottom(c[3], 3)"]
    assert _rival_repairs(rules, "highlight the unit costs", cf) == []  # no side asked


def test_quoted_texts_and_text_thresholds_are_marked():
    from cfdesk.candidates import Candidate
    from cfdesk.codec import quoted_texts
    from cfdesk.marks import mark_words

    assert quoted_texts('Highlight value "No" or \u201cN/A\u201d, not \'Email\' (I\'m sure)') == ["No", "N/A", "Email"]

    def marks(request, texts, mode="cf", headers=None):
        cands = [Candidate(t, mode, 0.0, 0.0, True) for t in texts]
        mark_words(request, cands, headers)
        return [c.unquoted for c in cands], [c.other_threshold for c in cands]

    assert marks('Highlight value "No" from range A5:L100', ["TextEquals('value')", "TextEquals('No')",
                                                           "TextContains('no')", "Duplicate()"])[0] == [
        True, False, False, False]
    # a quoted column name is not a value to compare with
    assert marks('sum "Sales" where Region is East', ['=SUMIF(A2:A9,"East",B2:B9)'], "formula",
                 {1: "Sales"})[0] == [False]
    assert marks('count "Paid" rows', ['=COUNTIF(C2:C9,"<>Paid")'], "formula")[0] == [False]
    assert marks("Apply Green color to Fees less than $400", ["LessThan('Fees')", "LessThan(400)"])[1] == [
        True, False]
    assert marks("Apply Green color to Fees below the target", ["LessThan('Fees')"])[1] == [False]


def test_values_named_together_are_found_and_kept_together():
    from cfdesk.candidates import Candidate
    from cfdesk.codec import extract_literals
    from cfdesk.marks import mark_words
    from cfdesk.mentions import value_pairs

    def pairs(request, values=("Central", "South", "Q4", "Q2")):
        return value_pairs(request, extract_literals(request, list(values)), values)

    assert pairs("color Central and South rows") == [("Central", "South", False)]
    assert pairs("color Q4 or Q2 rows") == [("Q4", "Q2", False)]
    assert pairs("color 10 & 8 rows") == [("10", "8", False)]
    assert pairs("flag Actual in the range 34000-42,000") == [("34000", "42000", True)]
    assert pairs("highlight Duration btwn 45 & 76") == [("45", "76", True)]
    assert pairs("highlight Central rows above 500") == []
    assert pairs("say Weeknd or Weekday") == []  # capitalised words the table does not hold
    assert pairs('say "Weeknd" or "Weekday"') == [("Weeknd", "Weekday", False)]
    request = "color Central and South rows"
    cands = [Candidate(t, "cf", 0.0, 0.0, True) for t in
             ("TextEquals(c[2], 'Central')", "OR(TextEquals(c[2], 'Central'), TextEquals(c[2], 'South'))",
              "Duplicate(c[2])")]
    mark_words(request, cands, None, pairs(request))
    assert [c.lost_value for c in cands] == [True, False, False]


def test_pair_negation_and_equality_repairs(inventory):
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.repairs import with_repairs

    def repaired(request, texts):
        prep = prepare(inventory, "A2:H121", request, "cf")
        cands = [Candidate(t, "cf", 0.0, -0.5, True, engine_scores={"ar": -0.5}) for t in texts]
        return [c.text for c in with_repairs(cands, request, prep, inventory)[len(texts):]]

    assert repaired("highlight Office and Kitchen items", ["TextContains(c[2], 'Office')"]) == [
        "OR(TextContains(c[2], 'Office'), TextContains(c[2], 'Kitchen'))"]
    assert repaired("highlight unit costs between 10 and 20", ["GreaterThan(c[5], 10)"]) == ["Between(c[5], 10, 20)"]
    prep = prepare(inventory, "I2", "stock of Office and Kitchen items", "formula")
    cands = [Candidate('=SUMIF(C2:C121,"Kitchen",D2:D121)', "formula", 0.0, -0.5, True)]
    assert [c.text for c in with_repairs(cands, "stock of Office and Kitchen items", prep, inventory)[1:]] == [
        '=SUMIF(C2:C121,"Office",D2:D121)+SUMIF(C2:C121,"Kitchen",D2:D121)']
    assert repaired("highlight items that do not include Pen", ["TextEquals(c[1], 'Pen')"]) == [
        "NOT(TextContains(c[1], 'Pen'))"]
    assert repaired("highlight stock that is exactly 40", ["GreaterThan(c[3], 40)"]) == ["Equals(c[3], 40)"]
    assert repaired("highlight stock greater than or equal to 40", ["GreaterThan(c[3], 40)"]) == [
        "GreaterThanEqual(c[3], 40)"]
    cands = [Candidate(t, "cf", 0.0, 0.0, True) for t in
             ("GreaterThan(c[3], 40)", "Equals(c[3], 40)", "Top(c[3], 40)", "TextEquals(c[3], '40')")]
    mark_words("highlight stock that is exactly 40", cands)
    assert [c.other_comparison for c in cands] == [True, False, False, False]  # '40' may be a text
    mark_words("highlight stock that is at most 40", cands)
    assert [c.other_comparison for c in cands] == [True, True, True, True]


def test_the_asked_rounding_is_marked_and_offered(inventory):
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.mentions import asked_digits
    from cfdesk.repairs import _digits_repairs

    assert asked_digits("salary rounded to the nearest thousand") == -3
    assert asked_digits("unit cost to 2 decimal places") == 2
    assert asked_digits("price to the nearest whole number") == 0
    assert asked_digits("round up the unit cost") is None
    assert asked_digits("revenue rounded to the nearest 10") == -1  # a power of ten written out
    assert asked_digits("to the nearest 1,000") == -3 and asked_digits("to the nearest 0.01") == 2
    assert asked_digits("to the nearest 5") is None  # MROUND, not ROUND's digits
    request = "unit cost rounded to the nearest hundred"
    cands = [Candidate(t, "formula", 0.0, -0.5, True) for t in ("=ROUND(F2,2)", "=ROUNDUP(F2,-2)", "=F2*2")]
    mark_words(request, cands)
    assert [c.other_digits for c in cands] == [True, False, False]
    prep = prepare(inventory, "I2", request, "formula")
    assert [c.text for c in _digits_repairs(cands, request, prep)] == ["=ROUND(F2,-2)"]


def test_a_cell_the_request_compares_with_is_offered_and_marked(inventory):
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.mentions import asked_cell
    from cfdesk.repairs import _cell_repairs

    assert asked_cell("values greater than E13") == "$E$13"
    assert asked_cell("Highlight value of B6 for range B6:B59") == "$B$6"
    assert asked_cell("Apply formatting to cell F5-F12") is None  # a span, not a value
    assert asked_cell("highlight values equal to Q4", ["Q4"]) is None  # one of the table's texts
    assert asked_cell("highlight stock below 10") is None
    request = "highlight stock greater than J2"
    prep = prepare(inventory, "A2:H121", request, "cf")
    cands = [Candidate(t, "cf", 0.0, -0.5, True, engine_scores={"ar": -0.5}) for t in
             ("GreaterThan(c[3], 5)", "ColorScale(c[3])", "TextEquals(c[1], 'Pen')")]
    out = _cell_repairs(cands, request, prep)
    assert [c.text for c in out] == ["GreaterThan(c[3], $J$2)", "TextEquals(c[1], $J$2)"]
    assert out[0].ids == cands[0].ids  # beyond the vocabulary: the AR model rescores the original
    mark_words(request, cands + out, None, None, "$J$2")
    assert [c.lost_cell for c in cands + out] == [True, True, True, False, False]


def test_a_word_of_the_same_meaning_names_a_column():
    from cfdesk.context import context_of
    from cfdesk.mentions import column_mentions
    from cfdesk.workbook import SheetData

    sd = SheetData.from_cells("S", {"A1": "Name", "B1": "Annual Salary", "C1": "Qty", "A2": "Ann", "B2": 5,
                                    "C2": 2, "A3": "Bo", "B3": 7, "C3": 3})
    ctx = context_of(sd)
    t = ctx.table

    def named(request: str) -> list[str]:
        return [t.headers[m.col] for m in column_mentions(request, ctx, t.first_col, t.last_col)]

    assert named("count people earning over 6") == ["Annual Salary"]
    assert named("total units") == ["Qty"]
    assert named("count the names") == []


def test_a_text_rule_on_a_column_that_never_holds_its_text_is_moved(inventory):
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _rule_column_repairs
    from cfdesk.suggest import choose_mode
    from cfdesk.validate import rule_column_miss

    prep = prepare(inventory, "A2:H121", "highlight Office items", "cf")
    assert rule_column_miss("TextContains(c[1], 'Office')", inventory, prep) == (2, 3, "Office")
    assert rule_column_miss("TextContains(c[2], 'Office')", inventory, prep) is None
    assert rule_column_miss("TextContains(c[1], 'Nowhere')", inventory, prep) is None  # in no column
    cands = [Candidate(t, "cf", 0.0, -0.5, True, engine_scores={"ar": -0.5}) for t in
             ("TextContains(c[1], 'Office')", "GreaterThan(c[3], 5)")]
    out = _rule_column_repairs(cands, prep, inventory)
    assert [c.text for c in out] == ["TextContains(c[2], 'Office')"]
    # the NOT of one: moved under the NOT
    assert rule_column_miss("NOT(TextContains(c[1], 'Office'))", inventory, prep) == (2, 3, "Office")
    out = _rule_column_repairs([Candidate("NOT(TextContains(c[1], 'Office'))", "cf", 0.0, -0.5, True)],
                               prep, inventory)
    assert [c.text for c in out] == ["NOT(TextContains(c[2], 'Office'))"]
    # a range as the target asks for a rule, whatever the words
    assert choose_mode("mark orders by Gus Miller", "auto", "A4:H253") == "cf"
    assert choose_mode("mark orders by Gus Miller", "auto", "I4") == "formula"


def test_a_column_put_where_the_request_s_number_goes_is_trivial():
    from cfdesk.candidates import Candidate
    from cfdesk.marks import mark_words

    def trivial(request, text):
        c = Candidate(text, "formula", 0.0, 0.0, True)
        mark_words(request, [c])
        return c.trivial

    assert trivial("unit cost times 1.2", "=F2*F2")
    assert not trivial("unit cost times 1.2", "=F2*1.2")
    assert not trivial("unit cost squared", "=F2*F2")  # no number to put there
    assert not trivial("unit cost times 2 squared", "=F2*F2*2")
    assert trivial("unit cost with 15% off", "=PRODUCT(F2,F2)")  # the same as a function
    assert not trivial("unit cost with 15% off", "=PRODUCT(F2,D2)")


def test_a_plural_names_a_number_column_but_not_a_text_one(inventory):
    from cfdesk.context import context_of
    from cfdesk.mentions import column_mentions

    ctx = context_of(inventory)
    t = ctx.table

    def named(request: str) -> list[str]:
        return [t.headers[m.col] for m in column_mentions(request, ctx, t.first_col, t.last_col)]

    assert named("highlight the 5 lowest unit costs") == ["Unit Cost"]
    assert named("sum of the reorder levels") == ["Reorder Level"]
    assert named("highlight Office items") == []  # the rows, not the Item column
    assert named("count the SKUs") == []
    assert named("highlight the 10 most expensive items") == ["Unit Cost"]  # a superlative's measure


def test_words_that_name_a_column_on_another_workbook():
    from cfdesk.context import context_of
    from cfdesk.mentions import column_mentions

    cells = {(1, 1): "Member", (1, 2): "Age", (1, 3): "Visits", (1, 4): "Km Driven", (1, 5): "Weight (kg)"}
    for r in range(2, 8):
        cells.update({(r, 1): f"M{r}", (r, 2): 20 + r, (r, 3): r, (r, 4): 100 * r, (r, 5): 3.5 * r})
    ctx = context_of(SheetData("Members", cells, max_row=7, max_col=5))
    t = ctx.table

    def named(request: str) -> list[str]:
        return [t.headers[m.col] for m in column_mentions(request, ctx, t.first_col, t.last_col)]

    assert named("the youngest member's age") == ["Age"]  # the owner names no column
    assert named("trips over 800 km") == ["Km Driven"]  # a two-letter unit
    assert named("fee per visit") == ["Visits"]  # a header's plural word in the singular
    assert named("the heaviest parcel") == ["Weight (kg)"]
    assert named("member names in capitals") == ["Member"]


def test_rules_that_lose_the_request_s_negation_are_marked():
    from cfdesk.candidates import Candidate
    from cfdesk.marks import mark_words
    from cfdesk.mentions import asks_negation

    assert asks_negation("color rows where employee does not include Emma")
    assert asks_negation("highlight regions other than East")
    assert not asks_negation("highlight rows where status is Not Started")  # a label
    assert not asks_negation("values that are not less than 5")  # a comparison
    cands = [Candidate(t, "cf", 0.0, 0.0, True) for t in
             ("TextContains(c[0], 'Emma')", "NOT(TextContains(c[0], 'Emma'))", "TextNotContains(c[0], 'Emma')")]
    mark_words("color rows where employee does not include Emma", cands)
    assert [c.lost_negation for c in cands] == [True, False, False]
    f = Candidate('=COUNTIF(A2:A9,"Emma")', "formula", 0.0, 0.0, True)
    mark_words("count rows that do not include Emma", [f])
    assert not f.lost_negation  # formulas: not judged


def test_a_criterion_no_cell_of_its_range_holds_is_a_clash(inventory):
    from cfdesk.features import prepare
    from cfdesk.validate import criterion_miss

    prep = prepare(inventory, "I2", "how many Office items", "formula")
    assert "Category" in criterion_miss('=COUNTIF(B2:B121,"Office")', inventory, prep)
    assert criterion_miss('=COUNTIF(C2:C121,"Office")', inventory, prep) == ""
    assert criterion_miss('=SUMIFS(D2:D121,B2:B121,"Office")', inventory, prep)
    assert criterion_miss('=COUNTIF(B2:B121,"Nowhere")', inventory, prep) == ""  # in no column
    assert criterion_miss('=COUNTIF(B2:B121,"Off*")', inventory, prep) == ""  # a wildcard
    assert criterion_miss('=COUNTIF(B2:B121,"<20")', inventory, prep) == ""


def test_a_missed_criterion_is_offered_in_the_column_that_holds_it(inventory):
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _criterion_repairs

    prep = prepare(inventory, "I2", "how many Office items", "formula")
    cands = [Candidate(t, "formula", -1.0, -0.5, True, engine_scores={"ar": -0.5}) for t in
             ('=COUNTIF(B2:B121,"Office")', '=SUMIFS(D2:D121,$B$2:$B$121,"Office")', '=COUNTIF(C2:C121,"Office")',
              '=COUNTIF(B2:D121,"Office")')]
    cands[2].engine_scores = {"ar": -2.0}
    out = _criterion_repairs(cands, prep, inventory)
    # the first repair meets the third candidate, which keeps its own scores: the model was
    # confident in a reading of another column, not in this one
    assert [c.text for c in out] == ['=SUMIFS(D2:D121,$C$2:$C$121,"Office")']
    assert cands[2].engine_scores == {"ar": -2.0}
    assert out[0].derived and out[0].engine_scores == {"ar": -0.5}
    assert _criterion_repairs([Candidate('=COUNTIF(B2:B121,"Nowhere")', "formula", 0, 0, True)], prep, inventory) == []


def test_checks_say_each_mark_in_words():
    from cfdesk.candidates import Candidate

    c = Candidate("=LEFT(A2,5)", "formula", 0.0, 0.0, True, clash="compares a number with a text",
                  rival=True, lone_cell=True)
    checks = c.checks()
    assert checks[0] == "compares a number with a text" and len(checks) == 3
    assert any("opposite" in x for x in checks) and any("one cell" in x for x in checks)
    assert c.to_json()["checks"] == checks
    assert Candidate("=A2", "formula", 0.0, 0.0, True).checks() == []


def test_header_texts_are_marked():
    from cfdesk.candidates import Candidate
    from cfdesk.marks import mark_words

    c, d = (Candidate(t, "cf", 0.0, 0.0, True) for t in ("TextContains('Religious Group')",
                                                         "TextContains('Islamic')"))
    mark_words('Color "Religious Group" where value is "Islamic"', [c, d], {1: "Religious Group"})
    assert c.header_text and not d.header_text


def test_comparison_repairs():
    from cfdesk.repairs import _with_comparison as w

    assert w("=COUNTIF(D2:D121,20)", "formula", "<", {20.0}) == '=COUNTIF(D2:D121,"<20")'
    assert w('=IF(D3<50,"Low","Fine")', "formula", "<=", {50.0}) == '=IF(D3<=50,"Low","Fine")'
    assert w('=IF(50>D3,"Low","Fine")', "formula", "<=", {50.0}) == '=IF(50>=D3,"Low","Fine")'
    assert w('=COUNTIF(D2:D9,">"&5)', "formula", ">=", {5.0}) == '=COUNTIF(D2:D9,">="&5)'
    assert w('=SUMIFS(A2:A9,D2:D9,20,E2:E9,"x")', "formula", ">", {20.0}) == '=SUMIFS(A2:A9,D2:D9,">20",E2:E9,"x")'
    assert w("=SUM(D2:D9)", "formula", ">", {20.0}) is None
    assert w("GreaterThan(1)", "cf", ">=", {1.0}) == "GreaterThanEqual(1)"
    assert w("Equals(5)", "cf", "<", {5.0}) == "LessThan(5)" and w("Equals(6)", "cf", "<", {5.0}) is None


def test_range_repairs_widen_a_lone_cell_of_a_named_span():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _range_repairs
    from cfdesk.workbook import SheetData

    sd = SheetData("S", {(1, 1): "Qty", **{(r, 1): r for r in range(2, 12)}}, max_row=11, max_col=1)
    prep = prepare(sd, "B2", "sum of A2 to A9", "formula")
    cands = [Candidate(t, "formula", 0.0, 0.0, True) for t in ("=SUM(A2)", "=A2+A9", "=SUM(A2:A9)", "=MAX(A9)")]
    out = _range_repairs(cands, "sum of A2 to A9", prep)
    assert [c.text for c in out] == ["=MAX(A2:A9)"]  # =SUM(A2:A9) is already a candidate
    assert [c.lone_cell for c in cands] == [True, False, False, True]  # A2+A9 adds two cells
    assert out[0].derived and out[0].ids
    assert _range_repairs(cands, "sum of column A", prep) == []


def test_a_repair_that_meets_a_candidate_lends_it_its_scores():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _comparison_repairs
    from cfdesk.workbook import SheetData

    sd = SheetData("S", {(1, 1): "Rating", **{(r, 1): r for r in range(2, 8)}}, max_row=7, max_col=1)
    req = "color rows where Rating is at least 2"
    prep = prepare(sd, "A2:A7", req, "cf")
    sure = Candidate("LessThan(c[0], 2)", "cf", 0.0, -0.01, True, engine_scores={"ar": -0.01})
    weak = Candidate("GreaterThanEqual(c[0], 2)", "cf", 0.0, -1.2, True, derived=True,
                     engine_scores={"diffusion": -1.2})
    assert _comparison_repairs([sure, weak], req, prep) == []  # no new text: the repair is weak
    assert weak.engine_scores == {"diffusion": -1.2, "ar": -0.01} and weak.model_score == -0.01


def test_label_repairs_put_back_the_request_s_label():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.repairs import _label_repairs
    from cfdesk.workbook import SheetData

    sd = SheetData("S", {(1, 1): "Stock", **{(r, 1): r * 10 for r in range(2, 12)}}, max_row=11, max_col=1)
    req = "Low when Stock is 50 or less, otherwise Fine"
    prep = prepare(sd, "B2", req, "formula")
    cands = [Candidate(t, "formula", 0.0, 0.0, True) for t in
             ('=IF(A2<=50,"High","Fine")', '=IF(A2<=50,"Low","Fine")', '=IF(A2<=50,"OK","Bad")')]
    out = _label_repairs(cands[::2], req, prep)
    assert [c.text for c in out] == ['=IF(A2<=50,"Low","Fine")']  # two foreign texts: left alone
    mark_words(req, cands)
    assert [c.foreign_label for c in cands] == [True, False, True]
    rule = Candidate("TextEquals('High')", "cf", 0.0, 0.0, True)
    rule_prep = prepare(sd, "A2:A11", "highlight Low", "cf")
    assert [c.text for c in _label_repairs([rule], "highlight Low", rule_prep)] == ["TextEquals('Low')"]


def test_threshold_criteria_encode_as_concatenation():
    from cfdesk import codec
    from cfdesk.features import prepare
    from cfdesk.workbook import SheetData

    sd = SheetData("S", {(1, 1): "Name", (1, 2): "Stock", (2, 1): "a", (2, 2): 5, (3, 1): "b", (3, 2): 30},
                   max_row=3, max_col=2)
    prep = prepare(sd, "C2", "count items with fewer than 20 in stock", "formula")
    toks = codec.encode_formula('=COUNTIF(B2:B3,"<20")', prep.frame, prep.literals)
    assert toks[-6:-1] == [",", "S:<", "OP:&", "LIT:0", ")"]
    assert codec.decode_formula(toks[1:], prep.frame, prep.literals) == '=COUNTIF(B2:B3,"<"&20)'
    with pytest.raises(codec.CodecError):  # 21 is neither in the request nor a common number
        codec.encode_formula('=COUNTIF(B2:B3,"<21")', prep.frame, prep.literals)


def test_candidates_are_marked_where_their_numbers_disagree_with_the_words():
    from cfdesk.candidates import Candidate
    from cfdesk.marks import mark_words

    def marks(request, text, mode="cf"):
        c = Candidate(text, mode, 0.0, 0.0, True)
        mark_words(request, [c])
        return c.other_comparison, c.other_threshold, c.spelled, c.percent_mismatch

    req = "Apply red color to Electronic Registration 1 where value is more than 100"
    assert marks(req, "GreaterThan(1)") == (False, True, False, False)
    assert marks(req, "GreaterThan(100)") == (False, False, False, False)
    assert marks("value greater than or equal to 1", "GreaterThan(1)")[0]
    assert marks("items with fewer than 20 in stock", '=COUNTIF(D2:D9,20)', "formula")[0]
    assert not marks("items with fewer than 20 in stock", '=COUNTIF(D2:D9,"<20")', "formula")[0]
    assert marks("identify the top ten values", "Top(10)") == (False, False, True, False)
    assert marks("identify the top ten values", "Top(1)") == (False, True, False, False)
    assert marks("shade the top 10% of salaries", "Top(c[4], 10%)") == (False, False, False, False)
    assert marks("shade the top 10% of salaries", "Top(c[4], 5%)")[1]
    assert marks("bottomPercent formatting on Score", "Bottom(3)")[3]
    assert not marks("bottomPercent formatting on Score", "Bottom(3%)")[3]
    assert marks("top 3 values", "Top(3%)")[3]
    assert not marks("10% commission on sales over 5,000", "=IF(B2>5000,B2*10%,0)", "formula")[1]
    assert marks("10% commission on sales over 5,000", "=IF(B2>0.1,B2*5000,0)", "formula")[1]
    # the threshold returned instead of compared; capping at it (compared too) is fine
    assert marks("High if revenue above 3000 otherwise Low", '=IF(H6,3000,"Low")', "formula")[1]
    assert not marks("High if revenue above 3000 otherwise Low", '=IF(H6>3000,"High","Low")', "formula")[1]
    assert not marks("the score, but no more than 100", "=IF(B2>100,100,B2)", "formula")[1]


def test_rules_that_highlight_every_row_are_marked(inventory):
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.validate import validate_rule

    prep = prepare(inventory, "A2:H121", "highlight the most stock", "cf")
    marks = {}
    for text in ("Top(c[3], 500)", "Top(c[3], 5)", "ColorScale(c[3])", "GreaterThan(c[3], -1)"):
        c = Candidate(text, "cf", 0.0, 0.0, False)
        validate_rule(c, inventory, prep)
        assert c.valid, c.reason
        marks[text] = c.full
    assert marks == {"Top(c[3], 500)": True, "Top(c[3], 5)": False, "ColorScale(c[3])": False,
                     "GreaterThan(c[3], -1)": True}


def test_reversed_results_are_offered_in_the_request_order():
    from cfdesk import codec
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _result_order_repairs

    req = "if stock is below 10 say Reorder else OK"
    wrong = Candidate('=IF(D2<10,"OK","Reorder")', "formula", 1.0, -0.1, True, engine_scores={"ar": -0.1})
    nested = Candidate('=IF(A2="",0,IF(D2<10,"OK","Reorder"))', "formula", 0.5, -0.3, True)
    right = Candidate('=IF(D2<10,"Reorder","OK")', "formula", 0.2, -0.9, True)
    prep = prepare(SheetData.from_cells("S", {"A1": "Item", "D1": "Stock", "A2": "x", "D2": 4}), "E2", req,
                   "formula")
    out = _result_order_repairs([wrong, nested], req, prep)
    assert [c.text for c in out] == ['=IF(D2<10,"Reorder","OK")', '=IF(A2="",0,IF(D2<10,"Reorder","OK"))']
    assert out[0].derived and out[0].count == 0 and out[0].engine_scores == {"ar": -0.1}
    assert "FN:IF" in codec.tokens_of(out[0].ids)  # its own ids, for the AR model to score
    assert _result_order_repairs([wrong, right], req, prep) == []  # already there
    assert wrong.reversed and not right.reversed  # the pass marks what it repairs


def test_explanations_name_columns_by_header_and_letter():
    from cfdesk.candidates import Candidate
    from cfdesk.suggest import named_explanation

    c = Candidate("", "formula", 0.0, 0.0, True,
                  explanation="Returns the median of $E$2:E26 where IF Targets!B:B, A2:C2 and F:F plus G2.")
    out = named_explanation(c, {5: "Check Total", 1: "Name", 3: "Qty", 7: ""})
    assert out == ("Returns the median of Check Total (column E) where IF Targets!B:B, Name (column A) "
                   "to Qty (column C) and column F plus column G.")
    rule = Candidate("LessThan(5)", "cf", 0.0, 0.0, True, explanation="Highlights cells that are less than 5.")
    assert named_explanation(rule, {1: "Stock"}) == rule.explanation  # rules name headers already


def test_similarity_prefers_the_column_the_request_names(model, inventory):
    from cfdesk.candidates import Candidate
    from cfdesk.suggest import _similarities

    headers = {c: str(inventory.values[(1, c)]) for c in range(1, 9) if (1, c) in inventory.values}
    cands = [Candidate(f"=SUM({x}2:{x}121)", "formula", 0.0, 0.0, True,
                       explanation=f"Adds up {x}2:{x}121.") for x in "ABCDEFGH" if x != "D"]
    right = Candidate("=SUM(D2:D121)", "formula", 0.0, 0.0, True, explanation="Adds up D2:D121.")
    _similarities(model, f"the total {headers[4]}", cands + [right], headers, 8)
    assert all(-1.0 <= c.similarity <= 1.0 for c in cands + [right])
    assert right.similarity > max(c.similarity for c in cands)


def test_bench_ranks_rules_for_a_sheet_without_data(tmp_path):
    from cfdesk import bench

    rec = {"id": "no-data", "domain": "cf", "request": "Apply data bars to the values",
           "sheet": {"name": "Sheet1", "cells": {"A1": "Index", "B1": "Value"}}, "target": None,
           "gold": "DataBar()"}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(rec) + "\n")
    r = bench.run(str(path), arch="both", progress=False, features=True)
    ex = r["examples"][0]
    assert r["n"] == 1 and ex["candidates"] and len(ex["candidates"]) <= 5
    assert len(set(ex["candidates"])) == len(ex["candidates"])
    scores = [f["x"] for f in ex["features"]]
    assert any(x[2] == 0.0 for x in scores) and any(x[3] == 0.0 for x in scores)  # both engines drew


@pytest.mark.parametrize("formula,expected", [
    ("=D2-D2", True), ("=G2/G2", True), ('=IF(A2>A2,"Over","Under")', True), ("=ABS(B3-B3)", True),
    ("=(C2-C2)/D2", True),
    ("=D2-D2*10%", False),  # a discount: the right operand is D2*10%
    ("=A2-$A$2", False),  # fills down to the change since the first row
    ("=IF(E3>2700,E3*2%,0)", False), ("=E2*E2", False), ("=SUM($C$2:C2)", False), ("=D2-", False),
    ("=SUM(D2:D2)", True), ('=TEXTJOIN(", ",TRUE,c4:C4)', True),  # a range from a cell to itself
    ("=SUM(D2:D9)", False), ("=SUM(D:D)", False), ("=SUM(Other!D2:D2)", False),
    ('=IF(F3>E3,"Within","Within")', True), ('=IF(F3>E3,"Over","Within")', False),  # same either way
    ("=F2*(1+F2)", True), ("=E2*(1+F2)", False),  # a rate of itself
])
def test_self_operation(formula, expected):
    assert self_operation(formula) is expected


def test_column_repairs_keep_a_named_column_or_follow_the_request_order():
    from cfdesk import codec
    from cfdesk.suggest import _repairs

    def ids(*cols):  # AVERAGEIF(COL:a rows, LIT:0, COL:b rows)
        toks = ["DOMAIN:formula", "FN:AVERAGEIF", "(", f"COL:{cols[0]}", ",", "LIT:0", ",", f"COL:{cols[1]}", ")"]
        return [codec.TOKEN_ID[t] for t in toks]

    def cols(seq):
        return [int(t[4:]) for t in codec.tokens_of(seq) if t.startswith("COL:")]

    # "average salary (4) of the Sales department (2)" drawn as AVERAGEIF(C..,"Sales",D..):
    # column for column gives (4, 2); keeping the named C gives (2, 4)
    assert [cols(r) for r in _repairs(ids(2, 3), [4, 2], "formula")] == [[4, 2], [2, 4]]
    # no column of the candidate is named: column for column only
    assert [cols(r) for r in _repairs(ids(0, 1), [4, 2], "formula")] == [[4, 2]]
    assert _repairs(ids(4, 2), [2, 4], "formula") == []  # the named columns already
    # a column named twice leaves nothing to keep apart
    assert [cols(r) for r in _repairs(ids(2, 3), [2, 2], "formula")] == [[2, 2]]


def test_a_candidate_without_the_named_value_is_marked(inventory):
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.mentions import asked_texts

    request = "largest unit cost among Globex items"
    prep = prepare(inventory, "I2", request, "formula")
    texts = asked_texts(prep.literals, prep.values, list(prep.context.table.headers.values()))
    assert texts == {"globex"}  # a value of the Supplier column
    cands = [Candidate(t, "formula", 0.0, 0.0, True) for t in
             ('=MAX(F2:F121)', '=MAXIFS(F2:F121,G2:G121,"Globex")', '=COUNTIF(G2:G121,"*globex*")')]
    mark_words(request, cands, None, None, None, texts)
    assert [c.lost_text for c in cands] == [True, False, False]
    assert "leaves out the value the request names" in cands[0].checks()
    # a capitalised word the table lacks may be a label or a name: not asked
    prep = prepare(inventory, "I2", "say Big if In Stock is over 100", "formula")
    assert asked_texts(prep.literals, prep.values) == set()
    # a quoted text is asked whether or not the table holds it
    prep = prepare(inventory, "I2", 'count items named "Desk Lamp"', "formula")
    assert asked_texts(prep.literals, prep.values) == {"desk lamp"}
    # plain words a table's values spell ("a", "day") and one letter are no ask
    assert asked_texts(prep.literals, ["a", "Day", "C"]) == {"desk lamp"}


def test_a_rate_taken_off_or_put_on_as_the_request_says(inventory):
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.mentions import rate_direction
    from cfdesk.repairs import _rate_repairs

    assert rate_direction("unit cost with 15% off") == "-"
    assert rate_direction("unit cost with a 20% markup") == "+"
    assert rate_direction("unit cost plus 8% tax") == "+"
    assert rate_direction("the unit cost at 15%") is None  # neither way named
    request = "unit cost with 15% off"
    cands = [Candidate(t, "formula", 0.0, -0.5, True, engine_scores={"ar": -0.5})
             for t in ("=F2*(1+15%)", "=F2*(1-15%)", "=F2*15%")]
    mark_words(request, cands)
    # the last takes the 15% alone, where "with ... off" applies it (test_a_rate_applied...)
    assert [c.rival for c in cands] == [True, False, True]
    assert "does the opposite of a word in the request" in cands[0].checks()[0]
    prep = prepare(inventory, "I2", request, "formula")
    assert _rate_repairs(cands, request, prep) == []  # the fixed one is there already
    out = _rate_repairs(cands[:1], request, prep)
    assert [c.text for c in out] == ["=F2*(1-15%)"] and out[0].derived


def test_the_half_of_a_name_the_request_asks_for():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.mentions import asked_name_part
    from cfdesk.repairs import _name_part_repairs
    from cfdesk.sample import SAMPLE_PATH

    assert asked_name_part("last name of the employee") == "last"
    assert asked_name_part("their surname") == "last" and asked_name_part("first name") == "first"
    assert asked_name_part("first name and last name") is None
    request = "last name of the employee"
    first = Candidate('=LEFT(B5,FIND(" ",B5)-1)', "formula", 0.0, -0.3, True, engine_scores={"ar": -0.3})
    staff = open_book(str(SAMPLE_PATH)).sheet("Staff")
    mark_words(request, [first], {2: "Name"})  # the "Name" header does not hide "last name"
    assert first.rival
    prep = prepare(staff, "I5", request, "formula")
    assert [c.text for c in _name_part_repairs([first], request, prep, staff)] == ['=MID(B5,FIND(" ",B5)+1,100)']
    last = Candidate('=RIGHT(B5,LEN(B5)-FIND(" ",B5))', "formula", 0.0, -0.3, True)
    prep = prepare(staff, "I5", "first name", "formula")
    assert [c.text for c in _name_part_repairs([last], "first name", prep, staff)] == ['=LEFT(B5,FIND(" ",B5)-1)']


def test_a_rate_applied_not_taken_alone(inventory):
    from cfdesk.candidates import Candidate, rate_alone
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.repairs import _rate_repairs

    assert rate_alone("=F2*20%") and rate_alone("=IF(D2>5,F2*20%,0)")
    assert not rate_alone("=F2*(1+20%)") and not rate_alone("=F2*20%*D2") and not rate_alone("=F2*E2")
    request = "unit cost including 20% VAT"
    alone = Candidate("=F2*20%", "formula", 0.0, -0.2, True, engine_scores={"ar": -0.2})
    mark_words(request, [alone])
    assert alone.rival
    prep = prepare(inventory, "I2", request, "formula")
    assert [c.text for c in _rate_repairs([alone], request, prep)] == ["=F2*(1+20%)"]
    # "a 15% fee on unit cost" asks for the fee itself: nothing applies it
    fee = Candidate("=F2*15%", "formula", 0.0, -0.2, True)
    mark_words("a 15% fee on unit cost plus tax", [fee])  # "plus tax" sets a direction...
    assert fee.rival  # ...and "plus" applies it
    fee = Candidate("=F2*15%", "formula", 0.0, -0.2, True)
    mark_words("a 15% fee on unit cost", [fee])
    assert not fee.rival


def test_counting_a_true_false_column():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.formula.typecheck import type_clash
    from cfdesk.repairs import _boolean_count_repairs
    from cfdesk.sample import SAMPLE_PATH
    from cfdesk.validate import column_types, no_blanks

    staff = open_book(str(SAMPLE_PATH)).sheet("Staff")  # H: Remote, TRUE/FALSE on every row
    request = "how many staff are not remote"
    prep = prepare(staff, "I2", request, "formula")
    cands = [Candidate(t, "formula", 0.0, -0.2, True) for t in ("=COUNTBLANK(H2:H61)", "=SUM(H2:H61)")]
    assert [c.text for c in _boolean_count_repairs(cands, request, prep)] == [
        "=COUNTIF(H2:H61,FALSE)"]  # both give the same fix, offered once
    assert [c.text for c in _boolean_count_repairs(cands[1:], "count remote staff", prep)] == [
        "=COUNTIF(H2:H61,TRUE)"]
    # a request that asks for blanks keeps COUNTBLANK
    assert _boolean_count_repairs(cands[:1], "how many Remote cells are blank", prep) == []
    assert no_blanks("=COUNTBLANK(H2:H61)", staff, prep)
    assert not no_blanks("=COUNTBLANK(E2:E61)", staff, prep)  # not a TRUE/FALSE column
    kind = column_types(prep)
    assert "always 0" in type_clash("=SUM(H2:H61)", kind) and "always 0" in type_clash("=COUNT(H2:H61)", kind)
    assert type_clash("=COUNTIF(B2:B61,TRUE)", kind)  # TRUE looked for among names
    assert not type_clash("=COUNTIF(H2:H61,TRUE)", kind)


def test_calendar_days_are_not_working_days():
    from cfdesk.candidates import Candidate
    from cfdesk.marks import mark_words

    cands = [Candidate(t, "formula", 0.0, 0.0, True) for t in ("=NETWORKDAYS(C2,D2)", "=D2-C2", "=DAYS(D2,C2)")]
    mark_words("days between start and due date", cands)
    assert [c.rival for c in cands] == [True, False, False]
    cands = [Candidate(t, "formula", 0.0, 0.0, True) for t in ("=NETWORKDAYS(C2,D2)", "=DAYS(D2,C2)")]
    mark_words("business days between start and due date", cands)
    assert [c.rival for c in cands] == [False, True]


def test_a_number_to_compare_with_is_no_average():
    from cfdesk.candidates import Candidate
    from cfdesk.marks import mark_words

    cands = [Candidate(t, "cf", 0.0, 0.0, True) for t in ("BelowAverage(c[5])", "LessThan(c[5], 0.75)")]
    mark_words("highlight attendance below 75%", cands)
    assert [c.other_threshold for c in cands] == [True, False]
    cands = [Candidate("BelowAverage(c[5])", "cf", 0.0, 0.0, True)]
    mark_words("highlight attendance below the average of 2023", cands)
    assert not cands[0].other_threshold


def test_an_aggregate_across_the_row_the_request_counts():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.mentions import counted_columns
    from cfdesk.repairs import _row_span_repairs

    assert counted_columns("average of the three scores") == 3
    assert counted_columns("sum of all 4 quarters") == 4
    assert counted_columns("the three largest values") is None  # a rank, not columns
    assert counted_columns("the top 3 salaries") is None and counted_columns("three scores") is None
    # Student, Math, English, Science (whole numbers), Attendance (fractions)
    cells = {(1, 1): "Student", (1, 2): "Math", (1, 3): "English", (1, 4): "Science", (1, 5): "Attendance"}
    for r in range(2, 12):
        cells.update({(r, 1): f"S{r}", (r, 2): 40 + r, (r, 3): 50 + r, (r, 4): 60 + r, (r, 5): 0.5 + r / 100})
    sd = SheetData("Grades", cells, max_row=11, max_col=5)
    request = "average of the three scores"
    prep = prepare(sd, "F3", request, "formula")
    col = Candidate("=AVERAGE(B2:B11)", "formula", 0.0, -0.1, True)
    assert [c.text for c in _row_span_repairs([col], request, prep)] == ["=AVERAGE(B3:D3)"]
    assert col.lost_row  # one column down the table where the request counts columns
    # two of them, from the column the formula read
    assert [c.text for c in _row_span_repairs([col], "total of the two scores", prep)] == ["=AVERAGE(B3:C3)"]
    # "for each row": the whole run of whole-number columns, not the fractions beside it
    col = Candidate("=SUM(C2:C11)", "formula", 0.0, -0.1, True)
    assert [c.text for c in _row_span_repairs([col], "sum of the scores for each row", prep)] == ["=SUM(B3:D3)"]
    assert _row_span_repairs([col], "sum of the English scores", prep) == []  # nothing counted
    # the columns it names, where it names them side by side
    assert [c.text for c in _row_span_repairs([col], "sum of Math and English for each row", prep)] == [
        "=SUM(B3:C3)"]
    assert _row_span_repairs([col], "sum of Math and Science for each row", prep) == []  # not side by side
    text = Candidate("=MAX(A2:A11)", "formula", 0.0, -0.1, True)
    assert _row_span_repairs([text], request, prep) == []  # a text column has no span
    rank = Candidate("=LARGE(B2:B11,3)", "formula", 0.0, -0.1, True)
    mark_words("best of the three subjects", [rank])
    assert rank.other_threshold and not rank.spelled  # 3 counts columns, it ranks nothing


def test_how_many_is_a_number():
    from cfdesk.candidates import Candidate
    from cfdesk.marks import mark_words

    label = Candidate('=IF(A2<="Open","Yes","No")', "formula", 0.0, 0.0, True, kind="value", value="No")
    count = Candidate('=COUNTIF(G2:G31,"Open")', "formula", 0.0, 0.0, True, kind="value", value=14)
    mark_words("how many projects are still Open", [label, count])
    assert label.other_type and not count.other_type
    assert "asks how many" in label.checks()[0]
    label = Candidate('=IF(A2="Open","Yes","No")', "formula", 0.0, 0.0, True, kind="value", value="No")
    mark_words("is the project Open?", [label])
    assert not label.other_type


def test_a_yes_no_column_the_request_names():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.mentions import asked_flag
    from cfdesk.repairs import _flag_repairs, flag_of

    cells = {(1, 1): "Task", (1, 2): "Hours", (1, 3): "Billable", (1, 4): "Paid"}
    for r in range(2, 12):
        cells.update({(r, 1): f"T{r}", (r, 2): r, (r, 3): r % 3 > 0, (r, 4): "Yes" if r % 2 else "No"})
    sd = SheetData("Time", cells, max_row=11, max_col=4)
    prep = prepare(sd, "E2", "total billable hours", "formula")
    flag = asked_flag("total billable hours", prep.context, 1, 4)
    assert (flag.letter, flag.value, flag.text) == ("C", "TRUE", None)
    assert asked_flag("hours that are non-billable", prep.context, 1, 4).value == "FALSE"
    assert asked_flag("how many tasks are unpaid", prep.context, 1, 4).value == '"No"'
    assert asked_flag("how many tasks haven't been paid", prep.context, 1, 4).value == '"No"'
    assert asked_flag("total hours", prep.context, 1, 4) is None
    total = Candidate("=SUM(B2:B11)", "formula", 0.0, -0.1, True)
    assert [c.text for c in _flag_repairs([total], "total billable hours", prep)] == ["=SUMIF(C2:C11,TRUE,B2:B11)"]
    rows = Candidate("=COUNTA(A2:A11)", "formula", 0.0, -0.1, True)
    prep = prepare(sd, "E2", "how many tasks are not paid", "formula")
    assert [c.text for c in _flag_repairs([rows], "how many tasks are not paid", prep)] == ['=COUNTIF(D2:D11,"No")']
    wrong = Candidate('=COUNTIF(D2:D11,"Yes")', "formula", 0.0, -0.1, True)
    assert [c.text for c in _flag_repairs([wrong], "how many tasks are not paid", prep)] == ['=COUNTIF(D2:D11,"No")']
    # the marks: a formula that reads the flag only to count its rows has not read it
    counted = Candidate("=COUNTA(D2:D11)", "formula", 0.0, -0.1, True)
    fixed = Candidate('=COUNTIF(D2:D11,"No")', "formula", 0.0, -0.1, True)
    mark_words("how many tasks are not paid", [counted, fixed], flag=flag_of("how many tasks are not paid", prep))
    assert counted.lost_text and not fixed.lost_text
    # a rule on a Yes/No column: TextEquals on it
    prep = prepare(sd, "A2:D11", "highlight unpaid tasks", "cf")
    other = Candidate("Blanks(c[1])", "cf", 0.0, -0.1, True)
    assert [c.text for c in _flag_repairs([other], "highlight unpaid tasks", prep)] == ["TextEquals(c[3], 'No')"]
    mark_words("highlight unpaid tasks", [other], flag=flag_of("highlight unpaid tasks", prep), first_col=1)
    assert other.lost_text


def test_the_span_between_two_date_columns_is_not_from_today():
    import datetime as dt

    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.mentions import asks_now
    from cfdesk.repairs import _interval_repairs

    assert asks_now("days since the order") and asks_now("number of days sinec col E")  # typos too
    assert asks_now("is it overdue") and not asks_now("number of days rented")
    cells = {(1, 1): "Car", (1, 2): "Pickup", (1, 3): "Return"}
    for r in range(2, 8):
        cells.update({(r, 1): f"C{r}", (r, 2): dt.datetime(2025, 1, r), (r, 3): dt.datetime(2025, 1, 2 * r)})
    sd = SheetData("Rentals", cells, max_row=7, max_col=3)
    request = "number of days rented"
    prep = prepare(sd, "D2", request, "formula")
    cands = [Candidate(t, "formula", 0.0, -0.1, True) for t in
             ("=TODAY()-C2", '=DATEDIF(B2,TODAY(),"d")', "=C2-B2")]
    assert [c.text for c in _interval_repairs(cands, request, prep)] == ['=DATEDIF(B2,C2,"d")']  # C2-B2 known
    assert _interval_repairs(cands, "days since pickup", prep) == []
    mark_words(request, cands)
    assert [c.unasked_today for c in cands] == [True, True, False]
    assert "today's date" in cands[0].checks()[0]


def test_a_value_per_another_period():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.mentions import asked_period, period_factor
    from cfdesk.repairs import _period_repairs

    assert asked_period("yearly fee") == "year" and asked_period("Monthly Fee") == "month"
    assert asked_period("rent per month") == "month" and asked_period("Rent / month") == "month"
    assert asked_period("daily and monthly") is None and asked_period("fee") is None
    assert period_factor("month", "year") == ("*", 12) and period_factor("year", "week") == ("/", 52)
    assert period_factor("day", "week") is None  # no whole number of weeks in a year of days
    cells = {(1, 1): "Member", (1, 2): "Monthly Fee"}
    cells.update({(r, c): v for r in range(2, 7) for c, v in ((1, f"M{r}"), (2, 20.0 + r))})
    sd = SheetData("Members", cells, max_row=6, max_col=2)
    prep = prepare(sd, "C2", "yearly fee", "formula")
    down = Candidate("=B2/12", "formula", 0.0, -0.1, True)
    assert [c.text for c in _period_repairs([down], "yearly fee", prep)] == ["=B2*12"]
    assert down.rival  # turned the other way
    days = Candidate("=B2/365", "formula", 0.0, -0.1, True)
    assert [c.text for c in _period_repairs([days], "yearly fee", prep)] == ["=B2*12"] and days.rival
    assert _period_repairs([Candidate("=B2*12", "formula", 0.0, -0.1, True)], "yearly fee", prep) == []
    assert _period_repairs([down], "the monthly fee", prep) == []  # the header's own period


def test_a_day_name_is_no_number():
    from cfdesk.candidates import Candidate
    from cfdesk.marks import mark_words

    number = Candidate("=WEEKDAY(A2)", "formula", 0.0, 0.0, True, kind="value", value=2)
    name = Candidate('=TEXT(A2,"dddd")', "formula", 0.0, 0.0, True, kind="value", value="Monday")
    mark_words("name of the weekday", [number, name])
    assert number.other_type and not name.other_type


def test_a_ratio_of_two_named_columns():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.mentions import Mention, ratio_columns
    from cfdesk.repairs import _ratio_repairs

    def at(request, *words):  # mentions of columns 1, 2, ... at each word's place
        return [Mention(i, request.index(w), "header") for i, w in enumerate(words, start=1)]

    assert ratio_columns("fee per visit", at("fee per visit", "fee", "visit")) == (1, 2)
    q = "percent of budget spent"
    assert ratio_columns(q, at(q, "budget", "spent")) == (2, 1)
    q = "ratio of pay to hours"
    assert ratio_columns(q, at(q, "pay", "hours")) == (1, 2)
    q = "stock as a multiple of the reorder level"
    assert ratio_columns(q, at(q, "stock", "reorder")) == (1, 2)
    assert ratio_columns("fee per day", at("fee per day", "fee")) is None  # a period
    cells = {(1, 1): "Project", (1, 2): "Budget", (1, 3): "Spent"}
    for r in range(2, 7):
        cells.update({(r, 1): f"P{r}", (r, 2): 1000 * r, (r, 3): 600 * r})
    sd = SheetData("Projects", cells, max_row=6, max_col=3)
    prep = prepare(sd, "D2", q := "percent of budget spent", "formula")
    cands = [Candidate(t, "formula", 0.0, -0.1, True) for t in ("=B2*C2", "=B2/C2", "=SUM(B2:B6)")]
    assert [c.text for c in _ratio_repairs(cands, q, prep)] == ["=C2/B2"]
    assert [c.rival for c in cands] == [True, True, False]  # the product and the other way round


def test_what_remains_of_a_named_column():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _remaining_repairs

    cells = {(1, 1): "Project", (1, 2): "Budget", (1, 3): "Spent", (1, 4): "Staff"}
    for r in range(2, 7):
        cells.update({(r, 1): f"P{r}", (r, 2): 1000 * r, (r, 3): 600 * r, (r, 4): r})
    sd = SheetData("Projects", cells, max_row=6, max_col=4)
    prep = prepare(sd, "E2", "remaining budget", "formula")
    cands = [Candidate(t, "formula", 0.0, -0.1, True) for t in ("=TRUNC(B2)", "=SUM(B2:B6)", "=D2*2")]
    assert [c.text for c in _remaining_repairs(cands, "remaining budget", prep, sd)] == ["=B2-C2"]
    assert _remaining_repairs(cands, "total budget", prep, sd) == []  # nothing remains
    assert _remaining_repairs(cands, "remaining staff", prep, sd) == []  # Spent is no part of Staff


def test_a_rule_for_the_sheet_value_the_request_names():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _value_rule_repairs

    cells = {(1, 1): "Respondent", (1, 2): "Age Group", (1, 3): "Rating"}
    for r in range(2, 10):
        cells.update({(r, 1): f"R{r}", (r, 2): ["18-24", "25-34", "45+"][r % 3], (r, 3): r % 5 + 1})
    sd = SheetData("Survey", cells, max_row=9, max_col=3)
    prep = prepare(sd, "A2:C9", "shade the 18-24 age group", "cf")
    assert [lit.text for lit in prep.literals] == ["18-24"]
    scale = Candidate("ColorScale(c[1])", "cf", 0.0, -0.4, True, engine_scores={"ar": -0.4})
    out = _value_rule_repairs([scale], "shade the 18-24 age group", prep, sd)
    assert [c.text for c in out] == ["TextEquals(c[1], '18-24')"] and out[0].engine_scores == {"ar": -0.4}
    from cfdesk.mentions import asks_negation

    assert asks_negation("highlight members not in London") and not asks_negation("items not in stock")
    prep = prepare(sd, "A2:C9", q := "shade everyone not in 18-24", "cf")
    assert [c.text for c in _value_rule_repairs([scale], q, prep, sd)] == ["NOT(TextEquals(c[1], '18-24'))"]
    prep = prepare(sd, "A2:C9", "shade ratings above 3", "cf")
    assert _value_rule_repairs([scale], "shade ratings above 3", prep, sd) == []  # no value named


def test_two_labels_and_a_quoted_separator(inventory):
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _label_repairs, _separator_repairs

    request = "Late if In Stock is over 50, else OK"
    prep = prepare(inventory, "I2", request, "formula")
    yes_no = Candidate('=IF(D2>50,"Yes","No")', "formula", 0.0, -0.1, True)
    assert [c.text for c in _label_repairs([yes_no], request, prep)] == ['=IF(D2>50,"Late","OK")']
    request = "category and supplier joined with ' to '"
    prep = prepare(inventory, "I2", request, "formula")
    cands = [Candidate(t, "formula", 0.0, -0.1, True) for t in
             ('=CONCAT(C2," ",G2)', '=C2&", "&G2', '=C2&" to "&G2', '=IF(D2>5,"High","Low")')]
    assert [c.text for c in _separator_repairs(cands, request, prep)] == ['=CONCAT(C2," to ",G2)']  # and one known
    assert _separator_repairs(cands, "category and supplier joined", prep) == []  # nothing quoted


def test_an_asked_case_is_never_left_out(inventory):
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.repairs import _rival_repairs

    request = "first 3 letters of the category in capitals"
    cut = Candidate("=LEFT(C2,3)", "formula", 0.0, -0.1, True)
    whole = Candidate("=UPPER(LEFT(C2,3))", "formula", 0.0, -0.1, True)
    mark_words(request, [cut, whole])
    assert cut.rival and not whole.rival
    prep = prepare(inventory, "I2", request, "formula")
    assert [c.text for c in _rival_repairs([cut], request, prep)] == ["=UPPER(LEFT(C2,3))"]
    assert _rival_repairs([cut], "first 3 letters of the category", prep) == []
    up = Candidate("=ROUND(F2,0)", "formula", 0.0, -0.1, True)
    mark_words("unit cost rounded up to a whole number", [up])
    assert up.rival  # ROUNDUP asked


def test_a_prefix_taken_off(inventory):
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _prefix_repairs

    request = "the SKU number without the SKU- prefix"  # every SKU reads SKU-1000, SKU-1001 ...
    prep = prepare(inventory, "I2", request, "formula")
    cands = [Candidate(t, "formula", 0.0, -0.1, True) for t in ('=SUBSTITUTE(A2,"-","")', "=TRIM(C2)")]
    assert [c.text for c in _prefix_repairs(cands, request, prep, inventory)] == ['=SUBSTITUTE(A2,"SKU-","")']
    assert _prefix_repairs(cands, "the SKU without the ABC- prefix", prep, inventory) == []  # no column starts so
    assert _prefix_repairs(cands, "the SKU number", prep, inventory) == []


def _bookings():
    """A small hotel sheet: two date columns, a rate, a room type, a channel and a yes/no."""
    import datetime as dt

    cells = {(1, k): h for k, h in enumerate(["Guest", "Room Type", "Check In", "Check Out", "Nightly Rate",
                                              "Channel", "Full Time", "Overtime Hours", "Hours"], start=1)}
    for r in range(2, 10):
        start = dt.datetime(2025, 3, r)
        cells.update({(r, 1): f"Guest {r}", (r, 2): ["Single", "Double", "Suite"][r % 3], (r, 3): start,
                      (r, 4): start + dt.timedelta(days=r % 4 + 1), (r, 5): 80 + 10 * r,
                      (r, 6): ["Direct", "Expedia"][r % 2], (r, 7): r % 3 != 0, (r, 8): [0, 4, 12][r % 3],
                      (r, 9): 30 + r})
    return SheetData("Bookings", cells, max_row=9, max_col=9)


def test_a_multiplier_and_a_rate_the_request_gives():
    from cfdesk.candidates import Candidate
    from cfdesk.codec import extract_literals
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.repairs import _factor_repairs, _rate_repairs, asked_rate, uses_rate

    assert [lit.text for lit in extract_literals("overtime pay at 1.5x the hourly rate")] == ["1.5"]
    assert [lit.text for lit in extract_literals("version 1.2.3")] == []  # no "1" cut from it
    sd = _bookings()
    q = "overtime pay at 1.5x the nightly rate"
    prep = prepare(sd, "J2", q, "formula")
    cands = [Candidate(t, "formula", 0.0, -0.1, True) for t in ("=H2*E2", "=PRODUCT(H2,E2)", "=E2*1.5")]
    assert [c.text for c in _factor_repairs(cands, q, prep)] == ["=H2*E2*1.5", "=PRODUCT(H2,E2,1.5)"]
    assert _factor_repairs([Candidate("=E2*E2", "formula", 0.0, -0.1, True)], q, prep) == []  # no product
    mark_words(q, cands)
    assert [c.lost_number for c in cands] == [True, True, False]
    assert asked_rate("nightly rate less 15%") == 15 and asked_rate("from 10% to 20%") is None
    assert uses_rate("=E2*0.85", 15) and uses_rate("=E2-E2*15%", 15) and not uses_rate("=MIN(E2,E2)", 15)
    q = "nightly rate less 15%"
    prep = prepare(sd, "J2", q, "formula")
    cands = [Candidate(t, "formula", 0.0, -0.1, True) for t in ("=MIN(E2,E2)", "=E2/15%")]
    assert [c.text for c in _rate_repairs(cands, q, prep)] == ["=E2*(1-15%)"]
    assert [c.rival for c in cands] == [True, False]  # the rate left out


def test_a_span_of_nights_between_the_row_dates():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _span_repairs, asked_span

    sd = _bookings()
    prep = prepare(sd, "J2", "number of nights", "formula")
    assert asked_span("number of nights", prep, sd) == ("D", "C", None, True)
    cands = [Candidate(t, "formula", 0.0, -0.1, True) for t in
             ("=MONTH(C2)", "=COUNT(D2:D9)", "=D2-C2", "=LEN(A2)", "=COUNTA(A2:A9)")]
    assert [c.text for c in _span_repairs(cands, "number of nights", prep, sd)] == []  # =D2-C2 is one
    # one row, no span: =LEN(A2); a lone column aggregate the request does not ask: =COUNTA(A2:A9)
    assert [c.rival for c in cands] == [True, True, False, True, True]
    cands = [Candidate("=COUNTA(A2:A9)", "formula", 0.0, -0.1, True)]
    _span_repairs(cands, "total number of nights", prep, sd)
    assert not cands[0].rival  # (an aggregate it asks: its own reading, left to the ranking)
    q = "total for the stay (nights times the nightly rate)"
    prep = prepare(sd, "J2", q, "formula")
    cands = [Candidate("=SUMPRODUCT(E2:E9,E2:E9)", "formula", 0.0, -0.1, True)]
    assert [c.text for c in _span_repairs(cands, q, prep, sd)] == ["=(D2-C2)*E2"]
    for q in ("30 days after check in", "nights since check in", "the day of check in"):
        assert asked_span(q, prepare(sd, "J2", q, "formula"), sd) is None  # an offset, from now, no span


def test_two_values_of_two_columns_are_two_criteria():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.repairs import _second_criterion_repairs, two_column_values

    sd = _bookings()
    q = "number of Double rooms booked via Expedia"
    prep = prepare(sd, "J2", q, "formula")
    assert two_column_values(q, prep, sd) == {"Double": 2, "Expedia": 6}
    cands = [Candidate(t, "formula", 0.0, -0.1, True) for t in
             ('=COUNTIF(B2:B9,"Double")', '=SUMIF(F2:F9,"Expedia",E2:E9)', '=COUNTIF(F2:F9,"Double")')]
    out = _second_criterion_repairs(cands, q, prep, sd)
    assert [c.text for c in out] == ['=COUNTIFS(B2:B9,"Double",F2:F9,"Expedia")',
                                     '=SUMIFS(E2:E9,F2:F9,"Expedia",B2:B9,"Double")']
    mark_words(q, cands)  # the mark of the repair stays
    assert [c.lost_value for c in cands] == [True, True, False]


def test_an_example_of_the_result_joins_the_row_cells():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.mentions import asked_texts, example_text
    from cfdesk.repairs import _example_repairs, example_formula

    assert example_text("title by author, e.g. Dune by Frank Herbert") == "Dune by Frank Herbert"
    assert example_text('guest and room like "Guest 4 (Double)"') == "Guest 4 (Double)"
    assert example_text("total sales") is None
    sd = _bookings()
    q = "guest and room, e.g. Guest 4 - Double"
    prep = prepare(sd, "J3", q, "formula")
    assert example_formula(q, prep, sd) == ('=A3&" - "&B3', [" - "])
    assert asked_texts(prep.literals, prep.values, [], q) == set()  # one row's values, not asked
    cands = [Candidate('=PROPER("Double")', "formula", 0.0, -0.1, True)]
    assert [c.text for c in _example_repairs(cands, q, prep, sd)] == ['=A3&" - "&B3'] and cands[0].lost_text
    assert example_formula("rate like 999 per night", prepare(sd, "J3", "x", "formula"), sd) is None


def test_rules_for_no_overtime_and_values_of_another_column():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.mentions import asks_negation
    from cfdesk.repairs import _rule_column_repairs, _zero_rule_repairs

    sd = _bookings()
    prep = prepare(sd, "A2:I9", "highlight anyone with no overtime", "cf")
    blanks = Candidate("Blanks(c[7])", "cf", 0.0, -0.1, True)
    assert [c.text for c in _zero_rule_repairs([blanks], prep, sd)] == ["Equals(c[7], 0)"]
    assert _zero_rule_repairs([Candidate("Blanks(c[0])", "cf", 0.0, -0.1, True)], prep, sd) == []  # text
    q = "highlight Single and Suite guests"
    prep = prepare(sd, "A2:I9", q, "cf")
    both = Candidate("OR(TextEquals(c[0], 'Single'), TextEquals(c[0], 'Suite'))", "cf", 0.0, -0.1, True)
    assert [c.text for c in _rule_column_repairs([both], prep, sd)] == [
        "OR(TextEquals(c[1], 'Single'), TextEquals(c[1], 'Suite'))"]
    assert both.lost_text
    assert asks_negation("highlight bookings not made through Expedia")
    assert asks_negation("orders not shipped to Berlin") and not asks_negation("not yet returned")


def test_headers_yes_no_sides_and_labels():
    from cfdesk.candidates import Candidate
    from cfdesk.codec import extract_literals
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.mentions import asked_flag, column_mentions
    from cfdesk.repairs import row_span_unasked

    sd = _bookings()
    prep = prepare(sd, "J2", q := "total overtime hours across everyone", "formula")
    t = prep.context.table
    assert [m.col for m in column_mentions(q, prep.context, t.first_col, t.last_col)] == [8]  # not Hours
    assert row_span_unasked(q, prep, "=SUM(H2:I2)") and not row_span_unasked(q, prep, "=SUM(H2:H9)")
    assert not row_span_unasked("max across hours to overtime hours", prep, "=MAX(H2:I2)")
    flag = asked_flag("how many part-time staff", prep.context, t.first_col, t.last_col)
    assert flag is not None and flag.value == "FALSE"
    assert asked_flag("overtime for Guest 2", prep.context, t.first_col, t.last_col) is None  # no Full Time
    same = Candidate("=COUNTIF(G2:G9,TRUE)", "formula", 0.0, -0.1, True)
    mark_words("how many part-time staff", [same], flag=flag)
    assert same.rival
    assert [lit.text for lit in extract_literals("highlight suites", ["Suite", "Day"])] == ["Suite"]
    assert [lit.text for lit in extract_literals("14 days", ["Suite", "Day"])] == ["14"]
    q = "mark Review when overtime is over 10 hours, otherwise leave blank"
    cands = [Candidate(t, "formula", 0.0, -0.1, True) for t in
             ('=IF(H2>10,"OK","Review")', '=IF(H2>I2,"Review","")', '=IF(H2>10,"Review","")')]
    mark_words(q, cands)
    assert [c.foreign_label for c in cands] == [True, False, False]
    assert [c.other_threshold for c in cands] == [False, True, False]  # 10 left for a cell
    label = Candidate('=IF(WEEKDAY(C2,2)>5,"Weekend","Weekday")', "formula", 0.0, 0.0, True, kind="value",
                      value="Weekday")
    mark_words("weekday name of the check-in date", [label])
    assert label.other_type


def test_units_dates_and_counts_of_a_clinic_sheet():
    import datetime as dt

    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.mentions import asks_row_value, unit_conversion
    from cfdesk.repairs import (
        _date_column_repairs,
        _ratio_repairs,
        _span_repairs,
        _unit_repairs,
        _zero_count_repairs,
    )

    assert unit_conversion("duration in hours", "Duration (min)") == ("/", 60)
    assert unit_conversion("weight in grams", "Weight (kg)") == ("*", 1000)
    assert unit_conversion("mileage in thousands", "Mileage") == ("/", 1000)
    assert unit_conversion("sales in East", "Sales") is None and unit_conversion("hours in hours", "Hours") is None
    cells = {(1, k): h for k, h in enumerate(["Patient", "Date", "Duration (min)", "Fee", "Discount", "Last Visit",
                                              "Next Visit"], start=1)}
    for r in range(2, 8):
        day = dt.datetime(2025, 5, r)
        cells.update({(r, 1): f"P{r}", (r, 2): day, (r, 3): 15 * r, (r, 4): 40.0 + r, (r, 5): [0, 0.1][r % 2],
                      (r, 6): day, (r, 7): day + dt.timedelta(days=90)})
    sd = SheetData("Clinic", cells, max_row=7, max_col=7)
    prep = prepare(sd, "H2", q := "duration in hours", "formula")
    cands = [Candidate(t, "formula", 0.0, -0.1, True) for t in ("=LEN(C2)", "=C2/60", "=SUM(C2:C7)")]
    assert [c.text for c in _unit_repairs(cands, q, prep)] == []  # =C2/60 is one
    # (the column summed, where the request asks no total, and without the factor: marked too)
    assert [c.rival for c in cands] == [True, False, True]
    prep = prepare(sd, "H2", q := "fee per minute", "formula")  # "minute" names Duration (min)
    assert [c.text for c in _ratio_repairs([Candidate("=C2/D2", "formula", 0.0, -0.1, True)], q, prep)] == ["=D2/C2"]
    prep = prepare(sd, "H2", q := "days between last and next visit", "formula")
    back = Candidate("=F2-G2", "formula", 0.0, -0.1, True)
    assert [c.text for c in _span_repairs([back], q, prep, sd)] == ["=G2-F2"] and back.rival
    prep = prepare(sd, "H2", "the weekday", "formula")  # two date columns: no one date to move to
    assert _date_column_repairs([Candidate('=TEXT(D2,"dddd")', "formula", 0.0, -0.1, True)], "the weekday", prep) == []
    del cells[(1, 6)], cells[(1, 7)]
    for r in range(2, 8):
        del cells[(r, 6)], cells[(r, 7)]
    sd = SheetData("Clinic", cells, max_row=7, max_col=5)
    prep = prepare(sd, "F2", "day of the week of the visit", "formula")
    off = Candidate('=TEXT(D2,"dddd")', "formula", 0.0, -0.1, True)
    assert [c.text for c in _date_column_repairs([off], "day of the week of the visit", prep)] == [
        '=TEXT(B2,"dddd")'] and off.rival
    assert _date_column_repairs([off], "fee as an integer", prep) == []  # no date's part asked
    prep = prepare(sd, "F2", q := "number of visits with a discount", "formula")
    blank = Candidate("=COUNTBLANK(E2:E7)", "formula", 0.0, -0.1, True)
    assert [c.text for c in _zero_count_repairs([blank], q, prep, sd)] == ['=COUNTIF(E2:E7,">0")'] and blank.rival
    q = "number of visits without a discount"
    assert [c.text for c in _zero_count_repairs([blank], q, prep, sd)] == ["=COUNTIF(E2:E7,0)"]
    assert asks_row_value("line total = qty times unit price") and asks_row_value("profit = revenue - cost")
    assert not asks_row_value("total = sum of sales") and not asks_row_value("what is the total")
    whole = Candidate("=SUMPRODUCT(C2:C7,D2:D7)", "formula", 0.0, -0.1, True)
    mark_words("line total = duration times fee", [whole])
    assert whole.lost_row


def test_campaign_and_listing_requests():
    import datetime as dt

    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.repairs import (
        _difference_repairs,
        _ratio_repairs,
        _remaining_repairs,
        _span_repairs,
        _unfilled_rule_repairs,
        flag_of,
    )

    cells = {(1, k): h for k, h in enumerate(["Campaign", "Start", "End", "Budget", "Spend", "Clicks", "Sold",
                                              "Remote"], start=1)}
    for r in range(2, 9):
        start = dt.datetime(2025, 4, r)
        cells.update({(r, 1): f"C{r}", (r, 2): start, (r, 3): start + dt.timedelta(days=10 + r),
                      (r, 4): 1000 * r, (r, 5): 1000 * r * (1.2 if r % 2 else 0.7), (r, 6): 50 * r,
                      (r, 8): r % 2 == 0})
        if r % 3:
            cells[(r, 7)] = "Yes"
    sd = SheetData("Campaigns", cells, max_row=8, max_col=8)
    prep = prepare(sd, "I2", q := "difference between budget and spend", "formula")
    back = Candidate("=E2-D2", "formula", 0.0, -0.1, True)
    assert [c.text for c in _difference_repairs([back], q, prep)] == ["=D2-E2"] and back.rival
    prep = prepare(sd, "I2", q := "cost per click", "formula")  # "cost" names Spend
    assert [c.text for c in _ratio_repairs([Candidate("=B2/F2", "formula", 0.0, -0.1, True)], q, prep)] == ["=E2/F2"]
    prep = prepare(sd, "I2", q := "share of the budget spent", "formula")
    one = Candidate("=D2/SUM($D$2:$D$8)", "formula", 0.0, -0.1, True)
    assert [c.text for c in _ratio_repairs([one], q, prep)] == ["=E2/D2"]
    prep = prepare(sd, "I2", q := "budget left", "formula")  # half the budgets are overspent
    median = Candidate("=MEDIAN(D2:D8)", "formula", 0.0, -0.1, True)
    assert [c.text for c in _remaining_repairs([median], q, prep, sd)] == ["=D2-E2"] and median.rival
    prep = prepare(sd, "I2", q := "campaign length in days", "formula")
    length = Candidate("=LEN(A2)", "formula", 0.0, -0.1, True)
    assert [c.text for c in _span_repairs([length], q, prep, sd)] == ["=C2-B2"] and length.rival
    prep = prepare(sd, "A2:H8", q := "highlight unsold campaigns", "cf")
    assert [c.text for c in _unfilled_rule_repairs([Candidate("Unique(c[6])", "cf", 0.0, -0.1, True)], q, prep,
                                                   sd)] == ["Blanks(c[6])"]
    assert _unfilled_rule_repairs([Candidate("Unique(c[6])", "cf", 0.0, -0.1, True)], "highlight sold ones", prep,
                                  sd) == []
    prep = prepare(sd, "I2", q := "how many remote campaigns", "formula")
    one_row = Candidate("=LEN(H2)", "formula", 0.0, -0.1, True, kind="value", value=4)
    mark_words(q, [one_row], flag=flag_of(q, prep))
    assert one_row.other_type


def test_tickets_readings_and_a_league():
    import datetime as dt

    from cfdesk.candidates import Candidate
    from cfdesk.codec import written_labels
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.mentions import asked_multipliers
    from cfdesk.repairs import (
        _change_repairs,
        _condition_repairs,
        _unfilled_rule_repairs,
        _value_count_repairs,
    )

    cells = {(1, k): h for k, h in enumerate(["Ticket", "Meter", "Opened", "Closed", "Previous Reading",
                                              "Current Reading", "Won"], start=1)}
    for r in range(2, 9):
        day = dt.datetime(2025, 6, r)
        cells.update({(r, 1): f"T-{r}", (r, 2): f"M-0{r % 3 + 1}", (r, 3): day, (r, 5): 100 * r,
                      (r, 6): 100 * r + 40, (r, 7): 5 * r})
        if r % 2:
            cells[(r, 4)] = day + dt.timedelta(days=2)
    sd = SheetData("Desk", cells, max_row=8, max_col=7)
    prep = prepare(sd, "H2", q := "how many tickets are still open", "formula")
    counted = Candidate("=COUNTA(A2:A8)", "formula", 0.0, -0.1, True)
    assert [c.text for c in _unfilled_rule_repairs([counted], q, prep, sd)] == ["=COUNTBLANK(D2:D8)"]
    assert counted.lost_text  # the Closed column unread
    prep = prepare(sd, "A2:G8", q := "highlight open tickets", "cf")
    assert [c.text for c in _unfilled_rule_repairs([Candidate("Unique(c[0])", "cf", 0.0, -0.1, True)], q, prep,
                                                   sd)] == ["Blanks(c[3])"]
    prep = prepare(sd, "H2", q := "number of readings for meter M-03", "formula")
    assert [lit.text for lit in prep.literals] == ["M-03"]
    month = Candidate("=MONTH(B2)", "formula", 0.0, -0.1, True)
    assert [c.text for c in _value_count_repairs([month], q, prep, sd)] == ['=COUNTIF(B2:B8,"M-03")']
    prep = prepare(sd, "H2", q := "units used", "formula")
    scaled = Candidate("=F2/12", "formula", 0.0, -0.1, True)
    assert [c.text for c in _change_repairs([scaled], q, prep)] == ["=F2-E2"] and scaled.rival
    q = "Promoted if won 15 or more, else blank"
    assert written_labels(q) == {"Promoted"}
    prep = prepare(sd, "H2", q, "formula")
    blank = Candidate('=IF(ISBLANK(G2),"Promoted","OK")', "formula", 0.0, -0.1, True)
    assert [c.text for c in _condition_repairs([blank], q, prep)] == ['=IF(G2>=15,"Promoted","")']
    other = Candidate('=IF(G2>=15,"Missing","")', "formula", 0.0, -0.1, True)
    mark_words(q, [other])
    assert other.foreign_label  # a label the request does not write, beside one it does
    assert asked_multipliers("rating out of 100") == {100.0}
    assert asked_multipliers("satisfaction as a percentage of 5") == {5.0}


def test_a_rule_mark_of_a_repair_survives_the_yes_no_check():
    from cfdesk.candidates import Candidate
    from cfdesk.marks import mark_words
    from cfdesk.mentions import Flag

    flag = Flag(4, "D", '"No"', "No")
    moved = Candidate("TextEquals(c[3], 'No')", "cf", 0.0, -0.1, True)
    moved.lost_text = True  # as _rule_column_repairs marks a rule whose text is in another column
    mark_words("highlight unpaid rows", [moved], flag=flag, first_col=1)
    assert moved.lost_text  # it tests the flag's column, and keeps the repair's mark


def _results() -> SheetData:
    import datetime as dt

    cells = {(1, 1): "Student", (1, 2): "Class", (1, 3): "Final", (1, 4): "Absences", (1, 5): "Passed",
             (1, 6): "Monthly Price", (1, 7): "Months", (1, 8): "Country", (1, 9): "Start Date"}
    for r in range(2, 10):
        cells.update({(r, 1): ["Nora Berg", "Elias Lund", "Maja Dahl"][r % 3], (r, 2): f"10{'ABC'[r % 3]}",
                      (r, 3): 20 + 7 * r, (r, 4): r, (r, 5): 20 + 7 * r >= 40, (r, 6): 7.99 + r,
                      (r, 7): 3 * r, (r, 8): ["Norway", "Sweden"][r % 2], (r, 9): dt.datetime(2024, 1, r)})
    return SheetData("Results", cells, max_row=9, max_col=9)


def test_labels_failures_divisors_and_defined_products():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.mentions import asked_divisor, asked_flag, asks_negation, column_mentions, defined_operation
    from cfdesk.repairs import _defined_repairs, _divisor_repairs, _label_repairs

    sd = _results()
    # "over 6" is the comparison, not the label "Over"; the request's own label replaces it
    q = "if absences are over 6 show Warning, else leave it blank"
    prep = prepare(sd, "J2", q, "formula")
    over = Candidate('=IF(D2>6,"Over","")', "formula", 0.0, -0.1, True)
    mark_words(q, [over])
    assert over.foreign_label
    assert [c.text for c in _label_repairs([over], q, prep)] == ['=IF(D2>6,"Warning","")']
    ok = Candidate('=IF(D2>6,"Over","")', "formula", 0.0, -0.1, True)
    mark_words("if absences are 6 or more say Over, else leave it blank", [ok])
    assert not ok.foreign_label  # the request writes it
    # "failed" is the no side of a Passed column
    t = prep.context.table
    flag = asked_flag("how many students failed", prep.context, t.first_col, t.last_col)
    assert flag is not None and flag.letter == "E" and flag.value == "FALSE"
    assert asked_flag("how many students passed", prep.context, t.first_col, t.last_col).value == "TRUE"
    assert asks_negation("highlight customers outside Sweden") and not asks_negation("an outside chance")
    # "as a percentage of 80" divides
    assert asked_divisor("final exam as a percentage of 80") == 80 and asked_divisor("score out of 50") == 50
    assert asked_divisor("final times 80") is None
    q = "final as a percentage of 80"
    prep = prepare(sd, "J2", q, "formula")
    times = Candidate("=C2*80", "formula", 0.0, -0.1, True)
    assert [c.text for c in _divisor_repairs([times], q, prep)] == ["=C2/80"] and times.rival
    # "name = A x B" of two named number columns
    q = "total paid so far = monthly price x months"
    prep = prepare(sd, "J2", q, "formula")
    ms = column_mentions(q, prep.context, t.first_col, t.last_col)
    assert defined_operation(q, ms, prep.context.table.headers) == (6, "*", 7)
    assert defined_operation("total = sum of monthly price x months", ms, prep.context.table.headers) is None
    other = Candidate("=SUM($F$2:F2)", "formula", 0.0, -0.1, True)
    assert [c.text for c in _defined_repairs([other], q, prep)] == ["=F2*G2"]
    q = "gap = final minus absences"
    prep = prepare(sd, "J2", q, "formula")
    assert [c.text for c in _defined_repairs([other], q, prep)] == ["=C2-D2"]


def test_an_equality_rule_no_cell_meets_is_offered_as_contains():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _contains_rule_repairs

    cells = {(1, 1): "Drug", (1, 2): "Stock"}
    for r, name in enumerate(["NAT-ABIRATERONE   ", "APO-ABIRATERONE", "ZYTIGA"], start=2):
        cells.update({(r, 1): name, (r, 2): r})
    sd = SheetData("Drugs", cells, max_row=4, max_col=2)
    prep = prepare(sd, "A2:B4", 'colour values where value is "NAT-ABIRATERONE"', "cf")
    eq = Candidate("TextEquals(c[0], 'NAT-ABIRATERONE')", "cf", 0.0, -0.1, True)
    out = _contains_rule_repairs([eq], prep, sd)
    assert [c.text for c in out] == ["TextContains(c[0], 'NAT-ABIRATERONE')"]  # Excel's = does not trim
    exact = Candidate("TextEquals(c[0], 'zytiga')", "cf", 0.0, -0.1, True)  # a cell equals it (any case)
    assert _contains_rule_repairs([exact], prep, sd) == []
    assert _contains_rule_repairs([Candidate("TextEquals(c[0], 'ASPIRIN')", "cf", 0.0, -0.1, True)], prep, sd) == []


def test_a_rule_that_takes_no_side_where_the_request_ranks_is_marked():
    from cfdesk.candidates import Candidate
    from cfdesk.marks import mark_words

    def rival(request: str, rule: str) -> bool:
        c = Candidate(rule, "cf", 0.0, -0.1, True)
        mark_words(request, [c])
        return c.rival

    assert rival("Color excel sheet based on max values in a column", "ColorScale()")
    assert rival("highlight the top 10 values", "Duplicate()") and not rival("highlight the top 10 values", "Top(10)")
    assert not rival("add a colour scale from lowest to highest", "ColorScale()")  # the display is named
    assert not rival("highlight rows where minimum equals 14", "Equals(c[4], 14)")  # a Minimum column
    assert not rival("highlight the lowest stock below 20", "LessThan(c[3], 20)")  # a threshold


def test_a_word_of_a_named_label_is_no_label_of_its_own():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _label_repairs

    sd = _results()
    q = "Late if absences are more than 6, else On time"
    prep = prepare(sd, "J2", q, "formula")
    yes_no = Candidate('=IF(D2>6,"Yes","No")', "formula", 0.0, -0.1, True)
    assert [c.text for c in _label_repairs([yes_no], q, prep)] == ['=IF(D2>6,"Late","On time")']


def test_a_rule_for_a_true_false_column_the_request_names():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _flag_repairs

    sd = _results()
    for q, want in [("highlight students who failed", "TextEquals(c[4], 'FALSE')"),
                    ("highlight students who passed", "TextEquals(c[4], 'TRUE')")]:
        prep = prepare(sd, "A2:I9", q, "cf")
        scale = Candidate("ColorScale(c[2])", "cf", 0.0, -0.1, True)
        assert [c.text for c in _flag_repairs([scale], q, prep)] == [want]


def test_a_rule_for_a_value_written_as_true_or_false():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _flag_repairs

    sd = _results()
    q = "FALSE highlighted for range A2:I9"  # no header word: the value itself
    prep = prepare(sd, "A2:I9", q, "cf")
    scale = Candidate("ColorScale(c[2])", "cf", 0.0, -0.1, True)
    assert [c.text for c in _flag_repairs([scale], q, prep)] == ["TextEquals(c[4], 'FALSE')"]
    for q in ["highlight true or false", "highlight rows where Final is over 40"]:  # both, or neither
        assert _flag_repairs([scale], q, prepare(sd, "A2:I9", q, "cf")) == []
    # a formula's TRUE is as often its result
    assert _flag_repairs([Candidate("=C2>40", "formula", 0.0, -0.1, True)], "TRUE if final is over 40",
                         prepare(sd, "J2", "TRUE if final is over 40", "formula")) == []


def test_a_rule_for_a_value_written_as_a_symbol_or_spelled_out_of_its_code():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _code_rule_repairs

    cells = {(1, 1): "Name", (1, 2): "Sex", (1, 3): "Trend"}
    for r in range(2, 8):
        cells.update({(r, 1): ["Nora Berg", "Elias Lund", "Maja Dahl"][r % 3], (r, 2): "MF"[r % 2],
                      (r, 3): "+-"[r % 2]})
    sd = SheetData("People", cells, max_row=7, max_col=3)
    scale = Candidate("ColorScale()", "cf", 0.0, -0.1, True)

    def repaired(q: str) -> list[str]:
        return [c.text for c in _code_rule_repairs([scale], q, prepare(sd, "A2:C7", q, "cf"), sd)]

    assert repaired("Style values which are -") == ["TextEquals(c[2], '-')"]
    assert repaired("Apply conditional formatting to Male on Sex") == ["TextEquals(c[1], 'M')"]
    assert repaired("highlight everyone who is not Female") == ["NOT(TextEquals(c[1], 'F'))"]
    assert repaired("highlight names that include Berg") == []  # a word the cells hold
    assert repaired("highlight Male or Female") == []  # two values: the pair repairs'
    assert repaired("highlight values over 5 - 10") == []  # a symbol no cell holds


def test_a_rule_looking_for_a_text_neither_the_request_nor_the_range_holds():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.validate import unheard_text, validate_rule

    sd = _results()
    q = "highlight students who are not in Norway"
    prep = prepare(sd, "A2:I9", q, "cf")
    assert unheard_text("NOT(TextContains(c[7], 'Weekend'))", sd, prep, q) == "Weekend"
    assert unheard_text("NOT(TextContains(c[7], 'Norway'))", sd, prep, q) is None  # the request's
    assert unheard_text("TextContains(c[0], 'berg')", sd, prep, q) is None  # part of a cell
    assert unheard_text("TextEquals(c[7], 'Yes')", sd, prep, q) == "Yes"
    assert unheard_text("TextEquals(c[7], 'in')", sd, prep, q) is None  # a word of the request
    c = Candidate("NOT(TextContains(c[7], 'Weekend'))", "cf", 0.0, -0.1, True)
    validate_rule(c, sd, prep, q)
    assert c.valid and "Weekend" in c.clash
    plain = Candidate("NOT(TextContains(c[7], 'Weekend'))", "cf", 0.0, -0.1, True)
    validate_rule(plain, sd, prep)  # no request given: no such check
    assert plain.clash == ""


def test_a_negated_yes_no_header_is_said_by_its_no_side():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.repairs import flag_of

    sd = _results()
    q = "highlight students that are not passed"
    prep = prepare(sd, "A2:I9", q, "cf")
    flag = flag_of(q, prep)
    no, yes = (Candidate(f"TextEquals(c[4], '{v}')", "cf", 0.0, -0.1, True) for v in ("FALSE", "TRUE"))
    mark_words(q, [no, yes], flag=flag, first_col=1)
    assert flag.value == "FALSE" and not no.lost_negation and yes.lost_negation


def test_an_equality_of_two_columns_the_request_asks_for():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.mentions import asks_equality
    from cfdesk.repairs import _comparison_repairs

    assert asks_equality("Full if enrolled equals seats") and asks_equality("where Planned = Actual")
    assert not asks_equality("Planned >= Actual") and not asks_equality("score over 40")
    sd = _results()
    q = "Same if Final equals Months otherwise Different"
    prep = prepare(sd, "J2", q, "formula")
    order = Candidate('=IF(C2<=G2,"Same","Different")', "formula", 0.0, -0.1, True)
    assert [c.text for c in _comparison_repairs([order], q, prep)] == ['=IF(C2=G2,"Same","Different")']
    same = Candidate('=IF(C2=G2,"Same","Different")', "formula", 0.0, -0.1, True)
    mark_words(q, [order, same])
    assert order.other_comparison and not same.other_comparison


def test_a_rate_applied_to_the_named_column_from_any_candidate():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _rate_repairs, uses_rate

    assert not uses_rate('=IF(F2>12%,"Yes","No")', 12) and not uses_rate("=SUMIF(A2:A9,12%,F2:F9)", 12)
    assert uses_rate("=F2*1.12", 12) and uses_rate("=F2+F2*12%", 12)
    sd = _results()
    q = "monthly price including 12% VAT"
    prep = prepare(sd, "J2", q, "formula")
    other = Candidate('=IF(C2>12%,"Yes","No")', "formula", 0.0, -0.1, True, engine_scores={"ar": -0.1})
    out = _rate_repairs([other], q, prep)
    assert [c.text for c in out] == ["=F2*(1+12%)"] and out[0].engine_scores == {"ar": -0.1}
    assert other.rival


def test_units_and_verbs_name_their_columns():
    from cfdesk.features import prepare
    from cfdesk.repairs import table_mentions

    cells = {(1, 1): "Field", (1, 2): "Planted", (1, 3): "Harvested", (1, 4): "Area (ha)", (1, 5): "Yield (t)"}
    for r in range(2, 6):
        cells.update({(r, 1): f"F-{r}", (r, 2): 45000 + r, (r, 3): 45100 + r, (r, 4): 2.5 * r, (r, 5): 9.0 * r})
    sd = SheetData("Harvest", cells, max_row=5, max_col=5)

    def named(q: str) -> list[int]:
        return [m.col for m in table_mentions(q, prepare(sd, "F2", q, "formula"))]

    assert named("yield per hectare") == [5, 4]
    assert named("days between planting and harvest") == [2, 3]
    assert named("output in tonnes") == [5]


def test_free_places_and_the_fill_rate_of_a_capacity():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _ratio_repairs, _remaining_repairs

    cells = {(1, 1): "Course", (1, 2): "Seats", (1, 3): "Enrolled", (1, 4): "Fee"}
    for r in range(2, 8):
        cells.update({(r, 1): f"Course {r}", (r, 2): 20, (r, 3): 10 + r, (r, 4): 100 * r})
    sd = SheetData("Courses", cells, max_row=7, max_col=4)
    prep = prepare(sd, "E2", "free seats", "formula")
    seats = Candidate("=MAX(B2:B7)", "formula", 0.0, -0.1, True)
    assert [c.text for c in _remaining_repairs([seats], "free seats", prep, sd)] == ["=B2-C2"]
    prep = prepare(sd, "E2", "fill rate", "formula")
    enrolled = Candidate("=SUM(C2:C7)", "formula", 0.0, -0.1, True)
    assert [c.text for c in _ratio_repairs([enrolled], "fill rate", prep)] == ["=C2/B2"]


def test_a_lower_case_sheet_value_is_asked_for():
    from cfdesk.codec import Literal
    from cfdesk.mentions import asked_texts

    values = ["Barley", "Wheat", "Day", "Client visit"]
    lits = [Literal("text", "Barley", "barley"), Literal("text", "Day", "day"),
            Literal("text", "Client visit", "client visits")]
    assert asked_texts(lits, values) == {"barley", "client visit"}  # "day" is a unit a request counts in


def test_a_price_per_unit_multiplies_its_column():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.mentions import asked_unit_rate
    from cfdesk.repairs import _unit_rate_repairs

    assert asked_unit_rate("labour cost at 65 per hour")[0] == 65
    assert asked_unit_rate("fee of 1,200 per month")[0] == 1200 and asked_unit_rate("65/h plus parts")[0] == 65
    assert asked_unit_rate("sales over 5,000 per region") is None  # a threshold per region
    assert asked_unit_rate("5% per year") is None and asked_unit_rate("3 per cent") is None
    sd = _results()
    for q, want in [("Absences at 12.5 per absence", "=D2*12.5"),
                    ("absences at 12.5 each plus the monthly price", "=D2*12.5+F2")]:
        prep = prepare(sd, "J2", q, "formula")
        other = Candidate("=D2/365", "formula", 0.0, -0.1, True, engine_scores={"ar": -0.1})
        out = _unit_rate_repairs([other], q, prep)
        assert [c.text for c in out] == [want] and out[0].engine_scores == {"ar": -0.1}
        mark_words(q, [other])
        assert other.lost_number  # the price left out
    # the column the unit names, though another is named before the price
    cells = {(1, 1): "Order", (1, 2): "Hours", (1, 3): "Parts Cost", (2, 1): "WO-1", (2, 2): 3, (2, 3): 40.5}
    orders = SheetData("Orders", cells, max_row=2, max_col=3)
    q = "hours spent times 45 per hour"  # "spent" names Parts Cost
    prep = prepare(orders, "D2", q, "formula")
    assert [c.text for c in _unit_rate_repairs([Candidate("=C2*45", "formula", 0.0, -0.1, True)], q, prep)] == [
        "=B2*45"]
    # no named column read: from every candidate
    q = "absences at 12.5 each"
    prep = prepare(sd, "J2", q, "formula")
    assert [c.text for c in _unit_rate_repairs([Candidate("=YEAR(I2)", "formula", 0.0, -0.1, True)], q, prep)] == [
        "=D2*12.5"]


def test_a_date_before_or_after_is_an_order_comparison():
    from cfdesk.mentions import comparison_words

    # either bound: the generated requests' "after 2024-06-30" counts the day itself
    assert comparison_words("Expiring if the lease ends before 2026-06-30") == {"<", "<="}
    assert comparison_words("orders after 1 March") == {">", ">="}
    assert comparison_words("due before today") == {"<", "<="}
    assert comparison_words("price after 10% discount") == set()  # a rate, no date
    assert comparison_words("before 5 pm") == set()


def test_plural_headers_header_labels_and_periods():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.repairs import _period_repairs, _ratio_repairs, table_mentions

    sd = _results()
    q = "highlight monthly prices over 10"  # "prices" of Monthly Price
    assert [m.col for m in table_mentions(q, prepare(sd, "A2:I9", q, "cf"))] == [6]
    # a header opening an IF whose other case is a label is a label too
    q = "Passed if Final is at least 40, otherwise Retake"
    c = Candidate('=IF(C2>=40,"Passed","Retake")', "formula", 0.0, -0.1, True)
    mark_words(q, [c], prepare(sd, "J2", q, "formula").context.table.headers)
    assert not c.header_text
    # "yearly" read as YEAR: the period's conversion from any candidate that reads the column
    q = "yearly price"
    prep = prepare(sd, "J2", q, "formula")
    year = Candidate("=YEAR(F2)", "formula", 0.0, -0.1, True, engine_scores={"ar": -0.1})
    assert [c.text for c in _period_repairs([year], q, prep)] == ["=F2*12"]
    # a ratio of two named columns no candidate reads: from all of them
    q = "final as a multiple of the months"
    prep = prepare(sd, "J2", q, "formula")
    assert [c.text for c in _ratio_repairs([Candidate("=YEAR(I2)", "formula", 0.0, -0.1, True)], q, prep)] == [
        "=C2/G2"]


def test_a_rule_comparing_numbers_in_a_column_that_holds_none():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.validate import validate_rule

    sd = _results()
    prep = prepare(sd, "A2:I9", "highlight students not in Norway", "cf")
    below = Candidate("BelowAverage(c[7])", "cf", 0.0, -0.1, True)  # Country: no numbers
    validate_rule(below, sd, prep)
    assert "holds none" in below.clash
    scale = Candidate("ColorScale(c[7])", "cf", 0.0, -0.1, True)  # scales are put on text too
    validate_rule(scale, sd, prep)
    assert scale.clash == ""


def test_column_mentions_do_not_depend_on_the_hash_seed():
    import subprocess
    import sys

    code = ("from cfdesk.features import prepare; from cfdesk.repairs import table_mentions; "
            "from cfdesk.workbook import SheetData; "
            "sd = SheetData('R', {(1, 1): 'Ticket', (1, 2): 'Labour Hours', (2, 1): 'R-1', (2, 2): 1.5}, "
            "max_row=2, max_col=2); q = 'labour cost at 65 per hour'; "
            "print(table_mentions(q, prepare(sd, 'C2', q, 'formula')))")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={**__import__("os").environ, "PYTHONHASHSEED": str(s)}).stdout for s in range(4)}
    assert len(outs) == 1 and "start=0" in outs.pop()


def _clinic() -> SheetData:
    """Patients with a birth and a visit date, a yes/no column and a value with its unit."""
    import datetime as dt

    cells = {(1, 1): "Patient", (1, 2): "Birth Date", (1, 3): "Visit Date", (1, 4): "Weight (kg)",
             (1, 5): "Smoker", (1, 6): "Value (USD)", (1, 7): "Freight"}
    for r in range(2, 8):
        cells.update({(r, 1): f"P{r}", (r, 2): dt.datetime(1950 + 5 * r, r, 3), (r, 3): dt.datetime(2026, r, 9),
                      (r, 4): 60.5 + r, (r, 5): "Yes" if r % 3 else "No", (r, 6): 1000 * r, (r, 7): 40.25 * r})
    return SheetData("Patients", cells, max_row=7, max_col=7)


def _classes() -> SheetData:
    """Gym classes: a capacity, the places booked and a price."""
    cells = {(1, 1): "Class", (1, 2): "Capacity", (1, 3): "Booked", (1, 4): "Price"}
    for r in range(2, 10):
        cells.update({(r, 1): f"C{r}", (r, 2): 12, (r, 3): r, (r, 4): 10.0})
    return SheetData("Classes", cells, max_row=9, max_col=4)


def test_plural_flags_units_in_brackets_and_nouns_of_participles():
    from cfdesk.features import prepare
    from cfdesk.repairs import flag_of, table_mentions

    sd = _clinic()

    def named(q: str) -> list[int]:
        return [m.col for m in table_mentions(q, prepare(sd, "H2", q, "formula"))]

    assert flag_of("number of smokers", prepare(sd, "H2", "number of smokers", "formula")).value == '"Yes"'
    assert named("freight as a share of value") == [7, 6]  # "Value (USD)" by its one common word
    assert named("the value of E2") == [6] and named("values over 10") == []
    assert named("age at the visit") == [2, 3]  # age of the birth date, not of an Age column
    classes = _classes()
    q = "classes with fewer than 5 bookings"
    assert [m.col for m in table_mentions(q, prepare(classes, "E2", q, "formula"))] == [3]


def test_a_number_compared_or_rounded_with_is_not_multiplied_by():
    from cfdesk.candidates import Candidate
    from cfdesk.marks import mark_words
    from cfdesk.mentions import asked_multipliers

    assert asked_multipliers("value in euros at 0.92") == {0.92}
    assert asked_multipliers("at 0.5 or more") == set() and asked_multipliers("at 5% off") == set()
    q = "weight in pounds, kg times 2.2046"
    cands = [Candidate(t, "formula", 0.0, -0.1, True) for t in
             ("=COUNTIF(D2:D7,2.2046)", "=ROUNDUP(D2,2.2046)", "=D2*2.2046")]
    mark_words(q, cands)
    assert [c.lost_number for c in cands] == [True, True, False]


def test_a_date_a_share_of_a_column_a_capacity_and_revenue():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.formula.typecheck import type_clash
    from cfdesk.repairs import (
        _as_of_repairs,
        _interval_repairs,
        _remaining_repairs,
        _revenue_repairs,
        _share_threshold_repairs,
    )
    from cfdesk.validate import column_types

    sd = _clinic()
    q = "days since the visit as of 2026-11-01"
    prep = prepare(sd, "H2", q, "formula")
    today = Candidate("=TODAY()-C2", "formula", 0.0, -0.1, True)
    assert [c.text for c in _as_of_repairs([today], q, prep)] == ["=DATE(2026,11,1)-C2"] and today.unasked_today
    q = "days from today to 2026-11-01"
    assert _as_of_repairs([today], q, prepare(sd, "H2", q, "formula")) == []
    q = "age at the visit in years"
    prep = prepare(sd, "H2", q, "formula")
    age = Candidate('=DATEDIF(C2,TODAY(),"y")', "formula", 0.0, -0.1, True)
    assert [c.text for c in _interval_repairs([age], q, prep)] == ['=DATEDIF(B2,C2,"y")'] and age.unasked_today
    q = "age in years"
    assert _interval_repairs([age], q, prepare(sd, "H2", q, "formula")) == []  # age today
    assert type_clash("=C2*(1+B2)", column_types(prep)) == "* on a date"
    assert type_clash("=C2-B2", column_types(prep)) == ""

    classes = _classes()
    q = "Waitlist if booked is more than 90% of capacity, otherwise blank"
    prep = prepare(classes, "E2", q, "formula")
    got = Candidate('=IF(B2>"Waitlist",B2*90%,0)', "formula", 0.0, -0.1, True)
    assert [c.text for c in _share_threshold_repairs([got], q, prep)] == ['=IF(C2>90%*B2,"Waitlist","")']
    prep = prepare(classes, "E2", "free spots", "formula")
    spots = Candidate("=B2*(1+D2)", "formula", 0.0, -0.1, True)
    assert [c.text for c in _remaining_repairs([spots], "free spots", prep, classes)] == ["=B2-C2"]
    q = "revenue from bookings"
    prep = prepare(classes, "E2", q, "formula")
    square = Candidate("=C2*C2", "formula", 0.0, -0.1, True)
    assert [c.text for c in _revenue_repairs([square], q, prep)] == ["=C2*D2"] and square.rival
    q = "total revenue from bookings"
    assert _revenue_repairs([square], q, prepare(classes, "E2", q, "formula")) == []


def test_a_number_and_above_includes_the_number():
    from cfdesk.mentions import comparison_thresholds, comparison_words

    assert comparison_words("readings of 140 and above") == {">="}
    assert comparison_thresholds("readings of 140 and above") == {140.0}
    assert comparison_words("10 and under") == {"<="} and comparison_thresholds("10% and up") == {0.1, 10.0}
    assert comparison_words("East and over 500") == {">"}  # the number follows: "over 500"


def test_nouns_ranks_and_abbreviations_name_columns():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.mentions import asked_unit_word, unit_conversion
    from cfdesk.repairs import _unit_repairs, flag_of, table_mentions

    cells = {(1, 1): "Site", (1, 2): "Installed", (1, 3): "Generated (kWh)", (1, 4): "Temp (°C)",
             (1, 5): "Contaminated"}
    for r in range(2, 8):
        cells.update({(r, 1): f"SOL-{r}", (r, 2): 45000 + r, (r, 3): 9000.5 * r, (r, 4): 3.5 * r,
                      (r, 5): "Y" if r % 2 else "N"})
    sd = SheetData("Solar", cells, max_row=7, max_col=5)

    def named(q: str, target: str = "F2", mode: str = "formula") -> list[int]:
        return [m.col for m in table_mentions(q, prepare(sd, target, q, mode))]

    assert named("share of all generation") == [3]  # the noun of Generated
    assert named("highlight the top 3 generating sites", "A2:E7", "cf") == [3]  # the verb after a rank
    assert named("generating sites") == []  # not where it stands before a noun without a rank
    assert named("average temperature") == [4]  # Temp, abbreviated
    assert unit_conversion("generation in MWh", "Generated (kWh)") == ("/", 1000.0)
    assert asked_unit_word("generation in MWh") == "mwh" and asked_unit_word("sales in Norway") is None
    q = "generation in MWh"
    prep = prepare(sd, "F2", q, "formula")
    word = Candidate('=COUNTIF(A2:A7,"MWh")', "formula", 0.0, -0.1, True)
    assert [c.text for c in _unit_repairs([word, Candidate("=C2", "formula", 0.0, -0.1, True)], q, prep)] == [
        "=C2/1000"] and word.rival
    q = "highlight contaminated samples"
    prep = prepare(sd, "A2:E7", q, "cf")
    dup, test = (Candidate(t, "cf", 0.0, -0.1, True) for t in ("Duplicate(c[4])", "TextEquals(c[4], 'Y')"))
    mark_words(q, [dup, test], flag=flag_of(q, prep), first_col=1)
    assert dup.lost_text and not test.lost_text


def _hotel() -> SheetData:
    """Bookings with a guest's name, two dates, a nightly rate and a count of guests."""
    import datetime as dt

    cells = {(1, 1): "Booking", (1, 2): "Guest", (1, 3): "Check-in", (1, 4): "Check-out", (1, 5): "Nightly Rate",
             (1, 6): "Guests"}
    names = ["Anna Berg", "Carlos Ruiz", "Mei Chen", "Tomas Novak", "Sara Okafor", "Jon Eriksen"]
    for r in range(2, 8):
        arrive = dt.datetime(2026, r, 3)
        cells.update({(r, 1): f"BK-{r}", (r, 2): names[r - 2], (r, 3): arrive,
                      (r, 4): arrive + dt.timedelta(days=r), (r, 5): 100 + r, (r, 6): 1 + r % 4})
    return SheetData("Hotel", cells, max_row=7, max_col=6)


def _stores() -> SheetData:
    """Stores with a floor area in m², sales, a sales target and a headcount."""
    cells = {(1, 1): "Store", (1, 2): "City", (1, 3): "Floor Area (m²)", (1, 4): "Sales", (1, 5): "Target",
             (1, 6): "Employees"}
    for r in range(2, 8):
        cells.update({(r, 1): f"ST-{r}", (r, 2): "Leeds" if r % 2 else "York", (r, 3): 500 + 100 * r,
                      (r, 4): 400000 + 25000 * r, (r, 5): 500000, (r, 6): 5 + r})
    return SheetData("Stores", cells, max_row=7, max_col=6)


def test_measure_adjectives_area_units_periods_and_owners_ranked_by():
    from cfdesk.features import prepare
    from cfdesk.mentions import comparison_words
    from cfdesk.repairs import table_mentions

    assert comparison_words("rides longer than 45 minutes") == {">"}
    assert comparison_words("30 minutes or longer") == {">="} and comparison_words("shorter than 10") == {"<"}

    def named(sd: SheetData, q: str) -> list[int]:
        return [m.col for m in table_mentions(q, prepare(sd, "G2", q, "formula"))]

    stores, hotel = _stores(), _hotel()
    assert named(stores, "sales per square metre") == [4, 3]  # m² in words
    assert named(stores, "rent per M2") == []  # a cell, not an area
    assert named(stores, "rank of the store by sales") == [4]  # the store names the rows
    assert named(hotel, "price per guest per night") == [5, 6]  # the nightly price, over Guests (a count)


def test_counts_goals_periods_fixed_parts_and_name_halves():
    from cfdesk.features import prepare
    from cfdesk.repairs import (
        _difference_repairs,
        _goal_repairs,
        _name_part_repairs,
        _per_time_repairs,
        _quantity_count_repairs,
        _span_repairs,
        _span_threshold_repairs,
        _unit_rate_repairs,
    )

    cand = _cand

    hotel = _hotel()
    q = "total number of guests"
    counted = cand("=COUNTA(F2:F7)")
    got = _quantity_count_repairs([counted], q, prepare(hotel, "G2", q, "formula"), hotel)
    assert [c.text for c in got] == ["=SUM(F2:F7)"] and counted.rival
    q = "how many Guests values there are"
    assert _quantity_count_repairs([cand("=COUNT(F2:F7)")], q, prepare(hotel, "G2", q, "formula"), hotel) == []
    q = "guest's surname"
    got = _name_part_repairs([cand('=F2&" "&F2')], q, prepare(hotel, "G2", q, "formula"), hotel)
    assert [c.text for c in got] == ['=MID(B2,FIND(" ",B2)+1,100)']
    q = "Long stay if 7 nights or more, otherwise Short"
    date = cand('=IF(C4>=7,"Long stay","Short")')
    got = _span_threshold_repairs([date], q, prepare(hotel, "G4", q, "formula"), hotel)
    assert [c.text for c in got] == ['=IF(D4-C4>=7,"Long stay","Short")'] and date.rival
    q = "total cost of the stay"
    got = _span_repairs([cand("=SUM(C2:C7)")], q, prepare(hotel, "G2", q, "formula"), hotel)
    assert [c.text for c in got] == ["=(D2-C2)*E2"]

    stores = _stores()
    for q, target, mode, want in [("% of target achieved", "G2", "formula", "=D2/E2"),
                                  ("did the store hit its target? Yes or No", "G2", "formula",
                                   '=IF(D2>=E2,"Yes","No")'),
                                  ("highlight stores that missed their target", "A2:F7", "cf", "=$D2<$E2")]:
        alone = cand("=E2*F2" if mode == "formula" else "Blanks(c[4])", mode)
        got = _goal_repairs([alone], q, prepare(stores, target, q, mode), stores)
        assert [c.text for c in got] == [want] and alone.rival, q
    q = "how far sales are above target"
    assert _goal_repairs([cand("=D2-E2")], q, prepare(stores, "G2", q, "formula"), stores) == []
    q = "gap between target and sales"
    assert [c.text for c in _difference_repairs([cand("=D2-E2")], q, prepare(stores, "G2", q, "formula"))] == [
        "=E2-D2"]

    cells = {(1, 1): "Ride", (1, 2): "Minutes", (1, 3): "Distance (km)"}
    for r in range(2, 6):
        cells.update({(r, 1): f"R-{r}", (r, 2): 10 * r, (r, 3): 2.5 * r})
    rides = SheetData("Rides", cells, max_row=5, max_col=3)
    q = "speed in km/h"
    square = cand("=C2*C2")
    assert [c.text for c in _per_time_repairs([square], q, prepare(rides, "D2", q, "formula"))] == [
        "=C2/(B2/60)"] and square.rival
    q = "kcal per day"  # no column of a unit divided: a yearly value over 365 as often
    assert _per_time_repairs([square], q, prepare(rides, "D2", q, "formula")) == []
    q = "fare: 1 plus 0.15 per minute"
    got = _unit_rate_repairs([cand("=B2*0.15")], q, prepare(rides, "D2", q, "formula"))
    assert [c.text for c in got] == ["=1+B2*0.15"]


def test_a_two_word_label_whose_second_word_is_near_a_stop_word():
    from cfdesk import codec

    assert codec.written_labels("Long stay if 7 nights or more, otherwise Short") == {"Long stay", "Short"}
    assert codec.written_labels("Retun overdue when late, else ok") == set()


def _events() -> SheetData:
    """Events with tickets sold of a capacity, a ticket price, a yes/no Sold Out and a date."""
    import datetime as dt

    cells = {(1, 1): "Event", (1, 2): "Date", (1, 3): "Tickets Sold", (1, 4): "Capacity", (1, 5): "Ticket Price",
             (1, 6): "Sold Out"}
    for r in range(2, 8):
        cap = 100 * r
        sold = cap if r % 3 == 0 else cap - 7 * r
        cells.update({(r, 1): f"Gig {r}", (r, 2): dt.datetime(2026, r, 10), (r, 3): sold, (r, 4): cap,
                      (r, 5): 12.5 + r, (r, 6): "Yes" if sold == cap else "No"})
    return SheetData("Events", cells, max_row=7, max_col=6)


def test_what_is_left_of_a_capacity_revenue_unnamed_labels_and_written_dates():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.mentions import without_headers
    from cfdesk.repairs import (
        _dated_span_repairs,
        _ratio_repairs,
        _remaining_repairs,
        _revenue_repairs,
        flag_of,
        table_mentions,
    )

    def cand(text: str) -> Candidate:
        return Candidate(text, "formula", 0.0, -0.1, True)

    sd = _events()
    q = "tickets still available"
    square = cand("=POWER(C2,2)")
    assert [c.text for c in _remaining_repairs([square], q, prepare(sd, "G2", q, "formula"), sd)] == [
        "=D2-C2"] and square.rival
    q = "how full is the event, as a percentage"
    names = cand("=COUNTA(A2:A7)")
    assert [c.text for c in _ratio_repairs([names], q, prepare(sd, "G2", q, "formula"))] == ["=C2/D2"] and names.rival
    q = "ticket revenue"  # "ticket" is in two headers; Venue is not in "revenue"
    assert without_headers(q, {1: "Venue"}) == q
    assert [c.text for c in _revenue_repairs([cand("=C2")], q, prepare(sd, "G2", q, "formula"))] == ["=C2*E2"]
    q = "Sold out if tickets sold equals capacity, otherwise Available"
    prep = prepare(sd, "G3", q, "formula")
    assert [m.col for m in table_mentions(q, prep)] == [3, 4] and flag_of(q, prep) is None
    q = "days between 2026-01-01 and the event"
    prep = prepare(sd, "G2", q, "formula")
    text = cand('=IF(A2>DATE(2026,1,1),"Yes","No")')
    assert [c.text for c in _dated_span_repairs([text], q, prep, sd)] == ["=B2-DATE(2026,1,1)"] and text.rival


def test_the_rows_noun_measured_names_the_amount_column():
    from cfdesk.features import prepare
    from cfdesk.repairs import table_mentions

    cells = {(1, 1): "Customer", (1, 2): "Amount", (1, 3): "Method", (1, 4): "Late Fee"}
    for r in range(2, 7):
        cells.update({(r, 1): f"C{r}", (r, 2): 1000.5 * r, (r, 3): "Card" if r % 2 else "Cash", (r, 4): 25 * (r % 2)})
    sd = SheetData("Payments", cells, max_row=6, max_col=4)

    def named(q: str, target: str = "E2", mode: str = "formula") -> list[int]:
        return [m.col for m in table_mentions(q, prepare(sd, target, q, mode))]

    assert named("largest payment by card") == [2]
    assert named("highlight payments over 5,000", "A2:D6", "cf") == [2]
    assert named("how many payments were made in cash") == []  # counted, not measured


def test_a_conversion_is_not_an_aggregate_and_fastest_is_the_least_time():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.formula.typecheck import type_clash
    from cfdesk.mentions import asked_sides
    from cfdesk.repairs import _unit_repairs
    from cfdesk.validate import column_types

    cells = {(1, 1): "Runner", (1, 2): "Age", (1, 3): "Finish (min)"}
    for r in range(2, 7):
        cells.update({(r, 1): f"Runner {r}", (r, 2): 20 + 3 * r, (r, 3): 150.5 + r})
    sd = SheetData("Runners", cells, max_row=6, max_col=3)
    q = "finish time in hours"
    top = Candidate("=MAX(C2:C6)", "formula", 0.0, -0.1, True)
    assert [c.text for c in _unit_repairs([top], q, prepare(sd, "D2", q, "formula"))] == ["=C2/60"] and top.rival
    q = "longest finish time in hours"
    top = Candidate("=MAX(C2:C6)", "formula", 0.0, -0.1, True)
    _unit_repairs([top], q, prepare(sd, "D2", q, "formula"))
    assert not top.rival  # an aggregate asked for
    assert asked_sides("fastest finish time") == {"low"} and asked_sides("fastest speed") == set()
    types = column_types(prepare(sd, "D2", "number of runners under 25", "formula"))
    assert type_clash('=COUNTIF(A2:A6,"<25")', types) and not type_clash('=COUNTIF(B2:B6,"<25")', types)


def test_days_late_count_after_the_due_date_only():
    import datetime as dt

    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _lateness_repairs

    cells = {(1, 1): "Title", (1, 2): "Borrowed", (1, 3): "Due", (1, 4): "Returned"}
    for r in range(2, 7):
        out = dt.datetime(2026, r, 1)
        cells.update({(r, 1): f"Book {r}", (r, 2): out, (r, 3): out + dt.timedelta(days=21),
                      (r, 4): out + dt.timedelta(days=10 + 4 * r)})
    sd = SheetData("Loans", cells, max_row=6, max_col=4)
    for q, want in [("days late", "=MAX(0,D3-C3)"), ("fine: 0.25 per day late", "=MAX(0,D3-C3)*0.25")]:
        day = Candidate("=DAY(D3)", "formula", 0.0, -0.1, True)
        assert [c.text for c in _lateness_repairs([day], q, prepare(sd, "E3", q, "formula"))] == [want]
        assert day.rival
    q = "days late as of today"  # from today, not from the return
    day = Candidate("=DAY(D3)", "formula", 0.0, -0.1, True)
    assert _lateness_repairs([day], q, prepare(sd, "E3", q, "formula")) == []


def test_a_temperature_in_the_other_scale():
    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.repairs import _temperature_repairs

    cells = {(1, 1): "Sample", (1, 2): "Temp (°C)"}
    cells.update({(r, k): v for r in range(2, 6) for k, v in ((1, f"S-{r}"), (2, 3.5 * r))})
    sd = SheetData("Samples", cells, max_row=5, max_col=2)
    q = "temperature in Fahrenheit"
    name = Candidate("=LEN(A2)", "formula", 0.0, -0.1, True)
    assert [c.text for c in _temperature_repairs([name], q, prepare(sd, "C2", q, "formula"))] == ["=B2*9/5+32"]
    assert name.rival
    q = "temperature in Celsius"  # already Celsius: nothing to convert
    assert _temperature_repairs([name], q, prepare(sd, "C2", q, "formula")) == []


def test_weather_pairs_speeds_lengths_and_the_rows_participle():
    import datetime as dt

    from cfdesk.candidates import Candidate
    from cfdesk.features import prepare
    from cfdesk.formula.typecheck import type_clash
    from cfdesk.mentions import unit_conversion
    from cfdesk.repairs import _range_pair_repairs, _remaining_repairs, _two_column_mean_repairs, table_mentions
    from cfdesk.validate import column_types

    assert unit_conversion("wind speed in m/s", "Wind (km/h)") == ("/", 3.5999999999999996)
    assert unit_conversion("rain in inches", "Rain (mm)") == ("/", 25.4)
    assert unit_conversion("sales in East", "Sales") is None
    cells = {(1, 1): "Date", (1, 2): "Max Temp (°C)", (1, 3): "Min Temp (°C)", (1, 4): "Rain (mm)"}
    for r in range(2, 7):
        cells.update({(r, 1): dt.datetime(2026, 3, r), (r, 2): 8.5 + r, (r, 3): r - 4.5, (r, 4): 1.5 * (r % 3)})
    sd = SheetData("Weather", cells, max_row=6, max_col=4)

    def cand(text: str) -> Candidate:
        return Candidate(text, "formula", 0.0, -0.1, True)

    q = "Frost if the minimum is below 0, otherwise blank"
    assert [m.col for m in table_mentions(q, prepare(sd, "E2", q, "formula"))] == [3]
    q = "daily temperature range"
    assert [c.text for c in _range_pair_repairs([cand("=D2/365")], q, prepare(sd, "E2", q, "formula"))] == ["=B2-C2"]
    q = "average of the max and min temperature"
    got = _two_column_mean_repairs([cand("=AVERAGE(C2:C6)")], q, prepare(sd, "E2", q, "formula"))
    assert [c.text for c in got] == ["=AVERAGE(B2:C2)"]

    cells = {(1, 1): "Claim", (1, 2): "Filed", (1, 3): "Claimed", (1, 4): "Approved"}
    for r in range(2, 7):
        cells.update({(r, 1): f"CLM-{r}", (r, 2): dt.datetime(2026, r, 3), (r, 3): 1000.0 * r, (r, 4): 800.0 * r})
    claims = SheetData("Claims", cells, max_row=6, max_col=4)

    def named(q: str) -> list[int]:
        return [m.col for m in table_mentions(q, prepare(claims, "E2", q, "formula"))]

    assert named("largest claim") == [3]  # the rows' noun measured: its participle's column
    assert named("share of the claim that was approved") == [3, 4]
    assert type_clash('=TEXT(A2,"mmmm")', column_types(prepare(claims, "E2", "month filed", "formula")))

    cells = {(1, 1): "Batch", (1, 2): "Units Made", (1, 3): "Units Sold"}
    cells.update({(r, k): v for r in range(2, 6) for k, v in ((1, f"B{r}"), (2, 50 + r), (3, 40 + r))})
    bakery = SheetData("Bakery", cells, max_row=5, max_col=3)
    q = "units left over"
    got = _remaining_repairs([cand("=C2*2")], q, prepare(bakery, "D2", q, "formula"), bakery)
    assert [c.text for c in got] == ["=B2-C2"]


def test_rates_per_unit_in_a_column_shares_between_columns_and_if_else_labels():
    from cfdesk import codec
    from cfdesk.features import prepare
    from cfdesk.marks import mark_words
    from cfdesk.mentions import comparison_words
    from cfdesk.repairs import _divisor_repairs, _rate_column_repairs, _ratio_repairs, flag_of, table_mentions

    cand = _cand

    assert comparison_words("at or below the reorder point") == {"<="}
    assert comparison_words("at or above 10") == {">="}
    cells = {(1, 1): "Ticket", (1, 2): "Hours", (1, 3): "Rate per Hour", (1, 4): "Permit"}
    for r in range(2, 6):
        cells.update({(r, 1): f"P-{r}", (r, 2): r + 1, (r, 3): 2.5, (r, 4): r % 2 == 0})
    parking = SheetData("Parking", cells, max_row=5, max_col=4)
    for q, want in [("parking fee", "=B2*C2"), ("fee with a 2 euro booking charge", "=B2*C2+2")]:
        assert [c.text for c in _rate_column_repairs([cand("=C2/4")], q, prepare(parking, "E2", q, "formula"))] == [
            want], q
    q = "annual parking fee"
    assert _rate_column_repairs([cand("=C2/4")], q, prepare(parking, "E2", q, "formula")) == []
    q = "highlight tickets with a permit"
    prep = prepare(parking, "A2:D5", q, "cf")
    dup, test = cand("Duplicate(c[3])", "cf"), cand("TextEquals(c[3], 'TRUE')", "cf")
    mark_words(q, [dup, test], flag=flag_of(q, prep), first_col=1)
    assert dup.lost_text and not test.lost_text

    cells = {(1, 1): "SKU", (1, 2): "Qty On Hand", (1, 3): "Qty Reserved", (1, 4): "Reorder Point",
             (1, 5): "Unit Weight (kg)"}
    for r in range(2, 6):
        cells.update({(r, 1): f"WH-{r}", (r, 2): 40 + r, (r, 3): r, (r, 4): 20, (r, 5): 1.5 * r})
    wh = SheetData("Warehouse", cells, max_row=5, max_col=5)
    q = "total weight on hand"
    assert [c.text for c in _rate_column_repairs([cand("=SUM(B2:B5)")], q, prepare(wh, "F2", q, "formula"))] == [
        "=B2*E2"]
    q = "reserved share of on hand stock"
    assert [c.text for c in _ratio_repairs([cand("=C2/SUM($B$2:$B$5)")], q, prepare(wh, "F2", q, "formula"))] == [
        "=C2/B2"]
    q = "reorder? Yes if on hand is at or below the reorder point, else No"
    assert [m.col for m in table_mentions(q, prepare(wh, "F3", q, "formula"))] == [2, 4]  # the second "reorder"
    signed, labelled = cand("=SIGN(D3-B3)"), cand('=IF(B3<=D3,"Yes","No")')
    mark_words(q, [signed, labelled], wh.values and {k: v for (r, k), v in wh.values.items() if r == 1})
    assert signed.foreign_label and not labelled.foreign_label
    assert not any(lit.text == "SKUs" for lit in codec.extract_literals("number of SKUs in aisle 3", headers=["SKU"]))
    q = "weight as a percentage of 120"
    got = _divisor_repairs([cand('=IF(E2/120,"Yes","No")')], q, prepare(wh, "F2", q, "formula"))
    assert [c.text for c in got] == ["=E2/120"]


def test_key_columns_participles_written_labels_month_dates_excess_and_unit_thresholds():
    from cfdesk import codec
    from cfdesk.features import prepare
    from cfdesk.mentions import comparison_thresholds, comparison_words, unit_thresholds
    from cfdesk.repairs import _excess_repairs, _unit_repairs, _unit_threshold_repairs, table_mentions

    cand = _cand

    cells = {(1, 1): "Lot", (1, 2): "Item", (1, 3): "Reserve", (1, 4): "Hammer Price", (1, 5): "Bids"}
    for r in range(2, 7):
        cells.update({(r, 1): 98 + r, (r, 2): f"Item {r}", (r, 3): 500 * r, (r, 4): 520 * r, (r, 5): r + 3})
    auction = SheetData("Auction", cells, max_row=6, max_col=5)

    def named(q: str, sd: SheetData = auction, mode: str = "formula") -> list[int]:
        return [m.col for m in table_mentions(q, prepare(sd, "F2" if mode == "formula" else "A2:E6", q, mode))]

    # the key column's header names the rows where a number column is named too; alone it stays
    assert named("most bids on a single lot") == [5]
    assert named("highlight lots with more than 20 bids", mode="cf") == [5]
    assert named("how many lots") == [1]
    q = "amount over the reserve"
    assert [c.text for c in _excess_repairs([cand("=SUM(C2:C6)")], q, prepare(auction, "F2", q, "formula"),
                                            auction)] == ["=D2-C2"]
    q = "shortfall below the reserve"
    assert [c.text for c in _excess_repairs([cand("=C2")], q, prepare(auction, "F2", q, "formula"), auction)] == [
        "=C2-D2"]

    cells = {(1, 1): "Episode", (1, 2): "Title", (1, 3): "Minutes", (1, 4): "Downloads", (1, 5): "Rating"}
    for r in range(2, 7):
        cells.update({(r, 1): r - 1, (r, 2): f"Show {r}", (r, 3): 20 * r, (r, 4): 900 * r, (r, 5): 3 + r / 5})
    podcast = SheetData("Podcast", cells, max_row=6, max_col=5)
    assert named("highlight episodes rated below 3.5", podcast, "cf") == [5]
    assert named("highlight the 3 most downloaded episodes", podcast, "cf") == [4]
    q = "length in hours"
    assert [c.text for c in _unit_repairs([cand("=LEN(C2)")], q, prepare(podcast, "F2", q, "formula"))] == [
        "=C2/60"]
    assert named("highlight episodes longer than an hour", podcast, "cf") == [3]
    assert 3 not in named("the longest episode in km", podcast)  # a length in time only
    assert unit_thresholds("longer than an hour", "Minutes") == [(">", 60.0)]
    assert unit_thresholds("under 90 seconds", "Duration (min)") == [("<", 1.5)]
    assert unit_thresholds("over 90 minutes", "Minutes") == []
    # a spelled quantity, and one in the column's own unit written as a word
    assert unit_thresholds("longer than two hours", "Runtime (min)") == [(">", 120.0)]
    assert unit_thresholds("longer than an hour", "Hours") == [(">", 1.0)]
    assert unit_thresholds("over 2 hours", "Hours") == []
    q = "number of episodes longer than an hour"
    got = _unit_threshold_repairs([cand('=COUNTIF(A2:A6,">"&A2)')], q, prepare(podcast, "F2", q, "formula"))
    assert [c.text for c in got] == ['=COUNTIF(C2:C6,">60")']
    q = "highlight episodes shorter than half an hour"
    got = _unit_threshold_repairs([cand("LessThan(c[2], 0.5)", "cf")], q, prepare(podcast, "A2:E6", q, "cf"))
    assert [c.text for c in got] == ["LessThan(c[2], 30)"]
    q = "Long if longer than 1.5 hours, else Short"
    raw = cand('=IF(C3>1.5,"Long","Short")')
    got = _unit_threshold_repairs([raw], q, prepare(podcast, "F3", q, "formula"))
    assert [c.text for c in got] == ['=IF(C3>90,"Long","Short")'] and raw.rival

    # a unit put first, on the one column in another unit of its measure; a rate's unit is
    # no duration
    from cfdesk.mentions import header_unit

    assert header_unit("Rate per Hour") is None and header_unit("Hours") == ("time", "hour")
    cells = {(1, 1): "Ticket", (1, 2): "Entered", (1, 3): "Hours", (1, 4): "Rate per Hour"}
    for r in range(2, 6):
        cells.update({(r, 1): f"P-{r}", (r, 2): 46000 + r, (r, 3): r, (r, 4): 2.5})
    parking = SheetData("Parking", cells, max_row=5, max_col=4)
    q = "minutes parked"
    first = cand("=MIN(B2:B5)")
    got = _unit_repairs([first], q, prepare(parking, "E2", q, "formula"))
    assert [c.text for c in got] == ["=C2*60"] and first.rival

    # two columns compared by a rule: a formula rule on the row's two cells
    from cfdesk.repairs import _column_pair_rule_repairs

    for q, want in [("highlight lots where the hammer price is below the reserve", "=$D2<$C2"),
                    ("highlight lots where less was bid than reserved", None),
                    ("highlight lots where the reserve was more than the hammer price", "=$C2>$D2"),
                    ("highlight lots where the hammer price is below 900", None)]:
        got = _column_pair_rule_repairs([cand("LessThan(c[3], 0)", "cf")], q, prepare(auction, "A2:E6", q, "cf"))
        assert [c.text for c in got] == ([want] if want else []), q

    cells = {(1, 1): "SKU", (1, 2): "Qty On Hand", (1, 3): "Qty Reserved", (1, 4): "Reorder Point"}
    for r in range(2, 7):
        cells.update({(r, 1): f"WH-{r}", (r, 2): 10 * r, (r, 3): r, (r, 4): 40})
    wh = SheetData("Warehouse", cells, max_row=6, max_col=4)
    q = "highlight items at or below their reorder point"
    got = _column_pair_rule_repairs([cand("BelowAverage(c[3])", "cf")], q, prepare(wh, "A2:D6", q, "cf"))
    assert [c.text for c in got] == ["=$B2<=$D2"]

    # a label written after "otherwise" is no comparison
    q = "Goal met if steps are 10,000 or more, otherwise Below"
    assert comparison_words(q) == {">="} and comparison_thresholds(q) == {10000.0}
    assert comparison_words("OK if above 5, otherwise below 2") == {">", "<"}
    # dates with a month's name, and a three-letter value in the plural
    lits = codec.extract_literals("days since release as of 1 Dec 2026")
    assert [(x.kind, x.text) for x in lits] == [("date", "DATE(2026,12,1)")]
    assert codec.extract_literals("after December 1, 2026")[0].text == "DATE(2026,12,1)"
    assert codec.extract_literals("before 3rd of March 2025")[0].text == "DATE(2025,3,3)"
    assert all(x.kind != "date" for x in codec.extract_literals("1 Decimal 2026"))
    lits = codec.extract_literals("calories burned on runs", ["Run", "Swim", "Rest"], ["Calories", "Workout"])
    assert [x.text for x in lits] == ["Run"]


def test_sessions_nursery_and_taxi_words_end_times_hours_and_counted_rows():
    import datetime as dt

    from cfdesk.features import prepare
    from cfdesk.repairs import (
        _column_pair_rule_repairs,
        _end_time_repairs,
        _remaining_repairs,
        _revenue_repairs,
        _rows_count_repairs,
        _time_of_day_repairs,
        table_mentions,
    )

    cand = _cand

    cells = {(1, 1): "Session", (1, 2): "Title", (1, 3): "Start", (1, 4): "Duration (min)", (1, 5): "Attendees",
             (1, 6): "Room Capacity"}
    for r in range(2, 7):
        cells.update({(r, 1): f"S0{r}", (r, 2): f"Talk {r}", (r, 3): dt.datetime(2026, 10, 14, 8 + r, 30),
                      (r, 4): 15 * r, (r, 5): 20 + r, (r, 6): 40})
    sessions = SheetData("Sessions", cells, max_row=6, max_col=6)

    def named(q: str, sd: SheetData = sessions, mode: str = "formula") -> list[int]:
        return [m.col for m in table_mentions(q, prepare(sd, "G2" if mode == "formula" else "A2:F6", q, mode))]

    def repaired(repair, q: str, sd: SheetData = sessions, *extra, first: str = "=SUM(A2:A6)") -> list[str]:
        return [c.text for c in repair([cand(first)], q, prepare(sd, "G2", q, "formula"), *extra)]

    assert named("largest audience") == [5] and named("average talk length") == [4]
    assert 4 not in named("title length")  # a text's length
    assert named("hour the session starts") == [3]
    got = _column_pair_rule_repairs([cand("GreaterThan(c[4], 5)", "cf")], q := "highlight sessions with more "
                                    "attendees than seats", prepare(sessions, "A2:F6", q, "cf"))
    assert [c.text for c in got] == ["=$E2>$F2"]
    assert repaired(_end_time_repairs, "end time of the session") == ["=C2+D2/1440"]
    assert repaired(_end_time_repairs, "month-end date of the start") == []
    assert repaired(_end_time_repairs, "time the talk finishes") == ["=C2+D2/1440"]
    from cfdesk.repairs import _unit_repairs

    assert repaired(_unit_repairs, "talk time in hours", first="=LEN(D2)") == ["=D2/60"]
    assert repaired(_unit_repairs, "turnaround in hours", first="=LEN(D2)") == []  # a measure of its own
    got = _column_pair_rule_repairs([cand("BelowAverage(c[4])", "cf")], q := "highlight attendees below avg capacity",
                                    prepare(sessions, "A2:F6", q, "cf"))
    assert got == []  # an average, not the other column
    assert repaired(_time_of_day_repairs, "hour the session starts", sessions, sessions) == ["=HOUR(C2)"]
    assert repaired(_time_of_day_repairs, "start date without the time", sessions, sessions) == ["=INT(C2)"]
    assert repaired(_remaining_repairs, "empty seats", sessions, sessions, first="=COUNTBLANK(D2:D6)") == ["=F2-E2"]
    cells = {(1, 1): "Flight", (1, 2): "Passengers", (1, 3): "Capacity"}
    for r in range(2, 7):
        cells.update({(r, 1): f"FL-10{r}", (r, 2): 100 + r, (r, 3): 180})
    flights = SheetData("Flights", cells, max_row=6, max_col=3)
    blanks = cand("=COUNTBLANK(B2:B6)")
    got = _remaining_repairs([blanks], q := "empty seats", prepare(flights, "D2", q, "formula"), flights)
    assert [c.text for c in got] == ["=C2-B2"] and blanks.rival
    blanks = cand("=COUNTBLANK(B2:B6)")
    q = "count the empty cells in column B"
    assert _remaining_repairs([blanks], q, prepare(flights, "D2", q, "formula"), flights) == [] and not blanks.rival

    cells = {(1, 1): "Trip", (1, 2): "Driver", (1, 3): "Distance (mi)", (1, 4): "Fare", (1, 5): "Tip"}
    for r in range(2, 7):
        cells.update({(r, 1): f"T70{r}", (r, 2): "Omar", (r, 3): 3.5 * r, (r, 4): 4 + 8 * r, (r, 5): r})
    taxi = SheetData("Taxi", cells, max_row=6, max_col=5)
    assert named("longest trip", taxi) == [3] and named("fare per mile", taxi) == [4, 3]
    assert named("trip ID with the longest distance", taxi) == [1, 3]  # the key column's own name
    assert named("highlight fares under 10 dollars", taxi, "cf") == [4]
    assert repaired(_rows_count_repairs, "trips over 10 miles", taxi, first='=IF(C2>10,"Yes","No")') == [
        '=COUNTIF(C2:C6,">10")']
    assert repaired(_rows_count_repairs, "trips over 10 miles: yes or no", taxi, first='=IF(C2>10,"Yes","No")') == []

    cells = {(1, 1): "Plant", (1, 2): "Stock", (1, 3): "Price"}
    for r in range(2, 7):
        cells.update({(r, 1): f"Fern {r}", (r, 2): r, (r, 3): 2.5 * r})
    nursery = SheetData("Nursery", cells, max_row=6, max_col=3)
    assert repaired(_revenue_repairs, "stock value", nursery, first="=MAX(B2:B6)") == ["=B2*C2"]
    cells = {(1, 1): "Film", (1, 2): "Tickets Sold", (1, 3): "Seats", (1, 4): "Ticket Price"}
    for r in range(2, 7):
        cells.update({(r, 1): f"Film {r}", (r, 2): 50 + r, (r, 3): 120, (r, 4): 8.5})
    cinema = SheetData("Cinema", cells, max_row=6, max_col=4)
    assert repaired(_revenue_repairs, "box office takings", cinema, first="=LEN(A2)") == ["=B2*D2"]
    assert repaired(_revenue_repairs, "box office takings", cinema, first="=C2*2") == []  # another number
    assert named("plants under 10 pounds", nursery) == [3]

    # a unit's word inside a header found whole names no other column; a rate applied to the
    # row names the rows' amount
    cells = {(1, 1): "Ticket", (1, 2): "Hours", (1, 3): "Rate per Hour"}
    for r in range(2, 7):
        cells.update({(r, 1): f"P-{r}", (r, 2): r, (r, 3): 2.5})
    assert named("average rate per hour", SheetData("Parking", cells, max_row=6, max_col=3)) == [3]
    cells = {(1, 1): "Invoice", (1, 2): "Amount", (1, 3): "Tax Rate"}
    for r in range(2, 7):
        cells.update({(r, 1): f"INV-20{r}", (r, 2): 100.5 * r, (r, 3): 0.2})
    assert named("tax on the invoice", SheetData("Invoices", cells, max_row=6, max_col=3)) == [3, 2]


def test_rule_request_naming_no_condition_offers_the_range_words():
    """"Apply conditional formatting to B2:B12" names no condition: the models' invented texts
    ('*', 'No') become TextContains of the range's commonest words, the best-scored guess
    taking the commonest; a request that names a condition, or a text the range holds, is
    left alone, and a guess of a word the cells hold is kept as it is."""
    from dataclasses import replace

    from cfdesk.features import prepare
    from cfdesk.repairs import _unnamed_text_repairs, names_no_condition, range_words

    texts = ["1st lunch", "2nd lunch", "3rd lunch", "Tardy Chime", "5th Period", "Tardy Chime",
             "DISMISSAL", "School closes", "the end of day"]
    cells = {(1, 1): "Index", (1, 2): "Value"}
    for i, t in enumerate(texts, start=2):
        cells.update({(i, 1): i - 2, (i, 2): t})
    sd = SheetData("Sheet1", cells, max_row=len(texts) + 1, max_col=2)

    def prep(q: str):
        return prepare(sd, "A2:B10", q, "cf")

    q = "Apply conditional formatting to cell B15 to B17 in sheet 1"
    p = prep(q)
    assert names_no_condition(q, p, sd)
    # words in the most cells first, no "1st" or "th", no filler ("the", "of")
    assert range_words(p, sd, range(1, 3), range(2, 11))[:3] == ["lunch", "Tardy", "Chime"]

    guesses = [replace(_cand("TextContains('No')", "cf"), model_score=-0.9),
               replace(_cand("TextContains('*')", "cf"), model_score=-0.1),
               _cand("TextContains('Period')", "cf"), _cand("ColorScale()", "cf")]
    out = _unnamed_text_repairs(guesses, q, p, sd)
    assert [c.text for c in out] == ["TextContains('Tardy')", "TextContains('lunch')"]
    assert all(c.derived for c in out)
    # each carries the scores of the guess it replaces: the better guess, the commoner word
    assert out[1].model_score == -0.1 and out[0].model_score == -0.9

    for named in ("Apply conditional formatting to duplicates in B2:B10",
                  "Apply conditional formatting to cells over 5 in B2:B10",
                  "Apply conditional formatting to the lunch cells", "conditional formatting: the top 3",
                  "conditional formatting for the chimes", "flag the period that appear twie"):
        assert not names_no_condition(named, prep(named), sd)
        assert _unnamed_text_repairs(guesses, named, prep(named), sd) == []


def test_kennel_brewery_and_print_shop_words_percent_points_and_date_rules():
    import datetime as dt

    from cfdesk import codec
    from cfdesk.features import prepare
    from cfdesk.mentions import comparison_words
    from cfdesk.repairs import (
        _date_span_rule_repairs,
        _late_rule_repairs,
        _percent_points_repairs,
        _span_repairs,
        _with_comparison,
        table_mentions,
    )

    # a two-word label that ends the request; a stop word after the label is no part of it
    assert codec.written_labels("Late if delivered after the due date, otherwise On time") == {"Late", "On time"}
    assert "OK" in codec.written_labels("Fine if under 5, otherwise OK please")
    # comparatives, and the order of two dates of the row (strict)
    assert comparison_words("batches stronger than 6%") == {">"}
    assert comparison_words("beers weaker than 5") == {"<"}
    assert comparison_words("Late if delivered after the due date") == {">"}
    assert comparison_words("paid before their deadline") == {"<"}
    # a percent threshold in a criterion: 6% is the request's 0.06
    assert _with_comparison("=COUNTIF(A2:A31,6%)", "formula", ">", {0.06, 6.0}) == '=COUNTIF(A2:A31,">6%")'

    cells = {(1, 1): "Dog", (1, 2): "Breed", (1, 3): "Check In", (1, 4): "Check Out", (1, 5): "Nightly Rate",
             (1, 6): "Weight (kg)", (1, 7): "ABV (%)"}
    for r in range(2, 8):
        cells.update({(r, 1): ["Luna", "Max", "Otis"][r % 3], (r, 2): "Beagle", (r, 3): dt.datetime(2026, 11, r),
                      (r, 4): dt.datetime(2026, 11, 3 * r), (r, 5): 30, (r, 6): 10.0 + r, (r, 7): 4.0 + r / 2})
    kennel = SheetData("Kennel", cells, max_row=7, max_col=7)

    def named(q: str) -> list[int]:
        return [m.col for m in table_mentions(q, prepare(kennel, "H2", q, "formula"))]

    # a superlative before the rows' noun: the noun names the rows, the adjective the measure
    assert named("heaviest dog") == [6] and named("strongest beer") == [7]

    def repaired(repair, q: str, first: str, target: str = "H2", mode: str = "formula", *extra):
        c = _cand(first, mode)
        out = [d.text for d in repair([c], q, prepare(kennel, target, q, mode), *extra)]
        return out, c.rival

    # percent points: 6% of an ABV (%) column holding 4.5..7.5 is 6
    assert repaired(_percent_points_repairs, "how many batches are stronger than 6%", '=COUNTIF(G2:G7,">6%")',
                    "H2", "formula", kennel) == (['=COUNTIF(G2:G7,">6")'], True)
    assert repaired(_percent_points_repairs, "highlight beers above 7% ABV", "GreaterThan(c[6], 0.07)",
                    "A2:G7", "cf", kennel) == (["GreaterThan(c[6], 7)"], True)
    # (not on a column of fractions, nor one the request's percent does not touch)
    assert repaired(_percent_points_repairs, "rates above 7%", "GreaterThan(c[5], 0.07)",
                    "A2:G7", "cf", kennel) == ([], False)
    # a span of days between the row's two dates, as a formula rule
    assert repaired(_date_span_rule_repairs, "highlight stays longer than a week", "Last7Days(c[3])",
                    "A2:G7", "cf", kennel) == (["=$D2-$C2>7"], True)
    assert repaired(_date_span_rule_repairs, "highlight stays of 10 days or more", "Last7Days(c[3])",
                    "A2:G7", "cf", kennel)[0] == ["=$D2-$C2>=10"]
    assert repaired(_date_span_rule_repairs, "highlight weights over 12", "GreaterThan(c[5], 12)",
                    "A2:G7", "cf", kennel) == ([], False)
    # "number of nights" answered with the Nightly Rate's maximum: the span instead
    assert repaired(_span_repairs, "number of nights", "=MAX(E2:E7)", "H2", "formula", kennel) == (["=D2-C2"], True)
    assert repaired(_span_repairs, "longest stay in nights", "=MAX(E2:E7)", "H2", "formula", kennel)[1] is False

    cells = {(1, 1): "Job", (1, 2): "Due Date", (1, 3): "Delivered", (1, 4): "Pages"}
    for r in range(2, 7):
        cells.update({(r, 1): f"PJ-{r}", (r, 2): dt.datetime(2026, 11, 10), (r, 3): dt.datetime(2026, 11, 7 + r),
                      (r, 4): 10 * r})
    jobs = SheetData("Print Jobs", cells, max_row=6, max_col=4)

    def late(q: str) -> list[str]:
        prep = prepare(jobs, "A2:D6", q, "cf")
        return [d.text for d in _late_rule_repairs([_cand("Duplicate(c[2])", "cf")], q, prep)]

    assert late("highlight late deliveries") == ["=$C2>$B2"]
    assert late("highlight jobs delivered more than 2 days late") == ["=$C2-$B2>2"]
    assert late("highlight jobs that are late today") == [] and late("highlight the big jobs") == []


def test_an_if_with_one_of_two_labels_and_an_empty_text_takes_both():
    import datetime as dt

    from cfdesk.features import prepare
    from cfdesk.repairs import _label_repairs

    cells = {(1, 1): "Title", (1, 2): "Due", (1, 3): "Returned"}
    for r in range(2, 6):
        cells.update({(r, 1): f"Book {r}", (r, 2): dt.datetime(2026, 3, 10), (r, 3): dt.datetime(2026, 3, 7 + r)})
    sd = SheetData("Loans", cells, max_row=5, max_col=3)
    q = "Late if returned after the due date, otherwise On time"
    prep = prepare(sd, "D3", q, "formula")
    out = [c.text for c in _label_repairs([_cand('=IF(C3>B3,"On time","")')], q, prep)]
    assert out == ['=IF(C3>B3,"Late","On time")']
    # (not an IF on a bare cell, which tests nothing the request says)
    assert _label_repairs([_cand('=IF(C3,"On time","")')], q, prep) == []
    # one label alone asked: nothing to add
    q = "On time if returned by the due date"
    assert _label_repairs([_cand('=IF(C3<=B3,"On time","")')], q, prepare(sd, "D3", q, "formula")) == []


def test_ferries_bookshop_and_allotments_labels_years_counts_and_measures():
    import datetime as dt

    from cfdesk.features import prepare
    from cfdesk.repairs import (
        _end_time_repairs,
        _labelled_if_repairs,
        _per_count_repairs,
        _year_rule_repairs,
        table_mentions,
    )

    cells = {(1, 1): "Crossing", (1, 2): "Departure", (1, 3): "Duration (min)", (1, 4): "Pages", (1, 5): "Price",
             (1, 6): "Size (m²)", (1, 7): "Copies Sold", (1, 8): "Joined"}
    for r in range(2, 8):
        cells.update({(r, 1): f"FX-{300 + r}", (r, 2): dt.datetime(2026, 12, r, 9, 30), (r, 3): 40 + 10 * r,
                      (r, 4): 100 * r, (r, 5): 9.99, (r, 6): 50 * r, (r, 7): 7 * r,
                      (r, 8): dt.datetime(2014 + r, 5, 1)})
    sd = SheetData("Mixed", cells, max_row=7, max_col=8)

    books = SheetData("Books", {(1, 1): "Title", (1, 2): "Pages", (1, 3): "Copies Sold", (1, 4): "Size (m²)",
                                (2, 1): "Moth Hour", (2, 2): 320, (2, 3): 12, (2, 4): 60,
                                (3, 1): "Copper Sky", (3, 2): 410, (3, 3): 30, (3, 4): 90}, max_row=3, max_col=4)

    def named(q: str) -> list[int]:
        return [m.col for m in table_mentions(q, prepare(books, "E2", q, "formula"))]

    assert named("longest book") == [2] and named("biggest plot") == [4]
    assert named("the 3 best sellers") == [3]

    def repaired(repair, q: str, first: str, target: str = "I3", mode: str = "formula"):
        c = _cand(first, mode)
        return [d.text for d in repair([c], q, prepare(sd, target, q, mode))], c.rival

    # two labels, one comparison, one number column and no candidate with both labels: the IF
    q = "Long if the crossing takes over 90 minutes, otherwise Short"
    assert repaired(_labelled_if_repairs, q, "=TRUNC(C3)")[0] == ['=IF(C3>90,"Long","Short")']
    assert repaired(_labelled_if_repairs, q, '=IF(C3>=90,"Long","Short")')[0] == []  # the models' own stands
    # a ratio per a count of the column's unit
    assert repaired(_per_count_repairs, "price per 100 pages", "=E3/D3") == (["=E3/D3*100"], True)
    assert repaired(_per_count_repairs, "price per page", "=E3/D3") == ([], False)
    # arrival: the departure plus the duration
    assert repaired(_end_time_repairs, "arrival time", "=TRUNC(B3)")[0] == ["=B3+C3/1440"]
    # a year against a date column, in a rule
    q = "highlight holders who joined before 2020"
    assert repaired(_year_rule_repairs, q, "GreaterThan(c[7], 2020)", "A2:H7", "cf") == (["=YEAR($H2)<2020"], True)
    q = "highlight dates after 2020-03-01"
    assert repaired(_year_rule_repairs, q, "GreaterThan(c[7], 2020)", "A2:H7", "cf") == ([], False)


def test_a_negation_between_a_yes_no_headers_words_asks_its_no_side():
    from cfdesk.context import context_of
    from cfdesk.mentions import asked_flag

    cells = {(1, 1): "Hive", (1, 2): "Queen Seen", (1, 3): "Invoice Sent"}
    for r in range(2, 6):
        cells.update({(r, 1): f"H{r}", (r, 2): r % 2 == 0, (r, 3): "Yes" if r % 2 else "No"})
    ctx = context_of(SheetData("Hives", cells, max_row=5, max_col=3), "D2")

    def value(q: str) -> str | None:
        f = asked_flag(q, ctx, 1, 3)
        return f and f.value

    assert value("hives where the queen wasn't seen") == "FALSE"
    assert value("hives where the queen was seen") == "TRUE"
    assert value("rows whose invoice was not sent") == '"No"'
    assert value("invoice sent") == '"Yes"'
