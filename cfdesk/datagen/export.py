"""``cfdesk data export`` and ``cfdesk data stats``: training files for ``model.recipe``,
and what a dataset holds."""

from __future__ import annotations

import json
import lzma
import os
import random
from collections import Counter


def _read(path: str):
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def _write_xz(path: str, recs: list[dict]) -> None:
    with lzma.open(path, "wt", encoding="utf-8", preset=9) as f:
        for r in recs:
            f.write(json.dumps({"x": r.get("x") or "", "y": r["y"]}, ensure_ascii=False) + "\n")


def export(data_dir: str, out: str, seed: int = 0, dev_n: int = 150) -> dict:
    """Compact (x, y)-only files: vocab.json, pretrain/train/dev .jsonl.xz, and real_cf.jsonl.xz
    (the paper's real CF training requests alone, which the recipe repeats beside the generated
    data: 499 of 24 k CF examples would otherwise be drowned out)."""
    from cfdesk.codec import VOCAB

    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "vocab.json"), "w") as f:
        json.dump(VOCAB, f)
    rng = random.Random(seed)
    train = [r for r in _read(os.path.join(data_dir, "formula", "train.jsonl"))]
    train += [r for r in _read(os.path.join(data_dir, "cf", "train.jsonl")) if r.get("y")]
    rng.shuffle(train)
    dev = [r for r in _read(os.path.join(data_dir, "formula", "dev.jsonl"))][:dev_n]
    dev += [r for r in _read(os.path.join(data_dir, "cf", "dev.jsonl")) if r.get("y")][:dev_n // 3]
    pre = list(_read(os.path.join(data_dir, "pretrain", "code.jsonl")))
    rng.shuffle(pre)
    _write_xz(os.path.join(out, "train.jsonl.xz"), train)
    _write_xz(os.path.join(out, "dev.jsonl.xz"), dev)
    real = [r for r in train if str(r.get("id", "")).startswith("cf-train-")]
    _write_xz(os.path.join(out, "pretrain.jsonl.xz"), pre)
    _write_xz(os.path.join(out, "real_cf.jsonl.xz"), real)
    return {"train": len(train), "dev": len(dev), "pretrain": len(pre), "real_cf": len(real)}


def stats(data_dir: str) -> dict:
    """Function coverage, lengths, templates and duplicates of a built dataset."""
    from cfdesk.formula.parser import functions_used

    out: dict = {}
    for split in ("train", "dev", "test_templates", "test_domains"):
        recs = list(_read(os.path.join(data_dir, "formula", f"{split}.jsonl")))
        if not recs:
            continue
        funcs: Counter = Counter()
        for r in recs:
            funcs.update(set(functions_used(r["gold"])))
        lengths = sorted(len(r["y"]) for r in recs)
        reqs = Counter(r["request"].lower() for r in recs)
        pairs = Counter((r["request"].lower(), r["gold"]) for r in recs)
        out[f"formula/{split}"] = {
            "examples": len(recs),
            "functions": len(funcs),
            "function_counts": dict(funcs.most_common()),
            "templates": len({r["template"] for r in recs}),
            "intents": len({r["template"].split("/")[0] for r in recs}),
            "table_domains": sorted({r["table_domain"] for r in recs}),
            "tokens_p50_p95_max": [lengths[len(lengths) // 2], lengths[int(len(lengths) * .95)],
                                   lengths[-1]],
            "duplicate_request_rate": round(1 - len(reqs) / len(recs), 4),
            "duplicate_example_rate": round(1 - len(pairs) / len(recs), 4),
        }
    for split in ("train", "dev", "test_synth"):
        recs = list(_read(os.path.join(data_dir, "cf", f"{split}.jsonl")))
        if recs:
            out[f"cf/{split}"] = {"examples": len(recs),
                                  "rules": dict(Counter(r["gold"].split("(")[0] for r in recs).most_common(12))}
    return out


def check_splits(data_dir: str) -> dict:
    """The held-out splits share no template (resp. domain) with training."""
    tr = list(_read(os.path.join(data_dir, "formula", "train.jsonl")))
    tt = list(_read(os.path.join(data_dir, "formula", "test_templates.jsonl")))
    td = list(_read(os.path.join(data_dir, "formula", "test_domains.jsonl")))
    train_templates = {r["template"] for r in tr}
    train_domains = {r["table_domain"] for r in tr}
    return {"template_overlap": len(train_templates & {r["template"] for r in tt}),
            "domain_overlap": len(train_domains & {r["table_domain"] for r in td})}
