"""Field extraction: validated identifiers, dates and form codes from a document's text.

Candidates are found with a spaCy ``Matcher`` over a blank multilingual tokenizer (its
``token_match`` keeps identifier-shaped strings such as ``131052-308T`` in one token) and
only values that pass their validator count. Every field carries a masked form for lists and
logs; the unmasked value is personal data.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher

from classifiers import validators as v
from classifiers._evidence import CodeHit, build_index, find_codes
from classifiers.base import ExtractedField
from classifiers.catalogue import Catalogue, load_catalogue

_D = "[0-9OoIlSB]"  # a digit as OCR may print it; validators decide whether a repair holds
_TRAIL = r"[.,;:)]?"
_ID_TOKEN = re.compile(rf"^(?:{_D}{{6}}[-+A-FU-Y]{_D}{{3}}[0-9A-Y]|{_D}{{6,7}}-{_D}){_TRAIL}$")
_REF_LABELS = [
    "viitenumero", "viitenro", "viite", "viitteen", "viitenumeroa", "referensnummer", "referens",
    "ref", "ref.", "reference", "viitenumero:", "viite:", "referens:", "reference:",
]  # fmt: skip
_IRRELEVANT_LINE = re.compile(
    r"^(?![^\n]*\d)(?![^\n]*(?i:viite|referens|ref\b|reference))[^\n]+$", re.MULTILINE
)
# Kinds in order of precedence when spans overlap.
_PRIORITY = ("iban", "henkilotunnus", "ytunnus", "rf_viite", "viitenumero", "date", "form_code")


@functools.lru_cache(maxsize=1)
def _nlp() -> Language:
    nlp = spacy.blank("xx")
    nlp.tokenizer.token_match = _ID_TOKEN.match  # type: ignore[union-attr]
    return nlp


@functools.lru_cache(maxsize=1)
def _matcher() -> Matcher:
    nlp = _nlp()
    m = Matcher(nlp.vocab)

    def rx(pattern: str, **extra: Any) -> dict[str, Any]:
        return {"TEXT": {"REGEX": pattern}, **extra}

    m.add("henkilotunnus", [[rx(rf"^{_D}{{6}}[-+A-FU-Y]{_D}{{3}}[0-9A-Y]{_TRAIL}$")]])
    m.add("ytunnus", [[rx(rf"^{_D}{{6,7}}-{_D}{_TRAIL}$")]])
    iban_head = r"^[Ff][Ii1lL|]"
    m.add(
        "iban",
        [
            [rx(rf"{iban_head}{_D}{{16}}$")],
            [
                rx(rf"{iban_head}{_D}{{2}}$"),
                rx(rf"^{_D}{{4}}$"),
                rx(rf"^{_D}{{4}}$"),
                rx(rf"^{_D}{{4}}$"),
                rx(rf"^{_D}{{2}}$"),
            ],
        ],
        greedy="LONGEST",
    )
    m.add(
        "viitenumero",
        [
            [
                {"LOWER": {"IN": _REF_LABELS}},
                {"IS_PUNCT": True, "OP": "?"},
                rx(r"^\d{1,20}$", OP="+"),
            ]
        ],
        greedy="LONGEST",
    )
    m.add(
        "rf_viite",
        [[rx(r"^[Rr][Ff]\d{2}[0-9A-Za-z]{0,21}$"), rx(r"^[0-9A-Za-z]{1,4}$", OP="*")]],
        greedy="LONGEST",
    )
    m.add("date", [[rx(r"^\d{1,2}\.\d{1,2}\.\d{4}\.?$")]])
    return m


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


def _references(doc: Any, kind: str, start_tok: int, end_tok: int) -> ExtractedField | None:
    """The matched groups as one reference, else the first group alone (a reference followed
    by an unrelated number); never other prefixes, which would validate by chance."""
    span = doc[start_tok:end_tok]
    tokens = [t for t in span if t.text[:1].isdigit() or t.text[:2].upper() == "RF"]
    for n in sorted({len(tokens), 1}, reverse=True):
        group = tokens[:n]
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
    # length, so offsets hold) to spare the tokenizer and matcher most of a page.
    doc = _nlp()(_IRRELEVANT_LINE.sub(lambda m: " " * len(m.group()), text))
    found: list[ExtractedField] = []
    for match_id, s, e in _matcher()(doc):
        kind = doc.vocab.strings[match_id]
        if kind in ("viitenumero", "rf_viite"):
            fld = _references(doc, kind, s, e)
        else:
            span = doc[s:e]
            fld = _validate(kind, span.text, span.start_char, span.end_char)
        if fld is not None:
            found.append(fld)
    if code_hits is None:
        code_hits = find_codes(build_index(catalogue or load_catalogue()), text)
    for hit in code_hits:
        if hit.strength in ("strong", "context", "edge"):
            found.append(_field("form_code", hit.code, hit.code, hit.start, hit.end))
    found.sort(key=lambda f: (_PRIORITY.index(f.kind), -(f.end - f.start), f.start))
    kept: list[ExtractedField] = []
    for fld in found:
        if all(fld.end <= k.start or fld.start >= k.end for k in kept):
            kept.append(fld)
    return tuple(sorted(kept, key=lambda f: f.start))
