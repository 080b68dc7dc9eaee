"""Nothing waits without a message: re-enqueue work whose hand-off was lost.

A stage commits the new state, then sends the next message. When the broker is down at that
moment, when a worker is killed while it holds a message, or when a message runs out of retries
during a database outage, the item sits in a state whose next stage is automatic (the table of
:mod:`pipeline.stages`) with no message for it. :func:`sweep` finds such items — waiting longer
than ``stale_after_s``, with no live claim, not re-enqueued within ``stale_after_s`` — and
enqueues them again. It marks each with ``enqueued_at`` by a compare-and-set, so several
sweepers (``aspa serve`` and every ``aspa worker``) enqueue an item once between them. A
duplicate message is harmless: the stage re-checks the state under its claim and does nothing.

:class:`Sweeper` runs :func:`sweep` every ``sweep_every_s`` in a thread, from the start of the
process; ``stale_after_s=0`` at the start of an embedded process is the old start-up recovery.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from .db import session_scope, utcnow
from .models import Delivery, Document
from .retry import is_outage
from .stages import DOCUMENT_STAGES, OPEN_DELIVERY_STATES, Stage, Work
from .states import DocState

log = logging.getLogger(__name__)

BATCH = 500


def sweep(
    session_factory: sessionmaker[Session],
    send: Callable[[Work], None],
    *,
    stale_after_s: float,
    now: datetime | None = None,
) -> list[Work]:
    """Re-enqueue every item waiting past ``stale_after_s`` with no live message; returns them."""
    now = now or utcnow()
    cutoff = now - timedelta(seconds=stale_after_s)
    work: list[Work] = []
    with session_scope(session_factory) as s:
        work += _documents(s, now, cutoff)
        work += _deliveries(s, now, cutoff)
    for w in work:
        send(w)
    if work:
        log.info("sweeper re-enqueued %d items", len(work))
    return work


def _free(
    table: type[Document] | type[Delivery], now: datetime, cutoff: datetime
) -> list[ColumnElement[bool]]:
    return [
        or_(table.claimed_until.is_(None), table.claimed_until < now),
        or_(table.enqueued_at.is_(None), table.enqueued_at <= cutoff),
    ]


def _documents(s: Session, now: datetime, cutoff: datetime) -> list[Work]:
    waiting: list[ColumnElement[bool]] = [
        Document.state.in_(list(DOCUMENT_STAGES)),
        Document.state_changed_at <= cutoff,
        *_free(Document, now, cutoff),
    ]
    rows = s.execute(select(Document.id, Document.state).where(*waiting).limit(BATCH)).all()
    out = []
    for doc_id, state in rows:
        # Compare-and-set: only the sweeper whose update matched enqueues it.
        res = s.execute(
            update(Document)
            .where(Document.id == doc_id, *waiting)
            .values(enqueued_at=now)
            .execution_options(synchronize_session=False)
        )
        if res.rowcount == 1:  # type: ignore[attr-defined]
            out.append(Work(DOCUMENT_STAGES[DocState(state)], doc_id))
    return out


def _deliveries(s: Session, now: datetime, cutoff: datetime) -> list[Work]:
    waiting: list[ColumnElement[bool]] = [
        Delivery.state.in_(OPEN_DELIVERY_STATES),
        func.coalesce(Delivery.next_attempt_at, Delivery.created_at) <= cutoff,
        *_free(Delivery, now, cutoff),
    ]
    ids = s.scalars(select(Delivery.id).where(*waiting).limit(BATCH)).all()
    out = []
    for delivery_id in ids:
        res = s.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id, *waiting)
            .values(enqueued_at=now)
            .execution_options(synchronize_session=False)
        )
        if res.rowcount == 1:  # type: ignore[attr-defined]
            out.append(Work(Stage.deliver, delivery_id))
    return out


class Sweeper:
    """Runs :func:`sweep` every ``every_s`` seconds in a daemon thread until stopped."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        send: Callable[[Work], None],
        *,
        every_s: float,
        stale_after_s: float,
    ) -> None:
        self._args = (session_factory, send)
        self.every_s, self.stale_after_s = every_s, stale_after_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="aspa-sweeper", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                sweep(*self._args, stale_after_s=self.stale_after_s)
            except Exception as e:
                if not is_outage(e):
                    log.exception("sweeper failed")
                else:
                    log.warning(
                        "sweeper: %s; trying again in %.0f s", type(e).__name__, self.every_s
                    )
