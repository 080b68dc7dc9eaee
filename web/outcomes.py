"""What actually happened to a document, in words a customer can rely on (the receipt).

One outcome per document, from its state and its current deliveries (returned and withdrawn
ones are history and never named as a destination)::

    delivered    every current route confirmed          "Delivered to Kela"
    delivering   routed, deliveries still open          "Being delivered to Kela"
    processing   being read and classified              "Being processed"
    waiting      a person decides where it goes         "Waiting for an advisor's decision"
    failed       a delivery or a stage failed           "Could not be delivered; an operator…"
    rejected     the file itself could not be read      "Could not be read; hand it in again"

A receipt with a ``delivering`` or ``processing`` document is provisional: it says so and asks
to be printed again later.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.models import Delivery, Document
from pipeline.states import CURRENT_DELIVERY, DocState

from . import catalog
from .i18n import gettext
from .messages import N_

TEXTS = {
    "delivered": N_("Delivered to %(to)s"),
    "delivering": N_("Being delivered to %(to)s"),
    "processing": N_("Being processed"),
    "waiting": N_("Waiting for an advisor's decision"),
    "failed": N_("Could not be delivered; an operator is handling it"),
    "rejected": N_("Could not be read; please hand in the document again"),
}

#: Outcomes that may still change on their own: a receipt holding one is provisional.
PROVISIONAL = frozenset({"delivering", "processing"})


@dataclass(frozen=True)
class Outcome:
    code: str
    text: str

    @property
    def provisional(self) -> bool:
        return self.code in PROVISIONAL


def outcome_of(doc: Document, deliveries: Iterable[Delivery], language: str) -> Outcome:
    """The document's outcome in ``language`` (fi, sv, en)."""
    current = [d for d in deliveries if d.state in CURRENT_DELIVERY]
    to = ", ".join(dict.fromkeys(catalog.authority_name(d.authority, language) for d in current))
    state = DocState(doc.state)
    if state == DocState.delivered:
        code = "delivered"
    elif state == DocState.classified:
        code = "delivering" if current else "processing"
    elif state in (DocState.received, DocState.ocr_done):
        code = "processing"
    elif state == DocState.needs_review:
        code = "waiting"
    elif state == DocState.rejected:
        code = "rejected"
    else:
        code = "failed"
    if "%(to)s" in TEXTS[code] and not to:
        code = "processing"
    return Outcome(code, gettext(language, TEXTS[code], to=to))
