"""Reconciliation: delivered vs acknowledged vs billed, per provider and quarter.

Counts:
    delivered     deliveries to the provider with ``delivered_at`` in the quarter
    acknowledged  of those, acknowledged by the provider
    returned      of those, returned (as misrouted)
    billed        counter-service entries (type 3) posted into the quarter: charges, reversals

Discrepancies (each with a stable id ``<quarter>:<kind>:<provider>:<document>``):
    billed_not_acknowledged  a standing charge whose delivery was never acknowledged
    reversal_pending         a standing charge whose delivery was returned as misrouted
    returned_misrouted       a delivery returned as misrouted (charge reversed): confirm
    delivered_not_billed     a delivery without any charge for the document and provider
    billed_without_delivery  a standing charge with no delivery to that provider

Finance resolves a discrepancy with a comment (:func:`resolve`); notes are append-only and the
newest note decides whether it is resolved. Nothing here changes the ledger.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from pipeline.models import Delivery

from .errors import BillingInputError, EventNotFoundError
from .models import BillableEvent, EventKind, EventType, ReconciliationNote
from .quarters import Quarter

KINDS = (
    "billed_not_acknowledged",
    "reversal_pending",
    "returned_misrouted",
    "delivered_not_billed",
    "billed_without_delivery",
)


@dataclass(frozen=True)
class Note:
    comment: str
    by: str
    at: datetime
    status: str


@dataclass(frozen=True)
class Discrepancy:
    id: str
    kind: str
    quarter: str
    provider: str
    document_id: str
    event_id: str | None
    notes: tuple[Note, ...] = ()

    @property
    def resolved(self) -> bool:
        return bool(self.notes) and self.notes[-1].status == "resolved"


@dataclass(frozen=True)
class Reconciliation:
    quarter: str
    provider: str
    delivered: int
    acknowledged: int
    returned: int
    billed_charges: int
    billed_reversals: int
    discrepancies: tuple[Discrepancy, ...]

    @property
    def billed(self) -> int:
        return self.billed_charges - self.billed_reversals

    @property
    def open_discrepancies(self) -> tuple[Discrepancy, ...]:
        return tuple(d for d in self.discrepancies if not d.resolved)


def _rows(
    session: Session, q: Quarter, provider: str | None
) -> dict[str, list[tuple[str, str, str | None]]]:
    """Discrepancy rows by provider: (kind, document_id, event_id)."""
    ev, rev, dl = BillableEvent, aliased(BillableEvent), Delivery
    standing = and_(
        ev.kind == EventKind.charge,
        ev.event_type == int(EventType.counter),
        ev.posting_quarter == str(q),
        ev.document_id.is_not(None),
        ~exists().where(rev.reverses_id == ev.id),
    )
    if provider is not None:
        standing = and_(standing, ev.provider == provider)
    dl_of_event = and_(dl.document_id == ev.document_id, dl.authority == ev.provider)
    charge_of_dl = and_(
        ev.document_id == dl.document_id, ev.provider == dl.authority, ev.kind == EventKind.charge
    )
    standing_of_dl = exists().where(charge_of_dl, ~exists().where(rev.reverses_id == ev.id))
    in_q = and_(dl.delivered_at >= q.start, dl.delivered_at < q.end)
    if provider is not None:
        in_q = and_(in_q, dl.authority == provider)
    # A document returned and then sent to the same provider again has an earlier, returned
    # delivery and a current one (a new round): only the current one counts for its charge.
    current_dl = and_(dl_of_event, dl.delivered_at.is_not(None), dl.returned_at.is_(None))
    queries = {
        "billed_not_acknowledged": select(ev.provider, ev.document_id, ev.id).where(
            standing,
            exists().where(current_dl),
            ~exists().where(current_dl, dl.acknowledged_at.is_not(None)),
        ),
        "reversal_pending": select(ev.provider, ev.document_id, ev.id).where(
            standing,
            exists().where(dl_of_event, dl.returned_at.is_not(None)),
            ~exists().where(current_dl),
        ),
        "billed_without_delivery": select(ev.provider, ev.document_id, ev.id).where(
            standing, ~exists().where(dl_of_event, dl.delivered_at.is_not(None))
        ),
        "returned_misrouted": select(dl.authority, dl.document_id, func.min(dl.id))
        .where(in_q, dl.returned_at.is_not(None), ~standing_of_dl)
        .group_by(dl.authority, dl.document_id),
        "delivered_not_billed": select(dl.authority, dl.document_id, func.min(dl.id))
        .where(in_q, dl.returned_at.is_(None), ~exists().where(charge_of_dl))
        .group_by(dl.authority, dl.document_id),
    }
    out: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
    for kind, stmt in queries.items():
        for prov, doc, ref in session.execute(stmt):
            if doc is None:  # cannot happen: every query requires a document
                continue
            event_id = None if kind in ("delivered_not_billed", "returned_misrouted") else ref
            out[prov].append((kind, doc, event_id))
    return out


def _notes(session: Session, ids: list[str]) -> dict[str, list[Note]]:
    notes: dict[str, list[Note]] = defaultdict(list)
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        for n in session.scalars(
            select(ReconciliationNote)
            .where(ReconciliationNote.discrepancy_id.in_(chunk))
            .order_by(ReconciliationNote.at, ReconciliationNote.id)
        ):
            notes[n.discrepancy_id].append(Note(n.comment, n.by, n.at, n.status))
    return notes


def reconcile(
    session: Session, quarter: str | Quarter, *, provider: str | None = None
) -> list[Reconciliation]:
    """Reconcile a quarter, one :class:`Reconciliation` per provider (or just ``provider``)."""
    q = Quarter.parse(quarter)
    dl, ev = Delivery, BillableEvent
    dl_stmt = (
        select(
            dl.authority,
            func.count(),
            func.count(dl.acknowledged_at),
            func.count(dl.returned_at),
        )
        .where(dl.delivered_at >= q.start, dl.delivered_at < q.end)
        .group_by(dl.authority)
    )
    ev_stmt = (
        select(ev.provider, ev.kind, func.count())
        .where(ev.posting_quarter == str(q), ev.event_type == int(EventType.counter))
        .group_by(ev.provider, ev.kind)
    )
    if provider is not None:
        dl_stmt = dl_stmt.where(dl.authority == provider)
        ev_stmt = ev_stmt.where(ev.provider == provider)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for prov, n, ack, ret in session.execute(dl_stmt):
        counts[prov][0:3] = [n, ack, ret]
    for prov, kind, n in session.execute(ev_stmt):
        counts[prov][3 if kind == EventKind.charge else 4] += n
    rows = _rows(session, q, provider)
    if provider is not None:
        counts.setdefault(provider, [0, 0, 0, 0, 0])  # report it even with nothing to show
    ids = {
        prov: [(f"{q}:{kind}:{prov}:{doc}", kind, doc, eid) for kind, doc, eid in items]
        for prov, items in rows.items()
    }
    notes = _notes(session, [i[0] for items in ids.values() for i in items])
    result = []
    for prov in sorted(set(counts) | set(rows)):
        c = counts[prov]
        found = tuple(
            Discrepancy(did, kind, str(q), prov, doc, eid, tuple(notes.get(did, ())))
            for did, kind, doc, eid in sorted(
                ids.get(prov, []), key=lambda i: (KINDS.index(i[1]), i[2])
            )
        )
        result.append(Reconciliation(str(q), prov, c[0], c[1], c[2], c[3], c[4], found))
    return result


def resolve(
    session: Session, discrepancy_id: str, *, comment: str, by: str, status: str = "resolved"
) -> ReconciliationNote:
    """Resolve (or with ``status="reopened"`` reopen) a discrepancy with a comment that is kept.

    Raises:
        BillingInputError: a malformed id, an empty comment or an unknown status.
        EventNotFoundError: the quarter has no such discrepancy (any more).
    """
    if not comment or not comment.strip():
        raise BillingInputError("Write a comment that explains the resolution.")
    if status not in ("resolved", "reopened"):
        raise BillingInputError("The status is 'resolved' or 'reopened'.")
    parts = discrepancy_id.split(":")
    if len(parts) != 4 or parts[1] not in KINDS:
        raise BillingInputError(
            "A discrepancy id looks like 2026Q4:billed_not_acknowledged:kela:<document id>."
        )
    quarter, _kind, provider, _doc = parts
    recs = reconcile(session, quarter, provider=provider)
    if not any(d.id == discrepancy_id for r in recs for d in r.discrepancies):
        raise EventNotFoundError(f"No open discrepancy {discrepancy_id} in {quarter}.")
    note = ReconciliationNote(
        discrepancy_id=discrepancy_id,
        quarter=str(Quarter.parse(quarter)),
        provider=provider,
        status=status,
        comment=comment.strip(),
        by=by,
    )
    session.add(note)
    session.flush()
    return note
