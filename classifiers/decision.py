"""The decision: form-code and title rules combined with the trained model.

- rules say S, model says S (agreement): S with confidence ``1 − (1 − p_rules)(1 − p_model)``;
  automatic if either was confident alone (rules automatic, or ``p_model`` ≥ threshold).
- rules say S, model says another service or ``none`` (disagreement): the more confident of
  the two, never automatic (review).
- rules say nothing, model says S: S with confidence ``p_model``; automatic if ``p_model`` ≥
  the model's calibrated threshold.
- neither knows: no service, never automatic.

Every automatic answer must also reach ``min_confidence``. Without a model the rules decide
alone. Language and fields come from the rule classifier (``classifiers.language``,
``classifiers.fields``); the model's version goes into ``Prediction.model_version``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from classifiers.base import Prediction
from classifiers.catalogue import Catalogue, load_catalogue
from classifiers.dataset import NONE, authority_of
from classifiers.model import ModelClassifier, TextModel
from classifiers.rules import RuleClassifier

#: The highest confidence the combined classifier states.
MAX_CONFIDENCE = 0.99


class CombinedClassifier:
    """Rules + model behind the ``Classifier`` protocol; thread-safe, load once per process.

    Args:
        rules: the rule classifier (form codes, titles, language, fields).
        model: the trained model (a ``ModelClassifier``), or None to decide by the rules alone.
        min_confidence: no answer below this confidence is delivered automatically.
    """

    def __init__(
        self, rules: RuleClassifier, model: TextModel | None, *, min_confidence: float
    ) -> None:
        if not 0.0 <= min_confidence <= 1.0:
            raise ValueError("min_confidence must be between 0 and 1")
        self.rules = rules
        self.model = model
        self.min_confidence = min_confidence
        self.version = f"{rules.version}+{model.version}" if model else rules.version

    def _authority(self, service: str) -> str:
        try:
            return self.rules.catalogue.service(service).authority
        except KeyError:
            return authority_of(service)

    def classify(self, text: str, *, hint: str | None = None) -> Prediction:
        """Classify ``text``; see the module docstring for the decision table."""
        r = self.rules.classify(text, hint=hint)
        rules_summary = {
            "service": r.service,
            "confidence": r.confidence,
            "automatic": r.automatic,
            "ambiguous": r.details.get("ambiguous", False),
        }
        if self.model is None:
            return replace(
                r,
                details={
                    **r.details,
                    "rules": rules_summary,
                    "model": None,
                    "decision": "rules_only",
                },
            )
        ranked = self.model.predict(f"{hint}\n{text}" if hint else text)
        label, p = ranked[0]
        m_service = None if label == NONE else label
        threshold = self.model.threshold
        model_summary = {
            "label": label,
            "probability": round(p, 4),
            "threshold": threshold,
            "ranked": [(k, round(v, 4)) for k, v in ranked[:3]],
        }
        base = {"rules": rules_summary, "model": model_summary}

        def make(
            service: str | None, confidence: float, method: str, automatic: bool, decision: str
        ) -> Prediction:
            return Prediction(
                authority=self._authority(service) if service else None,
                service=service,
                confidence=round(confidence, 4),
                method=method,
                automatic=automatic and service is not None and confidence >= self.min_confidence,
                model_version=self.model.version if self.model else None,
                language=r.language,
                fields=r.fields,
                details={**base, "decision": decision},
            )

        if r.service is not None and m_service == r.service:
            # Two independent opinions agreeing; capped, since no classifier is ever certain and
            # a person reading "100 %" would trust it more than the evidence allows.
            confidence = min(MAX_CONFIDENCE, 1.0 - (1.0 - p) * (1.0 - r.confidence))
            confident_alone = p >= threshold or r.automatic
            return make(r.service, confidence, "rules+model", confident_alone, "agreement")
        if r.service is not None:
            # Disagreement (another service, or "none of ours"): a person decides.
            if m_service is None or r.confidence >= p:
                service, conf, other = r.service, r.confidence, p
            else:
                service, conf, other = m_service, p, r.confidence
            return make(service, conf * (1.0 - other), "rules+model", False, "disagreement")
        if m_service is not None:
            return make(m_service, p, "model", p >= threshold, "model_only")
        return make(None, 0.0, "none", False, "no_service")


def build_classifier(
    models_dir: Path | None, *, min_confidence: float, catalogue: Catalogue | None = None
) -> CombinedClassifier:
    """The process's classifier: the rules plus the active model of ``models_dir``, if any.

    Call once per process (at worker or API start-up) and share the result: it is thread-safe.
    Without an active model it classifies by the rules alone.
    """
    from classifiers.registry import ModelRegistry

    rules = RuleClassifier(catalogue or load_catalogue(), min_confidence=min_confidence)
    model = None
    if models_dir is not None:
        path = ModelRegistry(Path(models_dir)).active_path()
        if path is not None:
            model = ModelClassifier.load(path)
    return CombinedClassifier(rules, model, min_confidence=min_confidence)
