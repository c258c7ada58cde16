"""Sizes of the CodeFusion network and of its training, in one place."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class ModelConfig:
    vocab_size: int = 512
    seq_len: int = 32  # every program is generated as a whole fixed-length sequence
    d_emb: int = 64  # the space diffusion runs in (GENIE and Diffusion-LM use 64-128)
    d_model: int = 192
    n_heads: int = 4
    n_denoise: int = 4  # denoiser N: self-attention + cross-attention + timestep
    n_decode: int = 2  # decoder D: full self-attention + cross-attention over x0-hat
    ffn_mult: int = 4
    dropout: float = 0.1
    T: int = 1200  # diffusion steps in training (the paper's and GENIE's value)
    schedule_s: float = 1e-4  # sqrt schedule offset
    encoder: str = "minilm"  # "minilm" (the shipped pretrained encoder) or "tiny" (tests)
    max_src_len: int = 256
    d_enc: int = 384  # width of the encoder's states (MiniLM: 384)
    pad_id: int = 0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> ModelConfig:
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    @classmethod
    def tiny(cls, vocab_size: int = 64) -> ModelConfig:
        """Seconds-fast: for tests."""
        return cls(vocab_size=vocab_size, seq_len=16, d_emb=16, d_model=32, n_heads=2, n_denoise=1,
                   n_decode=1, ffn_mult=2, dropout=0.0, T=100, encoder="tiny", max_src_len=64,
                   d_enc=32)


@dataclass
class TrainConfig:
    data: list[str] = field(default_factory=list)  # JSONL files with "x" (text) and "y" (tokens)
    dev: str | None = None
    vocab: str = ""  # JSON list of token strings
    out: str = "runs/codefusion"
    phase: str = "finetune"  # pretrain (code only) | finetune (request -> code)
    init: str | None = None  # checkpoint to start from (phase 2 starts from phase 1)
    steps: int = 10000
    batch_size: int = 128
    # micro-batches of batch_size per optimizer step: a large effective batch where memory or a
    # small CPU allows only small ones (the CPU's batches of 40 drifted where the GPU's 256 did not)
    accumulate: int = 1
    lr: float = 5e-4
    warmup: int = 500
    weight_decay: float = 0.01
    eval_every: int = 1000
    save_every: int = 1000
    pad_weight: float = 0.1  # CE weight of padding positions (the model must learn lengths)
    device: str = "auto"
    seed: int = 0
    max_minutes: float | None = None  # stop (and save) after this much wall time
    # phase 2: drop the condition sometimes (classifier-free style); None: 0.1 for codefusion,
    # 0 for the AR baseline, which has no use for it
    uncond_prob: float | None = None
    train_encoder: bool = False
    amp: bool = True  # bf16 autocast on CUDA
    # CPU: run the frozen encoder under bf16 autocast (half its time where the CPU has bf16
    # instructions; GPU training under amp already reads bf16 encoder states). None: auto.
    encoder_bf16: bool | None = None
    bucket_pool: int = 16  # batches drawn together and cut by source length (1: plain random)
