"""Training: ``python -m model.train --data A.jsonl [--data B.jsonl] --vocab V.json --out DIR``.

Phase 1 (``--phase pretrain``): code only. Each example's ``x`` is either empty
(unconditional denoising) or the code with names, references and literals masked (CPD).
Phase 2 (``--phase finetune --init PHASE1_DIR``): request + sheet context -> code.

A plain loop in the style of nanoGPT: resumable (``--resume``), a progress bar, dev
evaluation every ``--eval-every`` steps, CPU or CUDA, and data-parallel under ``torchrun``
(gloo on CPU, nccl on GPUs).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import time
from dataclasses import asdict, replace

import torch
import torch.distributed as dist

from model import checkpoint
from model.config import ModelConfig, TrainConfig
from model.schedule import SqrtSchedule


def load_examples(paths: list[str], vocab: dict[str, int], seq_len: int) -> list[tuple[str, list[int]]]:
    out = []
    pad, unk = vocab["<pad>"], vocab.get("<unk>", 0)
    import gzip
    import lzma

    for p in paths:
        if p.endswith(".gz"):
            f = gzip.open(p, "rt", encoding="utf-8")
        elif p.endswith(".xz"):
            f = lzma.open(p, "rt", encoding="utf-8")
        else:
            f = open(p, encoding="utf-8")
        with f:
            for line in f:
                rec = json.loads(line)
                y = rec.get("y")
                if not y or len(y) > seq_len:
                    continue
                ids = [vocab.get(t, unk) for t in y]
                out.append((rec.get("x") or "", ids + [pad] * (seq_len - len(ids))))
    return out


def length_batches(n: int, lengths: list[int], batch_size: int, rng: random.Random, pool: int = 16):
    """Random batches of similar source length: draw ``pool`` batches' worth of examples, sort
    them by length, cut, shuffle the cuts. The frozen encoder's cost grows with the padded
    width, so this saves about a fifth of a CPU step (requests are 128-254 tokens)."""
    b = min(batch_size, n)
    while True:
        idx = rng.sample(range(n), min(n, b * max(1, pool)))
        idx.sort(key=lambda i: lengths[i])
        cuts = [idx[i:i + b] for i in range(0, len(idx) - b + 1, b)]
        rng.shuffle(cuts)
        yield from cuts


def pick_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise SystemExit("cfdesk: --device cuda asked for, but no CUDA device is available")
    return torch.device(name)


def build_model(arch: str, cfg: ModelConfig):
    if arch == "ar":
        from model.ar import ARModel

        return ARModel(cfg)
    from model.network import CodeFusion

    return CodeFusion(cfg)


@torch.no_grad()
def evaluate(model, arch: str, dev: list[tuple[str, list[int]]], device, eos_id: int, n: int = 120,
             steps: int = 10) -> dict[str, float]:
    """Exact-sequence accuracy of the top candidate (up to the end token) on dev examples."""
    model.eval()
    ok = 0
    items = dev[:n]
    for text, ids in items:
        gold = ids[: ids.index(eos_id) + 1] if eos_id in ids else ids
        if arch == "ar":
            from model.ar import beam_search

            seqs, _ = beam_search(model, text, k=1, eos_id=eos_id, device=device)
            got = seqs[0] if seqs else []  # beam_search's sequences end with the end token
        else:
            from model.sample import sample

            s = sample(model, text, k=1, steps=steps, seed=0, eos_id=eos_id, device=device)
            row = s.ids[0].tolist()
            got = row[: row.index(eos_id) + 1] if eos_id in row else row
        ok += got == gold
    model.train()
    return {"dev_exact": ok / max(1, len(items))}


def lr_at(step: int, tc: TrainConfig, elapsed_min: float = 0.0) -> float:
    """Linear warm-up, then cosine decay to 10% over the run; a run bounded by wall time
    decays by whichever of steps or minutes runs out first."""
    if step < tc.warmup:
        return tc.lr * (step + 1) / tc.warmup
    p = (step - tc.warmup) / max(1, tc.steps - tc.warmup)
    if tc.max_minutes:
        p = max(p, elapsed_min / tc.max_minutes)
    return tc.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, p))))


def train(tc: TrainConfig, mc: ModelConfig, arch: str = "codefusion", resume: bool = False,
          progress: bool = True, save_optimizer: bool = True) -> dict:
    if tc.uncond_prob is None:
        tc = replace(tc, uncond_prob=0.0 if arch == "ar" else 0.1)
    ddp = int(os.environ.get("WORLD_SIZE", "1")) > 1
    rank = 0
    device = pick_device(tc.device)
    if ddp:
        backend = "nccl" if device.type == "cuda" else "gloo"
        dist.init_process_group(backend)
        rank = dist.get_rank()
        if device.type == "cuda":
            device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0)))
            torch.cuda.set_device(device)
    torch.manual_seed(tc.seed + rank)
    random.seed(tc.seed + rank)
    with open(tc.vocab) as f:
        vocab_list = json.load(f)
    vocab = {t: i for i, t in enumerate(vocab_list)}
    mc.vocab_size = len(vocab_list)
    mc.pad_id = vocab["<pad>"]
    eos_id = vocab["<eos>"]
    data = load_examples(tc.data, vocab, mc.seq_len)
    if not data:
        raise SystemExit("cfdesk: no training examples (each needs 'x' and 'y')")
    dev = load_examples([tc.dev], vocab, mc.seq_len) if tc.dev else []
    model = build_model(arch, mc)
    # Tokenize every request once: per-step tokenization of 256 texts cost more host time
    # than the GPU's work on the first training run.
    tok = model.encoder.tokenizer
    texts_all = sorted({x for x, _ in data} | {""})
    enc_ids = dict(zip(texts_all, tok(texts_all, truncation=True, max_length=mc.max_src_len)["input_ids"]))
    pad_tok = tok.pad_token_id or 0
    start = 0
    if tc.init:
        init_model, _ = checkpoint.load(tc.init, "cpu", lambda c: build_model(arch, mc))
        model.load_state_dict(init_model.state_dict())
    if tc.train_encoder:
        model.encoder.set_trainable(True)
    elif device.type == "cpu":
        from model.network import cpu_has_bf16

        model.encoder.cpu_bf16 = cpu_has_bf16() if tc.encoder_bf16 is None else tc.encoder_bf16
    model.to(device)
    params = model.trainable_parameters()
    opt = torch.optim.AdamW(params, lr=tc.lr, weight_decay=tc.weight_decay, betas=(0.9, 0.98))
    opt_path = os.path.join(tc.out, "optimizer.pt")
    if resume and os.path.exists(opt_path):
        st = torch.load(opt_path, map_location="cpu")
        model.load_state_dict(st["full_state"], strict=False)
        opt.load_state_dict(st["optimizer"])
        start = int(st["step"])
    raw = model
    if ddp:
        model = torch.nn.parallel.DistributedDataParallel(
            model, device_ids=[device.index] if device.type == "cuda" else None,
            find_unused_parameters=True)
    schedule = SqrtSchedule(mc.T, mc.schedule_s)
    n_params = sum(p.numel() for p in params)
    record = {"arch": arch, "train": asdict(tc), "params_trainable": n_params,
              "examples": len(data), "device": str(device),
              "machine": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
              "world_size": dist.get_world_size() if ddp else 1,
              "encoder_bf16": raw.encoder.cpu_bf16, "log": []}
    bar = None
    if progress and rank == 0:
        from tqdm import tqdm

        bar = tqdm(total=tc.steps, initial=start, desc=f"train {arch}/{tc.phase}", unit="step")
    t0 = time.time()
    model.train()
    rng = random.Random(tc.seed + rank)
    lengths = [len(enc_ids[x]) for x, _ in data]
    batches = length_batches(len(data), lengths, tc.batch_size, rng, tc.bucket_pool)
    step = start
    use_amp = tc.amp and device.type == "cuda"
    accumulate = max(1, tc.accumulate)
    while step < tc.steps:
        for g in opt.param_groups:
            g["lr"] = lr_at(step, tc, (time.time() - t0) / 60)
        opt.zero_grad(set_to_none=True)
        for micro in range(accumulate):
            batch = [data[i] for i in next(batches)]
            texts = [x if (tc.phase == "pretrain" or rng.random() >= tc.uncond_prob) else ""
                     for x, _ in batch]
            seqs = [enc_ids[t] for t in texts]
            width = max(len(q) for q in seqs)
            src = {"input_ids": torch.tensor([q + [pad_tok] * (width - len(q)) for q in seqs]),
                   "attention_mask": torch.tensor([[1] * len(q) + [0] * (width - len(q)) for q in seqs])}
            y = torch.tensor([ids for _, ids in batch], device=device)
            # under DDP, gradients are averaged across processes only on the last micro-batch
            sync = not ddp or micro == accumulate - 1
            with (contextlib.nullcontext() if sync else model.no_sync()):
                with torch.autocast(device.type, dtype=torch.bfloat16, enabled=use_amp):
                    loss, parts = model(src, y, schedule, tc.pad_weight)
                (loss / accumulate).backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        step += 1
        if bar:
            bar.update(1)
            bar.set_postfix(loss=f"{parts['loss']:.3f}", ce=f"{parts['ce']:.3f}")
        out_of_time = tc.max_minutes is not None and (time.time() - t0) / 60 > tc.max_minutes
        if rank == 0 and (step % tc.eval_every == 0 or step == tc.steps or out_of_time):
            entry = {"step": step, "minutes": round((time.time() - t0) / 60, 2), **parts}
            if dev:
                entry.update(evaluate(raw, arch, dev, device, eos_id))
            record["log"].append(entry)
            if bar:
                bar.write(json.dumps(entry))
        if rank == 0 and (step % tc.save_every == 0 or step == tc.steps or out_of_time):
            record["steps_done"] = step
            record["minutes"] = round((time.time() - t0) / 60, 2)
            checkpoint.save(tc.out, raw, mc, vocab_list, record,
                            optimizer=opt if save_optimizer else None, step=step)
        if out_of_time:
            break
    if bar:
        bar.close()
    if ddp:
        dist.barrier()
        dist.destroy_process_group()
    return record


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", action="append", required=True)
    ap.add_argument("--dev")
    ap.add_argument("--vocab", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--phase", choices=["pretrain", "finetune"], default="finetune")
    ap.add_argument("--arch", choices=["codefusion", "ar"], default="codefusion")
    ap.add_argument("--init")
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--steps", type=int, default=10000)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--accumulate", type=int, default=1,
                    help="micro-batches of --batch-size per optimizer step (gradient accumulation)")
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--warmup", type=int, default=500)
    ap.add_argument("--eval-every", type=int, default=1000)
    ap.add_argument("--save-every", type=int, default=1000)
    ap.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-minutes", type=float)
    ap.add_argument("--size", choices=["tiny", "small", "base"], default="base",
                    help="network size: tiny (tests), small (CPU recipe), base (shipped)")
    ap.add_argument("--threads", type=int, help="CPU threads (default: torch's choice)")
    ap.add_argument("--encoder-bf16", choices=["auto", "on", "off"], default="auto",
                    help="CPU training: run the frozen encoder in bf16 (auto: where the CPU has "
                         "bf16 instructions; about half the encoder's time)")
    ap.add_argument("--no-optimizer-state", action="store_true",
                    help="save only the weights and checkpoint.json, not optimizer.pt (no --resume "
                         "then; for output folders that must stay small)")
    ap.add_argument("--uncond-prob", type=float,
                    help="share of fine-tuning examples with the request dropped (default: 0.1 for "
                         "codefusion, 0 for ar, which has no use for it)")
    args = ap.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    mc = {"tiny": ModelConfig.tiny(), "small": ModelConfig(d_model=128, n_denoise=3, n_decode=2),
          "base": ModelConfig()}[args.size]
    tc = TrainConfig(data=args.data, dev=args.dev, vocab=args.vocab, out=args.out, phase=args.phase,
                     init=args.init, steps=args.steps, batch_size=args.batch_size, accumulate=args.accumulate,
                     lr=args.lr,
                     warmup=args.warmup, eval_every=args.eval_every, save_every=args.save_every,
                     device=args.device, seed=args.seed, max_minutes=args.max_minutes,
                     uncond_prob=args.uncond_prob,
                     encoder_bf16={"auto": None, "on": True, "off": False}[args.encoder_bf16])
    train(tc, mc, args.arch, resume=args.resume, save_optimizer=not args.no_optimizer_state)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
