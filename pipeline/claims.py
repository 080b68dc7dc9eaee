"""Exactly one runner per stage at a time: a claim (a lease) on the document or delivery row.

A stage takes the claim in the transaction that reads the row (``SELECT … FOR UPDATE`` on
PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so two messages for one item cannot both pass: the
second sees a live claim and comes back when it ends (:class:`~pipeline.retry.RetryLater`),
by which time the work is done and it finds nothing to do. A stage checks that it still holds
the claim in the transaction that records its result.

While a process runs, a keeper thread renews the leases it holds every ``lease_s / 3``; a process
that dies (SIGKILL, power cut) stops renewing, its claims lapse after ``lease_s`` and the next
message or the sweeper (:mod:`pipeline.sweeper`) takes the work over.
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
from .retry import RetryLater, is_outage

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

    @staticmethod
    def lapsed(row: _Row) -> bool:
        """Did the last runner of ``row`` stop without a result? (It died holding the claim: a
        runner that raises gives its claim up, see :meth:`held`.)"""
        return bool(row.claimed_by) and (row.claimed_until is None or row.claimed_until <= utcnow())

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
        except Exception as e:  # the lease lapses by itself
            if not is_outage(e):
                raise
            log.info("claim on %s not released (%s); it lapses in %.0f s", row_id, e, self.lease_s)

    def renew(self) -> int:
        """Extend every lease this process holds; returns how many rows were renewed."""
        with self._lock:
            held = dict(self._held)
        if not held:
            return 0
        until = utcnow() + timedelta(seconds=self.lease_s)
        n = 0
        with session_scope(self.session_factory) as s:
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

    def _keep(self) -> None:
        while not self._stop.wait(self.lease_s / 3):
            try:
                self.renew()
            except Exception as e:
                log.warning("could not renew claims: %s", type(e).__name__)
