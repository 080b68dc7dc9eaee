"""Vocabulary of the synthetic training corpus, read from ``vocabulary.yaml`` beside this file.

One entry per service of the catalogue: per language, form titles, form field lines (with
``{placeholders}`` filled by the generator), sentences a customer might write in a free-form
letter, and optionally the kinds of supporting attachment that travel with the matter. Codes
are the paper-form codes (Kela and Vero take an ``r``/``e`` suffix for Swedish/English
editions). ``KEYWORDS`` holds the everyday words people use for each matter, for the
generator's short notes. The data is read once, at import; the generator's output does not
change with its form (``tests/test_corpus.py`` checks the committed files).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

VOCABULARY_PATH = Path(__file__).with_name("vocabulary.yaml")


def _load(path: Path = VOCABULARY_PATH) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not {"authority_names", "services", "keywords"} <= set(data):
        raise ValueError(f"{path}: expected authority_names, services and keywords")
    return data


_DATA = _load()

AUTHORITY_NAMES: dict[str, dict[str, list[str]]] = _DATA["authority_names"]
S: dict[str, dict[str, Any]] = _DATA["services"]
SERVICES: tuple[str, ...] = tuple(S)
KEYWORDS: dict[str, dict[str, list[str]]] = _DATA["keywords"]
