"""Words for the codes the pages show: how a document was classified, delivery states."""

from __future__ import annotations

from typing import Any

from . import catalog
from .i18n import gettext
from .messages import N_

METHOD_LABELS = {
    "rules": N_("by the form's code and title"),
    "model": N_("by the language model"),
    "rules+model": N_("by the form's code and the language model"),
    "person": N_("decided by a person"),
}


def method_label(language: str, method: str | None, decided_by: str | None) -> str:
    """``(tunnistettu lomakkeen tunnuksesta)`` / ``(henkilön päätös: neuvoja1)`` and so on."""
    if not method:
        return ""
    words = gettext(language, METHOD_LABELS.get(method, N_("by the machine")))
    if decided_by:
        return gettext(language, "%(how)s: %(user)s", how=words, user=decided_by)
    return words


def form_title(doc: Any, lang: str) -> str:
    """``AT 1 · Yleinen asumistuki``: the form code found on the page and the service's name."""
    code = next((f["value"] for f in doc.fields or [] if f.get("kind") == "form_code"), "")
    name = catalog.service_name(doc.service, lang)
    return " · ".join(x for x in (code, name) if x)
