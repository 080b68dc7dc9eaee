"""The one place the pipeline gets its classifier from."""

from __future__ import annotations

from pathlib import Path

from classifiers.base import Classifier
from classifiers.catalogue import Catalogue, load_catalogue
from classifiers.rules import RuleClassifier


def load_classifier(
    model_dir: str | Path | None = None,
    *,
    min_confidence: float,
    catalogue: Catalogue | None = None,
) -> Classifier:
    """The classifier for this process (call once and keep it; it is thread-safe).

    For now this is the rule classifier; the trained model of issue 3 (branch ``model``)
    plugs in here and combines its scores with the rules, reading ``model_dir``.

    Args:
        model_dir: where trained models live (unused by the rule classifier).
        min_confidence: the review threshold; below it nothing is delivered automatically.
        catalogue: the catalogue (default: ``classifiers/catalogue.yaml``).
    """
    del model_dir  # the rule classifier needs no model files
    return RuleClassifier(catalogue or load_catalogue(), min_confidence=min_confidence)
