"""Plain-English explanations of formulas, built from the syntax tree.

Each function has a phrase template over its explained arguments; anything without one
falls back to "NAME of a, b". The top-level sentence starts with a verb ("Adds ...",
"Returns ...") so the candidates list reads like instructions a person would give.
"""

from __future__ import annotations

from collections.abc import Callable

from cfdesk.formula import parser as P

_CMP_WORDS = {"=": "equals", "<>": "is not", "<": "is less than", ">": "is greater than",
              "<=": "is at most", ">=": "is at least"}
_ARITH_WORDS = {"+": "plus", "-": "minus", "*": "times", "/": "divided by", "^": "to the power of",
                "&": "followed by"}


def _criteria(node: P.Node) -> str:
    """A SUMIF-style criterion: ">100" -> 'is greater than 100'."""
    if isinstance(node, P.String):
        s = node.value
        for op in ("<>", "<=", ">=", "<", ">", "="):
            if s.startswith(op):
                rest = s[len(op):]
                return f"{_CMP_WORDS[op]} {rest if _is_num(rest) else repr_text(rest)}"
        if "*" in s or "?" in s:
            return f"matches the pattern {repr_text(s)}"
        return f"equals {repr_text(s)}"
    if isinstance(node, P.Binary) and node.op == "&" and isinstance(node.left, P.String):
        s = node.left.value
        for op in ("<>", "<=", ">=", "<", ">", "="):
            if s == op:
                return f"{_CMP_WORDS[op]} {phrase(node.right)}"
    return f"equals {phrase(node)}"


def _is_num(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


def repr_text(s: str) -> str:
    return '"' + s + '"'


def _pairs(args: list[P.Node], start: int) -> list[tuple[P.Node, P.Node]]:
    return [(args[i], args[i + 1]) for i in range(start, len(args) - 1, 2)]


def _ifs_conditions(args: list[P.Node], start: int) -> str:
    conds = [f"{phrase(rng)} {_criteria(crit)}" for rng, crit in _pairs(args, start)]
    return " and ".join(conds)


def _arg(args: list[P.Node], i: int, default: str = "") -> str:
    if i < len(args) and not isinstance(args[i], P.Missing):
        return phrase(args[i])
    return default


def _found(n: P.Node, text: P.Node, op: str) -> str | None:
    """The separator when ``n`` is FIND/SEARCH(sep, text) with 1 subtracted (op "-") or added
    (op "+"): LEFT(B3,FIND(" ",B3)-1) reads "the part of B3 before the first space"."""
    n = P.unparen(n)
    if not (isinstance(n, P.Binary) and n.op == op and isinstance(P.unparen(n.right), P.Number)
            and P.unparen(n.right).value == 1):
        return None
    f = P.unparen(n.left)
    if not (isinstance(f, P.Func) and f.name in ("FIND", "SEARCH") and len(f.args) == 2
            and P.to_text(P.unparen(f.args[1])) == P.to_text(P.unparen(text))):
        return None
    sep = P.unparen(f.args[0])
    return "space" if isinstance(sep, P.String) and sep.value == " " else phrase(sep)


def _chars(a: list[P.Node], i: int, which: str) -> str:
    """"the first 4 characters of A2"; where the count is a calculation, "the first characters
    of A2, as many as ..." (one character where the count is left out)."""
    x = _arg(a, 0)
    if i < len(a) and isinstance(P.unparen(a[i]), (P.Binary, P.Func)):
        return f"the {which} characters of {x}, as many as {phrase(a[i])}"
    n = _arg(a, i, "1")
    return f"the {which} character of {x}" if n == "1" else f"the {which} {n} characters of {x}"


def _left(a: list[P.Node]) -> str:
    sep = _found(a[1], a[0], "-") if len(a) > 1 else None
    return f"the part of {_arg(a, 0)} before the first {sep}" if sep else _chars(a, 1, "first")


def _mid(a: list[P.Node]) -> str:
    sep = _found(a[1], a[0], "+") if len(a) > 1 else None
    if sep:
        return f"the part of {_arg(a, 0)} after the first {sep} (at most {_arg(a, 2)} characters)"
    if len(a) > 2 and isinstance(P.unparen(a[2]), (P.Binary, P.Func)):
        return f"characters of {_arg(a, 0)} from position {_arg(a, 1)}, as many as {phrase(a[2])}"
    return f"{_arg(a, 2)} characters of {_arg(a, 0)} starting at position {_arg(a, 1)}"


def _list(args: list[P.Node]) -> str:
    parts = [phrase(a) for a in args]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _match_mode(args: list[P.Node], i: int, exact_default: bool) -> str:
    if i < len(args):
        a = args[i]
        if isinstance(a, (P.Bool, P.Number)):
            exact = (isinstance(a, P.Bool) and not a.value) or (isinstance(a, P.Number)
                                                                  and a.value == 0)
            return " (exact match)" if exact else " (approximate match)"
    return " (exact match)" if exact_default else " (approximate match)"


T = Callable[[list[P.Node]], str]

TEMPLATES: dict[str, T] = {
    "SUM": lambda a: f"the sum of {_list(a)}",
    "SUMIF": lambda a: (f"the sum of {_arg(a, 2) or _arg(a, 0)} where {_arg(a, 0)} "
                        f"{_criteria(a[1])}" if len(a) >= 2 else "SUMIF"),
    "SUMIFS": lambda a: f"the sum of {_arg(a, 0)} where {_ifs_conditions(a, 1)}",
    "COUNT": lambda a: f"the count of numbers in {_list(a)}",
    "COUNTA": lambda a: f"the count of non-empty cells in {_list(a)}",
    "COUNTBLANK": lambda a: f"the count of empty cells in {_list(a)}",
    "COUNTIF": lambda a: (f"the number of cells in {_arg(a, 0)} that {_criteria(a[1])}"
                          if len(a) >= 2 else "COUNTIF"),
    "COUNTIFS": lambda a: f"the number of rows where {_ifs_conditions(a, 0)}",
    "AVERAGE": lambda a: f"the average of {_list(a)}",
    "AVERAGEIF": lambda a: (f"the average of {_arg(a, 2) or _arg(a, 0)} where {_arg(a, 0)} "
                            f"{_criteria(a[1])}" if len(a) >= 2 else "AVERAGEIF"),
    "AVERAGEIFS": lambda a: f"the average of {_arg(a, 0)} where {_ifs_conditions(a, 1)}",
    "MAX": lambda a: f"the largest value in {_list(a)}",
    "MIN": lambda a: f"the smallest value in {_list(a)}",
    "MAXIFS": lambda a: f"the largest value of {_arg(a, 0)} where {_ifs_conditions(a, 1)}",
    "MINIFS": lambda a: f"the smallest value of {_arg(a, 0)} where {_ifs_conditions(a, 1)}",
    "MEDIAN": lambda a: f"the median of {_list(a)}",
    "STDEV": lambda a: f"the sample standard deviation of {_list(a)}",
    "STDEV.S": lambda a: f"the sample standard deviation of {_list(a)}",
    "PRODUCT": lambda a: f"the product of {_list(a)}",
    "SUMPRODUCT": lambda a: f"the sum of the products of {_list(a)}",
    "IF": lambda a: (f"if {_arg(a, 0)}, then {_arg(a, 1, 'TRUE')}"
                     + (f", otherwise {_arg(a, 2, '0')}" if len(a) > 2 else ", otherwise FALSE")),
    "IFS": lambda a: "; ".join(f"if {phrase(c)} then {phrase(v)}" for c, v in _pairs(a, 0)),
    "IFERROR": lambda a: f"{_arg(a, 0)}, or {_arg(a, 1, 'an empty value')} if that is an error",
    "IFNA": lambda a: f"{_arg(a, 0)}, or {_arg(a, 1)} if that is #N/A",
    "AND": lambda a: " and ".join(phrase(x) for x in a),
    "OR": lambda a: " or ".join(phrase(x) for x in a),
    "NOT": lambda a: f"not ({_arg(a, 0)})",
    "VLOOKUP": lambda a: (f"the value in column {_arg(a, 2)} of {_arg(a, 1)} on the row where its "
                          f"first column matches {_arg(a, 0)}{_match_mode(a, 3, False)}"),
    "HLOOKUP": lambda a: (f"the value in row {_arg(a, 2)} of {_arg(a, 1)} in the column where its "
                          f"first row matches {_arg(a, 0)}{_match_mode(a, 3, False)}"),
    "XLOOKUP": lambda a: (f"the value from {_arg(a, 2)} where {_arg(a, 1)} matches {_arg(a, 0)}"
                          + (f", or {_arg(a, 3)} if there is no match" if len(a) > 3
                             and not isinstance(a[3], P.Missing) else "")),
    "INDEX": lambda a: (f"the value at row {_arg(a, 1)}" + (f", column {_arg(a, 2)}" if len(a) > 2
                                                             else "") + f" of {_arg(a, 0)}"),
    "MATCH": lambda a: f"the position of {_arg(a, 0)} in {_arg(a, 1)}{_match_mode(a, 2, False)}",
    "XMATCH": lambda a: f"the position of {_arg(a, 0)} in {_arg(a, 1)}",
    "LEFT": _left,
    "RIGHT": lambda a: _chars(a, 1, "last"),
    "MID": _mid,
    "LEN": lambda a: f"the number of characters in {_arg(a, 0)}",
    "FIND": lambda a: f"the position of {_arg(a, 0)} in {_arg(a, 1)} (case-sensitive)",
    "SEARCH": lambda a: f"the position of {_arg(a, 0)} in {_arg(a, 1)} (ignoring case)",
    "SUBSTITUTE": lambda a: f"{_arg(a, 0)} with {_arg(a, 1)} replaced by {_arg(a, 2)}",
    "REPLACE": lambda a: (f"{_arg(a, 0)} with {_arg(a, 2)} characters from position {_arg(a, 1)} "
                          f"replaced by {_arg(a, 3)}"),
    "TRIM": lambda a: f"{_arg(a, 0)} with extra spaces removed",
    "UPPER": lambda a: f"{_arg(a, 0)} in upper case",
    "LOWER": lambda a: f"{_arg(a, 0)} in lower case",
    "PROPER": lambda a: f"{_arg(a, 0)} with each word capitalised",
    "CONCAT": lambda a: f"{_list(a)} joined together",
    "CONCATENATE": lambda a: f"{_list(a)} joined together",
    "TEXTJOIN": lambda a: f"{_list(a[2:])} joined with {_arg(a, 0)} between them",
    "TEXT": lambda a: f"{_arg(a, 0)} formatted as {_arg(a, 1)}",
    "VALUE": lambda a: f"the number in the text {_arg(a, 0)}",
    "ROUND": lambda a: f"{_arg(a, 0)} rounded to {_arg(a, 1, '0')} decimal places",
    "ROUNDUP": lambda a: f"{_arg(a, 0)} rounded up to {_arg(a, 1, '0')} decimal places",
    "ROUNDDOWN": lambda a: f"{_arg(a, 0)} rounded down to {_arg(a, 1, '0')} decimal places",
    "INT": lambda a: f"{_arg(a, 0)} rounded down to a whole number",
    "ABS": lambda a: f"the absolute value of {_arg(a, 0)}",
    "MOD": lambda a: f"the remainder of {_arg(a, 0)} divided by {_arg(a, 1)}",
    "TODAY": lambda a: "today's date",
    "NOW": lambda a: "the current date and time",
    "YEAR": lambda a: f"the year of {_arg(a, 0)}",
    "MONTH": lambda a: f"the month of {_arg(a, 0)}",
    "DAY": lambda a: f"the day of the month of {_arg(a, 0)}",
    "DATE": lambda a: f"the date {_arg(a, 0)}-{_arg(a, 1)}-{_arg(a, 2)}",
    "EOMONTH": lambda a: f"the last day of the month {_arg(a, 1)} months from {_arg(a, 0)}",
    "EDATE": lambda a: f"the date {_arg(a, 1)} months from {_arg(a, 0)}",
    "DATEDIF": lambda a: (f"the number of {_unit(a)} between {_arg(a, 0)} and {_arg(a, 1)}"),
    "NETWORKDAYS": lambda a: f"the number of working days between {_arg(a, 0)} and {_arg(a, 1)}",
    "WEEKDAY": lambda a: f"the day of the week of {_arg(a, 0)}",
    "RANK": lambda a: f"the rank of {_arg(a, 0)} within {_arg(a, 1)}",
    "RANK.EQ": lambda a: f"the rank of {_arg(a, 0)} within {_arg(a, 1)}",
    "LARGE": lambda a: f"the {_ordinal(a, 1)} largest value in {_arg(a, 0)}",
    "SMALL": lambda a: f"the {_ordinal(a, 1)} smallest value in {_arg(a, 0)}",
    "ISBLANK": lambda a: f"{_arg(a, 0)} is empty",
    "ISNUMBER": lambda a: f"{_arg(a, 0)} is a number",
    "ISTEXT": lambda a: f"{_arg(a, 0)} is text",
    "ISERROR": lambda a: f"{_arg(a, 0)} is an error",
    "ISNA": lambda a: f"{_arg(a, 0)} is #N/A",
    "UNIQUE": lambda a: f"the distinct values of {_arg(a, 0)}",
    "SORT": lambda a: f"{_arg(a, 0)} sorted",
    "FILTER": lambda a: f"the rows of {_arg(a, 0)} where {_arg(a, 1)}",
    "CHOOSE": lambda a: f"choice number {_arg(a, 0)} of {_list(a[1:])}",
    "SWITCH": lambda a: f"{_arg(a, 0)} mapped to a result by cases",
    "ROWS": lambda a: f"the number of rows in {_arg(a, 0)}",
    "COLUMNS": lambda a: f"the number of columns in {_arg(a, 0)}",
    "ROW": lambda a: f"the row number of {_arg(a, 0, 'this cell')}",
    "SQRT": lambda a: f"the square root of {_arg(a, 0)}",
    "POWER": lambda a: f"{_arg(a, 0)} to the power of {_arg(a, 1)}",
    "EXACT": lambda a: f"{_arg(a, 0)} is exactly {_arg(a, 1)}",
    "REPT": lambda a: f"{_arg(a, 0)} repeated {_arg(a, 1)} times",
}


def _unit(a: list[P.Node]) -> str:
    if len(a) > 2 and isinstance(a[2], P.String):
        return {"D": "days", "M": "whole months", "Y": "whole years", "MD": "days (ignoring months)",
                "YM": "months (ignoring years)", "YD": "days (ignoring years)"}.get(
            a[2].value.upper(), a[2].value)
    return "units"


def _ordinal(a: list[P.Node], i: int) -> str:
    if i < len(a) and isinstance(a[i], P.Number) and a[i].value.is_integer():
        n = int(a[i].value)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}" if n != 1 else "1st"
    return f"k-th (k = {_arg(a, i)})"


def phrase(node: P.Node) -> str:
    if isinstance(node, P.Number):
        return node.text
    if isinstance(node, P.String):
        return repr_text(node.value)
    if isinstance(node, P.Bool):
        return "TRUE" if node.value else "FALSE"
    if isinstance(node, P.Error):
        return node.code
    if isinstance(node, P.Ref):
        return P.to_text(node)
    if isinstance(node, P.Name):
        return node.text
    if isinstance(node, P.Missing):
        return "(nothing)"
    if isinstance(node, P.Paren):
        if isinstance(node.inner, P.Binary) and node.inner.op in _ARITH_WORDS:
            return f"({phrase(node.inner)})"
        return phrase(node.inner)
    if isinstance(node, P.Percent):
        return f"{phrase(node.operand)}%"
    if isinstance(node, P.Unary):
        if isinstance(node.operand, P.Unary) and node.op == node.operand.op == "-":
            return f"{phrase(node.operand.operand)} as a number"
        return f"minus {phrase(node.operand)}" if node.op == "-" else phrase(node.operand)
    if isinstance(node, P.Binary):
        if node.op in _CMP_WORDS:
            return f"{phrase(node.left)} {_CMP_WORDS[node.op]} {phrase(node.right)}"
        if node.op in _ARITH_WORDS:
            return f"{phrase(node.left)} {_ARITH_WORDS[node.op]} {phrase(node.right)}"
        return f"{phrase(node.left)}{node.op}{phrase(node.right)}"
    if isinstance(node, P.Array):
        return "{" + ", ".join(phrase(c) for c in node.children()) + "}"
    if isinstance(node, P.Func):
        t = TEMPLATES.get(node.name)
        if t is not None:
            try:
                return t(node.args)
            except (IndexError, AttributeError):
                pass
        return f"{node.name} of {_list(node.args)}" if node.args else f"{node.name}()"
    return P.to_text(node)




def explain(formula: str) -> str:
    """One sentence saying what the formula computes."""
    tree = P.parse(formula)
    inner = tree.inner if isinstance(tree, P.Paren) else tree
    if isinstance(inner, P.Func) and inner.name in ("SUM", "SUMIF", "SUMIFS"):
        text = phrase(inner)
        text = text.replace("the sum of ", "", 1)
        return f"Adds up {text}."
    if isinstance(inner, P.Func) and inner.name in ("IF", "IFS"):
        text = phrase(inner)
        return text[0].upper() + text[1:] + "."
    if isinstance(inner, P.Binary) and inner.op in _CMP_WORDS:
        return f"TRUE when {phrase(inner)}, otherwise FALSE."
    if isinstance(inner, P.Func) and inner.name in ("AND", "OR", "NOT", "ISBLANK", "ISNUMBER",
                                                     "ISTEXT", "ISERROR", "ISNA", "EXACT"):
        return f"TRUE when {phrase(inner)}, otherwise FALSE."
    return f"Returns {phrase(inner)}."
