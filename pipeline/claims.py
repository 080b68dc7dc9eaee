"""Exactly one runner per stage at a time: a claim (a lease) on the document or delivery row.

A stage takes the claim in the transaction that reads the row (``SELECT … FOR UPDATE`` on
PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so two messages for one item cannot both pass: the
second sees a live claim and comes back when it ends (:class:`~pipeline.retry.RetryLater`),
by which time the work is done and it finds nothing to do. A stage checks that it still holds
the claim in the transaction that records its result.

While a process runs, a keeper thread renews the leases it holds every ``lease_s / 3``; a process
that dies (SIGKILL, power cut) stops renewing, its claims lapse after ``lease_s`` and the next
message or the sweeper (:mod:`pipeline.sweeper`) takes the work over.

A database that is away is not a runner that died. A claim that could not be given up (the
stage failed because the database went away) is given up by the keeper once the database
answers; the keeper retries every ``lease_s / 10`` while it is away, so a live process's leases
are renewed before another process takes them over; a process never counts its own lapsed
claims as a dead runner's, and a process that met an outage itself less than a lease ago
leaves another's lapsed claim to its keeper for a while (:meth:`Claims.lapsed`): when the
database comes back, a taker can beat the keeper's renewal, and three such races set a healthy
document aside as interrupted.
"""

from __future__ import annotations

import itertools
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from .db import session_scope, utcnow
from .models import Delivery, Document
from .retry import RetryLater, is_outage, seconds_since_outage

log = logging.getLogger(__name__)

Claimable = type[Document] | type[Delivery]


class _Row(Protocol):
    id: str
    claimed_by: str | None
    claimed_until: datetime | None


class Claims:
    """Takes, renews and releases this process's claims.

    Args:
        session_factory: sessions on the pipeline's database (used by the keeper).
        lease_s: how long a claim lasts without renewal.
    """

    def __init__(self, session_factory: sessionmaker[Session], lease_s: float = 30.0) -> None:
        self.session_factory = session_factory
        self.lease_s = lease_s
        self.owner = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._counter = itertools.count(1)
        self._held: dict[str, tuple[Claimable, str]] = {}  # token -> (table, row id)
        self._dropping: dict[str, tuple[Claimable, str]] = {}  # not given up: database away
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def take(self, row: Document | Delivery) -> str:
        """Claim ``row`` (locked by the caller's transaction); returns the claim's token.

        Raises:
            RetryLater: another runner holds a live claim on it.
        """
        now = utcnow()
        if row.claimed_by and row.claimed_until is not None and row.claimed_until > now:
            wait = (row.claimed_until - now).total_seconds() + 0.5
            raise RetryLater(f"{row.id} is being worked on by {row.claimed_by}", wait)
        token = f"{self.owner}:{next(self._counter)}"
        row.claimed_by, row.claimed_until = token, now + timedelta(seconds=self.lease_s)
        with self._lock:
            self._held[token] = (type(row), row.id)
        return token

    def lapsed(self, row: _Row) -> bool:
        """Did the last runner of ``row`` die without a result? (Its claim lapsed: a runner that
        raises gives its claim up, see :meth:`held`.) A lapsed claim of this very process is
        not a death: this process is alive, it could not renew or give the claim up while the
        database was away.

        Raises:
            RetryLater: another runner's claim lapsed, and this process met an outage less
                than a lease ago: that runner's keeper gets the time to renew it.
        """
        if not row.claimed_by or row.claimed_by.startswith(f"{self.owner}:"):
            return False
        if row.claimed_until is not None and row.claimed_until > utcnow():
            return False
        if seconds_since_outage() < self.lease_s:
            # The database (or broker) was away from this process too: the runner is likely
            # alive and its keeper renews within a tenth of a lease of the database's return.
            raise RetryLater(f"{row.id}: its runner may be alive after an outage", self.lease_s / 2)
        return True

    @staticmethod
    def holds(row: _Row, token: str) -> bool:
        return row.claimed_by == token

    def release(self, row: _Row, token: str) -> None:
        """Give the claim up in the caller's transaction (the stage recorded its result)."""
        if row.claimed_by == token:
            row.claimed_by = row.claimed_until = None
        with self._lock:
            self._held.pop(token, None)

    @contextmanager
    def held(self, table: Claimable, row_id: str, token: str) -> Iterator[None]:
        """Around a stage's work: if it ends without :meth:`release`, drop the claim anyway."""
        try:
            yield
        finally:
            with self._lock:
                still = self._held.pop(token, None) is not None
            if still:
                self._drop(table, row_id, token)

    def _drop(self, table: Claimable, row_id: str, token: str) -> None:
        try:
            with session_scope(self.session_factory) as s:
                s.execute(
                    update(table)
                    .where(table.id == row_id, table.claimed_by == token)
                    .values(claimed_by=None, claimed_until=None)
                )
        except Exception as e:  # the keeper gives it up once the database is back
            if not is_outage(e):
                raise
            with self._lock:
                self._dropping[token] = (table, row_id)
            log.info("claim on %s not released (%s); released when the database is back", row_id,
                     type(e).__name__)  # fmt: skip

    def _drop_pending(self, s: Session) -> None:
        with self._lock:
            pending = dict(self._dropping)
        for token, (table, row_id) in pending.items():
            s.execute(
                update(table)
                .where(table.id == row_id, table.claimed_by == token)
                .values(claimed_by=None, claimed_until=None)
            )
        with self._lock:
            for token in pending:
                self._dropping.pop(token, None)

    def renew(self) -> int:
        """Extend every lease this process holds, and give up the claims it could not give up
        while the database was away; returns how many rows were renewed."""
        with self._lock:
            held = dict(self._held)
            pending = bool(self._dropping)
        if not held and not pending:
            return 0
        until = utcnow() + timedelta(seconds=self.lease_s)
        n = 0
        with session_scope(self.session_factory) as s:
            if pending:
                self._drop_pending(s)
            for table in (Document, Delivery):
                tokens = [t for t, (tab, _) in held.items() if tab is table]
                if tokens:
                    res = s.execute(
                        update(table)
                        .where(table.claimed_by.in_(tokens))
                        .values(claimed_until=until)
                    )
                    n += int(res.rowcount or 0)  # type: ignore[attr-defined]
        return n

    def start(self) -> None:
        """Start the keeper thread (once)."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._keep, name="aspa-claims", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def next_round_s(self, *, failed: bool) -> float:
        """When the keeper renews again: a third of the lease, or soon after a failed round."""
        return self.lease_s / 10 if failed else self.lease_s / 3

    def _keep(self) -> None:
        failed = False
        while not self._stop.wait(self.next_round_s(failed=failed)):
            try:
                self.renew()
                failed = False
            except Exception as e:
                if not failed:
                    log.warning("could not renew claims: %s", type(e).__name__)
                failed = True
