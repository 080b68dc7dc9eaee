"""Text normalisation shared by training and prediction (one function, so they never drift).

The model sees lower-cased text with Finnish/Swedish diacritics folded (OCR often drops them),
hyphenated line breaks re-joined, and — when ``prefix`` is set — each word followed by a
pseudo-token made of its first ``prefix`` letters. Finnish inflects by suffixes
("asumistuki", "asumistukea", "asumistuen") and OCR errors mostly hit single characters, so
a shared prefix token lets a bag-of-words model see through both.

With ``morphology`` set, each word is also followed by its Finnish base form and compound
parts (``~asumistuki ~asua ~tuki`` for "asumistukihakemukseni") or, for a word Voikko does not
know, its Swedish stem (``^bostadsbidrag``); see ``classifiers._morphology``.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
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
_WORD_UNFOLDED = re.compile(r"[a-zäöåéüáóíšžõ]+|\d+")


@dataclass(frozen=True)
class FeatureConfig:
    """How text is turned into the model's input; stored in the model's meta."""

    prefix: int = 4  # 0: no prefix tokens
    min_prefix_word: int = 5  # only words at least this long get prefix and n-gram tokens
    max_chars: int = 6000  # long documents: the head carries the title and form code
    char_ngrams: int = 3  # 0: none; n: add the character n-grams of longer words as tokens
    unique: bool = False  # keep each token once (binary features instead of counts)
    morphology: bool = False  # add Voikko base forms / compound parts and Swedish stems

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeatureConfig:
        return cls(
            **{
                k: data[k]
                for k in (
                    "prefix",
                    "min_prefix_word",
                    "max_chars",
                    "char_ngrams",
                    "unique",
                    "morphology",
                )
                if k in data
            }
        )


def model_text(text: str, config: FeatureConfig) -> str:
    """The string the spaCy pipeline is trained and run on."""
    if config.morphology:
        return _morphology_text(text, config)
    text = text[: config.max_chars].lower().translate(_FOLD)
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    words = _WORD.findall(text)
    if not config.prefix and not config.char_ngrams:
        return " ".join(words)
    out: list[str] = []
    for w in words:
        out.append(w)
        _surface_tokens(w, config, out)
    if config.unique:
        out = list(dict.fromkeys(out))
    return " ".join(out)


def _surface_tokens(w: str, config: FeatureConfig, out: list[str]) -> None:
    """Prefix and character n-gram tokens of a folded word."""
    if len(w) >= config.min_prefix_word and w.isalpha():
        if config.prefix:
            out.append("_" + w[: config.prefix])
        n = config.char_ngrams
        if n:
            out.extend("#" + w[i : i + n] for i in range(0, len(w) - n + 1))


def _morphology_text(text: str, config: FeatureConfig) -> str:
    """Like the surface features, each word followed by its morphological tokens."""
    from classifiers._morphology import analyser

    analyse = analyser().analyse
    text = _HYPHEN_BREAK.sub(r"\1\2", text[: config.max_chars].lower())
    out: list[str] = []
    for raw in _WORD_UNFOLDED.findall(text):
        w = raw.translate(_FOLD)
        out.append(w)
        _surface_tokens(w, config, out)
        if len(raw) < 3 or raw.isdigit():
            continue
        a = analyse(raw)
        if a.base is not None:
            base = a.base.translate(_FOLD)
            if base != w:
                out.append("~" + base)
            out.extend("~" + p.translate(_FOLD) for p in a.parts)
        elif a.stem and a.stem != raw:
            out.append("^" + a.stem.translate(_FOLD))
    if config.unique:
        out = list(dict.fromkeys(out))
    return " ".join(out)


# --- distance from training: which of a text's word trigrams the training texts contained ----

NGRAM_BITS = 1 << 22  # a 512 KiB bit set; ~3 % false "seen" at 140,000 training trigrams
_NGRAM = 3


def word_ngrams(text: str, config: FeatureConfig) -> list[str]:
    """The folded word trigrams of ``text`` (as the model reads it: head, case, diacritics)."""
    text = _HYPHEN_BREAK.sub(r"\1\2", text[: config.max_chars].lower().translate(_FOLD))
    words = _WORD.findall(text)
    return [" ".join(words[i : i + _NGRAM]) for i in range(len(words) - _NGRAM + 1)]


def ngram_slot(ngram: str) -> int:
    """The bit of a trigram in the set (CRC-32: the same in every process, unlike ``hash``)."""
    return zlib.crc32(ngram.encode("utf-8")) % NGRAM_BITS


def ngram_coverage(text: str, config: FeatureConfig, seen: bytes | bytearray) -> float:
    """The share of the text's word trigrams that occur in the training texts (1.0 if none)."""
    grams = word_ngrams(text, config)
    if not grams:
        return 1.0
    hits = 0
    for g in grams:
        slot = ngram_slot(g)
        hits += (seen[slot >> 3] >> (slot & 7)) & 1
    return hits / len(grams)


def ngram_set(texts: Iterable[str], config: FeatureConfig) -> bytearray:
    """The bit set of every word trigram in ``texts``."""
    bits = bytearray(NGRAM_BITS // 8)
    for text in texts:
        for g in word_ngrams(text, config):
            slot = ngram_slot(g)
            bits[slot >> 3] |= 1 << (slot & 7)
    return bits
