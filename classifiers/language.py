"""Language detection (fi / sv / en) by naive Bayes over character trigrams and function words.

The profiles are built at import time from the seed texts in ``_language_seed.py`` (no
downloads, a few milliseconds). Detection looks at the first few thousand characters, is
tolerant of OCR noise (trigrams survive a wrong letter here and there) and takes well under a
millisecond. Trilingual forms ("Hakijan nimi / Sökandens namn / Applicant's name") yield the
language with most evidence; on a near-tie Finnish wins over Swedish over English, the order
in which bilingual forms print their languages.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from classifiers import _language_seed as seed

LANGS = ("fi", "sv", "en")
MAX_CHARS = 2000
_SEGMENT = re.compile(r"\s+/\s+|\n|\s\|\s")
_WORD = re.compile(r"[a-zåäöüéèëõšž]+")
_FUNCTION_WEIGHT = 2.0
_MIN_FEATURES = 6  # fewer trigram hits than this: "und"
_MIN_MARGIN = 0.15  # mean per-feature log-likelihood margin below which short texts are "und"


def _trigrams(text: str) -> Counter[str]:
    words = _WORD.findall(text)
    padded = " " + " ".join(words) + " "
    return Counter(padded[i : i + 3] for i in range(len(padded) - 2))


def _build() -> dict[str, tuple[float, float, float]]:
    counts = {
        "fi": _trigrams(seed.FI.lower()),
        "sv": _trigrams(seed.SV.lower()),
        "en": _trigrams(seed.EN.lower()),
    }
    vocab = set().union(*counts.values())
    table: dict[str, tuple[float, float, float]] = {}
    totals = {lang: sum(c.values()) + 0.5 * len(vocab) for lang, c in counts.items()}
    for tri in vocab:
        lps = tuple(math.log((counts[lang][tri] + 0.5) / totals[lang]) for lang in LANGS)
        best = max(lps)
        # store relative log-probabilities: only the differences between languages matter
        table[tri] = (lps[0] - best, lps[1] - best, lps[2] - best)
    return table


_TRIGRAMS = _build()
_FUNCTION: dict[str, tuple[float, float, float]] = {}
for _i, _lang in enumerate(LANGS):
    for _w in seed.FUNCTION_WORDS[_lang]:
        vec = list(_FUNCTION.get(_w, (0.0, 0.0, 0.0)))
        vec[_i] += _FUNCTION_WEIGHT
        _FUNCTION[_w] = (vec[0], vec[1], vec[2])


def _score(sample: str) -> tuple[float, float, float, int]:
    tri = _trigrams(sample)
    s0 = s1 = s2 = 0.0
    n = 0
    for key, count in tri.items():
        vec = _TRIGRAMS.get(key)
        if vec is not None:
            s0 += vec[0] * count
            s1 += vec[1] * count
            s2 += vec[2] * count
            n += count
    for word in _WORD.findall(sample):
        fvec = _FUNCTION.get(word)
        if fvec is not None:
            s0 += fvec[0]
            s1 += fvec[1]
            s2 += fvec[2]
    if "å" in sample:  # only Swedish among the three uses å
        s1 += 2.0 * min(sample.count("å"), 10)
    return s0, s1, s2, n


def language_scores(text: str) -> dict[str, float]:
    """Per-language scores (higher is better), ``n`` (features used) and per-language shares
    of the clearly classified segments (``share_fi``, ``share_sv``, ``share_en``)."""
    sample = text[:MAX_CHARS].lower()
    total = [0.0, 0.0, 0.0]
    n_all = 0
    votes = [0, 0, 0]
    for segment in _SEGMENT.split(sample):
        if not segment.strip():
            continue
        *vec, n = _score(segment)
        total[0] += vec[0]
        total[1] += vec[1]
        total[2] += vec[2]
        n_all += n
        if n >= 5:
            ranked = sorted(range(3), key=lambda i: -vec[i])
            if (vec[ranked[0]] - vec[ranked[1]]) / n >= 0.3:
                votes[ranked[0]] += n
    voted = sum(votes) or 1
    return {
        "fi": total[0], "sv": total[1], "en": total[2], "n": float(n_all),
        "share_fi": votes[0] / voted, "share_sv": votes[1] / voted, "share_en": votes[2] / voted,
    }  # fmt: skip


def detect_language(text: str) -> str:
    """Detect the language of ``text``.

    Args:
        text: any text, typically OCR output.

    Returns:
        ``"fi"``, ``"sv"`` or ``"en"``; ``"und"`` when there is too little text to tell.
    """
    scores = language_scores(text)
    n = scores["n"]
    if n < _MIN_FEATURES:
        return "und"
    ranked = sorted(LANGS, key=lambda lang: (-scores[lang], LANGS.index(lang)))
    top, second = ranked[0], ranked[1]
    margin = (scores[top] - scores[second]) / n
    if n < 40 and margin < _MIN_MARGIN:
        return "und"
    # A multilingual layout (segments clearly in two or three languages, e.g. a trilingual
    # form): the language with the clearly larger share wins, otherwise the printed order.
    shares = sorted(LANGS, key=lambda lang: -scores[f"share_{lang}"])
    present = [lang for lang in LANGS if scores[f"share_{lang}"] >= 0.25]
    if len(present) >= 2:
        first, runner = scores[f"share_{shares[0]}"], scores[f"share_{shares[1]}"]
        return shares[0] if first - runner >= 0.2 else present[0]
    if margin < 0.02:
        return min(ranked[:2], key=LANGS.index)
    return top
