"""The ledger on SQLite and PostgreSQL: exactly once, reversals, append-only, concurrency."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from _billing_db import add_document
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from billing import (
    AlreadyReversedError,
    AppendOnlyError,
    BillableEvent,
    BillingInputError,
    EventNotFoundError,
    ServicePointSpec,
    record_document_event,
    record_service_event,
    reverse_document_events,
    reverse_event,
    seed_service_points,
)

AT = datetime(2026, 10, 15, 9, 30, tzinfo=UTC)

pytest_plugins = ("_billing_db",)


def _doc_event(session: Session, doc: str, provider: str = "kela") -> BillableEvent:
    return record_document_event(
        session,
        document_id=doc,
        service_point="mikkeli",
        provider=provider,
        service="kela-asumistuki",
        occurred_at=AT,
        advisor="anna.advisor",
    )


def _count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(BillableEvent)) or 0)


def test_document_event_is_posted_once_with_municipality(db: Session) -> None:
    seed_service_points(db, [ServicePointSpec("mikkeli", "Mikkelin piste", "Mikkeli")])
    add_document(db, "doc1")
    first = _doc_event(db, "doc1")
    again = _doc_event(db, "doc1")
    db.commit()
    assert again.id == first.id
    assert _count(db) == 1
    assert first.municipality == "Mikkeli"
    assert first.posting_quarter == "2026Q4" and first.event_type == 3
    # another provider for the same document is another event
    _doc_event(db, "doc1", provider="vero")
    db.commit()
    assert _count(db) == 2


def test_service_events_types_and_idempotency(db: Session) -> None:
    def rec(event_type: int, ref: str | None = None) -> BillableEvent:
        return record_service_event(
            db, event_type=event_type, service_point="parainen", provider="vero",
            service=None, occurred_at=AT, advisor="anna", source="api", external_ref=ref,
        )  # fmt: skip

    a, b = rec(1), rec(1)
    assert a.id != b.id  # without a reference every call is a new event
    c, d = rec(2, "form-77"), rec(2, "form-77")
    assert c.id == d.id
    rec(4)
    db.commit()
    assert _count(db) == 4
    assert a.municipality is None  # unknown point: posted, reconciled later
    with pytest.raises(BillingInputError):
        rec(3)
    with pytest.raises(BillingInputError):
        rec(7)
    with pytest.raises(BillingInputError):
        record_service_event(
            db, event_type=1, service_point="p", provider="vero", service=None,
            occurred_at=datetime(2026, 10, 1), advisor=None, source="api",
        )  # fmt: skip


def test_reversal_references_original_and_refuses_a_second(db: Session) -> None:
    add_document(db, "doc2")
    original = _doc_event(db, "doc2")
    db.commit()
    reversal = reverse_event(db, event_id=original.id, reason="wrong provider", by="fiona")
    db.commit()
    assert reversal.kind == "reversal" and reversal.reverses_id == original.id
    assert reversal.occurred_at == original.occurred_at
    assert reversal.created_by == "fiona" and reversal.reason == "wrong provider"
    with pytest.raises(AlreadyReversedError):
        reverse_event(db, event_id=original.id, reason="again", by="fiona")
    with pytest.raises(AlreadyReversedError):
        reverse_event(db, event_id=reversal.id, reason="undo", by="fiona")
    with pytest.raises(EventNotFoundError):
        reverse_event(db, event_id="nope", reason="x", by="fiona")
    with pytest.raises(BillingInputError):
        reverse_event(db, event_id=original.id, reason="  ", by="fiona")
    db.rollback()
    assert _count(db) == 2
    # the original is unchanged
    db.expire_all()
    assert db.get(BillableEvent, original.id).kind == "charge"  # type: ignore[union-attr]


def test_reverse_document_events_is_idempotent(db: Session) -> None:
    add_document(db, "doc3")
    _doc_event(db, "doc3", "kela")
    _doc_event(db, "doc3", "vero")
    db.commit()
    posted = reverse_document_events(db, "doc3", "returned as misrouted", "system", provider="kela")
    assert [e.provider for e in posted] == ["kela"]
    posted = reverse_document_events(db, "doc3", "returned as misrouted", "system")
    assert [e.provider for e in posted] == ["vero"]
    assert reverse_document_events(db, "doc3", "again", "system") == []
    db.commit()
    assert _count(db) == 4


def test_posted_events_cannot_be_updated_or_deleted(db: Session) -> None:
    add_document(db, "doc4")
    e = _doc_event(db, "doc4")
    db.commit()
    e.provider = "vero"
    with pytest.raises(AppendOnlyError):
        db.flush()
    db.rollback()
    db.delete(db.get(BillableEvent, e.id))
    with pytest.raises(AppendOnlyError):
        db.flush()
    db.rollback()


def _race(n: int, factory: sessionmaker[Session], work: object) -> list[object]:
    """Run ``work(session)`` in n threads at once, each with its own session; collect results."""
    barrier = threading.Barrier(n)
    results: list[object] = []
    lock = threading.Lock()

    def run() -> None:
        session = factory()
        try:
            barrier.wait()
            try:
                out: object = work(session)  # type: ignore[operator]
                session.commit()
            except Exception as e:  # collected and asserted on below
                session.rollback()
                out = e
            with lock:
                results.append(out)
        finally:
            session.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


@pytest.mark.parametrize("billing_engine", ["postgresql"], indirect=True)
def test_concurrent_workers_post_a_document_once(
    billing_engine: object, session_factory: sessionmaker[Session]
) -> None:
    # Given one delivered document and 8 workers that all confirm its delivery at once
    with session_factory() as s:
        add_document(s, "race1")
        s.commit()

    # When each posts the document event in its own transaction
    results = _race(8, session_factory, lambda s: _doc_event(s, "race1").id)

    # Then the database kept exactly one event and every worker got its id
    assert len(results) == 8 and all(isinstance(r, str) for r in results), results
    assert len(set(results)) == 1
    with session_factory() as s:
        assert _count(s) == 1


@pytest.mark.parametrize("billing_engine", ["postgresql"], indirect=True)
def test_concurrent_reversals_only_one_wins(
    billing_engine: object, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as s:
        add_document(s, "race2")
        eid = _doc_event(s, "race2").id
        s.commit()
    results = _race(
        6, session_factory, lambda s: reverse_event(s, event_id=eid, reason="r", by="x").id
    )
    wins = [r for r in results if isinstance(r, str)]
    losses = [r for r in results if isinstance(r, AlreadyReversedError)]
    assert len(wins) == 1 and len(losses) == 5, results
    with session_factory() as s:
        assert _count(s) == 2


def test_database_refuses_updates_and_deletes_behind_the_orm(db: Session) -> None:
    from sqlalchemy import delete, update
    from sqlalchemy.exc import DBAPIError

    add_document(db, "doc5")
    e = _doc_event(db, "doc5")
    db.commit()
    # Core statements bypass the ORM hooks; the database triggers still refuse them.
    with pytest.raises(DBAPIError):
        db.execute(update(BillableEvent).where(BillableEvent.id == e.id).values(provider="x"))
    db.rollback()
    with pytest.raises(DBAPIError):
        db.execute(delete(BillableEvent).where(BillableEvent.id == e.id))
    db.rollback()
    assert _count(db) == 1


def test_a_rolled_back_posting_leaves_nothing(session_factory: sessionmaker[Session]) -> None:
    # Given a document committed earlier
    with session_factory() as s:
        add_document(s, "doc6")
        s.commit()
    # When the pipeline posts its event as the first write of a transaction and then fails
    with session_factory() as s:
        _doc_event(s, "doc6")
        reverse_event(s, event_id=_doc_event(s, "doc6").id, reason="r", by="x")
        s.rollback()
    # Then nothing was committed behind its back (a pysqlite SAVEPOINT would have)
    with session_factory() as s:
        assert _count(s) == 0
