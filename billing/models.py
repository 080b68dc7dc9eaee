"""Billing tables.

Posted ledger events are never updated or deleted; a correction is a reversal entry that
references the original. Reconciliation notes are append-only too. Both rules are enforced
in the ORM (a mapper hook refuses updates and deletes); the lead's migration may add database
triggers on PostgreSQL as well.

Tables: ``service_points``, ``billable_events``, ``billing_periods`` (closed quarters),
``tariff_versions`` with ``tariff_prices``, ``tariff_service_groups``, ``tariff_billable_types``
and ``tariff_base_parts``, and ``reconciliation_notes``.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import IntEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from pipeline.db import Base, UTCDateTime, new_id, utcnow

from .errors import AppendOnlyError


class EventType(IntEnum):
    """The four kinds of service event (palvelutapahtumat) of ASPA 2014."""

    e_service = 1  # electronic service at a customer terminal
    remote = 2  # remote service over video with the provider's expert
    counter = 3  # service at the counter, documents forwarded
    own_clerk = 4  # the provider's own clerk at the service point


class EventKind:
    charge = "charge"
    reversal = "reversal"


class ServicePoint(Base):
    """A shared customer-service point (asiointipiste) and the municipality that maintains it."""

    __tablename__ = "service_points"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    municipality: Mapped[str] = mapped_column(String(100), index=True)
    languages: Mapped[str] = mapped_column(String(40), default="fi")  # comma-separated codes


class BillableEvent(Base):
    __tablename__ = "billable_events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(10), default=EventKind.charge)  # charge | reversal
    reverses_id: Mapped[str | None] = mapped_column(ForeignKey("billable_events.id"), index=True)
    event_type: Mapped[int] = mapped_column(Integer)
    service_point: Mapped[str] = mapped_column(String(100), index=True)
    # Copied from service_points at posting time, so that a later change of the point's
    # municipality (mergers happen) does not rewrite history. NULL if the point was unknown.
    municipality: Mapped[str | None] = mapped_column(String(100))
    provider: Mapped[str] = mapped_column(String(40), index=True)
    service: Mapped[str | None] = mapped_column(String(80))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # The quarter whose settlement counts this entry (YYYYQn): the occurrence quarter if it was
    # open at posting time, else the next open quarter (an adjustment). Set once, at insert.
    posting_quarter: Mapped[str] = mapped_column(String(6))
    document_id: Mapped[str | None] = mapped_column(ForeignKey("documents.id"), index=True)
    advisor: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(40))
    external_ref: Mapped[str | None] = mapped_column(String(120))
    reason: Mapped[str | None] = mapped_column(Text)  # reversals: why
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Enforces "exactly once" in the database: one charge per (document, provider, type), one
    # reversal per original ("rev:<id>"), one event per external reference of a source.
    # NULL for manual events without a natural key.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)

    __table_args__ = (
        Index("ix_billable_events_settle", "posting_quarter", "service_point", "provider"),
    )


class BillingPeriod(Base):
    """A closed quarter. Open quarters have no row."""

    __tablename__ = "billing_periods"

    quarter: Mapped[str] = mapped_column(String(6), primary_key=True)
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_by: Mapped[str] = mapped_column(String(100))
    tariff_version: Mapped[int | None] = mapped_column(Integer)
    event_count: Mapped[int] = mapped_column(BigInteger, default=0)
    output_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    base_cents: Mapped[int] = mapped_column(BigInteger, default=0)


class TariffVersion(Base):
    """One imported tariff file. The newest version is the current tariff."""

    __tablename__ = "tariff_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    is_example: Mapped[bool] = mapped_column(default=False)
    source_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)


class TariffPrice(Base):
    """A unit price. ``service`` is a service id, ``group:<name>`` or ``*`` (any service)."""

    __tablename__ = "tariff_prices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("tariff_versions.id"), index=True)
    provider: Mapped[str] = mapped_column(String(40))
    service: Mapped[str] = mapped_column(String(80))
    event_type: Mapped[int] = mapped_column(Integer)
    unit_price_cents: Mapped[int] = mapped_column(BigInteger)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)  # inclusive; NULL = open-ended


class TariffServiceGroup(Base):
    __tablename__ = "tariff_service_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("tariff_versions.id"), index=True)
    group: Mapped[str] = mapped_column(String(80))
    service: Mapped[str] = mapped_column(String(80))


class TariffBillableType(Base):
    """An event type that a provider's contract makes billable."""

    __tablename__ = "tariff_billable_types"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("tariff_versions.id"), index=True)
    provider: Mapped[str] = mapped_column(String(40))
    event_type: Mapped[int] = mapped_column(Integer)


class TariffBasePart(Base):
    """The yearly base part (perusosa) of a service point, paid in four quarterly instalments."""

    __tablename__ = "tariff_base_parts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("tariff_versions.id"), index=True)
    service_point: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    annual_cents: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (UniqueConstraint("version_id", "service_point", "year"),)


class ReconciliationNote(Base):
    """Finance's comment on a reconciliation discrepancy. Append-only; the newest note wins."""

    __tablename__ = "reconciliation_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    discrepancy_id: Mapped[str] = mapped_column(String(200), index=True)
    quarter: Mapped[str] = mapped_column(String(6))
    provider: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="resolved")  # resolved | reopened
    comment: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def _refuse_change(_mapper: Any, _conn: Any, target: Any) -> None:
    raise AppendOnlyError(
        f"{type(target).__name__} rows are append-only; post a reversal or a new note instead."
    )


for _cls in (BillableEvent, ReconciliationNote):
    event.listen(_cls, "before_update", _refuse_change)
    event.listen(_cls, "before_delete", _refuse_change)

APPEND_ONLY_TABLES = ("billable_events", "reconciliation_notes")

#: PostgreSQL: one trigger function, then per table ``APPEND_ONLY_TRIGGER_PG.format(table=...)``.
#: The Alembic migration runs the same statements (``op.execute``). TRUNCATE is not affected.
APPEND_ONLY_FUNCTION_PG = """
CREATE OR REPLACE FUNCTION aspa_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only',
    ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql
"""
APPEND_ONLY_TRIGGER_PG = (
    "CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
    "FOR EACH ROW EXECUTE FUNCTION aspa_refuse_change()"
)
APPEND_ONLY_TRIGGERS_SQLITE = (
    "CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
    "BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
    "CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
    "BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
)


def _install_triggers(table: Any, connection: Any, **_kw: Any) -> None:
    """Database-level append-only guard, installed by ``create_all`` (and by the migration)."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.exec_driver_sql(APPEND_ONLY_FUNCTION_PG)
        connection.exec_driver_sql(APPEND_ONLY_TRIGGER_PG.format(table=table.name))
    elif dialect == "sqlite":
        for ddl in APPEND_ONLY_TRIGGERS_SQLITE:
            connection.exec_driver_sql(ddl.format(table=table.name))


for _cls in (BillableEvent, ReconciliationNote):
    event.listen(_cls.__table__, "after_create", _install_triggers)
