"""Small helpers shared by the page modules."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import Principal, require_role
from auth.deps import get_queue, get_runtime
from auth.models import Role, User
from pipeline.db import session_scope
from pipeline.models import AuditEvent, Delivery

from ..i18n import gettext
from ..messages import N_
from ..templating import language_of

AdvisorUser = Annotated[Principal, Depends(require_role(Role.advisor, session_only=True))]
ProviderUser = Annotated[Principal, Depends(require_role(Role.provider, session_only=True))]
OperatorUser = Annotated[Principal, Depends(require_role(Role.operator, session_only=True))]
FinanceUser = Annotated[Principal, Depends(require_role(Role.finance, session_only=True))]
AnyUser = Annotated[Principal, Depends(require_role(session_only=True))]
ReaderUser = Annotated[
    Principal, Depends(require_role(Role.advisor, Role.provider, Role.operator, session_only=True))
]

# Outcome codes shown after a redirect (``?done=…``); the text goes through gettext.
DONE_MESSAGES = {
    "confirmed": N_("The document was confirmed and is being delivered."),
    "corrected": N_("The document was corrected and is being delivered."),
    "acknowledged": N_("Receipt acknowledged."),
    "returned": N_("The document was returned as misrouted."),
    "retried": N_("The delivery was queued again."),
    "retried_all": N_("All dead letters were queued again."),
    "requeued": N_("The document was queued again."),
    "event": N_("The service event was recorded."),
    "language": N_("Language changed."),
    "user_added": N_("The user was added."),
    "user_disabled": N_("The user was disabled."),
}


# The pages reach the app's runtime and queue through the one dependencies module.
runtime = get_runtime
queue = get_queue


@contextmanager
def db(request: Request) -> Iterator[Session]:
    with session_scope(runtime(request).session_factory) as s:
        yield s


def done_message(request: Request) -> str | None:
    code = request.query_params.get("done")
    text = DONE_MESSAGES.get(code or "")
    return gettext(language_of(request), text) if text else None


def see_other(path: str, **query: Any) -> RedirectResponse:
    q = {k: v for k, v in query.items() if v is not None}
    return RedirectResponse(path + ("?" + urlencode(q) if q else ""), status_code=303)


def audit(
    session: Session, user: Principal, action: str, document_id: str | None, **details: Any
) -> None:
    """Append an audit event (the only way pages touch the audit table)."""
    session.add(
        AuditEvent(actor=user.username, action=action, document_id=document_id, details=details)
    )


def audit_trail(
    session: Session, document_id: str, *, authority: str | None = None
) -> list[AuditEvent]:
    """The document's audit rows; for provider staff (``authority``) only what is theirs to see.

    A provider does not see what another provider's staff did, nor rows about another
    provider's deliveries (e.g. the return by the authority the document first went to).
    """
    rows = list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.document_id == document_id)
            .order_by(AuditEvent.at, AuditEvent.id)
        )
    )
    if authority is None:
        return rows
    theirs = {
        d_id: a
        for d_id, a in session.execute(
            select(Delivery.id, Delivery.authority).where(Delivery.document_id == document_id)
        )
    }
    actors = {r.actor for r in rows}
    other_staff = set(
        session.scalars(
            select(User.username).where(
                User.username.in_(actors),
                User.authority.is_not(None),
                User.authority != authority,
            )
        )
    )

    def visible(row: AuditEvent) -> bool:
        if row.actor in other_staff:
            return False
        delivery_id = (row.details or {}).get("delivery_id")
        if delivery_id is not None and theirs.get(delivery_id, authority) != authority:
            return False
        about = (row.details or {}).get("authority")
        return row.action not in ("delivered", "returned") or about in (None, authority)

    return [r for r in rows if visible(r)]


def safe_next(value: str | None) -> str | None:
    """A local path to go to after signing in (never another site)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return None


def home_of(user: Principal) -> str:
    return {
        Role.advisor: "/advisor",
        Role.provider: "/provider",
        Role.operator: "/operator",
        Role.finance: "/finance",
        Role.admin: "/operator",
    }.get(Role(user.role), "/login")
