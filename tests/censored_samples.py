"""Right-censored samples for the tests: Weibull lifetimes cut by exponential censoring times."""

from __future__ import annotations

import numpy as np


def censored_sample(
    seed: int, size: int, shape: float = 1.6, censoring_mean: float = 3.0
) -> tuple[np.ndarray, np.ndarray]:
    """(times, indicator): each time the smaller of a Weibull(shape, scale 2) lifetime and an exponential
    censoring time; the indicator 1 where the lifetime was observed, 0 where it was censored."""
    rng = np.random.default_rng(seed)
    life, limit = rng.weibull(shape, size) * 2.0, rng.exponential(censoring_mean, size)
    return np.minimum(life, limit), (life <= limit).astype(int)
