"""Cross-validation of the confidence map on the hand-written calibration texts.

``python -m classifiers.crossval MODEL_DIR`` takes a trained model's weights (its spaCy or
bag-of-words textcat, not its map), refits the temperature on the calibration texts, computes
the combined classifier's answers on them and on dev once, and then, for each candidate map
setting, fits the map on all folds but one (plus dev, weighted as training weighs it) and
states the held-out fold's confidences. Printed per setting, over the repetitions: the
expected calibration error of the out-of-fold answers (mean and the 5th–95th percentile), the
same per source split, the answers stated 0.7–0.9 (stated against right), straight-through
and the precision of automatic answers at ``--min-confidence``, and the same for letters.

How ``MAP_L2`` and the dev weighting of ``classifiers._fit_calibration`` were chosen
(classifiers/README.md). The temperature is fitted on all calibration texts before the
folds: a small leak that favours every setting alike.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from classifiers._fit_calibration import CALIBRATION_SPLITS, DecisionRows, decision_rows
from classifiers.calibration import (
    AGREEMENT_INPUT,
    CAP_AGREEMENT,
    CAP_SINGLE,
    FEATURES,
    Calibration,
    expected_calibration_error,
    fit_temperature,
)
from classifiers.dataset import DEFAULT_CORPUS, NONE, LabelledText, load_split
from classifiers.model import ModelClassifier
from pipeline.errors import ModelNotFoundError


def fit_map(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float) -> np.ndarray:
    """``calibration.fit_logistic`` in numpy (the same Newton steps, penalty and weights)."""
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2 * w.sum())
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        grad = x.T @ (w * (p - y)) + penalty * beta
        hess = (x * (w * p * (1.0 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def stated(x: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """The map's confidences, capped as ``Calibration.confidence`` caps them."""
    p = 1.0 / (1.0 + np.exp(-(x @ beta)))
    cap = np.where(x[:, AGREEMENT_INPUT] > 0.5, CAP_AGREEMENT, CAP_SINGLE)
    capped: np.ndarray = np.minimum(p, cap)
    return capped


@dataclasses.dataclass(frozen=True)
class Setting:
    l2: float
    dev_weight: float  # dev's total weight as a share of the calibration texts' total

    def __str__(self) -> str:
        return f"L2 {self.l2:g}, dev {self.dev_weight:g}x balanced"


@dataclasses.dataclass
class Data:
    calib: DecisionRows
    dev: DecisionRows
    sources: list[str]  # the split of each calibration text
    kinds: list[str]
    service: list[bool]  # the gold label is a service (not none)


def _quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def cross_validate(
    data: Data, setting: Setting, *, folds: int, repeats: int, min_confidence: float, seed: int
) -> dict[str, object]:
    x = np.array(data.calib.rows)
    y = np.array(data.calib.right, dtype=float)
    xd, yd = np.array(data.dev.rows), np.array(data.dev.right, dtype=float)
    n = len(y)
    eligible = np.array(data.calib.eligible)
    service = np.array(data.service)
    letters = np.array([k == "letter" for k in data.kinds])
    sources = sorted(set(data.sources))
    src = np.array(data.sources)
    rng = random.Random(seed)
    eces: list[float] = []
    by_source: dict[str, list[float]] = {s: [] for s in sources}
    mid: list[tuple[int, float, float, int, float, float]] = []
    st: list[float] = []
    st_letters: list[float] = []
    precision: list[float] = []
    for _ in range(repeats):
        order = list(range(n))
        rng.shuffle(order)
        conf = np.zeros(n)
        for f in range(folds):
            held = np.array(sorted(order[f::folds]))
            fit = np.setdiff1d(np.arange(n), held)
            dev_w = setting.dev_weight * len(fit) / len(yd) if len(yd) else 0.0
            xf = np.vstack([x[fit], xd])
            yf = np.concatenate([y[fit], yd])
            wf = np.concatenate([np.ones(len(fit)), np.full(len(yd), dev_w)])
            beta = fit_map(xf, yf, wf, setting.l2)
            conf[held] = stated(x[held], beta)
        right = y > 0.5
        eces.append(expected_calibration_error(list(conf), list(right)))
        for s in sources:
            m = src == s
            by_source[s].append(expected_calibration_error(list(conf[m]), list(right[m])))
        lo = (conf >= 0.7) & (conf < 0.8)
        hi = (conf >= 0.8) & (conf < 0.9)
        mid.append(
            (
                int(lo.sum()), float(conf[lo].mean()) if lo.any() else 0.0,
                float(right[lo].mean()) if lo.any() else 0.0,
                int(hi.sum()), float(conf[hi].mean()) if hi.any() else 0.0,
                float(right[hi].mean()) if hi.any() else 0.0,
            )
        )  # fmt: skip
        auto = eligible & (conf >= min_confidence)
        st.append(float((auto & right & service).sum() / max(service.sum(), 1)))
        ls = service & letters
        st_letters.append(float((auto & right & ls).sum() / max(ls.sum(), 1)))
        precision.append(float((auto & right).sum() / max(auto.sum(), 1)))
    return {
        "ece": statistics.fmean(eces),
        "ece_p5": _quantile(eces, 0.05),
        "ece_p95": _quantile(eces, 0.95),
        "by_source": {s: statistics.fmean(v) for s, v in by_source.items()},
        "mid": tuple(statistics.fmean(m[i] for m in mid) for i in range(6)),
        "straight_through": statistics.fmean(st),
        "letters_straight_through": statistics.fmean(st_letters),
        "precision": statistics.fmean(precision),
    }


def load_data(model_dir: Path, corpus: Path) -> tuple[Data, float]:
    """The model's answers on the calibration texts and dev, at the refitted temperature."""
    model = ModelClassifier.load(model_dir)
    raw_model = model.with_calibration(Calibration())
    calib: list[LabelledText] = []
    sources: list[str] = []
    for name in CALIBRATION_SPLITS:
        split = load_split(corpus, name)
        calib += split
        sources += [name] * len(split)
    probs = [dict(raw_model.predict(ex.text)) for ex in calib]
    temperature = fit_temperature(probs, [ex.label for ex in calib])
    tempered = model.with_calibration(Calibration(temperature=temperature))
    dev = load_split(corpus, "dev")
    data = Data(
        calib=decision_rows(tempered, calib),
        dev=decision_rows(tempered, dev),
        sources=sources,
        kinds=[ex.kind for ex in calib],
        service=[ex.label != NONE for ex in calib],
    )
    return data, temperature


def without(data: Data, names: Sequence[str]) -> Data:
    """``data`` with the map's inputs ``names`` set to 0 (a zero input keeps a zero weight)."""
    if not names:
        return data
    cols = [FEATURES.index(n) for n in names]

    def zeroed(rows: DecisionRows) -> DecisionRows:
        out = [list(r) for r in rows.rows]
        for r in out:
            for c in cols:
                r[c] = 0.0
        return dataclasses.replace(rows, rows=out)

    return dataclasses.replace(data, calib=zeroed(data.calib), dev=zeroed(data.dev))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", type=Path, help="a trained model's folder")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--l2", type=float, nargs="+", default=[0.001, 0.003, 0.01, 0.03])
    ap.add_argument("--dev-weight", type=float, nargs="+", default=[0.5, 1.0, 2.0])
    ap.add_argument("--min-confidence", type=float, default=0.9)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--without", nargs="*", default=[], choices=FEATURES[1:], metavar="FEATURE",
        help="leave these inputs out of the map (to measure what one brings)",
    )  # fmt: skip
    args = ap.parse_args(argv)
    try:
        data, temperature = load_data(args.model, args.corpus)
    except ModelNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    data = without(data, args.without)
    n_sources = {s: data.sources.count(s) for s in dict.fromkeys(data.sources)}
    print(
        f"model {args.model.name}, temperature refitted {temperature:g}; calibration texts "
        + ", ".join(f"{s} {k}" for s, k in n_sources.items())
        + f"; dev {len(data.dev.right)}; {args.folds}-fold x {args.repeats}"
        + (f"; without {', '.join(args.without)}" if args.without else "")
    )
    print(
        "setting | CV ECE [p5-p95] | ECE by source | 0.7-0.8 n: stated vs right | "
        "0.8-0.9 n: stated vs right | ST / letters ST / precision"
    )
    for l2 in args.l2:
        for dev_weight in args.dev_weight:
            setting = Setting(l2, dev_weight)
            r = cross_validate(
                data, setting, folds=args.folds, repeats=args.repeats,
                min_confidence=args.min_confidence, seed=args.seed,
            )  # fmt: skip
            m = r["mid"]
            assert isinstance(m, tuple)
            by_source = r["by_source"]
            assert isinstance(by_source, dict)
            sources = " ".join(
                f"{s.removeprefix('handwritten_')} {v:.3f}" for s, v in by_source.items()
            )
            print(
                f"{setting} | {r['ece']:.3f} [{r['ece_p5']:.3f}-{r['ece_p95']:.3f}] | "
                + sources
                + f" | {m[0]:.0f}: {m[1]:.3f} vs {m[2]:.3f} | {m[3]:.0f}: {m[4]:.3f} vs {m[5]:.3f}"
                f" | {r['straight_through']:.3f} / {r['letters_straight_through']:.3f} / "
                f"{r['precision']:.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
