"""Step 9 of DESIGN §3: rank intervals under Dirichlet weight draws around the chosen weights, both aggregation rules."""
from __future__ import annotations

import numpy as np


def sensitivity(matrix: np.ndarray, weights: np.ndarray, draws: int, concentration: float, seed: int,
                floor: float = 1.0) -> np.ndarray:
    """Step 9: ranks under Dirichlet weights around `weights`, both aggregation rules; returns (median, p05, p95) per row."""
    n, k = matrix.shape
    if n == 0:
        return np.empty((0, 3))
    rng = np.random.default_rng(seed)
    alpha = np.maximum(concentration * weights / weights.sum(), 1e-3)
    w = rng.dirichlet(alpha, size=draws)                                   # draws x k
    scores = np.concatenate([
        (matrix @ w.T),                                                    # arithmetic: n x draws (weights sum to 1)
        np.exp(np.log(np.maximum(matrix, floor)) @ w.T),                    # geometric
    ], axis=1)
    order = np.argsort(-scores, axis=0, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, n + 1)[:, None].repeat(scores.shape[1], axis=1), axis=0)
    return np.column_stack([np.median(ranks, axis=1), np.percentile(ranks, 5, axis=1), np.percentile(ranks, 95, axis=1)])
