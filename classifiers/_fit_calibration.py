"""Fitting a freshly trained model's calibration on the hand-written calibration split.

Called by ``classifiers.training.train_model`` after training and before saving: the
temperature from the model's own probabilities, the threshold on the tempered dev split, then
the confidence map from the combined classifier's answers (rules + the tempered model) on the
calibration split. See ``classifiers.calibration`` for what is fitted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy

from classifiers._features import FeatureConfig, model_text
from classifiers.calibration import (
    MAP_L2,
    Calibration,
    expected_calibration_error,
    features,
    fit_logistic,
    fit_temperature,
)
from classifiers.dataset import NONE, LabelledText

CALIBRATION_SPLIT = "handwritten_calib"
#: The review threshold the confidence map is fitted at (the settings' default).
FIT_MIN_CONFIDENCE = 0.9


def probabilities(
    nlp: spacy.language.Language, texts: Sequence[str], feats: FeatureConfig
) -> list[dict[str, float]]:
    """Every label's raw probability for each text (an empty text: all on ``none``)."""
    out: list[dict[str, float]] = []
    for doc in nlp.pipe(model_text(t, feats) for t in texts):
        if len(doc) == 0:
            out.append({NONE: 1.0})
        else:
            out.append({k: float(v) for k, v in doc.cats.items()})
    return out


@dataclass(frozen=True)
class FitResult:
    calibration: Calibration
    threshold: float


def fit(
    nlp: spacy.language.Language,
    labels: Sequence[str],
    config: dict[str, Any],
    feats: FeatureConfig,
    dev: Sequence[LabelledText],
    calib: Sequence[LabelledText],
    choose_threshold: Callable[[Sequence[tuple[str, float]], Sequence[str]], float],
    ngrams: bytes | bytearray | None = None,
) -> FitResult:
    """Temperature, threshold and confidence map (identity map without a calibration split)."""
    temperature = (
        fit_temperature(
            probabilities(nlp, [ex.text for ex in calib], feats), [e.label for e in calib]
        )
        if calib
        else 1.0
    )
    tempered = Calibration(temperature=temperature)
    dev_top = [tempered.temper(sorted(p.items(), key=lambda kv: -kv[1]))[0]
               for p in probabilities(nlp, [ex.text for ex in dev], feats)]  # fmt: skip
    threshold = choose_threshold(dev_top, [ex.label for ex in dev])
    if not calib:
        return FitResult(tempered, threshold)
    examples = [*calib, *dev]
    rows, targets, raw_conf = _decisions(
        nlp, labels, config, feats, threshold, tempered, examples, ngrams
    )
    # Each split weighs the same in total: the hand-written calibration texts are the kind of
    # wording the map must be honest on, dev (~3x as many, template-made) keeps it confident
    # on familiar text.
    dev_weight = len(calib) / len(dev) if dev else 1.0
    sample_weights = [1.0] * len(calib) + [dev_weight] * len(dev)
    weights = fit_logistic(rows, targets, l2=MAP_L2, sample_weights=sample_weights)
    fitted = Calibration(temperature=temperature, weights=weights)
    stated = [
        fitted.confidence(
            raw,
            agreement=bool(x[3]),
            evidence=bool(x[4]),
            lookalike=bool(x[5]),
            coverage=x[6],
            authority=bool(x[7]),
            contested=bool(x[8]),
            no_service=bool(x[9]),
        )
        for raw, x in zip(raw_conf, rows, strict=True)
    ]
    metrics = {
        "ece_raw": round(expected_calibration_error(raw_conf, targets), 4),
        "ece_fitted": round(expected_calibration_error(stated, targets), 4),
    }
    return FitResult(
        Calibration(
            temperature, weights, f"{CALIBRATION_SPLIT}+dev (balanced)", len(examples), metrics
        ),
        threshold,
    )


def _decisions(
    nlp: spacy.language.Language,
    labels: Sequence[str],
    config: dict[str, Any],
    feats: FeatureConfig,
    threshold: float,
    tempered: Calibration,
    examples: Sequence[LabelledText],
    ngrams: bytes | bytearray | None,
) -> tuple[list[list[float]], list[bool], list[float]]:
    """The combined classifier's raw answers on ``examples``, as the map's inputs."""
    from classifiers.catalogue import load_catalogue
    from classifiers.decision import CombinedClassifier
    from classifiers.model import ModelClassifier, ModelMeta
    from classifiers.rules import RuleClassifier

    meta = ModelMeta(
        version="candidate", labels=tuple(labels), threshold=threshold,
        thresholds={"global": threshold}, metrics={}, trained_at="", features=feats,
        raw={"config": config}, calibration=tempered,
    )  # fmt: skip
    model = ModelClassifier(nlp, meta, Path("."), bytes(ngrams) if ngrams is not None else None)
    rules = RuleClassifier(load_catalogue(), min_confidence=FIT_MIN_CONFIDENCE)
    combined = CombinedClassifier(rules, model, min_confidence=FIT_MIN_CONFIDENCE)
    rows: list[list[float]] = []
    targets: list[bool] = []
    raw_conf: list[float] = []
    for ex in examples:
        pred = combined.classify(ex.text)
        details = pred.details
        raw = float(details.get("raw_confidence", pred.confidence))  # type: ignore[arg-type]
        ev = details.get("evidence", {})
        summary = details.get("model", {})
        assert isinstance(ev, dict) and isinstance(summary, dict)
        x = features(
            raw, agreement=details.get("decision") == "agreement",
            evidence=bool(ev.get("has_evidence")), lookalike=bool(ev.get("lookalike")),
            coverage=float(summary.get("coverage", 1.0)),
            authority=bool(ev.get("authority_named")), contested=bool(ev.get("contested_by")),
            no_service=pred.service is None,
        )  # fmt: skip
        rows.append(x)
        targets.append((pred.service or NONE) == ex.label)
        raw_conf.append(raw)
    return rows, targets, raw_conf
