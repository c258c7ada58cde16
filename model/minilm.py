"""all-MiniLM-L6-v2 in plain PyTorch, with the `tokenizers` tokenizer.

Importing transformers and building its BertModel takes about 2.3 s on this project's 2-core
machine, most of the model's load time; the network itself is six standard BERT layers. This
module reads the same safetensors weights and tokenizer.json, and tests check that its output
equals transformers' BertModel (the reference) to float precision.
"""

from __future__ import annotations

import json
import os

import torch
import torch.nn.functional as F
from torch import nn


class _Layer(nn.Module):
    def __init__(self, d: int, heads: int, ff: int, eps: float):
        super().__init__()
        self.h = heads
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))
        self.ln1 = nn.LayerNorm(d, eps=eps)
        self.ff1 = nn.Linear(d, ff)
        self.ff2 = nn.Linear(ff, d)
        self.ln2 = nn.LayerNorm(d, eps=eps)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, n, d = x.shape

        def split(t):
            return t.view(b, n, self.h, d // self.h).transpose(1, 2)

        y = F.scaled_dot_product_attention(split(self.q(x)), split(self.k(x)), split(self.v(x)), attn_mask=bias)
        x = self.ln1(x + self.o(y.transpose(1, 2).reshape(b, n, d)))
        return self.ln2(x + self.ff2(F.gelu(self.ff1(x))))


class MiniLM(nn.Module):
    """BERT encoder: word + position + token-type embeddings, LayerNorm, N post-norm layers."""

    def __init__(self, cfg: dict):
        super().__init__()
        d, eps = cfg["hidden_size"], cfg.get("layer_norm_eps", 1e-12)
        self.word = nn.Embedding(cfg["vocab_size"], d)
        self.pos = nn.Embedding(cfg["max_position_embeddings"], d)
        self.tok_type = nn.Embedding(cfg.get("type_vocab_size", 2), d)
        self.ln = nn.LayerNorm(d, eps=eps)
        self.layers = nn.ModuleList(_Layer(d, cfg["num_attention_heads"], cfg["intermediate_size"], eps)
                                    for _ in range(cfg["num_hidden_layers"]))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        n = input_ids.shape[1]
        pos = torch.arange(n, device=input_ids.device)
        x = self.ln(self.word(input_ids) + self.pos(pos)[None] + self.tok_type.weight[0])
        neg = torch.finfo(x.dtype).min
        bias = torch.zeros(attention_mask.shape, dtype=x.dtype, device=x.device).masked_fill(
            attention_mask == 0, neg)[:, None, None, :]
        for layer in self.layers:
            x = layer(x, bias)
        return x

    def load_hf(self, state: dict[str, torch.Tensor]) -> None:
        """Load weights named as in transformers' BertModel."""
        m = {"word.weight": "embeddings.word_embeddings.weight",
             "pos.weight": "embeddings.position_embeddings.weight",
             "tok_type.weight": "embeddings.token_type_embeddings.weight",
             "ln.weight": "embeddings.LayerNorm.weight", "ln.bias": "embeddings.LayerNorm.bias"}
        for i in range(len(self.layers)):
            p = f"encoder.layer.{i}."
            for ours, theirs in (("q", "attention.self.query"), ("k", "attention.self.key"),
                                 ("v", "attention.self.value"), ("o", "attention.output.dense"),
                                 ("ln1", "attention.output.LayerNorm"), ("ff1", "intermediate.dense"),
                                 ("ff2", "output.dense"), ("ln2", "output.LayerNorm")):
                for w in ("weight", "bias"):
                    m[f"layers.{i}.{ours}.{w}"] = p + f"{theirs}.{w}"
        own = {}
        for ours, theirs in m.items():
            key = theirs if theirs in state else "bert." + theirs
            if key not in state:
                raise KeyError(f"encoder weight {theirs} missing")
            own[ours] = state[key].float()
        self.load_state_dict(own)


class FastTokenizer:
    """The model's tokenizer.json through the `tokenizers` library (what transformers' fast
    BERT tokenizer wraps)."""

    def __init__(self, path: str, max_len: int):
        from tokenizers import Tokenizer

        self.tok = Tokenizer.from_file(os.path.join(path, "tokenizer.json"))
        self.tok.enable_truncation(max_len)
        self.tok.no_padding()  # padding is done per batch below
        self.pad_id = self.tok.token_to_id("[PAD]") or 0
        self.pad_token_id = self.pad_id
        self.vocab_size = self.tok.get_vocab_size()

    def __call__(self, texts: list[str], padding: bool = False, truncation: bool = True, max_length: int | None = None,
                 return_tensors: str | None = None):
        encs = self.tok.encode_batch(list(texts))
        ids = [e.ids for e in encs]
        if return_tensors != "pt":
            return {"input_ids": ids}
        width = max(len(i) for i in ids)
        return {"input_ids": torch.tensor([i + [self.pad_id] * (width - len(i)) for i in ids]),
                "attention_mask": torch.tensor([[1] * len(i) + [0] * (width - len(i)) for i in ids])}


def load(path: str, max_len: int) -> tuple[MiniLM, FastTokenizer]:
    from safetensors.torch import load_file

    with open(os.path.join(path, "config.json")) as f:
        cfg = json.load(f)
    model = MiniLM(cfg)
    model.load_hf(load_file(os.path.join(path, "model.safetensors")))
    return model.eval(), FastTokenizer(path, max_len)

