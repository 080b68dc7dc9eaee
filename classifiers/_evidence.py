"""Finds catalogue evidence in text: form codes (with their context), titles, keywords and
authority names. Pure functions over a compiled, cached index of the catalogue; no scoring.

Form codes are short and collide with ordinary numbers ("5010" in an amount, "14 B" in an
address), so a code only counts with context:

* ``strong``: a language suffix ("AT 1r", "5010e") or the authority's footer style
  ("AT 1 01.24", "VEROH 5010 1.2024");
* ``context``: the authority's name within a few lines, or a form word ("lomake", "blankett",
  "form") just before it, or the first or last lines of the page with the authority named
  anywhere in the text;
* ``edge``: a letter code ("TT 2") on the first or last lines without the authority's name;
* ``weak``: a letter code elsewhere, or inside a sentence ("täytä myös lomake AT 1": a
  reference to another form, not this form's code);
* ``bare``: a number-like code ("5010", "1A", "B401") without context. The classifier uses it
  only when a title of the same service matches.

Number-like codes right after a street word or a capitalised word that is not an authority's
name nor a catalogue phrase ("Esplanadi 1A") are taken for house numbers and dropped, as are
codes followed by an amount or a unit ("5010,00", "14 %").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from classifiers.catalogue import Authority, Catalogue, FormCode, Service

HEADER_LINES = 6
FOOTER_LINES = 4
ALIAS_WINDOW = 160  # characters either side of a code in which the authority's name counts
_WORD_START = re.compile(r"(?<!\w)\w")

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
    strength: str  # strong | context | edge | weak | bare
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
    end: int = -1


@dataclass(frozen=True)
class _CodePattern:
    service: Service
    authority: Authority
    form_code: FormCode
    numeric: bool


# OCR often loses the dots of ä, ö and the ring of å: phrases and text are compared folded.
_FOLD = str.maketrans("äöåéüÄÖÅÉÜ", "aoaeuaoaeu")


def fold(text: str) -> str:
    """Lower-case and fold Finnish/Swedish letters to ASCII, keeping every offset."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer (rare)
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lowered.translate(_FOLD)


def _code_body(code: str) -> tuple[str, bool]:
    """The regex for one code (OCR-tolerant digits, optional spaces) and whether it is
    number-like (needs more context)."""
    compact = code.replace(" ", "")
    m = re.fullmatch(r"([A-Z]*)(\.?)(\d*)([A-Za-z]?)", compact)
    if m is None:  # not produced by the catalogue's code check, but be safe
        return re.escape(code), False
    letters, dot, digits, tail = m.groups()
    parts: list[str] = []
    numeric = bool(digits) and len(letters) <= 1  # "5010", "14A", "B401", "Y 121"
    if letters:
        joiner = " ?" if digits else ""  # "A T 1" as OCR spaces it; never "A T A"
        parts.append(joiner.join(_LETTER_OCR.get(ch, ch) for ch in letters))
        if dot:
            parts.append(r"\.")
        if digits:
            parts.append(" ?" if len(letters) > 1 or " " in code else "")
    parts.append("".join(_DIGIT_OCR.get(ch, ch) for ch in digits))
    if tail:
        parts.append(f"[{tail.upper()}{tail.lower()}]")
    return "".join(parts), numeric


@dataclass(frozen=True)
class _Phrase:
    service: str
    phrase: str
    language: str

    @property
    def regex(self) -> re.Pattern[str]:
        """Compiled when the phrase's first word is first met (most never are in a run)."""
        return _phrase_regex(self.phrase)


@functools.cache
def _phrase_regex(phrase: str) -> re.Pattern[str]:
    # Matched against folded text (see ``fold``) at a word start (see ``_phrase_hits``).
    words = fold(phrase).split()
    sep = r"[\s\-–—:/]+"
    return re.compile(sep.join(re.escape(w) + r"\w*" for w in words))


def trie_regex(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, shaped as a trie so that ``re`` rejects a position
    after a character or two instead of trying every alternative."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return walk(trie)


def _by_prefix(phrases: Iterable[_Phrase]) -> dict[str, tuple[_Phrase, ...]]:
    out: dict[str, list[_Phrase]] = {}
    for p in phrases:
        out.setdefault(fold(p.phrase).split()[0], []).append(p)
    return {k: tuple(v) for k, v in out.items()}


def _alias_body(aliases: Iterable[str]) -> str:
    # Short or all-caps aliases (KELA, FPA, DVV) are matched case-sensitively; names in any case.
    exact = [re.escape(a) for a in aliases if len(a) <= 5 or a.isupper()]
    loose = [re.escape(a) for a in aliases if not (len(a) <= 5 or a.isupper())]
    parts = []
    if exact:
        parts.append(rf"(?:{'|'.join(exact)})(?!\w)")
    if loose:
        parts.append(rf"(?i:{'|'.join(loose)})")
    return "|".join(parts)


@dataclass(frozen=True)
class EvidenceIndex:
    """Compiled patterns for one catalogue."""

    catalogue: Catalogue
    codes: tuple[_CodePattern, ...]
    code_regex: re.Pattern[str]  # one alternation; group c<i>/s<i> = codes[i] and its suffix
    titles: dict[str, tuple[_Phrase, ...]]
    keywords: dict[str, tuple[_Phrase, ...]]
    phrase_start: re.Pattern[str]  # word starts that begin some title or keyword
    first_words: dict[str, tuple[str, ...]]  # first word -> every first word that prefixes it
    aliases: dict[str, tuple[tuple[str, bool], ...]]  # folded alias -> (authority, exact)
    alias_regex: re.Pattern[str]  # any alias, on folded text
    base_form_prefixes: frozenset[str]  # see ``base_form_phrases``


@functools.lru_cache(maxsize=4)
def build_index(catalogue: Catalogue) -> EvidenceIndex:
    """Compile the catalogue's codes, phrases and aliases (cached per catalogue)."""
    codes: list[_CodePattern] = []
    bodies: list[str] = []
    titles: list[_Phrase] = []
    keywords: list[_Phrase] = []
    for service in catalogue.services:
        authority = catalogue.authority(service.authority)
        suffixes = "".join(authority.code_style.language_suffixes)
        for fc in service.form_codes:
            body, numeric = _code_body(fc.code)
            i = len(codes)
            suffix = f"(?P<s{i}>[{suffixes}])?" if suffixes else ""
            bodies.append(f"(?P<c{i}>{body}){suffix}(?![{_WORDCH}])")
            codes.append(_CodePattern(service, authority, fc, numeric))
        for lang, phrases in service.titles.items():
            titles.extend(_Phrase(service.id, p, lang) for p in phrases)
        for lang, phrases in service.keywords.items():
            keywords.extend(_Phrase(service.id, p, lang) for p in phrases)
    code_regex = re.compile(rf"(?<![{_WORDCH}.,])(?=[A-Z0-9|l])(?<!\d[ .,])(?:{'|'.join(bodies)})")
    aliases: dict[str, list[tuple[str, bool]]] = {}
    for authority in catalogue.authorities:
        for alias in authority.aliases:
            # short or all-caps aliases (KELA, FPA, DVV) must match case; names in any case
            exact = len(alias) <= 5 or alias.isupper()
            aliases.setdefault(fold(alias), []).append((authority.id, exact))
    alias_regex = re.compile(rf"(?<![\w.])(?:{trie_regex(aliases)})(?!\w)")
    title_table, keyword_table = _by_prefix(titles), _by_prefix(keywords)
    first = set(title_table) | set(keyword_table)
    phrase_start = re.compile(rf"(?<!\w)(?:{trie_regex(first)})")
    # Every first word that prefixes w, in the order of ``first`` (as a scan of it gives).
    order = {k: i for i, k in enumerate(first)}
    first_words = {
        w: tuple(sorted({w[:n] for n in range(1, len(w) + 1)} & first, key=order.__getitem__))
        for w in first
    }
    return EvidenceIndex(
        catalogue, tuple(codes), code_regex, title_table, keyword_table, phrase_start, first_words,
        {k: tuple(v) for k, v in aliases.items()}, alias_regex,
        _prefixes([p.phrase for p in (*titles, *keywords)], aliases),
    )  # fmt: skip


def _prefixes(phrases: Iterable[str], aliases: Iterable[str]) -> frozenset[str]:
    """The first letters of every word of the catalogue's phrases and the authorities' names."""
    words = {w for text in (*map(fold, phrases), *aliases) for w in text.split()}
    return frozenset(w[:PREFIX_LETTERS] for w in words if len(w) >= PREFIX_LETTERS)


_LOWER_WORD = re.compile(r"(?<![\w-])[a-zåäöé][a-zåäöé-]+")
SENTENCE_WORDS = 3  # lower-case words on a code's line that make it a sentence, not a heading
_CAPITALISED_WORD_BEFORE = re.compile(r"(?<![\w.])([A-ZÅÄÖ][a-zåäöé]{2,})[ \t]+$")


def _looks_like_address(
    index: EvidenceIndex, before: str, code_start: int, mentions: dict[str, list[int]]
) -> bool:
    """A number-like code right after a capitalised word ("Esplanadi 1A", "Bulevardi 14B") is
    more likely a house number, unless that word is an authority's name, a form word or the
    start of a catalogue title or keyword ("Verokorttihakemus 5010")."""
    m = _CAPITALISED_WORD_BEFORE.search(before)
    if m is None or _FORM_WORD.search(before):
        return False
    if index.phrase_start.match(fold(m.group(1))):
        return False
    word_start = code_start - (len(before) - m.start(1))
    return not any(word_start in positions for positions in mentions.values())


@dataclass(frozen=True)
class _Edges:
    """Header and footer spans of every page (pages are separated by form feeds)."""

    headers: tuple[tuple[int, int], ...]
    footers: tuple[tuple[int, int], ...]

    def in_header(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.headers)

    def at_edge(self, pos: int) -> bool:
        return self.in_header(pos) or any(a <= pos < b for a, b in self.footers)


_LINE_START = re.compile(r"^[ \t]*\S", re.MULTILINE)


def _edges(text: str) -> _Edges:
    headers: list[tuple[int, int]] = []
    footers: list[tuple[int, int]] = []
    offset = 0
    for page in text.split("\f"):
        end = offset + len(page)
        starts = [offset + m.start() for m in _LINE_START.finditer(page)]
        if starts:
            header_end = starts[HEADER_LINES] if len(starts) > HEADER_LINES else end
            footer_start = starts[-FOOTER_LINES] if len(starts) > FOOTER_LINES else end
            headers.append((offset, header_end))
            footers.append((footer_start, end))
        offset = end + 1
    return _Edges(tuple(headers), tuple(footers))


def authority_mentions(index: EvidenceIndex, text: str) -> dict[str, list[int]]:
    """Positions where each authority's name occurs."""
    out: dict[str, list[int]] = {}
    for m in index.alias_regex.finditer(fold(text)):
        for aid, exact in index.aliases[m.group()]:
            if exact and text[m.start() : m.end()] not in index.catalogue.authority(aid).aliases:
                continue
            positions = out.setdefault(aid, [])
            if not positions or positions[-1] != m.start():
                positions.append(m.start())
    return out


def find_codes(
    index: EvidenceIndex, text: str, mentions: dict[str, list[int]] | None = None
) -> list[CodeHit]:
    """Form codes with their context strength (see the module docstring)."""
    if mentions is None:
        mentions = authority_mentions(index, text)
    edges = _edges(text)
    hits: list[CodeHit] = []
    for m in index.code_regex.finditer(text):
        i = next(int(k[1:]) for k, val in m.groupdict().items() if val and k[0] == "c")
        cp = index.codes[i]
        style = cp.authority.code_style
        start, end = m.start(), m.end()
        after = text[end : end + 12]
        before = text[max(0, start - 25) : start]
        if _AMOUNT_AFTER.match(after) or _STREET.search(before):
            continue
        if cp.numeric and _looks_like_address(index, before, start, mentions):
            continue
        reasons: list[str] = []
        suffix = m.group(f"s{i}") if style.language_suffixes else None
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
        edge = edges.at_edge(start)
        if edge:
            reasons.append("page_edge")
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line = text[line_start:start] + " " + text[end : len(text) if line_end < 0 else line_end]
        in_sentence = len(_LOWER_WORD.findall(line)) >= SENTENCE_WORDS
        if in_sentence:
            reasons.append("in_sentence")
        if {"language_suffix", "edition_footer", "footer_prefix"} & set(reasons):
            strength = "strong"
        elif in_sentence:  # "täytä myös lomake AT 1": a reference to another form
            strength = "bare" if cp.numeric else "weak"
        elif near or "form_word" in reasons:
            strength = "context"
        elif edge and cp.authority.id in mentions:
            strength = "context"
            reasons.append("authority_in_text")
        elif edge and not cp.numeric:
            strength = "edge"
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


# A phrase the writer says they are not doing ("vi gör ingen flyttanmälan", "en tee
# muuttoilmoitusta", "we are not making a change of address") is no evidence of that service:
# a verb of doing, sending or needing and a negation, in either order, just before the phrase
# (folded text, and the base forms' "ei tehdä"). A bare negation is not enough: "jag har inget
# skattekort" asks for one.
_NEGATION = (
    r"(?:ingen|inget|inga|inte|ej|not|never|ei|en|et|emme|ette|eivat|don'?t|won'?t|don t|won t)"
)
_DOING = (
    r"(?:gor|gora|gjort|gjorde|lamnar|lamna|lamnat|skickar|skicka|behover|tee|teen|teemme|tehda"
    r"|tehneet|tehnyt|laheta|lahetamme|tarvitse|tarvita|make|making|made|file|filing|filed"
    r"|submit|submitting|send|sending|need)"
)
_NEGATED_BEFORE = re.compile(
    rf"(?<!\w)(?:{_NEGATION}\s+{_DOING}|{_DOING}\s+{_NEGATION})"
    r"\s+(?:(?:a|an|any|en|ett|nagon|nagot|mitaan|uutta|new)\s+)?$"
)
_NEGATION_REACH = 40  # characters before a phrase looked at for the negation


def _negated(lower: str, start: int) -> bool:
    return _NEGATED_BEFORE.search(lower, max(0, start - _NEGATION_REACH), start) is not None


def _phrase_hits(
    index: EvidenceIndex, lower: str, edges: _Edges
) -> tuple[list[PhraseHit], list[PhraseHit]]:
    titles: list[PhraseHit] = []
    keywords: list[PhraseHit] = []
    seen: set[tuple[str, str]] = set()
    for w in index.phrase_start.finditer(lower):
        start, word = w.start(), w.group()
        if _negated(lower, start):
            continue
        header = edges.in_header(start)
        # the trie matched the longest first word; shorter first words may start here too
        for key in index.first_words[word]:
            for p in index.titles.get(key, ()):
                if m := p.regex.match(lower, start):
                    titles.append(
                        PhraseHit(p.service, p.phrase, p.language, start, header, m.end())
                    )
            for p in index.keywords.get(key, ()):
                if (p.service, p.phrase) not in seen and p.regex.match(lower, start):
                    seen.add((p.service, p.phrase))
                    keywords.append(PhraseHit(p.service, p.phrase, p.language, start, header))
    return titles, keywords


def find_phrases(index: EvidenceIndex, text: str) -> tuple[list[PhraseHit], list[PhraseHit]]:
    """Title hits (every occurrence) and keyword hits (first occurrence of each keyword); a
    title in the first lines of a page (pages are separated by form feeds) is a header title."""
    return _phrase_hits(index, fold(text), _edges(text))


# ---------------------------------------------------------------------------------------------
# Base forms: Finnish consonant gradation and stem changes hide a phrase from the prefix match
# ("verokortin" is not "verokortti…", "elatusavun" not "elatusapu…", "lainhuudon" not
# "lainhuuto…"). ``base_form_phrases`` matches the phrases and the authorities' names again on
# the words' Voikko base forms. Only words that could begin a phrase or a name (the same first
# three folded letters) are analysed: a letter has a few of them.

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
PREFIX_LETTERS = 3  # a word is analysed for its base form if a phrase's word begins the same
#: Base forms are looked for in the text's head only: a 300-page scan's every distinct word
#: through Voikko would cost seconds, and the authority and the service stand at the start.
BASE_FORM_CHARS = 20_000


@dataclass(frozen=True)
class BaseFormHits:
    """What the base forms add: phrases (catalogue titles and keywords) and authorities named."""

    titles: tuple[PhraseHit, ...]
    keywords: tuple[PhraseHit, ...]
    authorities: frozenset[str]


def base_form_phrases(
    index: EvidenceIndex, text: str, base_form: Callable[[str], str | None]
) -> BaseFormHits:
    """Titles, keywords and authority names found on the base forms of ``text``'s words.

    ``base_form(word)`` gives a lower-case word's base form, or None for a word it does not
    know (Swedish, English, a misspelling: kept as written). Words are joined by single spaces,
    so a hit's ``start`` is an offset in that joined text, not in ``text``; callers use the
    phrases, not the places. Only the first ``BASE_FORM_CHARS`` characters are read. Names
    that must match their case (``KELA``, ``DVV``) are not looked for: a base form is lower
    case.
    """
    prefixes = index.base_form_prefixes
    words = []
    for m in _WORD.finditer(text, 0, BASE_FORM_CHARS):
        word = m.group().lower()
        base = base_form(word) if fold(word)[:PREFIX_LETTERS] in prefixes else None
        words.append(base or word)
    joined = " ".join(words)
    titles, keywords = _phrase_hits(index, fold(joined), _Edges((), ()))
    authorities = frozenset(
        aid
        for m in index.alias_regex.finditer(fold(joined))
        for aid, exact in index.aliases[m.group()]
        if not exact
    )
    return BaseFormHits(tuple(titles), tuple(keywords), authorities)
