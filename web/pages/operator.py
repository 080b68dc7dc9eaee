"""The operator: the queue dashboard (refreshing itself), retry and requeue."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response

from pipeline.db import session_scope
from pipeline.deliveries import retry_dead, retry_delivery
from pipeline.errors import ConflictError, NotFoundError
from pipeline.models import Delivery, Document
from pipeline.queue import Queue
from pipeline.stages import Stage, next_for_document, restart_state
from pipeline.states import DeliveryState, DocState
from pipeline.steps import move

from ..dashboard import WAITING, queue_stats
from ..i18n import gettext
from ..templating import language_of, render
from ._common import OperatorUser, audit_trail, db, done_message, queue, see_other

router = APIRouter(prefix="/operator", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def dashboard(request: Request, user: OperatorUser) -> Response:
    lang = language_of(request)
    with db(request) as s:
        stats = queue_stats(s)
    return render(
        request,
        "operator/dashboard.html",
        title=gettext(lang, "Queue"),
        stats=stats,
        stages=[*WAITING.values(), "delivery_attempt"],
        message=done_message(request),
        error=request.query_params.get("problem"),
    )


@router.get("/stats")
def stats_json(request: Request, user: OperatorUser) -> JSONResponse:
    with db(request) as s:
        return JSONResponse(queue_stats(s), headers={"Cache-Control": "no-store"})


@router.post("/deliveries/{delivery_id}/retry")
async def retry_one(request: Request, delivery_id: str, user: OperatorUser) -> Response:
    try:
        await run_in_threadpool(retry_delivery, queue(request), delivery_id, actor=user.username)
    except ConflictError as e:
        return see_other("/operator", problem=e.message)
    return see_other("/operator", done="retried")


@router.post("/deliveries/retry-dead")
async def retry_all(request: Request, user: OperatorUser) -> Response:
    await run_in_threadpool(retry_dead, queue(request), actor=user.username)
    return see_other("/operator", done="retried_all")


def requeue_document(q: Queue, document_id: str, *, actor: str) -> str:
    """Send a failed document back to the stage where it failed; returns that stage.

    Dead deliveries are retried; otherwise the document goes back to the state the table of
    stages restarts it from (classification with its text, OCR without) and that stage runs.
    """
    with session_scope(q.runtime.session_factory) as s:
        doc = s.get(Document, document_id)
        if doc is None:
            raise NotFoundError(f"No document {document_id}.")
        if doc.state != DocState.failed:
            raise ConflictError(f"A document in state '{doc.state}' is not failed.")
        dead = [d.id for d in doc.deliveries if d.state == DeliveryState.dead]
        has_text = doc.pdf_key is not None and doc.text is not None
    if dead:
        for delivery_id in dead:
            retry_delivery(q, delivery_id, actor=actor)
        return str(Stage.deliver)
    with session_scope(q.runtime.session_factory) as s:
        doc = s.get(Document, document_id)
        assert doc is not None
        move(s, doc, restart_state(has_text=has_text), actor=actor)
        doc.error_code = doc.error_message = None
        work = next_for_document(doc.id, doc.state)
    assert work is not None
    q.send(work)
    return str(work.stage)


@router.post("/documents/{document_id}/requeue")
async def requeue(request: Request, document_id: str, user: OperatorUser) -> Response:
    try:
        await run_in_threadpool(requeue_document, queue(request), document_id, actor=user.username)
    except ConflictError as e:
        return see_other("/operator", problem=e.message)
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
        trail = audit_trail(s, doc.id)
    return render(
        request, "operator/document.html", title=gettext(lang, "Audit trail"), doc=view, trail=trail
    )
