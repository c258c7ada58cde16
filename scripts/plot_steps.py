"""Top-1/top-5 against the number of diffusion steps, with the AR baseline marked.

    python scripts/plot_steps.py DATASET.jsonl [--limit 60] [--steps 1,2,4,6,10,16] [--out docs/steps.png]

Runs ``cfdesk bench`` (the same pipeline users get) once per step count and once with the
autoregressive baseline, writes the figures as JSON beside the PNG.
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--limit", type=int, default=60)
    ap.add_argument("--steps", default="1,2,4,6,10,16")
    ap.add_argument("--out", default="docs/steps.png")
    args = ap.parse_args(argv)
    from cfdesk.bench import run, summary

    rows = []
    for st in [int(x) for x in args.steps.split(",")]:
        r = run(args.file, limit=args.limit, steps=st, progress=False)
        print(summary(r), f"steps={st}", file=sys.stderr)
        rows.append({"steps": st, "top1": r["top1"], "top5": r["top5"], "p50_ms": r["latency_ms"]["p50"],
                     "validity": r["validity"]})
    ar = run(args.file, limit=args.limit, arch="ar", progress=False)
    print(summary(ar), "(AR baseline)", file=sys.stderr)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2))
    xs = [r["steps"] for r in rows]
    ax.plot(xs, [r["top1"] for r in rows], "o-", label="CodeFusion top-1")
    ax.plot(xs, [r["top5"] for r in rows], "s-", label="CodeFusion top-5")
    ax.axhline(ar["top1"], color="C3", ls="--", label=f"AR beam top-1 ({ar['latency_ms']['p50']:.0f} ms)")
    ax.axhline(ar["top5"], color="C3", ls=":", label="AR beam top-5")
    for r in rows:
        ax.annotate(f"{r['p50_ms']:.0f} ms", (r["steps"], r["top5"]), textcoords="offset points",
                    xytext=(0, 6), ha="center", fontsize=8)
    ax.set_xlabel("diffusion steps at inference (8 candidates; p50 end-to-end latency annotated)")
    ax.set_ylabel("execution match")
    ax.set_ylim(0, 1)
    ax.set_title(f"{os.path.basename(args.file)} (first {args.limit} requests), 2-core CPU")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    fig.savefig(args.out, dpi=110)
    with open(os.path.splitext(args.out)[0] + ".json", "w") as f:
        json.dump({"file": args.file, "limit": args.limit, "diffusion": rows,
                   "ar": {"top1": ar["top1"], "top5": ar["top5"], "p50_ms": ar["latency_ms"]["p50"],
                          "validity": ar["validity"]}}, f, indent=1)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
