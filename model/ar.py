"""The autoregressive baseline: the same encoder, a causal transformer decoder of the same
width, decoded with beam search. It exists to measure CodeFusion's claim (diffusion wins at
top-3/top-5 through diversity) on this project's data instead of assuming it."""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

from model.config import ModelConfig
from model.network import Block, TextEncoder


class ARModel(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        d = cfg.d_model
        self.encoder = TextEncoder(cfg)
        self.embed = nn.Embedding(cfg.vocab_size, d)
        self.pos = nn.Parameter(torch.zeros(1, cfg.seq_len + 1, d))
        nn.init.normal_(self.pos, std=0.02)
        # as many layers as CodeFusion's denoiser and decoder together
        self.blocks = nn.ModuleList([Block(cfg) for _ in range(cfg.n_denoise + cfg.n_decode)])
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, cfg.vocab_size)

    def encode(self, texts, device):
        enc = self.encoder.tokenize(texts, device)  # texts, or a batch the trainer tokenized
        return self.encoder(enc["input_ids"], enc["attention_mask"]), enc["attention_mask"].bool()

    def forward_tokens(self, inp: torch.Tensor, kvs, mask) -> torch.Tensor:
        h = self.embed(inp) + self.pos[:, : inp.shape[1]]
        for blk, kv in zip(self.blocks, kvs):
            h = blk(h, kv, mask, causal=True)
        return self.head(self.norm(h))

    def loss(self, texts, y: torch.Tensor, schedule=None, pad_weight: float = 0.1):
        states, smask = self.encode(texts, y.device)
        mask = smask[:, None, None, :]
        kvs = [b.cross.kv_of(states) for b in self.blocks]
        bos = torch.full((y.shape[0], 1), 1, dtype=y.dtype, device=y.device)  # <bos> is id 1
        logits = self.forward_tokens(torch.cat([bos, y[:, :-1]], 1), kvs, mask)
        w = torch.where(y == self.cfg.pad_id, pad_weight, 1.0)
        ce = F.cross_entropy(logits.transpose(1, 2), y, reduction="none")
        loss = (ce * w).sum() / w.sum()
        return loss, {"loss": loss.item(), "ce": loss.item()}

    def forward(self, texts, y, schedule=None, pad_weight: float = 0.1):
        """The training loss (forward is what DistributedDataParallel calls)."""
        return self.loss(texts, y, schedule, pad_weight)

    def trainable_parameters(self):
        return [p for p in self.parameters() if p.requires_grad]


@torch.no_grad()
def beam_search(model: ARModel, text: str, k: int = 5, beam: int | None = None, eos_id: int = 2,
                bos_id: int = 1, device=None, prefix_bias: Callable[[list[int]], torch.Tensor] | None = None
                ) -> tuple[list[list[int]], list[float]]:
    """The k best sequences (ids without <bos>) and their mean token log-probabilities.
    ``prefix_bias(prefix)`` (prefix: the ids so far, without <bos>) returns a (vocab,) bias
    added to the next token's log-probabilities: the caller's constraints (-inf rules a
    token out, e.g. one its grammar does not allow there)."""
    model.eval()
    device = device or next(model.parameters()).device
    beam = beam or max(k, 4)
    states, smask = model.encode([text], device)
    mask = smask[:, None, None, :]
    kvs = [b.cross.kv_of(states) for b in model.blocks]
    seqs = torch.full((1, 1), bos_id, dtype=torch.long, device=device)
    scores = torch.zeros(1, device=device)
    done: list[tuple[list[int], float]] = []
    for _ in range(model.cfg.seq_len):
        logp = F.log_softmax(model.forward_tokens(seqs, kvs, mask)[:, -1].float(), -1)
        if prefix_bias is not None:
            logp = logp + torch.stack([prefix_bias(s[1:]) for s in seqs.tolist()]).to(logp.device)
        cand = (scores[:, None] + logp).view(-1)
        top = cand.topk(min(beam * 2, cand.numel()))
        v = logp.shape[1]
        new_seqs, new_scores = [], []
        for s, idx in zip(top.values.tolist(), top.indices.tolist()):
            if s == float("-inf"):
                break
            b, tok = divmod(idx, v)
            seq = seqs[b].tolist() + [tok]
            if tok == eos_id:
                done.append((seq[1:], s / (len(seq) - 1)))
            else:
                new_seqs.append(seq)
                new_scores.append(s)
            if len(new_seqs) >= beam:
                break
        if len(done) >= beam or not new_seqs:
            break
        seqs = torch.tensor(new_seqs, device=device)
        scores = torch.tensor(new_scores, device=device)
    if not done:
        done = [(s[1:], sc / max(1, len(s) - 1)) for s, sc in zip(seqs.tolist(), scores.tolist())]
    done.sort(key=lambda d: -d[1])
    return [d[0] for d in done[:k]], [d[1] for d in done[:k]]


@torch.no_grad()
def score_sequences(model: ARModel, text: str, seqs: list[list[int]], eos_id: int = 2, bos_id: int = 1,
                    device=None) -> list[float]:
    """Mean token log-probability of each given sequence (ids without <bos>, cut after its
    first <eos>; one without <eos> is scored as if one followed), teacher-forced: the score
    ``beam_search`` gives a sequence it finds, for sequences it did not find (another engine's
    candidates). The sequences are scored in one batch."""
    if not seqs:
        return []
    model.eval()
    device = device or next(model.parameters()).device
    rows = []
    for s in seqs:
        s = list(s)
        rows.append((s[: s.index(eos_id) + 1] if eos_id in s else s + [eos_id])[: model.cfg.seq_len])
    width = max(len(r) for r in rows)
    y = torch.tensor([r + [eos_id] * (width - len(r)) for r in rows], device=device)
    states, smask = model.encode([text], device)
    mask = smask[:, None, None, :]
    kvs = [b.cross.kv_of(states) for b in model.blocks]  # one request: broadcast over the rows
    bos = torch.full((len(rows), 1), bos_id, dtype=torch.long, device=device)
    logp = F.log_softmax(model.forward_tokens(torch.cat([bos, y[:, :-1]], 1), kvs, mask).float(), -1)
    tok = logp.gather(2, y[..., None])[..., 0]
    lengths = torch.tensor([len(r) for r in rows], device=device)
    keep = torch.arange(width, device=device)[None] < lengths[:, None]
    return ((tok * keep).sum(1) / lengths).tolist()
