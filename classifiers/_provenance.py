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
  service's authority is not named; a financial issuer's name heading the text ("Säästöpankki",
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
from pathlib import Path
from typing import Any

import regex
import yaml

from classifiers._evidence import FOOTER_LINES, HEADER_LINES, fold

LOOKALIKES_PATH = Path(__file__).with_name("lookalikes.yaml")
_ATTACHMENT = re.compile(r"(?<!\w)(?:liite|liitt|bilag|attachment|enclos|appendix|annex)\w*")
_CAPITALISED = re.compile(r"(?<![\w-])[A-ZÅÄÖÜ][\w&'-]*")
_OCR_LETTERS = str.maketrans({"0": "o", "1": "l", "|": "l", "5": "s", "8": "b", "$": "s"})


@dataclass(frozen=True)
class Sign:
    """A sign of another issuer in a text: its class name (reported), kind and place."""

    label: str  # "personnummer", "swedish postal code", "company form Oy"
    kind: str  # "foreign" | "private"
    start: int
    content: bool = False  # after a field label on its line ("Työnantaja: … Oy")
    issuer: bool = False  # a financial issuer's name begins its line ("…pankki", "…kassan")


def _words_regex(words: Sequence[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(fold(w)) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])")


def _exact(word: str) -> bool:
    return len(word) <= 5 or word.isupper()


#: A private issuer's word this long also counts inflected: up to ``INFLECTION`` more letters.
INFLECTED_FROM = 9
INFLECTION = 4


def _inflected_regex(words: Sequence[str]) -> re.Pattern[str] | None:
    """The long private words followed by one to ``INFLECTION`` letters ("työeläkeyhtiölle");
    the listed word itself is the group ``stem``."""
    stems = sorted({fold(w) for w in words if len(w) >= INFLECTED_FROM}, key=len, reverse=True)
    if not stems:
        return None
    alternatives = "|".join(re.escape(w) for w in stems)
    return re.compile(rf"(?<![\w.])(?P<stem>{alternatives})\w{{1,{INFLECTION}}}(?![\w])")


#: Where a letterhead's line goes on after a heading: "KAUPPAKIRJA – AUTOKESKUS KYMI OY".
_HEADING_SEPARATOR = re.compile(r"[ \t]+[–—|/-][ \t]+")


@dataclass(frozen=True)
class Lookalikes:
    """The compiled signs of ``lookalikes.yaml``."""

    words: dict[str, tuple[str, str]]  # folded word -> (word as listed, kind)
    words_regex: re.Pattern[str]
    countries: dict[str, str]
    countries_regex: re.Pattern[str]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    letterhead_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    company_regex: re.Pattern[str]
    endings: tuple[str, ...]
    compound_endings: tuple[str, ...]
    finnish_line: re.Pattern[str]
    foreign_expected: frozenset[str]
    spellings: frozenset[str] = frozenset()  # the language words as written, lower case
    advert_regex: re.Pattern[str] | None = None  # a classified advertisement's first word
    inflected_regex: re.Pattern[str] | None = None  # long private words, inflected
    association_regex: re.Pattern[str] | None = None  # "Metsästysseura ry" (first line)

    def find(self, text: str) -> list[Sign]:
        """Every sign in ``text``, in order of position."""
        folded = fold(text)
        signs: list[Sign] = []
        for m in self.words_regex.finditer(folded):
            word, kind = self.words[m.group()]
            found = text[m.start() : m.end()]
            if kind == "foreign" and word.endswith(" word"):
                if found.lower() not in self.spellings:  # "für", not the English "fur"
                    continue
            elif _exact(word) and found != word:
                continue
            signs.append(Sign(word, kind, m.start(), _after_label(text, m.start())))
        body_start = len(text) - len(text.lstrip())
        first_end = text.find("\n", body_start) % (len(text) + 1)  # the first line's end
        if self.inflected_regex is not None:
            for m in self.inflected_regex.finditer(folded, 0, first_end):
                word, kind = self.words[m.group("stem")]
                signs.append(Sign(word, kind, m.start(), _after_label(text, m.start())))
        for m in self.countries_regex.finditer(folded):
            name = self.countries[m.group()]
            if text[m.start() : m.end()] != name:  # "Ruotsi" the country, not "ruotsi" the language
                continue
            if _in_address(text, m.start(), m.end()):
                signs.append(Sign("country in an address", "foreign", m.start()))
        for label, pattern in self.patterns:
            signs += [Sign(label, "foreign", m.start()) for m in pattern.finditer(text)]
        body = text.lstrip()
        if self.advert_regex is not None and self.advert_regex.match(fold(body[:40])):
            signs.append(Sign("advert heading", "private", len(text) - len(body)))
        header = text[: _edge_spans(text)[0]]
        for label, pattern in self.letterhead_patterns:
            signs += [Sign(label, "foreign", m.start()) for m in pattern.finditer(header)]
        for line_start, line in _lines(text):
            words = [fold(m.group()) for m in _CAPITALISED.finditer(line[:60])]
            if not (words and _CAPITALISED.match(line)):
                words = []
            # "Suomen Taidesäätiö": a compound issuer's name is no authority's, Finland
            # named or not
            finnish = self.finnish_line.search(line) is not None
            ending = self._compound_name(words, finnish)
            # Otherwise a line naming Finland names a Finnish body ("Social Insurance
            # Institution of Finland"): its words are no private issuer's.
            if not finnish:
                company = self._company(line, self.company_regex)
                if company is None and line_start < first_end and self.association_regex:
                    company = self._company(line, self.association_regex)
                if company:
                    form = company.group("form") or company.groupdict().get("prefix")
                    signs.append(Sign(f"company form {form}", "private", line_start))
                ending = ending or self._name_ending(words)
            if ending:
                signs.append(
                    Sign(f"issuer name ending -{ending}", "private", line_start, issuer=True)
                )
        return sorted(signs, key=lambda s: s.start)

    @staticmethod
    def _company(line: str, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """A company's or association's name at the start of the line, or after a heading
        and a dash or bar on it ("KAUPPAKIRJA – AUTOKESKUS KYMI OY")."""
        found = pattern.match(line)
        for sep in _HEADING_SEPARATOR.finditer(line[:80]):
            if found:
                break
            found = pattern.match(line, sep.end())
        return found

    def _compound_name(self, words: list[str], finnish: bool) -> str | None:
        """The ending of a compound issuer's name ("Taidesäätiö") that begins the line, or
        follows the Finland word that begins it ("Suomen Taidesäätiö")."""
        for word in words[: 2 if finnish else 1]:
            for ending in self.compound_endings:
                if word.endswith(ending) and len(word) > len(ending) + 1:
                    return ending
        return None

    def _name_ending(self, words: list[str]) -> str | None:
        """The ending of a financial issuer's name in the line's second or third word."""
        for word in words[1:3]:
            for ending in self.endings:
                if word.endswith(ending):
                    return ending
        return None


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset of the first character, the line without leading blanks) of every line."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        stripped = m.group().lstrip()
        if stripped:
            out.append((m.end() - len(stripped), stripped))
    return out


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _after_label(text: str, start: int) -> bool:
    """Whether a field label ("Työnantaja:", "Hyresvärd:") precedes ``start`` on its line."""
    line_start, _ = _line_bounds(text, start, start)
    return ":" in text[line_start:start]


def _in_address(text: str, start: int, end: int) -> bool:
    """A country written as an address writes it: alone on its line, after a comma or in
    brackets ("…, 0607 Oslo, Norway", "(UK)")."""
    line_start, line_end = _line_bounds(text, start, end)
    before = text[line_start:start].rstrip()
    after = text[end:line_end].strip()
    if not before and after.strip(".") == "":
        return True
    return before.endswith((",", "(", "–", "-")) or after.startswith(")")


@functools.cache
def load_lookalikes(path: Path = LOOKALIKES_PATH) -> Lookalikes:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    foreign, private = data["foreign"], data["private"]
    words: dict[str, tuple[str, str]] = {}
    for word in [*foreign["identifiers"], *foreign["currencies"]]:
        words.setdefault(fold(word), (word, "foreign"))
    for word in private["vocabulary"]:
        words.setdefault(fold(word), (word, "private"))
    for language, listed in foreign.get("language_words", {}).items():
        for word in listed:
            words.setdefault(fold(word), (f"{language} word", "foreign"))
    countries = {fold(c): c for c in foreign["countries"]}
    patterns, letterhead = (
        tuple((name.replace("_", " "), re.compile(p)) for name, p in listed.items())
        for listed in (foreign["patterns"], foreign.get("letterhead_patterns", {}))
    )
    forms = "|".join(re.escape(f) for f in sorted(private["company_forms"], key=len, reverse=True))
    prefixes = "|".join(re.escape(p) for p in private["company_prefixes"])
    company = re.compile(  # at the start of a line: a letterhead, not a name in a sentence
        rf"(?:[A-ZÅÄÖÜ][\w&'.-]*[ \t]+){{1,4}}(?P<form>{forms})(?![\w/])"
        rf"|(?P<prefix>{prefixes})[ \t]+[A-ZÅÄÖÜ]"
    )
    associations = "|".join(
        re.escape(f) for f in sorted(private.get("association_forms", ()), key=len, reverse=True)
    )
    association = (
        re.compile(rf"(?:[A-ZÅÄÖÜ][\w&'.-]*[ \t]+){{1,4}}(?P<form>{associations})(?![\w/])")
        if associations
        else None
    )
    finnish = "|".join(re.escape(w) for w in private["finnish_line"])
    return Lookalikes(
        words, _words_regex(list(words)), countries, _words_regex(list(countries)), patterns,
        letterhead, company, tuple(fold(e) for e in private["name_endings"]),
        tuple(fold(e) for e in private["compound_endings"]), re.compile(rf"\b(?:{finnish})\b"),
        frozenset(data.get("foreign_expected", ())),
        frozenset(w.lower() for ws in foreign.get("language_words", {}).values() for w in ws),
        _advert_regex(private.get("advert_headings", ())),
        _inflected_regex(private["vocabulary"]), association,
    )  # fmt: skip


def _advert_regex(headings: Sequence[str]) -> re.Pattern[str] | None:
    if not headings:
        return None
    alternatives = "|".join(re.escape(fold(h)) for h in sorted(headings, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})(?![\w])")


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


def _edge_spans(text: str) -> tuple[int, int]:
    """End of the first ``HEADER_LINES`` and start of the last ``FOOTER_LINES`` non-empty
    lines."""
    lines = list(re.finditer(r"[^\n]*\S[^\n]*(\n|$)", text))
    if not lines:
        return 0, 0
    header_end = lines[min(HEADER_LINES, len(lines)) - 1].end()
    footer_start = lines[max(0, len(lines) - FOOTER_LINES)].start()
    return header_end, footer_start


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
    header_end, footer_start = _edge_spans(text)
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
    header_end, _ = _edge_spans(text)
    attachment = _ATTACHMENT.search(fold(" ".join(text.strip().splitlines()[:2])))
    expected = {service, authority} & lookalikes.foreign_expected
    foreign = [s for s in signs if s.kind == "foreign"]
    private = [s for s in signs if s.kind == "private" and not s.content and not attachment]
    names = tuple(dict.fromkeys(s.label for s in signs))
    foreign_in_header = any(s.start < header_end for s in foreign)
    if expected:
        # Customs and a foreigner's registration: other countries in the body are content
        # (an import's invoice in dollars), but another country on the letterhead of a text
        # that does not name the Finnish authority is another country's body (its customs).
        foreign = [s for s in foreign if s.start < header_end and not attachment]
        foreign_in_header = False
    private_in_header = any(s.start < header_end for s in private)
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
        model_terms=tuple(model_terms),
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
