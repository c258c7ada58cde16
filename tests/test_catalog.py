"""The catalogue of common shapes (cfdesk.catalog): masking, the shapes a table's named columns
fit, and an end-to-end request phrased unlike any training template."""

import datetime as dt

import pytest

from cfdesk import codec
from cfdesk.catalog import CATALOG, catalog_candidates, masked, offered
from cfdesk.features import prepare
from cfdesk.mentions import column_mentions
from cfdesk.suggest import Model, suggest
from cfdesk.workbook import SheetData


def _staff() -> SheetData:
    cells = {(1, 1): "Full Name", (1, 2): "Start Date", (1, 3): "Cost Price", (1, 4): "Sale Price"}
    for r in range(2, 12):
        cells[(r, 1)] = ["Ada Lovelace", "Alan Turing", "Grace Hopper"][r % 3] + f" {r}"
        cells[(r, 2)] = dt.datetime(2024, 1, r)
        cells[(r, 3)] = 10.5 * r
        cells[(r, 4)] = 12.25 * r
    return SheetData("Staff", cells, max_row=11, max_col=4)


def _mentions(prep, request):
    t = prep.context.table
    return column_mentions(request, prep.context, t.first_col, t.last_col)


@pytest.mark.parametrize("request_, want", [
    ("Cost Price as an integer", "X as an integer"),
    ("how much did sale prices grow compared with column C", "how much did X grow compared with Y"),
    ("the surname out of full_name", "the surname out of X"),
])
def test_masked_names_the_columns_x_and_y(request_, want):
    sd = _staff()
    prep = prepare(sd, "E2", request_, "formula")
    assert masked(request_, _mentions(prep, request_), prep.context.table.headers) == want


def test_shapes_fit_the_named_columns_kinds():
    sd = _staff()
    request = "Sale Price against Cost Price"
    prep = prepare(sd, "E2", request, "formula")
    shapes = {text: says for _, text, says in offered(request, prep, _mentions(prep, request))}
    assert shapes["=INT(D2)"] == "X rounded down to the nearest integer"
    assert shapes["=INT(C2)"] == "Y rounded down to the nearest integer"
    assert "=(D2-C2)/C2" in shapes and "=(C2-D2)/D2" in shapes  # both orders of two columns
    assert shapes["=STDEV(D2:D11)"].startswith("the standard deviation of X")
    assert not any("YEAR" in f or "LEN" in f for f in shapes)  # no date or text column named
    prep = prepare(sd, "E2", "the year of Start Date", "formula")
    assert offered("the year of Start Date", prep, _mentions(prep, "the year of Start Date"))[0][1] == "=YEAR(B2)"


def test_every_shape_is_in_the_models_vocabulary():
    """Each shape, filled in, encodes to token ids (the AR model rescores it by them)."""
    sd = _staff()
    cols = {"n": ("C", "D"), "t": ("A", "A"), "d": ("B", "B"), "": ("C", "C")}
    for e in CATALOG:
        # the request's number or sheet value is one of its literals, copied into the formula
        number = "12%" if e.number == "%" else "0.35"
        request = f"x {number}" if e.number else 'x "Ada Lovelace 3"' if e.value else "x"
        prep = prepare(sd, "E2", request, "formula")
        a, b = cols[e.kinds[:1]][0], cols[e.kinds[-1:]][-1]
        text = e.shape.format(a=f"{a}2", A=f"{a}2:{a}11", b=f"{b}2", B=f"{b}2:{b}11", n=number,
                              v='"Ada Lovelace 3"', V="A2:A11")
        assert codec.ids(codec.encode_formula(text, prep.frame, prep.literals)), text


def test_catalogue_candidates_for_a_request_unlike_the_templates():
    sd = _staff()
    model = Model.get()
    request = "Return COST PRICE as an integer"
    prep = prepare(sd, "E2", request, "formula")
    known = {}
    new = catalog_candidates(model, request, prep, _mentions(prep, request), known)
    assert new and new[0].text == "=INT(C2)" and new[0].catalog >= 0.5 and new[0].derived
    assert all(c.engine_scores == {} for c in new)
    # already a candidate: marked, not offered again
    again = catalog_candidates(model, request, prep, _mentions(prep, request), dict(known))
    assert again == [] and known["=INT(C2)"].catalog == new[0].catalog
    # a rule request gets none
    cf = prepare(sd, "A2:D11", "highlight Cost Price over 50", "cf")
    assert catalog_candidates(model, "highlight Cost Price over 50", cf, _mentions(cf, "x"), {}) == []


def test_suggest_offers_the_shape():
    res = suggest(_staff(), "E2", "Return COST PRICE as an integer", model=Model.get(), keep=20)
    texts = [c.text for c in res.candidates]
    assert "=INT(C2)" in texts
    c = res.candidates[texts.index("=INT(C2)")]
    assert c.valid and c.value == 21 and c.catalog > 0


@pytest.mark.parametrize("request_, target, want", [
    ("Cost Price plus 12%", "E2", "=C2*(1+12%)"),  # the request's number, as written
    ("cost price at 0.35 each plus sale price", "E2", "=C2*0.35+D2"),
    ('total sale price for "Ada Lovelace 3"', "E2", '=SUMIF(A2:A11,"Ada Lovelace 3",D2:D11)'),  # a sheet value
])
def test_shapes_with_the_requests_number_or_sheet_value(request_, target, want):
    from cfdesk.catalog import the_number, the_value

    sd = _staff()
    prep = prepare(sd, target, request_, "formula")
    value = the_value(prep, sd)
    mentions = [m for m in _mentions(prep, request_) if value is None or m.col != value[2]]
    shapes = [text for _, text, _ in offered(request_, prep, mentions, value)]
    assert want in shapes
    said = masked(request_, mentions, prep.context.table.headers, the_number(prep), value)
    assert "N" in said or "V" in said
    # no number or value: none of their shapes
    plain = prepare(sd, target, "cost price", "formula")
    shapes = offered("cost price", plain, _mentions(plain, "cost price"))
    assert not any("0.35" in t or "SUMIF" in t for _, t, _ in shapes)


def test_a_catalogue_shape_over_the_rows_of_a_value_is_suggested():
    res = suggest(_staff(), "E2", "sale price for Grace Hopper 2", model=Model.get(), keep=20)
    texts = [c.text for c in res.candidates]
    assert '=SUMIF(A2:A11,"Grace Hopper 2",D2:D11)' in texts
