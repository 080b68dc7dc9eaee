"""Field extraction without spaCy finds what spaCy's tokenizer and Matcher found.

``classifiers._tokenizer`` ports spaCy's tokenizer and runs it on spaCy's ``xx`` rules frozen
in ``tokenizer_xx.json``; ``classifiers.fields`` matches its patterns by hand. The references
here are spaCy itself: the same rules, the same tokens at the same offsets, and the same fields
as the spaCy ``Matcher`` implementation that ``fields`` replaced (kept below as the reference),
on the whole corpus and on random texts made of identifier-shaped pieces and punctuation.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from classifiers import fields
from classifiers._tokenizer import RULES_FILE, Tokenizer, rules_from_spacy
from classifiers.catalogue import load_catalogue
from classifiers.dataset import DEFAULT_CORPUS

spacy = pytest.importorskip("spacy")

PIECES = [
    "FI21 1234 5600 0007 85", "FI2112345600000785", "fl21 1234 5600 0007 85", "131052-308T",
    "(131052-308T)", "131052-308T.", "O1O1O1-1O1O", "010101A123B", "1572860-0", "1572860-0,",
    "Viitenumero:", "Viitenumero", "viite", "ref.", "Ref", "Viite:", "referens", "REFERENCE:",
    "RF18 5390 0754 7034", "RF18539007547034", "rf18 5390", "12.3.2024", "1.1.2025.",
    "31.2.2024", "12345", "1234", "56", "13 345", "12", "2024", "\n", " ", "  ", "\t", "\xa0",
    ":", "-", "(", ")", ".", ",", "8)", ":0", ":-)", "°C.", "a.", "e.g.", "https://x.fi/a1",
    "x@y.fi", "Kela", "hakemus", "'", '"', "[1]", "€", "100,00", "n:o", "1)", "2.",
]  # fmt: skip


def _texts(n_random: int, seed: int = 13) -> list[str]:
    texts = []
    for split in ("train", "dev", "test", "handwritten", "handwritten_test"):
        with (DEFAULT_CORPUS / f"{split}.jsonl").open(encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    rng = random.Random(seed)
    for _ in range(n_random):
        texts.append(" ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 14))))
        texts.append("".join(rng.choice(PIECES) for _ in range(rng.randint(1, 8))))
    return texts


def test_frozen_rules_are_the_installed_spacys() -> None:
    frozen = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    current = rules_from_spacy()
    frozen.pop("spacy"), current.pop("spacy")
    assert frozen == current, "spaCy's xx rules changed: run classifiers._tokenizer.write_rules()"


def test_tokens_and_offsets_are_spacys() -> None:
    nlp = spacy.blank("xx")
    nlp.tokenizer.token_match = fields._ID_TOKEN.match
    ours = Tokenizer(token_match=fields._ID_TOKEN.match)
    differ = []
    for text in _texts(3000):
        ref = [(t.text, t.idx, bool(t.whitespace_)) for t in nlp(text)]
        got = [(t.text, t.idx, t.space) for t in ours(text)]
        if ref != got:
            differ.append(text)
    assert differ == []


# --- the reference: field candidates by spaCy's tokenizer and Matcher (the code replaced) ---


def _spacy_matcher() -> tuple[Any, Any]:
    from spacy.matcher import Matcher

    nlp = spacy.blank("xx")
    nlp.tokenizer.token_match = fields._ID_TOKEN.match
    m = Matcher(nlp.vocab)
    d, trail = fields._D, fields._TRAIL

    def rx(pattern: str, **extra: Any) -> dict[str, Any]:
        return {"TEXT": {"REGEX": pattern}, **extra}

    m.add("henkilotunnus", [[rx(rf"^{d}{{6}}[-+A-FU-Y]{d}{{3}}[0-9A-Y]{trail}$")]])
    m.add("ytunnus", [[rx(rf"^{d}{{6,7}}-{d}{trail}$")]])
    head = r"^[Ff][Ii1lL|]"
    m.add(
        "iban",
        [
            [rx(rf"{head}{d}{{16}}$")],
            [rx(rf"{head}{d}{{2}}$"), *[rx(rf"^{d}{{4}}$")] * 3, rx(rf"^{d}{{2}}$")],
        ],
        greedy="LONGEST",
    )
    labels = sorted(fields._REF_LABELS)
    m.add(
        "viitenumero",
        [[{"LOWER": {"IN": labels}}, {"IS_PUNCT": True, "OP": "?"}, rx(r"^\d{1,20}$", OP="+")]],
        greedy="LONGEST",
    )
    m.add(
        "rf_viite",
        [[rx(r"^[Rr][Ff]\d{2}[0-9A-Za-z]{0,21}$"), rx(r"^[0-9A-Za-z]{1,4}$", OP="*")]],
        greedy="LONGEST",
    )
    m.add("date", [[rx(r"^\d{1,2}\.\d{1,2}\.\d{4}\.?$")]])
    return nlp, m


def _spacy_fields(nlp: Any, matcher: Any, text: str, catalogue: Any) -> tuple[Any, ...]:
    if not text.strip():
        return ()
    doc = nlp(fields._IRRELEVANT_LINE.sub(lambda m: " " * len(m.group()), text))
    found = []
    for match_id, s, e in matcher(doc):
        kind = doc.vocab.strings[match_id]
        if kind in ("viitenumero", "rf_viite"):
            fld = fields._references(list(_as_tokens(doc)), kind, s, e)
        else:
            span = doc[s:e]
            fld = fields._validate(kind, span.text, span.start_char, span.end_char)
        if fld is not None:
            found.append(fld)
    hits = fields.find_codes(fields.build_index(catalogue), text)
    for hit in hits:
        if hit.strength in ("strong", "context", "edge"):
            found.append(fields._field("form_code", hit.code, hit.code, hit.start, hit.end))
    found.sort(key=lambda f: (fields._PRIORITY.index(f.kind), -(f.end - f.start), f.start))
    kept: list[Any] = []
    for fld in found:
        if all(fld.end <= k.start or fld.start >= k.end for k in kept):
            kept.append(fld)
    return tuple(sorted(kept, key=lambda f: f.start))


def _as_tokens(doc: Any) -> Any:
    from classifiers._tokenizer import Token

    return (Token(t.text, t.idx, bool(t.whitespace_)) for t in doc)


def test_fields_are_those_spacys_matcher_found() -> None:
    catalogue = load_catalogue()
    nlp, matcher = _spacy_matcher()
    texts = _texts(4000, seed=14)
    kinds: set[str] = set()
    differ = []
    for text in texts:
        ours = fields.extract_fields(text, catalogue=catalogue)
        if ours != _spacy_fields(nlp, matcher, text, catalogue):
            differ.append(text)
        kinds.update(f.kind for f in ours)
    assert differ == []
    # The random texts reach every kind (the comparison is not vacuous).
    assert kinds >= {"iban", "henkilotunnus", "ytunnus", "viitenumero", "rf_viite", "date"}
