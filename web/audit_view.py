"""The audit trail as people read it: one line per thing that happened, in their language.

The table keeps every row (it is append-only); the view leaves out a ``state:delivered`` row
when the document's ``delivered`` row says the same, names the authority a delivery went to
and shows failures as words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pipeline.models import AuditEvent

from . import catalog
from .error_text import error_text
from .i18n import gettext
from .messages import N_

WITH_AUTHORITY = {
    "delivered": N_("delivered to %(authority)s"),
    "acknowledged": N_("receipt acknowledged by %(authority)s"),
    "returned": N_("returned as misrouted by %(authority)s"),
    "delivery_retry": N_("delivery to %(authority)s queued again"),
    "delivery_withdrawn": N_("delivery to %(authority)s withdrawn"),
    "delivered_after_withdrawal": N_("received by %(authority)s after it was withdrawn"),
}
STATE = N_("state: %(state)s")


def trail_rows(events: Sequence[AuditEvent], language: str) -> list[dict[str, Any]]:
    delivered = any(e.action == "delivered" for e in events)
    rows = []
    for e in events:
        details = e.details or {}
        if e.action.startswith("state:"):
            state = e.action[6:]
            if state == "delivered" and delivered:
                continue
            words = gettext(language, STATE, state=gettext(language, state))
        elif e.action in WITH_AUTHORITY and details.get("authority"):
            name = catalog.authority_name(str(details["authority"]), language)
            words = gettext(language, WITH_AUTHORITY[e.action], authority=name)
        elif e.action == "delivery_failed":
            words = (
                gettext(language, "delivery_failed")
                + ": "
                + error_text(language, str(details.get("code") or ""))
            )
        else:
            words = gettext(language, e.action)
        rows.append({"at": e.at, "actor": e.actor, "words": words})
    return rows
