"""The advisor at the counter: upload, check, confirm or correct, print a receipt, record events."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import select

from auth import check_document_access, visible_document_filter
from pipeline.db import utcnow
from pipeline.errors import ConflictError
from pipeline.models import Document
from pipeline.review import decide
from pipeline.search import search
from pipeline.states import FINAL, DocState

from .. import catalog
from ..customer import customer_name, short_name
from ..error_text import error_text
from ..i18n import LANGUAGE_NAMES, LANGUAGES, gettext
from ..labels import form_title, method_label
from ..masking import mask_text
from ..templating import language_of, render
from ._common import (
    AdvisorUser,
    audit,
    audit_once,
    audit_trail,
    db,
    done_message,
    problem_for,
    problem_message,
    queue,
    see_other,
)
from ._listing import listing_view, query_from

router = APIRouter(prefix="/advisor", include_in_schema=False)


def _row(doc: Document, lang: str) -> dict[str, Any]:
    return {
        "id": doc.id,
        "name": doc.source_name or doc.submission.filename or doc.id,
        "received_at": doc.submission.received_at,
        "state": doc.state,
        "authority": catalog.authority_name(doc.authority, lang),
        "service": catalog.service_name(doc.service, lang),
        "form": form_title(doc, lang),
        "customer": short_name(customer_name(doc.text)),
        "confidence": doc.confidence,
    }


def _listing(request: Request, user: AdvisorUser) -> dict[str, Any]:
    lang = language_of(request)
    query, raw = query_from(request)
    with db(request) as s:
        result = search(s, query, scope=visible_document_filter(user))
        rows = [_row(d, lang) for d in result.documents]
    return {
        "rows": rows,
        "filters": raw,
        "listing": listing_view(request, result, query),
        "states": [str(x) for x in DocState],
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
                    "label": gettext(lang, d.state),
                    "final": d.state in FINAL,
                    "error": d.error_code,
                    "error_words": error_text(lang, d.error_code, d.error_message)
                    if d.error_code
                    else None,
                }
            )
    return JSONResponse({"documents": out})


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: str, user: AdvisorUser) -> Response:
    lang = language_of(request)
    with db(request) as s:
        doc = check_document_access(s, user, document_id)
        audit_once(s, user, "viewed", doc.id, page="advisor")
        last = doc.classifications[-1] if doc.classifications else None
        view = {
            **_row(doc, lang),
            "text": doc.text or "",
            "pages": doc.page_count,
            "service_id": doc.service,
            "authority_id": doc.authority,
            "method": method_label(lang, last.method, last.decided_by) if last else None,
            "error": doc.error_code,
            "error_message": doc.error_message,
            "deliveries": [
                {
                    "authority": catalog.authority_name(d.authority, lang),
                    "state": d.state,
                    "delivered_at": d.delivered_at,
                    "acknowledged_at": d.acknowledged_at,
                    "return_reason": d.return_reason,
                }
                for d in doc.deliveries
            ],
            "has_pdf": bool(doc.pdf_key or doc.blob_key),
        }
        trail = audit_trail(s, doc.id, lang)
    groups = catalog.choices(lang)
    instructions = {c.id: c.instruction for _, cs in groups for c in cs}
    return render(
        request,
        "advisor/document.html",
        title=gettext(lang, "Document"),
        doc=view,
        groups=groups,
        instructions_json=json.dumps(instructions, ensure_ascii=False).replace("<", "\\u003c"),
        instruction=catalog.instruction(doc.service, lang),
        trail=trail,
        can_decide=view["state"] in ("needs_review", "classified"),
        message=done_message(request),
        error=problem_message(request),
    )


@router.post("/documents/{document_id}/decide")
async def decide_document(
    request: Request, document_id: str, user: AdvisorUser, service: Annotated[str, Form()]
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
        )
    except ConflictError as e:
        return see_other(f"/advisor/documents/{document_id}", problem=problem_for(e))
    return see_other(
        f"/advisor/documents/{document_id}",
        done="corrected" if result["corrected"] else "confirmed",
    )


@router.get("/receipt", response_class=HTMLResponse)
def receipt(
    request: Request,
    user: AdvisorUser,
    ids: Annotated[list[str] | None, Query()] = None,
    lang: str = "",
) -> Response:
    """A printable receipt for the customer: what was forwarded where (no identifiers).

    ``lang`` prints it in the customer's language (fi, sv, en) instead of the advisor's.
    """
    if not ids:
        return see_other("/advisor", problem="choose_documents")
    lang = lang if lang in LANGUAGES else language_of(request)
    items = []
    with db(request) as s:
        for document_id in ids[:50]:
            doc = check_document_access(s, user, document_id)
            audit(s, user, "receipt_printed", doc.id)
            items.append(
                {
                    "name": doc.source_name or doc.submission.filename or "",
                    "received_at": doc.submission.received_at,
                    "service": catalog.service_name(doc.service, lang),
                    "deliveries": [
                        {
                            "authority": catalog.authority_name(d.authority, lang),
                            "state": d.state,
                            "delivered_at": d.delivered_at,
                        }
                        for d in doc.deliveries
                    ],
                    "state": doc.state,
                }
            )
    return render(
        request,
        "advisor/receipt.html",
        language=lang,
        title=gettext(lang, "Receipt"),
        ids=ids[:50],
        receipt_languages=[(c, LANGUAGE_NAMES[c]) for c in LANGUAGES],
        items=items,
        printed_at=utcnow(),
        service_point=user.service_point,
    )
