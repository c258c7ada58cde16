"""The token grammars: what they accept, and reading a decoder's output as a well-formed program."""

import numpy as np
import pytest
import torch

from cfdesk import codec
from cfdesk.codec import Frame, Literal, encode_formula, encode_rule, extract_literals
from cfdesk.grammar import EOS, accepts, best_valid, grammar_for, prefix_bias

FRAME = Frame(header_row=1, first_row=2, last_row=21, target_row=2, first_col=1, sheets=["Targets"],
              sheet_first_cols=[1])


def ids(tokens):
    return [codec.TOKEN_ID[t] for t in tokens]


@pytest.mark.parametrize("formula,request_", [
    ("=SUM(D2:D21)", "total"),
    ("=IF(OR(B2>38000,C2<64000),\"Yes\",\"No\")", "Yes when B > 38,000 or C < 64,000"),
    ("=SUMIF(E2:E21,\"Q2\",C2:C21)", "how much came from \"Q2\""),
    ("=COUNTIF($A$2:$A$21,A2)>1", "duplicates"),
    ("=SUM($C$2:C2)", "running sum"),
    ("=-B2%+(C2^2)", "odd"),
    ("=XLOOKUP(B2,Targets!A:A,Targets!B:B)", "look it up"),
    ("=DATEDIF(G2,TODAY(),\"m\")", "months since"),
    ("=ROW()-1", "row number"),
    ("=COUNTIF(F2:F21,\">=\"&DATE(2024,6,30))", "on or after 2024-06-30"),
    ("=B5*12%", "12% of B5"),
    ("=SUM(B2:B21)/COUNT(B2:B21)", "mean"),
])
def test_every_encodable_formula_is_accepted(formula, request_):
    lits = extract_literals(request_)
    g = grammar_for("formula", lits)
    assert accepts(g, ids(encode_formula(formula, FRAME, lits)))


@pytest.mark.parametrize("rule,request_", [
    ("Between(c[1], 5, 10)", "between 5 and 10"),
    ("Top(10%)", "top 10%"),
    ("Duplicate(c[6])", "duplicates"),
    ("AND(GreaterThanEqual(25), LessThan(50))", "at least 25 and less than 50"),
    ("NOT(Blanks())", "not blank"),
    ("TextContains(c[0], 'Group')", "contains \"Group\""),
])
def test_every_encodable_rule_is_accepted(rule, request_):
    lits = extract_literals(request_)
    assert accepts(grammar_for("cf", lits), ids(encode_rule(rule, lits)))


@pytest.mark.parametrize("mode,tokens", [
    ("formula", "DOMAIN:formula FN:IF ( COL:5 ROW:T OP:> N:0 , <eos>"),
    ("formula", "DOMAIN:formula FN:SUM ( ) <eos>"),  # a function's arguments are never empty
    ("formula", "DOMAIN:formula COL:3 <eos>"),  # a column without a row is no reference
    ("formula", "DOMAIN:formula FN:TODAY ( COL:3 ROW:T ) <eos>"),
    ("formula", "DOMAIN:formula N:5 OP:: N:6 <eos>"),
    ("formula", "DOMAIN:formula COL:1 ROW:T ) <eos>"),
    ("cf", "DOMAIN:cf RULE:Between ( C:1 <eos>"),
    ("cf", "DOMAIN:cf RULE:Between ( C:1 , N:5 ) <eos>"),  # two numbers
    ("cf", "DOMAIN:cf RULE:Top ( N:5 , N:5 ) <eos>"),
    ("cf", "DOMAIN:cf RULE:Duplicate ( N:5 ) <eos>"),
    ("cf", "DOMAIN:cf RULE:AND ( RULE:Blanks ( ) ) <eos>"),  # AND takes two or more
    ("cf", "DOMAIN:cf RULE:Top ( N:0 ) <eos>"),  # a count is positive
    ("cf", "DOMAIN:cf RULE:Bottom ( C:2 , N:0 PCT ) <eos>"),
    ("cf", "DOMAIN:cf RULE:Top ( N:0.5 ) <eos>"),  # and whole
])
def test_malformed_sequences_are_refused(mode, tokens):
    assert not accepts(grammar_for(mode), ids(tokens.split()))


def test_literal_kinds_matter_in_rules():
    text, number = Literal("text", "Top", "Top"), Literal("number", "10", "10")
    g = grammar_for("cf", [text, number])
    assert not accepts(g, ids("DOMAIN:cf RULE:Top ( LIT:0 ) <eos>".split()))
    assert accepts(g, ids("DOMAIN:cf RULE:Top ( LIT:1 PCT ) <eos>".split()))


def _logp(rows):
    """Per-position log-probabilities: each row is {token: probability}, the rest share what is left."""
    out = np.full((len(rows), len(codec.VOCAB)), -30.0, dtype=np.float32)
    for i, row in enumerate(rows):
        for t, p in row.items():
            out[i, codec.TOKEN_ID[t]] = np.log(p)
    return out


def test_best_valid_fixes_a_broken_position_with_the_decoders_next_guess():
    rows = [{"DOMAIN:cf": 0.99}, {"RULE:Between": 0.9}, {"(": 0.9}, {"C:1": 0.8},
            {"<eos>": 0.6, ",": 0.3}, {"N:5": 0.7}, {",": 0.5, ")": 0.4}, {"N:10": 0.6}, {")": 0.9},
            {"<eos>": 0.9}]
    lp = _logp(rows + [{"<pad>": 0.99}] * 4)
    g = grammar_for("cf")
    argmax = lp.argmax(-1).tolist()
    assert not accepts(g, argmax)
    seq, score = best_valid(lp, g)
    want = ids("DOMAIN:cf RULE:Between ( C:1 , N:5 , N:10 ) <eos>".split())
    assert seq[:len(want)] == want and len(seq) == len(lp)
    assert score == pytest.approx(np.mean([lp[i, t] for i, t in enumerate(want)]), abs=1e-5)
    # a well-formed argmax is its own best reading
    ok = _logp([{"DOMAIN:cf": 0.99}, {"RULE:Duplicate": 0.9}, {"(": 0.9}, {")": 0.9}, {"<eos>": 0.9}])
    assert best_valid(ok, g)[0] == ok.argmax(-1).tolist()


def test_best_valid_gives_up_when_nothing_fits():
    lp = _logp([{"DOMAIN:cf": 1.0}, {"RULE:Between": 1.0}, {"(": 1.0}])
    lp[:, :] = -np.inf
    lp[0, codec.TOKEN_ID["DOMAIN:cf"]] = 0.0
    assert best_valid(lp, grammar_for("cf")) is None


def test_prefix_bias_steers_a_step_by_step_decoder():
    g = grammar_for("formula")
    static = torch.zeros(8, len(codec.VOCAB))
    static[0, :] = float("-inf")
    static[0, codec.TOKEN_ID["DOMAIN:formula"]] = 0.0
    bias = prefix_bias(g, static)
    assert torch.isfinite(bias([])).sum() == 1  # the position's constraints
    after_fn = bias(ids(["DOMAIN:formula", "FN:SUM"]))
    assert torch.isfinite(after_fn).sum() == 1 and after_fn[codec.TOKEN_ID["("]] == 0
    done = bias(ids("DOMAIN:formula FN:SUM ( COL:0 ROW:F OP:: COL:0 ROW:L )".split()))
    assert done[EOS] == 0 and done[codec.TOKEN_ID[")"]] == float("-inf")


def test_readings_are_distinct_well_formed_and_best_first():
    from cfdesk.grammar import readings

    rows = [{"DOMAIN:cf": 0.99}, {"RULE:GreaterThan": 0.6, "RULE:LessThan": 0.3}, {"(": 0.9},
            {"N:5": 0.5, "N:10": 0.4}, {")": 0.9}, {"<eos>": 0.9}]
    g = grammar_for("cf")
    got = readings(_logp(rows + [{"<pad>": 0.9}] * 3), g, n=3)
    assert len(got) == 3 and len({tuple(s) for s, _ in got}) == 3
    assert [sc for _, sc in got] == sorted((sc for _, sc in got), reverse=True)
    assert all(accepts(g, s) for s, _ in got)
    assert codec.tokens_of(got[0][0])[:6] == "DOMAIN:cf RULE:GreaterThan ( N:5 ) <eos>".split()


def test_percentages_fit_top_but_not_between():
    lits = extract_literals("bottom 10% and values between 5 and 7")
    g = grammar_for("cf", lits)
    assert accepts(g, ids("DOMAIN:cf RULE:Bottom ( LIT:0 ) <eos>".split()))
    assert accepts(g, ids("DOMAIN:cf RULE:Between ( LIT:1 , LIT:2 ) <eos>".split()))
    assert not accepts(g, ids("DOMAIN:cf RULE:Between ( LIT:0 , LIT:1 ) <eos>".split()))
    g = grammar_for("cf", extract_literals("top 0 rows"))
    assert not accepts(g, ids("DOMAIN:cf RULE:Top ( LIT:0 ) <eos>".split()))
