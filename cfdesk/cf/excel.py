"""Rules as real Excel conditional formatting, written with openpyxl.

Each rule becomes the native rule type Excel itself would write (cellIs, top10,
aboveAverage, duplicateValues, containsText, beginsWith, endsWith, containsBlanks,
containsErrors, timePeriod, colorScale, dataBar, iconSet), with the formula Excel stores
beside it. A rule on a column c[i] that highlights whole rows, and AND/OR/NOT, become an
expression rule with mixed references ($C2) applied to the whole range.

``formula_for`` gives every highlighting rule as one Excel formula for the range's first
row, which is what expression rules need and what the tests use to check the interpreter
against the evaluator.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.formatting.rule import (
    CellIsRule,
    ColorScaleRule,
    DataBarRule,
    FormulaRule,
    IconSetRule,
    Rule,
)
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter

from cfdesk.cf import rules as R
from cfdesk.errors import RuleError

DEFAULT_FILL = "FFC7CE"  # Excel's "Light Red Fill with Dark Red Text"
DEFAULT_FONT = "9C0006"

_CELLIS = {"GreaterThan": "greaterThan", "LessThan": "lessThan",
           "GreaterThanEqual": "greaterThanOrEqual", "LessThanEqual": "lessThanOrEqual",
           "Equals": "equal", "NotEquals": "notEqual", "Between": "between",
           "NotBetween": "notBetween"}
_OPS = {"GreaterThan": ">", "LessThan": "<", "GreaterThanEqual": ">=", "LessThanEqual": "<=",
        "Equals": "=", "NotEquals": "<>"}
_PERIODS = {"Yesterday": "yesterday", "Today": "today", "Tomorrow": "tomorrow",
            "Last7Days": "last7Days", "LastWeek": "lastWeek", "ThisWeek": "thisWeek",
            "NextWeek": "nextWeek", "LastMonth": "lastMonth", "ThisMonth": "thisMonth",
            "NextMonth": "nextMonth"}


@dataclass
class Target:
    """Where a rule goes: the range, its first row, and the column the rule tests."""

    r1: int
    c1: int
    r2: int
    c2: int
    col: int  # the tested column

    @property
    def cell(self) -> str:  # the first tested cell, relative: B2
        return f"{get_column_letter(self.col)}{self.r1}"

    @property
    def row_cell(self) -> str:  # column fixed, row relative: $B2 (for whole-row rules)
        return f"${get_column_letter(self.col)}{self.r1}"

    @property
    def column_range(self) -> str:  # $B$2:$B$20
        L = get_column_letter(self.col)
        return f"${L}${self.r1}:${L}${self.r2}"

    @property
    def sqref_column(self) -> str:
        L = get_column_letter(self.col)
        return f"{L}{self.r1}:{L}{self.r2}"

    @property
    def sqref_range(self) -> str:
        return f"{get_column_letter(self.c1)}{self.r1}:{get_column_letter(self.c2)}{self.r2}"


def _lit(a) -> str:
    if isinstance(a, (R.Num, R.Cell)):  # a cell goes in as a reference: =$E$13
        return a.text
    return '"' + a.value.replace('"', '""') + '"'


def _boolean_text(a) -> bool:
    """Whether a rule's argument is the text TRUE or FALSE: the interpreter matches it to a
    boolean cell as well, and Excel's cell-value rule "equal to "TRUE"" would not."""
    return isinstance(a, R.Text) and a.value.strip().upper() in ("TRUE", "FALSE")


def formula_for(rule: R.AnyRule, t: Target, anchored: bool = False) -> str:
    """The rule as an Excel formula for the first row (without '='), TRUE where it applies.

    ``anchored`` fixes the column ($B2) so the formula can format whole rows.
    """
    if isinstance(rule, R.FormulaRule):
        return rule.formula.lstrip("=")
    if rule.column is not None:
        t = Target(t.r1, t.c1, t.r2, t.c2, t.c1 + rule.column)
    x = t.row_cell if anchored else t.cell
    rng = t.column_range
    n = rule.name
    if n in _OPS:  # exactly Excel's cell-value comparison: blank is 0, text above numbers
        return f"{x}{_OPS[n]}{_lit(rule.args[0])}"
    if n in ("Between", "NotBetween"):
        lo, hi = rule.args
        inner = f"AND({x}>=MIN({lo.text},{hi.text}),{x}<=MAX({lo.text},{hi.text}))"
        return inner if n == "Between" else f"NOT({inner})"
    if n == "TextEquals":
        if _boolean_text(rule.args[0]):  # a TRUE/FALSE cell, or the text: Excel's = tells them apart
            return f'AND({x}<>"",OR({x}={_lit(rule.args[0])},{x}={rule.args[0].value.upper()}))'
        return f'AND({x}<>"",{x}={_lit(rule.args[0])})'
    if n == "TextContains":
        return f"NOT(ISERROR(SEARCH({_lit(rule.args[0])},{x})))"
    if n == "TextNotContains":
        return f"ISERROR(SEARCH({_lit(rule.args[0])},{x}))"
    if n == "TextStartsWith":
        t_ = _lit(rule.args[0])
        return f'AND({x}<>"",LEFT({x},LEN({t_}))={t_})'
    if n == "TextEndsWith":
        t_ = _lit(rule.args[0])
        return f'AND({x}<>"",RIGHT({x},LEN({t_}))={t_})'
    if n in ("Top", "Bottom"):
        k = rule.args[0].text
        count = f"MAX(1,INT(COUNT({rng})*{k}/100))" if rule.percent else k
        if n == "Top":
            return f"AND(ISNUMBER({x}),{x}>=LARGE({rng},MIN({count},COUNT({rng}))))"
        return f"AND(ISNUMBER({x}),{x}<=SMALL({rng},MIN({count},COUNT({rng}))))"
    if n == "AboveAverage":
        return f"AND(ISNUMBER({x}),{x}>AVERAGE({rng}))"
    if n == "BelowAverage":
        return f"AND(ISNUMBER({x}),{x}<AVERAGE({rng}))"
    if n == "Duplicate":
        return f'AND({x}<>"",COUNTIF({rng},{x})>1)'
    if n == "Unique":
        return f'AND({x}<>"",COUNTIF({rng},{x})=1)'
    if n == "Blanks":
        return f"LEN(TRIM({x}))=0"
    if n == "NoBlanks":
        return f"LEN(TRIM({x}))>0"
    if n == "Errors":
        return f"ISERROR({x})"
    if n == "NoErrors":
        return f"NOT(ISERROR({x}))"
    if n in ("AND", "OR"):
        return f"{n}(" + ",".join(formula_for(s, t, anchored) for s in rule.args) + ")"
    if n == "NOT":
        return f"NOT({formula_for(rule.args[0], t, anchored)})"
    if n in _PERIODS:
        return _period_formula(n, x)
    if n in R.VISUAL:
        return "TRUE"
    raise RuleError(f"{n} has no formula form")


def _period_formula(n: str, x: str) -> str:
    # The formulas Excel itself stores with timePeriod rules.
    return {
        "Yesterday": f"FLOOR({x},1)=TODAY()-1",
        "Today": f"FLOOR({x},1)=TODAY()",
        "Tomorrow": f"FLOOR({x},1)=TODAY()+1",
        "Last7Days": f"AND(TODAY()-FLOOR({x},1)<=6,FLOOR({x},1)<=TODAY())",
        "LastWeek": f"AND(TODAY()-ROUNDDOWN({x},0)>=(WEEKDAY(TODAY())),"
                    f"TODAY()-ROUNDDOWN({x},0)<(WEEKDAY(TODAY())+7))",
        "ThisWeek": f"AND(TODAY()-ROUNDDOWN({x},0)<=WEEKDAY(TODAY())-1,"
                    f"ROUNDDOWN({x},0)-TODAY()<=7-WEEKDAY(TODAY()))",
        "NextWeek": f"AND(ROUNDDOWN({x},0)-TODAY()>(7-WEEKDAY(TODAY())),"
                    f"ROUNDDOWN({x},0)-TODAY()<(15-WEEKDAY(TODAY())))",
        "LastMonth": f"AND(MONTH({x})=MONTH(EDATE(TODAY(),0-1)),YEAR({x})=YEAR(EDATE(TODAY(),0-1)))",
        "ThisMonth": f"AND(MONTH({x})=MONTH(TODAY()),YEAR({x})=YEAR(TODAY()))",
        "NextMonth": f"AND(MONTH({x})=MONTH(EDATE(TODAY(),0+1)),YEAR({x})=YEAR(EDATE(TODAY(),0+1)))",
    }[n]


def _style(color: str) -> DifferentialStyle:
    color = color.lstrip("#").upper()
    font = Font(color=DEFAULT_FONT) if color == DEFAULT_FILL else None
    return DifferentialStyle(font=font, fill=PatternFill(bgColor=color, fill_type="solid"))


def normalize_color(color: str | None) -> str:
    if not color:
        return DEFAULT_FILL
    c = color.strip().lstrip("#").upper()
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    if len(c) != 6 or any(ch not in "0123456789ABCDEF" for ch in c):
        raise RuleError(f"colour {color!r} is not a hex colour like FFC7CE or #ffc7ce")
    return c


def excel_rule(rule: R.AnyRule, t: Target, *, whole_rows: bool = False, color: str | None = None
               ) -> tuple[str, Rule]:
    """(sqref, openpyxl rule) for writing ``rule`` on target ``t``."""
    color = normalize_color(color)
    dxf = _style(color)
    if isinstance(rule, R.Rule) and rule.name in R.VISUAL:
        col = t.c1 + rule.column if rule.column is not None else t.col
        sq = Target(t.r1, t.c1, t.r2, t.c2, col).sqref_column
        if rule.name == "ColorScale":
            return sq, ColorScaleRule(start_type="min", start_color="F8696B", mid_type="percentile",
                                      mid_value=50, mid_color="FFEB84", end_type="max",
                                      end_color="63BE7B")
        if rule.name == "DataBar":
            return sq, DataBarRule(start_type="min", end_type="max", color="638EC6", showValue=True)
        return sq, IconSetRule("3TrafficLights1", "percent", [0, 33, 67])
    # Excel's text rules (containsText...) hold a literal text, not a cell: those go as formulas
    expression_only = (isinstance(rule, R.FormulaRule) or whole_rows
                       or rule.name in ("AND", "OR", "NOT")
                       or (rule.name.startswith("Text") and any(isinstance(a, R.Cell) for a in rule.args)))
    if expression_only:
        if isinstance(rule, R.FormulaRule):
            f = rule.formula.lstrip("=")
        else:
            # $C2: the column fixed, the row moving, so every cell of a row tests its row's C.
            f = formula_for(rule, t, anchored=whole_rows)
        sq = t.sqref_range if whole_rows or isinstance(rule, R.FormulaRule) else _sq(rule, t)
        return sq, FormulaRule(formula=[f], fill=dxf.fill, font=dxf.font)
    col = t.c1 + rule.column if rule.column is not None else t.col
    t = Target(t.r1, t.c1, t.r2, t.c2, col)
    sq = t.sqref_column
    n = rule.name
    x = t.cell
    if n in _CELLIS:
        if n in ("Between", "NotBetween"):
            lo, hi = sorted(rule.args, key=lambda a: a.value)
            return sq, CellIsRule(operator=_CELLIS[n], formula=[lo.text, hi.text], fill=dxf.fill,
                                  font=dxf.font)
        return sq, CellIsRule(operator=_CELLIS[n], formula=[_lit(rule.args[0])], fill=dxf.fill,
                              font=dxf.font)
    if n == "TextEquals" and _boolean_text(rule.args[0]):
        return sq, FormulaRule(formula=[formula_for(rule, t)], fill=dxf.fill, font=dxf.font)
    if n == "TextEquals":
        return sq, CellIsRule(operator="equal", formula=[_lit(rule.args[0])], fill=dxf.fill,
                              font=dxf.font)
    text_types = {"TextContains": ("containsText", "containsText"),
                  "TextNotContains": ("notContainsText", "notContains"),
                  "TextStartsWith": ("beginsWith", "beginsWith"),
                  "TextEndsWith": ("endsWith", "endsWith")}
    if n in text_types:
        typ, op = text_types[n]
        return sq, Rule(type=typ, operator=op, text=rule.args[0].value, dxf=dxf,
                        formula=[formula_for(rule, t)])
    if n in ("Top", "Bottom"):
        k = rule.args[0].value
        return sq, Rule(type="top10", rank=int(k), percent=rule.percent or None,
                        bottom=True if n == "Bottom" else None, dxf=dxf)
    if n in ("AboveAverage", "BelowAverage"):
        return sq, Rule(type="aboveAverage", aboveAverage=n == "AboveAverage", dxf=dxf)
    if n == "Duplicate":
        return sq, Rule(type="duplicateValues", dxf=dxf)
    if n == "Unique":
        return sq, Rule(type="uniqueValues", dxf=dxf)
    simple = {"Blanks": "containsBlanks", "NoBlanks": "notContainsBlanks",
              "Errors": "containsErrors", "NoErrors": "notContainsErrors"}
    if n in simple:
        return sq, Rule(type=simple[n], dxf=dxf, formula=[formula_for(rule, t)])
    if n in _PERIODS:
        return sq, Rule(type="timePeriod", timePeriod=_PERIODS[n], dxf=dxf,
                        formula=[_period_formula(n, x)])
    raise RuleError(f"cannot write rule {n}")


def _sq(rule: R.AnyRule, t: Target) -> str:
    col = t.c1 + rule.column if isinstance(rule, R.Rule) and rule.column is not None else t.col
    return Target(t.r1, t.c1, t.r2, t.c2, col).sqref_column


def add_rule(editor, sheet: str | None, range_ref: str, rule: R.AnyRule, sd, *,
             color: str | None = None, whole_rows: bool | None = None) -> tuple[str, Rule]:
    """Add a rule to an open Editor's sheet; returns (sqref, rule written).

    ``whole_rows`` defaults to True for a rule on a named column c[i], or an AND/OR/NOT of
    such rules (highlight the rows where that column matches), and False otherwise
    (highlight the matching cells).
    """
    from cfdesk.cf.interpret import default_column
    from cfdesk.errors import SheetError
    from cfdesk.workbook import parse_range

    try:
        r1, c1, r2, c2 = parse_range(range_ref)
    except SheetError as e:
        raise RuleError(str(e)) from None
    if isinstance(rule, R.Rule) and rule.column is not None and c1 + rule.column > c2:
        width = c2 - c1 + 1
        raise RuleError(f"column c[{rule.column}] is outside the range {range_ref}, which has "
                        f"{width} column{'s' if width != 1 else ''}")
    if whole_rows is None:  # AND/OR/NOT of named columns too ("members not in London")
        whole_rows = (isinstance(rule, R.Rule) and rule.name not in R.VISUAL
                      and any(k is not None for k in R.tested_columns(rule)))
    t = Target(r1, c1, r2, c2, default_column(sd, (r1, c1, r2, c2)))
    sq, xrule = excel_rule(rule, t, whole_rows=whole_rows, color=color)
    ws = editor.sheet(sheet)
    ws.conditional_formatting.add(sq, xrule)
    editor.changed.append(f"{ws.title}!{sq}")
    return sq, xrule
