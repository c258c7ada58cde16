"""Evaluating a formula for a target cell against a sheet's values, with ``formulas``.

A formula is parsed by cfdesk's own parser first (clear syntax errors, unknown functions
caught before the engine sees them), printed in a form the engine handles correctly, then
compiled once by ``formulas`` and fed the referenced ranges by name: blanks as schedula's
EMPTY, dates as serial numbers. Fill-down previews reuse the compiled function with every
relative input shifted, instead of recompiling each row.

Known defects of formulas 1.3.4 are corrected here, so they never reach a user:
- ``--x`` (double unary) returned x unchanged (``--TRUE`` gave TRUE, ``--"3"`` gave "3");
  the tree is printed as ``-(-x)``, which the engine evaluates correctly.
- TRIM used str.strip and kept inner runs of spaces; Excel collapses them to one.
- DATEDIF compared the unit before upper-casing it, so "d" gave #NUM!.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import signal
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cfdesk.errors import CfdeskError, FormulaSyntaxError
from cfdesk.formula import parser as P
from cfdesk.formula.lexer import shift_ref, split_sheet

logging.getLogger("schedula").setLevel(logging.CRITICAL)
logging.getLogger("formulas").setLevel(logging.CRITICAL)

import formulas  # noqa: E402  (after the loggers are quietened)
import schedula as sh  # noqa: E402
from formulas.functions import Error as XlErrors  # noqa: E402
from formulas.functions import text2num, wrap_ufunc  # noqa: E402
from formulas.functions.date import xdatedif  # noqa: E402
from formulas.functions.text import _kw1  # noqa: E402

FUNCTIONS = formulas.get_functions()
FUNCTIONS["TRIM"] = wrap_ufunc(lambda s: re.sub(" {2,}", " ", s.strip(" ")), **_kw1)
FUNCTIONS["DATEDIF"] = wrap_ufunc(
    lambda s, e, u: xdatedif(s, e, u.upper() if isinstance(u, str) else u),
    input_parser=lambda *a: text2num(a))

# Excel functions that ``formulas`` does not implement: known names, so "unsupported",
# not "unknown function".
KNOWN_UNSUPPORTED = frozenset({
    "INDIRECT", "OFFSET", "LET", "LAMBDA", "AGGREGATE", "SUBTOTAL", "HYPERLINK", "CELL", "INFO",
    "GETPIVOTDATA", "RANK.AVG", "PERCENTILE.INC", "PERCENTILE.EXC", "QUARTILE.INC",
    "QUARTILE.EXC", "MODE.SNGL", "MODE.MULT", "STDEV.S", "STDEV.P", "VAR.S", "VAR.P",
    "CEILING.MATH", "FLOOR.MATH", "WORKDAY.INTL", "NETWORKDAYS.INTL", "DOLLAR", "FORMULATEXT",
    "SHEET", "SHEETS", "SEQUENCE", "RANDARRAY", "IMAGE", "WEBSERVICE", "FILTERXML", "ENCODEURL",
    "ISOMITTED", "COLORSUM", "EVALUATE", "CALL", "RTD", "CUBEVALUE", "DBCS", "JIS", "PHONETIC",
    "DSUM", "DCOUNT", "DCOUNTA", "DAVERAGE", "DMAX", "DMIN", "DGET", "DPRODUCT", "DSTDEV",
    "DVAR", "CHISQ.TEST", "T.TEST", "NORM.DIST", "NORM.INV", "NORM.S.DIST", "NORM.S.INV",
    "COVARIANCE.P", "COVARIANCE.S", "CONFIDENCE.NORM", "FORECAST.LINEAR", "ERROR.TYPE",
})

ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")
DEFAULT_TIMEOUT = 2.0


def is_known_function(name: str) -> bool:
    name = P.strip_prefix(name)
    return name in FUNCTIONS or name in KNOWN_UNSUPPORTED


def is_supported_function(name: str) -> bool:
    return P.strip_prefix(name) in FUNCTIONS


@dataclass
class Result:
    """The outcome of evaluating one formula at one cell.

    kind: "value" (value holds it), "error" (value holds the Excel error code, such as
    "#DIV/0!"), "unsupported" (a real Excel function cfdesk cannot evaluate), "syntax"
    (the formula does not parse), "timeout".
    """

    kind: str
    value: Any = None
    message: str = ""
    array: list[list[Any]] | None = None  # the whole result when it spills
    cell: str = ""
    formula: str = ""

    @property
    def ok(self) -> bool:
        return self.kind == "value"

    def display(self) -> str:
        if self.kind in ("value", "error"):
            return format_value(self.value)
        return f"({self.kind}: {self.message})"

    def to_json(self) -> dict:
        return {"kind": self.kind, "value": _jsonable(self.value), "message": self.message,
                "cell": self.cell, "formula": self.formula}


def _jsonable(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def format_value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return f"{v:.10g}"
    return str(v)


# ---------------------------------------------------------------- printing for the engine


def engine_text(node: P.Node) -> str:
    """Print a tree for ``formulas``: --x as -(-x), which the engine evaluates correctly."""
    return "=" + P.to_text(node, paren_double_negation=True)


@dataclass
class Compiled:
    fn: Any
    inputs: list[str]  # the engine's input names: upper case, '$' dropped
    text: str
    originals: list[str] | None = None  # the same references as written ($ kept), for shifting


def _norm_ref(ref: str) -> str:
    sheet, area = split_sheet(ref)
    area = area.replace("$", "").upper()
    if sheet is None:
        return area
    from cfdesk.formula.lexer import quote_sheet

    return quote_sheet(sheet).upper() + "!" + area


@functools.lru_cache(maxsize=1024)
def _compile(text: str) -> Compiled:
    fn = formulas.Parser().ast(text)[1].compile()
    inputs = list(fn.inputs)
    # The engine forgets which parts were absolute; recover them from the formula's own
    # references so fill-down can shift inputs without recompiling. Where one input stands
    # for two spellings (B2 and $B$2), shifting is ambiguous and fill-down recompiles.
    seen: dict[str, set[str]] = {}
    for n in P.walk(P.parse(text)):
        if isinstance(n, P.Ref):
            seen.setdefault(_norm_ref(n.text), set()).add(n.text)
    originals: list[str] | None = []
    for name in inputs:
        spellings = seen.get(name) or seen.get(_norm_ref(name))
        if not spellings or len({s.upper() for s in spellings}) != 1:
            originals = None
            break
        originals.append(next(iter(spellings)))
    return Compiled(fn, inputs, text, originals)


def check(formula: str) -> tuple[P.Node | None, Result | None]:
    """Parse and vet a formula; a Result when it cannot be evaluated at all."""
    f = formula.strip()
    if not f.startswith("="):
        f = "=" + f
    try:
        tree = P.parse(f)
    except FormulaSyntaxError as e:
        return None, Result("syntax", None, str(e), formula=formula)
    for n in P.walk(tree):
        if isinstance(n, P.Func):
            if not is_known_function(n.name):
                return tree, Result("error", "#NAME?", f"unknown function {n.name}()",
                                    formula=formula)
            if not is_supported_function(n.name):
                return tree, Result("unsupported", None,
                                    f"{n.name}() is not supported by cfdesk's evaluator",
                                    formula=formula)
        if isinstance(n, P.Name):
            return tree, Result("error", "#NAME?", f"unknown name {n.text!r}", formula=formula)
    return tree, None


# ---------------------------------------------------------------- feeding inputs


class _Timeout(Exception):
    pass


def _run_limited(fn, timeout: float):
    """Run fn() with a hard wall-clock limit.

    In the main thread a SIGALRM timer interrupts the computation itself. Elsewhere (the
    app's worker threads) the call runs in a daemon thread that is abandoned at the limit.
    """
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        def on_alarm(signum, frame):
            raise _Timeout()

        old = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            return fn()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
    box: dict[str, Any] = {}

    def run():
        try:
            box["r"] = fn()
        except BaseException as e:  # noqa: BLE001 (handed back to the caller below)
            box["e"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise _Timeout()
    if "e" in box:
        raise box["e"]
    return box["r"]


def _to_engine(v: Any) -> Any:
    if v is None:
        return sh.EMPTY
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        from cfdesk.workbook import to_serial

        return to_serial(v)
    if isinstance(v, str) and v in ERROR_CODES:
        return XlErrors.errors[v]
    return v


def _from_engine(v: Any) -> Any:
    if v is sh.EMPTY:
        return 0
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return int(v)
    if type(v).__name__ == "XlError":
        return str(v)
    return v


_AREA_RE = re.compile(r"^\$?([A-Z]{1,3})?\$?(\d+)?(?::\$?([A-Z]{1,3})?\$?(\d+)?)?$")


def _col_num(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


@dataclass
class Grid:
    """Values a formula can read: the current sheet plus the workbook's other sheets."""

    sheet: Any  # SheetData
    others: dict[str, Any] = field(default_factory=dict)  # sheet name -> SheetData
    check_circular: bool = True  # off for conditional-formatting formulas, which live in no cell

    def __post_init__(self) -> None:
        # Excel's sheet names are case-insensitive, and the engine upper-cases them.
        self.others = {name.upper(): sd for name, sd in self.others.items()}

    def lookup_sheet(self, name: str | None):
        if name is None:
            return self.sheet
        key = name.upper()
        if key == self.sheet.name.upper():
            return self.sheet
        return self.others.get(key)


def _bounds(area: str, sd) -> tuple[int, int, int, int] | None:
    m = _AREA_RE.match(area.upper())
    if not m:
        return None
    c1, r1, c2, r2 = m.groups()
    if m.group(0).count(":") == 0:
        c2, r2 = c1, r1
    max_row = max(sd.max_row, 1)
    max_col = max(sd.max_col, 1)
    rr1 = int(r1) if r1 else 1
    rr2 = int(r2) if r2 else max_row  # whole columns end at the data's last row
    cc1 = _col_num(c1) if c1 else 1
    cc2 = _col_num(c2) if c2 else max_col  # whole rows end at the data's last column
    if not r1 and not r2:
        rr1, rr2 = 1, max_row
    return min(rr1, rr2), min(cc1, cc2), max(rr1, rr2), max(cc1, cc2)


def _input_value(name: str, grid: Grid, target: tuple[str, int, int]) -> Any:
    sheet_name, area = split_sheet(name)
    if area.startswith("[") or (sheet_name and sheet_name.startswith("[")):
        raise _InputError("#REF!", f"external reference {name} cannot be read")
    sd = grid.lookup_sheet(sheet_name)
    if sd is None:
        raise _InputError("#REF!", f"the formula refers to a sheet that does not exist: {sheet_name}")
    b = _bounds(area, sd)
    if b is None:
        raise _InputError("#NAME?", f"cannot read reference {name}")
    r1, c1, r2, c2 = b
    if sd is grid.sheet and grid.check_circular:
        up = area.upper()
        whole_cols = not re.search(r"\d", up)  # A:A reaches row 1,048,576, not just the data
        whole_rows = not re.search(r"[A-Z]", up)
        nr2 = 1_048_576 if whole_cols else r2
        nc2 = 16_384 if whole_rows else c2
        if r1 <= target[1] <= nr2 and c1 <= target[2] <= nc2:
            raise _Circular(name)
    if r1 == r2 and c1 == c2 and ":" not in area:
        arr = np.empty((1, 1), dtype=object)
        arr[0, 0] = _to_engine(sd.values.get((r1, c1)))
        return _ranges(sheet_name, r1, c1, r2, c2, arr)
    if (r2 - r1 + 1) * (c2 - c1 + 1) > 5_000_000:
        raise _InputError("#REF!", f"range {name} is too large to evaluate")
    arr = np.empty((r2 - r1 + 1, c2 - c1 + 1), dtype=object)
    arr.fill(sh.EMPTY)
    vals = sd.values
    if len(vals) < arr.size:  # sparse sheet: walk its cells, not the range
        for (r, c), v in vals.items():
            if r1 <= r <= r2 and c1 <= c <= c2:
                arr[r - r1, c - c1] = _to_engine(v)
    else:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                v = vals.get((r, c))
                if v is not None:
                    arr[r - r1, c - c1] = _to_engine(v)
    return _ranges(sheet_name, r1, c1, r2, c2, arr)


def _ranges(sheet: str | None, r1: int, c1: int, r2: int, c2: int, arr: np.ndarray):
    """Inputs go in as the engine's Ranges, which ROWS, COLUMNS, ROW and COLUMN need."""
    from openpyxl.utils import get_column_letter

    from cfdesk.formula.lexer import quote_sheet

    ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"
    if sheet is not None:
        ref = quote_sheet(sheet) + "!" + ref
    return formulas.Ranges().push(ref, arr)


class _InputError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class _Circular(Exception):
    pass


def _result_of(raw: Any) -> tuple[Any, list[list[Any]] | None]:
    if isinstance(raw, np.ndarray):
        if raw.ndim == 0:
            return _from_engine(raw.item() if hasattr(raw, "item") else raw[()]), None
        arr2 = raw if raw.ndim == 2 else raw.reshape(1, -1)
        if arr2.size == 0:
            return None, None
        rows = [[_from_engine(x) for x in row] for row in arr2.tolist()]
        return rows[0][0], (rows if arr2.size > 1 else None)
    return _from_engine(raw), None


def evaluate_compiled(comp: Compiled, grid: Grid, row: int, col: int, drow: int = 0,
                      timeout: float = DEFAULT_TIMEOUT) -> Result:
    """Evaluate a compiled formula as if written at (row, col), inputs shifted by drow."""
    from cfdesk.workbook import a1

    cell = a1(row, col)
    if drow and comp.originals is None:  # ambiguous inputs: recompile the moved formula
        from cfdesk.formula.lexer import translate

        try:
            comp = _compile(translate(comp.text, drow))
        except Exception as e:  # noqa: BLE001 (the engine raises many kinds; the user gets one line)
            return Result("unsupported", None, f"cannot evaluate: {_short(e)}", cell=cell)
        drow = 0
    names = [shift_ref(o, drow) for o in comp.originals] if drow else comp.inputs
    if "#REF!" in names:
        return Result("error", "#REF!", "a reference moved off the sheet", cell=cell)
    target = (grid.sheet.name, row, col)
    return _run_engine(lambda: comp.fn(*[_input_value(n, grid, target) for n in names]), cell, timeout)


def _run_engine(call, cell: str, timeout: float) -> Result:
    """Run a compiled formula's call under the time limit; every outcome as a Result."""
    try:
        raw = _run_limited(call, timeout)
    except _Circular as e:
        return Result("error", "#CIRCULAR!", f"circular reference: the formula reads {e} "
                      f"which contains its own cell {cell}", cell=cell)
    except _InputError as e:
        return Result("error", e.code, str(e), cell=cell)
    except _Timeout:
        return Result("timeout", None, f"evaluation took longer than {timeout:g} s", cell=cell)
    except RecursionError:
        return Result("unsupported", None, "formula too deeply nested", cell=cell)
    except Exception as e:  # noqa: BLE001 (the engine raises many kinds; the user gets one line)
        return Result("unsupported", None, f"cannot evaluate: {_short(e)}", cell=cell)
    value, array = _result_of(raw)
    if isinstance(value, str) and value in ERROR_CODES:
        return Result("error", value, _error_help(value), array, cell=cell)
    return Result("value", value, "", array, cell=cell)


def _short(e: Exception) -> str:
    msg = str(e).strip().splitlines()
    return (msg[-1] if msg else type(e).__name__)[:160]


def _error_help(code: str) -> str:
    return {
        "#DIV/0!": "division by zero",
        "#N/A": "value not available (a lookup found no match)",
        "#VALUE!": "wrong type of value (for example text where a number is needed)",
        "#REF!": "invalid reference",
        "#NAME?": "unknown name or function",
        "#NUM!": "invalid number",
        "#NULL!": "ranges do not intersect",
    }.get(code, "")


def _uses_position(tree: P.Node) -> bool:
    return any(isinstance(n, P.Func) and n.name in ("ROW", "COLUMN") and not n.args
               for n in P.walk(tree))


def _bind_position(tree: P.Node, row: int, col: int) -> P.Node:
    """ROW() and COLUMN() with no argument mean the formula's own cell, which the engine
    cannot know: they become the numbers themselves."""
    def bind(n: P.Node) -> P.Node | None:
        if isinstance(n, P.Func) and not n.args and n.name in ("ROW", "COLUMN"):
            return P.Number(str(row if n.name == "ROW" else col))
        return None

    return P.map_tree(tree, bind)


def evaluate_in_sheet(formula: str, sheet, row: int, col: int, *, others: dict | None = None,
                      timeout: float = DEFAULT_TIMEOUT, check_circular: bool = True) -> Result:
    """Evaluate ``formula`` as if entered at (row, col) of ``sheet`` (a SheetData)."""
    from cfdesk.workbook import a1

    cell = a1(row, col)
    tree, bad = check(formula)
    if bad is not None:
        bad.cell = cell
        return bad
    assert tree is not None
    if _uses_position(tree):
        tree = _bind_position(tree, row, col)
    text = engine_text(tree)
    try:
        comp = _compile(text)
    except Exception as e:  # noqa: BLE001
        return Result("syntax", None, f"the formula does not parse: {_short(e)}", cell=cell,
                      formula=formula)
    res = evaluate_compiled(comp, Grid(sheet, others or {}, check_circular), row, col, 0, timeout)
    res.formula = P.canonical(formula)
    return res


_HOIST_COL = "XEZ"  # a column no table reaches: placeholders live there, only by name


def shape_of(tree: P.Node) -> tuple[P.Node, list[tuple[str, str, object]]]:
    """The formula's shape: references and constants replaced by placeholder cells.

    Returns (tree of the shape, [(placeholder, "ref" | "const", original)]). Formulas that
    differ only in their references and constants share one shape, so they share one
    compiled function: compiling is most of the cost of evaluating a new formula.
    Constants inside array literals stay (arrays cannot hold references).
    """
    binds: list[tuple[str, str, object]] = []
    seen: dict[tuple[str, object], str] = {}

    def place(kind: str, value: object) -> P.Ref:
        key = (kind, value if kind == "ref" else repr(value))
        if key not in seen:
            seen[key] = f"{_HOIST_COL}{len(seen) + 1}"
            binds.append((seen[key], kind, value))
        return P.Ref(seen[key])

    def hoist(n: P.Node) -> P.Node | None:
        if isinstance(n, P.Ref):
            return place("ref", n.text)
        if isinstance(n, P.Number):
            return place("const", float(n.text))
        if isinstance(n, P.String):
            return place("const", n.value)
        if isinstance(n, P.Array):
            return n  # arrays cannot hold references: their constants stay
        return None

    return P.map_tree(tree, hoist), binds


def evaluate_by_shape(formula: str, sheet, row: int, col: int, *, others: dict | None = None,
                      timeout: float = DEFAULT_TIMEOUT) -> Result:
    """Like evaluate_in_sheet, but compiles one function per formula shape and feeds the
    references and constants as inputs. For bulk validation (data generation), where the
    same shapes recur with new constants; cross-checked against evaluate_in_sheet in tests."""
    from cfdesk.workbook import a1

    cell = a1(row, col)
    tree, bad = check(formula)
    if bad is not None:
        bad.cell = cell
        return bad
    if _uses_position(tree):
        tree = _bind_position(tree, row, col)
    shape, binds = shape_of(tree)
    try:
        comp = _compile(engine_text(shape))
    except Exception as e:  # noqa: BLE001
        return Result("syntax", None, f"the formula does not parse: {_short(e)}", cell=cell, formula=formula)
    by_name = {name: (kind, v) for name, kind, v in binds}
    grid = Grid(sheet, others or {}, True)
    target = (sheet.name, row, col)

    def feed(name: str):
        kind, v = by_name[name.upper()]
        if kind == "ref":
            return _input_value(v, grid, target)
        arr = np.empty((1, 1), dtype=object)
        arr[0, 0] = v
        return formulas.Ranges().push(f"{name}:{name}", arr)

    if any(n.upper() not in by_name for n in comp.inputs):
        return evaluate_in_sheet(formula, sheet, row, col, others=others, timeout=timeout)
    res = _run_engine(lambda: comp.fn(*[feed(n) for n in comp.inputs]), cell, timeout)
    res.formula = formula
    return res


def fill_down(formula: str, sheet, row: int, col: int, rows: int, *,
              others: dict | None = None, timeout: float = DEFAULT_TIMEOUT,
              check_circular: bool = True) -> list[Result]:
    """Results of the formula at (row, col) and copied to the next ``rows`` rows."""
    from cfdesk.formula.lexer import translate
    from cfdesk.workbook import a1

    first = evaluate_in_sheet(formula, sheet, row, col, others=others, timeout=timeout,
                              check_circular=check_circular)
    out = [first]
    if first.kind == "syntax" or rows <= 0:
        return out
    tree, bad = check(formula)
    if bad is not None or tree is None:
        return out
    if _uses_position(tree):  # ROW()/COLUMN() differ per row: evaluate each copy on its own
        for k in range(1, rows + 1):
            res = evaluate_in_sheet(translate(formula, k), sheet, row + k, col, others=others,
                                    timeout=timeout, check_circular=check_circular)
            out.append(res)
        return out
    comp = _compile(engine_text(tree))
    grid = Grid(sheet, others or {}, check_circular)
    for k in range(1, rows + 1):
        res = evaluate_compiled(comp, grid, row + k, col, k, timeout)
        try:
            res.formula = P.canonical(translate(formula, k))
        except CfdeskError:
            res.formula = ""
        res.cell = a1(row + k, col)
        out.append(res)
    return out


def values_equal(a: Any, b: Any, rel: float = 1e-9) -> bool:
    """Execution match: numbers to a relative tolerance, strings exactly, errors by code."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or (isinstance(a, bool) and isinstance(b, bool) and a == b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if a == b:
            return True
        return abs(a - b) <= rel * max(abs(a), abs(b))
    return a == b
