"""A trained text-classification model, loaded once per process.

``ModelClassifier.load(path)`` reads ``<path>/meta.json`` and the spaCy pipeline beside it;
loading the same folder again in the same process returns the same object. A bag-of-words
model (the default architecture) runs without spaCy (``classifiers._bow``: the same weights,
bit-identical probabilities, ~1 s less CPU per process); any other is run by spaCy. ``predict`` is
thread-safe (one lock around the pipeline call; a prediction takes about a millisecond) and
returns probabilities at the model's fitted temperature (``classifiers.calibration``).
``explain`` names the document's words that pushed the model towards a label.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, cast

import numpy as np

from classifiers import _bow
from classifiers._features import FeatureConfig, model_text, ngram_coverage
from classifiers._files import META_FILE, NGRAMS_FILE, PIPELINE_DIR
from classifiers.base import Prediction
from classifiers.calibration import IDENTITY, Calibration
from classifiers.dataset import NONE, authority_of
from classifiers.language import detect_language
from pipeline.errors import ModelNotFoundError

if TYPE_CHECKING:
    import spacy
    from thinc.api import Model

# Lower-case words, not parts of an e-mail address, a web address or a hyphenated name.
_LOWER_WORD = re.compile(r"(?<![\w@.-])[a-zäöåéü]{3,}(?![\w@-]|\.\w)")
_EXPLAIN_WORDS = 400


def _sparse_linear(model: Model[Any, Any]) -> Model[Any, Any] | None:
    """The bag-of-words model's linear layer (weights ``W``, bias ``b``), if it has one."""
    if model.name == "sparse_linear":
        return model
    for layer in model.layers:
        found = _sparse_linear(layer)
        if found is not None:
            return found
    return None


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
    calibration: Calibration = IDENTITY

    @classmethod
    def read(cls, path: Path) -> ModelMeta:
        data = json.loads((path / META_FILE).read_text(encoding="utf-8"))
        thresholds = {k: float(v) for k, v in data["thresholds"].items()}
        return cls(
            version=data["version"], labels=tuple(data["labels"]),
            threshold=thresholds["global"], thresholds=thresholds,
            metrics=data.get("metrics", {}), trained_at=data.get("trained_at", ""),
            features=FeatureConfig.from_dict(data["config"]["features"]), raw=data,
            calibration=Calibration.from_dict(data.get("calibration")),
        )  # fmt: skip


class ModelClassifier:
    """The trained model behind a small interface.

    ``predict(text)`` returns every label with its probability, best first. ``classify``
    implements the ``Classifier`` protocol with the model alone (the pipeline uses
    ``classifiers.decision.CombinedClassifier``, which adds the rules).
    """

    _cache: ClassVar[dict[Path, ModelClassifier]] = {}
    _cache_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self,
        nlp: spacy.language.Language | _bow.BowTextcat,
        meta: ModelMeta,
        path: Path,
        ngrams: bytes | None = None,
    ) -> None:
        self._bow = nlp if isinstance(nlp, _bow.BowTextcat) else None
        self._nlp = None if isinstance(nlp, _bow.BowTextcat) else nlp
        self.meta = meta
        self.path = path
        self.version = meta.version
        self._ngrams = ngrams
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
            nlp: spacy.language.Language | _bow.BowTextcat | None = None
            if meta.raw.get("config", {}).get("architecture") == "bow":
                nlp = _bow.load(resolved / PIPELINE_DIR)
            if nlp is None:
                import spacy

                nlp = spacy.load(resolved / PIPELINE_DIR)
            ngrams_file = resolved / NGRAMS_FILE
            ngrams = ngrams_file.read_bytes() if ngrams_file.is_file() else None
            model = cls(nlp, meta, resolved, ngrams)
            cls._cache[resolved] = model
            return model

    @property
    def threshold(self) -> float:
        """The calibrated probability at or above which a service is delivered automatically."""
        return self.meta.threshold

    @property
    def calibration(self) -> Calibration:
        """The fitted temperature and confidence map (identity for an uncalibrated model)."""
        return self.meta.calibration

    def with_calibration(self, calibration: Calibration) -> ModelClassifier:
        """The same weights with another calibration (not cached; for refitting it)."""
        nlp = self._bow if self._bow is not None else self._nlp
        assert nlp is not None
        return ModelClassifier(
            nlp, replace(self.meta, calibration=calibration), self.path, self._ngrams
        )

    def predict(self, text: str) -> list[tuple[str, float]]:
        """All labels (services and ``"none"``) with tempered probabilities, best first."""
        doc_text = model_text(text, self.meta.features)
        if not doc_text.strip():
            # Nothing readable (a blank page): the model would return all zeros.
            return [(NONE, 1.0)] + [(label, 0.0) for label in self.meta.labels if label != NONE]
        if self._bow is not None:
            cats = self._bow.cats(doc_text)
        else:
            assert self._nlp is not None
            with self._lock:
                cats = self._nlp(doc_text).cats
        ranked = sorted(((k, float(v)) for k, v in cats.items()), key=lambda kv: -kv[1])
        return self.meta.calibration.temper(ranked)

    def coverage(self, text: str) -> float:
        """The share of the text's word trigrams seen in training (1.0 for an older model
        saved without them): low for wording the model has never seen."""
        if self._ngrams is None:
            return 1.0
        return ngram_coverage(text, self.meta.features, self._ngrams)

    def explain(self, text: str, label: str, *, top: int = 5) -> list[tuple[str, float]]:
        """The words of ``text`` that most raised ``label`` over the other labels.

        The bag-of-words model is linear before its softmax, so a word's part (its own token,
        prefix, n-grams and morphology tokens, times its count) is exact. Only words written in
        lower case are considered: names, codes and numbers are left out of the explanation.
        """
        if self.meta.raw.get("config", {}).get("architecture") != "bow":
            return []
        counts: dict[str, int] = {}
        for word in _LOWER_WORD.findall(text[: self.meta.features.max_chars]):
            counts[word] = counts.get(word, 0) + 1
        words = list(counts)[:_EXPLAIN_WORDS]
        if self._bow is not None:
            labels = list(self._bow.labels)
            if label not in labels:
                return []
            word_texts = [(model_text(w, self.meta.features), w) for w in words]
            docs_words = [(d, w) for d, w in word_texts if d.split()]
            if not docs_words:
                return []
            logits = np.stack([self._bow.logits(d) for d, _ in docs_words])
            bias = self._bow.bias
        else:
            logits, bias, labels, docs_words = self._spacy_logits(words, label)
            if not docs_words:
                return []
        parts = logits - bias
        i = labels.index(label)
        lift = (parts[:, i] - parts.mean(axis=1)) * np.array([counts[w] for _, w in docs_words])
        order = np.argsort(-lift)[:top]
        return [(docs_words[j][1], round(float(lift[j]), 2)) for j in order if lift[j] > 0]

    def _spacy_logits(
        self, words: list[str], label: str
    ) -> tuple[np.ndarray, np.ndarray, list[str], list[tuple[Any, str]]]:
        """The linear layer's scores of each word's doc, by spaCy (a model ``_bow`` cannot
        run); empty when the label or the bag-of-words layer is missing."""
        from spacy.pipeline import TextCategorizer

        assert self._nlp is not None
        textcat = cast(TextCategorizer, self._nlp.get_pipe("textcat"))
        labels = list(textcat.labels)
        empty: tuple[np.ndarray, np.ndarray, list[str], list[tuple[Any, str]]]
        empty = (np.zeros((0, 0)), np.zeros(0), labels, [])
        if label not in labels:
            return empty
        docs = [self._nlp.make_doc(model_text(w, self.meta.features)) for w in words]
        docs_words = [(d, w) for d, w in zip(docs, words, strict=True) if len(d)]
        if not docs_words:
            return empty
        sparse = _sparse_linear(textcat.model)
        if sparse is None:  # not the bag-of-words architecture
            return empty
        linear = textcat.model.layers[0]
        with self._lock:
            logits = np.asarray(linear.predict([d for d, _ in docs_words]))
        return logits, np.asarray(sparse.get_param("b")), labels, docs_words

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
