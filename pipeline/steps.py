"""The automatic stages, one function each: load by id, do the work, commit the transition.

Each function claims its item (:mod:`pipeline.claims`), commits the new state before it returns
and returns the hand-offs that follow (:class:`~pipeline.stages.Work`), which the actor sends
only after the state is durable. A crash in the middle leaves the item in its previous state
with a claim that lapses; the sweeper (:mod:`pipeline.sweeper`) or a redelivered message takes
it from there. Retrying failed stages is the queue's middleware's job (:mod:`pipeline.retry`).
"""

from __future__ import annotations

import logging
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from .budget import TimeBudget
from .db import session_scope, utcnow
from .delivery_cycle import (
    complete_if_delivered,
    copies_of,
    open_round,
    set_state,
    withdraw_copies,
)
from .errors import (
    AspaError,
    ConfigurationError,
    NotFoundError,
    PermanentDeliveryError,
    ProcessingInterruptedError,
    TransientDeliveryError,
)
from .models import AuditEvent, Classification, Delivery, Document
from .ocr import ocr_document
from .pdfsafe import sanitize_pdf
from .retry import RetryPolicy, patiently
from .runtime import Runtime
from .stages import Stage, Work, next_for_document
from .states import OPEN_DELIVERY, DeliveryState, DocState
from .storage import sha256_file
from .transitions import fail, move

__all__ = ["create_deliveries", "fail", "move", "run_delivery"]

if TYPE_CHECKING:
    from .ports import Prediction, Receipt

log = logging.getLogger(__name__)
EARLY_S = 5.0  # a retry message this much before its time is a duplicate (clocks may differ)
HELSINKI = ZoneInfo("Europe/Helsinki")
# Runners that may die holding one document or delivery (SIGKILL, the OOM killer, a crash in a
# C library on a crafted file) before the next one sets it aside instead of running it again:
# a poison document or delivery must not take the workers, or the embedded service, down in a
# loop.
MAX_INTERRUPTIONS = 3


def _load(session: Session, document_id: str) -> Document:
    doc = session.get(Document, document_id, with_for_update=session.bind.dialect.name != "sqlite")  # type: ignore[union-attr]
    if doc is None:
        raise NotFoundError(f"No document {document_id}.")
    return doc


def _claim(rt: Runtime, session: Session, doc: Document) -> str | None:
    """Claim ``doc`` for its stage (see :meth:`~pipeline.claims.Claims.take`); None when runners
    died on it :data:`MAX_INTERRUPTIONS` times: it is set aside as ``failed`` instead.

    ``Document.attempts`` counts the takeovers from a dead runner in the document's current
    stage (reset when OCR is done, see :func:`~pipeline.transitions.move`); an operator's retry
    resets it.
    """
    interrupted = rt.claims.lapsed(doc)
    token = rt.claims.take(doc)
    if not interrupted:
        return token
    doc.attempts = (doc.attempts or 0) + 1
    if doc.attempts < MAX_INTERRUPTIONS:
        log.warning(
            "document %s: taken over in state %s from a runner that stopped (%d of %d)",
            doc.id, doc.state, doc.attempts, MAX_INTERRUPTIONS,
        )  # fmt: skip
        return token
    log.error("document %s: %d runners stopped on it; set aside", doc.id, doc.attempts)
    fail(
        session,
        doc,
        ProcessingInterruptedError(
            f"Processing of this document was interrupted {doc.attempts} times (the service "
            "stopped while handling it), so it was set aside. Report it to the operators."
        ),
    )
    rt.claims.release(doc, token)
    return None


# --- OCR -------------------------------------------------------------------------------------


def _handoff(doc: Document) -> list[Work]:
    """What follows a document in its current state (by the table of stages)."""
    work = next_for_document(doc.id, doc.state)
    return [work] if work is not None else []


def run_ocr(rt: Runtime, document_id: str) -> list[Work]:
    """OCR a received document. Returns the hand-off (classification, or nothing)."""
    with session_scope(rt.session_factory) as s:
        doc = _load(s, document_id)
        if doc.state != DocState.received:
            return _handoff(doc)
        blob_key = doc.blob_key or doc.submission.blob_key
        media_type = doc.media_type or "application/pdf"
        token = _claim(rt, s, doc)
        if token is None:
            return []
    with rt.claims.held(Document, document_id, token):
        return _ocr_claimed(rt, document_id, token, blob_key, media_type)


def _ocr_claimed(
    rt: Runtime, document_id: str, token: str, blob_key: str, media_type: str
) -> list[Work]:
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
                doc = _load(s, document_id)
                if doc.state == DocState.received and rt.claims.holds(doc, token):
                    fail(s, doc, err)
                    rt.claims.release(doc, token)
            log.warning("document %s: OCR failed (%s)", document_id, err.code)
            return []
        if removed:
            log.warning(
                "document %s: active content removed from the PDF: %s", document_id, removed
            )
        pdf_key = f"documents/{document_id}/document.pdf"
        rt.store.put_file(pdf_key, out_pdf, content_type="application/pdf")
        pdf_sha = sha256_file(out_pdf)
    with session_scope(rt.session_factory) as s:
        doc = _load(s, document_id)
        if doc.state != DocState.received or not rt.claims.holds(doc, token):
            return []  # another runner took over (this one's claim had lapsed)
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
                "checkboxes": [{"label": c.label, "ticked": c.ticked} for c in p.checkboxes],
            }
            for p in result.pages
        ]
        doc.pdf_key, doc.pdf_sha256 = pdf_key, pdf_sha
        move(s, doc, DocState.ocr_done)
        rt.claims.release(doc, token)
        handoff = _handoff(doc)
    log.info(
        "document %s: OCR done, %d pages in %.1f s", document_id, len(result.pages), result.seconds
    )
    return handoff


# --- Classification --------------------------------------------------------------------------


def run_classify(rt: Runtime, document_id: str) -> list[Work]:
    """Classify an OCR'd document. Returns the deliveries to run (empty: review)."""
    with session_scope(rt.session_factory) as s:
        doc = _load(s, document_id)
        if doc.state != DocState.ocr_done:
            return _open_deliveries(s, doc) if doc.state == DocState.classified else []
        text, hint = doc.text or "", doc.hint
        token = _claim(rt, s, doc)
        if token is None:
            return []
    with rt.claims.held(Document, document_id, token):
        prediction = rt.classifier.classify(text, hint=hint)
        return _record_classification(rt, document_id, token, prediction)


def _record_classification(
    rt: Runtime, document_id: str, token: str, prediction: Prediction
) -> list[Work]:
    with session_scope(rt.session_factory) as s:
        doc = _load(s, document_id)
        if doc.state != DocState.ocr_done or not rt.claims.holds(doc, token):
            return []
        rt.claims.release(doc, token)
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
            return [Work(Stage.deliver, i) for i in create_deliveries(rt, s, doc)]
        except ConfigurationError as err:
            fail(s, doc, err)
            log.error("document %s: %s", doc.id, err.message)
            return []


def create_deliveries(
    rt: Runtime, session: Session, doc: Document, *, actor: str = "system"
) -> list[str]:
    """One delivery per configured route of the provider of the day; returns the ids to send.

    After a return this opens a new round (new deliveries, new idempotency keys), whether the
    document goes to another authority or back to the same one (see :mod:`.delivery_cycle`).
    """
    assert doc.authority is not None
    provider = rt.provider_for(doc.authority, doc.service, received_on(doc))
    routes = rt.routing.routes_for(provider, doc.service)
    return open_round(session, doc, provider, [r.name for r in routes], actor=actor)


def received_on(doc: Document) -> date:
    """The day (Helsinki time) the document was received: it decides the provider of a service
    that changed hands (TE services to the municipalities on 1.1.2025)."""
    return doc.submission.received_at.astimezone(HELSINKI).date()


def _open_deliveries(session: Session, doc: Document) -> list[Work]:
    return [Work(Stage.deliver, d.id) for d in doc.deliveries if d.state in OPEN_DELIVERY]


# --- Delivery and billing ----------------------------------------------------------------------


def _lock(session: Session) -> bool:
    return session.bind.dialect.name != "sqlite"  # type: ignore[union-attr]


def run_delivery(rt: Runtime, delivery_id: str) -> list[Work]:
    """Deliver one package; on success post the billable event in the same transaction.

    A failed attempt is recorded on the delivery (attempts, the provider's reason, the next try)
    and the delivery comes back after its route's retry schedule; it goes to the dead letters
    when the schedule is spent or the error is permanent. Returns the delayed retry, if any.
    """
    with session_scope(rt.session_factory) as s:
        d = s.get(Delivery, delivery_id, with_for_update=_lock(s))
        if d is None:
            raise NotFoundError(f"No delivery {delivery_id}.")
        if d.state not in OPEN_DELIVERY:
            return []
        early = utcnow() + timedelta(seconds=EARLY_S)
        if d.state == DeliveryState.retrying and d.next_attempt_at and d.next_attempt_at > early:
            # Early (a duplicate message): the scheduled one, or the sweeper, brings it back.
            return []
        interrupted = rt.claims.lapsed(d)
        token = rt.claims.take(d)
        if interrupted:
            d.takeovers = (d.takeovers or 0) + 1
            log.warning(
                "delivery %s: taken over from a runner that stopped (%d)", d.id, d.takeovers
            )
        poisoned = interrupted and (d.takeovers or 0) >= MAX_INTERRUPTIONS
        doc = d.document
        sub = doc.submission
        route_name, authority = d.connector, d.authority
        set_state(d, DeliveryState.sending)
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
    with rt.claims.held(Delivery, delivery_id, token):
        policy = rt.delivery
        if poisoned:  # not sent once more: its runners died MAX_INTERRUPTIONS times
            err = ProcessingInterruptedError(
                f"Sending this delivery was interrupted {MAX_INTERRUPTIONS} times (the service "
                "stopped while sending it), so it was set aside. Report it to the operators."
            )
            return _delivery_failed(rt, delivery_id, token, err, policy, permanent=True)
        try:
            route = rt.routing.route(route_name)
            policy = route.retry or policy
            if pdf_key is None:
                raise PermanentDeliveryError("The document has no searchable PDF.")
            with rt.store.local_copy(pdf_key) as pdf:
                package = rt.plugins.build_package(pdf_path=pdf, **manifest_args)  # type: ignore[arg-type]
                receipt = route.build().deliver(package)
        except TransientDeliveryError as err:
            return _delivery_failed(rt, delivery_id, token, err, policy)
        except PermanentDeliveryError as err:
            return _delivery_failed(rt, delivery_id, token, err, policy, permanent=True)
        # The package is with the provider: record it even if the database is briefly away, so
        # that a retry does not send it a second time.
        recorded = patiently(lambda: _record_delivered(rt, delivery_id, token, receipt))
        if isinstance(recorded, tuple):  # it arrived after it was withdrawn: our copy goes
            withdraw_copies(rt.session_factory, rt.routing, *recorded)
            return []
        return recorded


def _record_delivered(
    rt: Runtime, delivery_id: str, token: str, receipt: Receipt
) -> list[Work] | tuple[str, list[tuple[str, str]]]:
    """Record the provider's receipt; for a late arrival, the copy to withdraw instead."""
    with session_scope(rt.session_factory) as s:
        d = s.get(Delivery, delivery_id, with_for_update=_lock(s))
        assert d is not None
        if d.state == DeliveryState.withdrawn and d.receipt is None:
            # Withdrawn while the attempt was in flight (its round was returned, or a person
            # routed the document elsewhere): the provider has a copy all the same. Keep the
            # receipt on the withdrawn row, so the audit trail says where the copy went; it is
            # history, so nothing is billed, and a copy in our folder outbox is removed.
            d.receipt, d.delivered_at = receipt.as_dict(), utcnow()
            rt.claims.release(d, token)
            _audit_delivery(s, d, "delivered_after_withdrawal")
            log.warning("delivery %s: withdrawn, but the provider received it", d.id)
            return d.document_id, copies_of([d])
        if d.state != DeliveryState.sending:
            # Recorded by another runner already.
            log.warning("delivery %s: sent, but it is %s now; not recorded", d.id, d.state)
            return []
        now = utcnow()
        confirmed = DeliveryState.acknowledged if receipt.acknowledged else DeliveryState.delivered
        set_state(d, confirmed)
        d.delivered_at, d.attempts = now, d.attempts + 1
        d.last_error = d.last_error_code = None
        d.next_attempt_at = d.retry_since = None
        d.receipt = receipt.as_dict()
        rt.claims.release(d, token)
        if receipt.acknowledged:
            d.acknowledged_at = now
        doc = _load(s, d.document_id)
        _audit_delivery(s, d, "delivered")
        complete_if_delivered(s, doc, d, billing=rt.plugins.billing)
    return []


def _audit_delivery(s: Session, d: Delivery, action: str, **details: object) -> None:
    """One audit row about delivery ``d`` (its id, authority and route, plus ``details``)."""
    s.add(
        AuditEvent(
            actor="system",
            action=action,
            document_id=d.document_id,
            details={
                "delivery_id": d.id,
                "authority": d.authority,
                "connector": d.connector,
                **details,
            },
        )
    )


def _delivery_failed(
    rt: Runtime,
    delivery_id: str,
    token: str,
    err: AspaError,
    policy: RetryPolicy,
    *,
    permanent: bool = False,
) -> list[Work]:
    with session_scope(rt.session_factory) as s:
        d = s.get(Delivery, delivery_id, with_for_update=_lock(s))
        assert d is not None
        if d.state != DeliveryState.sending or not rt.claims.holds(d, token):
            return []  # another runner took over, or the delivery was withdrawn meanwhile
        now = utcnow()
        d.attempts += 1
        d.retry_since = d.retry_since or now
        d.last_error_code, d.last_error = err.code, err.message
        rt.claims.release(d, token)
        elapsed = (now - d.retry_since).total_seconds()
        dead = permanent or policy.exhausted(d.attempts, elapsed)
        _audit_delivery(s, d, "delivery_failed", code=err.code, attempt=d.attempts, dead=dead)
        if dead:
            _to_dead_letters(s, d, err)
            return []
        retry_after = err.retry_after_s if isinstance(err, TransientDeliveryError) else None
        delay = policy.delay(d.attempts, retry_after_s=retry_after)
        set_state(d, DeliveryState.retrying)
        d.next_attempt_at = now + timedelta(seconds=delay)
        log.info(
            "delivery %s attempt %d failed (%s); retry in %.1f s", d.id, d.attempts, err.code, delay
        )
        return [Work(Stage.deliver, d.id, delay_s=delay)]


def _to_dead_letters(s: Session, d: Delivery, err: AspaError) -> None:
    set_state(d, DeliveryState.dead)
    d.next_attempt_at = None
    d.last_error_code, d.last_error = err.code, err.message
    doc = _load(s, d.document_id)
    if doc.state == DocState.classified:
        fail(s, doc, err)
    log.warning("delivery %s dead after %d attempts (%s)", d.id, d.attempts, err.code)


def park_delivery(rt: Runtime, delivery_id: str, err: AspaError) -> None:
    """Send a delivery to the dead letters with ``err`` (an operator retries it)."""
    with session_scope(rt.session_factory) as s:
        d = s.get(Delivery, delivery_id, with_for_update=_lock(s))
        if d is None or d.state not in OPEN_DELIVERY:
            return
        d.claimed_by = d.claimed_until = None
        _to_dead_letters(s, d, err)
