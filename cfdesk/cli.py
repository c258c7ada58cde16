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
        others = book.others(sd.name)
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


# ---------------------------------------------------------------- suggest / bench


def _print_candidates(res, as_json: bool, sheet: str) -> None:
    if as_json:
        _print_json({"sheet": sheet, "mode": res.mode, "target": res.target,
                     "latency_ms": round(res.latency_ms, 1),
                     "candidates": [c.to_json() for c in res.candidates],
                     "rejected": [c.to_json() for c in res.rejected]})
        return
    from cfdesk.formula.evaluate import format_value

    print(f"{sheet}!{res.target}  ({res.mode}, {res.latency_ms:.0f} ms)")
    if not res.candidates:
        print("  no valid candidate; rejected:")
        for c in res.rejected[:5]:
            print(f"    {c.text[:60]:<60}  {c.reason}")
        return
    for i, c in enumerate(res.candidates, start=1):
        if c.mode == "cf":
            what = f"{len(c.rows)} rows: " + ", ".join(map(str, c.rows[:8])) + (" ..." if len(c.rows) > 8
                                                                                 else "")
        else:
            what = " | ".join(format_value(p["value"]) for p in c.preview[:4])
        print(f"  {i}. {c.text:<44} score {c.score:6.2f}   {what}")
        if c.explanation:
            print(f"     {c.explanation}")
        for check in c.checks():
            print(f"     check: {check}")
    if res.rejected:
        print(f"  ({len(res.rejected)} rejected candidates; --json lists them)")


def cmd_suggest(args: argparse.Namespace) -> int:
    from cfdesk.context import context_of, default_target
    from cfdesk.suggest import choose_mode, load_engine, suggest
    from cfdesk.workbook import open_book

    book = open_book(args.file)
    try:
        sd = book.sheet(args.sheet)
        others = book.others(sd.name)
    finally:
        book.close()
    mode = choose_mode(args.request, args.mode, None if args.cell else args.range)
    target = args.range if mode == "cf" else args.cell
    if mode == "cf" and not target:
        target = context_of(sd).table.data_ref
    if mode == "formula" and not target:
        target = default_target(context_of(sd))
    if not target:
        raise UsageError("give --cell for a formula or --range for a highlight rule")
    model = load_engine(args.engine, args.model, args.device)
    res = suggest(sd, target, args.request, mode=mode, k=args.k, n_samples=args.samples,
                  steps=args.steps, others=others, model=model)
    _print_candidates(res, args.json and args.apply is None, sd.name)
    if args.apply is not None:
        if not 1 <= args.apply <= len(res.candidates):
            raise CfdeskError(f"--apply {args.apply}: there are {len(res.candidates)} valid candidates")
        c = res.candidates[args.apply - 1]
        from cfdesk.writeback import Editor

        ed = Editor(args.file)
        if c.mode == "cf":
            from cfdesk.cf.excel import add_rule
            from cfdesk.cf.rules import parse_rule

            add_rule(ed, sd.name, target, parse_rule(c.text), sd, color=args.color)
        elif args.fill_down:
            ed.fill_down(sd.name, target, c.text, max(context_of(sd).table.last_row, 1))
        else:
            ed.set_formula(sd.name, target, c.text)
        report = ed.save(args.output, force=args.force)
        for w in report.warnings:
            print(f"cfdesk: warning: {w}", file=sys.stderr)
        if args.json:
            _print_json({"applied": c.to_json(), "file": report.path, "backup": report.backup})
        else:
            print(f"wrote {c.text} to {sd.name}!{target} in {report.path}"
                  + (f" (backup {report.backup})" if report.backup else ""))
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    import os

    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                                                 or os.environ.get("QT_QPA_PLATFORM")):
        raise CfdeskError("no display to open the app on; run it in a desktop session, or use the "
                          "command line (cfdesk --help)")
    if args.file:
        from cfdesk.workbook import check_file

        check_file(args.file)  # a clear message here rather than a dialog about a missing file
    try:
        from ui.app import run
    except ImportError as e:
        raise CfdeskError(f"the desktop app needs PySide6 ({e})") from None
    return run(args.file, args.model)


def cmd_bench(args: argparse.Namespace) -> int:
    from cfdesk.bench import run, summary

    result = run(args.file, k=args.k, limit=args.limit, n_samples=args.samples, steps=args.steps,
                 model_path=args.model, device=args.device, arch=args.arch, grammar=not args.no_grammar)
    print(summary(result))
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(result, f, indent=1, default=str)
    return 0


# ---------------------------------------------------------------- data


def cmd_data(args: argparse.Namespace) -> int:
    if args.action == "build":
        from cfdesk.datagen.build import build

        m = build(args.out, seed=args.seed, size=args.size, workers=args.workers,
                  cf_train=args.cf_train, cf_pretrain=args.cf_pretrain,
                  real_formulas=args.real_formulas)
        print(json.dumps(m, indent=2))
        return 0
    if args.action == "stats":
        from cfdesk.datagen.export import check_splits, stats

        st = stats(args.out)
        if not st:
            raise CfdeskError(f"{args.out}: no dataset there (run 'cfdesk data build' first)")
        st["split_overlap"] = check_splits(args.out)
        if args.json:
            _print_json(st)
            return 0
        for name, s in st.items():
            if name == "split_overlap":
                print(f"held-out overlap with train: {s}")
                continue
            print(f"{name}: " + ", ".join(f"{k}={v}" for k, v in s.items()
                                          if k not in ("function_counts", "rules")))
        return 0
    from cfdesk.datagen.export import export

    print(json.dumps(export(args.out, args.export_to), indent=2))
    return 0


# ---------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cfdesk", description="Spreadsheet formula assistant.")
    sub = p.add_subparsers(dest="command")

    def add(name: str, fn: Callable[[argparse.Namespace], int], help_: str, json_flag: bool = True):
        sp = sub.add_parser(name, help=help_, description=help_)
        sp.set_defaults(func=fn)
        if json_flag:
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

    sp = add("open", cmd_open, "open the desktop app (on FILE, or on the bundled sample)", json_flag=False)
    sp.add_argument("file", nargs="?")
    sp.add_argument("--model", help="checkpoint folder (default: the shipped model)")

    sp = add("suggest", cmd_suggest, "ranked, validated candidate formulas (or rules) for a request")
    sp.add_argument("file")
    sp.add_argument("request")
    sp.add_argument("--sheet")
    sp.add_argument("--cell", help="target cell (default: the first empty column beside the table)")
    sp.add_argument("--range", help="range for a highlight rule (default: the table's data)")
    sp.add_argument("--mode", choices=["auto", "formula", "cf"], default="auto")
    sp.add_argument("--k", type=int, default=5)
    sp.add_argument("--samples", type=int, default=8, help="noise draws (candidates sampled)")
    sp.add_argument("--steps", type=int, help="diffusion steps (default: the model's)")
    sp.add_argument("--model", help="checkpoint folder (default: the shipped model)")
    sp.add_argument("--engine", choices=["diffusion", "ar", "both"], default="both",
                    help="diffusion (CodeFusion), ar (the baseline) or both pooled (default)")
    sp.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    sp.add_argument("--apply", type=int, metavar="N", help="write candidate N into the workbook")
    sp.add_argument("--fill-down", action="store_true", help="with --apply: fill the formula down")
    sp.add_argument("--color", help="with --apply on a rule: fill colour")
    sp.add_argument("-o", "--output", help="with --apply: save as this file")
    sp.add_argument("--force", action="store_true")

    sp = add("bench", cmd_bench, "run the suggestion pipeline on a benchmark JSONL file and score it",
             json_flag=False)
    sp.add_argument("file")
    sp.add_argument("--k", type=int, default=5)
    sp.add_argument("--limit", type=int)
    sp.add_argument("--samples", type=int, default=8)
    sp.add_argument("--steps", type=int)
    sp.add_argument("--model")
    sp.add_argument("--arch", "--engine", dest="arch", choices=["codefusion", "diffusion", "ar", "both"],
                    default="both", help="diffusion (CodeFusion), ar (the baseline) or both pooled "
                    "(default)")
    sp.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    sp.add_argument("--no-grammar", action="store_true",
                    help="take each diffusion sample's plain argmax, not its most probable well-formed reading")
    sp.add_argument("--json", dest="json_out", metavar="OUT", help="write all results as JSON to OUT")

    sp = add("data", cmd_data, "build, describe or export the training and evaluation datasets")
    sp.add_argument("action", choices=["build", "stats", "export"])
    sp.add_argument("--out", required=True, help="dataset folder")
    sp.add_argument("--seed", type=int, default=0)
    sp.add_argument("--size", choices=["tiny", "small", "medium", "large"], default="medium")
    sp.add_argument("--workers", type=int, help="processes (default: all cores)")
    sp.add_argument("--cf-train", help="the paper's CF train.jsonl (e.g. ../shared/data/cf/train.jsonl)")
    sp.add_argument("--cf-pretrain", help="CF rules for pre-training (../shared/data/cf/pretrain.txt)")
    sp.add_argument("--real-formulas", help="real formulas for pre-training "
                    "(../shared/data/formulas/real_formulas.txt)")
    sp.add_argument("--export-to", help="with 'export': folder for model.recipe's input files")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        argv = ["open"]  # no arguments: the app, on the bundled sample workbook
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
