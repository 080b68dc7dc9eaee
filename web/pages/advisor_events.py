"""The advisor's service events of types 1, 2 and 4 (type 3 comes from delivered documents)."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from billing.errors import BillingInputError
from billing.event_checks import check_manual_event
from billing.ledger import record_service_event
from billing.models import BillableEvent

from .. import catalog
from ..i18n import gettext
from ..messages import N_
from ..templating import language_of, render
from ._common import AdvisorUser, db, done_message, problem_for, problem_message, see_other

router = APIRouter(prefix="/advisor", include_in_schema=False)

MANUAL_EVENT_TYPES = (1, 2, 4)
EVENT_TYPE_NAMES = {
    1: N_("Electronic service at a customer terminal"),
    2: N_("Remote service over video"),
    3: N_("Service at the counter"),
    4: N_("Service by the authority's own clerk"),
}


def _events_again(problem: str, event_type: int, provider: str, service: str) -> Response:
    """Back to the form with the problem and the values as they were (no silent reset)."""
    return see_other(
        "/advisor/events",
        problem=problem,
        event_type=event_type,
        provider=provider,
        service=service or None,
    )


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request,
    user: AdvisorUser,
    event_type: int | None = None,
    provider: str = "",
    service: str = "",
) -> Response:
    lang = language_of(request)
    with db(request) as s:
        recent = list(
            s.scalars(
                select(BillableEvent)
                .where(
                    BillableEvent.advisor == user.username,
                    BillableEvent.event_type.in_(MANUAL_EVENT_TYPES),
                )
                .order_by(BillableEvent.occurred_at.desc())
                .limit(20)
            )
        )
        rows = [
            {
                "at": e.occurred_at,
                "type": gettext(lang, EVENT_TYPE_NAMES[e.event_type]),
                "provider": catalog.authority_name(e.provider, lang),
                "service": catalog.service_name(e.service, lang),
                "kind": e.kind,
            }
            for e in recent
        ]
    return render(
        request,
        "advisor/events.html",
        title=gettext(lang, "Service events"),
        rows=rows,
        types=[(t, gettext(lang, EVENT_TYPE_NAMES[t])) for t in MANUAL_EVENT_TYPES],
        authorities=catalog.authorities(lang),
        groups=catalog.choices(lang),
        form_id=secrets.token_hex(8),
        chosen={
            "event_type": event_type or MANUAL_EVENT_TYPES[0],
            "provider": provider,
            "service": service,
        },
        message=done_message(request),
        error=problem_message(request),
    )


@router.post("/events")
def record_event(
    request: Request,
    user: AdvisorUser,
    event_type: Annotated[int, Form()],
    provider: Annotated[str, Form()],
    form_id: Annotated[str, Form()],
    service: Annotated[str, Form()] = "",
) -> Response:
    lang = language_of(request)
    if event_type not in MANUAL_EVENT_TYPES or provider not in dict(catalog.authorities(lang)):
        return _events_again("choose_type_provider", event_type, provider, service)
    if service and provider not in catalog.providers_of(service):
        return _events_again("service_not_of_provider", event_type, provider, service)
    now = datetime.now().astimezone()
    with db(request) as s:
        try:  # the same checks as the API: the provider of the day (billing.event_checks)
            check_manual_event(
                s,
                provider=provider,
                service=service or None,
                occurred_at=now,
                catalogue=catalog.catalogue(),
                now=now,
            )
        except BillingInputError as e:
            return _events_again(problem_for(e), event_type, provider, service)
        record_service_event(
            s,
            event_type=event_type,
            service_point=user.service_point or "",
            provider=provider,
            service=service or None,
            occurred_at=now,
            advisor=user.username,
            source="web",
            external_ref=form_id[:40] or None,
        )
    return see_other("/advisor/events", done="event")
