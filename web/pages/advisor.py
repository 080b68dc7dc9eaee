"""The advisor at the counter: upload, check, confirm or correct, print a receipt, record events."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import and_, select

from auth import check_document_access, visible_document_filter
from pipeline.delivery_cycle import pending_return
from pipeline.errors import ConflictError, ResendNeedsConfirmationError
from pipeline.models import Delivery, Document
from pipeline.review import decide
from pipeline.search import search
from pipeline.states import CURRENT_DELIVERY, FINAL, DeliveryState, DocState
from pipeline.steps import received_on

from .. import catalog
from ..customer import customer_name, short_name
from ..error_text import error_text
from ..i18n import LANGUAGE_NAMES, LANGUAGES, gettext
from ..labels import form_title, method_label
from ..masking import mask_text
from ..messages import N_
from ..templating import language_of, render
from ._common import (
    AdvisorUser,
    audit_once,
    audit_trail,
    db,
    done_message,
    problem_for,
    problem_message,
    queue,
    see_other,
)
from ._evidence import evidence_view
from ._listing import listing_view, query_from

router = APIRouter(prefix="/advisor", include_in_schema=False)


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
        "form": form_title(doc, lang),
        "customer": short_name(customer_name(doc.text)),
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


def _listing(request: Request, user: AdvisorUser) -> dict[str, Any]:
    lang = language_of(request)
    query, raw = query_from(request)
    scope: Any = visible_document_filter(user)
    if query.state == RETURNED:  # waiting after a return (issue 10's flag), not a state
        query = replace(query, state=None)
        scope = _returned_filter() if scope is None else and_(scope, _returned_filter())
    with db(request) as s:
        result = search(s, query, scope=scope)
        rows = [_row(d, lang) for d in result.documents]
    return {
        "rows": rows,
        "filters": raw,
        "listing": listing_view(request, result, query),
        "states": [str(x) for x in DocState] + [RETURNED],
        "authorities": catalog.authorities(lang),
        "languages_doc": [(c, LANGUAGE_NAMES[c]) for c in LANGUAGES],
    }


@router.get("", response_class=HTMLResponse)
def advisor_home(request: Request, user: AdvisorUser) -> Response:
    lang = language_of(request)
    return render(
        request,
        "advisor/home.html",
        title=gettext(lang, "Documents"),
        message=done_message(request),
        error=problem_message(request),
        **_listing(request, user),
    )


@router.get("/list", response_class=HTMLResponse)
def advisor_list(request: Request, user: AdvisorUser) -> Response:
    """The document list alone (the upload page refreshes it when processing is done)."""
    return render(request, "advisor/_list.html", **_listing(request, user))


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
                    "error_words": error_text(lang, d.error_code, d.error_message)
                    if d.error_code
                    else None,
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
        audit_once(s, user, "viewed", doc.id, page="advisor")
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
            "method": method_label(lang, last.method, last.decided_by) if last else None,
            "error": doc.error_code,
            "error_message": doc.error_message,
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
        trail = audit_trail(s, doc.id, lang)
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
        error=problem_message(request),
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
            problem="choose_service",
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
        return see_other(f"/advisor/documents/{document_id}", problem=problem_for(e))
    return see_other(
        f"/advisor/documents/{document_id}",
        done="corrected" if result["corrected"] else "confirmed",
    )
