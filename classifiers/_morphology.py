"""Word analysis for the model's features: Finnish base forms and compound parts (Voikko),
Swedish stems (Snowball, PyStemmer).

Finnish puts one idea into many surface forms ("asumistukihakemukseni", "asumistuen",
"asumistukea"); Voikko, the standard Finnish morphology (Debian ``libvoikko1`` + ``voikko-fi``,
PyPI ``libvoikko`` binding), gives the base form ("asumistuki") and the compound's parts
("asua", "tuki"). Words Voikko does not know (Swedish, English, misspellings) get a Swedish
Snowball stem ("bostadsbidraget" → "bostadsbidrag"), which also harmlessly folds English
plural and genitive endings.

Voikko is required when the features ask for it: the Makefile installs it. Without it,
``analyser()`` raises a ``ConfigurationError`` that says what to install.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass

from pipeline.errors import MorphologyUnavailableError

__all__ = ["Analyser", "MorphologyUnavailableError", "WordAnalysis", "analyser"]


@dataclass(frozen=True)
class WordAnalysis:
    """What the features use of one word: base form, compound parts and a Swedish stem."""

    base: str | None  # Finnish base form, if Voikko knows the word
    parts: tuple[str, ...]  # base forms of the compound's parts (only for compounds)
    stem: str | None  # Swedish stem of a word Voikko does not know


class Analyser:
    """Voikko plus a Swedish stemmer behind one cached, thread-safe ``analyse(word)``."""

    def __init__(self, *, language: str = "fi", dictionary_path: str | None = None) -> None:
        try:
            import libvoikko
            import Stemmer
        except ImportError as exc:  # the Python bindings
            raise MorphologyUnavailableError(
                f"{MorphologyUnavailableError.message} ({exc.name} is missing)"
            ) from exc
        try:
            self._voikko = libvoikko.Voikko(language, path=dictionary_path)
        except (OSError, libvoikko.VoikkoException) as exc:  # the library or the dictionary
            raise MorphologyUnavailableError(
                f"{MorphologyUnavailableError.message} ({type(exc).__name__}: {exc})"
            ) from exc
        self._stemmer = Stemmer.Stemmer("swedish")
        self._lock = threading.Lock()
        self.analyse = functools.lru_cache(maxsize=200_000)(self._analyse)

    def _analyse(self, word: str) -> WordAnalysis:
        with self._lock:  # neither Voikko's handle nor the stemmer is thread-safe
            analyses = self._voikko.analyze(word)
            if not analyses:
                return WordAnalysis(None, (), self._stemmer.stemWord(word))
        first = analyses[0]
        base = first.get("BASEFORM") or None
        return WordAnalysis(
            base.lower() if base else None, _parts(first.get("WORDBASES", "")), None
        )


def _parts(wordbases: str) -> tuple[str, ...]:
    """``"+asumis(asua)+tuki(tuki)"`` → ``("asua", "tuki")``; () for a simple word."""
    parts = []
    for chunk in wordbases.split("+"):
        inner = "(" in chunk and chunk.endswith(")")
        part = (chunk[chunk.index("(") + 1 : -1] if inner else chunk).strip("=-").lower()
        if len(part) >= 3:
            parts.append(part)
    return tuple(parts) if len(parts) > 1 else ()


_analyser: Analyser | None = None
_analyser_lock = threading.Lock()


def analyser() -> Analyser:
    """The process's analyser (created on first use).

    Raises:
        MorphologyUnavailableError: if Voikko or PyStemmer is not installed.
    """
    global _analyser
    with _analyser_lock:
        if _analyser is None:
            _analyser = Analyser()
        return _analyser
