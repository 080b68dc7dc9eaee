"""Closing quarters.

Closing a quarter settles it, stores its totals and the tariff version used in
``billing_periods``, and locks it: from then on entries that occur in it are posted into the
next open quarter as adjustments (see :mod:`billing.ledger`). A closed quarter's settlement is
reproducible: :func:`billing.settlement.settle` prices it with the stored tariff version, and
nothing can be posted into it any more.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from pipeline.db import utcnow

from ._insert import insert_ignoring_conflict
from .errors import QuarterClosedError, QuarterNotEndedError, UnpricedEventsError
from .models import BillingPeriod
from .quarters import Quarter
from .settlement import Statement, settle
from .tariff import Tariff, load_tariff


def is_closed(session: Session, quarter: str | Quarter) -> bool:
    return session.get(BillingPeriod, str(Quarter.parse(quarter))) is not None


def list_periods(session: Session) -> list[BillingPeriod]:
    """Closed quarters, oldest first."""
    return list(session.scalars(select(BillingPeriod).order_by(BillingPeriod.quarter)))


def close_quarter(
    session: Session,
    quarter: str | Quarter,
    *,
    by: str,
    tariff: Tariff | None = None,
    now: datetime | None = None,
) -> tuple[BillingPeriod, Statement]:
    """Settle and lock a quarter; returns the period row and the final statement. Caller commits.

    On PostgreSQL this waits for transactions that are posting entries and blocks new ones
    until the caller commits, so no entry can slip into the quarter after it was settled.

    Args:
        session: the caller's transaction.
        quarter: e.g. ``"2026Q3"``.
        by: user name of the person closing.
        tariff: price with this tariff (default: the newest imported version).
        now: the current time (tests); a quarter that has not ended cannot be closed.

    Raises:
        QuarterClosedError: already closed.
        QuarterNotEndedError: the quarter has not ended yet.
        UnpricedEventsError: billable entries without a price.
        NoTariffError: no tariff.
    """
    q = Quarter.parse(quarter)
    if (now or utcnow()) < q.end:
        raise QuarterNotEndedError(
            f"{q} has not ended yet; it can be closed from {q.end:%Y-%m-%d}."
        )
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE billable_events IN SHARE ROW EXCLUSIVE MODE"))
    if session.get(BillingPeriod, str(q)) is not None:
        raise QuarterClosedError(f"{q} is already closed.")
    tariff = tariff or load_tariff(session)
    statement = settle(session, q, tariff=tariff)
    if statement.unpriced:
        missing = sorted(
            {f"{x.provider}/{x.service or '-'}/type {x.event_type}" for x in statement.unpriced}
        )
        raise UnpricedEventsError(
            f"{len(missing)} billable kinds of event have no price in the tariff, e.g. "
            f"{', '.join(missing[:5])}. Import a tariff that covers them, then close."
        )
    inserted = insert_ignoring_conflict(
        session,
        BillingPeriod.__table__,
        dict(
            quarter=str(q),
            closed_at=utcnow(),
            closed_by=by,
            tariff_version=tariff.version,
            event_count=statement.entry_count,
            output_cents=statement.output_cents,
            base_cents=statement.base_cents,
        ),
        conflict_column="quarter",
    )
    if not inserted:
        raise QuarterClosedError(f"{q} was closed by someone else just now.")
    period = session.get(BillingPeriod, str(q))
    if period is None:  # pragma: no cover - inserted just above
        raise QuarterClosedError(f"{q} could not be closed; try again.")
    return period, replace(statement, closed=True)
