"""Provider staff: the inbox of their own authority, the document, acknowledge or return.

Every query is scoped in the server to ``user.authority``; another authority's delivery or
document answers 404 exactly like a missing one.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from auth import check_document_access
from pipeline.deliveries import acknowledge, return_misrouted
from pipeline.errors import ConflictError
from pipeline.models import Delivery
from pipeline.states import CONFIRMED_DELIVERY, DeliveryState

from .. import catalog
from ..i18n import gettext
from ..messages import N_
from ..templating import language_of, render
from ._common import ProviderUser, audit, audit_trail, db, done_message, runtime, see_other

router = APIRouter(prefix="/provider", include_in_schema=False)

#: The inbox filter and its labels: delivered (new, not yet acknowledged), acknowledged, and
#: the provider's own returns.
INBOX_STATES = {
    DeliveryState.delivered: N_("new"),
    DeliveryState.acknowledged: N_("acknowledged"),
    DeliveryState.returned: N_("returned by you"),
}


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@router.get("", response_class=HTMLResponse)
def inbox(
    request: Request,
    user: ProviderUser,
    service: str = "",
    state: str = "",
    since: str = "",
    until: str = "",
) -> Response:
    lang = language_of(request)
    shown = (*CONFIRMED_DELIVERY, DeliveryState.returned)
    q = (
        select(Delivery)
        .where(Delivery.state.in_(shown))
        .order_by(Delivery.delivered_at.desc())
        .limit(200)
    )
    if user.authority is not None or user.role != "admin":
        q = q.where(Delivery.authority == (user.authority or ""))
    if service:
        q = q.where(Delivery.service == service)
    if state in INBOX_STATES:
        q = q.where(Delivery.state == state)
    day_from, day_to = _parse_day(since), _parse_day(until)
    if day_from:
        q = q.where(Delivery.delivered_at >= datetime.combine(day_from, time()).astimezone())
    if day_to:
        q = q.where(
            Delivery.delivered_at
            < datetime.combine(day_to + timedelta(days=1), time()).astimezone()
        )
    with db(request) as s:
        rows = [_inbox_row(d, lang) for d in s.scalars(q)]
    services = [
        (c.id, c.name)
        for _, cs in catalog.choices(lang)
        for c in cs
        if user.authority in catalog.providers_of(c.id)
    ]
    return render(
        request,
        "provider/inbox.html",
        title=gettext(lang, "Inbox"),
        rows=rows,
        services=services,
        filters={"service": service, "state": state, "since": since, "until": until},
        states=[(str(k), v) for k, v in INBOX_STATES.items()],
        labels={str(k): v for k, v in INBOX_STATES.items()},
        message=done_message(request),
    )


def _inbox_row(d: Delivery, lang: str) -> dict[str, Any]:
    """One inbox line. A returned delivery is the provider's own return record: it says when
    and why, but no longer opens the document nor shows anything read from it."""
    doc = d.document
    returned = d.state == DeliveryState.returned
    earlier = [
        x
        for x in doc.deliveries
        if x.authority == d.authority and x.round_no < d.round_no and x.returned_at
    ]
    return {
        "delivery_id": d.id,
        "document_id": None if returned else doc.id,
        "reference": doc.id,
        "service": catalog.service_name(d.service, lang),
        "delivered_at": d.delivered_at,
        "acknowledged_at": d.acknowledged_at,
        "returned_at": d.returned_at,
        "return_reason": d.return_reason if returned else None,
        "resent": bool(earlier) and not returned,
        "state": d.state,
        "pages": None if returned else doc.page_count,
        "identity": ""
        if returned
        else ", ".join(f["masked"] for f in doc.fields or [] if f.get("kind") == "henkilotunnus"),
    }


def _document_view(
    request: Request, user: ProviderUser, document_id: str, *, reveal: bool
) -> Response:
    lang = language_of(request)
    with db(request) as s:
        doc = check_document_access(s, user, document_id)
        audit(s, user, "revealed_fields" if reveal else "viewed", doc.id, page="provider")
        mine = [
            d for d in doc.deliveries if d.authority == user.authority or user.authority is None
        ]
        current = [d for d in mine if d.state in CONFIRMED_DELIVERY]
        returns = [d for d in mine if d.state == DeliveryState.returned]
        view = {
            "id": doc.id,
            "pages": doc.page_count,
            "language": doc.language,
            "service": catalog.service_name(doc.service, lang),
            "authority": catalog.authority_name(doc.authority, lang),
            "received_at": doc.submission.received_at,
            "service_point": doc.submission.service_point,
            "fields": [
                {"kind": f["kind"], "value": f["value"] if reveal else f["masked"]}
                for f in doc.fields or []
            ],
            "deliveries": [
                {
                    "id": d.id,
                    "state": d.state,
                    "delivered_at": d.delivered_at,
                    "acknowledged_at": d.acknowledged_at,
                    "can_acknowledge": d.state == DeliveryState.delivered,
                    "can_return": d.state in CONFIRMED_DELIVERY,
                }
                for d in current
            ],
            # Earlier returns by this provider: the document was sent again after them.
            "returns": [{"returned_at": d.returned_at, "reason": d.return_reason} for d in returns],
            "has_pdf": bool(doc.pdf_key),
        }
        trail = audit_trail(s, doc.id, authority=user.authority)
    return render(
        request,
        "provider/document.html",
        title=gettext(lang, "Document"),
        doc=view,
        revealed=reveal,
        trail=trail,
        message=done_message(request),
        error=request.query_params.get("problem"),
    )


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: str, user: ProviderUser) -> Response:
    return _document_view(request, user, document_id, reveal=False)


@router.post("/documents/{document_id}/reveal", response_class=HTMLResponse)
def reveal_fields(request: Request, document_id: str, user: ProviderUser) -> Response:
    """Show the extracted fields unmasked; recorded in the audit trail."""
    return _document_view(request, user, document_id, reveal=True)


@router.post("/deliveries/{delivery_id}/ack")
async def ack(request: Request, delivery_id: str, user: ProviderUser) -> Response:
    view = await run_in_threadpool(
        acknowledge, runtime(request), delivery_id, actor=user.username, authority=user.authority
    )
    return see_other(f"/provider/documents/{view['document_id']}", done="acknowledged")


@router.post("/deliveries/{delivery_id}/return")
async def return_delivery(
    request: Request, delivery_id: str, user: ProviderUser, reason: Annotated[str, Form()] = ""
) -> Response:
    try:
        await run_in_threadpool(
            return_misrouted,
            runtime(request),
            delivery_id,
            reason=reason,
            actor=user.username,
            authority=user.authority,
        )
    except ConflictError as e:
        with db(request) as s:
            d = s.get(Delivery, delivery_id)
            doc_id = d.document_id if d is not None and d.authority == user.authority else None
        if doc_id is None:
            raise
        return see_other(f"/provider/documents/{doc_id}", problem=e.message)
    return see_other("/provider", done="returned")
