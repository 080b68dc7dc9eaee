"""spaCy's tokenizer for the blank multilingual pipeline (``spacy.blank("xx")``), without spaCy.

Field extraction (``classifiers.fields``) needs tokens the way spaCy cut them, but importing
spaCy costs more CPU than the whole extraction of a day's documents. This is a port of
``spacy/tokenizer.pyx`` (3.8: ``_tokenize_affixes``, ``_split_affixes``, ``_attach_tokens`` and
``_apply_special_cases``) run on spaCy's own rules for ``xx`` (prefix, suffix, infix and URL
patterns and the special cases), frozen in ``tokenizer_xx.json`` by :func:`rules_from_spacy`.
``tests/test_fields_tokenizer.py`` checks that the frozen rules are those of the installed
spaCy and that both tokenizers cut the same texts into the same tokens at the same offsets.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RULES_FILE = Path(__file__).with_name("tokenizer_xx.json")

Match = Callable[[str], object]
_CACHE_SIZE = 10_000  # spans remembered with their tokens (many repeat: labels, dates)


@dataclass(frozen=True)
class Token:
    """One token: its text, its character offset, and whether a single space follows it."""

    text: str
    idx: int
    space: bool = False


@dataclass(frozen=True)
class _Piece:
    text: str
    space: bool = False


@functools.lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return data


class Tokenizer:
    """Cuts text into tokens exactly as spaCy's tokenizer with the same rules does.

    Args:
        token_match: strings kept as one token (spaCy's ``tokenizer.token_match``).
        rules: prefix/suffix/infix/url patterns and special cases (default: spaCy's ``xx``).
    """

    def __init__(self, token_match: Match | None = None, rules: dict[str, Any] | None = None):
        data = rules if rules is not None else _rules()
        self._prefix = re.compile(data["prefix"]).search
        self._suffix = re.compile(data["suffix"]).search
        self._infix = re.compile(data["infix"]).finditer
        self._url = re.compile(data["url"]).match if data.get("url") else None
        self.token_match = token_match
        # A special case: its tokens, each with whether a space follows it.
        self._specials: dict[str, list[_Piece]] = {
            key: [_Piece(orth) for orth in orths] for key, orths in data["specials"].items()
        }
        self._cache: dict[str, list[_Piece]] = {}
        # Special cases that contain affixes are found again after tokenisation, as token
        # sequences (spaCy's ``_special_matcher``; ``faster_heuristics`` is on).
        self._phrases: dict[tuple[str, ...], str] = {}
        for key in sorted(self._specials):
            if (
                self._find_prefix(key)
                or self._find_suffix(key)
                or " " in key
                or self._has_infix(key)
            ):
                seq = tuple(p.text for p in self._tokenize_affixes(key, with_specials=False))
                self._phrases.setdefault(seq, key)
        self._phrase_lengths = sorted({len(s) for s in self._phrases})

    # -- the rules ----------------------------------------------------------------------------

    def _find_prefix(self, s: str) -> int:
        m = self._prefix(s)
        return (m.end() - m.start()) if m is not None else 0

    def _find_suffix(self, s: str) -> int:
        m = self._suffix(s)
        return (m.end() - m.start()) if m is not None else 0

    def _has_infix(self, s: str) -> bool:
        return next(self._infix(s), None) is not None

    def _matches_token(self, s: str) -> bool:
        return bool(self.token_match and self.token_match(s))

    # -- tokenisation -------------------------------------------------------------------------

    def __call__(self, text: str) -> list[Token]:
        pieces = self._apply_special_cases(self._tokenize_affixes(text, with_specials=True))
        out: list[Token] = []
        idx = 0
        for p in pieces:
            out.append(Token(p.text, idx, p.space))
            idx += len(p.text) + (1 if p.space else 0)
        return out

    def _tokenize_affixes(self, text: str, *, with_specials: bool) -> list[_Piece]:
        """Spans of non-space and of space characters; a span that is exactly one ' ' is the
        previous token's trailing space."""
        pieces: list[_Piece] = []
        if not text:
            return pieces
        start = 0
        in_ws = text[0].isspace()
        for i, uc in enumerate(text):
            if uc.isspace() != in_ws:
                if start < i:
                    pieces.extend(self._span(text[start:i], with_specials))
                if uc == " ":
                    pieces[-1] = _Piece(pieces[-1].text, True)
                    start = i + 1
                else:
                    start = i
                in_ws = not in_ws
        if start < len(text):
            pieces.extend(self._span(text[start:], with_specials))
            pieces[-1] = _Piece(pieces[-1].text, text[-1] == " " and not in_ws)
        return pieces

    def _span(self, span: str, with_specials: bool) -> list[_Piece]:
        if with_specials and span in self._specials:
            return self._specials[span]
        cached = self._cache.get(span) if with_specials else None
        if cached is not None:
            return cached
        out: list[_Piece] = []
        prefixes: list[str] = []
        suffixes: list[str] = []
        rest = self._split_affixes(span, prefixes, suffixes, with_specials)
        out.extend(_Piece(p) for p in prefixes)
        if rest:
            if with_specials and rest in self._specials:
                out.extend(self._specials[rest])
            elif self._matches_token(rest) or (self._url is not None and self._url(rest)):
                out.append(_Piece(rest))
            else:
                out.extend(_Piece(t) for t in self._split_infixes(rest))
        out.extend(_Piece(s) for s in reversed(suffixes))
        if with_specials:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            self._cache[span] = out
        return out

    def _split_affixes(
        self, string: str, prefixes: list[str], suffixes: list[str], with_specials: bool
    ) -> str:
        specials = self._specials if with_specials else {}
        last_size = -1
        while string and len(string) != last_size:
            if self._matches_token(string):
                break
            if string in specials:
                break
            last_size = len(string)
            pre_len = self._find_prefix(string)
            prefix = minus_pre = ""
            if pre_len != 0:
                prefix, minus_pre = string[:pre_len], string[pre_len:]
                if minus_pre and minus_pre in specials:
                    prefixes.append(prefix)
                    return minus_pre
            suf_len = self._find_suffix(string[pre_len:])
            suffix = minus_suf = ""
            if suf_len != 0:
                suffix, minus_suf = string[-suf_len:], string[:-suf_len]
                if minus_suf and minus_suf in specials:
                    suffixes.append(suffix)
                    return minus_suf
            if pre_len and suf_len and (pre_len + suf_len) <= len(string):
                string = string[pre_len:-suf_len]
                prefixes.append(prefix)
                suffixes.append(suffix)
            elif pre_len:
                string = minus_pre
                prefixes.append(prefix)
            elif suf_len:
                string = minus_suf
                suffixes.append(suffix)
        return string

    def _split_infixes(self, string: str) -> list[str]:
        matches = list(self._infix(string))
        if not matches:
            return [string]
        out: list[str] = []
        start = 0
        for m in matches:
            infix_start, infix_end = m.start(), m.end()
            if infix_start == 0:
                continue
            if infix_start != start:
                out.append(string[start:infix_start])
            if infix_start != infix_end:
                out.append(string[infix_start:infix_end])
            start = infix_end
        if string[start:]:
            out.append(string[start:])
        return out

    def _apply_special_cases(self, pieces: list[_Piece]) -> list[_Piece]:
        """Token sequences that spell a special case with affixes become its tokens."""
        if not self._phrases:
            return pieces
        texts = [p.text for p in pieces]
        found: list[tuple[int, int]] = []
        for n in self._phrase_lengths:
            for s in range(len(texts) - n + 1):
                if tuple(texts[s : s + n]) in self._phrases:
                    found.append((s, s + n))
        if not found:
            return pieces
        # Longest first, at equal length the earlier one first; a span is dropped when its first
        # or last token is part of one seen before (kept or not), as spaCy does.
        found.sort(key=lambda se: (se[0] - se[1], se[0]))
        seen: set[int] = set()
        kept: dict[int, int] = {}
        for s, e in found:
            if s not in seen and (e - 1) not in seen:
                kept[s] = e
            seen.update(range(s, e))
        out: list[_Piece] = []
        i = 0
        while i < len(pieces):
            if i not in kept:
                out.append(pieces[i])
                i += 1
                continue
            e = kept[i]
            text = "".join(p.text + (" " if p.space else "") for p in pieces[i : e - 1])
            text += pieces[e - 1].text
            special = self._specials.get(text)
            if special is None:
                out.extend(pieces[i:e])
            else:
                out.extend(special[:-1])
                out.append(_Piece(special[-1].text, pieces[e - 1].space))
            i = e
        return out


def rules_from_spacy() -> dict[str, Any]:
    """The rules of the installed spaCy's ``xx`` tokenizer, as ``tokenizer_xx.json`` holds them
    (``python -c 'from classifiers._tokenizer import write_rules; write_rules()'``)."""
    import spacy
    from spacy.about import __version__
    from spacy.attrs import ORTH

    tok: Any = spacy.blank("xx").tokenizer
    return {
        "spacy": __version__,
        "prefix": tok.prefix_search.__self__.pattern,
        "suffix": tok.suffix_search.__self__.pattern,
        "infix": tok.infix_finditer.__self__.pattern,
        "url": tok.url_match.__self__.pattern if tok.url_match else None,
        "specials": {k: [d[ORTH] for d in v] for k, v in sorted(tok.rules.items())},
    }


def write_rules(path: Path = RULES_FILE) -> None:
    path.write_text(
        json.dumps(rules_from_spacy(), ensure_ascii=False, indent=0, sort_keys=True) + "\n",
        encoding="utf-8",
    )
