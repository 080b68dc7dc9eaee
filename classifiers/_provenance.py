"""Evidence that ties a document to the Finnish authority of a service, and look-alikes.

Topic alone is not enough for an automatic delivery: a Swedish child-benefit form shares every
word with Kela's ``LL 1`` except who issued it. ``provenance(...)`` collects, for the chosen
service, what the rule classifier found (form codes, titles, keywords, the authority's name)
and the signs in ``lookalikes.yaml`` that a document was issued by another country's body or a
private party. The signs are written from what such documents look like, never from an
issuer's name:

* **foreign**: another country's identifier ("personnummer", "National Insurance number", a
  12-digit Swedish personal number), a currency other than the euro, another country in an
  address line, a postal code or telephone number in another country's format;
* **private**: a company form after or before a capitalised name ("… Oy", "Asunto Oy …",
  "… GmbH"), a capitalised financial issuer's name ("…pankki", "…banken", "… Vakuutus"), an
  insurer's, bank's, pension company's or unemployment fund's own vocabulary ("vakuutusnumero",
  "skadeanmälan", "policy number", "jäsennumero").

* ``has_evidence``: a form code of the service (anything but a bare number), a title or
  keyword phrase of the service, or the name (or postal address alias) of its authority —
  exact, or on the first or last lines within an OCR error or two ("Maanmittauslatos"), or
  in an inflection that changes the word's stem, found on Voikko's base forms ("verokortin",
  "poliisilta": ``base_form_phrases``, ``base_form_named``, filled in by the decision);
* ``lookalike``: a foreign sign on the first lines (the letterhead), or anywhere while the
  service's authority is not named or is named only by common nouns ("Umeå kommun": every
  country has municipalities); a financial issuer's name heading the text ("Säästöpankki",
  "Arbetslöshetskassan …", "Suomen Taidesäätiö"), whoever else it names, unless a line calls
  the text an attachment for the authority; or a private sign on the first lines while the
  authority is not named. A private name after a field label ("Työnantaja: Rakennus Oy"),
  further down, or in a document that calls itself an attachment ("Liite hakemukseen: …") is
  content: the employer on a payslip, the landlord of a lease, the pledgee of a mortgage
  application.
  For the services that concern other countries by nature (``foreign_expected``: customs, a
  foreigner's registration) foreign signs in the body are content; on the first lines of a
  text that does not name the Finnish authority (and is no attachment) they make a look-alike:
  another country's customs writes its own country on its letterhead.

Automatic delivery needs ``has_evidence and not lookalike`` (``classifiers.decision``).
Only catalogue phrases and the signs' class names are reported, never the document's words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from classifiers._evidence import fold
from classifiers._lookalikes import (
    LOOKALIKES_PATH,
    Lookalikes,
    Sign,
    edge_spans,
    letterhead_end,
    load_lookalikes,
)

__all__ = ["LOOKALIKES_PATH", "Lookalikes", "Provenance", "Sign", "load_lookalikes", "provenance"]

_ATTACHMENT = re.compile(r"(?<!\w)(?:liite|liitt|bilag|attachment|enclos|appendix|annex)\w*")
_OCR_LETTERS = str.maketrans({"0": "o", "1": "l", "|": "l", "5": "s", "8": "b", "$": "s"})


@dataclass(frozen=True)
class Provenance:
    """What ties a document to the chosen service's authority (or to someone else)."""

    service: str | None
    authority: str | None
    authority_named: bool = False
    codes: tuple[str, ...] = ()  # "AT 1 (strong)"
    titles: tuple[str, ...] = ()  # catalogue title phrases of the service
    keywords: tuple[str, ...] = ()  # catalogue keywords of the service
    lookalikes: tuple[str, ...] = ()  # class names of the signs of another issuer
    foreign_in_header: bool = False  # a foreign sign on the first lines
    foreign_named: bool = False  # ... anywhere
    private_in_header: bool = False  # a private issuer's sign on the first lines
    issuer_first: bool = False  # a financial issuer's name on the very first line
    authority_read: bool = False  # the authority's name found only within OCR errors
    contested_by: tuple[str, ...] = ()  # the authority's other services with as many keywords
    others_named: tuple[str, ...] = ()  # other authorities of the catalogue named in the text
    model_terms: tuple[tuple[str, float], ...] = field(default=())
    # found only on the words' base forms ("verokortin" → "verokortti"): the service's
    # catalogue phrases, and whether its authority is named ("poliisilta" → "poliisi")
    base_form_phrases: tuple[str, ...] = ()
    base_form_named: bool = False
    # the authority is named by common nouns ("kommun", "kaupunki"): any country's, so its
    # name does not make another country's signs content
    generic_authority: bool = False

    @property
    def has_evidence(self) -> bool:
        return (
            self.authority_named
            or bool(self.codes or self.titles or self.keywords or self.base_form_phrases)
            or self.base_form_named
        )

    @property
    def lookalike(self) -> bool:
        if self.foreign_in_header or self.issuer_first:
            return True
        if self.foreign_named and self.generic_authority:
            return True  # "Umeå kommun … bygglov@….se": every country has municipalities
        return not self.authority_named and (self.foreign_named or self.private_in_header)

    @property
    def other_authority(self) -> bool:
        """The text names another authority of the catalogue, not the service's own ("To the
        police … identity card" answered as a DVV service)."""
        return bool(self.others_named) and not self.authority_named

    @property
    def strong_rule_match(self) -> bool:
        """A form code with context (not bare, not "weak") plus a title of the service."""
        return bool(self.titles) and any(
            c.endswith(("(strong)", "(context)", "(edge)")) for c in self.codes
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "authority": self.authority,
            "authority_named": self.authority_named,
            "authority_read_through_ocr_errors": self.authority_read,
            "codes": list(self.codes),
            "titles": list(self.titles),
            "keywords": list(self.keywords),
            "base_form_phrases": list(self.base_form_phrases),
            "authority_named_in_base_form": self.base_form_named,
            "lookalikes": list(self.lookalikes),
            "has_evidence": self.has_evidence,
            "lookalike": self.lookalike,
            "contested_by": list(self.contested_by),
            "other_authorities_named": list(self.others_named),
            "model_terms": [[t, w] for t, w in self.model_terms],
        }


@functools.lru_cache(maxsize=64)
def _fuzzy_aliases(aliases: tuple[str, ...]) -> regex.Pattern[str] | None:
    """The authority's names (capitalised, 8+ letters) within one OCR error (two from 12
    letters on), on folded text."""
    parts = []
    for alias in aliases:
        folded = fold(alias)
        if len(folded) < 8 or not alias[0].isupper() or "." in alias:
            continue
        errors = 2 if len(folded) >= 12 else 1
        parts.append(rf"(?:{regex.escape(folded)}){{e<={errors}}}")
    if not parts:
        return None
    return regex.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", regex.BESTMATCH)


def _read_through_ocr(text: str, aliases: tuple[str, ...]) -> bool:
    pattern = _fuzzy_aliases(aliases)
    if pattern is None:
        return False
    header_end, footer_start = edge_spans(text)
    edges = text[:header_end] + "\n" + text[max(header_end, footer_start) :]
    return pattern.search(fold(edges).translate(_OCR_LETTERS)) is not None


def provenance(
    text: str,
    service: str | None,
    authority: str | None,
    rules_details: Mapping[str, Any],
    *,
    model_terms: Sequence[tuple[str, float]] = (),
    aliases: Sequence[str] = (),
    generic: frozenset[str] = frozenset(),
) -> Provenance:
    """The provenance of ``service`` in ``text`` from the rule classifier's ``details``;
    ``aliases``: the authority's names, for reading them through OCR errors; ``generic``:
    authorities named mostly by common nouns ("kunta", "kaupunki"), which do not count as
    another authority named."""
    lookalikes = load_lookalikes()
    signs = lookalikes.find(text)
    # Where a sign still counts as the letterhead's: a listed word on the first lines, a
    # line's sign (a country in an address, a firm, an issuer's name) above the first
    # paragraph.
    word_end, line_end = edge_spans(text)[0], letterhead_end(text)

    def in_header(sign: Sign) -> bool:
        return sign.start < (word_end if sign.word else line_end)

    attachment = _ATTACHMENT.search(fold(" ".join(text.strip().splitlines()[:2])))
    expected = {service, authority} & lookalikes.foreign_expected
    foreign = [s for s in signs if s.kind == "foreign"]
    private = [s for s in signs if s.kind == "private" and not s.content and not attachment]
    names = tuple(dict.fromkeys(s.label for s in signs))
    foreign_in_header = any(in_header(s) for s in foreign)
    if expected:
        # Customs and a foreigner's registration: other countries in the body are content
        # (an import's invoice in dollars), but another country on the letterhead of a text
        # that does not name the Finnish authority is another country's body (its customs).
        foreign = [s for s in foreign if in_header(s) and not attachment]
        foreign_in_header = False
    private_in_header = any(in_header(s) for s in private)
    # A bank's, a fund's or a foundation's name heading the text is its issuer, whoever else
    # it names ("Arbetslöshetskassan för Tekniker … grunddagpenning söks hos FPA"): on the
    # hand-written and generated sets every such text naming the authority was a look-alike.
    # Unless a line says the text is an attachment for the authority ("Liite Kelalle
    # toimeentulotukihakemukseen" under a bank statement's letterhead).
    first_line_end = text.find("\n", len(text) - len(text.lstrip()))
    issuer_first = any(
        s.issuer and (first_line_end < 0 or s.start < first_line_end) for s in private
    ) and not _attachment_for(text, aliases)
    if service is None:
        return Provenance(
            None, None, lookalikes=names, foreign_in_header=foreign_in_header,
            foreign_named=bool(foreign), private_in_header=private_in_header,
            issuer_first=issuer_first,
        )  # fmt: skip
    codes = tuple(
        dict.fromkeys(
            f"{c['code']} ({c['strength']})"
            for c in _rows(rules_details, "codes")
            if c.get("service") == service and c.get("strength") != "bare"
        )
    )
    titles = tuple(
        dict.fromkeys(
            t["phrase"] for t in _rows(rules_details, "titles") if t["service"] == service
        )
    )
    keywords = tuple(
        dict.fromkeys(
            k["phrase"] for k in _rows(rules_details, "keywords") if k["service"] == service
        )
    )
    named = authority in set(_names(rules_details))
    read = not named and bool(aliases) and _read_through_ocr(text, tuple(aliases))
    contested = () if codes or titles else _contested(rules_details, service, len(keywords))
    return Provenance(
        service, authority, named or read, codes, titles, keywords, names,
        foreign_in_header=foreign_in_header, foreign_named=bool(foreign),
        private_in_header=private_in_header, issuer_first=issuer_first, authority_read=read,
        contested_by=contested,
        others_named=tuple(a for a in _names(rules_details) if a not in {authority, *generic}),
        model_terms=tuple(model_terms), generic_authority=authority in generic,
    )  # fmt: skip


def _attachment_for(text: str, aliases: Sequence[str]) -> bool:
    """Whether a line calls the text an attachment and names the authority (``aliases``)."""
    names = [re.compile(rf"(?<!\w){re.escape(fold(a))}(?!\w)") for a in aliases]
    return any(
        _ATTACHMENT.search(line) and any(n.search(line) for n in names)
        for line in fold(text).splitlines()
    )


def _contested(details: Mapping[str, Any], service: str, own: int) -> tuple[str, ...]:
    """The chosen service's siblings (same authority) whose catalogue keywords in the text are
    (in sentences: "Sukunimi" as a form's field label is no topic) at least as many as its
    own, when it has no code or title of its own: the authority's
    name ties the text to the authority, not to one of its services ("DVV … vihkitodistus …
    puolisoni sukunimen": marriage and name change share the wedding)."""
    prefix = service.split(".", 1)[0] + "."
    counts: dict[str, set[str]] = {}
    for k in _rows(details, "keywords"):
        sid = str(k["service"])
        if sid != service and sid.startswith(prefix) and k.get("in_sentence", True):
            counts.setdefault(sid, set()).add(str(k["phrase"]))
    return tuple(sorted(sid for sid, phrases in counts.items() if len(phrases) >= max(own, 1)))


def _rows(details: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    rows = details.get(key, [])
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def _names(details: Mapping[str, Any]) -> list[str]:
    names = details.get("authorities_named", [])
    return [str(n) for n in names] if isinstance(names, list) else []
