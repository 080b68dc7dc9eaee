"""The automatic stages, one function each: load by id, do the work, commit the transition.

Each function commits its document's new state before it returns, so the caller (an actor)
enqueues the next stage only after the state is durable; a crash in the middle leaves the
document in its previous state, from which :func:`pipeline.queue.recover` restarts it.
"""

from __future__ import annotations

import logging
import random
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from .budget import TimeBudget
from .db import session_scope, utcnow
from .errors import (
    AspaError,
    ConfigurationError,
    NotFoundError,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from .models import AuditEvent, Classification, Delivery, Document
from .ocr import ocr_document
from .pdfsafe import sanitize_pdf
from .runtime import Runtime
from .states import DocState, check_transition
from .storage import sha256_file

log = logging.getLogger(__name__)
HELSINKI = ZoneInfo("Europe/Helsinki")


def _load(session: Session, document_id: str) -> Document:
    doc = session.get(Document, document_id, with_for_update=session.bind.dialect.name != "sqlite")  # type: ignore[union-attr]
    if doc is None:
        raise NotFoundError(f"No document {document_id}.")
    return doc


def move(session: Session, doc: Document, target: DocState, *, actor: str = "system") -> None:
    """Change a document's state through the state machine, with an audit record."""
    previous = doc.state
    doc.state = check_transition(doc.state, target)
    doc.state_changed_at = utcnow()
    session.add(
        AuditEvent(
            actor=actor, action=f"state:{target}", document_id=doc.id, details={"from": previous}
        )
    )


def fail(session: Session, doc: Document, err: AspaError) -> None:
    move(session, doc, DocState.failed)
    doc.error_code, doc.error_message = err.code, err.message


# --- OCR -------------------------------------------------------------------------------------


def run_ocr(rt: Runtime, document_id: str) -> bool:
    """OCR a received document. Returns True when classification should follow."""
    with session_scope(rt.session_factory) as s:
        doc = _load(s, document_id)
        if doc.state != DocState.received:
            return doc.state == DocState.ocr_done
        blob_key = doc.blob_key or doc.submission.blob_key
        media_type = doc.media_type or "application/pdf"
        doc.attempts += 1
    with tempfile.TemporaryDirectory(prefix="aspa-ocr-", dir=rt.work_dir) as tmp:
        out_pdf = Path(tmp) / "document.pdf"
        try:
            with rt.store.local_copy(blob_key) as src:
                budget = TimeBudget(rt.limits.time_budget_s)  # checked between pages
                result = ocr_document(src, media_type, out_pdf, rt.ocr, progress=budget)
            removed = sanitize_pdf(out_pdf)  # no active content is kept or delivered
        except AspaError as err:
            if err.transient:
                raise
            with session_scope(rt.session_factory) as s:
                fail(s, _load(s, document_id), err)
            log.warning("document %s: OCR failed (%s)", document_id, err.code)
            return False
        if removed:
            log.warning(
                "document %s: active content removed from the PDF: %s", document_id, removed
            )
        pdf_key = f"documents/{document_id}/document.pdf"
        rt.store.put_file(pdf_key, out_pdf, content_type="application/pdf")
        pdf_sha = sha256_file(out_pdf)
    with session_scope(rt.session_factory) as s:
        doc = _load(s, document_id)
        if doc.state != DocState.received:
            return doc.state == DocState.ocr_done
        doc.text = result.text
        doc.page_count = len(result.pages)
        doc.ocr_confidence = result.mean_confidence
        doc.pages = [
            {
                "number": p.number,
                "source": p.source,
                "confidence": p.confidence,
                "rotation": p.rotation,
                "skew": round(p.skew, 2),
                "chars": len(p.text),
            }
            for p in result.pages
        ]
        doc.pdf_key, doc.pdf_sha256 = pdf_key, pdf_sha
        move(s, doc, DocState.ocr_done)
    log.info(
        "document %s: OCR done, %d pages in %.1f s", document_id, len(result.pages), result.seconds
    )
    return True


# --- Classification --------------------------------------------------------------------------


def run_classify(rt: Runtime, document_id: str) -> list[str]:
    """Classify an OCR'd document. Returns the ids of deliveries to run (empty: review)."""
    with session_scope(rt.session_factory) as s:
        doc = _load(s, document_id)
        if doc.state != DocState.ocr_done:
            return _open_deliveries(s, doc) if doc.state == DocState.classified else []
        text, hint = doc.text or "", doc.hint
    prediction = rt.classifier.classify(text, hint=hint)
    with session_scope(rt.session_factory) as s:
        doc = _load(s, document_id)
        if doc.state != DocState.ocr_done:
            return []
        doc.language = prediction.language
        doc.fields = [
            {"kind": f.kind, "value": f.value, "masked": f.masked} for f in prediction.fields
        ]
        s.add(
            Classification(
                document_id=doc.id,
                authority=prediction.authority,
                service=prediction.service,
                confidence=prediction.confidence,
                method=prediction.method,
                model_version=prediction.model_version,
                automatic=prediction.automatic,
                details=dict(prediction.details),
            )
        )
        doc.authority, doc.service = prediction.authority, prediction.service
        doc.confidence = prediction.confidence
        routed = (
            prediction.automatic
            and prediction.authority is not None
            and prediction.confidence >= rt.review_threshold
        )
        if not routed:
            move(s, doc, DocState.needs_review)
            log.info("document %s: needs review (confidence %.3f)", doc.id, prediction.confidence)
            return []
        move(s, doc, DocState.classified)
        try:
            return create_deliveries(rt, s, doc)
        except ConfigurationError as err:
            fail(s, doc, err)
            log.error("document %s: %s", doc.id, err.message)
            return []


def create_deliveries(rt: Runtime, session: Session, doc: Document) -> list[str]:
    """One delivery per configured route of the document's authority (and service)."""
    assert doc.authority is not None
    # A service may have moved to another provider (TE services to the municipalities on
    # 1.1.2025): the document goes to whoever provides the service on the day it was received.
    received = doc.submission.received_at.astimezone(HELSINKI).date()
    provider = rt.provider_for(doc.authority, doc.service, received)
    ids = []
    for route in rt.routing.routes_for(provider, doc.service):
        existing = session.scalar(
            select(Delivery).where(
                Delivery.document_id == doc.id,
                Delivery.authority == provider,
                Delivery.connector == route.name,
            )
        )
        if existing is None:
            existing = Delivery(
                document_id=doc.id,
                authority=provider,
                service=doc.service,
                connector=route.name,
            )
            session.add(existing)
            session.flush()
        elif existing.state in ("returned", "dead"):
            existing.state, existing.attempts = "pending", 0
        if existing.state != "delivered":
            ids.append(existing.id)
    return ids


def _open_deliveries(session: Session, doc: Document) -> list[str]:
    return [d.id for d in doc.deliveries if d.state in ("pending", "sending", "retrying")]


# --- Delivery and billing ----------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryOutcome:
    state: str  # delivered | retrying | dead | skipped
    retry_in_s: float | None = None


def backoff(attempt: int, rt: Runtime) -> float:
    """Exponential backoff with full jitter (AWS style), capped."""
    ceiling = min(rt.delivery.max_backoff_s, rt.delivery.min_backoff_s * (2 ** (attempt - 1)))
    return random.uniform(rt.delivery.min_backoff_s, max(rt.delivery.min_backoff_s, ceiling))


def run_delivery(rt: Runtime, delivery_id: str) -> DeliveryOutcome:
    """Deliver one package; on success post the billable event in the same transaction."""
    with session_scope(rt.session_factory) as s:
        d = s.get(Delivery, delivery_id)
        if d is None:
            raise NotFoundError(f"No delivery {delivery_id}.")
        if d.state not in ("pending", "sending", "retrying"):
            return DeliveryOutcome("skipped")
        doc = d.document
        sub = doc.submission
        route_name, authority = d.connector, d.authority
        d.state, d.attempts = "sending", d.attempts + 1
        attempt = d.attempts
        decided = doc.classifications[-1] if doc.classifications else None
        pdf_key = doc.pdf_key
        manifest_args = dict(
            delivery_id=d.id,
            document_id=doc.id,
            submission_id=sub.id,
            authority=authority,
            service=doc.service,
            confidence=doc.confidence,
            classified_by=(decided.decided_by or decided.method) if decided else "unknown",
            service_point=sub.service_point,
            received_at=sub.received_at,
            pages=doc.page_count or 0,
            language=doc.language,
        )
    try:
        route = rt.routing.route(route_name)
        if pdf_key is None:
            raise PermanentDeliveryError("The document has no searchable PDF.")
        with rt.store.local_copy(pdf_key) as pdf:
            package = rt.plugins.build_package(pdf_path=pdf, **manifest_args)  # type: ignore[arg-type]
            receipt = route.build().deliver(package)
    except TransientDeliveryError as err:
        return _delivery_failed(rt, delivery_id, err, attempt)
    except PermanentDeliveryError as err:
        return _delivery_failed(rt, delivery_id, err, attempt, permanent=True)
    with session_scope(rt.session_factory) as s:
        d = s.get(Delivery, delivery_id)
        assert d is not None
        now = utcnow()
        d.state, d.delivered_at = "delivered", now
        d.last_error = d.last_error_code = None
        d.receipt = receipt.as_dict()
        if receipt.acknowledged:
            d.acknowledged_at = now
        doc = _load(s, d.document_id)
        s.add(
            AuditEvent(
                actor="system",
                action="delivered",
                document_id=doc.id,
                details={"delivery_id": d.id, "authority": d.authority, "connector": d.connector},
            )
        )
        rt.plugins.billing.on_delivered(
            s,
            document_id=doc.id,
            service_point=doc.submission.service_point,
            provider=d.authority,
            service=doc.service,
            occurred_at=now,
            advisor=doc.submission.submitted_by,
            source=f"delivery:{d.connector}",
        )
        s.flush()
        if doc.state == DocState.classified and all(x.state == "delivered" for x in doc.deliveries):
            move(s, doc, DocState.delivered)
    return DeliveryOutcome("delivered")


def _delivery_failed(
    rt: Runtime, delivery_id: str, err: AspaError, attempt: int, *, permanent: bool = False
) -> DeliveryOutcome:
    with session_scope(rt.session_factory) as s:
        d = s.get(Delivery, delivery_id)
        assert d is not None
        d.last_error_code, d.last_error = err.code, err.message
        dead = permanent or attempt >= rt.delivery.max_attempts
        s.add(
            AuditEvent(
                actor="system",
                action="delivery_failed",
                document_id=d.document_id,
                details={"delivery_id": d.id, "code": err.code, "attempt": attempt, "dead": dead},
            )
        )
        if dead:
            d.state, d.next_attempt_at = "dead", None
            doc = _load(s, d.document_id)
            if doc.state == DocState.classified:
                fail(s, doc, err)
            log.warning("delivery %s dead after %d attempts (%s)", d.id, attempt, err.code)
            return DeliveryOutcome("dead")
        delay = backoff(attempt, rt)
        d.state, d.next_attempt_at = "retrying", utcnow() + timedelta(seconds=delay)
        log.info(
            "delivery %s attempt %d failed (%s); retry in %.1f s", d.id, attempt, err.code, delay
        )
        return DeliveryOutcome("retrying", retry_in_s=delay)


def park_delivery(rt: Runtime, delivery_id: str, err: AspaError) -> None:
    """Send a delivery to the dead letters with ``err`` (an operator retries it)."""
    with session_scope(rt.session_factory) as s:
        d = s.get(Delivery, delivery_id)
        if d is None or d.state == "delivered":
            return
        attempts = d.attempts
    _delivery_failed(rt, delivery_id, err, attempts, permanent=True)
