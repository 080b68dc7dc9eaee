"""The classifier interface the pipeline depends on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class ExtractedField:
    """One validated value found in a document's text."""

    kind: str  # henkilotunnus | ytunnus | iban | viitenumero | date | form_code | ...
    value: str  # normalised value
    masked: str  # what lists and logs may show
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Prediction:
    """A classifier's answer for one document.

    ``automatic`` is True only when the classifier is confident enough, by its calibrated
    thresholds, for the document to be delivered without a person looking at it.
    """

    authority: str | None
    service: str | None
    # calibrated probability that (authority, service) is right, 0..1; without a service, that
    # the document belongs to no provider (classifiers.calibration)
    confidence: float
    method: str  # rules | model | rules+model | none
    automatic: bool
    model_version: str | None = None
    language: str = "und"  # fi | sv | en | und
    fields: tuple[ExtractedField, ...] = ()
    details: dict[str, object] = field(default_factory=dict)


class Classifier(Protocol):
    """Decides where a document belongs. Loaded once per process; must be thread-safe."""

    version: str

    def classify(self, text: str, *, hint: str | None = None) -> Prediction:
        """Classify a document's text; ``hint`` is extra context such as an e-mail subject."""
        ...
