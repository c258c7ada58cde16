"""Plain-English explanations of conditional-formatting rules."""

from __future__ import annotations

from cfdesk.cf import rules as R

_CMP = {"GreaterThan": "greater than", "LessThan": "less than",
        "GreaterThanEqual": "greater than or equal to", "LessThanEqual": "less than or equal to",
        "Equals": "equal to", "NotEquals": "not equal to"}
_PERIOD = {"Yesterday": "yesterday", "Today": "today", "Tomorrow": "tomorrow",
           "Last7Days": "in the last 7 days", "LastWeek": "last week", "ThisWeek": "this week",
           "NextWeek": "next week", "LastMonth": "last month", "ThisMonth": "this month",
           "NextMonth": "next month"}


def _v(a) -> str:
    if isinstance(a, R.Cell):
        return f"the value in {a.address}"
    return a.text if isinstance(a, R.Num) else f'"{a.value}"'


def condition(rule: R.AnyRule) -> str:
    """What a cell must satisfy, as a phrase ("are greater than 100")."""
    if isinstance(rule, R.FormulaRule):
        return f"make the formula {rule.formula} true (written for the range's first cell)"
    n = rule.name
    a = rule.args
    if n in _CMP:
        return f"are {_CMP[n]} {_v(a[0])}"
    if n == "Between":
        return f"are between {a[0].text} and {a[1].text} (inclusive)"
    if n == "NotBetween":
        return f"are not between {a[0].text} and {a[1].text}"
    if n == "TextEquals":
        return f"are exactly {_v(a[0])} (ignoring case)"
    if n == "TextContains":
        return f"contain {_v(a[0])}"
    if n == "TextNotContains":
        return f"do not contain {_v(a[0])}"
    if n == "TextStartsWith":
        return f"start with {_v(a[0])}"
    if n == "TextEndsWith":
        return f"end with {_v(a[0])}"
    if n in ("Top", "Bottom"):
        k = a[0].text
        which = "largest" if n == "Top" else "smallest"
        return f"are among the {which} {k}%" if rule.percent else (
            f"are the {which} value" if k == "1" else f"are among the {k} {which} values")
    if n == "AboveAverage":
        return "are above the column's average"
    if n == "BelowAverage":
        return "are below the column's average"
    if n == "Duplicate":
        return "appear more than once"
    if n == "Unique":
        return "appear only once"
    if n == "Blanks":
        return "are empty"
    if n == "NoBlanks":
        return "are not empty"
    if n == "Errors":
        return "contain an error"
    if n == "NoErrors":
        return "do not contain an error"
    if n in _PERIOD:
        return f"hold a date {_PERIOD[n]}"
    if n == "AND":
        return " and ".join(condition(s) for s in a)
    if n == "OR":
        return " or ".join(condition(s) for s in a)
    if n == "NOT":
        sub = a[0]
        if isinstance(sub, R.Rule):
            negated = {"TextContains": "TextNotContains", "Blanks": "NoBlanks", "Errors": "NoErrors",
                       "Duplicate": "Unique", "Between": "NotBetween", "Equals": "NotEquals"}
            if sub.name in negated:
                return condition(R.Rule(negated[sub.name], sub.column, sub.args, sub.percent))
            if sub.name == "TextEquals":
                return f"are not {_v(sub.args[0])}"
        return f"do not satisfy this: they {condition(sub)}"
    return n


def explain_rule(rule: R.AnyRule | str, headers: list[str] | None = None) -> str:
    """One sentence; ``headers`` (the range's column headers) lets it name c[i] by header."""
    if isinstance(rule, str):
        rule = R.parse_rule(rule)
    where = ""
    if isinstance(rule, R.Rule) and rule.column is not None:
        if headers and rule.column < len(headers) and headers[rule.column]:
            where = f" in the {headers[rule.column]} column"
        else:
            where = f" in column {rule.column + 1} of the range"
    if isinstance(rule, R.Rule) and rule.name in R.VISUAL:
        place = where.replace(" in ", "of ", 1) if where else "of the range"
        kind = {"ColorScale": f"Shades each cell {place} on a colour scale, red for the lowest "
                              "values through yellow to green for the highest",
                "DataBar": f"Draws a bar in each cell {place}, longer for larger values",
                "IconSet": f"Shows a traffic-light icon in each cell {place}: red, yellow or "
                           "green by the third its value falls in"}[rule.name]
        return kind + "."
    return f"Highlights cells{where} that {condition(rule)}."
