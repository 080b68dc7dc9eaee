"""What the document page shows of a machine decision's evidence (classifiers.decision)."""

from __future__ import annotations

from typing import Any

from ..i18n import gettext
from ..messages import N_

REVIEW_REASONS = {
    "no_service": N_("No service was recognised"),
    "lookalike": N_("Another issuer's form (a look-alike)"),
    "no_authority_evidence": N_("Nothing in the text names the authority or its form"),
    "other_authority": N_("The text names another authority than the suggested one"),
    "disagreement": N_("The rules and the model disagree"),
    "contested": N_("The text's words fit a sibling service just as well"),
    "named_authority": N_("Only the authority's name points to this service"),
    "low_confidence": N_("The confidence is below the threshold"),
}


def evidence_view(details: dict[str, Any] | None, lang: str) -> dict[str, Any] | None:
    """The rows of the "why" box, or None when the decision recorded no evidence.

    Only catalogue phrases, codes, the class names of look-alike signs, service ids and the
    model's lower-case words are shown (never names or identifiers: ``classifiers._provenance``,
    ``ModelClassifier.explain``).
    """
    ev = (details or {}).get("evidence")
    if not isinstance(ev, dict):
        return None
    reason = str((details or {}).get("review_reason") or "")
    return {
        "reason": gettext(lang, REVIEW_REASONS[reason]) if reason in REVIEW_REASONS else "",
        "codes": [str(c) for c in ev.get("codes", [])],
        "titles": [str(t) for t in ev.get("titles", [])],
        "keywords": [str(k) for k in ev.get("keywords", [])],
        "base_form_phrases": [str(k) for k in ev.get("base_form_phrases", [])],
        "authority_named": bool(ev.get("authority_named")),
        "authority_named_in_base_form": bool(ev.get("authority_named_in_base_form")),
        "lookalikes": [str(x) for x in ev.get("lookalikes", [])],
        "contested_by": [str(x) for x in ev.get("contested_by", [])],
        "model_terms": [str(t[0]) for t in ev.get("model_terms", []) if t],
    }
