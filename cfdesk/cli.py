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


def _add_rule_commands(add) -> None:
    pass


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
