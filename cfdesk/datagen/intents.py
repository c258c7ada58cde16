"""Formula intents: what a user asks for, how the gold formula is built, how it is phrased.

Each intent builds one gold formula from a table (or declines when the table lacks the
columns it needs) and fills slots that its phrasings use. A *template* is one intent's core
phrasing wrapped in one register (imperative, question, terse, verbose); the held-out
template split keeps whole core phrasings and whole registers out of training.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from cfdesk.datagen.domains import Column, Table

# ---------------------------------------------------------------- registers

VP_WRAPPERS = [
    "{vp}",
    "Please {vp}",
    "Can you {vp}?",
    "I need a formula to {vp}",
    "How do I {vp}?",
    "Write a formula that will {vp}",
    "{vp} pls",
    "excel formula to {vp}",
    "Could you {vp} here?",
    "I want to {vp}",
    "help me {vp}",
    "Hi, I'm trying to {vp} - what formula should I use?",
]
NP_WRAPPERS = [
    "{np}",
    "What is {np}?",
    "Give me {np}",
    "Calculate {np}",
    "{np} please",
    "formula for {np}",
    "Show {np}",
    "I'd like {np} in this cell",
    "Return {np}",
    "find {np}",
    "Compute {np}",
    "Can I get {np}?",
]
HELD_OUT_WRAPPERS = {10, 11}  # never seen in training: the template split tests them


@dataclass
class Built:
    formula: str
    slots: dict[str, str]
    target: str  # "row" (row-wise, fill-down) or "agg" (one value)
    funcs_note: str = ""


@dataclass
class Intent:
    name: str
    build: Callable[[G], Built | None]
    cores: list[str]  # "vp: ..." or "np: ..."
    held_out_core: int | None = None  # index of the core phrasing kept for the test split


@dataclass
class G:
    """Generation helpers for one table."""

    t: Table
    rng: random.Random
    mentions: dict[str, str] = field(default_factory=dict)

    # -- references
    def cell(self, c: Column) -> str:
        return f"{c.letter}{self.t.first_row}"

    def rng_(self, c: Column) -> str:
        return f"{c.letter}{self.t.first_row}:{c.letter}{self.t.last_row}"

    def arng(self, c: Column) -> str:
        return f"${c.letter}${self.t.first_row}:${c.letter}${self.t.last_row}"

    # -- column choice
    def pick(self, *kinds: str, exclude: tuple[Column, ...] = ()) -> Column | None:
        cols = [c for c in self.t.by_kind(*kinds) if c not in exclude]
        return self.rng.choice(cols) if cols else None

    def mention(self, c: Column) -> str:
        """How the request names a column: header, synonym or letter."""
        r = self.rng.random()
        h = c.header
        if r < 0.42:
            return h
        if r < 0.58:
            return h.lower().replace("_", " ")
        if r < 0.78 and c.concept.synonyms:
            return self.rng.choice(c.concept.synonyms)
        if r < 0.86:
            return f"column {c.letter}"
        if r < 0.92:
            return f"col {c.letter}"
        if r < 0.96:
            return f"the {c.letter} column"
        return f"{h} (column {c.letter})"

    # -- values
    def number(self, c: Column, nice: bool = True) -> tuple[str, str]:
        """(formula text, request text) of a threshold inside the column's values."""
        vals = sorted(v for v in self.t.values(c) if isinstance(v, (int, float)) and not isinstance(v, bool))
        if not vals:
            return "", ""
        v = vals[int(len(vals) * self.rng.uniform(0.25, 0.75))]
        if c.concept.kind == "pct":
            p = max(1, round(v * 100))
            return f"{p}%", f"{p}%"
        mag = 10 ** max(0, len(str(int(abs(v)))) - 2)
        n = int(round(v / mag) * mag) if nice else v
        if isinstance(n, float):
            n = round(n, 2)
        text = str(n)
        r = self.rng.random()
        req = text
        if isinstance(n, int) and n >= 1000 and r < 0.45:
            req = f"{n:,}"
        if c.concept.kind == "money" and r > 0.7:
            req = "$" + (f"{n:,}" if isinstance(n, int) else text)
        if isinstance(n, int) and n >= 1000 and n % 1000 == 0 and r > 0.92:
            req = f"{n // 1000}k"
        return text, req

    def category_value(self, c: Column) -> tuple[str, str] | None:
        vals = [v for v in self.t.values(c) if isinstance(v, str) and v.strip()]
        if not vals:
            return None
        v = self.rng.choice(vals)
        r = self.rng.random()
        if r < 0.55:
            req = v
        elif r < 0.75:
            req = f'"{v}"'
        elif r < 0.85:
            req = f"'{v}'"
        else:
            req = v.lower()
        return v, req

    def small_int(self, lo: int = 2, hi: int = 5) -> str:
        return str(self.rng.randint(lo, hi))


def q(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def _m(g: G, **cols: Column) -> dict[str, str]:
    return {k: g.mention(c) for k, c in cols.items()}


# ---------------------------------------------------------------- builders

NUM = ("int", "dec", "money", "pct")
MEASURE = ("int", "dec", "money")
CAT = ("category",)
TEXTISH = ("text", "name", "id", "category")


def b_agg(fn: str) -> Callable[[G], Built | None]:
    def build(g: G) -> Built | None:
        c = g.pick(*MEASURE)
        if c is None:
            return None
        return Built(f"={fn}({g.rng_(c)})", _m(g, num=c), "agg")

    return build


def b_count_nonempty(g: G) -> Built | None:
    c = g.pick(*TEXTISH)
    if c is None:
        return None
    return Built(f"=COUNTA({g.rng_(c)})", _m(g, col=c), "agg")


def b_countblank(g: G) -> Built | None:
    cols = [c for c in g.t.columns if any(v is None for v in g.t.values(c))]
    if not cols:
        return None
    c = g.rng.choice(cols)
    return Built(f"=COUNTBLANK({g.rng_(c)})", _m(g, col=c), "agg")


def _cat_cond(g: G):
    c = g.pick(*CAT)
    if c is None:
        return None
    cv = g.category_value(c)
    if cv is None:
        return None
    return c, cv


def b_ifagg(fn: str) -> Callable[[G], Built | None]:
    def build(g: G) -> Built | None:
        cc = _cat_cond(g)
        n = g.pick(*MEASURE)
        if cc is None or n is None:
            return None
        c, (val, req) = cc
        if fn == "COUNTIF":
            f = f"=COUNTIF({g.rng_(c)},{q(val)})"
        elif fn in ("MAXIFS", "MINIFS"):
            f = f"={fn}({g.rng_(n)},{g.rng_(c)},{q(val)})"
        else:
            f = f"={fn}({g.rng_(c)},{q(val)},{g.rng_(n)})"
        return Built(f, {**_m(g, cat=c, num=n), "val": req}, "agg")

    return build


def b_if_threshold_agg(fn: str, op: str) -> Callable[[G], Built | None]:
    def build(g: G) -> Built | None:
        n = g.pick(*MEASURE)
        if n is None:
            return None
        x, xr = g.number(n)
        if not x:
            return None
        if fn == "COUNTIF":
            f = f'=COUNTIF({g.rng_(n)},"{op}{x}")'
        else:
            f = f'=SUMIF({g.rng_(n)},"{op}{x}")'
        return Built(f, {**_m(g, num=n), "x": xr}, "agg")

    return build


def b_ifs_two(fn: str) -> Callable[[G], Built | None]:
    def build(g: G) -> Built | None:
        cc = _cat_cond(g)
        n = g.pick(*MEASURE)
        if cc is None or n is None:
            return None
        c, (val, req) = cc
        n2 = g.pick(*MEASURE, exclude=(n,)) or n
        x, xr = g.number(n2)
        if not x:
            return None
        if fn == "COUNTIFS":
            f = f'=COUNTIFS({g.rng_(c)},{q(val)},{g.rng_(n2)},">{x}")'
        else:
            f = f'={fn}({g.rng_(n)},{g.rng_(c)},{q(val)},{g.rng_(n2)},">{x}")'
        return Built(f, {**_m(g, cat=c, num=n, num2=n2), "val": req, "x": xr}, "agg")

    return build


def b_large(fn: str) -> Callable[[G], Built | None]:
    def build(g: G) -> Built | None:
        n = g.pick(*MEASURE)
        if n is None or len(g.t.rows) < 5:
            return None
        k = g.rng.randint(2, 4)
        word = {2: "2nd", 3: "3rd", 4: "4th"}[k]
        return Built(f"={fn}({g.rng_(n)},{k})", {**_m(g, num=n), "k": word}, "agg")

    return build


def b_sumproduct(g: G) -> Built | None:
    a = g.pick(*MEASURE)
    b = g.pick(*NUM, exclude=(a,)) if a else None
    if a is None or b is None:
        return None
    return Built(f"=SUMPRODUCT({g.rng_(a)},{g.rng_(b)})", _m(g, a=a, b=b), "agg")


def b_explicit_range(fn: str) -> Callable[[G], Built | None]:
    def build(g: G) -> Built | None:
        n = g.pick(*MEASURE)
        if n is None or len(g.t.rows) < 4:
            return None
        r1 = g.t.first_row + g.rng.randint(0, 2)
        r2 = g.rng.randint(r1 + 1, g.t.last_row)
        ref = f"{n.letter}{r1}:{n.letter}{r2}"
        return Built(f"={fn}({ref})", {"ref": ref}, "agg")

    return build


def b_explicit_cell(g: G) -> Built | None:
    n = g.pick(*MEASURE)
    if n is None:
        return None
    r = g.rng.randint(g.t.first_row, g.t.last_row)
    ref = f"{n.letter}{r}"
    k = g.rng.choice(["2", "3", "10", "100", "12"])
    op, word = g.rng.choice([("*", "times"), ("/", "divided by"), ("+", "plus"), ("-", "minus")])
    return Built(f"={ref}{op}{k}", {"ref": ref, "k": k, "opword": word}, "agg")


def b_whole_column(fn: str) -> Callable[[G], Built | None]:
    def build(g: G) -> Built | None:
        n = g.pick(*MEASURE)
        if n is None:
            return None
        return Built(f"={fn}({n.letter}:{n.letter})", {"letter": n.letter}, "agg")

    return build


def b_index_max(g: G) -> Built | None:
    n = g.pick(*MEASURE)
    k = g.pick("name", "id", "text")
    if n is None or k is None:
        return None
    fn, word = g.rng.choice([("MAX", "highest"), ("MIN", "lowest")])
    return Built(
        f"=INDEX({g.rng_(k)},MATCH({fn}({g.rng_(n)}),{g.rng_(n)},0))", {**_m(g, key=k, num=n), "most": word}, "agg"
    )


def b_xlookup_value(g: G) -> Built | None:
    k = g.pick("id")
    n = g.pick(*NUM, "category", "name")
    if k is None or n is None or n is k:
        return None
    vals = [v for v in g.t.values(k) if v]
    if len(set(vals)) != len(vals) or not vals:
        return None
    key = g.rng.choice(vals)
    fn = g.rng.choice(["X", "I"])
    if fn == "X":
        f = f"=XLOOKUP({q(key)},{g.rng_(k)},{g.rng_(n)})"
    else:
        f = f"=INDEX({g.rng_(n)},MATCH({q(key)},{g.rng_(k)},0))"
    return Built(f, {**_m(g, key=k, num=n), "val": key}, "agg")


# -- row-wise


def b_two(fmt: str, a_kinds=MEASURE, b_kinds=NUM) -> Callable[[G], Built | None]:
    """A row-wise formula over two columns, written with {a} and {b} cell placeholders."""

    def build(g: G) -> Built | None:
        a = g.pick(*a_kinds)
        b = g.pick(*b_kinds, exclude=(a,)) if a else None
        if a is None or b is None:
            return None
        return Built("=" + fmt.format(a=g.cell(a), b=g.cell(b)), _m(g, a=a, b=b), "row")

    return build


def b_one(fmt: str, kinds=MEASURE) -> Callable[[G], Built | None]:
    def build(g: G) -> Built | None:
        c = g.pick(*kinds)
        if c is None:
            return None
        return Built("=" + fmt.format(x=g.cell(c)), _m(g, num=c, col=c), "row")

    return build


def b_binary(op: str) -> Callable[[G], Built | None]:
    return b_two("{a}" + op + "{b}")


b_pct_change = b_two("({b}-{a})/{a}", MEASURE, MEASURE)
b_iferror_div = b_two("IFERROR({a}/{b},0)", MEASURE, MEASURE)
b_over_budget = b_two('IF({b}>{a},"Over","Under")', ("money",), ("money",))
b_abs_diff = b_two("ABS({a}-{b})", MEASURE, MEASURE)


def b_max2(fn: str) -> Callable[[G], Built | None]:
    return b_two(fn + "({a},{b})", MEASURE, MEASURE)


def b_pct_of(g: G) -> Built | None:
    n = g.pick(*MEASURE)
    if n is None:
        return None
    p = g.rng.choice(["5", "7.5", "10", "12", "15", "20", "25", "8", "3"])
    return Built(f"={g.cell(n)}*{p}%", {**_m(g, num=n), "p": f"{p}%"}, "row")


def b_plus_pct(g: G) -> Built | None:
    n = g.pick(*MEASURE)
    if n is None:
        return None
    p = g.rng.choice(["5", "10", "15", "20", "3", "8"])
    sign, word = g.rng.choice([("+", "increased by"), ("-", "reduced by")])
    return Built(f"={g.cell(n)}*(1{sign}{p}%)", {**_m(g, num=n), "p": f"{p}%", "dir": word}, "row")


def b_rate(fmt: str) -> Callable[[G], Built | None]:
    """A row's measure {x} with a rate column {r} of the same row."""

    def build(g: G) -> Built | None:
        n = g.pick(*MEASURE)
        p = g.pick("pct")
        if n is None or p is None:
            return None
        return Built("=" + fmt.format(x=g.cell(n), r=g.cell(p)), _m(g, num=n, rate=p), "row")

    return build


b_after_rate = b_rate("{x}*(1-{r})")
b_plus_rate = b_rate("{x}*(1+{r})")
b_rate_amount = b_rate("{x}*{r}")


# (divisor, adjective, noun): a yearly figure spread over a shorter period
PERIODS = [("12", "monthly", "month"), ("52", "weekly", "week"), ("4", "quarterly", "quarter"),
           ("365", "daily", "day")]


def b_per_period(g: G) -> Built | None:
    n = g.pick("money", "int", "dec")
    if n is None:
        return None
    d, adj, noun = g.rng.choice(PERIODS)
    return Built(f"={g.cell(n)}/{d}", {**_m(g, num=n), "adj": adj, "per": noun}, "row")


def b_commission(g: G) -> Built | None:
    n = g.pick("money", "int")
    if n is None:
        return None
    x, xr = g.number(n)
    if not x:
        return None
    p = g.rng.choice(["5", "10", "2", "3", "7.5", "12"])
    return Built(f"=IF({g.cell(n)}>{x},{g.cell(n)}*{p}%,0)", {**_m(g, num=n), "x": xr, "p": f"{p}%"}, "row")


LABELS = [("High", "Low"), ("Pass", "Fail"), ("Yes", "No"), ("Over", "Under"), ("OK", "Reorder"), ("Above", "Below")]
# Labels outside the code vocabulary, which the model has to copy from the request (LIT:k).
COPIED_LABELS = [("Premium", "Standard"), ("Hot", "Cold"), ("Keep", "Drop"), ("Urgent", "Routine"),
                 ("Gold", "Silver"), ("Heavy", "Light"), ("Major", "Minor"), ("Priority", "Regular")]
# How requests say a comparison between a value and a threshold or another column.
CMP_WORDS = [(">=", "at least"), (">", "more than"), ("<", "less than"), ("<=", "at most"), (">", "above"),
             ("<", "below"), (">", "over"), ("<", "under"), (">=", "at or above"), ("<=", "at or below"),
             (">", "greater than"), ("<", "lower than")]


def _labels(g: G) -> tuple[str, str]:
    return g.rng.choice(LABELS if g.rng.random() < 0.6 else COPIED_LABELS)


def b_if_label(g: G) -> Built | None:
    n = g.pick(*MEASURE)
    if n is None:
        return None
    x, xr = g.number(n)
    if not x:
        return None
    hi, lo = _labels(g)
    op, word = g.rng.choice(CMP_WORDS)
    return Built(
        f"=IF({g.cell(n)}{op}{x},{q(hi)},{q(lo)})", {**_m(g, num=n), "x": xr, "hi": hi, "lo": lo, "cmp": word}, "row"
    )


def b_if_cat(g: G) -> Built | None:
    cc = _cat_cond(g)
    if cc is None:
        return None
    c, (val, req) = cc
    yes, no = g.rng.choice([("Yes", "No"), ("OK", "Missing"), ("Active", "Inactive"), ("Valid", "Invalid")])
    return Built(
        f"=IF({g.cell(c)}={q(val)},{q(yes)},{q(no)})", {**_m(g, cat=c), "val": req, "hi": yes, "lo": no}, "row"
    )


def b_if_cols(g: G) -> Built | None:
    """A label from comparing two columns of the row; the other result is often left blank."""
    a = g.pick(*MEASURE)
    b = g.pick(*MEASURE, exclude=(a,)) if a else None
    if a is None or b is None:
        return None
    hi, lo = _labels(g)
    op, word = g.rng.choice(CMP_WORDS)
    blank = g.rng.random() < 0.35
    lo_text, lo_req = ('""', g.rng.choice(["blank", "leave it blank", "empty", "nothing"])) if blank else (q(lo), lo)
    return Built(f"=IF({g.cell(a)}{op}{g.cell(b)},{q(hi)},{lo_text})",
                 {**_m(g, a=a, b=b), "hi": hi, "lo": lo_req, "cmp": word}, "row")


def b_bool_count(g: G) -> Built | None:
    c = g.pick("bool")
    if c is None:
        return None
    if g.rng.random() < 0.7:
        return Built(f"=COUNTIF({g.rng_(c)},TRUE)", {**_m(g, col=c), "state": g.mention(c)}, "agg")
    return Built(f"=COUNTIF({g.rng_(c)},FALSE)", {**_m(g, col=c), "state": "not " + g.mention(c)}, "agg")


def b_bool_sum(g: G) -> Built | None:
    c = g.pick("bool")
    n = g.pick(*MEASURE)
    if c is None or n is None:
        return None
    return Built(f"=SUMIF({g.rng_(c)},TRUE,{g.rng_(n)})", _m(g, col=c, num=n), "agg")


def b_bool_label(g: G) -> Built | None:
    c = g.pick("bool")
    if c is None:
        return None
    hi, lo = _labels(g)
    return Built(f"=IF({g.cell(c)},{q(hi)},{q(lo)})", {**_m(g, col=c), "hi": hi, "lo": lo}, "row")


def b_if_and(fn: str) -> Callable[[G], Built | None]:
    def build(g: G) -> Built | None:
        a = g.pick(*MEASURE)
        b = g.pick(*MEASURE, exclude=(a,)) if a else None
        if a is None or b is None:
            return None
        x, xr = g.number(a)
        y, yr = g.number(b)
        if not x or not y:
            return None
        return Built(
            f'=IF({fn}({g.cell(a)}>{x},{g.cell(b)}<{y}),"Yes","No")', {**_m(g, a=a, b=b), "x": xr, "y": yr}, "row"
        )

    return build


def b_ifs_grade(g: G) -> Built | None:
    n = g.pick("int", "dec")
    if n is None:
        return None
    vals = sorted(v for v in g.t.values(n) if isinstance(v, (int, float)))
    if len(vals) < 4:
        return None
    hi = vals[int(len(vals) * 0.75)]
    mid = vals[int(len(vals) * 0.4)]
    hi, mid = int(hi), int(mid)
    if hi <= mid:
        return None
    return Built(
        f'=IFS({g.cell(n)}>={hi},"High",{g.cell(n)}>={mid},"Medium",TRUE,"Low")',
        {**_m(g, num=n), "x": str(hi), "y": str(mid)},
        "row",
    )


def b_isblank(g: G) -> Built | None:
    cols = [c for c in g.t.columns if any(v is None for v in g.t.values(c))]
    if not cols:
        return None
    c = g.rng.choice(cols)
    return Built(f'=IF(ISBLANK({g.cell(c)}),"Missing","OK")', _m(g, col=c), "row")


def b_isnumber(g: G) -> Built | None:
    c = g.rng.choice(g.t.columns)
    return Built(f"=ISNUMBER({g.cell(c)})", _m(g, col=c), "row")


def b_func1(fn: str, kinds=MEASURE, extra: str = "") -> Callable[[G], Built | None]:
    def build(g: G) -> Built | None:
        c = g.pick(*kinds)
        if c is None:
            return None
        return Built(f"={fn}({g.cell(c)}{extra})", _m(g, num=c), "row")

    return build


def b_round(fn: str) -> Callable[[G], Built | None]:
    def build(g: G) -> Built | None:
        c = g.pick("dec", "money")
        if c is None:
            return None
        d = g.rng.choice(["0", "1", "2"])
        return Built(f"={fn}({g.cell(c)},{d})", {**_m(g, num=c), "d": d}, "row")

    return build


def b_mod(g: G) -> Built | None:
    c = g.pick("int")
    if c is None:
        return None
    k = g.rng.choice(["2", "3", "5", "7", "10", "12"])
    return Built(f"=MOD({g.cell(c)},{k})", {**_m(g, num=c), "k": k}, "row")


def b_power(g: G) -> Built | None:
    c = g.pick(*MEASURE)
    if c is None:
        return None
    return Built(f"=POWER({g.cell(c)},2)", _m(g, num=c), "row")


def b_pct_total(g: G) -> Built | None:
    n = g.pick(*MEASURE)
    if n is None:
        return None
    return Built(f"={g.cell(n)}/SUM({g.arng(n)})", _m(g, num=n), "row")


def b_rank(g: G) -> Built | None:
    n = g.pick(*MEASURE)
    if n is None:
        return None
    if g.rng.random() < 0.7:
        return Built(f"=RANK.EQ({g.cell(n)},{g.arng(n)})", {**_m(g, num=n), "order": "highest"}, "row")
    return Built(f"=RANK.EQ({g.cell(n)},{g.arng(n)},1)", {**_m(g, num=n), "order": "lowest"}, "row")


def b_running_total(g: G) -> Built | None:
    n = g.pick(*MEASURE)
    if n is None:
        return None
    return Built(f"=SUM(${n.letter}${g.t.first_row}:{g.cell(n)})", _m(g, num=n), "row")


def b_dup_flag(g: G) -> Built | None:
    c = g.pick("id", "name", "category", "text")
    if c is None:
        return None
    return Built(f'=IF(COUNTIF({g.arng(c)},{g.cell(c)})>1,"Duplicate","Unique")', _m(g, col=c), "row")


def b_row_avg(g: G) -> Built | None:
    nums = [c for c in g.t.columns if c.concept.kind in MEASURE]
    for i in range(len(nums) - 2):
        a, b, c = nums[i : i + 3]
        if a.index + 1 == b.index and b.index + 1 == c.index:
            fn = g.rng.choice(["AVERAGE", "SUM", "MAX"])
            return Built(f"={fn}({g.cell(a)}:{g.cell(c)})", {**_m(g, a=a, c=c), "fn": fn}, "row")
    return None


# -- text


def b_text1(fn: str) -> Callable[[G], Built | None]:
    def build(g: G) -> Built | None:
        c = g.pick("text", "name", "category", "id")
        if c is None:
            return None
        return Built(f"={fn}({g.cell(c)})", _m(g, col=c), "row")

    return build


def b_leftright(fn: str) -> Callable[[G], Built | None]:
    def build(g: G) -> Built | None:
        c = g.pick("id", "text", "name", "category")
        if c is None:
            return None
        k = g.rng.choice(["2", "3", "4", "5"])
        return Built(f"={fn}({g.cell(c)},{k})", {**_m(g, col=c), "k": k}, "row")

    return build


def b_mid(g: G) -> Built | None:
    c = g.pick("id", "text")
    if c is None:
        return None
    s, k = g.rng.choice(["2", "3", "4"]), g.rng.choice(["2", "3", "4"])
    return Built(f"=MID({g.cell(c)},{s},{k})", {**_m(g, col=c), "s": s, "k": k}, "row")


def b_join(g: G) -> Built | None:
    a = g.pick("name", "text", "category", "id")
    b = g.pick("name", "text", "category", "id", exclude=(a,)) if a else None
    if a is None or b is None:
        return None
    form = g.rng.choice(["concat", "amp", "dash"])
    if form == "concat":
        return Built(f'=CONCAT({g.cell(a)}," ",{g.cell(b)})', {**_m(g, a=a, b=b), "sep": "a space"}, "row")
    if form == "amp":
        return Built(f'={g.cell(a)}&" "&{g.cell(b)}', {**_m(g, a=a, b=b), "sep": "a space"}, "row")
    return Built(f'={g.cell(a)}&" - "&{g.cell(b)}', {**_m(g, a=a, b=b), "sep": "a dash"}, "row")


def b_textjoin(g: G) -> Built | None:
    cols = g.t.columns
    if len(cols) < 3:
        return None
    i = g.rng.randint(0, len(cols) - 3)
    a, c = cols[i], cols[i + 2]
    return Built(f'=TEXTJOIN(", ",TRUE,{g.cell(a)}:{g.cell(c)})', _m(g, a=a, c=c), "row")


def b_substitute(g: G) -> Built | None:
    c = g.pick("id")
    if c is None or not any("-" in str(v) for v in g.t.values(c)):
        return None
    return Built(f'=SUBSTITUTE({g.cell(c)},"-","")', _m(g, col=c), "row")


def b_email_user(g: G) -> Built | None:
    c = g.t.col("email")
    if c is None:
        return None
    if g.rng.random() < 0.5:
        return Built(f'=LEFT({g.cell(c)},FIND("@",{g.cell(c)})-1)', _m(g, col=c), "row")
    return Built(f'=MID({g.cell(c)},FIND("@",{g.cell(c)})+1,100)', _m(g, col=c), "row")


def b_contains(g: G) -> Built | None:
    c = g.pick("text", "category")
    if c is None:
        return None
    vals = [v for v in g.t.values(c) if isinstance(v, str) and v.strip()]
    if not vals:
        return None
    word = g.rng.choice(g.rng.choice(vals).split())
    return Built(
        f'=IF(ISNUMBER(SEARCH({q(word)},{g.cell(c)})),"Yes","No")', {**_m(g, col=c), "val": f'"{word}"'}, "row"
    )


def b_text_fmt(g: G) -> Built | None:
    c = g.pick("date")
    if c is not None and g.rng.random() < 0.6:
        fmt, word = g.rng.choice(
            [
                ("mmm yyyy", "month and year"),
                ("dddd", "day of the week name"),
                ("dddd", g.rng.choice(["weekday name", "day of the week", "name of the day"])),
                ("mmmm", "name of the month"),
                ("yyyy-mm-dd", "yyyy-mm-dd text"),
                ("mmmm", "month name"),
            ]
        )
        return Built(f"=TEXT({g.cell(c)},{q(fmt)})", {**_m(g, col=c), "fmt": word}, "row")
    n = g.pick("money", "dec")
    if n is None:
        return None
    return Built(f'=TEXT({g.cell(n)},"0.00")', {**_m(g, col=n), "fmt": "text with 2 decimals"}, "row")


def b_name_part(first: bool) -> Callable[[G], Built | None]:
    def build(g: G) -> Built | None:
        c = g.pick("name")
        if c is None:
            return None
        x = g.cell(c)
        if first:
            return Built(f'=LEFT({x},FIND(" ",{x})-1)', _m(g, col=c), "row")
        return Built(f'=MID({x},FIND(" ",{x})+1,100)', _m(g, col=c), "row")

    return build


def b_quarter(g: G) -> Built | None:
    c = g.pick("date")
    if c is None:
        return None
    return Built(f"=ROUNDUP(MONTH({g.cell(c)})/3,0)", _m(g, col=c), "row")


def b_value_digits(g: G) -> Built | None:
    c = g.pick("id")
    if c is None:
        return None
    return Built(f"=VALUE(RIGHT({g.cell(c)},4))", _m(g, col=c), "row")


def b_exact(g: G) -> Built | None:
    a = g.pick("name", "text", "category")
    b = g.pick("name", "text", "category", exclude=(a,)) if a else None
    if a is None or b is None:
        return None
    return Built(f"=EXACT({g.cell(a)},{g.cell(b)})", _m(g, a=a, b=b), "row")


# -- dates


def b_datepart(fn: str) -> Callable[[G], Built | None]:
    def build(g: G) -> Built | None:
        c = g.pick("date")
        if c is None or any(v is None for v in g.t.values(c)):
            return None
        return Built(f"={fn}({g.cell(c)})", _m(g, date=c), "row")

    return build


def b_eomonth(g: G) -> Built | None:
    c = g.pick("date")
    if c is None or any(v is None for v in g.t.values(c)):
        return None
    return Built(f"=EOMONTH({g.cell(c)},0)", _m(g, date=c), "row")


def b_edate(g: G) -> Built | None:
    c = g.pick("date")
    if c is None:
        return None
    k = g.rng.choice(["1", "3", "6", "12", "2"])
    return Built(f"=EDATE({g.cell(c)},{k})", {**_m(g, date=c), "k": k}, "row")


def b_plus_days(g: G) -> Built | None:
    c = g.pick("date")
    if c is None:
        return None
    k = g.rng.choice(["7", "14", "30", "45", "60", "90"])
    return Built(f"={g.cell(c)}+{k}", {**_m(g, date=c), "k": k}, "row")


def b_days_since(g: G) -> Built | None:
    c = g.pick("date")
    if c is None:
        return None
    return Built(f"=TODAY()-{g.cell(c)}", _m(g, date=c), "row")


def b_years_since(g: G) -> Built | None:
    c = g.pick("date")
    if c is None or any(v is None for v in g.t.values(c)):
        return None
    unit, word = g.rng.choice([("y", "years"), ("m", "months")])
    return Built(f'=DATEDIF({g.cell(c)},TODAY(),"{unit}")', {**_m(g, date=c), "unit": word}, "row")


def _two_dates(g: G):
    ds = g.t.by_kind("date")
    if len(ds) < 2:
        return None
    a, b = ds[0], ds[1]
    if any(v is None for v in g.t.values(a) + g.t.values(b)):
        return None
    if not all(x <= y for x, y in zip(g.t.values(a), g.t.values(b))):
        for row in g.t.rows:  # make the second date follow the first, as real data would
            x, y = row[a.index], row[b.index]
            if y < x:
                row[a.index], row[b.index] = y, x
    return a, b


def b_days_between(fn: str) -> Callable[[G], Built | None]:
    def build(g: G) -> Built | None:
        ab = _two_dates(g)
        if ab is None:
            return None
        a, b = ab
        if fn == "minus":
            f = f"={g.cell(b)}-{g.cell(a)}"
        elif fn == "DATEDIF":
            f = f'=DATEDIF({g.cell(a)},{g.cell(b)},"d")'
        else:
            f = f"=NETWORKDAYS({g.cell(a)},{g.cell(b)})"
        return Built(f, _m(g, a=a, b=b), "row")

    return build


def b_overdue(g: G) -> Built | None:
    c = g.pick("date")
    if c is None:
        return None
    return Built(f'=IF({g.cell(c)}<TODAY(),"Overdue","OK")', _m(g, date=c), "row")


def b_after_date(g: G) -> Built | None:
    c = g.pick("date")
    if c is None:
        return None
    vals = sorted(v for v in g.t.values(c) if v is not None)
    if not vals:
        return None
    d = vals[len(vals) // 2].date()
    form = g.rng.random()
    dreq = d.isoformat() if form < 0.6 else f"{d.month}/{d.day}/{d.year}"
    if g.rng.random() < 0.5:
        return Built(
            f'=IF({g.cell(c)}>DATE({d.year},{d.month},{d.day}),"Yes","No")', {**_m(g, date=c), "d": dreq}, "row"
        )
    return Built(f'=COUNTIF({g.rng_(c)},">="&DATE({d.year},{d.month},{d.day}))', {**_m(g, date=c), "d": dreq}, "agg")


def b_weekend(g: G) -> Built | None:
    c = g.pick("date")
    if c is None or any(v is None for v in g.t.values(c)):
        return None
    return Built(f'=IF(WEEKDAY({g.cell(c)},2)>5,"Weekend","Weekday")', _m(g, date=c), "row")


# -- lookups across sheets


def b_vlookup(g: G) -> Built | None:
    lk = g.t.lookup
    if not lk:
        return None
    key = next((c for c in g.t.columns if c.header == lk["key_header"]), None)
    if key is None:
        return None
    sheet = lk["name"]
    form = g.rng.choice(["V", "X", "IM", "VNA"])
    k = g.cell(key)
    if form == "V":
        f = f"=VLOOKUP({k},{sheet}!A:B,2,FALSE)"
    elif form == "X":
        f = f"=XLOOKUP({k},{sheet}!A:A,{sheet}!B:B)"
    elif form == "IM":
        f = f"=INDEX({sheet}!B:B,MATCH({k},{sheet}!A:A,0))"
    else:
        f = f'=IFNA(VLOOKUP({k},{sheet}!A:B,2,FALSE),"Not found")'
    return Built(f, {**_m(g, key=key), "sheet": sheet, "value": lk["value_header"]}, "row")


def b_days_fn(g: G) -> Built | None:
    ab = _two_dates(g)
    if ab is None:
        return None
    a, b = ab
    return Built(f"=DAYS({g.cell(b)},{g.cell(a)})", _m(g, a=a, b=b), "row")


# ---------------------------------------------------------------- the catalogue

INTENTS: list[Intent] = [
    Intent(
        "sum",
        b_agg("SUM"),
        [
            "vp: add up {num}",
            "vp: sum {num}",
            "np: the total {num}",
            "np: the sum of all {num}",
            "vp: total the {num} column",
            "np: total {num}",
        ],
        5,
    ),
    Intent(
        "average",
        b_agg("AVERAGE"),
        [
            "np: the average {num}",
            "vp: average {num}",
            "np: the mean of {num}",
            "np: avg {num}",
            "vp: work out the average of {num}",
        ],
        4,
    ),
    Intent(
        "max",
        b_agg("MAX"),
        [
            "np: the highest {num}",
            "np: the largest value in {num}",
            "np: max {num}",
            "np: the maximum {num}",
            "np: the top {num} value",
        ],
        4,
    ),
    Intent(
        "min",
        b_agg("MIN"),
        [
            "np: the lowest {num}",
            "np: the smallest {num}",
            "np: min {num}",
            "np: the minimum of {num}",
            "np: the least {num}",
        ],
        4,
    ),
    Intent(
        "median", b_agg("MEDIAN"), ["np: the median {num}", "np: the middle value of {num}", "np: median of {num}"], 2
    ),
    Intent(
        "stdev",
        b_agg("STDEV"),
        ["np: the standard deviation of {num}", "np: stdev of {num}", "vp: measure how spread out {num} is"],
        2,
    ),
    Intent(
        "count",
        b_agg("COUNT"),
        ["vp: count the numbers in {num}", "np: how many {num} values there are", "np: the count of {num} entries"],
        2,
    ),
    Intent(
        "counta",
        b_count_nonempty,
        [
            "vp: count the entries in {col}",
            "np: the number of filled cells in {col}",
            "np: how many {col} are filled in",
            "vp: count non-blank {col}",
        ],
        3,
    ),
    Intent(
        "countblank",
        b_countblank,
        [
            "vp: count the empty cells in {col}",
            "np: how many {col} are blank",
            "np: the number of missing {col}",
            "vp: count blanks in {col}",
        ],
        3,
    ),
    Intent(
        "sumif",
        b_ifagg("SUMIF"),
        [
            "np: the total {num} for {val}",
            "np: the sum of {num} where {cat} is {val}",
            "vp: add up {num} when {cat} equals {val}",
            "np: {val} total {num}",
            "vp: sum {num} for rows with {cat} {val}",
            "np: how much {num} came from {val}",
        ],
        5,
    ),
    Intent(
        "countif",
        b_ifagg("COUNTIF"),
        [
            "np: how many rows have {cat} {val}",
            "vp: count {val} in {cat}",
            "np: the number of {val} entries",
            "vp: count how many times {val} appears in {cat}",
            "np: the count of {cat} equal to {val}",
        ],
        4,
    ),
    Intent(
        "averageif",
        b_ifagg("AVERAGEIF"),
        [
            "np: the average {num} for {val}",
            "np: average {num} where {cat} is {val}",
            "vp: average the {num} of {val} rows",
            "np: mean {num} when {cat} = {val}",
        ],
        3,
    ),
    Intent(
        "maxifs",
        b_ifagg("MAXIFS"),
        ["np: the highest {num} for {val}", "np: the max {num} where {cat} is {val}", "np: largest {num} among {val}"],
        2,
    ),
    Intent(
        "minifs",
        b_ifagg("MINIFS"),
        ["np: the lowest {num} for {val}", "np: the min {num} where {cat} is {val}", "np: smallest {num} among {val}"],
        2,
    ),
    Intent(
        "countif_gt",
        b_if_threshold_agg("COUNTIF", ">"),
        [
            "np: how many {num} are greater than {x}",
            "vp: count {num} above {x}",
            "np: the number of rows with {num} over {x}",
            "vp: count the {num} values more than {x}",
        ],
        3,
    ),
    Intent(
        "countif_lt",
        b_if_threshold_agg("COUNTIF", "<"),
        ["np: how many {num} are below {x}", "vp: count {num} under {x}", "np: the number of {num} less than {x}"],
        2,
    ),
    Intent(
        "sumif_gt",
        b_if_threshold_agg("SUMIF", ">"),
        [
            "np: the sum of {num} over {x}",
            "vp: add up the {num} values greater than {x}",
            "np: total of {num} above {x}",
        ],
        2,
    ),
    Intent(
        "countifs",
        b_ifs_two("COUNTIFS"),
        [
            "np: how many rows have {cat} {val} and {num2} over {x}",
            "vp: count {val} rows where {num2} is more than {x}",
            "np: the number of {val} entries with {num2} above {x}",
        ],
        2,
    ),
    Intent(
        "sumifs",
        b_ifs_two("SUMIFS"),
        [
            "np: the total {num} for {val} where {num2} is over {x}",
            "vp: sum {num} when {cat} is {val} and {num2} exceeds {x}",
            "np: {val} {num} total, only rows with {num2} above {x}",
        ],
        2,
    ),
    Intent(
        "averageifs",
        b_ifs_two("AVERAGEIFS"),
        [
            "np: the average {num} for {val} with {num2} above {x}",
            "vp: average {num} where {cat} is {val} and {num2} > {x}",
        ],
        1,
    ),
    Intent(
        "large",
        b_large("LARGE"),
        ["np: the {k} largest {num}", "np: the {k} highest value of {num}", "vp: find the {k} biggest {num}"],
        2,
    ),
    Intent(
        "small",
        b_large("SMALL"),
        ["np: the {k} smallest {num}", "np: the {k} lowest {num}", "vp: find the {k} smallest value in {num}"],
        2,
    ),
    Intent(
        "sumproduct",
        b_sumproduct,
        [
            "np: the sum of {a} times {b}",
            "vp: multiply {a} by {b} and add it all up",
            "np: the total of {a} multiplied by {b} across all rows",
            "np: the total value of all {a} x {b}",
            "vp: total up {a} times {b} over every row",
            "np: {a} x {b} summed over the table",
        ],
        2,
    ),
    Intent(
        "sum_range",
        b_explicit_range("SUM"),
        ["vp: sum {ref}", "np: the total of {ref}", "vp: add up the cells {ref}", "np: sum of {ref}"],
        3,
    ),
    Intent(
        "avg_range",
        b_explicit_range("AVERAGE"),
        ["np: the average of {ref}", "vp: average {ref}", "np: mean of the cells in {ref}"],
        2,
    ),
    Intent("max_range", b_explicit_range("MAX"), ["np: the max of {ref}", "np: the biggest number in {ref}"], None),
    Intent(
        "cell_math",
        b_explicit_cell,
        ["np: {ref} {opword} {k}", "np: the value in {ref} {opword} {k}", "vp: take {ref} {opword} {k}"],
        2,
    ),
    Intent(
        "sum_column",
        b_whole_column("SUM"),
        ["np: the sum of column {letter}", "vp: add up everything in column {letter}", "np: total of col {letter}"],
        2,
    ),
    Intent(
        "avg_column",
        b_whole_column("AVERAGE"),
        ["np: the average of column {letter}", "np: avg of everything in column {letter}"],
        None,
    ),
    Intent(
        "index_max",
        b_index_max,
        [
            "np: the {key} with the {most} {num}",
            "vp: find which {key} has the {most} {num}",
            "np: who or what has the {most} {num} (show the {key})",
        ],
        2,
    ),
    Intent(
        "lookup_key",
        b_xlookup_value,
        [
            "np: the {num} for {val}",
            "vp: look up the {num} of {val}",
            "np: {val}'s {num}",
            "vp: find the {num} where {key} is {val}",
        ],
        3,
    ),
    Intent(
        "multiply",
        b_binary("*"),
        [
            "np: {a} times {b}",
            "vp: multiply {a} by {b}",
            "np: {a} x {b} for each row",
            "np: the product of {a} and {b}",
            "vp: multiply {a} and {b} in every row",
        ],
        4,
    ),
    Intent(
        "add",
        b_binary("+"),
        ["np: {a} plus {b}", "vp: add {a} and {b}", "np: {a} + {b}", "np: the sum of {a} and {b} for each row"],
        3,
    ),
    Intent(
        "subtract",
        b_binary("-"),
        [
            "np: {a} minus {b}",
            "np: the difference between {a} and {b}",
            "vp: subtract {b} from {a}",
            "np: {a} less {b}",
            "np: how far {a} is above {b}",
            "np: how much {a} exceeds {b} by",
            "np: the gap between {a} and {b}",
        ],
        3,
    ),
    Intent(
        "divide",
        b_binary("/"),
        ["np: {a} divided by {b}", "np: {a} per {b}", "vp: divide {a} by {b}", "np: the ratio of {a} to {b}"],
        3,
    ),
    Intent(
        "pct_change",
        b_pct_change,
        [
            "np: the percent change from {a} to {b}",
            "np: % change between {a} and {b}",
            "np: how much {b} grew compared with {a}, as a percentage",
        ],
        2,
    ),
    Intent(
        "pct_of",
        b_pct_of,
        ["np: {p} of {num}", "vp: take {p} of {num}", "np: a {p} fee on {num}", "np: {p} of the {num} in each row"],
        3,
    ),
    Intent(
        "plus_pct",
        b_plus_pct,
        ["np: {num} {dir} {p}", "vp: show {num} {dir} {p}", "np: the {num} {dir} {p} for every row"],
        2,
    ),
    Intent(
        "after_rate",
        b_after_rate,
        [
            "np: {num} after {rate}",
            "np: {num} net of {rate}",
            "vp: apply {rate} to {num}",
            "np: {num} minus the {rate}",
            "np: {num} with the {rate} taken off",
            "np: {num} once the {rate} is deducted",
        ],
        3,
    ),
    Intent(
        "commission",
        b_commission,
        [
            "np: {p} commission on {num} over {x}",
            "np: a {p} bonus when {num} is more than {x}, otherwise 0",
            "vp: pay {p} of {num} if it exceeds {x}, else nothing",
            "np: {p} of {num} for rows where {num} > {x}, 0 otherwise",
        ],
        3,
    ),
    Intent(
        "if_label",
        b_if_label,
        [
            "vp: label {hi} if {num} is {cmp} {x}, otherwise {lo}",
            "np: {hi} when {num} is {cmp} {x} and {lo} otherwise",
            "vp: mark {hi}/{lo} depending on whether {num} is {cmp} {x}",
            "vp: return {hi} if {num} {cmp} {x} else {lo}",
            "vp: flag {num} {cmp} {x} as {hi}, the rest as {lo}",
            "np: {hi} for {num} {cmp} {x}, otherwise {lo}",
        ],
        3,
    ),
    Intent(
        "if_cat",
        b_if_cat,
        [
            "vp: show {hi} if {cat} is {val}, otherwise {lo}",
            "np: {hi} for {val} rows and {lo} for the rest",
            "vp: return {hi} when {cat} equals {val} else {lo}",
        ],
        2,
    ),
    Intent(
        "if_and",
        b_if_and("AND"),
        [
            "vp: say Yes if {a} is over {x} and {b} is under {y}, otherwise No",
            "np: Yes when {a} > {x} and {b} < {y}, else No",
        ],
        1,
    ),
    Intent(
        "if_or",
        b_if_and("OR"),
        [
            "vp: say Yes if {a} is above {x} or {b} is below {y}, otherwise No",
            "np: Yes when either {a} > {x} or {b} < {y}, else No",
        ],
        1,
    ),
    Intent(
        "ifs_bands",
        b_ifs_grade,
        [
            "vp: rate {num} High for {x} or more, Medium for {y} or more, otherwise Low",
            "np: High if {num} >= {x}, Medium if >= {y}, else Low",
            "vp: band {num} into High ({x}+), Medium ({y}+) and Low",
        ],
        2,
    ),
    Intent(
        "iferror_div",
        b_iferror_div,
        [
            "np: {a} divided by {b}, or 0 if that's an error",
            "vp: divide {a} by {b} but show 0 instead of errors",
            "np: {a}/{b} with errors replaced by 0",
        ],
        2,
    ),
    Intent(
        "isblank",
        b_isblank,
        [
            "vp: flag Missing when {col} is empty, otherwise OK",
            "np: Missing if {col} is blank else OK",
            "vp: check if {col} is empty and say Missing or OK",
        ],
        2,
    ),
    Intent(
        "isnumber",
        b_isnumber,
        ["vp: check whether {col} is a number", "np: TRUE if {col} holds a number", "vp: test if {col} is numeric"],
        2,
    ),
    Intent(
        "over_budget",
        b_over_budget,
        [
            "vp: mark Over if {b} is more than {a}, otherwise Under",
            "np: Over or Under depending on {b} vs {a}",
            "vp: show whether {b} went over {a} (Over/Under)",
        ],
        2,
    ),
    Intent(
        "round",
        b_round("ROUND"),
        [
            "vp: round {num} to {d} decimals",
            "np: {num} rounded to {d} places",
            "vp: round off {num} to {d} decimal places",
        ],
        2,
    ),
    Intent(
        "roundup",
        b_round("ROUNDUP"),
        ["vp: round {num} up to {d} decimals", "np: {num} rounded up to {d} places"],
        None,
    ),
    Intent(
        "rounddown",
        b_round("ROUNDDOWN"),
        ["vp: round {num} down to {d} decimals", "np: {num} rounded down, {d} decimal places"],
        None,
    ),
    Intent(
        "int",
        b_func1("INT", ("dec", "money")),
        ["np: the whole number part of {num}", "vp: drop the decimals from {num}", "np: {num} as an integer"],
        2,
    ),
    Intent(
        "abs",
        b_abs_diff,
        ["np: the absolute difference between {a} and {b}", "np: how far apart {a} and {b} are", "np: |{a} - {b}|"],
        2,
    ),
    Intent("sqrt", b_func1("SQRT"), ["np: the square root of {num}", "np: sqrt of {num}"], None),
    Intent("power", b_power, ["np: {num} squared", "np: the square of {num}", "vp: square {num}"], 2),
    Intent(
        "mod",
        b_mod,
        [
            "np: the remainder of {num} divided by {k}",
            "np: {num} mod {k}",
            "vp: get what's left over when {num} is divided by {k}",
        ],
        2,
    ),
    Intent(
        "max2",
        b_max2("MAX"),
        ["np: the larger of {a} and {b}", "np: whichever is bigger, {a} or {b}", "np: max of {a} and {b} for each row"],
        2,
    ),
    Intent("min2", b_max2("MIN"), ["np: the smaller of {a} and {b}", "np: the lower of {a} and {b}"], None),
    Intent(
        "pct_total",
        b_pct_total,
        [
            "np: each row's share of the total {num}",
            "np: {num} as a percentage of the total",
            "np: what percent of all {num} each row is",
            "vp: work out each {num} as a fraction of the grand total",
        ],
        3,
    ),
    Intent(
        "rank",
        b_rank,
        [
            "vp: rank {num} from {order}",
            "np: the rank of each {num} ({order} first)",
            "np: where each {num} ranks, {order} = 1",
        ],
        2,
    ),
    Intent(
        "running_total",
        b_running_total,
        ["np: a running total of {num}", "np: the cumulative {num}", "vp: keep a running sum of {num}"],
        2,
    ),
    Intent(
        "dup_flag",
        b_dup_flag,
        [
            "vp: flag duplicate {col} values",
            "np: Duplicate or Unique for each {col}",
            "vp: mark rows whose {col} appears more than once",
        ],
        2,
    ),
    Intent("row_agg", b_row_avg, ["np: the {fn} of {a} through {c} in each row", "vp: {fn} across {a} to {c}"], None),
    Intent(
        "upper", b_text1("UPPER"), ["np: {col} in capitals", "vp: convert {col} to upper case", "np: {col} all caps"], 2
    ),
    Intent("lower", b_text1("LOWER"), ["np: {col} in lower case", "vp: make {col} lowercase"], None),
    Intent("proper", b_text1("PROPER"), ["np: {col} in title case", "vp: capitalise each word of {col}"], None),
    Intent(
        "trim",
        b_text1("TRIM"),
        [
            "vp: remove extra spaces from {col}",
            "np: {col} without the extra spaces",
            "vp: clean up the spacing in {col}",
        ],
        2,
    ),
    Intent(
        "len",
        b_text1("LEN"),
        ["np: the length of {col}", "np: how many characters are in {col}", "vp: count the characters in {col}"],
        2,
    ),
    Intent(
        "left",
        b_leftright("LEFT"),
        [
            "np: the first {k} characters of {col}",
            "vp: take the leftmost {k} letters of {col}",
            "np: {col}'s first {k} chars",
        ],
        2,
    ),
    Intent(
        "right",
        b_leftright("RIGHT"),
        ["np: the last {k} characters of {col}", "vp: grab the rightmost {k} characters of {col}"],
        1,
    ),
    Intent(
        "mid",
        b_mid,
        [
            "np: {k} characters of {col} starting at position {s}",
            "vp: extract {k} chars from {col} beginning at character {s}",
        ],
        1,
    ),
    Intent(
        "join",
        b_join,
        [
            "vp: join {a} and {b} with {sep}",
            "np: {a} and {b} combined with {sep}",
            "vp: combine {a} and {b} separated by {sep}",
        ],
        2,
    ),
    Intent(
        "textjoin",
        b_textjoin,
        ["vp: combine {a} through {c} separated by commas", "np: {a} to {c} joined with commas, skipping blanks"],
        1,
    ),
    Intent("substitute", b_substitute, ["vp: remove the dashes from {col}", "np: {col} without hyphens"], 1),
    Intent("email_part", b_email_user, ["vp: split {col} at the @", "np: the part of {col} around the @ sign"], None),
    Intent(
        "contains",
        b_contains,
        [
            "vp: say Yes if {col} contains {val}, otherwise No",
            "np: Yes when {col} has {val} in it, else No",
            "vp: check whether {col} includes the word {val}",
        ],
        2,
    ),
    Intent(
        "text_fmt",
        b_text_fmt,
        ["np: {col} as {fmt}", "vp: format {col} as {fmt}", "vp: show {col} as {fmt}", "np: the {fmt} of {col}"],
        2,
    ),
    Intent(
        "value_digits",
        b_value_digits,
        ["np: the number at the end of {col}", "vp: pull the last 4 digits of {col} out as a number"],
        1,
    ),
    Intent("exact", b_exact, ["vp: check if {a} exactly matches {b}", "np: TRUE if {a} is identical to {b}"], None),
    Intent(
        "year",
        b_datepart("YEAR"),
        ["np: the year of {date}", "vp: extract the year from {date}", "np: year of the {date}"],
        2,
    ),
    Intent("month", b_datepart("MONTH"), ["np: the month number of {date}", "vp: get the month from {date}"], 1),
    Intent("day", b_datepart("DAY"), ["np: the day of the month of {date}", "vp: pull the day out of {date}"], None),
    Intent(
        "weekday",
        b_datepart("WEEKDAY"),
        ["np: the weekday number of {date}", "np: which day of the week {date} falls on"],
        None,
    ),
    Intent(
        "weeknum",
        b_datepart("WEEKNUM"),
        ["np: the week number of {date}", "np: what week of the year {date} is in"],
        None,
    ),
    Intent(
        "eomonth",
        b_eomonth,
        [
            "np: the end of the month for {date}",
            "np: the last day of {date}'s month",
            "vp: get the month-end date of {date}",
        ],
        2,
    ),
    Intent(
        "edate",
        b_edate,
        ["np: {date} plus {k} months", "np: the date {k} months after {date}", "vp: add {k} months to {date}"],
        2,
    ),
    Intent(
        "plus_days",
        b_plus_days,
        ["np: {date} plus {k} days", "np: the date {k} days after {date}", "vp: add {k} days to {date}"],
        2,
    ),
    Intent(
        "days_since",
        b_days_since,
        [
            "np: the number of days since {date}",
            "np: days elapsed since {date}",
            "vp: count the days from {date} until today",
        ],
        2,
    ),
    Intent(
        "years_since",
        b_years_since,
        [
            "np: how many {unit} since {date}",
            "np: the number of full {unit} from {date} to today",
            "vp: calculate the {unit} elapsed since {date}",
        ],
        2,
    ),
    Intent(
        "days_between",
        b_days_between("minus"),
        [
            "np: the days between {a} and {b}",
            "np: how many days from {a} to {b}",
            "vp: count the days between {a} and {b}",
        ],
        2,
    ),
    Intent(
        "datedif_days",
        b_days_between("DATEDIF"),
        ["np: the number of days from {a} to {b} using DATEDIF", "vp: use datedif to count days between {a} and {b}"],
        None,
    ),
    Intent(
        "networkdays",
        b_days_between("NETWORKDAYS"),
        [
            "np: the working days between {a} and {b}",
            "np: the number of business days from {a} to {b}",
            "vp: count weekdays between {a} and {b}",
        ],
        2,
    ),
    Intent(
        "overdue",
        b_overdue,
        [
            "vp: mark Overdue if {date} is before today, otherwise OK",
            "np: Overdue when {date} has passed, else OK",
            "vp: flag past-due {date} as Overdue",
        ],
        2,
    ),
    Intent(
        "after_date",
        b_after_date,
        ["vp: check which {date} are after {d}", "np: {date} later than {d}", "vp: look at {date} on or after {d}"],
        2,
    ),
    Intent(
        "weekend",
        b_weekend,
        ["vp: say Weekend or Weekday for {date}", "np: whether {date} falls on a weekend (Weekend/Weekday)"],
        1,
    ),
    Intent(
        "product",
        b_two("PRODUCT({a},{b})"),
        ["np: the PRODUCT of {a} and {b}", "vp: use PRODUCT to multiply {a} and {b}"],
        None,
    ),
    Intent(
        "concatenate",
        b_two('CONCATENATE({a}," ",{b})', TEXTISH, TEXTISH),
        ["vp: concatenate {a} and {b} with a space", "np: {a} concatenated with {b}, space between"],
        1,
    ),
    Intent("trunc", b_one("TRUNC({x})", ("dec", "money")), ["vp: truncate {num}", "np: {num} truncated"], None),
    Intent(
        "ceiling",
        b_one("CEILING({x},10)", MEASURE),
        ["vp: round {num} up to the next multiple of 10", "np: {num} rounded up to a multiple of 10"],
        1,
    ),
    Intent(
        "istext",
        b_one("ISTEXT({x})", ("text", "name", "category", "int")),
        ["vp: check whether {col} is text", "np: TRUE when {col} holds text"],
        1,
    ),
    Intent(
        "iserror",
        b_two("ISERROR({a}/{b})"),
        ["vp: check if {a} divided by {b} gives an error", "np: TRUE when {a}/{b} is an error"],
        1,
    ),
    Intent(
        "rept",
        b_one('REPT("*",ROUND({x}/10,0))', ("int",)),
        ["np: a bar of stars for {num}, one per 10", "vp: draw {num} as stars, one star per 10"],
        1,
    ),
    Intent(
        "sign",
        b_two("SIGN({a}-{b})"),
        ["np: the sign of {a} minus {b}", "vp: show 1, 0 or -1 for {a} compared with {b}"],
        1,
    ),
    Intent("days_fn", b_days_fn, ["np: the DAYS between {a} and {b}", "vp: use DAYS to count from {a} to {b}"], 1),
    Intent(
        "if_cols",
        b_if_cols,
        [
            "vp: show {hi} if {a} is {cmp} {b}, otherwise {lo}",
            "np: {hi} when {a} is {cmp} {b}, else {lo}",
            "vp: flag {hi} where {a} is {cmp} {b} and {lo} elsewhere",
        ],
        2,
    ),
    Intent(
        "bool_count",
        b_bool_count,
        ["np: how many rows are {state}", "vp: count the {state} rows", "np: the number of entries that are {state}"],
        2,
    ),
    Intent(
        "bool_sum",
        b_bool_sum,
        ["np: total {num} where {col} is TRUE", "np: the sum of {num} for rows with {col}",
         "vp: add up {num} for the {col} rows"],
        1,
    ),
    Intent(
        "bool_label",
        b_bool_label,
        ["vp: show {hi} if {col} is TRUE, otherwise {lo}", "np: {hi} for {col} rows and {lo} for the others",
         "vp: say {hi} when {col}, else {lo}"],
        2,
    ),
    Intent(
        "plus_rate",
        b_plus_rate,
        ["np: {num} plus the {rate}", "np: {num} including {rate}", "np: {num} with {rate} added on",
         "vp: increase {num} by {rate}"],
        3,
    ),
    Intent(
        "rate_amount",
        b_rate_amount,
        ["np: the {rate} amount on {num}", "np: the {rate} of {num} in dollars", "vp: work out {rate} of {num}",
         "np: how much {rate} comes to on {num}"],
        3,
    ),
    Intent(
        "per_period",
        b_per_period,
        ["np: the {adj} {num}", "np: {num} per {per}", "vp: turn {num} into a {adj} figure",
         "np: {num} as a {adj} amount"],
        3,
    ),
    Intent(
        "first_name",
        b_name_part(True),
        ["np: the first name from {col}", "vp: take just the first name out of {col}", "np: {col} up to the space",
         "np: first name only of {col}"],
        2,
    ),
    Intent(
        "last_name",
        b_name_part(False),
        ["np: the last name from {col}", "vp: get the surname out of {col}", "np: the part of {col} after the space"],
        1,
    ),
    Intent(
        "quarter",
        b_quarter,
        ["np: the quarter of {col}", "vp: work out which quarter {col} falls in", "np: the quarter number of {col}",
         "np: {col} as a quarter"],
        2,
    ),
    Intent(
        "vlookup",
        b_vlookup,
        [
            "vp: look up the {value} for {key} on the {sheet} sheet",
            "np: the {value} from {sheet} matching {key}",
            "vp: pull {value} from the {sheet} tab using {key}",
            "vp: find each {key}'s {value} in {sheet}",
        ],
        3,
    ),
]

assert len({i.name for i in INTENTS}) == len(INTENTS)


def templates() -> list[tuple[str, int, int, str]]:
    """Every (intent, core index, wrapper index, template text)."""
    out = []
    for it in INTENTS:
        for ci, core in enumerate(it.cores):
            kind, text = core.split(": ", 1)
            wrappers = VP_WRAPPERS if kind == "vp" else NP_WRAPPERS
            for wi, w in enumerate(wrappers):
                out.append((it.name, ci, wi, w.replace("{vp}" if kind == "vp" else "{np}", text)))
    return out


def is_held_out(intent: Intent, core: int, wrapper: int) -> bool:
    return wrapper in HELD_OUT_WRAPPERS or (intent.held_out_core is not None and core == intent.held_out_core)
