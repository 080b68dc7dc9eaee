"""Finds catalogue evidence in text: form codes (with their context), titles, keywords and
authority names. Pure functions over a compiled, cached index of the catalogue; no scoring.

Form codes are short and collide with ordinary numbers ("5010" in an amount, "14 B" in an
address), so a code only counts with context:

* ``strong``: a language suffix ("AT 1r", "5010e") or the authority's footer style
  ("AT 1 01.24", "VEROH 5010 1.2024");
* ``context``: the authority's name within a few lines, or a form word ("lomake", "blankett",
  "form") just before it, or for letter codes ("TT 2") the first or last lines of the page;
* ``weak``: a letter code elsewhere. Purely numeric codes ("5010", "1A", "B401") with no
  context are dropped here; the classifier may still use them when a title of the same
  service matches (``bare``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from classifiers.catalogue import Authority, Catalogue, FormCode, Service

HEADER_LINES = 6
FOOTER_LINES = 4
ALIAS_WINDOW = 160  # characters either side of a code in which the authority's name counts

_WORDCH = "A-Za-z0-9ÅÄÖåäöÜüÉé"
_DIGIT_OCR = {"0": "[0O]", "1": "[1lI|]", "5": "[5S]", "8": "[8B]"}
_LETTER_OCR = {"O": "[O0]", "I": "[I1l]", "S": "[S5]", "B": "[B8]"}
_STREET = re.compile(
    r"(?:katu|tie|kuja|polku|väylä|kaari|rinne|ranta|tori|piha|mäki|puisto|gatan|gatan|vägen|"
    r"gränd|stigen|road|street|avenue|lane|PL|PB|Box|asunto|as\.|bostad|lgh|rappu|trappa|nro|"
    r"no|puh|tel|tfn|puhelin|kassa|kuitti|kvitto|receipt|ale|alv|moms|vat)\.?\s*$",
    re.IGNORECASE,
)
_FORM_WORD = re.compile(r"(?:lomake|lomakkee\w*|blankett\w*|form|nro|n:o)\s*:?\s*$", re.IGNORECASE)
_AMOUNT_AFTER = re.compile(
    r"^(?:[.,]\d|\s?(?:€|eur|euro|e\b|mk|km|kpl|st\b|%|g\b|kg|ml|l\b|,-))", re.IGNORECASE
)
_EDITION = re.compile(r"^\s{1,3}\(?\d{1,2}\.(?:\d{2}|\d{4})\)?(?![\d.])")


@dataclass(frozen=True)
class CodeHit:
    """A form code found in text."""

    service: str
    code: str  # as in the catalogue ("AT 1")
    start: int
    end: int
    strength: str  # strong | context | weak | bare
    reasons: tuple[str, ...]
    language: str | None  # from a language suffix, if any
    confirmed: bool = True


@dataclass(frozen=True)
class PhraseHit:
    """A title phrase or keyword of a service found in text."""

    service: str
    phrase: str  # the catalogue phrase, never the document's text
    language: str
    start: int
    header: bool


@dataclass(frozen=True)
class _CodePattern:
    service: Service
    authority: Authority
    form_code: FormCode
    numeric: bool
    regex: re.Pattern[str]


def _code_regex(code: str, suffixes: Iterable[str]) -> tuple[re.Pattern[str], bool]:
    compact = code.replace(" ", "")
    m = re.fullmatch(r"([A-Z]*)(\.?)(\d*)([A-Za-z]?)", compact)
    parts: list[str] = []
    numeric = True
    if m is None:  # ATA, EUR.1 and the like
        body = re.escape(code)
        numeric = False
    else:
        letters, dot, digits, tail = m.groups()
        if letters:
            numeric = len(letters) == 1 and bool(digits)  # "B401", "Y 121": number-like
            if len(letters) > 1 and digits:
                numeric = False
            joiner = " ?" if digits else ""  # "A T 1" as OCR spaces it; never "A T A"
            parts.append(joiner.join(_LETTER_OCR.get(ch, ch) for ch in letters))
            if dot:
                parts.append(r"\.")
            if digits:
                parts.append(" ?" if len(letters) > 1 or " " in code else "")
        parts.append("".join(_DIGIT_OCR.get(ch, ch) for ch in digits))
        if tail:
            parts.append(f"[{tail.upper()}{tail.lower()}]")
        body = "".join(parts)
        if not digits:
            numeric = False
    suffix = f"(?P<suffix>[{''.join(suffixes)}])?" if suffixes else "(?P<suffix>)"
    pattern = rf"(?<![{_WORDCH}.,])(?<!\d[ .,])(?P<code>{body}){suffix}(?![{_WORDCH}])"
    return re.compile(pattern), numeric


@dataclass(frozen=True)
class _Phrase:
    service: str
    phrase: str
    language: str
    regex: re.Pattern[str]


def _phrase_regex(phrase: str) -> re.Pattern[str]:
    words = phrase.split()
    sep = r"[\s\-–—:/]+"
    return re.compile(r"(?<!\w)" + sep.join(re.escape(w) + r"\w*" for w in words), re.IGNORECASE)


def _alias_regex(aliases: Iterable[str]) -> re.Pattern[str]:
    # Short all-caps aliases (KELA, FPA, DVV) are matched case-sensitively; names in any case.
    exact = [re.escape(a) for a in aliases if len(a) <= 5 or a.isupper()]
    loose = [re.escape(a) for a in aliases if not (len(a) <= 5 or a.isupper())]
    parts = []
    if exact:
        parts.append(rf"(?<![\w.])(?:{'|'.join(exact)})(?![\w])")
    if loose:
        parts.append(rf"(?i:(?<![\w.])(?:{'|'.join(loose)}))")
    return re.compile("|".join(parts))


@dataclass(frozen=True)
class EvidenceIndex:
    """Compiled patterns for one catalogue."""

    catalogue: Catalogue
    codes: tuple[_CodePattern, ...]
    titles: tuple[_Phrase, ...]
    keywords: tuple[_Phrase, ...]
    aliases: dict[str, re.Pattern[str]]


@functools.lru_cache(maxsize=4)
def build_index(catalogue: Catalogue) -> EvidenceIndex:
    """Compile the catalogue's codes, phrases and aliases (cached per catalogue)."""
    codes: list[_CodePattern] = []
    titles: list[_Phrase] = []
    keywords: list[_Phrase] = []
    for service in catalogue.services.values():
        authority = catalogue.authority(service.authority)
        suffixes = tuple(authority.code_style.language_suffixes)
        for fc in service.form_codes:
            regex, numeric = _code_regex(fc.code, suffixes)
            codes.append(_CodePattern(service, authority, fc, numeric, regex))
        for lang, phrases in service.titles.items():
            titles.extend(_Phrase(service.id, p, lang, _phrase_regex(p)) for p in phrases)
        for lang, phrases in service.keywords.items():
            keywords.extend(_Phrase(service.id, p, lang, _phrase_regex(p)) for p in phrases)
    aliases = {a.id: _alias_regex(a.aliases) for a in catalogue.authorities.values()}
    return EvidenceIndex(catalogue, tuple(codes), tuple(titles), tuple(keywords), aliases)


def _edge_spans(text: str) -> tuple[int, int]:
    """(end of the header, start of the footer) in characters, by non-empty lines."""
    starts = [m.start() for m in re.finditer(r"^[ \t]*\S", text, re.MULTILINE)]
    if not starts:
        return 0, len(text)
    header_end = starts[HEADER_LINES] if len(starts) > HEADER_LINES else len(text)
    footer_start = starts[-FOOTER_LINES] if len(starts) > FOOTER_LINES else 0
    return header_end, footer_start


def authority_mentions(index: EvidenceIndex, text: str) -> dict[str, list[int]]:
    """Positions where each authority's name occurs."""
    out: dict[str, list[int]] = {}
    for aid, regex in index.aliases.items():
        found = [m.start() for m in regex.finditer(text)]
        if found:
            out[aid] = found
    return out


def find_codes(
    index: EvidenceIndex, text: str, mentions: dict[str, list[int]] | None = None
) -> list[CodeHit]:
    """Form codes with their context strength (see the module docstring)."""
    if mentions is None:
        mentions = authority_mentions(index, text)
    header_end, footer_start = _edge_spans(text)
    hits: list[CodeHit] = []
    for cp in index.codes:
        style = cp.authority.code_style
        for m in cp.regex.finditer(text):
            start, end = m.start(), m.end()
            after = text[end : end + 12]
            before = text[max(0, start - 25) : start]
            if _AMOUNT_AFTER.match(after) or _STREET.search(before):
                continue
            reasons: list[str] = []
            suffix = m.group("suffix") or None
            if suffix:
                reasons.append("language_suffix")
            if style.edition_footer and _EDITION.match(after):
                reasons.append("edition_footer")
            if style.footer_prefix and re.search(rf"{re.escape(style.footer_prefix)}\s*$", before):
                reasons.append("footer_prefix")
            near = any(abs(p - start) <= ALIAS_WINDOW for p in mentions.get(cp.authority.id, ()))
            if near:
                reasons.append("authority_nearby")
            if _FORM_WORD.search(before):
                reasons.append("form_word")
            edge = start < header_end or start >= footer_start
            if edge:
                reasons.append("page_edge")
            if {"language_suffix", "edition_footer", "footer_prefix"} & set(reasons):
                strength = "strong"
            elif near or "form_word" in reasons or (edge and not cp.numeric):
                strength = "context"
            elif edge and cp.authority.id in mentions:
                strength = "context"
                reasons.append("authority_in_text")
            elif not cp.numeric:
                strength = "weak"
            else:
                strength = "bare"
            language = style.language_suffixes.get(suffix) if suffix else None
            hits.append(
                CodeHit(
                    cp.service.id, cp.form_code.code, start, end, strength, tuple(reasons),
                    language, cp.form_code.confirmed,
                )
            )  # fmt: skip
    return hits


def find_phrases(index: EvidenceIndex, text: str) -> tuple[list[PhraseHit], list[PhraseHit]]:
    """Title and keyword hits; a title in the first lines is a header title."""
    header_end, _ = _edge_spans(text)
    titles = [
        PhraseHit(p.service, p.phrase, p.language, m.start(), m.start() < header_end)
        for p in index.titles
        for m in p.regex.finditer(text)
    ]
    keywords = [
        PhraseHit(p.service, p.phrase, p.language, m.start(), m.start() < header_end)
        for p in index.keywords
        for m in [p.regex.search(text)]
        if m is not None
    ]
    return titles, keywords
