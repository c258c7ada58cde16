"""Conditional-formatting requests over generated tables: "highlight rows where stock is
below 10" -> ``LessThan(c[3], 10)``, labelled afterwards by the rule interpreter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cfdesk.datagen.intents import MEASURE, G


@dataclass
class CfBuilt:
    rule: str
    slots: dict[str, str]


@dataclass
class CfIntent:
    name: str
    build: Callable[[G], CfBuilt | None]
    cores: list[str]
    held_out_core: int | None = None


WRAPPERS = [
    "{v}",
    "Please {v}",
    "Can you {v}?",
    "{v} in red",
    "I want to {v}",
    "{v} with a yellow fill",
    "conditional formatting to {v}",
    "How do I {v}?",
    "{v} pls",
    "Could you {v} for me?",
    "Set up a rule to {v}",
    "{v}, thanks",
]
HELD_OUT_WRAPPERS = {10, 11}


def _q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _ci(g: G, c) -> str:
    return f"c[{c.index}]"


def cmp_rule(name: str) -> Callable[[G], CfBuilt | None]:
    def build(g: G) -> CfBuilt | None:
        c = g.pick(*MEASURE)
        if c is None:
            return None
        x, xr = g.number(c)
        if not x:
            return None
        return CfBuilt(f"{name}({_ci(g, c)}, {x})", {"num": g.mention(c), "x": xr})

    return build


def between(g: G) -> CfBuilt | None:
    c = g.pick(*MEASURE)
    if c is None:
        return None
    x, xr = g.number(c)
    y, yr = g.number(c)
    if not x or not y or float(x) == float(y):
        return None
    if float(x) > float(y):
        x, xr, y, yr = y, yr, x, xr
    return CfBuilt(f"Between({_ci(g, c)}, {x}, {y})", {"num": g.mention(c), "x": xr, "y": yr})


def text_rule(name: str, part: bool = False) -> Callable[[G], CfBuilt | None]:
    def build(g: G) -> CfBuilt | None:
        c = g.pick("category", "text", "name")
        if c is None:
            return None
        cv = g.category_value(c)
        if cv is None:
            return None
        val, req = cv
        if part:
            words = val.split()
            val = g.rng.choice(words) if name != "TextStartsWith" else words[0][: max(2, len(words[0]) - 1)]
            req = f'"{val}"' if g.rng.random() < 0.6 else val
        rule = f"{name}({_ci(g, c)}, {_q(val)})"
        if name == "NOT":
            rule = f"NOT(TextContains({_ci(g, c)}, {_q(val)}))"
        return CfBuilt(rule, {"col": g.mention(c), "val": req})

    return build


def rank_rule(name: str, pct: bool) -> Callable[[G], CfBuilt | None]:
    def build(g: G) -> CfBuilt | None:
        c = g.pick(*MEASURE)
        if c is None or len(g.t.rows) < 6:
            return None
        n = g.rng.choice(["10", "5", "20", "25"]) if pct else g.rng.choice(["3", "5", "10", "2", "1"])
        return CfBuilt(
            f"{name}({_ci(g, c)}, {n}{'%' if pct else ''})", {"num": g.mention(c), "n": n + ("%" if pct else "")}
        )

    return build


def simple(name: str, kinds: tuple[str, ...]) -> Callable[[G], CfBuilt | None]:
    def build(g: G) -> CfBuilt | None:
        c = g.pick(*kinds)
        if c is None:
            return None
        return CfBuilt(f"{name}({_ci(g, c)})", {"col": g.mention(c), "num": g.mention(c), "date": g.mention(c)})

    return build


def blanks(g: G) -> CfBuilt | None:
    cols = [c for c in g.t.columns if any(v is None for v in g.t.values(c))]
    if not cols:
        return None
    c = g.rng.choice(cols)
    return CfBuilt(f"Blanks({_ci(g, c)})", {"col": g.mention(c)})


def and_rule(g: G) -> CfBuilt | None:
    n = g.pick(*MEASURE)
    c = g.pick("category")
    if n is None or c is None:
        return None
    x, xr = g.number(n)
    cv = g.category_value(c)
    if not x or cv is None:
        return None
    val, req = cv
    return CfBuilt(
        f"AND(GreaterThan({_ci(g, n)}, {x}), TextEquals({_ci(g, c)}, {_q(val)}))",
        {"num": g.mention(n), "x": xr, "cat": g.mention(c), "val": req},
    )


def or_rule(g: G) -> CfBuilt | None:
    c = g.pick("category")
    if c is None:
        return None
    vals = sorted({v for v in g.t.values(c) if isinstance(v, str)})
    if len(vals) < 2:
        return None
    a, b = g.rng.sample(vals, 2)
    return CfBuilt(
        f"OR(TextEquals({_ci(g, c)}, {_q(a)}), TextEquals({_ci(g, c)}, {_q(b)}))",
        {"col": g.mention(c), "val": a, "val2": b},
    )


CF_INTENTS = [
    CfIntent(
        "lt",
        cmp_rule("LessThan"),
        [
            "highlight rows where {num} is below {x}",
            "color the {num} under {x}",
            "flag {num} less than {x}",
            "mark every row with {num} lower than {x}",
        ],
        3,
    ),
    CfIntent(
        "gt",
        cmp_rule("GreaterThan"),
        [
            "highlight rows where {num} is above {x}",
            "color {num} greater than {x}",
            "flag {num} over {x}",
            "shade the rows whose {num} exceeds {x}",
        ],
        3,
    ),
    CfIntent(
        "ge",
        cmp_rule("GreaterThanEqual"),
        ["highlight {num} of {x} or more", "color rows where {num} is at least {x}"],
        1,
    ),
    CfIntent(
        "le", cmp_rule("LessThanEqual"), ["highlight {num} of {x} or less", "mark rows where {num} is at most {x}"], 1
    ),
    CfIntent(
        "eq", cmp_rule("Equals"), ["highlight rows where {num} equals {x}", "color {num} that are exactly {x}"], 1
    ),
    CfIntent(
        "between",
        between,
        [
            "highlight {num} between {x} and {y}",
            "color rows with {num} from {x} to {y}",
            "flag {num} in the range {x}-{y}",
        ],
        2,
    ),
    CfIntent(
        "text_eq",
        text_rule("TextEquals"),
        [
            "highlight rows where {col} is {val}",
            "color the {val} rows",
            "flag {col} equal to {val}",
            "mark every {val} in {col}",
        ],
        3,
    ),
    CfIntent(
        "contains",
        text_rule("TextContains", True),
        [
            "highlight {col} containing {val}",
            "color cells in {col} that include {val}",
            "flag rows whose {col} mentions {val}",
        ],
        2,
    ),
    CfIntent(
        "starts",
        text_rule("TextStartsWith", True),
        ["highlight {col} starting with {val}", "color {col} that begin with {val}"],
        1,
    ),
    CfIntent(
        "not_contains",
        text_rule("NOT", True),
        ["highlight {col} that don't contain {val}", "color rows where {col} does not include {val}"],
        1,
    ),
    CfIntent(
        "top",
        rank_rule("Top", False),
        ["highlight the top {n} {num}", "color the {n} highest {num}", "flag the best {n} rows by {num}"],
        2,
    ),
    CfIntent("bottom", rank_rule("Bottom", False), ["highlight the bottom {n} {num}", "color the {n} lowest {num}"], 1),
    CfIntent(
        "top_pct", rank_rule("Top", True), ["highlight the top {n} of {num}", "color the highest {n} of {num}"], 1
    ),
    CfIntent(
        "bottom_pct",
        rank_rule("Bottom", True),
        ["highlight the bottom {n} of {num}", "color the lowest {n} by {num}"],
        1,
    ),
    CfIntent(
        "above_avg",
        simple("AboveAverage", MEASURE),
        ["highlight {num} above average", "color rows with above-average {num}", "flag {num} higher than the average"],
        2,
    ),
    CfIntent(
        "below_avg", simple("BelowAverage", MEASURE), ["highlight {num} below average", "color below-average {num}"], 1
    ),
    CfIntent(
        "dup",
        simple("Duplicate", ("id", "name", "category", "text")),
        ["highlight duplicate {col}", "color repeated values in {col}", "flag {col} that appear twice"],
        2,
    ),
    CfIntent(
        "unique",
        simple("Unique", ("id", "name", "category", "text")),
        ["highlight unique {col}", "color {col} values that appear only once"],
        1,
    ),
    CfIntent(
        "blanks", blanks, ["highlight empty {col}", "color rows with a missing {col}", "flag blank {col} cells"], 2
    ),
    CfIntent(
        "last_month",
        simple("LastMonth", ("date",)),
        ["highlight {date} in last month", "color rows where {date} was last month"],
        1,
    ),
    CfIntent(
        "this_month",
        simple("ThisMonth", ("date",)),
        ["highlight {date} in this month", "color {date} from the current month"],
        1,
    ),
    CfIntent(
        "last7",
        simple("Last7Days", ("date",)),
        ["highlight {date} in the last 7 days", "color rows with {date} in the past week"],
        1,
    ),
    CfIntent(
        "and",
        and_rule,
        ["highlight rows where {num} is over {x} and {cat} is {val}", "color {val} rows with {num} above {x}"],
        1,
    ),
    CfIntent("or", or_rule, ["highlight rows where {col} is {val} or {val2}", "color {val} and {val2} rows"], 1),
    CfIntent(
        "scale",
        simple("ColorScale", MEASURE),
        ["add a color scale to {num}", "apply a heat map on {num}", "shade {num} from low to high"],
        2,
    ),
    CfIntent("bar", simple("DataBar", MEASURE), ["add data bars to {num}", "show {num} as in-cell bars"], 1),
    CfIntent("icons", simple("IconSet", MEASURE), ["add an icon set to {num}", "put traffic-light icons on {num}"], 1),
]
