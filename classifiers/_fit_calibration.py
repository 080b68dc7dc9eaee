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
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    import spacy

    from classifiers.model import TextModel

#: The hand-written texts the calibration is fitted on, never trained on: the fresh sets that
#: came after the ones the model trains on (``training.HANDWRITTEN_TRAINING_SPLITS``), each
#: measured once as held out before it joined (classifiers/corpus/README.md, roles).
CALIBRATION_SPLITS = (
    "handwritten_fresh44", "handwritten_fresh45", "handwritten_fresh46", "handwritten_fresh47",
    "handwritten_fresh48", "handwritten_fresh49", "handwritten_fresh50", "handwritten_fresh51",
)  # fmt: skip
#: Dev's total weight in the map's fit as a share of the calibration texts' total (chosen by
#: cross-validation with ``MAP_L2``, ``python -m classifiers.crossval``: at 1.0 the
#: template-made dev texts made the map over-confident on new wording, cross-validated ECE
#: 0.035 against 0.026 on 984 texts).
DEV_SHARE = 0.5
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
    candidate = _candidate(nlp, labels, config, feats, threshold, tempered, ngrams)
    answers = decision_rows(candidate, examples)
    rows, targets, raw_conf = answers.rows, answers.right, answers.raw
    # Dev weighs half the hand-written calibration texts in total: those are the kind of
    # wording the map must be honest on, dev (template-made) keeps it confident on familiar
    # text.
    dev_weight = DEV_SHARE * len(calib) / len(dev) if dev else 1.0
    sample_weights = [1.0] * len(calib) + [dev_weight] * len(dev)
    weights = fit_logistic(rows, targets, l2=MAP_L2, sample_weights=sample_weights)
    fitted = Calibration(temperature=temperature, weights=weights)
    stated = [fitted.stated(raw, x) for raw, x in zip(raw_conf, rows, strict=True)]
    metrics = {
        "ece_raw": round(expected_calibration_error(raw_conf, targets), 4),
        "ece_fitted": round(expected_calibration_error(stated, targets), 4),
    }
    return FitResult(
        Calibration(
            temperature,
            weights,
            f"{'+'.join(CALIBRATION_SPLITS)}+dev (dev weighing {DEV_SHARE:g})",
            len(examples),
            metrics,
        ),
        threshold,
    )


def _candidate(
    nlp: spacy.language.Language,
    labels: Sequence[str],
    config: dict[str, Any],
    feats: FeatureConfig,
    threshold: float,
    tempered: Calibration,
    ngrams: bytes | bytearray | None,
) -> TextModel:
    from classifiers.model import ModelClassifier, ModelMeta

    meta = ModelMeta(
        version="candidate", labels=tuple(labels), threshold=threshold,
        thresholds={"global": threshold}, metrics={}, trained_at="", features=feats,
        raw={"config": config}, calibration=tempered,
    )  # fmt: skip
    return ModelClassifier(nlp, meta, Path("."), bytes(ngrams) if ngrams is not None else None)


@dataclass(frozen=True)
class DecisionRows:
    """The combined classifier's answers on some texts, as the confidence map sees them."""

    rows: list[list[float]]  # the map's inputs, in the order of ``calibration.FEATURES``
    right: list[bool]
    raw: list[float]  # the raw confidences
    # would be delivered automatically at any stated confidence (every other gate passed)
    eligible: list[bool]


def decision_rows(model: TextModel, examples: Sequence[LabelledText]) -> DecisionRows:
    """The combined classifier's raw answers on ``examples`` (``model`` at its temperature,
    without a confidence map) as the map's inputs."""
    from classifiers.catalogue import load_catalogue
    from classifiers.decision import CombinedClassifier
    from classifiers.rules import RuleClassifier

    rules = RuleClassifier(load_catalogue(), min_confidence=FIT_MIN_CONFIDENCE)
    # No confidence floor here: ``automatic`` then says whether every other gate passed.
    combined = CombinedClassifier(rules, model, min_confidence=0.0)
    rows: list[list[float]] = []
    targets: list[bool] = []
    raw_conf: list[float] = []
    eligible: list[bool] = []
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
            named_authority=details.get("decision") == "named_authority",
        )  # fmt: skip
        rows.append(x)
        targets.append((pred.service or NONE) == ex.label)
        raw_conf.append(raw)
        eligible.append(pred.automatic)
    return DecisionRows(rows, targets, raw_conf, eligible)
