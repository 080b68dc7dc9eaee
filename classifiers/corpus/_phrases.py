"""Sentences in customers' own words, per service and language, for the train-only stories,
read from ``phrases.yaml`` beside this file.

Written to differ from the form vocabulary of ``vocabulary.yaml``: how people describe their
situation (what happened, what they need) rather than the name of the benefit or form, with
colloquial words, common misspellings and the odd English or Swedish word in a Finnish text.
``NEGATIVE_PHRASES``: everyday personal messages that concern no authority.
"""

from __future__ import annotations

from pathlib import Path

import yaml

PHRASES_PATH = Path(__file__).with_name("phrases.yaml")

_DATA = yaml.safe_load(PHRASES_PATH.read_text(encoding="utf-8"))

PHRASES: dict[str, dict[str, list[str]]] = _DATA["phrases"]
NEGATIVE_PHRASES: dict[str, list[str]] = _DATA["negative_phrases"]
