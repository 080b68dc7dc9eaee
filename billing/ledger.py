"""Posting to the ledger."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import BillableEvent, EventType


def record_document_event(
    session: Session,
    *,
    document_id: str,
    service_point: str,
    provider: str,
    service: str | None,
    occurred_at: datetime,
    advisor: str | None = None,
    source: str = "pipeline",
) -> BillableEvent:
    """Post the counter-service event of a delivered document, exactly once.

    A second call for the same document and provider returns the existing event: the unique
    ``dedupe_key`` makes the database the arbiter, also between concurrent workers.
    """
    key = f"doc:{document_id}:{provider}:{int(EventType.counter)}"
    existing = session.scalar(select(BillableEvent).where(BillableEvent.dedupe_key == key))
    if existing is not None:
        return existing
    event = BillableEvent(
        kind="charge",
        event_type=int(EventType.counter),
        service_point=service_point,
        provider=provider,
        service=service,
        occurred_at=occurred_at,
        document_id=document_id,
        advisor=advisor,
        source=source,
        dedupe_key=key,
    )
    try:
        with session.begin_nested():
            session.add(event)
    except IntegrityError:
        found = session.scalar(select(BillableEvent).where(BillableEvent.dedupe_key == key))
        if found is None:
            raise
        return found
    return event
