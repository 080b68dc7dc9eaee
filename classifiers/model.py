"""A trained text-classification model, loaded once per process.

``ModelClassifier.load(path)`` reads ``<path>/meta.json`` and the spaCy pipeline beside it;
loading the same folder again in the same process returns the same object. ``predict`` is
thread-safe (one lock around the pipeline call; a prediction takes about a millisecond).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol

import spacy

from classifiers._features import FeatureConfig, model_text
from classifiers.base import Prediction
from classifiers.dataset import NONE, authority_of
from classifiers.language import detect_language
from classifiers.training import META_FILE, PIPELINE_DIR
from pipeline.errors import ModelNotFoundError


class TextModel(Protocol):
    """What the decision needs from a model (``ModelClassifier``, or a stand-in in tests)."""

    version: str

    @property
    def threshold(self) -> float: ...

    def predict(self, text: str) -> list[tuple[str, float]]: ...


@dataclass(frozen=True)
class ModelMeta:
    """What was saved with a model (see ``classifiers.training.train_model``)."""

    version: str
    labels: tuple[str, ...]
    threshold: float
    thresholds: dict[str, float]
    metrics: dict[str, Any]
    trained_at: str
    features: FeatureConfig
    raw: dict[str, Any]

    @classmethod
    def read(cls, path: Path) -> ModelMeta:
        data = json.loads((path / META_FILE).read_text(encoding="utf-8"))
        thresholds = {k: float(v) for k, v in data["thresholds"].items()}
        return cls(
            version=data["version"], labels=tuple(data["labels"]),
            threshold=thresholds["global"], thresholds=thresholds,
            metrics=data.get("metrics", {}), trained_at=data.get("trained_at", ""),
            features=FeatureConfig.from_dict(data["config"]["features"]), raw=data,
        )  # fmt: skip


class ModelClassifier:
    """The trained model behind a small interface.

    ``predict(text)`` returns every label with its probability, best first. ``classify``
    implements the ``Classifier`` protocol with the model alone (the pipeline uses
    ``classifiers.decision.CombinedClassifier``, which adds the rules).
    """

    _cache: ClassVar[dict[Path, ModelClassifier]] = {}
    _cache_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, nlp: spacy.language.Language, meta: ModelMeta, path: Path) -> None:
        self._nlp = nlp
        self.meta = meta
        self.path = path
        self.version = meta.version
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: Path | str) -> ModelClassifier:
        """Load the model in ``path`` (once per process; later calls return the same object).

        Raises:
            ModelNotFoundError: if ``path`` holds no model.
        """
        resolved = Path(path).resolve()
        with cls._cache_lock:
            if resolved in cls._cache:
                return cls._cache[resolved]
            if not (resolved / META_FILE).is_file() or not (resolved / PIPELINE_DIR).is_dir():
                raise ModelNotFoundError(f"No trained model in {resolved}. Run `aspa train`.")
            meta = ModelMeta.read(resolved)
            nlp = spacy.load(resolved / PIPELINE_DIR)
            model = cls(nlp, meta, resolved)
            cls._cache[resolved] = model
            return model

    @property
    def threshold(self) -> float:
        """The calibrated probability at or above which a service is delivered automatically."""
        return self.meta.threshold

    def predict(self, text: str) -> list[tuple[str, float]]:
        """All labels (services and ``"none"``) with probabilities, best first."""
        doc_text = model_text(text, self.meta.features)
        if not doc_text.strip():
            # Nothing readable (a blank page): the model would return all zeros.
            return [(NONE, 1.0)] + [(label, 0.0) for label in self.meta.labels if label != NONE]
        with self._lock:
            cats = self._nlp(doc_text).cats
        return sorted(((k, float(v)) for k, v in cats.items()), key=lambda kv: -kv[1])

    def classify(self, text: str, *, hint: str | None = None) -> Prediction:
        """Model-only decision: automatic when the best label is a service above threshold."""
        ranked = self.predict(f"{hint}\n{text}" if hint else text)
        label, prob = ranked[0]
        service = None if label == NONE else label
        return Prediction(
            authority=None if service is None else authority_of(service),
            service=service,
            confidence=round(prob, 4),
            method="model",
            automatic=service is not None and prob >= self.threshold,
            model_version=self.version,
            language=detect_language(text),
            details={"ranked": [(k, round(v, 4)) for k, v in ranked[:3]]},
        )
