"""The signs that a document was issued by someone else than a Finnish authority.

``lookalikes.yaml`` compiled (``load_lookalikes``) and searched (``Lookalikes.find``): another
country's identifiers, currencies, countries in address lines, postal codes, telephone
numbers and letterheads (**foreign**), and company and association forms, financial issuers'
names and private issuers' own vocabulary (**private**). ``classifiers._provenance`` decides
from them whether a text is a look-alike.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from classifiers._evidence import FOOTER_LINES, HEADER_LINES, fold

LOOKALIKES_PATH = Path(__file__).with_name("lookalikes.yaml")
_CAPITALISED = re.compile(r"(?<![\w-])[A-ZÅÄÖÜ][\w&'-]*")


@dataclass(frozen=True)
class Sign:
    """A sign of another issuer in a text: its class name (reported), kind and place."""

    label: str  # "personnummer", "swedish postal code", "company form Oy"
    kind: str  # "foreign" | "private"
    start: int
    content: bool = False  # after a field label on its line ("Työnantaja: … Oy")
    issuer: bool = False  # a financial issuer's name begins its line ("…pankki", "…kassan")
    word: bool = False  # a listed word (identifier, currency, issuer's vocabulary), not a line's


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
            signs.append(Sign(word, kind, m.start(), _after_label(text, m.start()), word=True))
        body_start = len(text) - len(text.lstrip())
        first_end = text.find("\n", body_start)  # the first line's end
        if first_end < 0:
            first_end = len(text)
        if self.inflected_regex is not None:
            for m in self.inflected_regex.finditer(folded, 0, first_end):
                word, kind = self.words[m.group("stem")]
                signs.append(Sign(word, kind, m.start(), _after_label(text, m.start()), word=True))
        for m in self.countries_regex.finditer(folded):
            name = self.countries[m.group()]
            if text[m.start() : m.end()] != name:  # "Ruotsi" the country, not "ruotsi" the language
                continue
            if _in_address(text, m.start(), m.end()):
                signs.append(Sign("country in an address", "foreign", m.start()))
            elif m.start() < first_end and _OF.search(text, max(0, m.start() - 4), m.start()):
                # "Police and Border Guard Board of Estonia" heading the text: its issuer
                signs.append(Sign("country in an issuer's name", "foreign", m.start()))
        for label, pattern in self.patterns:
            signs += [Sign(label, "foreign", m.start()) for m in pattern.finditer(text)]
        body = text.lstrip()
        if self.advert_regex is not None and self.advert_regex.match(fold(body[:40])):
            signs.append(Sign("advert heading", "private", len(text) - len(body)))
        header = text[: edge_spans(text)[0]]
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


#: The end of "… of " just before a country on the first line ("Tax Agency of Norway").
_OF = re.compile(r"\bof[ \t]+\Z", re.IGNORECASE)


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset of the first character, the line without leading blanks) of every line."""
    return [
        (start + len(line) - len(stripped), stripped)
        for start, _, line in _filled_lines(text)
        if (stripped := line.lstrip())
    ]


def _filled_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end with its newline, text) of every line with a character that is not blank.

    Split, not a regular expression: ``[^\\n]*\\S`` retries a run of blanks from each of its
    characters, and a page's text layer can be a megabyte of them."""
    out, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            out.append((start, min(end + 1, len(text)), line))
        start = end + 1
    return out


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _after_label(text: str, start: int) -> bool:
    """Whether a field label ("Työnantaja:", "Hyresvärd:") precedes ``start`` on its line; an
    addressee's label ("To:", "Till:") is none: the name after it is whom the text is for."""
    line_start, _ = _line_bounds(text, start, start)
    before = text[line_start:start]
    return ":" in before and not _ADDRESSEE_LABEL.match(before)


_ADDRESSEE_LABEL = re.compile(
    r"[ \t]*(?:To|Till|Vastaanottaja|Mottagare|Attn|Attention|Recipient)[ \t]*:[^:]*\Z", re.I
)


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


#: A line of this many words or more is a paragraph of prose, not a letterhead's line.
PROSE_WORDS = 12


def letterhead_end(text: str) -> int:
    """End of a text's letterhead: its first non-empty line, and the lines after it up to
    ``HEADER_LINES`` until the first paragraph of prose (``PROSE_WORDS`` words or more).

    A typed letter puts a paragraph on one line, so its first six lines can be the whole
    letter: "… my home in Tartu, Estonia." in a sentence, the employer's "… Oy" signing a
    pay-subsidy letter, are the writer's, not another issuer's letterhead. (The listed words,
    "personnummer", "customs broker", still count on the first ``HEADER_LINES`` lines: an
    issuer describes itself in its first paragraph.)"""
    lines = _filled_lines(text)
    if not lines:
        return 0
    end = lines[0][1]
    for _, line_end, line in lines[1:HEADER_LINES]:
        if len(line.split()) >= PROSE_WORDS:
            break
        end = line_end
    return end


def edge_spans(text: str) -> tuple[int, int]:
    """End of the first ``HEADER_LINES`` and start of the last ``FOOTER_LINES`` non-empty
    lines."""
    lines = _filled_lines(text)
    if not lines:
        return 0, 0
    header_end = lines[min(HEADER_LINES, len(lines)) - 1][1]
    footer_start = lines[max(0, len(lines) - FOOTER_LINES)][0]
    return header_end, footer_start
