"""Liveness of the channel threads, for ``/readyz``.

Each background loop (the hot folders, the mailboxes) registers under a name, reports every
successful round with :meth:`ChannelMonitor.beat` and a failed one with :meth:`ChannelMonitor.fail`.
:meth:`ChannelMonitor.snapshot` tells the probe, per channel, whether its thread is alive, when it
last polled successfully and the last error code; a dead thread makes the probe fail.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass
class _Entry:
    thread: threading.Thread | None = None
    last_ok: datetime | None = None
    last_error: str | None = None


@dataclass
class ChannelMonitor:
    """Thread-safe registry of channel loops and their last successful poll."""

    _entries: dict[str, _Entry] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def register(self, name: str, thread: threading.Thread | None = None) -> None:
        """Record the thread running the loop ``name`` (``None``: the caller's own thread)."""
        with self._lock:
            self._entries.setdefault(name, _Entry()).thread = thread

    def beat(self, name: str) -> None:
        """One round of ``name`` completed."""
        with self._lock:
            entry = self._entries.setdefault(name, _Entry())
            entry.last_ok, entry.last_error = datetime.now(UTC), None

    def fail(self, name: str, code: str) -> None:
        """One round of ``name`` failed with the error ``code``; the loop goes on."""
        with self._lock:
            self._entries.setdefault(name, _Entry()).last_error = code

    def snapshot(self) -> dict[str, dict[str, object]]:
        """Per channel: ``alive``, ``last_ok`` (ISO time or ``None``) and ``last_error``."""
        with self._lock:
            return {
                name: {
                    "alive": e.thread is None or e.thread.is_alive(),
                    "last_ok": e.last_ok.isoformat(timespec="seconds") if e.last_ok else None,
                    "last_error": e.last_error,
                }
                for name, e in sorted(self._entries.items())
            }

    @property
    def healthy(self) -> bool:
        """True when every registered thread is alive."""
        return all(v["alive"] for v in self.snapshot().values())
