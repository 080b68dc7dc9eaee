"""Numbers for the operator's queue dashboard, computed from the database in one place.

The same function feeds the page, its 5-second refresh (JSON) and nothing else; Prometheus has
its own collector in :mod:`web.metrics`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.db import utcnow
from pipeline.models import AuditEvent, Delivery, Document
from pipeline.states import DeliveryState, DocState

from .masking import mask_text

#: Stages that wait for something, keyed by the state a document waits in.
WAITING = {
    DocState.received: "ocr",
    DocState.ocr_done: "classification",
    DocState.classified: "delivery",
    DocState.needs_review: "review",
}
DELIVERY_STATES = tuple(str(s) for s in DeliveryState)


def _age(now: datetime, then: datetime | None) -> float | None:
    return None if then is None else max(0.0, (now - then).total_seconds())


def queue_stats(
    session: Session, *, now: datetime | None = None, limit: int = 50
) -> dict[str, Any]:
    """Counts per state, oldest waiting item per stage, last hour's throughput, failures."""
    now = now or utcnow()
    documents = {str(s): 0 for s in DocState}
    for state, n in session.execute(select(Document.state, func.count()).group_by(Document.state)):
        documents[str(state)] = n
    deliveries = dict.fromkeys(DELIVERY_STATES, 0)
    for state, n in session.execute(select(Delivery.state, func.count()).group_by(Delivery.state)):
        deliveries[str(state)] = n
    oldest: dict[str, float | None] = {}
    for state, stage in WAITING.items():
        first = session.scalar(
            select(func.min(Document.state_changed_at)).where(Document.state == state)
        )
        oldest[stage] = _age(now, _aware(first))
    first_delivery = session.scalar(
        select(func.min(Delivery.created_at)).where(
            Delivery.state.in_((DeliveryState.pending, DeliveryState.retrying))
        )
    )
    oldest["delivery_attempt"] = _age(now, _aware(first_delivery))
    hour_ago = now - timedelta(hours=1)
    throughput = {}
    for action, key in (
        ("state:ocr_done", "ocr"),
        ("state:delivered", "delivered"),
        ("state:needs_review", "to_review"),
        ("state:failed", "failed"),
    ):
        throughput[key] = (
            session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == action, AuditEvent.at >= hour_ago)
            )
            or 0
        )
    failed_docs = [
        {"id": d.id, "error": d.error_code, "since": d.state_changed_at.isoformat()}
        for d in session.scalars(
            select(Document)
            .where(Document.state == DocState.failed)
            .order_by(Document.state_changed_at)
            .limit(limit)
        )
    ]
    dead = [
        {
            "id": d.id,
            "document_id": d.document_id,
            "authority": d.authority,
            "connector": d.connector,
            "attempts": d.attempts,
            "error": d.last_error_code,
            "reason": mask_text(d.last_error or ""),
        }
        for d in session.scalars(
            select(Delivery)
            .where(Delivery.state == DeliveryState.dead)
            .order_by(Delivery.created_at)
            .limit(limit)
        )
    ]
    retrying = [
        {
            "id": d.id,
            "document_id": d.document_id,
            "authority": d.authority,
            "connector": d.connector,
            "attempts": d.attempts,
            "error": d.last_error_code,
            "reason": mask_text(d.last_error or ""),
            "next_attempt_at": d.next_attempt_at.isoformat() if d.next_attempt_at else None,
            "retrying_since": d.retry_since.isoformat() if d.retry_since else None,
        }
        for d in session.scalars(
            select(Delivery)
            .where(Delivery.state == DeliveryState.retrying)
            .order_by(Delivery.next_attempt_at)
            .limit(limit)
        )
    ]
    error_codes: dict[str, int] = {}
    for code, n in session.execute(
        select(Document.error_code, func.count())
        .where(Document.state == DocState.failed)
        .group_by(Document.error_code)
    ):
        error_codes[str(code)] = n
    for code, n in session.execute(
        select(Delivery.last_error_code, func.count())
        .where(Delivery.state == DeliveryState.dead)
        .group_by(Delivery.last_error_code)
    ):
        error_codes[str(code)] = error_codes.get(str(code), 0) + n
    return {
        "generated_at": now.isoformat(),
        "documents": documents,
        "deliveries": deliveries,
        "oldest_waiting_s": oldest,
        "last_hour": throughput,
        "failed_documents": failed_docs,
        "dead_deliveries": dead,
        "retrying_deliveries": retrying,
        "error_codes": error_codes,
    }


def _aware(value: datetime | None) -> datetime | None:
    from datetime import UTC

    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
