"""The one place the pipeline gets its classifier from."""

from __future__ import annotations

from pathlib import Path

from classifiers.base import Classifier
from classifiers.catalogue import Catalogue


def load_classifier(
    model_dir: str | Path | None = None,
    *,
    min_confidence: float,
    catalogue: Catalogue | None = None,
) -> Classifier:
    """The classifier for this process (call once and keep it; it is thread-safe).

    The rules of the catalogue combined with the active trained model of ``model_dir``
    (``classifiers.decision``); without an active model, the rules alone.

    Args:
        model_dir: the model registry (``<model_dir>/ACTIVE`` names the active version).
        min_confidence: the review threshold; below it nothing is delivered automatically.
        catalogue: the catalogue (default: ``classifiers/catalogue.yaml``).
    """
    from classifiers.decision import build_classifier

    return build_classifier(
        Path(model_dir) if model_dir is not None else None,
        min_confidence=min_confidence,
        catalogue=catalogue,
    )
