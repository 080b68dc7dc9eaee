"""Retention: a customer's papers are purged a set time after their document's final state.

The service point only passes documents on; after a confirmed delivery it keeps them only for
returns and disputes. :func:`purge_documents` removes, for every document whose retention has
run out, what holds personal data:

- the original upload (or split part) from the object store, unless another document that is
  still kept uses the same bytes;
- the searchable PDF (and so every preview, which is rendered from it on the fly);
- the OCR text, the e-mail hint and the extracted field values;
- the file name's identity codes (masked) and the sender's address.

- the copies a connector keeps on the service point's own side (the folder outbox that the
  authority picks packages up from): each delivery's connector is asked to ``forget`` its
  receipt's location, if it can (object storage, webhooks and e-mail hand the package over, so
  there is nothing of ours left to remove).

The document row stays (state, authority, service, page count, error code): the ledger and the
audit trail refer to it, and they hold no personal data. Each purge sets ``purged_at`` with a
compare-and-set and writes one audit row ``purged`` listing what was removed; two purges
running at once both delete (deleting is idempotent) but only one records.

When the clock starts (the *final state*):

- ``delivered``: when the last delivery was acknowledged, or when it was delivered if the
  connector never acknowledges;
- ``rejected``: when it was rejected (the quarantined bytes go too).

``needs_review`` and ``failed`` documents wait for a person and are never purged. The period is
``ASPA_RETENTION_DAYS`` (default 90), per authority ``ASPA_RETENTION_DAYS_BY_AUTHORITY``
(``kela=30,vero=365``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from .db import session_scope, utcnow
from .delivery_cycle import copies_of, forget_copies
from .masking import mask_text
from .models import AuditEvent, Document, Submission
from .ports import RoutingTable
from .states import DocState
from .storage import BlobStore

log = logging.getLogger(__name__)

PURGED = "purged"
PURGEABLE = (DocState.delivered, DocState.rejected)


@dataclass(frozen=True)
class RetentionPolicy:
    """How long documents are kept after their final state, per authority."""

    default_days: int = 90
    per_authority: Mapping[str, int] = field(default_factory=dict)

    def days_for(self, authority: str | None) -> int:
        return self.per_authority.get(authority or "", self.default_days)

    @classmethod
    def parse(cls, default_days: int, by_authority: str) -> RetentionPolicy:
        """``by_authority`` as ``"kela=30,vero=365"``.

        Raises:
            ValueError: a malformed entry.
        """
        per: dict[str, int] = {}
        for item in filter(None, (p.strip() for p in by_authority.split(","))):
            name, _, days = item.partition("=")
            if not name.strip() or not days.strip().isdigit():
                raise ValueError(f"retention entry {item!r}: write authority=days")
            per[name.strip()] = int(days)
        return cls(default_days, per)


@dataclass(frozen=True)
class Purged:
    """One document purged (or, on a dry run, due)."""

    document_id: str
    authority: str | None
    final_at: datetime
    removed: tuple[str, ...]


@dataclass(frozen=True)
class PurgeReport:
    dry_run: bool
    documents: tuple[Purged, ...] = ()
    corrections: int = 0  # lines of the corrections file removed (or due)

    def as_dict(self) -> dict[str, object]:
        return {
            "dry_run": self.dry_run,
            "documents": [
                {
                    "document_id": p.document_id,
                    "authority": p.authority,
                    "final_at": p.final_at.isoformat(timespec="seconds"),
                    "removed": list(p.removed),
                }
                for p in self.documents
            ],
            "corrections": self.corrections,
        }


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def final_at(doc: Document) -> datetime:
    """When the document's retention clock started (see the module docstring)."""
    if doc.state == DocState.delivered and doc.deliveries:
        acks = [d.acknowledged_at for d in doc.deliveries if d.acknowledged_at is not None]
        if acks and len(acks) == len(doc.deliveries):
            return _aware(max(acks))
    return _aware(doc.state_changed_at)


def _due(session: Session, policy: RetentionPolicy, now: datetime, limit: int) -> list[Document]:
    shortest = min([policy.default_days, *policy.per_authority.values()])
    candidates = session.scalars(
        select(Document)
        .where(
            Document.state.in_([str(s) for s in PURGEABLE]),
            Document.state_changed_at <= now - timedelta(days=shortest),
            Document.purged_at.is_(None),
        )
        .order_by(Document.state_changed_at)
        .limit(limit)
    )
    return [
        d for d in candidates if final_at(d) <= now - timedelta(days=policy.days_for(d.authority))
    ]


def _still_needed(session: Session, key: str, leaving: set[str]) -> bool:
    """Whether a document that is kept (not purged, not being purged) uses blob ``key``."""
    users = session.scalars(
        select(Document.id)
        .join(Submission, Submission.id == Document.submission_id)
        .where(or_(Document.blob_key == key, Submission.blob_key == key))
        .where(Document.purged_at.is_(None))
    )
    return any(u not in leaving for u in users)


@dataclass(frozen=True)
class _Plan:
    document_id: str
    authority: str | None
    final_at: datetime
    keys: list[str]
    copies: list[tuple[str, str]]  # (route name, receipt location) of every delivery
    removed: list[str]


def _plan(session: Session, doc: Document, leaving: set[str]) -> _Plan:
    keys: list[str] = []
    removed: list[str] = []
    for key in {doc.blob_key, doc.submission.blob_key} - {None, ""}:
        if key and not _still_needed(session, key, leaving):
            keys.append(key)
            removed.append("original")
    if doc.pdf_key:
        keys.append(doc.pdf_key)
        removed.append("pdf")
    if doc.text or doc.hint or doc.fields:
        removed.append("text")
    return _Plan(doc.id, doc.authority, final_at(doc), keys, copies_of(doc.deliveries), removed)


def purge_documents(
    session_factory: sessionmaker[Session],
    store: BlobStore,
    policy: RetentionPolicy,
    *,
    routing: RoutingTable | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
    actor: str = "system",
    limit: int = 1000,
) -> list[Purged]:
    """Purge the personal data of every document whose retention has run out (at most ``limit``).

    Blobs and outbox copies are deleted before the rows are cleared and the audit row is written,
    so a failure half-way leaves the document due and the next run finishes it (deleting is
    idempotent). ``routing`` gives the connectors to ask for their own-side copies (None: none).
    """
    now = now or utcnow()
    with session_scope(session_factory) as s:
        due = _due(s, policy, now, limit)
        leaving = {d.id for d in due}
        plans = [_plan(s, doc, leaving) for doc in due]
    if dry_run:
        return [Purged(p.document_id, p.authority, p.final_at, tuple(p.removed)) for p in plans]
    report: list[Purged] = []
    for plan in plans:
        for key in plan.keys:
            store.delete(key)
        removed = list(plan.removed)
        if forget_copies(routing, plan.copies):
            removed = sorted({*removed, "outbox"})
        with session_scope(session_factory) as s:
            won = s.execute(
                update(Document)
                .where(Document.id == plan.document_id, Document.purged_at.is_(None))
                .values(purged_at=now)
            )
            if not isinstance(won, CursorResult) or won.rowcount != 1:
                continue  # another purge got there first and records it
            row = s.get(Document, plan.document_id)
            assert row is not None  # the update just matched it
            row.text, row.hint, row.fields, row.pdf_key = None, None, [], None
            if row.source_name:
                row.source_name = mask_text(row.source_name)
            sub = row.submission
            if sub.filename:
                sub.filename = mask_text(sub.filename)
            if sub.meta and "sender" in sub.meta:
                sub.meta = {k: v for k, v in sub.meta.items() if k != "sender"}
            s.add(
                AuditEvent(
                    actor=actor,
                    action=PURGED,
                    document_id=plan.document_id,
                    details={
                        "removed": removed,
                        "retention_days": policy.days_for(plan.authority),
                        "final_at": plan.final_at.isoformat(timespec="seconds"),
                    },
                )
            )
        report.append(Purged(plan.document_id, plan.authority, plan.final_at, tuple(removed)))
    if report:
        log.info("retention: purged %d documents", len(report))
    return report


def run_periodically(
    purge_once: Callable[[], object], interval_s: float, stop: threading.Event
) -> threading.Thread | None:
    """Call ``purge_once`` now and then every ``interval_s`` seconds in a daemon thread.

    A failing run is logged and retried at the next interval. ``interval_s <= 0``: no thread.
    """
    if interval_s <= 0:
        return None

    def loop() -> None:
        while not stop.is_set():
            try:
                purge_once()
            except Exception:  # the schedule outlives a failed run; the next one retries
                log.exception("retention: scheduled purge failed")
            stop.wait(interval_s)

    thread = threading.Thread(target=loop, daemon=True, name="purge")
    thread.start()
    return thread
