"""Type clashes between a formula and the sheet's column types (cfdesk.formula.typecheck)."""

import pytest

from cfdesk.formula.typecheck import type_clash

TYPES = {"A": "text", "B": "currency", "C": "date", "D": "integer", "E": "boolean", "F": "mixed"}


def column_type(ref: str):
    letters = {"".join(ch for ch in part if ch.isalpha()) for part in ref.replace("$", "").split(":")}
    return TYPES.get(letters.pop()) if len(letters) == 1 else None


@pytest.mark.parametrize("formula", [
    '=IF(D2<"Reorder",10,"OK")',  # a number against a label
    '=IF(A2>100,"High","Low")',  # a text column against a number
    '=IF(E2="Office","Home","Office")',  # a TRUE/FALSE column against a text
    '=SUMIF(B2:B9,"East",D2:D9)',  # a text criterion on a number column
    '=SUMIF(A2:A9,"East",A2:A9)',  # adds up a text column
    '=COUNTIF(A2:A9,20)',
    '=AVERAGE(A2:A9)',
    '=YEAR(D2)',  # a date function on a number column
    '=A2*10%',
    '=PRODUCT(D2,A2)',  # an aggregate takes in a text cell as any of its arguments
    '=TEXT(D2,"yyyy-mm-dd")',  # a count written as a date
    '=AVERAGEIF(A2:A9,"Laptop",C2:C9)',  # an average of dates
    '=SUM(C2:C9)',
    '=SUMIFS(C2:C9,A2:A9,"East")',
    '=SUMIF(E2:E9,TRUE,E2:E9)',  # adds up TRUE/FALSE: Excel skips them
    '=SUM(E2:E9)', '=COUNT(E2:E9)', '=COUNTIF(A2:A9,TRUE)', '=SUMPRODUCT(E2:E9,D2:D9)',
])
def test_clashes(formula):
    assert type_clash(formula, column_type)


@pytest.mark.parametrize("formula", [
    '=IF(D2<10,"Reorder","OK")',
    '=SUMIF(A2:A9,"East",D2:D9)',
    '=COUNTIF(D2:D9,"<20")',  # a criterion, not a label
    '=SUMIF(E2:E9,TRUE,D2:D9)', '=COUNTIF(E2:E9,FALSE)',  # a TRUE/FALSE column as the criterion
    '=SUMPRODUCT(--(E2:E9),D2:D9)',  # turned into numbers first
    '=COUNTIF(B2:B9,"1,200")',  # a number written as text
    '=IF(C2>DATE(2024,1,1),"New","Old")',
    '=IF(C2>45000,"New","Old")',  # a date is a number to Excel
    '=IF(F2="x",1,0)',  # a mixed column: unknown
    '=IF(Z2="x",1,0)',  # outside the table: unknown
    '=A2&" - "&D2',
    '=YEAR(C2)',
    '=COUNTIF(E2:E9,TRUE)',
    '=IF(D2<10,"OK"',  # does not parse: no clash claimed
    '=ROUND(D2,2)',
    '=PROPER(D2)',  # asked for in so many words ("year in capitals"), if of little use
    '=LEFT(D2,2)',  # the digits of a number are a fair ask
    '=TEXT(C2,"mmmm")',
    '=TEXT(D2,"0.00")',
    '=MAX(C2:C9)',  # the latest date
    '=SUMIF(C2:C9,">"&DATE(2024,1,1),B2:B9)',  # dates as the criteria range, money summed
])
def test_no_clash(formula):
    assert type_clash(formula, column_type) == ""


def test_the_clash_is_described():
    assert type_clash('=SUMIF(B2:B9,"East",D2:D9)', column_type) == "SUMIF looks for a text in a number column"
