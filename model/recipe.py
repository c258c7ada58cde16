"""The full training recipe in one command: phase 1 (code only), phase 2 (fine-tuning), and
the autoregressive baseline, each bounded in wall time.

    python -m model.recipe --data-dir DIR --out OUT [--minutes 1.2,5,2] [--size base]
    python -m model.recipe --data-dir DIR --out OUT --device cpu --threads 2 \
        --minutes 10,95,0 --skip ar --batch-size 40 --lr 4e-4 --warmup 50   # the CPU recipe

DIR holds what ``cfdesk data export`` writes: vocab.json, pretrain.jsonl.xz, train.jsonl.xz,
dev.jsonl.xz and real_cf.jsonl.xz (added ``--real-repeat`` times to the fine-tuning data).
OUT receives codefusion/ and ar/ checkpoints (weights, checkpoint.json) and recipe.json with
the settings and timings.
"""

from __future__ import annotations

import argparse
import json
import os
import time

import torch

from model.config import ModelConfig, TrainConfig
from model.train import train

SIZES = {"tiny": ModelConfig.tiny, "small": lambda: ModelConfig(d_model=128, n_denoise=3, n_decode=2),
         "base": ModelConfig}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--minutes", default="1.2,5,2", help="pretrain,finetune,ar wall-time limits")
    ap.add_argument("--steps", default="3000,20000,8000", help="pretrain,finetune,ar step limits")
    ap.add_argument("--size", choices=list(SIZES), default="base")
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--lr", type=float, default=6e-4)
    ap.add_argument("--warmup", type=int, default=300)
    ap.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    ap.add_argument("--threads", type=int, help="CPU threads (default: torch's choice)")
    ap.add_argument("--real-repeat", type=int, default=5,
                    help="times the real CF requests (real_cf.jsonl.xz) join the fine-tuning data")
    ap.add_argument("--skip", default="", help="comma list of phases to skip: pretrain,finetune,ar")
    args = ap.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    mins = [float(x) for x in args.minutes.split(",")]
    steps = [int(x) for x in args.steps.split(",")]
    skip = set(filter(None, args.skip.split(",")))
    d = args.data_dir
    vocab = os.path.join(d, "vocab.json")
    real = os.path.join(d, "real_cf.jsonl.xz")
    finetune_data = [os.path.join(d, "train.jsonl.xz")] + [real] * args.real_repeat * os.path.exists(real)
    out = args.out
    os.makedirs(out, exist_ok=True)
    report = {"args": vars(args), "phases": {}, "torch": torch.__version__,
              "machine": torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu"}

    def run(name, tc, arch, mc):
        t0 = time.time()
        try:
            rec = train(tc, mc, arch, save_optimizer=False)
            report["phases"][name] = {"minutes": round((time.time() - t0) / 60, 2),
                                      "steps": rec.get("steps_done"), "log": rec["log"][-5:]}
        except Exception as e:  # noqa: BLE001 (a failed phase must not lose the others)
            report["phases"][name] = {"error": f"{type(e).__name__}: {e}"}
        with open(os.path.join(out, "recipe.json"), "w") as f:
            json.dump(report, f, indent=1)

    common = dict(vocab=vocab, batch_size=args.batch_size, lr=args.lr, device=args.device,
                  eval_every=1000, save_every=1000, warmup=args.warmup)
    pre_dir = os.path.join(out, "pretrain")
    if "pretrain" not in skip:
        run("pretrain", TrainConfig(data=[os.path.join(d, "pretrain.jsonl.xz")], out=pre_dir,
                                    phase="pretrain", steps=steps[0], max_minutes=mins[0], **common),
            "codefusion", SIZES[args.size]())
    init = pre_dir if os.path.exists(os.path.join(pre_dir, "checkpoint.json")) else None
    if "finetune" not in skip:
        run("finetune", TrainConfig(data=finetune_data,
                                    dev=os.path.join(d, "dev.jsonl.xz"), out=os.path.join(out, "codefusion"),
                                    phase="finetune", init=init, steps=steps[1], max_minutes=mins[1],
                                    **common), "codefusion", SIZES[args.size]())
    if "ar" not in skip:
        run("ar", TrainConfig(data=finetune_data, dev=os.path.join(d, "dev.jsonl.xz"),
                              out=os.path.join(out, "ar"), phase="finetune", steps=steps[2],
                              max_minutes=mins[2], **common), "ar", SIZES[args.size]())
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
