"""Reconciliation of deliveries against the ledger, and finance's notes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from _billing_db import add_document
from sqlalchemy import select
from sqlalchemy.orm import Session

from billing import (
    AppendOnlyError,
    BillingInputError,
    EventNotFoundError,
    ReconciliationNote,
    reconcile,
    record_document_event,
    resolve,
    reverse_document_events,
)
from pipeline.models import Delivery

AT = datetime(2026, 10, 20, 10, 0, tzinfo=UTC)

pytest_plugins = ("_billing_db",)


def deliver(
    db: Session,
    doc: str,
    *,
    provider: str = "kela",
    ack: bool = False,
    returned: bool = False,
    bill: bool = True,
    delivered: bool = True,
) -> None:
    add_document(db, doc)
    db.add(
        Delivery(
            document_id=doc, authority=provider, connector="folder", state="delivered",
            delivered_at=AT if delivered else None,
            acknowledged_at=AT + timedelta(days=1) if ack else None,
            returned_at=AT + timedelta(days=2) if returned else None,
        )
    )  # fmt: skip
    if bill:
        record_document_event(
            db, document_id=doc, service_point="mikkeli", provider=provider, service=None,
            occurred_at=AT,
        )  # fmt: skip
    db.flush()


def test_counts_and_discrepancies(db: Session) -> None:
    # Given a quarter of kela deliveries in every state
    deliver(db, "ok", ack=True)
    deliver(db, "noack")
    deliver(db, "ret", returned=True)
    deliver(db, "ret-rev", returned=True)
    reverse_document_events(db, "ret-rev", "returned as misrouted", "system")
    deliver(db, "nobill", ack=True, bill=False)
    deliver(db, "nodelivery", delivered=False)
    deliver(db, "v1", provider="vero", ack=True)
    db.commit()

    # When finance reconciles Q4
    recs = {r.provider: r for r in reconcile(db, "2026Q4")}

    # Then the counts and the discrepancies are as expected
    kela = recs["kela"]
    assert (kela.delivered, kela.acknowledged, kela.returned) == (5, 2, 2)
    assert (kela.billed_charges, kela.billed_reversals, kela.billed) == (5, 1, 4)
    found = {(d.kind, d.document_id) for d in kela.discrepancies}
    assert found == {
        ("billed_not_acknowledged", "noack"),
        ("reversal_pending", "ret"),
        ("returned_misrouted", "ret-rev"),
        ("delivered_not_billed", "nobill"),
        ("billed_without_delivery", "nodelivery"),
    }
    assert recs["vero"].discrepancies == ()
    assert reconcile(db, "2026Q3", provider="kela")[0].delivered == 0


def test_resolve_keeps_comments(db: Session) -> None:
    deliver(db, "noack")
    db.commit()
    (d,) = reconcile(db, "2026Q4", provider="kela")[0].discrepancies
    assert d.id == "2026Q4:billed_not_acknowledged:kela:noack" and not d.resolved
    resolve(db, d.id, comment="Kela confirmed receipt by phone", by="fiona")
    db.commit()
    (d,) = reconcile(db, "2026Q4", provider="kela")[0].discrepancies
    assert d.resolved and d.notes[0].comment == "Kela confirmed receipt by phone"
    resolve(db, d.id, comment="Not confirmed after all", by="fiona", status="reopened")
    db.commit()
    (d,) = reconcile(db, "2026Q4", provider="kela")[0].discrepancies
    assert not d.resolved and len(d.notes) == 2
    # notes are append-only
    note = db.scalars(select(ReconciliationNote)).first()
    assert note is not None
    note.comment = "rewritten"
    with pytest.raises(AppendOnlyError):
        db.flush()
    db.rollback()
    with pytest.raises(BillingInputError):
        resolve(db, d.id, comment=" ", by="fiona")
    with pytest.raises(BillingInputError):
        resolve(db, "garbage", comment="x", by="fiona")
    with pytest.raises(EventNotFoundError):
        resolve(db, "2026Q4:billed_not_acknowledged:kela:other", comment="x", by="fiona")
