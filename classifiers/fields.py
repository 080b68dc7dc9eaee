"""Field extraction: validated identifiers, dates and form codes from a document's text.

Candidates are token patterns over spaCy's blank multilingual tokenizer (ported without spaCy
in ``classifiers._tokenizer``, the same tokens at the same offsets; its ``token_match`` keeps
identifier-shaped strings such as ``131052-308T`` in one token), matched as spaCy's ``Matcher``
matched them (``greedy="LONGEST"`` where a pattern repeats), and only values that pass their
validator count. Every field carries a masked form for lists and logs; the unmasked value is
personal data.
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
import unicodedata
from collections.abc import Iterator, Sequence

from classifiers import validators as v
from classifiers._evidence import CodeHit, build_index, find_codes
from classifiers._tokenizer import Token, Tokenizer
from classifiers.base import ExtractedField
from classifiers.catalogue import Catalogue, load_catalogue

_D = "[0-9OoIlSB]"  # a digit as OCR may print it; validators decide whether a repair holds
_TRAIL = r"[.,;:)]?"
_ID_TOKEN = re.compile(rf"^(?:{_D}{{6}}[-+A-FU-Y]{_D}{{3}}[0-9A-Y]|{_D}{{6,7}}-{_D}){_TRAIL}$")
_REF_LABELS = frozenset([
    "viitenumero", "viitenro", "viite", "viitteen", "viitenumeroa", "referensnummer", "referens",
    "ref", "ref.", "reference", "viitenumero:", "viite:", "referens:", "reference:",
])  # fmt: skip
_IRRELEVANT_LINE = re.compile(
    r"^(?![^\n]*\d)(?![^\n]*(?i:viite|referens|ref\b|reference))[^\n]+$", re.MULTILINE
)
# Kinds in order of precedence when spans overlap.
_PRIORITY = ("iban", "henkilotunnus", "ytunnus", "rf_viite", "viitenumero", "date", "form_code")

# One token each (spaCy's Matcher searches a token's text with the pattern's regex).
_HETU = re.compile(rf"^{_D}{{6}}[-+A-FU-Y]{_D}{{3}}[0-9A-Y]{_TRAIL}$").search
_YTUNNUS = re.compile(rf"^{_D}{{6,7}}-{_D}{_TRAIL}$").search
_IBAN_HEAD = r"^[Ff][Ii1lL|]"
_IBAN_WHOLE = re.compile(rf"{_IBAN_HEAD}{_D}{{16}}$").search
_IBAN_FIRST = re.compile(rf"{_IBAN_HEAD}{_D}{{2}}$").search
_DIGITS4 = re.compile(rf"^{_D}{{4}}$").search
_DIGITS2 = re.compile(rf"^{_D}{{2}}$").search
_REF_DIGITS = re.compile(r"^\d{1,20}$").search
_RF_HEAD = re.compile(r"^[Rr][Ff]\d{2}[0-9A-Za-z]{0,21}$").search
_RF_GROUP = re.compile(r"^[0-9A-Za-z]{1,4}$").search
_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}\.?$").search


_TOKENIZER_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    with _TOKENIZER_LOCK:  # built once even when two worker threads ask at the same time
        return _build_tokenizer()


@functools.cache
def _build_tokenizer() -> Tokenizer:
    return Tokenizer(token_match=_ID_TOKEN.match)


def _is_punct(text: str) -> bool:
    """spaCy's ``IS_PUNCT``: every character is punctuation (Unicode category P*)."""
    return all(unicodedata.category(c).startswith("P") for c in text)


def _longest(spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """spaCy's ``greedy="LONGEST"``: longest first (the earlier at equal length), none
    overlapping one kept before."""
    taken: set[int] = set()
    for s, e in sorted(spans, key=lambda se: (se[0] - se[1], se[0])):
        if taken.isdisjoint(range(s, e)):
            taken.update(range(s, e))
            yield s, e


def _matches(tokens: Sequence[Token]) -> list[tuple[str, int, int]]:
    """``(kind, start, end)`` token spans of every pattern (before validation)."""
    texts = [t.text for t in tokens]
    n = len(texts)
    out: list[tuple[str, int, int]] = []
    iban: list[tuple[int, int]] = []
    refs: list[tuple[int, int]] = []
    rfs: list[tuple[int, int]] = []

    def run(i: int, test: object) -> int:
        """The end of the run of tokens from ``i`` that pass ``test``."""
        while i < n and test(texts[i]):  # type: ignore[operator]
            i += 1
        return i

    for i, t in enumerate(texts):
        if _HETU(t):
            out.append(("henkilotunnus", i, i + 1))
        if _YTUNNUS(t):
            out.append(("ytunnus", i, i + 1))
        if _DATE(t):
            out.append(("date", i, i + 1))
        if _IBAN_WHOLE(t):
            iban.append((i, i + 1))
        if (
            _IBAN_FIRST(t)
            and i + 4 < n
            and all(_DIGITS4(texts[j]) for j in range(i + 1, i + 4))
            and _DIGITS2(texts[i + 4])
        ):
            iban.append((i, i + 5))
        if t.lower() in _REF_LABELS:
            first = i + 2 if i + 1 < n and _is_punct(texts[i + 1]) else i + 1
            refs.extend((i, e) for e in range(first + 1, run(first, _REF_DIGITS) + 1))
        if _RF_HEAD(t):
            rfs.extend((i, e) for e in range(i + 1, run(i + 1, _RF_GROUP) + 1))
    out.extend(("iban", s, e) for s, e in _longest(iban))
    out.extend(("viitenumero", s, e) for s, e in _longest(refs))
    out.extend(("rf_viite", s, e) for s, e in _longest(rfs))
    return out


def _span_text(tokens: Sequence[Token], start: int, end: int) -> str:
    """The text of tokens ``start:end`` as it stands in the document (spaCy's ``Span.text``)."""
    inner = "".join(t.text + (" " if t.space else "") for t in tokens[start : end - 1])
    return inner + tokens[end - 1].text


def _field(kind: str, value: str, masked: str, start: int, end: int) -> ExtractedField:
    return ExtractedField(kind=kind, value=value, masked=masked, start=start, end=end)


def _validate(kind: str, raw: str, start: int, end: int) -> ExtractedField | None:
    stripped = raw.rstrip(".,;:)")
    end -= len(raw) - len(stripped)
    if kind == "henkilotunnus":
        hetu = v.parse_hetu(stripped)
        return _field(kind, hetu.value, v.mask_hetu(hetu.value), start, end) if hetu else None
    if kind == "ytunnus":
        yt = v.parse_ytunnus(stripped)
        return _field(kind, yt, yt, start, end) if yt else None  # business ids are public
    if kind == "iban":
        iban = v.parse_iban(stripped)
        return _field(kind, iban, v.mask_iban(iban), start, end) if iban else None
    if kind == "date":
        date = v.parse_date(stripped)
        return _field(kind, date.isoformat(), date.isoformat(), start, end) if date else None
    return None


def _references(
    tokens: Sequence[Token], kind: str, start_tok: int, end_tok: int
) -> ExtractedField | None:
    """The matched groups as one reference, else the first group alone (a reference followed
    by an unrelated number); never other prefixes, which would validate by chance."""
    span = tokens[start_tok:end_tok]
    group_tokens = [t for t in span if t.text[:1].isdigit() or t.text[:2].upper() == "RF"]
    for n in sorted({len(group_tokens), 1}, reverse=True):
        group = group_tokens[:n]
        raw = " ".join(t.text for t in group)
        start, end = group[0].idx, group[-1].idx + len(group[-1].text)
        if kind == "rf_viite":
            rf = v.parse_rf_reference(raw)
            if rf:
                return _field(kind, rf, v.mask_reference(rf), start, end)
        else:
            ref = v.parse_viitenumero(raw)
            if ref:
                return _field(kind, ref, v.mask_reference(ref), start, end)
    return None


def extract_fields(text: str, *, catalogue: Catalogue | None = None) -> tuple[ExtractedField, ...]:
    """Find valid identifiers, dates and form codes in ``text``.

    Kinds: ``henkilotunnus``, ``ytunnus``, ``iban``, ``viitenumero`` (needs a label such as
    "Viitenumero" before it), ``rf_viite``, ``date`` (d.m.yyyy, must exist) and ``form_code``
    (only codes with context, see ``classifiers._evidence``). Overlapping candidates resolve by
    precedence (IBAN before henkilötunnus before Y-tunnus before references before dates).

    Args:
        text: the document's text.
        catalogue: the catalogue whose form codes to look for (default catalogue if None).

    Returns:
        Fields sorted by position, each with a masked value for display.
    """
    return fields_with_codes(text, catalogue=catalogue, code_hits=None)


def fields_with_codes(
    text: str, *, catalogue: Catalogue | None, code_hits: Sequence[CodeHit] | None
) -> tuple[ExtractedField, ...]:
    """``extract_fields`` reusing form-code hits the caller already found in ``text``."""
    if not text.strip():
        return ()
    # Every candidate has a digit or follows a reference label: blank out other lines (same
    # length, so offsets hold) to spare the tokenizer most of a page.
    tokens = _tokenizer()(_IRRELEVANT_LINE.sub(lambda m: " " * len(m.group()), text))
    found: list[ExtractedField] = []
    for kind, s, e in _matches(tokens):
        if kind in ("viitenumero", "rf_viite"):
            fld = _references(tokens, kind, s, e)
        else:
            end_char = tokens[e - 1].idx + len(tokens[e - 1].text)
            fld = _validate(kind, _span_text(tokens, s, e), tokens[s].idx, end_char)
        if fld is not None:
            found.append(fld)
    if code_hits is None:
        code_hits = find_codes(build_index(catalogue or load_catalogue()), text)
    for hit in code_hits:
        if hit.strength in ("strong", "context", "edge"):
            found.append(_field("form_code", hit.code, hit.code, hit.start, hit.end))
    found.sort(key=lambda f: (_PRIORITY.index(f.kind), -(f.end - f.start), f.start))
    return _without_overlaps(found)


def _without_overlaps(found: list[ExtractedField]) -> tuple[ExtractedField, ...]:
    """The fields, in order of preference, that overlap no field kept before them; by position.

    The kept spans are disjoint, so sorted by start they are sorted by end too: a field
    overlaps one of them only if it overlaps the last one starting before its end. (A check
    against every kept field was quadratic: a page of 16,000 identity codes took 8 s.)"""
    spans: list[tuple[int, int]] = []
    kept: list[ExtractedField] = []
    for fld in found:
        at = bisect.bisect_left(spans, (fld.end, -1))
        if at and spans[at - 1][1] > fld.start:
            continue
        spans.insert(at, (fld.start, fld.end))
        kept.append(fld)
    return tuple(sorted(kept, key=lambda f: f.start))
