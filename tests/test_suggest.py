"""The suggestion pipeline and benchmark, end to end with the shipped model."""

import json

import openpyxl
import pytest

from cfdesk.cli import main
from cfdesk.errors import CfdeskError
from cfdesk.suggest import Model, choose_mode, suggest
from cfdesk.workbook import SheetData, open_book

from .conftest import FIXTURES


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
    for c in res.candidates:
        assert c.valid and c.kind == "rule" and c.explanation.startswith(("Highlights", "Shades", "Draws", "Shows"))


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
