"""The autoregressive baseline behind the same interface as the diffusion model, so the
benchmark compares the two through one pipeline."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from cfdesk import codec
from cfdesk.suggest import MODELS_DIR, ModelError

DEFAULT_AR = MODELS_DIR / "ar"


@dataclass
class _Samples:
    ids: object
    scores: object
    intermediates: None = None
    logp: None = None  # beam search keeps no per-position distribution to re-read


class ARSuggester:
    _lock = threading.Lock()
    _cache: dict = {}
    default_steps = 0  # beam search has no steps

    def __init__(self, path: str | Path = DEFAULT_AR, device: str = "auto"):
        import torch

        from model import checkpoint
        from model.ar import ARModel

        t0 = time.perf_counter()
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        self.device = torch.device(device)
        try:
            self.net, self.meta = checkpoint.load(str(path), self.device, ARModel)
        except checkpoint.CheckpointError as e:
            raise ModelError(str(e)) from None
        self.net.eval()
        if self.meta["vocab"] != codec.VOCAB:
            raise ModelError(f"the model in {path} was trained with another vocabulary")
        self.load_s = time.perf_counter() - t0

    @classmethod
    def get(cls, path=None, device: str = "auto") -> ARSuggester:
        key = (str(path or DEFAULT_AR), device)
        with cls._lock:
            if key not in cls._cache:
                cls._cache[key] = cls(path or DEFAULT_AR, device)
            return cls._cache[key]

    def sample(self, text: str, n: int, steps: int, seed, keep: bool = False, bias=None,
               prefix_bias=None) -> _Samples:
        """``bias`` (seq_len, vocab): the request's constraints, by position; ``prefix_bias``
        (from cfdesk.grammar.prefix_bias) replaces it with constraints and grammar together."""
        import torch

        from model.ar import beam_search

        if prefix_bias is None and bias is not None:
            def prefix_bias(prefix: list[int]) -> torch.Tensor:
                return bias[min(len(prefix), bias.shape[0] - 1)]

        seqs, scores = beam_search(self.net, text, k=n, beam=n, eos_id=codec.TOKEN_ID[codec.EOS],
                                   bos_id=codec.TOKEN_ID[codec.BOS], device=self.device,
                                   prefix_bias=prefix_bias)
        L = self.net.cfg.seq_len
        pad = codec.TOKEN_ID[codec.PAD]
        rows = [(s + [codec.TOKEN_ID[codec.EOS]] if codec.TOKEN_ID[codec.EOS] not in s else s)[:L]
                for s in seqs] or [[pad] * L]
        rows = [r + [pad] * (L - len(r)) for r in rows]
        return _Samples(torch.tensor(rows), torch.tensor(scores or [0.0]))

    def score(self, text: str, rows: list[list[int]]) -> list[float]:
        """Mean token log-probability of sequences another engine drew (padded id rows), on
        the scale of the beam's own scores."""
        from model.ar import score_sequences

        return score_sequences(self.net, text, rows, eos_id=codec.TOKEN_ID[codec.EOS],
                               bos_id=codec.TOKEN_ID[codec.BOS], device=self.device)
