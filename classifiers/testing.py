"""Stand-ins and a small trained model for tests (no patching needed).

``FixedModel`` answers with fixed probabilities, like dramatiq's ``StubBroker`` stands in for a
broker. ``small_model()`` trains a reduced model once per process into a temporary folder.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable
from pathlib import Path

from classifiers.dataset import DEFAULT_CORPUS
from classifiers.training import ModelInfo, TrainConfig, train_model

SMALL = TrainConfig(epochs=8, limit_per_label=50)


class FixedModel:
    """A model whose answer is given by a function of the text (or a fixed ranking)."""

    def __init__(
        self,
        answer: list[tuple[str, float]] | Callable[[str], list[tuple[str, float]]],
        *,
        threshold: float = 0.8,
        version: str = "fixed-1",
    ) -> None:
        self._answer = answer
        self._threshold = threshold
        self.version = version

    @property
    def threshold(self) -> float:
        return self._threshold

    def predict(self, text: str) -> list[tuple[str, float]]:
        ranked = self._answer(text) if callable(self._answer) else self._answer
        return sorted(ranked, key=lambda kv: -kv[1])


@functools.cache
def small_model(corpus_dir: Path = DEFAULT_CORPUS, seed: int = 0) -> ModelInfo:
    """A reduced model (50 examples per label) trained once per process; 15–30 s."""
    root = Path(tempfile.mkdtemp(prefix="aspa-small-model-"))
    return train_model(corpus_dir, root / "models", seed=seed, config=SMALL)
