"""Re-weighting the composite (pure, no ORM): every unit's DTI and rank with other
weights on the main indices, and how stable each rank is when the weights move.

Inputs. Weights are points on the 1,000-point scale, one per main index published for
every unit (HDCQS, HDKTS, HDXHS, HTS) and ``OTHER``, the total weight of the four
foundation indices published only as their combined sum S (NTS + TCS + NLS + ATTTM,
officially 4 × 100 = 400). S comes from the identity (weights.rest_points), so it is a
computed figure, never split; its contribution is OTHER × S / 4.

Recomputed DTI = Σ w_c·x_c / Σ w_c (x_OTHER = S / 4). With the official weights this is
the identity read back: the published DTI exactly, so the official ranks (ties
included, compared at 4 decimals as published) come back unchanged.

Stability (JRC/COINr uncertainty analysis). Each weight is drawn independently as
official × U(0.75, 1.25), ``draws`` times with a fixed seed; every draw ranks every unit
(competition ranking at 4 decimals), and each unit's 5th–95th percentile rank is the
range it falls in for 90 % of plausible weightings. Vectorised: one matrix product for
the scores, one sort and one searchsorted for all the ranks.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from indicators.rules.ranking import as_published, competition_rank
from indicators.rules.weights import Weights, rest_points
from indicators.scenarios.drivers import OTHER

INDIVIDUAL = ("HDCQS", "HDKTS", "HDXHS", "HTS")  # published for every unit, 2022–2024
COMBINED = ("NTS", "TCS", "NLS", "ATTTM")  # published only as their sum (computed)
CODES = (*INDIVIDUAL, OTHER)
SCALE = Decimal(1000)
DRAWS = 1000
SEED = 20250701
SPREAD = (0.75, 1.25)


def official_weights(weights: Weights | None) -> dict[str, Decimal] | None:
    """The official points per re-weighting code (OTHER = the four combined together), or
    None when the year's framework has no such structure (2020: weighted on pillars)."""
    if weights is None or any(c not in weights.points for c in (*INDIVIDUAL, *COMBINED)):
        return None
    if len({weights.points[c] for c in COMBINED}) != 1:
        return None  # their sum alone would not give their points
    official = {c: Decimal(weights.points[c]) for c in INDIVIDUAL}
    official[OTHER] = sum((Decimal(weights.points[c]) for c in COMBINED), Decimal(0))
    return official


def presets(official: Mapping[str, Decimal]) -> dict[str, dict[str, Decimal]]:
    """Named weightings: official, equal per main index, only the three activity indices,
    only the five foundation indices (each keeping its official points)."""
    per_index = SCALE / (len(INDIVIDUAL) + len(COMBINED))
    activity = {"HDCQS", "HDKTS", "HDXHS"}
    return {
        "official": dict(official),
        "equal": {c: per_index * (len(COMBINED) if c == OTHER else 1) for c in CODES},
        "activity": {c: (official[c] if c in activity else Decimal(0)) for c in CODES},
        "foundation": {c: (Decimal(0) if c in activity else official[c]) for c in CODES},
    }


def normalised(weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """The weights scaled to total 1,000 points (the total must be positive)."""
    total = sum(weights.values(), Decimal(0))
    return {c: w * SCALE / total for c, w in weights.items()}


def unit_inputs(
    values: Mapping[str, Decimal | None], weights: Weights
) -> dict[str, Decimal] | None:
    """The unit's x per code: the four published indices and OTHER = S / 4, S the combined
    sum from the identity with the published DTI. None when a figure is missing."""
    dti = values.get("DTI")
    if dti is None or any(values.get(c) is None for c in INDIVIDUAL):
        return None
    known = {c: values[c] for c in INDIVIDUAL}
    common = weights.points[COMBINED[0]]
    combined = rest_points(dti, known, weights) / common  # type: ignore[arg-type]
    return {**known, OTHER: combined / len(COMBINED)}  # type: ignore[dict-item]


def recomputed(inputs: Mapping[str, Decimal], weights: Mapping[str, Decimal]) -> Decimal:
    """Σ w_c·x_c / Σ w_c: the DTI (0..1) with these weights."""
    total = sum((weights[c] for c in CODES), Decimal(0))
    return sum((weights[c] * inputs[c] for c in CODES), Decimal(0)) / total


@dataclass(frozen=True)
class Result:
    values: dict  # key → recomputed DTI, as published (4 decimals)
    ranks: dict  # key → competition rank of that value


def reweight[K](
    inputs: Mapping[K, Mapping[str, Decimal]], weights: Mapping[str, Decimal]
) -> Result:
    values = {k: as_published(recomputed(x, weights)) for k, x in inputs.items()}
    return Result(values=values, ranks=competition_rank(values))


@dataclass(frozen=True)
class Bands:
    low: np.ndarray  # 5th percentile rank per unit (row order of the input matrix)
    high: np.ndarray  # 95th percentile rank
    median: np.ndarray
    draws: int
    seed: int


def matrix(rows: list[Mapping[str, Decimal]]) -> np.ndarray:
    """Units × codes, float, in CODES order."""
    return np.array([[float(r[c]) for c in CODES] for r in rows], dtype=float).reshape(
        -1, len(CODES)
    )


def draw_ranks(
    x: np.ndarray, official: np.ndarray, *, draws: int = DRAWS, seed: int = SEED
) -> np.ndarray:
    """Ranks (units × draws) with each weight official × U(0.75, 1.25), drawn independently."""
    rng = np.random.default_rng(seed)
    w = official[None, :] * rng.uniform(*SPREAD, size=(draws, official.size))
    scores = (x @ w.T) / w.sum(axis=1)[None, :]  # units × draws, 0..1
    q = np.rint(scores * 10_000).astype(np.int64)  # compared at 4 decimals, as published
    n = x.shape[0]
    stride = 20_001  # > the largest q, so each draw occupies its own block of keys
    keys = (q + np.arange(draws, dtype=np.int64)[None, :] * stride).T.ravel()  # draw-major
    ordered = np.sort(keys)
    at_or_below = np.searchsorted(ordered, keys, side="right")
    block_end = (np.arange(draws, dtype=np.int64).repeat(n) + 1) * n
    return (1 + block_end - at_or_below).reshape(draws, n).T


def stability(
    x: np.ndarray, official: np.ndarray, *, draws: int = DRAWS, seed: int = SEED
) -> Bands:
    """Each unit's 5th–95th percentile rank over ``draws`` random weightings."""
    ranks = draw_ranks(x, official, draws=draws, seed=seed)
    low, median, high = np.percentile(ranks, [5, 50, 95], axis=1, method="inverted_cdf")
    return Bands(
        low=low.astype(int),
        high=high.astype(int),
        median=median.astype(int),
        draws=draws,
        seed=seed,
    )
