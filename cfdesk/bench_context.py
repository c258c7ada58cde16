"""Benchmark: column context of a large sheet. ``python -m cfdesk.bench_context [--rows N]``.

Builds (once, cached in the temp folder) a workbook of N rows x 20 columns with integers,
decimals, text, dates and blanks, then times ``context_from_file`` on it and reports the
peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time


def build(path: str, rows: int) -> None:
    from openpyxl import Workbook
    from tqdm import tqdm

    rnd = random.Random(1)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(["ID", "Amount", "Category", "Date"] + [f"Metric {i}" for i in range(16)])
    base = dt.date(2020, 1, 1)
    for r in tqdm(range(rows), desc="building workbook", unit="row", file=sys.stderr):
        ws.append([r, round(rnd.random() * 1000, 2), f"cat{r % 7}", base + dt.timedelta(days=r % 900)]
                  + [rnd.randint(0, 100) if rnd.random() > 0.02 else None for _ in range(16)])
    wb.save(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--file", help="workbook to use instead of the generated one")
    args = ap.parse_args(argv)
    path = args.file or os.path.join(tempfile.gettempdir(), f"cfdesk-bench-{args.rows}x20.xlsx")
    if not os.path.exists(path):
        build(path, args.rows)
    from cfdesk.context import context_from_file, serialize

    t0 = time.perf_counter()
    ctx = context_from_file(path, None, "U2")
    elapsed = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(serialize(ctx)[:200] + " ...")
    print(f"context of {ctx.table.last_row - ctx.table.first_row + 1:,} rows x {len(ctx.columns)} "
          f"columns: {elapsed:.2f} s, peak memory {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
