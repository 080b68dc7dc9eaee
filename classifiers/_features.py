"""Text normalisation shared by training and prediction (one function, so they never drift).

The model sees lower-cased text with Finnish/Swedish diacritics folded (OCR often drops them),
hyphenated line breaks re-joined, and — when ``prefix`` is set — each word followed by a
pseudo-token made of its first ``prefix`` letters. Finnish inflects by suffixes
("asumistuki", "asumistukea", "asumistuen") and OCR errors mostly hit single characters, so
a shared prefix token lets a bag-of-words model see through both.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

_FOLD = str.maketrans(
    {
        "ä": "a",
        "ö": "o",
        "å": "a",
        "é": "e",
        "ü": "u",
        "á": "a",
        "ó": "o",
        "í": "i",
        "š": "s",
        "ž": "z",
        "õ": "o",
    }
)
_HYPHEN_BREAK = re.compile(r"(\w)-\s*\n\s*(\w)")
_WORD = re.compile(r"[a-z]+|\d+")


@dataclass(frozen=True)
class FeatureConfig:
    """How text is turned into the model's input; stored in the model's meta."""

    prefix: int = 4  # 0: no prefix tokens
    min_prefix_word: int = 5  # only words at least this long get prefix and n-gram tokens
    max_chars: int = 6000  # long documents: the head carries the title and form code
    char_ngrams: int = 3  # 0: none; n: add the character n-grams of longer words as tokens
    unique: bool = False  # keep each token once (binary features instead of counts)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeatureConfig:
        return cls(
            **{
                k: data[k]
                for k in ("prefix", "min_prefix_word", "max_chars", "char_ngrams", "unique")
                if k in data
            }
        )


def model_text(text: str, config: FeatureConfig) -> str:
    """The string the spaCy pipeline is trained and run on."""
    text = text[: config.max_chars].lower().translate(_FOLD)
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    words = _WORD.findall(text)
    if not config.prefix and not config.char_ngrams:
        return " ".join(words)
    out: list[str] = []
    for w in words:
        out.append(w)
        if len(w) >= config.min_prefix_word and w.isalpha():
            if config.prefix:
                out.append("_" + w[: config.prefix])
            n = config.char_ngrams
            if n:
                out.extend("#" + w[i : i + n] for i in range(0, len(w) - n + 1))
    if config.unique:
        out = list(dict.fromkeys(out))
    return " ".join(out)
