"""Fit the ranking weights of the suggestion pipeline (``cfdesk.suggest.RankWeights``).

    python scripts/tune_ranking.py FILE[:LIMIT] [FILE[:LIMIT] ...] [--save F.json | --load F.json]
        [--only clash,reversed]

Runs both engines on each benchmark-format file (use training-distribution dev examples,
never the held-out test sets), keeps every valid candidate's ranking inputs and whether it
matched, then searches a grid of weights for the best mean top-1 over the files (top-5 breaks
ties) and prints it beside the shipped weights' figures. Re-ranking is offline, so the grid
costs seconds once the candidates are collected (``--save``/``--load`` keep them). ``--only``
fits the named weights with the others at their shipped values.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cfdesk import bench  # noqa: E402
from cfdesk.suggest import RANKING, RankWeights  # noqa: E402

GRID = {  # the previous fit sat on several edges, so each range reaches one step past it
    "diffusion": [0.05, 0.1, 0.25, 0.5, 1.0],  # > 0: an engine used alone ranks by its own score
    "ar": [0.5, 1.0, 2.0, 3.0, 4.0],
    "missing_diffusion": [-2.0, -1.0, -0.5, 0.0],
    "missing_ar": [-3.0, -2.0, -1.0, -0.5, 0.0],
    "agreement": [0.0, 0.5],  # earned no weight in three fits over [0, 1]
    "count": [0.0],  # likewise over [0, 0.5]
    "named": [0.0, 0.3, 0.6, 1.0, 1.5],
    "derived": [-1.0, -0.6, -0.3, -0.1, 0.0],
    "empty": [-2.0, -1.0, -0.5, -0.2, 0.0],
    "trivial": [-3.0, -1.0, -0.5, 0.0],
    "similarity": [0.0, 1.0, 2.0, 4.0, 8.0],
    "ar_rescored": [0.0, 1.0, 2.0, 3.0],
    "clash": [0.0, -1.0, -3.0, -5.0],
    "reversed": [0.0, -1.0, -3.0, -5.0],
    "full": [0.0, -0.5, -1.0, -2.0],
    "other_comparison": [0.0, -0.5, -1.0, -2.0, -3.0],
    "other_threshold": [0.0, -0.5, -1.0, -2.0, -3.0],
    "spelled": [0.0, 0.5, 1.0, 2.0, 3.0],
    "percent_mismatch": [0.0, -0.5, -1.0, -2.0, -3.0],
    "header_text": [0.0, -0.5, -1.0, -2.0, -3.0],
    "rival": [0.0, -0.5, -1.0, -2.0, -3.0],
    "lone_cell": [0.0, -0.5, -1.0, -2.0, -3.0],
    "foreign_label": [0.0, -0.5, -1.0, -2.0, -3.0],
    "lost_negation": [0.0, -0.5, -1.0, -2.0, -3.0],
    "unquoted": [0.0, -0.5, -1.0, -2.0, -3.0],
    "lost_value": [0.0, -0.5, -1.0, -2.0, -3.0],
    "other_digits": [0.0, -0.5, -1.0, -2.0, -3.0],
    "lost_cell": [0.0, -0.5, -1.0, -2.0, -3.0],
    "lost_text": [0.0, -0.5, -1.0, -2.0, -3.0, -4.0],
    "lost_row": [0.0, -0.5, -1.0, -2.0, -3.0, -4.0],
    "other_type": [0.0, -0.5, -1.0, -2.0, -3.0, -4.0],
    "unasked_today": [0.0, -0.5, -1.0, -2.0, -3.0, -4.0],
    "lost_number": [0.0, -0.5, -1.0, -2.0, -3.0, -4.0],
    "catalog": [0.0, 1.0, 2.0, 4.0, 6.0, 8.0, 12.0],
}
# fitted alone (--only); the full grid, already a million weightings, keeps them as shipped
ALONE = {"ar_rescored", "clash", "reversed", "full", "other_comparison", "other_threshold", "spelled",
         "percent_mismatch", "header_text", "rival", "lone_cell", "foreign_label",
         "lost_negation", "unquoted", "lost_value", "other_digits", "lost_cell", "lost_text", "lost_row",
         "other_type", "unasked_today", "lost_number", "catalog"}


def collect(specs: list[str], k: int) -> dict[str, list[list[dict]]]:
    out = {}
    for spec in specs:
        path, _, limit = spec.partition(":")
        r = bench.run(path, limit=int(limit) if limit else None, arch="both", features=True, keep=k)
        out[spec] = [e.get("features", []) for e in r["examples"] if "candidates" in e]
    return out


FIELDS = [f.name for f in dataclasses.fields(RankWeights)]  # the order of RankWeights.features


def arrays(examples: list[list[dict]]) -> tuple[np.ndarray, np.ndarray]:
    width = max([len(e) for e in examples] + [1])
    F = np.zeros((len(examples), width, len(FIELDS)))
    hit = np.zeros((len(examples), width), dtype=bool)
    valid = np.zeros((len(examples), width), dtype=bool)
    for i, feats in enumerate(examples):
        for j, f in enumerate(feats):
            F[i, j], hit[i, j], valid[i, j] = f["x"], f["matched"], True
    return F, hit & valid, valid


def topk(data: dict, W: np.ndarray, five: bool = True) -> np.ndarray:
    """(files, weight vectors, 2): top-1 and top-5 (0 unless ``five``) of each file under each
    weight vector."""
    out = []
    for F, hit, valid in data.values():
        S = np.einsum("ecf,gf->gec", F, W)
        S[:, ~valid] = -np.inf
        n = max(1, F.shape[0])
        first = np.take_along_axis(np.broadcast_to(hit, S.shape), S.argmax(2)[..., None], axis=2)[..., 0]
        top5 = np.zeros(len(W))
        if five:
            order = np.argsort(-S, axis=2, kind="stable")  # ties keep the pipeline's order
            ranked = np.take_along_axis(np.broadcast_to(hit, S.shape), order, axis=2)
            top5 = ranked[:, :, :5].any(2).sum(1) / n
        out.append(np.stack([first.sum(1) / n, top5], axis=1))
    return np.stack(out)


def vec(w: RankWeights) -> np.ndarray:
    return np.array(dataclasses.astuple(w))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--k", type=int, default=50, help="candidates kept per request")
    ap.add_argument("--save")
    ap.add_argument("--load")
    ap.add_argument("--only", help="comma list of weights to fit, the others kept at the shipped "
                                   "values (the full grid is the product of every range)")
    args = ap.parse_args(argv)
    if args.load:
        data = json.loads(Path(args.load).read_text())
    else:
        if not args.files:
            ap.error("give benchmark files to collect from, or --load")
        data = collect(args.files, args.k)
        if args.save:
            Path(args.save).write_text(json.dumps(data))
    arrs = {spec: arrays(ex) for spec, ex in data.items()}
    only = set(filter(None, (args.only or "").split(","))) or set(FIELDS) - ALONE
    if only - set(FIELDS):
        ap.error(f"unknown weights: {', '.join(sorted(only - set(FIELDS)))}")
    shipped_w = dataclasses.asdict(RANKING)
    W = np.array(list(itertools.product(*(GRID[n] if n in only else [shipped_w[n]] for n in FIELDS))))
    # top-1 first over the whole grid (an argmax: cheap), then top-5 among the best top-1s
    top1 = np.concatenate([topk(arrs, W[i:i + 512], five=False) for i in range(0, len(W), 512)], axis=1)
    mean1 = top1[:, :, 0].mean(0)
    tied = np.flatnonzero(mean1 >= mean1.max() - 1e-9)
    res = topk(arrs, W[tied])
    pick = int(np.argmax(res[:, :, 1].mean(0)))
    best = tied[pick]
    shipped = topk(arrs, vec(RANKING)[None])[:, 0]
    print("files:", ", ".join(f"{s} (n={len(data[s])})" for s in data))
    print("shipped:", RANKING, "top1/top5 per file:", np.round(shipped, 3).tolist())
    w = RankWeights(**dict(zip(FIELDS, W[best].tolist())))
    print("best:   ", w, "top1/top5 per file:", np.round(res[:, pick], 3).tolist())
    print(f"grid: {len(W)} weightings, {len(tied)} share the best mean top-1")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
