"""Literal copying, the token codec, and dataset generation."""

import json

import pytest

from cfdesk import codec
from cfdesk.codec import Frame, decode_formula, decode_rule, encode_formula, encode_rule, extract_literals
from cfdesk.datagen import intents as I


def lits(request, samples=(), headers=()):
    return [(lit.kind, lit.text) for lit in extract_literals(request, list(samples), list(headers))]


@pytest.mark.parametrize("request_,expected", [
    ("10% commission on sales over 5,000", [("number", "10%"), ("number", "5000")]),
    ("total for 'M type' and \"East\"", [("text", "M type"), ("text", "East")]),
    ("orders after 2024-01-31 or 3/15/2024", [("date", "DATE(2024,1,31)"), ("date", "DATE(2024,3,15)")]),
    ("sum B2:B10 plus the value in A3", [("ref", "B2:B10"), ("ref", "A3")]),
    ("bonus over $1.5k", [("number", "1500")]),
    ("price less than -12.5", [("number", "-12.5")]),
    ("sales in New York last quarter", [("text", "New York")]),
    # a contraction is not a name; two labels joined by a slash are two literals
    ("Hi, I'm trying to take 12% of amount", [("number", "12%")]),
    ("whether the date falls on a weekend (Weekend/Weekday)", [("text", "Weekend"), ("text", "Weekday")]),
    ("flag N/A rows", [("text", "N/A")]),
    ("sales where Don't Know is the answer, and Macy's orders", [("text", "Know"), ("text", "Macy's")]),
    # a colour that names the format is not a value; a colour on its own may be one
    ("Apply Green color to Fees less than $400", [("text", "Fees"), ("number", "400")]),
    ("highlight Red cells", [("text", "Red")]),
    # a sheet's name says where, not what
    ("value less than 15 for range C42:I54 on sheet Travel Approval", [("number", "15"), ("ref", "C42:I54")]),
    ("highlight East on the Sales sheet", [("text", "East")]),
    ('highlight "Wendi" in sheet "People"', [("text", "Wendi")]),
    ("on sheet Sales values greater than 100", [("number", "100")]),
    ("at least 5 in every sheet", [("number", "5")]),
    # the values a formula returns, after a verb of showing or else/otherwise, even where they
    # begin a header ("Reorder Level"); short capitals and sentence-initial words stay the
    # vocabulary's common strings (S:OK, S:High), as in training
    ("if stock is below 10 say Reorder else OK", [("number", "10"), ("text", "Reorder")]),
    ("if stock is under 40 return Order else Skip", [("number", "40"), ("text", "Order"), ("text", "Skip")]),
    ("label it as Urgent if late, otherwise Fine", [("text", "Urgent"), ("text", "Fine")]),
    ("Order when stock is low", [("text", "Order")]),
    ("High when weight is more than 490 & Low otherwise", [("number", "490"), ("text", "Low")]),
    ("Return the count, otherwise blank", []),
    # a label after a colon, before "otherwise"/"else"/"if"
    ("salary below 60000: Junior, otherwise Senior",
     [("number", "60000"), ("text", "Junior"), ("text", "Senior")]),
    ("Note: Highlight rows when stock is low", []),
    ("Formla for the max", []),
])
def test_extract_literals(request_, expected):
    assert lits(request_) == expected


def test_label_literals_skip_a_whole_header():
    assert lits("show Reorder Level when stock is low", headers=["Reorder Level"]) == []
    assert lits("say Reorder when stock is low", headers=["Reorder Level"]) == [("text", "Reorder")]


def test_sample_values_match_without_quotes_or_case():
    assert lits("total sales for east region", ["East", "West"], ["Region", "Sales"]) == [("text", "east")]
    # a header named in the request is a column, not a literal
    assert lits("Sum of Revenue for West", ["West"], ["Revenue"]) == [("text", "West")]


def test_a_sheet_value_may_start_with_a_digit():
    # "students in 7B": a class, a room, a shift code; without it COUNTIF had no criterion
    assert lits("how many students are in 7B", ["7A", "7B"], ["Class"]) == [("text", "7B")]
    assert lits("budget of Website Redesign 2", ["Website Redesign 2"]) == [("text", "Website Redesign 2")]
    assert lits("students older than 7", ["7A", "7B"]) == [("number", "7")]  # a number stays one
    assert lits("score in 7B", []) == []  # no sheet value: digits never start a name


def test_a_possessive_of_a_sheet_value_is_that_value():
    assert lits("highlight Luis Gomez's entries", ["Luis Gomez", "Priya Shah"]) == [("text", "Luis Gomez")]
    assert lits("highlight Macy's orders", ["Macy's", "Target"]) == [("text", "Macy's")]  # the value itself


def test_a_plural_of_a_sheet_value_is_that_value():
    # "for Laptops" where the sheet says Laptop: COUNTIF/AVERAGEIF need the sheet's value
    assert lits("average units per order for Laptops", ["Laptop", "Monitor"]) == [("text", "Laptop")]
    assert lits("count the Boxes and Batteries", ["Box", "Battery"]) == [("text", "Box"), ("text", "Battery")]
    assert lits("date plus 14 days", ["Day", "Night"]) == [("number", "14")]  # not the Day shift
    assert lits("people in Sales", ["Sales", "HR"]) == [("text", "Sales")]  # the value itself wins
    assert lits("count the Glasses", ["Glass"]) == [("text", "Glass")]
    assert lits("count the class", ["Clas"]) == []  # "ss" is no plural


def test_formula_round_trip_through_tokens():
    frame = Frame(first_col=2, target_row=5, first_row=5, last_row=40, header_row=4,
                  sheets=["Rates"], sheet_first_cols=[1])
    L = extract_literals('commission 7.5% when sales exceed 2,000 for "North" since 2024-02-01')
    f = '=IF(AND(C5>2000,B5="North",D5>=DATE(2024,2,1)),C5*7.5%,0)+VLOOKUP(B5,Rates!A:B,2,FALSE)'
    toks = encode_formula(f, frame, L)
    assert toks[0] == "DOMAIN:formula" and toks[-1] == "<eos>"
    assert "COL:1" in toks and "ROW:T" in toks and "SHEET:0" in toks
    assert not any(t.startswith("N:2000") for t in toks)  # 2000 comes from the request
    assert decode_formula(toks, frame, L) == f
    short = encode_formula("=C5*7.5%", frame, L)
    ids = codec.ids(short)
    assert len(ids) == codec.SEQ_LEN and codec.tokens_of(ids)[: len(short)] == short
    with pytest.raises(codec.CodecError, match="longer than"):
        codec.ids(toks)  # 45 tokens: longer than the model generates


def test_ranges_prefer_first_and_last_rows():
    frame = Frame(1, 2, 2, 20, 1)
    toks = encode_formula("=SUM(B2:B20)+B2", frame, [])
    assert toks[3:6] == ["COL:1", "ROW:F", "OP::"] and "ROW:T" in toks


def test_constants_not_in_the_request_are_refused():
    with pytest.raises(codec.CodecError, match="not in the request"):
        encode_formula("=B2*1234", Frame(1, 2, 2, 9, 1), [])
    with pytest.raises(codec.CodecError):
        encode_formula("=FOOBAR(B2)", Frame(1, 2, 2, 9, 1), [])


def test_rule_round_trip():
    L = extract_literals("highlight the top 10% of sales and rows with 'M type'")
    for rule in ("Top(c[1], 10%)", "TextContains(c[0], 'M type')", "AND(Blanks(c[2]), NOT(Errors(c[0])))"):
        assert decode_rule(encode_rule(rule, L), L) == rule


def test_decoding_a_bad_literal_index_fails_cleanly():
    with pytest.raises(codec.CodecError):
        decode_formula(["DOMAIN:formula", "LIT:3", "<eos>"], Frame(1, 2, 2, 9, 1), [])


def test_template_inventory():
    ts = I.templates()
    assert len(ts) >= 2000
    assert len({(t[0], t[1], t[2]) for t in ts}) == len(ts)
    held = [t for t in ts if I.is_held_out(next(i for i in I.INTENTS if i.name == t[0]), t[1], t[2])]
    assert 0.1 < len(held) / len(ts) < 0.5


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from cfdesk.datagen.build import build

    out = tmp_path_factory.mktemp("ds")
    manifest = build(str(out), seed=3, size="tiny", workers=1)
    return out, manifest


def test_build_is_deterministic_and_validated(built, tmp_path):
    from cfdesk.datagen.build import build
    from cfdesk.features import sheet_from_record
    from cfdesk.formula.evaluate import evaluate_in_sheet, values_equal
    from cfdesk.workbook import parse_a1

    out, manifest = built
    assert manifest["counts"]["formula/train"] > 20
    again = build(str(tmp_path), seed=3, size="tiny", workers=1)
    assert again["counts"] == manifest["counts"]
    a = (out / "formula" / "train.jsonl").read_text()
    assert a == (tmp_path / "formula" / "train.jsonl").read_text()
    for line in a.splitlines()[:40]:
        rec = json.loads(line)
        sd, others = sheet_from_record(rec)
        r, c = parse_a1(rec["target"])
        res = evaluate_in_sheet(rec["gold"], sd, r, c, others={k.upper(): v for k, v in others.items()})
        assert res.kind == "value" and values_equal(res.value, rec["expected"]["value"]), rec["id"]
        assert rec["x"].startswith("formula: ") and rec["y"][-1] == "<eos>"


def test_splits_hold_out_templates_and_domains(built):
    from cfdesk.datagen.export import check_splits, stats

    out, _ = built
    assert check_splits(str(out)) == {"template_overlap": 0, "domain_overlap": 0}
    st = stats(str(out))
    assert st["formula/test_domains"]["table_domains"]
    assert set(st["formula/test_domains"]["table_domains"]) <= {"fleet", "library", "utilities"}


def test_cf_examples_are_labelled_by_the_interpreter(built):
    from cfdesk.cf.interpret import apply_rule
    from cfdesk.features import sheet_from_record

    out, _ = built
    for line in (out / "cf" / "train.jsonl").read_text().splitlines()[:10]:
        rec = json.loads(line)
        sd, _ = sheet_from_record(rec)
        assert apply_rule(rec["gold"], sd, rec["target"]).labels() == rec["expected"]["row_labels"]


def test_data_cli(built, capsys):
    from cfdesk.cli import main

    out, _ = built
    assert main(["data", "stats", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "formula/train" in text and "template_overlap': 0" in text
    assert main(["data", "export", "--out", str(out), "--export-to", str(out / "xy")]) == 0
    assert (out / "xy" / "train.jsonl.xz").exists() and (out / "xy" / "vocab.json").exists()


def test_shape_evaluation_agrees_with_full_evaluation(built):
    """Data generation validates with one compiled function per formula shape; on every
    generated example it must give what the ordinary evaluator gives."""
    from cfdesk.features import sheet_from_record
    from cfdesk.formula.evaluate import evaluate_by_shape, evaluate_in_sheet, values_equal
    from cfdesk.workbook import parse_a1

    out, _ = built
    n = 0
    for split in ("train", "dev", "test_templates", "test_domains"):
        for line in (out / "formula" / f"{split}.jsonl").read_text().splitlines():
            rec = json.loads(line)
            sd, others = sheet_from_record(rec)
            r, c = parse_a1(rec["target"])
            o = {k.upper(): v for k, v in others.items()}
            a = evaluate_by_shape(rec["gold"], sd, r, c, others=o)
            b = evaluate_in_sheet(rec["gold"], sd, r, c, others=o)
            assert a.kind == b.kind and values_equal(a.value, b.value), (rec["gold"], a, b)
            n += 1
    assert n > 50


def test_shape_of_shares_one_compiled_function():
    from cfdesk.formula import parser as P
    from cfdesk.formula.evaluate import engine_text, shape_of

    a, binds_a = shape_of(P.parse('=IF(B2>5000,B2*10%,"none")'))
    b, binds_b = shape_of(P.parse('=IF(D7>12,D7*3%,"x")'))
    assert engine_text(a) == engine_text(b)
    assert [k for _, k, _ in binds_a] == ["ref", "const", "const", "const"]
    assert binds_b[0][2] == "D7" and binds_b[1][2] == 12.0


def test_export_writes_the_real_cf_requests_apart(tmp_path):
    """The recipe repeats the paper's real CF requests beside the generated data, so export
    writes them to a file of their own as well as into train.jsonl.xz."""
    import lzma

    from cfdesk.datagen.export import export

    (tmp_path / "formula").mkdir()
    (tmp_path / "cf").mkdir()
    rec = {"x": "request", "y": ["<eos>"]}
    (tmp_path / "formula" / "train.jsonl").write_text(json.dumps({**rec, "id": "f-1"}) + "\n")
    (tmp_path / "cf" / "train.jsonl").write_text("".join(
        json.dumps({**rec, "id": i}) + "\n" for i in ("cf-train-4", "cf-synth-9", "cf-train-7")))
    counts = export(str(tmp_path), str(tmp_path / "xy"))
    assert counts["train"] == 4 and counts["real_cf"] == 2
    with lzma.open(tmp_path / "xy" / "real_cf.jsonl.xz", "rt") as f:
        assert [json.loads(line) for line in f] == [rec, rec]


def _first_row_case(intent_name: str, kinds: tuple[str, ...]):
    """A generated table and one built gold of the intent, with the first row's values of the
    columns of the given kinds, in the order the formula reads them."""
    import random
    import re

    from cfdesk.datagen.domains import DOMAINS, make_table

    it = next(i for i in I.INTENTS if i.name == intent_name)
    for seed in range(300):
        rng = random.Random(seed)
        t = make_table(rng.choice(sorted(DOMAINS)), rng)
        built = it.build(I.G(t, rng))
        if built is None:
            continue
        by_letter = {c.letter: (c, t.rows[0][c.index]) for c in t.columns}
        cols = [by_letter[m] for m in re.findall(r"\b([A-Z])\d+\b", built.formula) if m in by_letter]
        values = [v for c, v in cols if c.concept.kind in kinds]
        if values and all(v is not None for v in values):
            return t, built, values
    raise AssertionError(f"no table builds {intent_name}")


@pytest.mark.parametrize("intent_name,kinds,expect", [
    ("first_name", ("name",), lambda v: v[0].split(" ")[0]),
    ("last_name", ("name",), lambda v: v[0].split(" ", 1)[1]),
    ("quarter", ("date",), lambda v: (v[0].month - 1) // 3 + 1),
    ("rate_amount", ("money", "int", "dec", "pct"), lambda v: v[0] * v[1]),
    ("plus_rate", ("money", "int", "dec", "pct"), lambda v: v[0] * (1 + v[1])),
])
def test_meaning_intents_compute_what_their_requests_say(intent_name, kinds, expect):
    """The golds of the intents for everyday meanings ("first name only", "quarter of the
    date", "bonus in dollars", "salary plus bonus") are right on the table's own first row."""
    from cfdesk.datagen.build import table_to_sheet
    from cfdesk.formula.evaluate import evaluate_in_sheet, values_equal

    t, built, values = _first_row_case(intent_name, kinds)
    sd, _, others, _ = table_to_sheet(t)
    res = evaluate_in_sheet(built.formula, sd, t.first_row, t.first_col + len(t.columns), others=others)
    assert res.kind == "value" and values_equal(res.value, expect(values)), (built.formula, values, res.value)


def test_two_column_labels_may_leave_the_other_result_blank():
    import random

    from cfdesk.datagen.domains import DOMAINS, make_table

    it = next(i for i in I.INTENTS if i.name == "if_cols")
    seen = set()
    for seed in range(200):
        rng = random.Random(seed)
        built = it.build(I.G(make_table(rng.choice(sorted(DOMAINS)), rng), rng))
        if built is not None:
            seen.add(built.formula.endswith(',"")') == (built.slots["lo"] in ("blank", "leave it blank", "empty",
                                                                                "nothing")))
            seen.add(("blank", built.formula.endswith(',"")')))
    assert True in seen and False not in seen and ("blank", True) in seen and ("blank", False) in seen


def test_two_word_labels_before_the_condition():
    # "Long trip if ..., else blank": the label is both words where the other case is named
    assert lits("Long trip if km is over 300, else blank") == [("text", "Long trip"), ("number", "300")]
    # an aggregate or a typo of a verb is no label, nor a phrase with no other case
    assert lits("Total sales if region is East") == [("text", "East")]
    assert ("text", "Retun overdue") not in lits("Retun overdue when order date has passed, else ok")
    assert lits("Avg weight where destination is Atlanta please") == [("text", "Atlanta")]


def test_a_sheet_value_of_two_words_in_the_plural():
    assert lits("number of client visits", ["Client visit", "Training"], ["Purpose"]) == [("text", "Client visit")]
