"""Lexer, parser, canonical form and reference translation."""

import pytest

from cfdesk.errors import FormulaSyntaxError
from cfdesk.formula.lexer import Kind, tokenize, translate, untokenize
from cfdesk.formula.parser import canonical, for_file, functions_used, parse

from .conftest import FIXTURES

REAL = [line.rstrip("\n") for line in (FIXTURES / "real_formulas.txt").read_text().splitlines()]


def test_fixture_is_the_real_formula_set():
    assert len(REAL) == 270


@pytest.mark.parametrize("formula", REAL)
def test_round_trip_exact_on_real_formulas(formula):
    assert untokenize(tokenize(formula)) == formula


def test_real_formulas_parse_except_the_unbalanced_one():
    failures = []
    for f in REAL:
        try:
            parse(f)
        except FormulaSyntaxError:
            failures.append(f)
    # One formula in the repair benchmark has an extra ')': it is broken in Excel too.
    assert failures == ['=IFERROR(IF(Sheet1!A6>=3,(INDEX(Sheet3!AF:AF,(MATCH(B4,Sheet3!A:A,0)+1)))),("")))']


@pytest.mark.parametrize("formula,kinds", [
    ("=SUM(A1:B2)", ["op", "func", "open", "ref", "close"]),
    ("='My Sheet'!$A$1+Sheet1!A:A", ["op", "ref", "op", "ref"]),
    ("=COUNTIF(1:1,\"x\"\"y\")", ["op", "func", "open", "ref", "sep", "string", "close"]),
    ("=IF(#N/A,TRUE,#DIV/0!)", ["op", "func", "open", "error", "sep", "bool", "sep", "error", "close"]),
    ("={1,2;3,4}", ["op", "array_open", "number", "sep", "number", "sep", "number", "sep", "number",
                    "array_close"]),
    ("=LOG10(A1)", ["op", "func", "open", "ref", "close"]),
    ("=Table1[Sales]*Rate", ["op", "ref", "op", "name"]),
    ("=1.5E+3%", ["op", "number", "op"]),
    ("=_xlfn.XLOOKUP(A1,B:B,C:C)", ["op", "func", "open", "ref", "sep", "ref", "sep", "ref", "close"]),
])
def test_token_kinds(formula, kinds):
    toks = [t for t in tokenize(formula) if t.kind != Kind.WS]
    assert [t.kind.value for t in toks] == kinds


def test_whitespace_is_kept():
    f = "=SUM( A1 , B2 )  "
    assert untokenize(tokenize(f)) == f


@pytest.mark.parametrize("bad", ['=SUM("abc', "=A1+#BOGUS", "=SUM(A1", "=1+", "=", "=)", "=SUM(A1))"])
def test_syntax_errors_are_clear(bad):
    with pytest.raises(FormulaSyntaxError) as e:
        parse(bad)
    assert str(e.value) and "\n" not in str(e.value)


def test_canonical_form():
    assert canonical("=sum( a1:a3 , 2)") == "=SUM(A1:A3,2)"
    assert canonical("=_xlfn.XLOOKUP(a1,B:B,C:C)") == "=XLOOKUP(A1,B:B,C:C)"
    assert canonical("=if(true,\"Yes\",#n/a)") == '=IF(TRUE,"Yes",#N/A)'
    assert canonical("='my sheet'!a1") == "='my sheet'!A1"


def test_prefixes_added_for_newer_functions():
    assert for_file("=xlookup(A1,B:B,C:C)") == "=_xlfn.XLOOKUP(A1,B:B,C:C)"
    assert for_file("=FILTER(A1:A9,B1:B9>0)") == "=_xlfn._xlws.FILTER(A1:A9,B1:B9>0)"
    assert for_file("=SORT(UNIQUE(A1:A9))") == "=_xlfn._xlws.SORT(_xlfn.UNIQUE(A1:A9))"
    for fn in ("IFS", "SWITCH", "TEXTJOIN", "CONCAT", "MAXIFS", "MINIFS", "LET", "XMATCH"):
        assert f"_xlfn.{fn}(" in for_file(f"={fn}(1,2,3)")
    assert for_file("=SUM(A1:A3)+VLOOKUP(1,A:B,2,0)") == "=SUM(A1:A3)+VLOOKUP(1,A:B,2,0)"
    # Prefixed input keeps exactly one prefix.
    assert for_file("=_xlfn.XLOOKUP(1,A:A,B:B)") == "=_xlfn.XLOOKUP(1,A:A,B:B)"


def test_precedence_follows_excel():
    # negation binds tighter than ^ in Excel; % tighter than ^
    t = parse("=-2^2")
    assert type(t).__name__ == "Binary" and t.op == "^"
    t = parse("=1+2*3")
    assert t.op == "+" and t.right.op == "*"
    t = parse('=A1&"x"="ax"')
    assert t.op == "="


def test_functions_used():
    assert functions_used('=IFERROR(VLOOKUP(A2,Sheet2!A:B,2,FALSE),"")') == ["IFERROR", "VLOOKUP"]


@pytest.mark.parametrize("formula,rows,cols,expected", [
    ("=SUM(A$1:A1)+$B2*C:C+Sheet1!D5", 3, 0, "=SUM(A$1:A4)+$B5*C:C+Sheet1!D8"),
    ("=$A$1+A1", 5, 2, "=$A$1+C6"),
    ("=A2-1", -1, 0, "=A1-1"),
    ("=A1", -1, 0, "=#REF!"),
    ("='My Sheet'!B2:B9", 1, 0, "='My Sheet'!B3:B10"),
    ("=SUM(1:1)", 2, 0, "=SUM(3:3)"),
])
def test_translate(formula, rows, cols, expected):
    assert translate(formula, rows, cols) == expected
