"""``cfdesk bench FILE.jsonl``: the suggestion pipeline on any file in the benchmark format.

Scoring follows shared/docs/benchmark-format.md: execution match (formulas: values at the
target, numbers to 1e-9 relative, strings exactly, errors by code; rules: the same highlighted
cells, or canonical equality when the sheet has no data rows), top-1/3/5, validity, distinct
candidates per request, latency p50/p95 (model load reported apart), and the number of gold
answers that cannot be evaluated (left out of the denominators).
"""

from __future__ import annotations

import json
import time
from typing import Any

from cfdesk.errors import CfdeskError


def _eval_at_target(formula: str, rec: dict, sd, others):
    from cfdesk.formula.evaluate import evaluate_in_sheet
    from cfdesk.workbook import parse_a1

    row, col = parse_a1(rec["target"])
    return evaluate_in_sheet(formula, sd, row, col, others=others, timeout=2.0)


def _gold_formula(rec: dict, sd, others) -> Any:
    res = _eval_at_target(rec["gold"], rec, sd, others)
    if res.kind not in ("value", "error"):
        return None, res.message
    return (res.kind, res.value), ""


def _match_formula(cand_text: str, gold: tuple, rec: dict, sd, others) -> bool:
    from cfdesk.formula.evaluate import values_equal

    res = _eval_at_target(cand_text, rec, sd, others)
    if res.kind not in ("value", "error"):
        return False
    kind, value = gold
    if res.kind != kind:
        return False
    return values_equal(res.value, value)


def _gold_rule(rec: dict, sd):
    from cfdesk.cf.interpret import apply_rule

    if not rec.get("target"):
        return ("canonical", rec["gold"]), ""
    try:
        return ("cells", tuple(apply_rule(rec["gold"], sd, rec["target"]).cells)), ""
    except CfdeskError as e:
        return None, str(e)


def _match_rule(cand: str, gold: tuple, rec: dict, sd) -> bool:
    from cfdesk.cf.interpret import apply_rule
    from cfdesk.cf.rules import same_rule

    if gold[0] == "canonical":
        return same_rule(cand, gold[1])
    try:
        return tuple(apply_rule(cand, sd, rec["target"]).cells) == gold[1]
    except CfdeskError:
        return False


def run(path: str, *, k: int = 5, limit: int | None = None, n_samples: int = 8, steps: int | None = None,
        model_path: str | None = None, device: str = "auto", progress: bool = True,
        arch: str = "codefusion", features: bool = False, grammar: bool = True,
        keep: int | None = None) -> dict:
    """Score every record of ``path``. ``features`` keeps, per example, the ranking inputs of
    the best ``keep`` candidates (default ``k``) and whether each matched (what
    scripts/tune_ranking.py fits); the scores count the best ``k``."""
    from cfdesk.features import sheet_from_record
    from cfdesk.suggest import RankWeights, suggest

    recs = []
    try:
        with open(path, encoding="utf-8") as f:
            for i, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    recs.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise CfdeskError(f"{path}:{i}: not a JSON object ({e.msg})") from None
    except OSError as e:
        raise CfdeskError(f"{path}: cannot read ({e.strerror})") from None
    if limit:
        recs = recs[:limit]
    from cfdesk.suggest import load_engine

    t0 = time.perf_counter()
    model = load_engine({"codefusion": "diffusion"}.get(arch, arch), model_path, device)
    parts = model if isinstance(model, list) else [model]
    load_s = sum(getattr(m, "load_s", 0.0) for m in parts) or (time.perf_counter() - t0)
    it = recs
    if progress:
        from tqdm import tqdm

        it = tqdm(recs, desc="bench", unit="request")
    examples, latencies = [], []
    hits = {1: 0, 3: 0, 5: 0}
    n = gold_bad = 0
    generated = generated_valid = distinct_total = 0
    for rec in it:
        try:
            sd, others = sheet_from_record(rec)
        except (CfdeskError, KeyError, TypeError, ValueError) as e:
            examples.append({"id": rec.get("id"), "error": f"bad record: {e}"})
            gold_bad += 1
            continue
        domain = rec.get("domain", "formula")
        if domain == "cf":
            gold, why = _gold_rule(rec, sd)
        else:
            gold, why = _gold_formula(rec, sd, others)
        if gold is None:
            gold_bad += 1
            examples.append({"id": rec.get("id"), "gold_unevaluable": why})
            continue
        target = rec.get("target")
        t1 = time.perf_counter()
        try:
            if domain == "cf" and not target:
                res = _suggest_no_range(model, sd, rec, k, n_samples, steps, grammar, keep)
            else:
                res = suggest(sd, target, rec["request"], mode="cf" if domain == "cf" else "formula",
                              k=k, n_samples=n_samples, steps=steps, others=others, model=model,
                              grammar=grammar, keep=keep)
        except CfdeskError as e:
            latencies.append((time.perf_counter() - t1) * 1000)
            n += 1
            examples.append({"id": rec.get("id"), "error": str(e), "candidates": [], "matched": []})
            continue
        latencies.append((time.perf_counter() - t1) * 1000)
        n += 1
        cands = res.candidates
        all_c = cands + [c for c in res.rejected]
        generated += len(all_c)
        generated_valid += sum(1 for c in all_c if c.valid or (c.reason and not (
            c.reason.startswith(("syntax", "not a well-formed", "#NAME?")))))
        distinct_total += min(len(cands), k)
        matched = []
        for c in cands[:keep or k]:
            ok = (_match_rule(c.text, gold, rec, sd) if domain == "cf"
                  else _match_formula(c.text, gold, rec, sd, others))
            matched.append(ok)
        for kk in hits:
            hits[kk] += any(matched[:min(kk, k)])
        examples.append({"id": rec.get("id"), "request": rec["request"], "gold": rec["gold"],
                         "candidates": [c.text for c in cands[:k]], "matched": matched[:k],
                         "latency_ms": round(latencies[-1], 1)})
        if features:
            examples[-1]["features"] = [{"x": RankWeights.features(c, res.drawn), "matched": ok}
                                        for c, ok in zip(cands, matched)]
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p * len(lat)))], 1) if lat else 0.0

    return {"file": path, "n": n, "top1": hits[1] / n if n else 0.0, "top3": hits[3] / n if n else 0.0,
            "top5": hits[5] / n if n else 0.0,
            "validity": generated_valid / generated if generated else 0.0,
            "distinct": distinct_total / n if n else 0.0,
            "latency_ms": {"p50": pct(0.5), "p95": pct(0.95)}, "load_s": round(load_s, 3),
            "gold_unevaluable": gold_bad, "k": k, "samples": n_samples,
            "steps": steps or getattr(parts[0], "default_steps", None), "engine": arch,
            "examples": examples}


def _suggest_no_range(model, sd, rec, k, n_samples, steps, grammar=True, keep=None):
    """A CF request on a sheet with only a header row: nothing to apply a rule to, so the
    candidates are drawn and merged as in ``suggest`` and ranked by the same weights with
    what is known without data (each engine's score, the share of draws, the similarity)."""
    from cfdesk.cf.explain import explain_rule
    from cfdesk.features import prepare
    from cfdesk.repairs import with_repairs
    from cfdesk.suggest import Suggestions, draw, merge, rank

    t0 = time.perf_counter()
    prep = prepare(sd, "A2:B2", rec["request"], "cf")
    models = model if isinstance(model, list) else [model]
    samples, _ = draw(models, prep, "cf", k=k, n_samples=n_samples, steps=steps, grammar=grammar)
    n_drawn = sum(not derived for *_, derived in samples)
    cands, rejected = merge(samples, prep, "cf")
    cands = with_repairs(cands, rec["request"], prep, sd)
    for c in cands:
        c.valid, c.kind, c.explanation = True, "rule", explain_rule(c.text)
    cands = rank(models, prep, rec["request"], cands, n_drawn)
    return Suggestions("cf", "", cands[:keep or k], rejected, (time.perf_counter() - t0) * 1000, prep, None, n_drawn)


def summary(result: dict) -> str:
    r = result
    return (f"{r['file']}: n={r['n']}  top1={r['top1']:.3f}  top3={r['top3']:.3f}  top5={r['top5']:.3f}  "
            f"validity={r['validity']:.3f}  distinct={r['distinct']:.2f}  latency p50={r['latency_ms']['p50']} ms "
            f"p95={r['latency_ms']['p95']} ms  load={r['load_s']:.2f} s  gold_unevaluable={r['gold_unevaluable']}")
