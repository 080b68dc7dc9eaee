"""The decision: form-code and title rules combined with the trained model.

- rules say S, model says S (agreement): S with raw confidence ``1 − (1 − p_rules)(1 − p_model)``;
  automatic if either was confident alone (rules automatic, or ``p_model`` ≥ threshold).
- rules say S with a strong match (a form code with context plus a title of S, unambiguous,
  confident) and the model says ``none``: S, automatic (``rules_strong``). The model's "none of
  ours" alone does not veto a form's own code and title: on the hand-written calibration split
  and on dev every such case was the rules' service (classifiers/README.md).
- rules say S with a title of S on the first lines of a text that opens with S's authority
  (addressee or letterhead within its first 80 characters: "Till FPA",
  "Maanmittauslaitokselle"), unambiguous, with no sign of
  another issuer (a firm signing below the letter is its sender: "… Thai Koti Oy"), and the
  model says ``none``: S (``rules_addressed``), automatic if the calibrated confidence reaches
  the threshold. On the hand-written development and calibration sets (eighth pass) the rules
  were right in every such case; a look-alike that names the authority in its body, or a
  municipality named by a common noun, stays out.
- rules say S on a title or keywords (no form code of S), model says another service M at
  ``MODEL_OVER_RULES_MIN`` or more (``model_over_rules``): M, raw confidence ``p_model``,
  automatic as ``model_only`` and only when a catalogue title or keyword of M is in the text
  and no sibling service contests M. A letter that mentions another matter in passing
  ("Lainhuuto on myönnetty", "… so that my unemployment benefit comes to the new account")
  gives the rules that matter's title; on the hand-written sets 28-35 the model was right in
  each of the 14 such disagreements at that probability (classifiers/README.md, twelfth pass).
- rules say S, model says another service, or ``none`` against a weaker rule match
  (disagreement): the more confident of the two, never automatic (review).
- rules say nothing, model says S: S with raw confidence ``p_model``; automatic if ``p_model``
  ≥ the model's calibrated threshold, and, when the rules' keywords fit a sibling service of
  the same authority as well (``contested_by``), only at a stated confidence of 0.98
  (``CONTESTED_MIN_CONFIDENCE``); never while the model gives a service that customers'
  words mix up with S (``Service.confused_with``) ``CONFUSED_PARTNER_MAX`` or more.
- rules say nothing, model says ``none``, and the text names exactly one authority of the
  catalogue (not one named by common nouns, "kunta"): the model's best service of that
  authority, raw confidence its share of the authority's probability (``named_authority``).
  A letter "Hei Kela, …" in wording the model has never seen is Kela's: on the hand-written
  sets the model answered "none of ours" to 34 such texts, of which 26 were that authority's
  best service and 3 really none (classifiers/README.md). Automatic only when the text opens
  with that authority (as ``rules_addressed``: "Poliisille", "Dear Arts Promotion Centre"),
  a catalogue title or keyword of the service is in it, no sibling service is as well
  supported (``contested_by``) and the calibrated confidence reaches the threshold: on the
  hand-written sets 21-27 with the tenth pass's model 7 of 7 such answers were right; the
  look-alikes answered this way did not open with the authority (one only through the first
  part of a compound, "Tulli- ja veroerittely").
- neither knows: no service, confidence ``p_model(none)``, never automatic.

Then, for every answer:

- **evidence of the authority** (``classifiers._provenance``): an automatic delivery needs a
  form code or a title of the service or its authority's name in the text (when the words as
  written show none, also on their Voikko base forms: "verokortin" is "verokortti", "poliisilta"
  names "poliisi"; without Voikko installed, those texts go to review), and no look-alike
  issuer (another country's authority, an insurer, a bank: ``lookalikes.yaml``) on the first
  lines or without the authority named; otherwise review;
- **calibrated confidence** (``classifiers.calibration``): the raw confidence through the
  model's fitted confidence map, never 0.99 or more unless rules and model agree;
- the confidence must reach ``min_confidence`` for an automatic answer.

``details["evidence"]`` records what the decision rests on (codes, titles, keywords, the
authority's name, look-alikes, the model's strongest words). Without a model the rules decide
alone (with the same evidence check). Language and fields come from the rule classifier.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from classifiers import _morphology
from classifiers._evidence import authority_mentions, base_form_phrases
from classifiers._lookalikes import letterhead_end
from classifiers._morphology import MorphologyUnavailableError, WordAnalysis
from classifiers._provenance import Provenance, load_lookalikes, provenance
from classifiers.base import Prediction
from classifiers.calibration import CAP_AGREEMENT, CAP_SINGLE, IDENTITY, Calibration
from classifiers.catalogue import Catalogue, load_catalogue
from classifiers.dataset import NONE, authority_of
from classifiers.model import ModelClassifier, TextModel
from classifiers.rules import RuleClassifier

#: The highest confidence the combined classifier states (only when rules and model agree).
MAX_CONFIDENCE = CAP_AGREEMENT

#: The lines at the start of a text where an addressee or a letterhead names the authority,
#: and no further than this many characters: further on, a one-paragraph text names it in a
#: sentence ("kvinna i 40-årsåldern, har öppnat … FPA betalar …"), not as its addressee.
ADDRESSEE_LINES = 2
ADDRESSEE_CHARS = 80

#: The model alone delivers a service that the rules' keywords give to a sibling service
#: just as well (``contested_by``) only at this confidence: on the hand-written sets 18-23,
#: 3 of 10 such deliveries below it were wrong, none of 25 above (classifiers/README.md).
CONTESTED_MIN_CONFIDENCE = 0.98

#: The model's (tempered) probability at which its service wins over a rule answer that rests
#: on titles or keywords alone (``model_over_rules``): on the hand-written sets 28-35 and dev
#: and test, 14 of 14 such disagreements at 0.99 or more were the model's service (21 of 21
#: at 0.9; classifiers/README.md, twelfth pass).
MODEL_OVER_RULES_MIN = 0.99

#: The model alone does not deliver a service while it gives one that customers' words mix up
#: with it (``Service.confused_with``: registering as unemployed at the TE office, Kela's
#: unemployment benefit) this tempered probability or more: with the thirteenth pass's first
#: model (``tc-211227036b39``) on the hand-written sets 36-43 and dev and test, 4 of the 7 such
#: deliveries were wrong; of those below it, 2 of 66 (classifiers/README.md).
CONFUSED_PARTNER_MAX = 0.01

#: The first part of a compound whose second part is shared ("Tulli- ja veroerittely": the
#: duties, not the Customs), which names no authority.
_SUSPENDED_COMPOUND = re.compile(r"\w+-(?=[ \t]+(?:ja|tai|sekä|och|eller|and|or)\b)", re.I)

log = logging.getLogger(__name__)
BaseForm = Callable[[str], "str | None"]


class _VoikkoBaseForm:
    """Voikko's base form of a word through the process's analyser (``_morphology.analyser``:
    loaded on first use, 0.3 s, thread-safe); None for every word when Voikko is not
    installed (said once in the log: such texts then lack that evidence)."""

    def __init__(self) -> None:
        self._analyse: Callable[[str], WordAnalysis] | None = None
        self._missing = False

    def __call__(self, word: str) -> str | None:
        if self._analyse is None:
            if self._missing:
                return None
            try:
                self._analyse = _morphology.analyser().analyse
            except MorphologyUnavailableError as exc:
                self._missing = True
                log.warning("no base-form evidence: %s", exc)
                return None
        return self._analyse(word).base


class CombinedClassifier:
    """Rules + model behind the ``Classifier`` protocol; thread-safe, load once per process.

    Args:
        rules: the rule classifier (form codes, titles, language, fields).
        model: the trained model (a ``ModelClassifier``), or None to decide by the rules alone.
        min_confidence: no answer below this confidence is delivered automatically.
    """

    def __init__(
        self,
        rules: RuleClassifier,
        model: TextModel | None,
        *,
        min_confidence: float,
        base_form: BaseForm | None = None,
    ) -> None:
        if not 0.0 <= min_confidence <= 1.0:
            raise ValueError("min_confidence must be between 0 and 1")
        self.rules = rules
        self.model = model
        self.min_confidence = min_confidence
        self._base_form: BaseForm = base_form or _VoikkoBaseForm()
        self.version = f"{rules.version}+{model.version}" if model else rules.version
        # authorities named mostly by common nouns ("kunta", "kaupunki", "kommun")
        self._generic = frozenset(
            a.id
            for a in rules.catalogue.authorities
            if 2 * sum(alias[:1].islower() for alias in a.aliases) > len(a.aliases)
        )

    def _authority(self, service: str) -> str:
        try:
            return self.rules.catalogue.service(service).authority
        except KeyError:
            return authority_of(service)

    def _aliases(self, authority: str | None) -> tuple[str, ...]:
        try:
            return self.rules.catalogue.authority(authority).aliases if authority else ()
        except KeyError:
            return ()

    def _provenance(
        self,
        body: str,
        service: str | None,
        authority: str | None,
        details: dict[str, object],
        terms: list[tuple[str, float]],
    ) -> Provenance:
        ev = provenance(
            body, service, authority, details, model_terms=terms,
            aliases=self._aliases(authority), generic=self._generic,
        )  # fmt: skip
        if service is None or ev.has_evidence:
            return ev
        # Nothing as written: the same phrases and names on the words' base forms.
        hits = base_form_phrases(self.rules.index, body, self._base_form)
        phrases = tuple(
            dict.fromkeys(h.phrase for h in (*hits.titles, *hits.keywords) if h.service == service)
        )
        named = authority in hits.authorities
        return replace(ev, base_form_phrases=phrases, base_form_named=named)

    def classify(self, text: str, *, hint: str | None = None) -> Prediction:
        """Classify ``text``; see the module docstring for the decision table."""
        body = f"{hint}\n{text}" if hint else text
        r = self.rules.classify(text, hint=hint)
        rules_summary = {
            "service": r.service,
            "confidence": r.confidence,
            "automatic": r.automatic,
            "ambiguous": r.details.get("ambiguous", False),
        }
        if self.model is None:
            ev = self._provenance(body, r.service, r.authority, r.details, [])
            automatic = (
                r.automatic and ev.has_evidence and not ev.lookalike and not ev.other_authority
            )
            details = {**r.details, "rules": rules_summary, "model": None}
            return replace(
                r,
                confidence=round(min(r.confidence, CAP_SINGLE), 4),
                automatic=automatic,
                details=details
                | {
                    "decision": "rules_only",
                    "evidence": ev.as_dict(),
                    "review_reason": _review_reason(automatic, r.service, ev, "rules_only"),
                },
            )
        model = self.model
        ranked = model.predict(body)
        label, p = ranked[0]
        m_service = None if label == NONE else label
        threshold = model.threshold
        calibration: Calibration = getattr(model, "calibration", IDENTITY)
        coverage_of = getattr(model, "coverage", None)
        coverage = float(coverage_of(body)) if callable(coverage_of) else 1.0
        model_summary = {
            "label": label,
            "probability": round(p, 4),
            "threshold": threshold,
            "ranked": [(k, round(v, 4)) for k, v in ranked[:3]],
            "coverage": round(coverage, 3),
        }

        def make(
            service: str | None, raw: float, method: str, automatic: bool, decision: str
        ) -> Prediction:
            authority = self._authority(service) if service else None
            confused = self._confused(service, ranked) if decision == "model_only" else []
            terms = _explain(model, body, service) if service else []
            ev = self._provenance(body, service, authority, r.details, terms)
            agreement = decision == "agreement"
            confidence = calibration.confidence(
                raw, agreement=agreement, evidence=ev.has_evidence, lookalike=ev.lookalike,
                coverage=coverage, authority=ev.authority_named, contested=bool(ev.contested_by),
                no_service=service is None, named_authority=decision == "named_authority",
            )  # fmt: skip
            automatic = (
                automatic
                and service is not None
                and ev.has_evidence
                and not ev.lookalike
                and not ev.other_authority
                and confidence >= self.min_confidence
                and not (
                    decision == "model_only"
                    and ev.contested_by
                    and confidence < CONTESTED_MIN_CONFIDENCE
                )
                and not (
                    decision in ("named_authority", "model_over_rules")
                    and not _own_uncontested_phrase(ev)
                )
                and not confused
            )
            return Prediction(
                authority=authority,
                service=service,
                confidence=round(confidence, 4),
                method=method,
                automatic=automatic,
                model_version=model.version,
                language=r.language,
                fields=r.fields,
                details={
                    "rules": rules_summary,
                    "model": model_summary,
                    "decision": decision,
                    "raw_confidence": round(raw, 4),
                    "evidence": ev.as_dict(),
                    "review_reason": (
                        "contested"
                        if confused
                        else _review_reason(automatic, service, ev, decision)
                    ),
                }
                | ({"confused_with": confused} if confused else {}),
            )

        if r.service is not None and m_service == r.service:
            raw = 1.0 - (1.0 - p) * (1.0 - r.confidence)
            confident_alone = p >= threshold or r.automatic
            return make(r.service, raw, "rules+model", confident_alone, "agreement")
        if r.service is not None and m_service is None and _strong_rule_match(r):
            return make(r.service, r.confidence, "rules", True, "rules_strong")
        if r.service is not None and m_service is None and self._addressed_title_match(r, body):
            return make(r.service, r.confidence, "rules", True, "rules_addressed")
        if (
            r.service is not None
            and m_service is not None
            and p >= MODEL_OVER_RULES_MIN
            and not _code_of(r, r.service)
        ):
            # The rules read a matter the text mentions in passing; the model the whole text.
            return make(m_service, p, "model", True, "model_over_rules")
        if r.service is not None:
            # Disagreement (another service, or "none of ours"): a person decides.
            if m_service is None or r.confidence >= p:
                service, conf, other = r.service, r.confidence, p
            else:
                service, conf, other = m_service, p, r.confidence
            return make(service, conf * (1.0 - other), "rules+model", False, "disagreement")
        if m_service is not None:
            return make(m_service, p, "model", p >= threshold, "model_only")
        named = self._named_authority(r)
        if named is not None:
            own = [(k, v) for k, v in ranked if k != NONE and self._authority(k) == named]
            if own:
                # "None of ours" about a text that names one of our authorities: that
                # authority's likeliest service, for a person to confirm.
                share = own[0][1] / (sum(v for _, v in own) or 1.0)
                addressed = self._opens_with(named, body)
                return make(own[0][0], share, "model", addressed, "named_authority")
        return make(None, p, "none", False, "no_service")

    def _confused(self, service: str | None, ranked: list[tuple[str, float]]) -> list[str]:
        """The services mixed up with ``service`` that the model gives a share of
        ``CONFUSED_PARTNER_MAX`` or more."""
        if service is None:
            return []
        try:
            partners = self.rules.catalogue.service(service).confused_with
        except KeyError:
            return []
        return [k for k, v in ranked if k in partners and v >= CONFUSED_PARTNER_MAX]

    def _addressed_title_match(self, r: Prediction, body: str) -> bool:
        """An unambiguous rule answer whose title stands on the first lines of a text that
        begins with the service's authority (the addressee or the letterhead: "Till FPA",
        "Maanmittauslaitokselle"; not an authority named by common nouns, "kommun") and
        carries no sign of another issuer, but for a firm signing below its letterhead."""
        d = r.details
        if d.get("ambiguous") or r.authority is None or r.authority in self._generic:
            return False  # "Till Sunds kommun" names a municipality, not necessarily ours
        titles = d.get("titles")
        if not isinstance(titles, list) or not any(
            isinstance(t, dict) and t.get("service") == r.service and t.get("header")
            for t in titles
        ):
            return False
        if not self._opens_with(r.authority, body):
            return False
        # No sign of another issuer, but a firm signing below the letter ("Thai Koti Oy"
        # under a restaurant's import notice) is its sender.
        head = letterhead_end(body)
        return all(
            s.kind == "private" and not s.word and s.start >= head
            for s in load_lookalikes().find(body)
        )

    def _opens_with(self, authority: str, body: str) -> bool:
        """Whether the text opens with ``authority``: its addressee or letterhead, within the
        first ``ADDRESSEE_LINES`` lines and ``ADDRESSEE_CHARS`` characters."""
        opening = "\n".join(body.strip().splitlines()[:ADDRESSEE_LINES])[:ADDRESSEE_CHARS]
        opening = _SUSPENDED_COMPOUND.sub(" ", opening)
        return authority in authority_mentions(self.rules.index, opening)

    def _named_authority(self, r: Prediction) -> str | None:
        """The one authority of the catalogue the text names (common-noun ones left out)."""
        names = r.details.get("authorities_named", [])
        named = {str(n) for n in names} if isinstance(names, list) else set()
        named -= self._generic
        return named.pop() if len(named) == 1 else None


def _strong_rule_match(r: Prediction) -> bool:
    """A confident, unambiguous rule answer resting on a form code with context and a title."""
    if not r.automatic or r.details.get("ambiguous"):
        return False
    ev = provenance("", r.service, r.authority, r.details)
    return ev.strong_rule_match


def _own_uncontested_phrase(ev: Provenance) -> bool:
    """A catalogue title or keyword of the answer's own service is in the text, and no
    sibling service is as well supported (``named_authority``, ``model_over_rules``)."""
    return bool(ev.titles or ev.keywords) and not ev.contested_by


def _code_of(r: Prediction, service: str) -> bool:
    """Whether the rules' answer rests on a form code of ``service``."""
    codes = r.details.get("codes")
    return isinstance(codes, list) and any(
        isinstance(c, dict) and c.get("service") == service for c in codes
    )


def _explain(model: TextModel, text: str, service: str) -> list[tuple[str, float]]:
    explain = getattr(model, "explain", None)
    return list(explain(text, service)) if callable(explain) else []


def _review_reason(automatic: bool, service: str | None, ev: Provenance, decision: str) -> str:
    """Why a person has to look (empty for an automatic answer)."""
    if automatic:
        return ""
    if service is None:
        return "no_service"
    if ev.lookalike:
        return "lookalike"
    if not ev.has_evidence:
        return "no_authority_evidence"
    if ev.other_authority:
        return "other_authority"
    if decision == "disagreement":
        return "disagreement"
    if decision == "named_authority":
        return "named_authority"
    if decision == "model_over_rules" and not _own_uncontested_phrase(ev):
        return "disagreement"
    if decision == "model_only" and ev.contested_by:
        return "contested"
    return "low_confidence"


def build_classifier(
    models_dir: Path | None, *, min_confidence: float, catalogue: Catalogue | None = None
) -> CombinedClassifier:
    """The process's classifier: the rules plus the active model of ``models_dir``, if any.

    Call once per process (at worker or API start-up) and share the result: it is thread-safe.
    Without an active model it classifies by the rules alone.
    """
    from classifiers.registry import ModelRegistry

    rules = RuleClassifier(catalogue or load_catalogue(), min_confidence=min_confidence)
    model = None
    if models_dir is not None:
        path = ModelRegistry(Path(models_dir)).active_path()
        if path is not None:
            model = ModelClassifier.load(path)
    return CombinedClassifier(rules, model, min_confidence=min_confidence)
