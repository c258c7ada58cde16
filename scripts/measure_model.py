"""Sampling-only latency, model load time and process memory of the shipped model.

    python scripts/measure_model.py [--samples 8] [--steps 2] [--repeat 30]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=8)
    ap.add_argument("--steps", type=int)
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    t0 = time.perf_counter()
    from cfdesk.suggest import Model

    m = Model.get()
    load = time.perf_counter() - t0
    from cfdesk.features import prepare
    from cfdesk.sample import SAMPLE_PATH
    from cfdesk.workbook import open_book

    sd = open_book(str(SAMPLE_PATH)).sheet("Inventory")
    prep = prepare(sd, "I2", "the total In Stock", "formula")
    steps = args.steps or m.default_steps
    m.sample(prep.text, args.samples, steps, 0)
    times = []
    for i in range(args.repeat):
        t = time.perf_counter()
        m.sample(prep.text, args.samples, steps, i)
        times.append((time.perf_counter() - t) * 1000)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model load {load:.2f} s (import + weights), {args.samples} candidates x {steps} steps: "
          f"p50 {statistics.median(times):.0f} ms, p95 {sorted(times)[int(0.95 * len(times)) - 1]:.0f} ms "
          f"(sampling only, encoder included), peak memory {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
