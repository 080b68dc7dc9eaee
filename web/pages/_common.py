"""Small helpers shared by the page modules."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import Principal, require_role
from auth.deps import get_queue, get_runtime
from auth.models import Role, User
from pipeline.db import session_scope, utcnow
from pipeline.errors import AspaError
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


# Problems shown after a redirect (``?problem=…``): a page's own code or an error code. Only
# codes travel in the address, never text (a link cannot put words on the page).
PROBLEM_MESSAGES = {
    "choose_service": N_("Choose a service."),
    "choose_type_provider": N_("Choose the type and the provider."),
    "service_not_of_provider": N_("The service does not belong to the provider."),
    "choose_documents": N_("Tick at least one document for the receipt."),
    "cannot_disable_self": N_("You cannot disable yourself."),
    "no_such_user": N_("No such user."),
    "password_short": N_("A password needs at least 8 characters."),
    "advisor_needs_point": N_("An advisor needs a service point."),
    "provider_needs_authority": N_("Provider staff need an authority."),
    "user_exists": N_("A user with this name exists already."),
    "invalid_user": N_("Check the user's details."),
    "reason_missing": N_("Give a reason for returning the document."),
    "comment_missing": N_("Write a comment that explains the resolution."),
    "file_missing": N_("Choose a file."),
    "not_waiting": N_("The document is no longer waiting for a decision; reload the page."),
    "not_failed": N_("The document has not failed; there is nothing to requeue."),
    "delivery_state": N_("This delivery cannot be handled in its present state."),
    "already_delivered": N_("This delivery has already been delivered."),
    "returned_reroute": N_("A returned delivery is re-routed through review, not retried."),
    "service_not_of_authority": N_("The service does not belong to the provider."),
}
# An error's English message → the page problem that says the same (the rest: its code).
_PROBLEM_OF_MESSAGE = (
    ("Give a reason", "reason_missing"),
    ("A document in state", "not_waiting"),
    ("A delivery in state", "delivery_state"),
    ("This delivery has already", "already_delivered"),
    ("A returned delivery", "returned_reroute"),
    ("Service '", "service_not_of_authority"),
)


def problem_for(exc: AspaError) -> str:
    """The ``?problem=`` code for an error: a page problem with the same meaning, or its code."""
    if exc.message.startswith("A document in state") and "is not failed" in exc.message:
        return "not_failed"
    for start, code in _PROBLEM_OF_MESSAGE:
        if exc.message.startswith(start):
            return code
    return exc.code


def problem_message(request: Request) -> str | None:
    """The words for ``?problem=code`` (a page problem or an error code), else nothing."""
    from ..error_text import default_messages, error_text

    code = request.query_params.get("problem") or ""
    lang = language_of(request)
    if code in PROBLEM_MESSAGES:
        return gettext(lang, PROBLEM_MESSAGES[code])
    if code in default_messages():
        return error_text(lang, code)
    return None


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


AUDIT_WINDOW = timedelta(minutes=10)


def audit_once(
    session: Session, user: Principal, action: str, document_id: str | None, **details: Any
) -> None:
    """Append an audit event unless the same user did the same to the same document within
    :data:`AUDIT_WINDOW` (reloading a page or its images is one view, not many rows)."""
    since = utcnow() - AUDIT_WINDOW
    recent = session.scalar(
        select(AuditEvent.id)
        .where(
            AuditEvent.actor == user.username,
            AuditEvent.action == action,
            AuditEvent.document_id == document_id,
            AuditEvent.at >= since,
        )
        .limit(1)
    )
    if recent is None:
        audit(session, user, action, document_id, **details)


def audit_trail(
    session: Session, document_id: str, language: str = "en", *, authority: str | None = None
) -> list[dict[str, Any]]:
    """The document's audit trail as rows of words (see :mod:`web.audit_view`); for provider
    staff (``authority``) only what is theirs to see.

    A provider does not see what another provider's staff did, nor rows about another
    provider's deliveries (e.g. the return by the authority the document first went to).
    """
    from ..audit_view import trail_rows

    rows = list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.document_id == document_id)
            .order_by(AuditEvent.at, AuditEvent.id)
        )
    )
    if authority is None:
        return trail_rows(rows, language)
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

    return trail_rows([r for r in rows if visible(r)], language)


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
