"""The operator: the queue dashboard (refreshing itself), retry and requeue."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response

from pipeline.deliveries import requeue_document, retry_dead, retry_delivery
from pipeline.errors import ConflictError, NotFoundError
from pipeline.models import Delivery, Document

from .. import catalog
from ..dashboard import WAITING, queue_stats
from ..error_text import error_text
from ..i18n import gettext
from ..masking import mask_text
from ..templating import language_of, render
from ..timefmt import format_datetime, format_time
from ._common import (
    OperatorUser,
    audit_trail,
    db,
    done_message,
    problem_for,
    problem_message,
    queue,
    see_other,
)

router = APIRouter(prefix="/operator", include_in_schema=False)


def localised_stats(request: Request) -> dict[str, Any]:
    """The dashboard's numbers with times and error codes as words (page and refresh alike)."""
    lang = language_of(request)
    with db(request) as s:
        stats = queue_stats(s)
    stats["generated_text"] = format_time(stats["generated_at"])
    for d in stats["failed_documents"]:
        d["since_text"] = format_datetime(d["since"], lang)
    for key in ("failed_documents", "dead_deliveries", "retrying_deliveries"):
        for d in stats[key]:
            d["error_words"] = error_text(lang, d["error"]) if d["error"] else ""
            d["short"] = (d.get("document_id") or d["id"])[:8]
            if "authority" in d:
                d["authority_name"] = catalog.authority_name(d["authority"], lang)
    for d in stats["retrying_deliveries"]:
        d["next_text"] = format_datetime(d["next_attempt_at"], lang)
        d["since_text"] = format_datetime(d.get("retrying_since"), lang)
    stats["quarantine"] = quarantine_rows(request)
    return stats


@router.get("", response_class=HTMLResponse)
def dashboard(request: Request, user: OperatorUser) -> Response:
    lang = language_of(request)
    stats = localised_stats(request)
    return render(
        request,
        "operator/dashboard.html",
        title=gettext(lang, "Queue"),
        stats=stats,
        stages=[*WAITING.values(), "delivery_attempt"],
        message=done_message(request),
        error=problem_message(request),
    )


@router.get("/stats")
def stats_json(request: Request, user: OperatorUser) -> JSONResponse:
    return JSONResponse(localised_stats(request), headers={"Cache-Control": "no-store"})


@router.post("/deliveries/{delivery_id}/retry")
async def retry_one(request: Request, delivery_id: str, user: OperatorUser) -> Response:
    try:
        await run_in_threadpool(retry_delivery, queue(request), delivery_id, actor=user.username)
    except ConflictError as e:
        return see_other("/operator", problem=problem_for(e))
    return see_other("/operator", done="retried")


@router.post("/deliveries/retry-dead")
async def retry_all(request: Request, user: OperatorUser) -> Response:
    await run_in_threadpool(retry_dead, queue(request), actor=user.username)
    return see_other("/operator", done="retried_all")


@router.post("/documents/{document_id}/requeue")
async def requeue(request: Request, document_id: str, user: OperatorUser) -> Response:
    try:
        await run_in_threadpool(requeue_document, queue(request), document_id, actor=user.username)
    except ConflictError as e:
        return see_other("/operator", problem=problem_for(e))
    return see_other("/operator", done="requeued")


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_audit(request: Request, document_id: str, user: OperatorUser) -> Response:
    """A document's audit trail and deliveries (no content)."""
    lang = language_of(request)
    with db(request) as s:
        doc = s.get(Document, document_id)
        if doc is None:
            raise NotFoundError(f"No document {document_id}.")
        deliveries = [
            {
                "id": d.id,
                "authority": d.authority,
                "state": d.state,
                "attempts": d.attempts,
                "error": d.last_error_code,
            }
            for d in s.query(Delivery).filter(Delivery.document_id == doc.id)
        ]
        view = {"id": doc.id, "state": doc.state, "error": doc.error_code, "deliveries": deliveries}
        trail = audit_trail(s, doc.id, lang)
    return render(
        request, "operator/document.html", title=gettext(lang, "Audit trail"), doc=view, trail=trail
    )


@router.get("/deliveries/{delivery_id}", response_class=HTMLResponse)
def delivery_detail(request: Request, delivery_id: str, user: OperatorUser) -> Response:
    """One delivery (a dead letter, typically): the provider's reason, attempts, next try."""
    lang = language_of(request)
    with db(request) as s:
        d = s.get(Delivery, delivery_id)
        if d is None:
            raise NotFoundError(f"No delivery {delivery_id}.")
        view = {
            "id": d.id,
            "document_id": d.document_id,
            "authority": catalog.authority_name(d.authority, lang),
            "connector": d.connector,
            "state": d.state,
            "attempts": d.attempts,
            "error": d.last_error_code,
            "error_words": error_text(lang, d.last_error_code, d.last_error)
            if d.last_error_code
            else "",
            "provider_reason": mask_text(d.last_error or ""),
            "created_at": d.created_at,
            "next_attempt_at": d.next_attempt_at,
            "delivered_at": d.delivered_at,
        }
    return render(
        request,
        "operator/delivery.html",
        title=gettext(lang, "Delivery"),
        d=view,
    )


def quarantine_rows(request: Request, limit: int = 50) -> list[dict[str, Any]]:
    """Files kept in quarantine (bad input), newest first, with the reason as words."""
    from sqlalchemy import select

    from pipeline.models import Submission

    lang = language_of(request)
    with db(request) as s:
        subs = s.scalars(
            select(Submission)
            .where(Submission.quarantined.is_(True), Submission.duplicate_of.is_(None))
            .order_by(Submission.received_at.desc())
            .limit(limit)
        ).all()
        out = []
        for sub in subs:
            doc = s.scalar(select(Document).where(Document.submission_id == sub.id).limit(1))
            code = doc.error_code if doc is not None else None
            out.append(
                {
                    "id": sub.id,
                    "document_id": doc.id if doc is not None else None,
                    "name": mask_text(sub.filename or ""),
                    "channel": gettext(lang, sub.channel),
                    "service_point": sub.service_point,
                    "received_text": format_datetime(sub.received_at, lang),
                    "error": code,
                    "error_words": error_text(lang, code, doc.error_message if doc else None)
                    if code
                    else "",
                }
            )
    return out
