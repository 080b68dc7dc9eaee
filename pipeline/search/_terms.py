"""Words → search terms, inflection-aware for Finnish and Swedish (Snowball via PyStemmer).

A word is indexed under its Finnish and its Swedish stem. A query word matches by prefix on
its stems, and for Finnish also on the stem without its last letter: Snowball leaves the
consonant gradation alone (``asumistuki`` → ``asumistuk``, ``asumistuen`` → ``asumistue``), so
the shared prefix ``asumistu`` is what finds one form from the other. The ``-us``/``-uksen``
nouns of form names (``hakemus``, ``hakemuksen``; ``ilmoitus``, ``todistus``) are folded to one
stem (``hakemuks`` → ``hakemus``) on both sides.
"""

from __future__ import annotations

import functools
import re

import Stemmer

WORD = re.compile(r"\w+", re.UNICODE)
_KS = re.compile(r"([uyoö])ks$")
MIN_PREFIX = 5  # shorter stems match exactly, so that "kela" does not find "kelaus"


@functools.lru_cache(maxsize=2)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(language)


def fold(stem: str) -> str:
    """``hakemuks`` → ``hakemus`` (the inflected stem of an ``-us`` noun to its base form)."""
    return _KS.sub(r"\1s", stem)


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text or "")]


def index_terms(text: str) -> str:
    """The text as space-separated stems (each word's Finnish and Swedish stem, once)."""
    ws = words(text)
    fi = _stemmer("finnish").stemWords(ws)
    sv = _stemmer("swedish").stemWords(ws)
    out: dict[str, None] = {}
    for a, b in zip(fi, sv, strict=True):
        out[a] = None
        out[fold(a)] = None
        out[b] = None
    return " ".join(out)


def query_terms(query: str) -> list[tuple[tuple[str, bool], ...]]:
    """Per query word, its alternatives as ``(term, is_prefix)``; every word must match."""
    out = []
    for w in words(query)[:12]:
        alts: dict[tuple[str, bool], None] = {}
        fi = _stemmer("finnish").stemWord(w)
        sv = _stemmer("swedish").stemWord(w)
        for stem in (fi, fold(fi), sv, w):
            alts[(stem, len(stem) >= MIN_PREFIX)] = None
        for stem in (fi, fold(fi)):
            if len(stem) > MIN_PREFIX:
                alts[(stem[:-1], True)] = None
        out.append(tuple(alts))
    return out
