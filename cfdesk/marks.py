"""Marks where a candidate disagrees with the request's words (each shown beside it as
"check: ..." and weighed by ``suggest.RankWeights``)."""

from __future__ import annotations

import difflib
import re

from cfdesk import codec
from cfdesk.candidates import (
    LABEL_PAIR,
    RANGE_REF,
    READS_TODAY,
    Candidate,
    column_read,
    compared,
    compares_otherwise,
    constants_of,
    else_not_blank,
    foreign_text,
    name_parts,
    named_labels,
    one_of_two,
    rate_alone,
    rate_signs,
    reads_a_row,
    round_digits,
    self_product,
    sides_taken,
    value_key,
)
from cfdesk.mentions import (
    REQUIRED_SIDES,
    RIVALS,
    Flag,
    applies_rate,
    asked_digits,
    asked_equals,
    asked_multipliers,
    asked_name_part,
    asked_sides,
    asked_unit_rate,
    asks_blank_else,
    asks_each_row,
    asks_equality,
    asks_how_many,
    asks_negation,
    asks_now,
    asks_percent,
    asks_row_value,
    comparison_thresholds,
    comparison_words,
    counted_columns,
    rank_counts,
    rate_direction,
    spelled_numbers,
    unit_thresholds,
    without_headers,
)

_RANK_SIDES = {"high", "low", "above", "below"}  # the sides a rule for "highest" or "lowest" may take
# a rule request that names its own kind of display: "highest" may then be a colour scale's end
_SCALE_WORDS = re.compile(r"colou?r ?scale|data ?bar|icon|heat ?map|gradient|shade", re.I)
_DAY_NAME = re.compile(r"\b(?:day|weekday|month)(?:'s)? names?\b|\bnames? of the (?:week ?day|day|month)s?\b",
                       re.I)


_FLAG_TEST = re.compile(r"\b(?:COUNTIFS?|SUMIFS?|AVERAGEIFS?|MAXIFS|MINIFS)\((?:[^()]*?,)?"
                        r"\$?([A-Z]{1,3})\$?\d+:\$?\1\$?\d+,\s*(TRUE|FALSE|\"(?:yes|no|y|n)\")\s*[,)]", re.I)


def _close(a: str, b: str) -> bool:
    """The same label, or one a typo away ("Weeknd" and "Weekend", "Udner" and "Under")."""
    a, b = a.strip().lower(), b.strip().lower()
    return a == b or (min(len(a), len(b)) > 3 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.8)


def flag_side_missed(formula: str, flag: Flag) -> bool:
    """Whether a formula's criterion on the yes/no column the request names is that column's
    other value (TRUE for "part-time" of a Full Time column)."""
    return any(m.group(1) == flag.letter and m.group(2).upper() != flag.value.upper()
               for m in _FLAG_TEST.finditer(formula))


def flag_says_no(flag: Flag, rule: str, first_col: int) -> bool:
    """Whether a rule tests the yes/no column the request names for its "no" side (FALSE, No,
    N), the side a negated header word asks for ("not approved")."""
    value = flag.text or flag.value
    return value.strip('"').lower() in ("false", "no", "n") and (
        f"c[{flag.col - first_col}], '{value}')" in rule)


def mark_words(request: str, cands: list[Candidate], headers: dict[int, str] | None = None,
                pairs: list[tuple[str, str, bool]] | None = None, cell: str | None = None,
                texts: set[str] | None = None, flag: Flag | None = None, first_col: int = 1) -> None:
    """Marks where a candidate's comparisons and numbers disagree with the request's words:
    "at least 5" answered with > 5, "sales over 5,000" compared with another number, "top ten"
    answered with Top(1), "top 10 percent" with a count; a text constant that is a column's
    header ("where Region is East" answered with ="Region"); a function whose opposite the
    request asks for (LEFT for "rightmost"); an order comparison for "exactly 45"; one of two
    values the request names together (``pairs``, from ``value_pairs``); a rule that compares
    with no cell where the request names one (``cell``, from ``asked_cell``); a cell multiplied
    by itself where the request gives a number it does not use (=F2*F2 for "times 1.2") as
    trivial; none of the texts the request names from the table or in quotes (``texts``, from
    ``mentions.asked_texts``) used ("largest on hand among Acme Corp" answered with MAX); one
    result for the whole table where the request asks for each row; a text (from the
    candidate's evaluated value) where it asks how many, a number where it asks for a day or
    month name; today's date where it measures nothing from now; a formula that reads no
    yes/no column the request names (``flag``, from ``repairs.flag_of``; ``first_col`` is the
    rule range's first column) as ``lost_text``, and a rule that does not test it. The model
    copies numbers written as digits; these catch what it reads loosely."""
    plain = without_headers(request, headers)
    asked, limits = comparison_words(plain), comparison_thresholds(plain)
    # "longer than 1.5 hours" of Minutes compares with 90 too
    limits |= {v for h in (headers or {}).values() for _, v in unit_thresholds(plain, h)}
    spelled, percent = spelled_numbers(plain), asks_percent(plain)
    # "best of the three subjects" counts columns: 3 is no rank for LARGE(C2:C41,3)
    n_counted = counted_columns(plain)
    counted = {float(n_counted)} if n_counted else set()
    negation, counts = asks_negation(plain), rank_counts(plain)
    equals, digits = asked_equals(plain), asked_digits(plain)
    equality = not asked and asks_equality(plain)
    numbers = {value_key(float(m.group(1)) / (100 if m.group(2) else 1))
               for m in re.finditer(r"(?<![\w.$:])(\d+(?:\.\d+)?)(%?)(?![\w.:])", plain)}
    label_pairs = [m.groups() for m in LABEL_PAIR.finditer(plain)] if cands and cands[0].mode == "formula" else []
    names = {h.strip().lower() for h in (headers or {}).values() if len(h.strip()) > 1}
    sides = asked_sides(plain)
    unasked = {t for a, b in RIVALS for s, t in ((a, b), (b, a)) if s in sides}
    named = named_labels(plain) | codec.written_labels(plain)
    said_labels = {w.lower() for w in codec.written_labels(request)}
    each_row = asks_each_row(plain)
    row_value = asks_row_value(request, plain)  # "Qty" blanked in ``plain`` would leave "= times"
    now = asks_now(request)
    how_many = asks_how_many(plain)
    named_day = bool(_DAY_NAME.search(plain))
    rate, applied = rate_direction(plain), applies_rate(plain)
    multipliers = {value_key(x) for x in asked_multipliers(plain)}
    # "labour cost at 65 per hour" answered with =E2/365: the price per unit left out
    unit_rate = asked_unit_rate(plain)
    multipliers |= {value_key(unit_rate[0])} if unit_rate else set()
    blank_else = asks_blank_else(plain)
    if_else = len(named_labels(plain) | codec.written_labels(plain)) >= 2 and bool(
        re.search(r"\b(?:if|when)\b", plain, re.I) and re.search(r"\b(?:else|otherwise)\b", plain, re.I))
    # (no number but the rank's count: "minimum equals 12" names a Minimum column)
    ranked_rule = (bool(sides & {"high", "low"}) and not limits and not _SCALE_WORDS.search(plain)
                   and numbers <= {value_key(x) for x in counts})
    half = asked_name_part(request)  # not ``plain``: a "Name" header would blank "last name"
    low = request.lower()
    # the texts it quotes that are not a column's name ('sum "Sales" where Region is East')
    quoted = {q.strip().lower() for q in codec.quoted_texts(request) if q.strip()} - names
    for c in cands:
        taken = sides_taken(c.text)
        c.rival = c.rival or bool(taken & unasked)  # (a repair may have marked it)
        # ... or leaves out the one it asks for: =LEFT(F2,3) for "first 3 letters in capitals"
        c.rival = c.rival or (c.mode == "formula" and bool(sides & REQUIRED_SIDES - taken))
        # "colour based on max values in a column" answered with ColorScale(): a rule that takes
        # no high or low side where the request ranks (no threshold, no scale, bar or icon named)
        c.rival = c.rival or (ranked_rule and c.mode == "cf" and not taken & _RANK_SIDES)
        # "unit cost with 15% off" answered with =F2*(1+15%)
        c.rival = c.rival or (rate is not None and c.mode == "formula" and bool(rate_signs(c.text) - {rate}))
        # "amount including 20% VAT" answered with =D2*20%, the VAT alone
        c.rival = c.rival or (rate is not None and applied and c.mode == "formula" and rate_alone(c.text))
        # "last name of the employee" answered with =LEFT(B5,FIND(" ",B5)-1), the first name
        c.rival = c.rival or (half is not None and c.mode == "formula" and bool(name_parts(c.text) - {half}))
        got = compared(c.text, c.mode)
        # (a label the request writes may be a header too: "Warranty if column G is Y, otherwise Paid")
        c.header_text = any(t.strip().lower() in names - said_labels for t in got.texts)
        # "Low when stock is 50 or less": ="High" where the request wrote another label
        # (a typo of the request's label is its label: "Weeknd or Weekday" answered with "Weekend")
        missing = {n for n in named if not any(_close(n, t) for t in got.texts)}
        c.foreign_label = bool(missing) and any(
            foreign_text(t, low, plain) and not any(_close(t, n) for n in named) for t in got.texts)
        # "High if revenue above 3000 otherwise Low" answered with =IF(H6>3000,3000,"Low"): a
        # number returned where the request writes a label
        c.foreign_label = c.foreign_label or (bool(missing) and c.mode == "formula" and bool(got.results))
        # "Yes if on hand is at or below the reorder point, else No" answered with =SIGN(E3-C3):
        # no text at all where the request writes both results
        c.foreign_label = c.foreign_label or (if_else and c.mode == "formula" and not got.texts)
        # "Review when overtime is over 10, otherwise leave blank" answered with =IF(F4>10,"OK","Review")
        c.foreign_label = c.foreign_label or (blank_else and c.mode == "formula" and else_not_blank(c.text))
        # "overtime pay at 1.5x the hourly rate" answered with =F2*D2
        # (or "kg times 2.2046" answered with =COUNTIF(E2:E41,2.2046) or =ROUNDUP(E2,2.2046):
        # the number is there but nothing is multiplied or divided by it)
        c.lost_number = bool(multipliers) and c.mode == "formula" and not multipliers & {
            value_key(n) for n in got.factors}
        # "mark orders by Gus Miller" answered with LessThan(c[5], 'Gus Miller'): an order
        # comparison with a text the request asks no comparison of
        c.other_comparison = compares_otherwise(got, asked, limits) or bool(got.text_thresholds and not asked)
        # "sales that are exactly 1400" answered with GreaterThan(c[4], 1400)
        c.other_comparison = c.other_comparison or bool(not asked and got.thresholds & equals)
        # "Full if enrolled equals seats" answered with =IF(F2<=E2,"Full","Open")
        c.other_comparison = c.other_comparison or (equality and bool(got.ops))
        values = constants_of(got)
        if c.mode == "cf":  # "at most 41" answered with Top(c[1], 41) or TextEquals(c[1], '41')
            c.other_comparison = c.other_comparison or bool(
                asked and not got.ops and not got.equals and values & {value_key(n) for n in limits})
        c.lost_cell = cell is not None and c.mode == "cf" and not got.cells
        # a text that holds one counts ("*Acme Corp*", "<>Done"); formulas only, since rule
        # requests quote column, sheet and format names as often as values (16 of the paper's
        # CF golds would be marked, no formula gold among 14,600)
        c.lost_text = c.lost_text or (c.mode == "formula" and bool(texts)
                                      and not any(q in t.lower() for t in got.texts for q in texts))
        # "total billable hours" answered with =SUM(D2:D51): the Billable column unread
        if flag is not None and c.mode == "formula":
            # read, not only counted row by row (=COUNTA(F2:F51) for "how many are billable")
            read = re.sub(r"\b(?:COUNTBLANK|COUNTA|COUNT)\([^()]*\)", "", c.text)
            c.lost_text = c.lost_text or not column_read(flag.letter).search(read)
            # "how many part-time staff" answered with =COUNTIF(G2:G41,TRUE): the other side
            c.rival = c.rival or flag_side_missed(c.text, flag)
            # "how many remote workers" answered with =LEN(G2): one row, no count
            c.other_type = c.other_type or (how_many and not RANGE_REF.search(c.text))
        elif flag is not None and flag.text is not None:
            # a rule that tests no text of the column ("highlight contaminated samples" answered
            # with Duplicate(c[6]) or with a rule on another column)
            c.lost_text = c.lost_text or not re.search(rf"c\[{flag.col - first_col}\],\s*'", c.text)
        elif flag is not None:
            # ... nor, of a TRUE/FALSE column, either value ("highlight hazardous items" answered
            # with Duplicate(c[6]))
            # (a one-column range's rule names no column: TextEquals('False'))
            c.lost_text = c.lost_text or not re.search(
                rf"(?:c\[{flag.col - first_col}\],\s*|\()'?(?:TRUE|FALSE)\b", c.text, re.I)
        # "the sum of col C and column B for each row" answered with =SUMPRODUCT(C2:C21,B2:B21)
        c.lost_row = c.lost_row or ((each_row or row_value) and c.mode == "formula" and not reads_a_row(c.text))
        # "how many projects are still Open" answered with =IF(A2<="Open","Yes","No")
        c.other_type = c.other_type or (
            how_many and c.mode == "formula" and c.kind == "value" and isinstance(c.value, str))
        # "name of the weekday" answered with =WEEKDAY(A2)
        c.other_type = c.other_type or (named_day and c.mode == "formula" and c.kind == "value" and isinstance(
            c.value, (int, float)) and not isinstance(c.value, bool))
        # "weekday name of the check-in date" answered with =IF(WEEKDAY(D2,2)>5,"Weekend","Weekday"):
        # labels the request does not name
        c.other_type = c.other_type or (named_day and not named and c.mode == "formula" and c.text.startswith("=IF")
                                        and c.kind == "value" and isinstance(c.value, str))
        # "number of days rented" answered with =TODAY()-D2
        c.unasked_today = c.unasked_today or (c.mode == "formula" and not now and bool(READS_TODAY.search(c.text)))
        # "unit cost times 1.2" answered with =F2*F2: the column put where the number goes
        c.trivial = c.trivial or bool(numbers - {value_key(n) for n in got.numbers} and self_product(c.text, c.mode))
        c.other_digits = digits is not None and any(d != digits for d in round_digits(c.text, c.mode))
        c.lost_value = c.lost_value or any(one_of_two(values, a, b) for a, b, _ in pairs or [])
        # "below its reorder level? Yes or No" answered with =D31-E31: both labels or none asked
        c.lost_value = c.lost_value or any(not {a.lower(), b.lower()} <= values for a, b in label_pairs)
        # "Fees less than $400" answered with LessThan('Fees') counts as another threshold too
        c.other_threshold = bool(limits) and bool(got.thresholds or got.text_thresholds) and not (
            got.thresholds & limits)
        # "High if revenue above 3000 otherwise Low" answered with IF(H6,3000,"Low"): the
        # request's threshold returned instead of compared (no gold among 30,000 generated
        # training requests, the held-out files or the natural sets does it)
        c.other_threshold = c.other_threshold or bool(
            limits & got.results and not limits & (got.thresholds | got.equals))
        # "attendance below 75%" answered with BelowAverage(c[5]): the request's number dropped
        c.other_threshold = c.other_threshold or bool(
            limits and c.mode == "cf" and re.search(r"\b(?:Above|Below)Average\(", c.text)
            and not re.search(r"\b(?:average|mean)\b", low))
        # "Review when overtime is over 10 hours" answered with =IF(F4>E4,...): a comparison
        # with a cell where the request gives the number
        c.other_threshold = c.other_threshold or bool(
            limits and c.mode == "formula" and got.ops and not got.thresholds and not got.numbers & limits)
        c.spelled = bool(got.numbers & spelled - counted)
        # ... nor a rank at all: the count of the columns it names
        c.other_threshold = c.other_threshold or bool(counted and c.mode == "formula" and {
            float(k) for k in re.findall(r"\b(?:LARGE|SMALL)\([^,()]+,(\d+)\)", c.text)} & counted)
        # a text that holds a quoted one counts ("<>No" for "No"; a format or criterion around it)
        c.unquoted = bool(quoted) and bool(got.texts) and not any(
            q in t.lower() for t in got.texts for q in quoted)
        if c.mode == "cf":  # formulas say "not" in too many ways (<>, NOT, swapped results)
            c.lost_negation = negation and not re.search(
                r"\b(?:NOT|NotEquals|TextNotContains|NotBetween|NoBlanks|NoErrors)\(", c.text)
            # "trips that are not approved" answered with TextEquals(c[4], 'N'): the yes/no
            # column's "no" side says the negation
            c.lost_negation = c.lost_negation and not (flag is not None and flag_says_no(flag, c.text, first_col))
        if c.mode == "cf" and re.search(r"\b(?:Top|Bottom)\(", c.text):
            c.percent_mismatch = percent != bool(re.search(r"%\)", c.text))
            # "the top ten values" answered with Top(1): a count the request does not name
            ranked = {float(n) for n in re.findall(r"\b(?:Top|Bottom)\((?:c\[\d+\],\s*)?(\d+(?:\.\d+)?)", c.text)}
            c.other_threshold = c.other_threshold or bool(counts and ranked and not ranked & counts)
