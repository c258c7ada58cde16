"""Type clashes in a formula, judged against the types of the sheet's columns.

Excel evaluates ``=IF(D2<"Reorder",10,"OK")`` without complaint (a number is always less than
a text), and ``=SUMIF(H4:H253,"East",B4:B253)`` gives 0: both are valid formulas that no one
asks for. The models write such slips when the request's literals come in an order their
training rarely showed ("if In Stock is below 10 say Reorder else OK"), so the suggestion
ranking marks them. A clash needs certainty on both sides: a column whose type is mixed,
empty or unknown never clashes, and a text that reads as a number, a date or a criterion
(``">10"``) is not taken for a label.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cfdesk.errors import FormulaSyntaxError
from cfdesk.formula.parser import Binary, Bool, Func, Node, Number, Percent, Ref, String, parse, unparen, walk

NUMERIC = {"integer", "number", "currency", "percent"}
_COMPARE = {"<", ">", "<=", ">=", "=", "<>"}
_ARITH = {"+", "-", "*", "/", "^"}
_CRITERION = re.compile(r"^\s*(?:[<>=]|<>)")
_NUMBERISH = re.compile(r"^\s*[-+]?[$€£]?\d[\d,]*(?:\.\d+)?%?\s*$")
_ORDER_NUMBER = re.compile(r"^\s*(?:<=|>=|<|>)\s*[-+]?[$€£]?\d[\d,]*(?:\.\d+)?%?\s*$")
_DATEISH = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
# (criteria range, criterion) argument positions; the range summed or averaged
_IF_PAIRS = {"COUNTIF": [(0, 1)], "SUMIF": [(0, 1)], "AVERAGEIF": [(0, 1)],
             "COUNTIFS": [(i, i + 1) for i in range(0, 254, 2)],
             "SUMIFS": [(i, i + 1) for i in range(1, 254, 2)],
             "AVERAGEIFS": [(i, i + 1) for i in range(1, 254, 2)],
             "MAXIFS": [(i, i + 1) for i in range(1, 254, 2)],
             "MINIFS": [(i, i + 1) for i in range(1, 254, 2)]}
_SUMMED = {"SUMIF": 2, "AVERAGEIF": 2, "SUMIFS": 0, "AVERAGEIFS": 0, "MAXIFS": 0, "MINIFS": 0}
_NUMBER_ARGS = {"SUM", "AVERAGE", "MAX", "MIN", "MEDIAN", "STDEV", "PRODUCT", "ROUND", "ROUNDUP",
                "ROUNDDOWN", "INT", "ABS", "SQRT"}
# functions whose result from dates means nothing (MAX, MIN and MEDIAN of dates are dates)
_ADDS_DATES = {"SUM", "SUMIF", "SUMIFS", "AVERAGE", "AVERAGEIF", "AVERAGEIFS", "PRODUCT", "SUMPRODUCT"}
_DATE_ARGS = {"YEAR", "MONTH", "DAY", "WEEKDAY", "WEEKNUM", "EOMONTH", "EDATE"}
# aggregates whose every argument is a number to take in (ROUND's second is a digit count)
_ALL_NUMBER_ARGS = {"SUM", "AVERAGE", "MAX", "MIN", "MEDIAN", "STDEV", "PRODUCT"}
# a TEXT format that writes a date: years, month or day names, day numbers, d/m order
_DATE_FORMAT = re.compile(r"y|mmm|dd|[dm][/.-][dm]", re.IGNORECASE)


def criteria_pairs(f: Func) -> list[tuple[int, int]]:
    """The (criteria range, criterion) argument positions a call of COUNTIF or its kin has
    (COUNTIFS: (0, 1), (2, 3) ...; SUMIFS: (1, 2) ...); [] for any other function."""
    return [(i, j) for i, j in _IF_PAIRS.get(f.name, []) if j < len(f.args)]


def _kind(n: Node, column_type: Callable[[str], str | None]) -> str | None:
    """"number", "text", "date", "boolean", or None where unknown."""
    n = unparen(n)
    if isinstance(n, (Number, Percent)):
        return "number"
    if isinstance(n, Bool):
        return "boolean"
    if isinstance(n, String):
        v = n.value
        if _ORDER_NUMBER.match(v):
            return "number"  # "<25": an order of numbers, which a column of names never meets
        if not v.strip() or _NUMBERISH.match(v) or _DATEISH.search(v) or _CRITERION.match(v):
            return None
        return "text"
    if isinstance(n, Ref):
        t = column_type(n.text)
        if t in NUMERIC:
            return "number"
        return t if t in ("text", "date", "boolean") else None
    return None


def _clash(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return False
    # dates are numbers to Excel: comparing a date column with a number is legitimate
    return {a, b} != {"date", "number"}


def type_clash(formula: str, column_type: Callable[[str], str | None]) -> str:
    """The first clash found, in words, or "" when there is none. ``column_type(ref)`` gives
    the type of the column a reference or single-column range reads (the sheet context's
    integer/number/currency/percent/date/text/boolean), None where unknown."""
    try:
        tree = parse(formula)
    except (FormulaSyntaxError, ValueError, IndexError):
        return ""
    for n in walk(tree):
        if isinstance(n, Binary) and n.op in _COMPARE:
            a, b = _kind(n.left, column_type), _kind(n.right, column_type)
            if _clash(a, b):
                return f"compares a {a} with a {b}"
        elif isinstance(n, Binary) and n.op in _ARITH:
            kinds = (_kind(n.left, column_type), _kind(n.right, column_type))
            if "text" in kinds:
                return f"{n.op} on a text"
            # a date plus or minus days, or minus a date, is a date or a span; a date times,
            # over or to the power of anything is a serial number's arithmetic, no answer
            # anyone asks for ("age at the visit" drew =D2*(1+C2))
            if n.op in ("*", "/", "^") and "date" in kinds:
                return f"{n.op} on a date"
        elif isinstance(n, Func):
            args = n.args
            for i, j in criteria_pairs(n):
                rng, crit = _kind(args[i], column_type), _kind(args[j], column_type)
                if isinstance(unparen(args[j]), (String, Number, Percent, Bool)) and _clash(rng, crit):
                    return f"{n.name} looks for a {crit} in a {rng} column"
            k = _SUMMED.get(n.name)
            if k is not None and k < len(args) and _kind(args[k], column_type) in ("text", "boolean"):
                return f"{n.name} adds up a {_kind(args[k], column_type)} column"
            # dates are numbers to Excel, but a sum or an average of them is no answer anyone
            # asks for ("average units per order" drew AVERAGEIF(...,A4:A253), the Order Date)
            summed = ([args[k]] if n.name in _ADDS_DATES and k is not None and k < len(args)
                      else args if n.name in _ADDS_DATES else [])
            if any(_kind(a, column_type) == "date" for a in summed):
                return f"{n.name} of a date column"
            # Excel's SUM and COUNT skip TRUE/FALSE in a range, SUMPRODUCT takes them as 0:
            # all give 0 ("how many remote")
            if n.name in ("SUM", "COUNT", "SUMPRODUCT") and any(isinstance(unparen(a), Ref) and ":" in unparen(a).text
                                                  and _kind(a, column_type) == "boolean" for a in args):
                return f"{n.name} of a TRUE/FALSE column (always 0)"
            checked = args if n.name in _ALL_NUMBER_ARGS else args[:1]
            if n.name in _NUMBER_ARGS and any(_kind(a, column_type) == "text" for a in checked):
                return f"{n.name} of a text column"
            if (n.name == "TEXT" and len(args) == 2 and isinstance(unparen(args[1]), String)
                    and _DATE_FORMAT.search(unparen(args[1]).value)
                    and _kind(args[0], column_type) in ("number", "text")):
                # (a text column: TEXT gives it back unchanged, "CLM-4400" for "the month filed")
                return f"writes a {_kind(args[0], column_type)} column as a date"
            if n.name in _DATE_ARGS and args and _kind(args[0], column_type) in ("text", "number"):
                return f"{n.name} of a column that holds no dates"
    return ""
