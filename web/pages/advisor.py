"""The advisor at the counter: upload, check, confirm or correct, print a receipt, record events."""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import and_, select

from auth import check_document_access, visible_document_filter
from billing.errors import BillingInputError
from billing.event_checks import check_manual_event
from billing.ledger import record_service_event
from billing.models import BillableEvent
from pipeline.delivery_cycle import pending_return
from pipeline.errors import ConflictError, ResendNeedsConfirmationError
from pipeline.models import Delivery, Document, Submission
from pipeline.review import decide
from pipeline.states import CURRENT_DELIVERY, FINAL, DeliveryState, DocState
from pipeline.steps import received_on

from .. import catalog
from ..i18n import gettext
from ..masking import mask_text
from ..messages import N_
from ..templating import language_of, render
from ._common import AdvisorUser, audit, audit_trail, db, done_message, queue, see_other
from ._evidence import evidence_view

router = APIRouter(prefix="/advisor", include_in_schema=False)

MANUAL_EVENT_TYPES = (1, 2, 4)
EVENT_TYPE_NAMES = {
    1: N_("Electronic service at a customer terminal"),
    2: N_("Remote service over video"),
    3: N_("Service at the counter"),
    4: N_("Service by the authority's own clerk"),
}


#: The list filter's extra choice: documents a provider returned, waiting for a new decision.
RETURNED = "returned"


WAITING_LABEL = N_("waiting to be delivered")


def _waiting(doc: Document) -> bool:
    """Classified, and a delivery failed and waits for its next try (a provider is down)."""
    return doc.state == DocState.classified and any(
        d.state == DeliveryState.retrying for d in doc.deliveries
    )


def _state_label(doc: Document, lang: str) -> str:
    return gettext(lang, WAITING_LABEL if _waiting(doc) else doc.state)


def _row(doc: Document, lang: str) -> dict[str, Any]:
    returned = pending_return(doc.deliveries)
    return {
        "id": doc.id,
        "name": doc.source_name or doc.submission.filename or doc.id,
        "received_at": doc.submission.received_at,
        "state": doc.state,
        "state_label": _state_label(doc, lang),
        # where routing sends it for the day it was received (a moved service says so)
        "authority": catalog.destination(doc.authority, doc.service, received_on(doc), lang),
        "service": catalog.service_name(doc.service, lang),
        "confidence": doc.confidence,
        "returned_by": catalog.authority_name(returned.authority, lang) if returned else None,
    }


def _returned_filter() -> Any:
    """Documents waiting after a return: a returned delivery and no current one."""
    returned = select(Delivery.document_id).where(Delivery.state == DeliveryState.returned)
    current = select(Delivery.document_id).where(Delivery.state.in_(CURRENT_DELIVERY))
    return and_(
        Document.state == DocState.needs_review,
        Document.id.in_(returned),
        Document.id.not_in(current),
    )


@router.get("", response_class=HTMLResponse)
def advisor_home(request: Request, user: AdvisorUser, state: str = "") -> Response:
    lang = language_of(request)
    with db(request) as s:
        q = select(Document).join(Submission).order_by(Document.created_at.desc()).limit(100)
        if state == RETURNED:
            q = q.where(_returned_filter())
        elif state:
            q = q.where(Document.state == state)
        clause = visible_document_filter(user)
        if clause is not None:
            q = q.where(clause)  # type: ignore[arg-type]
        rows = [_row(d, lang) for d in s.scalars(q)]
    return render(
        request,
        "advisor/home.html",
        title=gettext(lang, "Documents"),
        rows=rows,
        state=state,
        states=[str(x) for x in DocState] + [RETURNED],
        message=done_message(request),
    )


@router.get("/status")
def document_states(
    request: Request, user: AdvisorUser, ids: Annotated[list[str], Query()]
) -> JSONResponse:
    """States of the caller's documents, polled by the upload page."""
    lang = language_of(request)
    out = []
    with db(request) as s:
        q = select(Document).where(Document.id.in_(ids[:200])).order_by(Document.created_at)
        clause = visible_document_filter(user)
        if clause is not None:
            q = q.where(clause)  # type: ignore[arg-type]
        for d in s.scalars(q):
            out.append(
                {
                    "id": d.id,
                    "name": mask_text(d.source_name or d.submission.filename or ""),
                    "state": d.state,
                    "label": _state_label(d, lang),
                    "final": d.state in FINAL,
                    "error": d.error_code,
                }
            )
    return JSONResponse({"documents": out})


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(
    request: Request, document_id: str, user: AdvisorUser, resend: str = ""
) -> Response:
    lang = language_of(request)
    with db(request) as s:
        doc = check_document_access(s, user, document_id)
        audit(s, user, "viewed", doc.id, page="advisor")
        last = doc.classifications[-1] if doc.classifications else None
        machine = next((c for c in reversed(doc.classifications) if c.decided_by is None), None)
        day = received_on(doc)
        returned = pending_return(doc.deliveries)
        returner = returned.authority if returned else None
        # The returning authority's service is never offered as the default choice.
        selected = doc.service
        if returner and catalog.provider_on(doc.service, doc.authority or "", day) == returner:
            selected = None
        view = {
            **_row(doc, lang),
            "text": doc.text or "",
            "pages": doc.page_count,
            "service_id": selected,
            "authority_id": doc.authority,
            "method": last.method if last else None,
            "decided_by": last.decided_by if last else None,
            "error": doc.error_code,
            "returned": {
                "by": catalog.authority_name(returned.authority, lang),
                "at": returned.returned_at,
                "reason": returned.return_reason or "",
            }
            if returned
            else None,
            "deliveries": [
                {
                    "authority": catalog.authority_name(d.authority, lang),
                    "round": d.round_no,
                    "state": d.state,
                    "attempts": d.attempts,
                    "next_attempt_at": d.next_attempt_at,
                    "reason": mask_text(d.last_error or "")
                    if d.state in (DeliveryState.retrying, DeliveryState.dead)
                    else "",
                    "delivered_at": d.delivered_at,
                    "acknowledged_at": d.acknowledged_at,
                    "returned_at": d.returned_at,
                    "return_reason": d.return_reason,
                }
                for d in sorted(doc.deliveries, key=lambda d: (d.round_no, d.created_at))
            ],
            "has_pdf": bool(doc.pdf_key or doc.blob_key),
            "why": evidence_view(machine.details, lang) if machine else None,
        }
        trail = audit_trail(s, doc.id)
    groups = catalog.choices(lang, on=day)
    instructions = {c.id: c.instruction for _, cs in groups for c in cs}
    confirm = None
    known = catalog.known_services()
    if returner and resend in known and catalog.provider_on(resend, known[resend], day) == returner:
        confirm = {"service": resend, "name": catalog.service_name(resend, lang)}
    return render(
        request,
        "advisor/document.html",
        title=gettext(lang, "Document"),
        doc=view,
        groups=groups,
        instructions_json=json.dumps(instructions, ensure_ascii=False).replace("<", "\\u003c"),
        instruction=catalog.instruction(selected, lang),
        trail=trail,
        can_decide=view["state"] in ("needs_review", "classified"),
        confirm_resend=confirm,
        message=done_message(request),
        error=request.query_params.get("problem"),
    )


@router.post("/documents/{document_id}/decide")
async def decide_document(
    request: Request,
    document_id: str,
    user: AdvisorUser,
    service: Annotated[str, Form()],
    confirm_resend: Annotated[str, Form()] = "",
) -> Response:
    known = catalog.known_services()
    authority = known.get(service)
    with db(request) as s:
        check_document_access(s, user, document_id)
    if authority is None:
        return see_other(
            f"/advisor/documents/{document_id}",
            problem=gettext(language_of(request), "Choose a service."),
        )
    try:
        result = await run_in_threadpool(
            decide,
            queue(request),
            document_id,
            authority=authority,
            service=service,
            actor=user.username,
            known_services=known,
            confirm_resend=confirm_resend == "yes",
        )
    except ResendNeedsConfirmationError:
        # Back to the authority that returned it: show its reason and ask first.
        return see_other(f"/advisor/documents/{document_id}", resend=service)
    except ConflictError as e:
        return see_other(f"/advisor/documents/{document_id}", problem=e.message)
    return see_other(
        f"/advisor/documents/{document_id}",
        done="corrected" if result["corrected"] else "confirmed",
    )


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, user: AdvisorUser) -> Response:
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
        message=done_message(request),
        error=request.query_params.get("problem"),
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
        return see_other(
            "/advisor/events", problem=gettext(lang, "Choose the type and the provider.")
        )
    if service and provider not in catalog.providers_of(service):
        return see_other(
            "/advisor/events", problem=gettext(lang, "The service does not belong to the provider.")
        )
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
            return see_other("/advisor/events", problem=gettext(lang, e.message))
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
