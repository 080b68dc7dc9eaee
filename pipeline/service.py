"""Service functions shared by the CLI and the API: submit, look up, describe a document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from .db import session_scope
from .errors import NotFoundError
from .incoming import IncomingFile, Submitted
from .intake import IntakeResult, accept_file
from .models import Document, Submission
from .queue import Queue
from .runtime import Runtime
from .stages import Stage, Work, next_for_document
from .states import DocState
from .steps import received_on


def submit_file(queue: Queue, path: Path, file: IncomingFile, *, split: bool = False) -> Submitted:
    """Take the file at ``path`` in, commit, and enqueue OCR for its new documents.

    Raises:
        QueueUnavailableError: the file is saved but the broker is down (the sweeper sends it
            on later; sending the file again is safe).

    With ``split`` a multi-page batch becomes one document per part (separator sheets, or where
    a new form's first page starts).
    """
    rt = queue.runtime
    with session_scope(rt.session_factory) as s:
        result = accept_file(
            s,
            rt.store,
            path,
            filename=file.filename,
            channel=file.channel,
            service_point=file.service_point,
            submitted_by=file.submitted_by,
            limits=rt.limits,
            hint=file.hint,
            meta=file.meta,
        )
        if split and result.error is None and result.duplicate_of is None:
            from .splitting import split_into_documents

            ids = split_into_documents(
                s,
                rt.store,
                path,
                result,
                top_text=rt.top_text,
                looks_like_first_page=rt.looks_like_first_page,
                work_dir=rt.work_dir,
                split_batch=rt.plugins.split_batch,
            )
            result = IntakeResult(result.submission_id, ids)
    if result.error is None and result.duplicate_of is None:
        queue.send_all(Work(Stage.ocr, doc_id) for doc_id in result.document_ids)
    elif result.error is None:
        # The same file again: if its first copy is still waiting for an automatic stage (its
        # message may have been lost), send that stage again; a duplicate message is harmless.
        queue.send_all(_waiting(queue.runtime, result.document_ids))
    err = result.error
    return Submitted(
        file.source,
        file.filename,
        result.document_ids,
        err.code if err else None,
        err.message if err else None,
        submission_id=result.submission_id,
        duplicate_of=result.duplicate_of,
    )


def _waiting(rt: Runtime, document_ids: tuple[str, ...]) -> list[Work]:
    with session_scope(rt.session_factory) as s:
        rows = s.execute(select(Document.id, Document.state).where(Document.id.in_(document_ids)))
        found = [next_for_document(doc_id, state) for doc_id, state in rows]
    return [w for w in found if w is not None]


PUBLIC_STATUS = {
    DocState.delivered: "delivered",
    DocState.needs_review: "needs_review",
    DocState.rejected: "rejected",
    DocState.failed: "failed",
}


def describe(rt: Runtime, document_id: str, *, with_text: bool = True) -> dict[str, Any]:
    """The public view of a document (the ``aspa process --json`` line and the API body)."""
    with session_scope(rt.session_factory) as s:
        doc = s.get(Document, document_id)
        if doc is None:
            raise NotFoundError(f"No document {document_id}.")
        sub = s.get(Submission, doc.submission_id)
        last = doc.classifications[-1] if doc.classifications else None
        out: dict[str, Any] = {
            "document_id": doc.id,
            "submission_id": doc.submission_id,
            "status": PUBLIC_STATUS.get(DocState(doc.state), "processing"),
            "state": str(doc.state),
            "authority": doc.authority,
            "service": doc.service,
            # who routing sends it to for the day it was received (TE services: the
            # municipality since 1.1.2025)
            "destination": (
                rt.provider_for(doc.authority, doc.service, received_on(doc))
                if doc.authority
                else None
            ),
            "confidence": None if doc.confidence is None else round(doc.confidence, 4),
            "method": last.method if last else None,
            "model_version": last.model_version if last else None,
            "language": doc.language,
            "pages": doc.page_count,
            "ocr_confidence": None if doc.ocr_confidence is None else round(doc.ocr_confidence, 1),
            "service_point": sub.service_point if sub else None,
            "received_at": sub.received_at.isoformat() if sub else None,
            "fields": [{"kind": f["kind"], "value": f["masked"]} for f in doc.fields or []],
            "deliveries": [
                {
                    "id": d.id,
                    "authority": d.authority,
                    "connector": d.connector,
                    "round": d.round_no,
                    "state": d.state,
                    "attempts": d.attempts,
                    "error": d.last_error_code,
                }
                for d in doc.deliveries
            ],
            "error": (
                {"code": doc.error_code, "message": doc.error_message} if doc.error_code else None
            ),
        }
        if with_text:
            out["text"] = doc.text or ""
        return out


def list_documents(
    rt: Runtime,
    *,
    state: str | None = None,
    authority: str | None = None,
    service_point: str | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """The newest documents, filtered in the query (so ``limit`` counts matches only)."""
    with session_scope(rt.session_factory) as s:
        q = select(Document.id).order_by(Document.created_at.desc()).limit(limit)
        if state:
            q = q.where(Document.state == state)
        if authority:
            q = q.where(Document.authority == authority)
        if service_point:
            q = q.join(Submission, Submission.id == Document.submission_id).where(
                Submission.service_point == service_point
            )
        ids = list(s.scalars(q))
    return [describe(rt, i, with_text=False) for i in ids]
