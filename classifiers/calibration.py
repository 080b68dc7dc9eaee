"""Calibrated confidence: temperature scaling of the model, a logistic map of the decision's
confidence, and the measures (reliability table, expected calibration error).

A bag-of-words model trained on template texts says 0.999 about almost anything; on wording it
has never seen it is right far less often. Two fitted corrections, both on the hand-written
calibration texts (``classifiers._fit_calibration.CALIBRATION_SPLITS``, never trained on):

1. **temperature** ``T`` of the model's probabilities (``p_i ∝ p_i^(1/T)``), chosen to minimise
   the negative log-likelihood of the gold labels; the model's threshold is then chosen on the
   tempered dev probabilities;
2. **confidence map**: the decision's raw confidence (rules and model combined) goes through a
   logistic function of ``logit(raw)`` and six signals — whether rules and model agree,
   whether the text carries evidence of the authority, whether it names the authority itself,
   whether another service of that authority has as many catalogue keywords (contested),
   whether it shows signs of a look-alike issuer, whether the answer is "none of ours",
   whether it is the one named authority's likeliest service after the model's "none", and
   its distance from training: the share of its word trigrams that the training texts
   contain (``coverage``; template-made text ≈ 0.4, hand-written ≈ 0.1), alone and times
   ``logit(raw)`` — fitted (L2-regularised, ``MAP_L2``) to whether the answer was right on the
   calibration texts plus the dev split, dev weighing ``DEV_SHARE`` (half) of the calibration
   texts in total: fitted with every dev document at full weight, the template-made dev
   texts set the map and it was over-confident on new wording (cross-validated: ECE 0.069
   against 0.046 balanced, third pass; 0.035 balanced against 0.026 at half on 984 texts,
   fifth pass; see classifiers/README.md). The coverage lets one map be honest on both:
   confident where the wording is familiar, cautious where it is new.

The stated confidence is capped at ``CAP_AGREEMENT`` (0.99) when rules and model name the same
service, and at ``CAP_SINGLE`` (0.98) otherwise: no single signal is stated at 0.99.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

CAP_AGREEMENT = 0.99
CAP_SINGLE = 0.98
#: The stated confidence of a model whose map was fitted for other inputs (trained by an older
#: version): below the review threshold (0.9 by default), so documents go to a person until
#: ``aspa train`` makes a new model.
STALE_CAP = 0.4
FEATURES = (
    "bias", "logit", "logit_x_coverage", "agreement", "evidence", "lookalike", "coverage",
    "authority_named", "contested", "no_service", "named_authority",
)  # fmt: skip
AGREEMENT_INPUT = FEATURES.index("agreement")  # the input that sets the cap
#: Chosen by 5-fold cross-validation on the calibration texts (``python -m
#: classifiers.crossval``; fifth pass, on 742 and again on 984 texts: 0.001, 0.003, 0.01,
#: 0.03 with dev at half, once and twice the balance; see classifiers/README.md).
MAP_L2 = 0.01
_EPS = 1e-3  # logit(raw) within ±6.9: beyond 0.999 the model's probabilities carry no news


def _logit(p: float) -> float:
    p = min(max(p, _EPS), 1.0 - _EPS)
    return math.log(p / (1.0 - p))


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def features(
    raw: float,
    *,
    agreement: bool,
    evidence: bool,
    lookalike: bool,
    coverage: float,
    authority: bool = False,
    contested: bool = False,
    no_service: bool = False,
    named_authority: bool = False,
) -> list[float]:
    """The confidence map's inputs, in the order of ``FEATURES``."""
    z = _logit(raw)
    return [
        1.0, z, z * coverage, float(agreement), float(evidence), float(lookalike), coverage,
        float(authority), float(contested), float(no_service), float(named_authority),
    ]  # fmt: skip


@dataclass(frozen=True)
class Calibration:
    """Fitted corrections, stored in a model's ``meta.json`` (``"calibration"``)."""

    temperature: float = 1.0
    weights: tuple[float, ...] = ()  # empty: no confidence map (raw confidence, capped)
    fitted_on: str = ""
    n: int = 0
    metrics: dict[str, Any] = field(default_factory=dict, compare=False)
    stale: bool = False  # a map for other inputs was dropped: see STALE_CAP

    def temper(self, ranked: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
        """The model's probabilities at the fitted temperature, best first."""
        if self.temperature == 1.0:
            return list(ranked)
        powered = [(k, max(v, 0.0) ** (1.0 / self.temperature)) for k, v in ranked]
        total = sum(v for _, v in powered) or 1.0
        return sorted(((k, v / total) for k, v in powered), key=lambda kv: -kv[1])

    def confidence(
        self,
        raw: float,
        *,
        agreement: bool,
        evidence: bool,
        lookalike: bool,
        coverage: float = 1.0,
        authority: bool = False,
        contested: bool = False,
        no_service: bool = False,
        named_authority: bool = False,
    ) -> float:
        """The stated confidence for a raw decision confidence and its signals
        (``no_service``: the answer is "none of ours", stated from the model's p(none);
        ``named_authority``: the model said "none of ours" about a text naming one authority,
        and the answer is the model's best service of that authority)."""
        x = features(
            raw, agreement=agreement, evidence=evidence, lookalike=lookalike,
            coverage=coverage, authority=authority, contested=contested,
            no_service=no_service, named_authority=named_authority,
        )  # fmt: skip
        return self.stated(raw, x)

    def stated(self, raw: float, x: Sequence[float]) -> float:
        """The stated confidence for the map's inputs ``x`` (``features``) of ``raw``."""
        p = (
            _sigmoid(sum(w * v for w, v in zip(self.weights, x, strict=True)))
            if self.weights
            else raw
        )
        if self.stale:
            return min(p, STALE_CAP)
        agreement = x[AGREEMENT_INPUT] > 0.5
        return min(p, CAP_AGREEMENT if agreement else CAP_SINGLE)

    def as_dict(self) -> dict[str, Any]:
        return {
            "temperature": self.temperature,
            "weights": list(self.weights),
            "features": list(FEATURES),
            "fitted_on": self.fitted_on,
            "n": self.n,
            "metrics": self.metrics,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Calibration:
        if not data:
            return cls()
        same_inputs = list(data.get("features", ())) == list(FEATURES)  # else: an older map
        stale = bool(data.get("weights")) and not same_inputs
        if stale:
            log.warning(
                "the model's confidence map was fitted for other inputs (an older version "
                "trained it): every document goes to review until `aspa train` makes a new model"
            )
        return cls(
            temperature=float(data.get("temperature", 1.0)),
            weights=tuple(float(w) for w in data.get("weights", ())) if same_inputs else (),
            stale=stale,
            fitted_on=str(data.get("fitted_on", "")),
            n=int(data.get("n", 0)),
            metrics=dict(data.get("metrics", {})),
        )


IDENTITY = Calibration()


def fit_temperature(probabilities: Sequence[Mapping[str, float]], gold: Sequence[str]) -> float:
    """The temperature (0.5–50, log grid) minimising the gold labels' negative log-likelihood."""
    if not gold:
        return 1.0
    logs = [{k: math.log(max(v, 1e-12)) for k, v in probs.items()} for probs in probabilities]

    def nll(t: float) -> float:
        total = 0.0
        for lp, g in zip(logs, gold, strict=True):
            scaled = {k: v / t for k, v in lp.items()}
            m = max(scaled.values())
            norm = m + math.log(sum(math.exp(v - m) for v in scaled.values()))
            total += norm - scaled.get(g, math.log(1e-12) / t)
        return total / len(gold)

    grid: list[float] = [0.5 * (100.0 ** (i / 80)) for i in range(81)]  # 0.5 … 50
    best = min(grid, key=lambda t: nll(t))
    return round(best, 4)


def fit_logistic(
    rows: Sequence[Sequence[float]],
    targets: Sequence[bool],
    *,
    l2: float = 0.001,
    steps: int = 50,
    sample_weights: Sequence[float] | None = None,
) -> tuple[float, ...]:
    """L2-regularised logistic regression by Newton's method (the bias is not penalised).

    ``sample_weights`` weigh each row's log-likelihood (default 1); the penalty is ``l2``
    times the total weight."""
    d = len(rows[0])
    weights = [1.0] * len(rows) if sample_weights is None else list(sample_weights)
    total = sum(weights)
    w = [0.0] * d
    for _ in range(steps):
        grad = [0.0] * d
        hess = [[0.0] * d for _ in range(d)]
        for x, y, c in zip(rows, targets, weights, strict=True):
            p = _sigmoid(sum(wi * xi for wi, xi in zip(w, x, strict=True)))
            err = c * (p - float(y))
            s = c * p * (1.0 - p)
            for i in range(d):
                grad[i] += err * x[i]
                for j in range(d):
                    hess[i][j] += s * x[i] * x[j]
        for i in range(1, d):
            grad[i] += l2 * total * w[i]
            hess[i][i] += l2 * total
        for i in range(d):
            hess[i][i] += 1e-9
        step = _solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return tuple(round(wi, 6) for wi in w)


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (a small dense system)."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for c in range(n):
        piv = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[piv] = m[piv], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for k in range(c, n + 1):
                m[r][k] -= f * m[c][k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r]
    return x


@dataclass(frozen=True)
class ReliabilityBin:
    """One row of a reliability table."""

    low: float
    high: float
    count: int
    confidence: float  # mean stated confidence
    accuracy: float  # share right


def reliability_table(
    confidences: Sequence[float], correct: Sequence[bool], *, bins: int = 10
) -> list[ReliabilityBin]:
    """Equal-width bins over [0, 1]; the last bin includes 1.0. Empty bins are left out."""
    rows = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        idx = [
            i for i, c in enumerate(confidences) if low <= c < high or (b == bins - 1 and c >= high)
        ]
        if idx:
            rows.append(
                ReliabilityBin(
                    low, high, len(idx),
                    sum(confidences[i] for i in idx) / len(idx),
                    sum(correct[i] for i in idx) / len(idx),
                )
            )  # fmt: skip
    return rows


def expected_calibration_error(
    confidences: Sequence[float], correct: Sequence[bool], *, bins: int = 10
) -> float:
    """Σ over bins of (share of documents) × |accuracy − mean confidence|."""
    n = len(confidences)
    if not n:
        return 0.0
    table = reliability_table(confidences, correct, bins=bins)
    return sum(b.count / n * abs(b.accuracy - b.confidence) for b in table)
