"""The sqrt noise schedule and the sampling steps, kept apart from the network.

As in Diffusion-LM, GENIE and CodeFusion: alpha_bar(t) = 1 - sqrt(t/T + s). The scheduler
follows diffusers' shape: ``add_noise`` for training, ``set_timesteps`` and ``step`` for
sampling (deterministic DDIM steps from the network's x0 prediction).
"""

from __future__ import annotations

import torch


class SqrtSchedule:
    def __init__(self, T: int = 1200, s: float = 1e-4):
        self.T = T
        t = torch.arange(T + 1, dtype=torch.float64)
        ab = 1 - torch.sqrt(t / T + s)
        self.alpha_bar = ab.clamp(min=1e-5, max=1.0).float()  # index t = 0..T
        self.timesteps: torch.Tensor = torch.arange(T, 0, -1)

    def add_noise(self, x0: torch.Tensor, noise: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        """q(x_t | x_0) for a batch of timesteps t (1..T)."""
        ab = self.alpha_bar.to(x0.device)[t].view(-1, *([1] * (x0.dim() - 1)))
        return ab.sqrt() * x0 + (1 - ab).sqrt() * noise

    def set_timesteps(self, n: int) -> torch.Tensor:
        """n evenly strided steps from T down to 1."""
        n = max(1, min(n, self.T))
        steps = torch.linspace(self.T, 1, n).round().long()
        self.timesteps = torch.unique_consecutive(steps)
        return self.timesteps

    def step(self, x0_hat: torch.Tensor, t: int, x_t: torch.Tensor, t_prev: int,
             generator: torch.Generator | None = None, eta: float = 0.0) -> torch.Tensor:
        """x_{t_prev} from x_t and the predicted x_0 (DDIM; eta > 0 adds fresh noise)."""
        ab = self.alpha_bar[t].item()
        ab_prev = self.alpha_bar[t_prev].item() if t_prev > 0 else 1.0
        eps = (x_t - ab ** 0.5 * x0_hat) / max(1 - ab, 1e-8) ** 0.5
        sigma = eta * (((1 - ab_prev) / (1 - ab)) * (1 - ab / ab_prev)) ** 0.5 if t_prev > 0 else 0.0
        dir_coef = max(1 - ab_prev - sigma ** 2, 0.0) ** 0.5
        x = ab_prev ** 0.5 * x0_hat + dir_coef * eps
        if sigma > 0:
            x = x + sigma * torch.randn(x.shape, generator=generator, dtype=x.dtype).to(x.device)
        return x
