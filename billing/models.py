"""Ledger tables. Posted events are never updated or deleted; a correction is a reversal."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pipeline.db import Base, UTCDateTime, new_id, utcnow


class EventType(IntEnum):
    """The four kinds of service event (palvelutapahtumat) of ASPA 2014."""

    e_service = 1  # electronic service at a customer terminal
    remote = 2  # remote service over video with the provider's expert
    counter = 3  # service at the counter, documents forwarded
    own_clerk = 4  # the provider's own clerk at the service point


class BillableEvent(Base):
    __tablename__ = "billable_events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(10), default="charge")  # charge | reversal
    reverses_id: Mapped[str | None] = mapped_column(ForeignKey("billable_events.id"))
    event_type: Mapped[int] = mapped_column(Integer)
    service_point: Mapped[str] = mapped_column(String(100), index=True)
    provider: Mapped[str] = mapped_column(String(40), index=True)
    service: Mapped[str | None] = mapped_column(String(80))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    document_id: Mapped[str | None] = mapped_column(ForeignKey("documents.id"), index=True)
    advisor: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Enforces "exactly once" in the database: one charge per (document, provider, type) and one
    # reversal per original. NULL for events without a natural key (types 1, 2, 4).
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
