"""Posting to the ledger: charges, reversals and the quarter an entry is posted into.

Every entry is inserted once and never changed. "Exactly once" is the database's job: each
entry with a natural key carries a unique ``dedupe_key`` (``doc:<document>:<provider>:3`` for a
delivered document, ``doc:<document>:<provider>:3:r<n>`` for its delivery round n > 1 after a
return, ``ext:<source>:<ref>`` for an advisor's event with an external reference,
``rev:<original>`` for a reversal). Entries are inserted with ``ON CONFLICT (dedupe_key) DO
NOTHING``: a concurrent second insert waits for the first transaction, does nothing, and the
existing entry is returned instead (a second reversal is refused).

On PostgreSQL posting takes ``ROW EXCLUSIVE`` on ``billable_events`` before it reads the closed
quarters, and :func:`billing.periods.close_quarter` takes ``SHARE ROW EXCLUSIVE``: a quarter
cannot close between the moment an entry chooses its posting quarter and its commit.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from pipeline.db import new_id, utcnow

from ._insert import insert_ignoring_conflict
from .errors import AlreadyReversedError, BillingInputError, EventNotFoundError
from .models import BillableEvent, BillingPeriod, EventKind, EventType, ServicePoint
from .quarters import Quarter

MANUAL_TYPES = frozenset({EventType.e_service, EventType.remote, EventType.own_clerk})


def lock_for_posting(session: Session) -> None:
    """Hold off :func:`close_quarter` until this transaction ends (PostgreSQL only)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE billable_events IN ROW EXCLUSIVE MODE"))


def posting_quarter(session: Session, quarter: Quarter) -> Quarter:
    """The first quarter at or after ``quarter`` that is not closed."""
    closed = set(
        session.scalars(select(BillingPeriod.quarter).where(BillingPeriod.quarter >= str(quarter)))
    )
    while str(quarter) in closed:
        quarter = quarter.next()
    return quarter


def _municipality(session: Session, service_point: str) -> str | None:
    point = session.get(ServicePoint, service_point)
    return point.municipality if point is not None else None


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise BillingInputError("The time of the event must carry a time zone.")
    return at.astimezone(UTC)


def _post(session: Session, values: dict[str, Any]) -> tuple[BillableEvent, bool]:
    """Insert an entry with a dedupe key unless it exists; returns (entry, inserted)."""
    values = {"id": new_id(), "created_at": utcnow(), **values}
    inserted = insert_ignoring_conflict(
        session, BillableEvent.__table__, values, conflict_column="dedupe_key"
    )
    found = _by_key(session, values["dedupe_key"])
    if found is None:  # pragma: no cover - the row was inserted or existed
        raise EventNotFoundError("The entry vanished while it was being posted.")
    return found, inserted


def _by_key(session: Session, key: str) -> BillableEvent | None:
    return session.scalar(select(BillableEvent).where(BillableEvent.dedupe_key == key))


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
    delivery_round: int = 1,
) -> BillableEvent:
    """Post the counter-service event (type 3) of a delivered document, exactly once per round.

    A second call for the same document, provider and delivery round returns the existing
    event: the unique ``dedupe_key`` makes the database the arbiter, also between concurrent
    workers. A document returned as misrouted and routed again (to another provider, or re-sent
    to the same one) is a new round and a new service event. The caller commits.

    Args:
        session: the caller's transaction.
        document_id: the delivered document.
        service_point: id of the service point that received the document.
        provider: authority id (``kela``, ``vero``, …).
        service: the provider's service id, if known.
        occurred_at: an aware time; decides the quarter and the price.
        advisor: user name of the advisor, if any (not personal data of a citizen).
        source: who posts (``pipeline``, ``api``, ``cli``).
        delivery_round: 1 for the first routing, one more for each routing after a return.

    Returns:
        The new event, or the one posted earlier for the same document, provider and round.
    """
    key = f"doc:{document_id}:{provider}:{int(EventType.counter)}"
    if delivery_round > 1:
        key += f":r{delivery_round}"
    existing = _by_key(session, key)
    if existing is not None:
        return existing
    lock_for_posting(session)
    at = _aware(occurred_at)
    event, _ = _post(
        session,
        dict(
            kind=EventKind.charge,
            event_type=int(EventType.counter),
            service_point=service_point,
            municipality=_municipality(session, service_point),
            provider=provider,
            service=service,
            occurred_at=at,
            posting_quarter=str(posting_quarter(session, Quarter.of(at))),
            document_id=document_id,
            advisor=advisor,
            source=source,
            created_by=advisor,
            dedupe_key=key,
        ),
    )
    return event


def record_service_event(
    session: Session,
    *,
    event_type: int | EventType,
    service_point: str,
    provider: str,
    service: str | None,
    occurred_at: datetime,
    advisor: str | None,
    source: str,
    external_ref: str | None = None,
) -> BillableEvent:
    """Post a service event without a document: type 1, 2 or 4, recorded by an advisor.

    With ``external_ref`` (an idempotency key of the recording system, e.g. a form's submit id)
    a retried call returns the first event; without it every call posts a new event.

    Raises:
        BillingInputError: type 3 (documents go through :func:`record_document_event`), an
            unknown type, an empty provider or service point, or a naive time.
    """
    try:
        etype = EventType(int(event_type))
    except ValueError:
        raise BillingInputError(
            f"Unknown service-event type {event_type!r}; use 1, 2 or 4."
        ) from None
    if etype not in MANUAL_TYPES:
        raise BillingInputError(
            "Counter service with documents (type 3) is posted by the pipeline on delivery."
        )
    if not service_point.strip() or not provider.strip():
        raise BillingInputError("Give the service point and the provider.")
    at = _aware(occurred_at)
    key = f"ext:{source}:{external_ref}" if external_ref else None
    if key is not None:
        existing = _by_key(session, key)
        if existing is not None:
            return existing
    lock_for_posting(session)
    values: dict[str, Any] = dict(
        kind=EventKind.charge,
        event_type=int(etype),
        service_point=service_point,
        municipality=_municipality(session, service_point),
        provider=provider,
        service=service,
        occurred_at=at,
        posting_quarter=str(posting_quarter(session, Quarter.of(at))),
        advisor=advisor,
        source=source,
        external_ref=external_ref,
        created_by=advisor,
        dedupe_key=key,
    )
    if key is None:
        event = BillableEvent(**values)
        session.add(event)
        session.flush()
        return event
    return _post(session, values)[0]


def reverse_event(session: Session, *, event_id: str, reason: str, by: str) -> BillableEvent:
    """Post a reversal of a charge. The original stays as it was.

    The reversal copies the original's attributes (so it is priced at the original's occurrence
    date) and is posted into the original's posting quarter, or the next open one if that
    quarter is closed.

    Raises:
        EventNotFoundError: no such event.
        AlreadyReversedError: the event is itself a reversal or has been reversed already
            (also when a concurrent reversal won the race).
        BillingInputError: no reason given.
    """
    if not reason or not reason.strip():
        raise BillingInputError("Give the reason for the reversal.")
    original = session.get(BillableEvent, event_id)
    if original is None:
        raise EventNotFoundError(f"No billable event {event_id!r}.")
    if original.kind != EventKind.charge:
        raise AlreadyReversedError("A reversal cannot itself be reversed; post a new charge.")
    key = f"rev:{original.id}"
    if _by_key(session, key) is not None:
        raise AlreadyReversedError(f"Event {event_id} has already been reversed.")
    lock_for_posting(session)
    reversal, inserted = _post(
        session,
        dict(
            kind=EventKind.reversal,
            reverses_id=original.id,
            event_type=original.event_type,
            service_point=original.service_point,
            municipality=original.municipality,
            provider=original.provider,
            service=original.service,
            occurred_at=original.occurred_at,
            posting_quarter=str(posting_quarter(session, Quarter.parse(original.posting_quarter))),
            document_id=original.document_id,
            advisor=original.advisor,
            source="reversal",
            reason=reason.strip(),
            created_by=by,
            dedupe_key=key,
        ),
    )
    if not inserted:
        raise AlreadyReversedError(f"Event {event_id} has already been reversed.")
    return reversal


def reverse_document_events(
    session: Session, document_id: str, reason: str, by: str, *, provider: str | None = None
) -> list[BillableEvent]:
    """Reverse every standing charge of a document (e.g. the provider returned it as misrouted).

    Idempotent: charges already reversed are skipped, so a retried call posts nothing new.

    Args:
        session: the caller's transaction.
        document_id: the returned document.
        reason: why, e.g. ``"returned as misrouted by kela"``.
        by: user name or ``"system"``.
        provider: only the charges of this provider (default: all of the document's charges).

    Returns:
        The reversals posted by this call.
    """
    stmt = select(BillableEvent).where(
        BillableEvent.document_id == document_id, BillableEvent.kind == EventKind.charge
    )
    if provider is not None:
        stmt = stmt.where(BillableEvent.provider == provider)
    posted: list[BillableEvent] = []
    for charge in session.scalars(stmt.order_by(BillableEvent.created_at)).all():
        if _by_key(session, f"rev:{charge.id}") is not None:
            continue
        try:
            posted.append(reverse_event(session, event_id=charge.id, reason=reason, by=by))
        except AlreadyReversedError:
            continue  # a concurrent caller reversed it first
    return posted
