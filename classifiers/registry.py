"""The model registry: ``<models_dir>/<version>/`` folders and an ``ACTIVE`` pointer.

``ACTIVE`` holds the active version; ``HISTORY`` the previously active versions, one a line,
newest last, so ``rollback()`` can restore the one before. A new model becomes active only
through ``promote`` when it is not worse than the active one on the fixed test split.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from classifiers._files import META_FILE
from classifiers.dataset import LabelledText
from classifiers.evaluate import Report, evaluate
from classifiers.model import ModelClassifier
from pipeline.errors import ModelNotFoundError, NothingToRollBackError, UnknownModelError

ACTIVE_FILE = "ACTIVE"
HISTORY_FILE = "HISTORY"
TOLERANCE = 0.005  # "not worse": within half a point on each headline figure


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@dataclass(frozen=True)
class ModelRegistry:
    """The models folder."""

    root: Path

    def versions(self) -> list[str]:
        """Every saved model version (sorted by name)."""
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if (p / META_FILE).is_file())

    def path(self, version: str) -> Path:
        """The folder of ``version``.

        Raises:
            UnknownModelError: if there is no such model.
        """
        p = self.root / version
        if not (p / META_FILE).is_file():
            raise UnknownModelError(f"No model {version!r} in {self.root}.")
        return p

    def active(self) -> str | None:
        """The active version, or None when none has been activated."""
        f = self.root / ACTIVE_FILE
        if not f.is_file():
            return None
        version = f.read_text(encoding="utf-8").strip()
        return version or None

    def active_path(self) -> Path | None:
        """The active model's folder, or None."""
        version = self.active()
        return self.path(version) if version else None

    def history(self) -> list[str]:
        f = self.root / HISTORY_FILE
        if not f.is_file():
            return []
        return [line.strip() for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]

    def activate(self, version: str) -> None:
        """Make ``version`` the active model; the current one goes to the history."""
        self.path(version)
        current = self.active()
        if current == version:
            return
        if current:
            _write_atomic(self.root / HISTORY_FILE, "\n".join([*self.history(), current]) + "\n")
        _write_atomic(self.root / ACTIVE_FILE, version + "\n")

    def rollback(self) -> str:
        """Re-activate the previously active model and return its version.

        Raises:
            NothingToRollBackError: if no model was active before the current one.
        """
        history = self.history()
        while history:
            previous = history.pop()
            if (self.root / previous / META_FILE).is_file():
                _write_atomic(self.root / HISTORY_FILE, "".join(f"{v}\n" for v in history))
                _write_atomic(self.root / ACTIVE_FILE, previous + "\n")
                return previous
        raise NothingToRollBackError()


@dataclass(frozen=True)
class Promotion:
    """The outcome of ``promote``."""

    version: str
    activated: bool
    reason: str
    new: Report
    old: Report | None
    previous: str | None


def not_worse(new: Report, old: Report, tolerance: float = TOLERANCE) -> tuple[bool, str]:
    """Whether ``new`` is at least as good as ``old`` (within ``tolerance``), and why not."""
    checks = [
        ("macro-F1", new.macro_f1, old.macro_f1),
        ("authority accuracy", new.authority_accuracy, old.authority_accuracy),
        ("automatic precision", new.auto_precision, old.auto_precision),
        ("straight-through rate", new.straight_through, old.straight_through),
    ]
    for name, a, b in checks:
        if a < b - tolerance:
            return False, f"{name} {a:.4f} is worse than the active model's {b:.4f}"
    if new.negatives_auto > old.negatives_auto:
        return False, (
            f"{new.negatives_auto} negatives delivered automatically "
            f"(active model: {old.negatives_auto})"
        )
    return True, "not worse than the active model on the test split"


def promote(
    registry: ModelRegistry,
    version: str,
    test: Sequence[LabelledText],
    *,
    tolerance: float = TOLERANCE,
) -> Promotion:
    """Activate ``version`` if it is not worse than the active model on ``test``.

    Both models are measured now, on the same examples, with their own calibrated thresholds.
    """
    new = evaluate(ModelClassifier.load(registry.path(version)), test)
    current = registry.active()
    if current is None:
        registry.activate(version)
        return Promotion(version, True, "no active model yet", new, None, None)
    if current == version:
        return Promotion(version, True, "already active", new, None, current)
    try:
        active = ModelClassifier.load(registry.path(current))
    except (ModelNotFoundError, OSError, ValueError, KeyError, TypeError):
        registry.activate(version)  # an active model that no longer loads is no competitor
        return Promotion(version, True, "the active model could not be loaded", new, None, current)
    if active.calibration.stale:
        # Trained by an older version for other confidence inputs: it sends every document to
        # review, so any new model is better (after an upgrade, `aspa train` must replace it).
        registry.activate(version)
        reason = "the active model's confidence map was fitted for other inputs"
        return Promotion(version, True, reason, new, None, current)
    old = evaluate(active, test)
    ok, reason = not_worse(new, old, tolerance)
    if ok:
        registry.activate(version)
    return Promotion(version, ok, reason, new, old, current)
