"""``cfdesk data build``: every dataset, deterministically from a seed, validated.

Layout of the output folder:
  formula/train.jsonl         training examples (train domains x train templates)
  formula/dev.jsonl           same distribution, other tables (for checkpoint selection)
  formula/test_templates.jsonl   held-out templates (unseen core phrasings and registers)
  formula/test_domains.jsonl     held-out table domains (fleet, library, utilities)
  cf/train.jsonl, cf/dev.jsonl   the paper's CF split (fixed dev carve) + synthetic CF
  cf/test_synth.jsonl         synthetic CF on held-out templates
  pretrain/code.jsonl         code-only sequences (generated formulas and rules, real formulas,
                              pretrain.txt rules) for phase 1
  manifest.json               seed, sizes, template counts, timings

Every example is in the benchmark format (shared/docs/benchmark-format.md) plus two keys the
trainer reads: ``x`` (encoder text) and ``y`` (target tokens). A formula example is kept only if
its gold formula evaluates on its sheet without an error, and only if the gold can be written
in the model's vocabulary (literals copied from the request).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing as mp
import os
import random
import re
import time
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from cfdesk import codec
from cfdesk.cf.interpret import apply_rule
from cfdesk.datagen import intents as I
from cfdesk.datagen.cf_intents import CF_INTENTS
from cfdesk.datagen.cf_intents import HELD_OUT_WRAPPERS as CF_HELD_WRAPPERS
from cfdesk.datagen.cf_intents import WRAPPERS as CF_WRAPPERS
from cfdesk.datagen.domains import DOMAINS, Table, make_table
from cfdesk.datagen.intents import G
from cfdesk.errors import CfdeskError
from cfdesk.features import prepare
from cfdesk.formula.evaluate import evaluate_by_shape
from cfdesk.workbook import SheetData, to_serial

HELD_OUT_DOMAINS = ("fleet", "library", "utilities")
TRAIN_DOMAINS = tuple(d for d in DOMAINS if d not in HELD_OUT_DOMAINS)
EXAMPLES_PER_TABLE = 8

ABBREV = {"average": "avg", "number": "no.", "quantity": "qty", "with": "w/", "percent": "pct",
          "please": "pls", "column": "col", "total": "tot", "and": "&", "between": "btwn",
          "characters": "chars", "greater": "grtr"}


# ---------------------------------------------------------------- sheets


def table_to_sheet(t: Table) -> tuple[SheetData, dict, dict[str, SheetData], list[dict]]:
    """The table as SheetData plus its benchmark-format cells (and lookup sheet)."""
    sd = SheetData("Sheet1")
    cells: dict[str, object] = {}
    formats: dict[str, str] = {}
    if t.title:
        sd.set(1, t.first_col, t.title)
        cells[f"{get_column_letter(t.first_col)}1"] = t.title
    for c in t.columns:
        col = t.first_col + c.index
        sd.set(t.header_row, col, c.header)
        cells[f"{c.letter}{t.header_row}"] = c.header
        fmt = {"money": '"$"#,##0.00', "pct": "0.0%", "date": "yyyy-mm-dd"}.get(c.concept.kind)
        if fmt:
            formats[c.letter] = fmt
    for i, row in enumerate(t.rows):
        r = t.first_row + i
        for c, v in zip(t.columns, row):
            if v is None:
                continue
            col = t.first_col + c.index
            sd.set(r, col, v)
            if c.letter in formats:
                sd.formats[(r, col)] = formats[c.letter]
            cells[f"{c.letter}{r}"] = to_serial(v) if isinstance(v, dt.datetime) else v
    record = {"name": "Sheet1", "cells": cells, "column_formats": formats}
    others: dict[str, SheetData] = {}
    other_records = []
    if t.lookup:
        lk = t.lookup
        osd = SheetData(lk["name"])
        ocells: dict[str, object] = {"A1": lk["key_header"], "B1": lk["value_header"]}
        osd.set(1, 1, lk["key_header"])
        osd.set(1, 2, lk["value_header"])
        for i, (k, v) in enumerate(lk["rows"], start=2):
            osd.set(i, 1, k)
            osd.set(i, 2, v)
            ocells[f"A{i}"], ocells[f"B{i}"] = k, v
        others[lk["name"]] = osd
        other_records.append({"name": lk["name"], "cells": ocells})
    return sd, record, others, other_records


# ---------------------------------------------------------------- requests


def _noise(template: str, rng: random.Random) -> str:
    """Typos, abbreviations and lower case, applied to the template's words only."""
    words = re.split(r"(\{[a-z0-9]+\}|\s+)", template)
    out = []
    for w in words:
        if not w or w.startswith("{") or w.isspace():
            out.append(w)
            continue
        lw = w.lower()
        if lw in ABBREV and rng.random() < 0.25:
            w = ABBREV[lw]
        elif len(w) >= 5 and w.isalpha() and rng.random() < 0.04:
            i = rng.randint(1, len(w) - 2)
            w = w[:i] + w[i + 1] + w[i] + w[i + 2:] if rng.random() < 0.5 else w[:i] + w[i + 1:]
        out.append(w)
    s = "".join(out)
    if rng.random() < 0.12:
        s = re.sub(r"(^|(?<=\}))[^{]+", lambda m: m.group(0).lower(), s)
    if rng.random() < 0.2:
        s = s.rstrip("?.!")
    return s


def _render(template: str, slots: dict[str, str], rng: random.Random) -> str | None:
    t = _noise(template, rng)
    try:
        s = t.format_map(slots)
    except (KeyError, IndexError, ValueError):
        return None
    s = " ".join(s.split())
    return s[0].upper() + s[1:] if s and rng.random() < 0.7 else s


# ---------------------------------------------------------------- examples


@dataclass
class Job:
    split: str
    start: int  # first table index
    count: int  # tables
    seed: int


def _domains_for(split: str) -> tuple[str, ...]:
    return HELD_OUT_DOMAINS if split == "test_domains" else TRAIN_DOMAINS


def _choose_template(intent, held: bool, rng: random.Random) -> tuple[int, int, str] | None:
    options = []
    for ci, core in enumerate(intent.cores):
        kind, text = core.split(": ", 1)
        wrappers = I.VP_WRAPPERS if kind == "vp" else I.NP_WRAPPERS
        for wi, w in enumerate(wrappers):
            if I.is_held_out(intent, ci, wi) == held:
                options.append((ci, wi, w.replace("{vp}" if kind == "vp" else "{np}", text)))
    return rng.choice(options) if options else None


def _target(t: Table, kind: str, rng: random.Random) -> str:
    free = get_column_letter(t.first_col + len(t.columns))
    if kind == "row":
        return f"{free}{t.first_row}"
    if rng.random() < 0.5:
        return f"{free}{t.first_row}"
    return f"{get_column_letter(t.first_col + rng.randint(0, len(t.columns) - 1))}{t.last_row + 2}"


def formula_examples(job: Job) -> list[dict]:
    out = []
    held = job.split == "test_templates"
    for ti in range(job.start, job.start + job.count):
        rng = random.Random(f"{job.seed}/{job.split}/{ti}")
        t = make_table(rng.choice(_domains_for(job.split)), rng)
        sd, sheet_rec, others, other_recs = table_to_sheet(t)
        from cfdesk.context import context_of

        ctx = context_of(sd)  # one table, many requests: its context once
        g = G(t, rng)
        made = 0
        tries = 0
        while made < EXAMPLES_PER_TABLE and tries < EXAMPLES_PER_TABLE * 4:
            tries += 1
            intent = rng.choice(I.INTENTS)
            built = intent.build(g)
            if built is None:
                continue
            chosen = _choose_template(intent, held, rng)
            if chosen is None:
                continue
            ci, wi, template = chosen
            request = _render(template, built.slots, rng)
            if not request:
                continue
            target = _target(t, built.target, rng)
            ex = _finish_formula(job, ti, made, sd, sheet_rec, others, other_recs, request, target,
                                 built.formula, f"{intent.name}/{ci}/{wi}", t.domain, ctx)
            if ex is not None:
                out.append(ex)
                made += 1
    return out


def _finish_formula(job, ti, k, sd, sheet_rec, others, other_recs, request, target, gold,
                    template, domain, ctx=None) -> dict | None:
    from cfdesk.workbook import parse_a1

    row, col = parse_a1(target)
    # One compiled function per formula shape (tests check it agrees with evaluate_in_sheet).
    res = evaluate_by_shape(gold, sd, row, col, others=others,
                            timeout=2.0)
    if res.kind != "value":
        return None
    try:
        prep = prepare(sd, target, request, "formula", others=others, context=ctx)
        toks = codec.encode_formula(gold, prep.frame, prep.literals)
        if len(toks) > codec.SEQ_LEN:
            return None
        back = codec.decode_formula(toks, prep.frame, prep.literals)
    except (CfdeskError, ValueError):
        return None
    from cfdesk.formula.parser import canonical

    if canonical(back) != canonical(gold):
        return None
    value = res.value
    if isinstance(value, float) and (value != value or abs(value) == float("inf")):
        return None
    rec = {"id": f"{job.split}-{ti}-{k}", "domain": "formula", "request": request,
           "sheet": sheet_rec, "target": target, "gold": gold, "expected": {"value": value},
           "template": template, "table_domain": domain, "x": prep.text, "y": toks}
    if other_recs:
        rec["other_sheets"] = other_recs
    return rec


def cf_examples(job: Job) -> list[dict]:
    out = []
    held = job.split == "test_synth"
    for ti in range(job.start, job.start + job.count):
        rng = random.Random(f"{job.seed}/cf/{job.split}/{ti}")
        t = make_table(rng.choice(TRAIN_DOMAINS), rng)
        sd, sheet_rec, _, _ = table_to_sheet(t)
        from cfdesk.context import context_of

        ctx = context_of(sd)
        g = G(t, rng)
        rng_ref = f"{get_column_letter(t.first_col)}{t.first_row}:" \
                  f"{get_column_letter(t.first_col + len(t.columns) - 1)}{t.last_row}"
        made = tries = 0
        while made < EXAMPLES_PER_TABLE // 2 and tries < 16:
            tries += 1
            intent = rng.choice(CF_INTENTS)
            built = intent.build(g)
            if built is None:
                continue
            options = [(ci, wi) for ci in range(len(intent.cores)) for wi in range(len(CF_WRAPPERS))
                       if (wi in CF_HELD_WRAPPERS or ci == intent.held_out_core) == held]
            if not options:
                continue
            ci, wi = rng.choice(options)
            template = CF_WRAPPERS[wi].replace("{v}", intent.cores[ci])
            request = _render(template, built.slots, rng)
            if not request:
                continue
            ex = _finish_cf(f"{job.split}-{ti}-{made}", sd, sheet_rec, request, rng_ref, built.rule,
                            f"cf.{intent.name}/{ci}/{wi}", t.domain, ctx)
            if ex is not None:
                out.append(ex)
                made += 1
    return out


def _finish_cf(ex_id, sd, sheet_rec, request, rng_ref, gold, template, domain, ctx=None) -> dict | None:
    try:
        labels = apply_rule(gold, sd, rng_ref).labels() if rng_ref else None
        prep = prepare(sd, rng_ref, request, "cf", context=ctx)
        toks = codec.encode_rule(gold, prep.literals)
        if len(toks) > codec.SEQ_LEN:
            return None
        from cfdesk.cf.rules import same_rule

        if not same_rule(codec.decode_rule(toks, prep.literals), gold):
            return None
    except (CfdeskError, ValueError):
        return None
    return {"id": ex_id, "domain": "cf", "request": request, "sheet": sheet_rec, "target": rng_ref,
            "gold": gold, "expected": {"row_labels": labels} if labels is not None else {},
            "template": template, "table_domain": domain, "x": prep.text, "y": toks}


def real_cf(path: str) -> tuple[list[dict], list[dict], int]:
    """The paper's CF split: (train, dev, dropped). dev is a fixed 20% carve by id hash."""
    from cfdesk.features import sheet_from_record

    train, dev, dropped = [], [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            is_dev = int(hashlib.sha1(rec["id"].encode()).hexdigest(), 16) % 100 < 20
            sd, _ = sheet_from_record(rec)
            target = rec["target"]
            rng_ref = target or "A2:B2"
            try:
                prep = prepare(sd, rng_ref, rec["request"], "cf")
                toks = codec.encode_rule(rec["gold"], prep.literals)
                if len(toks) > codec.SEQ_LEN:
                    raise codec.CodecError("too long")
                rec["x"], rec["y"] = prep.text, toks
            except (CfdeskError, ValueError):
                rec["x"], rec["y"] = None, None
            if is_dev:
                dev.append(rec)  # dev keeps every example, learnable or not
            elif rec["y"] is not None:
                train.append(rec)
            else:
                dropped += 1
    return train, dev, dropped


# ---------------------------------------------------------------- pretraining corpus


def _masked(text: str, rng: random.Random) -> str:
    """Code with function names, references and literals masked, for CPD pre-training."""
    def mask(m: re.Match) -> str:
        return "[MASK]" if rng.random() < 0.5 else m.group(0)
    text = re.sub(r"[A-Z][A-Z0-9.]+(?=\()|\$?[A-Z]{1,3}\$?\d+|\"[^\"]*\"|'[^']*'|\b\d+(?:\.\d+)?\b",
                  mask, text)
    return text


def pretrain_records(formula_recs: list[dict], cf_path: str | None, real_formulas: str | None,
                     seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for r in formula_recs:
        out.append({"code": r["gold"], "y": r["y"]})
    if cf_path and os.path.exists(cf_path):
        seen = set()
        with open(cf_path, encoding="utf-8") as f:
            for line in f:
                rule = line.strip()
                if not rule or rule in seen:
                    continue
                seen.add(rule)
                try:
                    lits = _rule_literals(rule)
                    out.append({"code": rule, "y": codec.encode_rule(rule, lits)})
                except (CfdeskError, ValueError):
                    continue
    if real_formulas and os.path.exists(real_formulas):
        for line in open(real_formulas, encoding="utf-8"):
            f = line.strip()
            try:
                frame, lits = _auto_frame(f)
                out.append({"code": f, "y": codec.encode_formula(f, frame, lits)})
            except (CfdeskError, ValueError):
                continue
    for r in out:
        r["x"] = _masked(r["code"], rng) if rng.random() < 0.5 else ""
    return [r for r in out if len(r["y"]) <= codec.SEQ_LEN]


def _rule_literals(rule: str) -> list[codec.Literal]:
    from cfdesk.cf import rules as R

    lits: list[codec.Literal] = []

    def go(r):
        for a in getattr(r, "args", []):
            if isinstance(a, R.Num):
                lits.append(codec.Literal("number", R._fmt_num(a.text) + ("%" if r.percent else ""),
                                          a.text))
            elif isinstance(a, R.Text):
                lits.append(codec.Literal("text", a.value, a.value))
            else:
                go(a)
    go(R.parse_rule(rule))
    return lits[:codec.MAX_LITERALS]


def _auto_frame(formula: str) -> tuple[codec.Frame, list[codec.Literal]]:
    """A frame and literal list under which a free-standing formula encodes."""
    from cfdesk.formula.lexer import Kind, tokenize

    rows, cols, lits = [], [], []
    for t in tokenize(formula):
        if t.kind == Kind.REF and "!" not in t.text:
            for m in re.finditer(r"\$?([A-Z]{1,3})\$?(\d+)", t.text.upper()):
                from openpyxl.utils import column_index_from_string

                cols.append(column_index_from_string(m.group(1)))
                rows.append(int(m.group(2)))
        elif t.kind == Kind.NUMBER and t.text not in codec.COMMON_NUMBERS:
            lits.append(codec.Literal("number", t.text, t.text))
        elif t.kind == Kind.STRING:
            s = t.text[1:-1].replace('""', '"')
            if s not in codec.COMMON_STRINGS:
                lits.append(codec.Literal("text", s, s))
    rows = sorted(set(rows)) or [2]
    first_col = min(cols) if cols else 1
    frame = codec.Frame(first_col, rows[0], rows[0], rows[-1], max(rows[0] - 1, 1))
    if len(rows) > 3:
        raise codec.CodecError("too many distinct rows")
    return frame, lits[:codec.MAX_LITERALS]


# ---------------------------------------------------------------- driver


def _run(job_fn, jobs: list[Job], workers: int, desc: str) -> list[dict]:
    from tqdm import tqdm

    out: list[dict] = []
    if workers <= 1:
        for j in tqdm(jobs, desc=desc, unit="chunk"):
            out.extend(job_fn(j))
        return out
    ctx = mp.get_context("fork")
    with ctx.Pool(workers) as pool:
        for res in tqdm(pool.imap(job_fn, jobs), total=len(jobs), desc=desc, unit="chunk"):
            out.extend(res)
    return out


def _jobs(split: str, tables: int, seed: int, chunk: int = 25) -> list[Job]:
    return [Job(split, s, min(chunk, tables - s), seed) for s in range(0, tables, chunk)]


def write_jsonl(path: str, recs: list[dict]) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")


SIZES = {  # tables per split; about 8 formula examples per table
    "tiny": {"train": 6, "dev": 2, "test_templates": 3, "test_domains": 3, "cf": 4, "cf_test": 2},
    "small": {"train": 300, "dev": 25, "test_templates": 40, "test_domains": 40, "cf": 150, "cf_test": 25},
    "medium": {"train": 3000, "dev": 60, "test_templates": 100, "test_domains": 100, "cf": 1500,
               "cf_test": 60},
    "large": {"train": 15000, "dev": 100, "test_templates": 150, "test_domains": 150, "cf": 6000,
              "cf_test": 100},
}


def build(out: str, seed: int = 0, size: str = "medium", workers: int | None = None,
          cf_train: str | None = None, cf_pretrain: str | None = None,
          real_formulas: str | None = None) -> dict:
    sz = SIZES[size]
    workers = workers or max(1, (os.cpu_count() or 1))
    t0 = time.time()
    counts = {}
    recs_train = _run(formula_examples, _jobs("train", sz["train"], seed), workers, "formula train")
    for split in ("dev", "test_templates", "test_domains"):
        recs = _run(formula_examples, _jobs(split, sz[split], seed + 1), workers, f"formula {split}")
        write_jsonl(os.path.join(out, "formula", f"{split}.jsonl"), recs)
        counts[f"formula/{split}"] = len(recs)
    write_jsonl(os.path.join(out, "formula", "train.jsonl"), recs_train)
    counts["formula/train"] = len(recs_train)
    cf_synth = _run(cf_examples, _jobs("train_cf", sz["cf"], seed), workers, "cf synthetic")
    cf_test = _run(cf_examples, _jobs("test_synth", sz["cf_test"], seed + 1), workers, "cf test")
    cf_real_train, cf_dev, dropped = ([], [], 0)
    if cf_train:
        cf_real_train, cf_dev, dropped = real_cf(cf_train)
    write_jsonl(os.path.join(out, "cf", "train.jsonl"), cf_real_train + cf_synth)
    write_jsonl(os.path.join(out, "cf", "dev.jsonl"), cf_dev)
    write_jsonl(os.path.join(out, "cf", "test_synth.jsonl"), cf_test)
    counts.update({"cf/train_real": len(cf_real_train), "cf/train_synth": len(cf_synth),
                   "cf/dev": len(cf_dev), "cf/real_dropped_unlearnable": dropped,
                   "cf/test_synth": len(cf_test)})
    pre = pretrain_records(recs_train + cf_synth, cf_pretrain, real_formulas, seed)
    write_jsonl(os.path.join(out, "pretrain", "code.jsonl"), pre)
    counts["pretrain/code"] = len(pre)
    elapsed = time.time() - t0
    validated = sum(v for k, v in counts.items() if k.startswith(("formula/", "cf/train_synth",
                                                                  "cf/test")))
    manifest = {"seed": seed, "size": size, "workers": workers, "counts": counts,
                "seconds": round(elapsed, 1), "validated_per_second": round(validated / elapsed, 1),
                "templates": len(I.templates()),
                "held_out_domains": list(HELD_OUT_DOMAINS)}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    return manifest
