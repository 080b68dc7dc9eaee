"""Operator and provider actions: list, retry, acknowledge, return as misrouted; requeue a failed
document."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select

from .db import session_scope, utcnow
from .delivery_cycle import (
    copies_of,
    current_of,
    deliveries_of,
    return_round,
    set_state,
    withdraw_copies,
)
from .errors import ConflictError, NotFoundError
from .models import AuditEvent, Delivery, Document
from .queue import Queue
from .runtime import Runtime
from .stages import OPEN_DELIVERY_STATES as OPEN
from .stages import Stage, next_for_document, restart_state
from .states import CONFIRMED_DELIVERY, HISTORY_DELIVERY, DeliveryState, DocState
from .transitions import move

log = logging.getLogger(__name__)


def delivery_view(d: Delivery) -> dict[str, Any]:
    return {
        "id": d.id,
        "document_id": d.document_id,
        "authority": d.authority,
        "service": d.service,
        "connector": d.connector,
        "state": d.state,
        "round": d.round_no,
        "attempts": d.attempts,
        "next_attempt_at": d.next_attempt_at.isoformat() if d.next_attempt_at else None,
        "retrying_since": d.retry_since.isoformat() if d.retry_since else None,
        "error": (
            {"code": d.last_error_code, "message": d.last_error} if d.last_error_code else None
        ),
        "created_at": d.created_at.isoformat(),
        "delivered_at": d.delivered_at.isoformat() if d.delivered_at else None,
        "acknowledged_at": d.acknowledged_at.isoformat() if d.acknowledged_at else None,
        "returned_at": d.returned_at.isoformat() if d.returned_at else None,
        "return_reason": d.return_reason,
    }


def list_deliveries(
    rt: Runtime,
    *,
    state: str | None = None,
    authority: str | None = None,
    waiting: bool = False,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Deliveries, newest first; ``waiting``: only those not yet delivered (next try first)."""
    with session_scope(rt.session_factory) as s:
        q = select(Delivery).order_by(Delivery.created_at.desc()).limit(limit)
        if waiting:
            q = (
                select(Delivery)
                .where(Delivery.state.in_(OPEN))
                .order_by(Delivery.next_attempt_at.asc(), Delivery.created_at)
                .limit(limit)
            )
        if state:
            q = q.where(Delivery.state == state)
        if authority:
            q = q.where(Delivery.authority == authority)
        return [delivery_view(d) for d in s.scalars(q)]


def retry_delivery(queue: Queue, delivery_id: str, *, actor: str) -> dict[str, Any]:
    """Requeue a dead (or stuck) delivery now; its document leaves ``failed`` once no other
    delivery of its current route is dead (a dead letter always shows on its document)."""
    rt = queue.runtime
    with session_scope(rt.session_factory) as s:
        d = s.get(Delivery, delivery_id)
        if d is None:
            raise NotFoundError(f"No delivery {delivery_id}.")
        if d.state in CONFIRMED_DELIVERY:
            raise ConflictError("This delivery has already been delivered.")
        if d.state in HISTORY_DELIVERY:
            raise ConflictError(
                "A returned or withdrawn delivery is re-routed through review, not retried."
            )
        if d.state in (DeliveryState.dead, DeliveryState.retrying):
            set_state(d, DeliveryState.pending)
        # pending or sending (stuck after a crash): the same send again, same idempotency key
        d.attempts, d.next_attempt_at, d.takeovers = 0, None, None
        d.retry_since, d.enqueued_at = None, utcnow()
        doc = s.get(Document, d.document_id)
        assert doc is not None
        others_dead = any(
            o.state == DeliveryState.dead
            for o in current_of(deliveries_of(s, doc.id))
            if o.id != d.id
        )
        if doc.state == DocState.failed and not others_dead:
            move(s, doc, DocState.classified, actor=actor)
            doc.error_code = doc.error_message = None
        s.add(
            AuditEvent(
                actor=actor,
                action="delivery_retry",
                document_id=d.document_id,
                details={"delivery_id": d.id},
            )
        )
        view = delivery_view(d)
    queue.enqueue_delivery(delivery_id)
    return view


def retry_dead(queue: Queue, *, actor: str) -> list[str]:
    with session_scope(queue.runtime.session_factory) as s:
        ids = list(s.scalars(select(Delivery.id).where(Delivery.state == DeliveryState.dead)))
    for i in ids:
        retry_delivery(queue, i, actor=actor)
    return ids


def acknowledge(
    rt: Runtime, delivery_id: str, *, actor: str, authority: str | None = None
) -> dict[str, Any]:
    """The provider confirms it has the document. Idempotent."""
    with session_scope(rt.session_factory) as s:
        d = _for_provider(s, delivery_id, authority)
        if d.state not in CONFIRMED_DELIVERY:
            raise ConflictError(f"A delivery in state '{d.state}' cannot be acknowledged.")
        if d.state == DeliveryState.delivered:
            set_state(d, DeliveryState.acknowledged)
            d.acknowledged_at = d.acknowledged_at or utcnow()
            s.add(
                AuditEvent(
                    actor=actor,
                    action="acknowledged",
                    document_id=d.document_id,
                    details={"delivery_id": d.id},
                )
            )
        return delivery_view(d)


def return_misrouted(
    rt: Runtime, delivery_id: str, *, reason: str, actor: str, authority: str | None = None
) -> dict[str, Any]:
    """The provider returns a document that is not theirs: back to review, billing reversed.

    Every delivery of the same round to that provider becomes history (see
    :func:`~pipeline.delivery_cycle.return_round`); the provider keeps this return record but
    loses access to the document, also to the copy our folder outbox kept for it (removed once
    the return is committed; if that fails, retention removes it later).
    """
    reason = reason.strip()
    if not reason:
        raise ConflictError("Give a reason for returning the document.")
    with session_scope(rt.session_factory) as s:
        d = _for_provider(s, delivery_id, authority)
        return_round(s, d, reason=reason, actor=actor, billing=rt.plugins.billing)
        s.add(
            AuditEvent(
                actor=actor,
                action="returned",
                document_id=d.document_id,
                details={"delivery_id": d.id, "authority": d.authority},
            )
        )
        view = delivery_view(d)
        closed = copies_of(r for r in deliveries_of(s, d.document_id) if r.round_no == d.round_no)
    withdraw_copies(rt.session_factory, rt.routing, view["document_id"], closed)
    return view


def _for_provider(s: Any, delivery_id: str, authority: str | None) -> Delivery:
    d = s.get(Delivery, delivery_id)
    # Another provider's delivery answers exactly like a missing one.
    if d is None or (authority is not None and d.authority != authority):
        raise NotFoundError(f"No delivery {delivery_id}.")
    return d  # type: ignore[no-any-return]


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
        doc.attempts = 0  # a person decided to try again: runners that died count anew
        work = next_for_document(doc.id, doc.state)
    assert work is not None
    q.send(work)
    return str(work.stage)
