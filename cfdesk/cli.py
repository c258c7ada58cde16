"""The ``cfdesk`` command line.

Exit status: 0 ok, 1 failure (one-line reason on stderr), 2 usage error. ``--json`` on
each command prints one JSON object on stdout for scripts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from cfdesk.errors import CfdeskError, SheetError, UsageError


def _print_json(obj: dict) -> None:
    print(json.dumps(obj, indent=2, default=str, ensure_ascii=False))


def _sample_path() -> str:
    from cfdesk.sample import SAMPLE_PATH

    return str(SAMPLE_PATH)


# ---------------------------------------------------------------- inspect


def cmd_inspect(args: argparse.Namespace) -> int:
    from cfdesk.context import context_from_file, describe, serialize, to_json
    from cfdesk.workbook import open_reader, parse_a1

    path = args.file or _sample_path()
    if args.cell:
        parse_a1(args.cell)
    reader = open_reader(path)
    sheets = [(s.name, s.state) for s in reader.sheets]
    reader.close()
    names = [args.sheet] if args.sheet else [n for n, st in sheets if st == "visible"][:1] or [
        sheets[0][0]]
    ctx = context_from_file(path, names[0], args.cell.upper() if args.cell else None)
    if args.json:
        out = {"file": path, "sheets": [{"name": n, "state": st} for n, st in sheets]}
        out.update(to_json(ctx))
        _print_json(out)
        return 0
    print(f"{path}")
    print("Sheets: " + ", ".join(n + ("" if st == "visible" else f" ({st})") for n, st in sheets))
    print(describe(ctx))
    print("Context: " + serialize(ctx))
    return 0


# ---------------------------------------------------------------- eval

_FAILING = {"syntax", "unsupported", "timeout"}


def _failure(res) -> str | None:
    if res.kind in _FAILING:
        return res.message
    if res.kind == "error" and res.value in ("#NAME?", "#CIRCULAR!"):
        return res.message
    return None


def _load_target(path: str, sheet: str | None, cell: str):
    from cfdesk.workbook import open_book, parse_a1

    row, col = parse_a1(cell)
    book = open_book(path)
    try:
        sd = book.sheet(sheet)
        others = {}
        for n in book.sheet_names:
            if n != sd.name:
                try:
                    others[n.upper()] = book.sheet(n)
                except CfdeskError:
                    continue
    finally:
        book.close()
    return sd, others, row, col


def cmd_eval(args: argparse.Namespace) -> int:
    from cfdesk.formula.evaluate import fill_down
    from cfdesk.formula.explain import explain

    sd, others, row, col = _load_target(args.file, args.sheet, args.cell)
    results = fill_down(args.formula, sd, row, col, max(0, args.rows), others=others,
                        timeout=args.timeout)
    first = results[0]
    explanation = explain(args.formula) if first.kind != "syntax" else ""
    fail = _failure(first)
    if args.json:
        obj = first.to_json()
        obj.update({
            "sheet": sd.name,
            "explanation": explanation,
            "preview": [r.to_json() for r in results[1:]],
        })
        _print_json(obj)
    else:
        print(f"{sd.name}!{first.cell}  {first.formula or args.formula}")
        print(f"  {first.kind}: {first.display()}" + (f"  ({first.message})"
                                                       if first.kind == "error" else ""))
        if explanation:
            print(f"  {explanation}")
        if len(results) > 1:
            print("  fill-down preview:")
            for r in results[1:]:
                print(f"    {r.cell:<8}{r.formula:<40}{r.display()}")
    if fail:
        print(f"cfdesk: {fail}", file=sys.stderr)
        return 1
    return 0


# ---------------------------------------------------------------- apply


def cmd_apply(args: argparse.Namespace) -> int:
    from cfdesk.context import context_of
    from cfdesk.formula.evaluate import evaluate_in_sheet
    from cfdesk.writeback import Editor

    sd, others, row, col = _load_target(args.file, args.sheet, args.cell)
    res = evaluate_in_sheet(args.formula, sd, row, col, others=others)
    fail = _failure(res)
    if fail and not (res.kind == "unsupported" and args.force):
        raise CfdeskError(f"not written: {fail}")
    ed = Editor(args.file)
    if args.fill_down:
        try:
            last = context_of(sd).table.last_row
        except SheetError:
            last = row
        written = ed.fill_down(sd.name, args.cell, args.formula, max(last, row))
    else:
        ed.set_formula(sd.name, args.cell, args.formula)
        written = [args.cell.upper()]
    report = ed.save(args.output, force=args.force)
    for w in report.warnings:
        print(f"cfdesk: warning: {w}", file=sys.stderr)
    if args.json:
        _print_json({"file": report.path, "backup": report.backup, "sheet": sd.name,
                     "cells": written, "warnings": report.warnings, "value": res.to_json()})
    else:
        span = written[0] if len(written) == 1 else f"{written[0]}:{written[-1]}"
        print(f"wrote {res.formula} to {sd.name}!{span} ({len(written)} cell"
              f"{'s' if len(written) > 1 else ''}) in {report.path}")
        if report.backup:
            print(f"backup: {report.backup}")
    return 0


# ---------------------------------------------------------------- rules (cfdesk.cf)


def _rule_target(args: argparse.Namespace):
    from cfdesk.cf.interpret import apply_rule
    from cfdesk.cf.rules import parse_rule
    from cfdesk.workbook import open_book

    rule = parse_rule(args.rule)
    book = open_book(args.file)
    try:
        sd = book.sheet(args.sheet)
    finally:
        book.close()
    match = apply_rule(rule, sd, args.range)
    return rule, sd, match


def cmd_eval_rule(args: argparse.Namespace) -> int:
    from cfdesk.cf.explain import explain_rule
    from cfdesk.cf.rules import to_text

    rule, sd, match = _rule_target(args)
    explanation = explain_rule(rule)
    if args.json:
        _print_json({"sheet": sd.name, "range": args.range.upper(), "rule": to_text(rule),
                     "rows": match.rows, "cells": match.cells, "labels": match.labels(),
                     "explanation": explanation})
        return 0
    print(f"{sd.name}!{args.range.upper()}  {to_text(rule)}")
    print(f"  {explanation}")
    n = match.range[2] - match.range[0] + 1
    print(f"  {len(match.rows)} of {n} rows match" + (": " + ", ".join(map(str, match.rows[:30]))
                                                        + (" ..." if len(match.rows) > 30 else "")
                                                        if match.rows else ""))
    return 0


def cmd_highlight(args: argparse.Namespace) -> int:
    from cfdesk.cf.excel import add_rule
    from cfdesk.cf.rules import to_text
    from cfdesk.writeback import Editor

    rule, sd, match = _rule_target(args)
    ed = Editor(args.file)
    whole = True if args.whole_rows else (False if args.cells else None)
    sq, _ = add_rule(ed, sd.name, args.range, rule, sd, color=args.color, whole_rows=whole)
    report = ed.save(args.output, force=args.force)
    for w in report.warnings:
        print(f"cfdesk: warning: {w}", file=sys.stderr)
    if args.json:
        _print_json({"file": report.path, "backup": report.backup, "sheet": sd.name,
                     "applies_to": sq, "rule": to_text(rule), "rows": match.rows,
                     "warnings": report.warnings})
    else:
        print(f"added {to_text(rule)} on {sd.name}!{sq} ({len(match.rows)} rows match now) "
              f"in {report.path}")
        if report.backup:
            print(f"backup: {report.backup}")
    return 0


def _add_rule_commands(add) -> None:
    sp = add("eval-rule", cmd_eval_rule, "apply a conditional-formatting rule to a range: which "
             "rows and cells it highlights")
    sp.add_argument("file")
    sp.add_argument("rule", help="e.g. GreaterThan(c[2], 4000) or 'TextContains(East)'")
    sp.add_argument("--range", required=True, help="the data range, e.g. A2:C20")
    sp.add_argument("--sheet")

    sp = add("highlight", cmd_highlight, "write a rule into the workbook as native Excel "
             "conditional formatting")
    sp.add_argument("file")
    sp.add_argument("rule")
    sp.add_argument("--range", required=True)
    sp.add_argument("--sheet")
    sp.add_argument("--color", help="fill colour as hex, e.g. FFC7CE (default: light red)")
    g = sp.add_mutually_exclusive_group()
    g.add_argument("--whole-rows", action="store_true",
                   help="highlight whole rows (default for rules on a column c[i])")
    g.add_argument("--cells", action="store_true", help="highlight only the matching cells")
    sp.add_argument("-o", "--output", help="save as this file (default: in place, with backup)")
    sp.add_argument("--force", action="store_true",
                    help="save in place even if content openpyxl cannot keep would be lost")


# ---------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cfdesk", description="Spreadsheet formula assistant.")
    sub = p.add_subparsers(dest="command")

    def add(name: str, fn: Callable[[argparse.Namespace], int], help_: str):
        sp = sub.add_parser(name, help=help_, description=help_)
        sp.set_defaults(func=fn)
        sp.add_argument("--json", action="store_true", help="print one JSON object")
        return sp

    sp = add("inspect", cmd_inspect, "show sheets, the table region and the column context")
    sp.add_argument("file", nargs="?", help="workbook (default: the bundled sample)")
    sp.add_argument("--sheet")
    sp.add_argument("--cell", help="target cell, e.g. D2")

    sp = add("eval", cmd_eval, "evaluate a formula at a cell, with a fill-down preview")
    sp.add_argument("file")
    sp.add_argument("formula")
    sp.add_argument("--cell", required=True)
    sp.add_argument("--sheet")
    sp.add_argument("--rows", type=int, default=3, help="rows of fill-down preview (default 3)")
    sp.add_argument("--timeout", type=float, default=2.0, help="seconds per formula")

    sp = add("apply", cmd_apply, "write a formula into a cell (optionally filled down)")
    sp.add_argument("file")
    sp.add_argument("formula")
    sp.add_argument("--cell", required=True)
    sp.add_argument("--sheet")
    sp.add_argument("--fill-down", action="store_true", help="fill down to the table's last row")
    sp.add_argument("-o", "--output", help="save as this file (default: in place, with backup)")
    sp.add_argument("--force", action="store_true",
                    help="save in place even if content openpyxl cannot keep would be lost")

    _add_rule_commands(add)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        argv = ["inspect"]  # the app will open here once it exists; until then, the sample
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except UsageError as e:
        print(f"cfdesk: {e}", file=sys.stderr)
        return 2
    except CfdeskError as e:
        print(f"cfdesk: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("cfdesk: interrupted", file=sys.stderr)
        return 1
    except MemoryError:
        print("cfdesk: out of memory (the workbook is too large)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
