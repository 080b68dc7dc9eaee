"""The rule classifier: form codes and title phrases from the catalogue, scored.

Each kind of evidence for a service is a probability-like weight; a service's score combines
them by noisy-OR (``1 - Π(1 - w)``), so independent pieces of evidence reinforce each other
and no single weak one decides. Weights:

==========================  =====  ==================================================
evidence                    weight  example
==========================  =====  ==================================================
code, strong                0.90   "AT 1r", "AT 1 01.24", "VEROH 5010 1.2024"
code, context               0.80   "Kela … TT 2", "Lomake 5010", "Kela" + "5010" in the header
code, edge                  0.60   "LL 1" on the first lines, no authority named
code, weak                  0.45   a letter code ("SV 8") somewhere in the body
code, bare + title          0.40   "14B" plus the title "Kotitalousvähennys"
title in the header         0.75   "Hakemus – Yleinen asumistuki" on the first lines
title in the body           0.50   "…haen asumistukea…" in a letter
second, separate title      0.30
keywords                    0.08 each, at most 0.25
authority named             0.30   only with a title or a code stronger than "weak"
==========================  =====  ==================================================

Unconfirmed codes weigh 0.7 of the above. A runner-up service lowers the confidence
(``top × (1 − 0.6 × max(0, second − 0.5))``) and a close runner-up (``second ≥ 0.6`` and
``top − second < 0.25``) makes the result ambiguous: never automatic. When the text names
authorities but not the one of the best service, the confidence is multiplied by 0.8. The
trained model of a later issue replaces this scoring behind the same ``Classifier`` interface.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from classifiers._evidence import (
    _LOWER_WORD,
    SENTENCE_WORDS,
    CodeHit,
    PhraseHit,
    authority_mentions,
    build_index,
    find_codes,
    find_phrases,
)
from classifiers.base import Prediction
from classifiers.catalogue import Catalogue
from classifiers.fields import extract_fields, fields_with_codes
from classifiers.language import detect_language

RULES_VERSION = "rules-1"
CODE_WEIGHTS = {"strong": 0.90, "context": 0.80, "edge": 0.60, "weak": 0.45}
BARE_CODE_WITH_TITLE = 0.40
TITLE_HEADER = 0.75
TITLE_BODY = 0.50
SECOND_TITLE = 0.30
KEYWORD = 0.08
KEYWORDS_MAX = 0.25
AUTHORITY_NAMED = 0.30
UNCONFIRMED_FACTOR = 0.7
AMBIGUOUS_SECOND = 0.6
RUNNER_UP_FREE = 0.5  # a runner-up this weak (a form mentioned in passing) costs nothing
RUNNER_UP_PENALTY = 0.6
OTHER_AUTHORITY_FACTOR = 0.8  # only other authorities are named in the text
AMBIGUOUS_GAP = 0.25


@dataclass
class _Evidence:
    codes: list[CodeHit] = field(default_factory=list)
    titles: list[PhraseHit] = field(default_factory=list)
    keywords: list[PhraseHit] = field(default_factory=list)

    def weights(self, authority_named: bool) -> dict[str, float]:
        w: dict[str, float] = {}
        counted = [c for c in self.codes if c.strength != "bare"]
        if counted:
            best = max(counted, key=lambda c: _code_weight(c))
            w["code"] = _code_weight(best)
        elif self.codes and self.titles:
            w["code"] = BARE_CODE_WITH_TITLE
        if self.titles:
            w["title"] = TITLE_HEADER if any(t.header for t in self.titles) else TITLE_BODY
            # a second, separate title ("Hakemus – Lapsilisä … Ansökan om barnbidrag"); phrases
            # overlapping at one place ("hakemus lapsilisä" and "lapsilisä") count once
            if _separate_places(self.titles) > 1:
                w["second_title"] = SECOND_TITLE
        if self.keywords:
            w["keywords"] = min(KEYWORD * len({k.phrase for k in self.keywords}), KEYWORDS_MAX)
        # a letter code in passing ("liitä mukaan SV 8") is not made stronger by the name
        if authority_named and (w.get("code", 0.0) >= CODE_WEIGHTS["context"] * 0.7 or self.titles):
            w["authority"] = AUTHORITY_NAMED
        return w


def _separate_places(hits: list[PhraseHit]) -> int:
    """How many non-overlapping places the title hits occupy."""
    places, reach = 0, -1
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.start >= reach:
            places += 1
        reach = max(reach, hit.end)
    return places


def _in_sentence(text: str, pos: int) -> bool:
    """Whether the line at ``pos`` is a sentence (three lower-case words or more), not a form's
    field label ("Sukunimi", "Efternamn och förnamn")."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return len(_LOWER_WORD.findall(text[start : len(text) if end < 0 else end])) >= SENTENCE_WORDS


def _code_weight(hit: CodeHit) -> float:
    weight = CODE_WEIGHTS[hit.strength]
    return weight if hit.confirmed else weight * UNCONFIRMED_FACTOR


def _noisy_or(weights: dict[str, float]) -> float:
    miss = 1.0
    for w in weights.values():
        miss *= 1.0 - w
    return 1.0 - miss


class RuleClassifier:
    """Classifies by the catalogue's form codes and titles (implements ``Classifier``).

    Args:
        catalogue: the loaded catalogue.
        min_confidence: the confidence at or above which an unambiguous answer is automatic.
    """

    def __init__(self, catalogue: Catalogue, *, min_confidence: float) -> None:
        if not 0.0 <= min_confidence <= 1.0:
            raise ValueError("min_confidence must be between 0 and 1")
        self.catalogue = catalogue
        self.min_confidence = min_confidence
        self.version = f"{RULES_VERSION}+catalogue-{catalogue.version}"
        self.index = build_index(catalogue)

    def classify(self, text: str, *, hint: str | None = None) -> Prediction:
        """Classify ``text``; ``hint`` (an e-mail subject, a file name) counts as a header line.

        Returns:
            A prediction with ``method="rules"``; authority and service are None when nothing
            in the text points to a service. ``details`` names the catalogue evidence (codes,
            phrases, scores), never the document's text or personal data.
        """
        body = f"{hint}\n{text}" if hint else text
        language = detect_language(text)
        mentions = authority_mentions(self.index, body)
        code_hits = find_codes(self.index, body, mentions)
        if hint:  # fields are positions in ``text``: find codes there without the hint
            fields = extract_fields(text, catalogue=self.catalogue)
        else:
            fields = fields_with_codes(text, catalogue=self.catalogue, code_hits=code_hits)
        evidence: dict[str, _Evidence] = defaultdict(_Evidence)
        for hit in code_hits:
            evidence[hit.service].codes.append(hit)
        titles, keywords = find_phrases(self.index, body)
        for t in titles:
            evidence[t.service].titles.append(t)
        for k in keywords:
            evidence[k.service].keywords.append(k)

        scored: list[tuple[float, str, dict[str, float]]] = []
        for sid, ev in evidence.items():
            authority = self.catalogue.service(sid).authority
            weights = ev.weights(authority in mentions)
            if "code" in weights or "title" in weights:
                scored.append((_noisy_or(weights), sid, weights))
        scored.sort(key=lambda s: (-s[0], s[1]))

        details: dict[str, object] = {
            "codes": [
                {"service": c.service, "code": c.code, "strength": c.strength,
                 "reasons": list(c.reasons), "form_language": c.language}
                for ev in evidence.values() for c in ev.codes
            ],
            "titles": [
                {"service": t.service, "phrase": t.phrase, "language": t.language,
                 "header": t.header}
                for ev in evidence.values() for t in ev.titles
            ],
            "keywords": [
                {"service": k.service, "phrase": k.phrase, "language": k.language,
                 "in_sentence": _in_sentence(body, k.start)}
                for ev in evidence.values() for k in ev.keywords
            ],
            "authorities_named": sorted(mentions),
            "scores": {sid: round(score, 4) for score, sid, _ in scored[:5]},
        }  # fmt: skip
        if not scored:
            return Prediction(
                authority=None, service=None, confidence=0.0, method="rules", automatic=False,
                model_version=self.version, language=language, fields=fields,
                details=details | {"reason": "no_evidence"},
            )  # fmt: skip

        top, sid, weights = scored[0]
        second = scored[1][0] if len(scored) > 1 else 0.0
        confidence = top * (1.0 - RUNNER_UP_PENALTY * max(0.0, second - RUNNER_UP_FREE))
        authority = self.catalogue.service(sid).authority
        # "FPA … Ansökan om ersättning för resekostnader": the letterhead names another
        # authority than the one whose title matched; trust the match less.
        mismatch = bool(mentions) and authority not in mentions
        if mismatch:
            confidence *= OTHER_AUTHORITY_FACTOR
        ambiguous = second >= AMBIGUOUS_SECOND and top - second < AMBIGUOUS_GAP
        details |= {
            "weights": {k: round(w, 3) for k, w in weights.items()},
            "other_authority_named": mismatch,
            "runner_up": scored[1][1] if len(scored) > 1 else None,
            "ambiguous": ambiguous,
        }
        return Prediction(
            authority=authority,
            service=sid,
            confidence=round(confidence, 4),
            method="rules",
            automatic=not ambiguous and confidence >= self.min_confidence,
            model_version=self.version,
            language=language,
            fields=fields,
            details=details,
        )
