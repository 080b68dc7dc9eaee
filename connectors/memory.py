"""In-memory connector (tests, demos) and a fault-injecting wrapper for fault tests.

:class:`MemoryConnector` is a real connector that keeps each package in a dict keyed by delivery
id: delivering the same delivery id twice leaves one copy. :class:`FlakyConnector` wraps any
connector and raises scripted errors before (or after) the inner delivery, which is how the fault
tests simulate an unreachable provider, or a provider that got the package while the
confirmation was lost.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .base import Connector, DeliveryPackage, Receipt, package_sha256


@dataclass(frozen=True)
class StoredPackage:
    """One package as the in-memory provider holds it."""

    delivery_id: str
    document_id: str
    authority: str
    service: str | None
    pdf: bytes
    manifest: dict[str, Any]
    sha256: str
    received_at: datetime
    times_delivered: int


class MemoryConnector:
    """Keeps delivered packages in memory; idempotent by delivery id. Thread-safe."""

    def __init__(self, name: str = "memory") -> None:
        self.name = name
        self._lock = threading.Lock()
        self._packages: dict[str, StoredPackage] = {}
        self.attempts = 0

    @property
    def packages(self) -> dict[str, StoredPackage]:
        """A snapshot of the stored packages by delivery id."""
        with self._lock:
            return dict(self._packages)

    def for_document(self, document_id: str) -> list[StoredPackage]:
        """Every stored package of one document."""
        with self._lock:
            return [p for p in self._packages.values() if p.document_id == document_id]

    def deliver(self, package: DeliveryPackage) -> Receipt:
        """Store the package (replacing an earlier copy with the same delivery id)."""
        pdf = package.pdf_path.read_bytes()
        sha = package_sha256(package)
        with self._lock:
            self.attempts += 1
            previous = self._packages.get(package.delivery_id)
            stored = StoredPackage(
                delivery_id=package.delivery_id,
                document_id=package.document_id,
                authority=package.authority,
                service=package.service,
                pdf=pdf,
                manifest=dict(package.manifest),
                sha256=sha,
                received_at=previous.received_at if previous else datetime.now(UTC),
                times_delivered=(previous.times_delivered if previous else 0) + 1,
            )
            self._packages[package.delivery_id] = stored
        return Receipt(
            delivery_id=package.delivery_id,
            connector=self.name,
            location=f"memory://{self.name}/{package.delivery_id}",
            delivered_at=datetime.now(UTC),
            details={"already_present": previous is not None},
        )


class FlakyConnector:
    """Wraps a connector and raises scripted errors, one per call, before delegating.

    Args:
        inner: the connector that really delivers.
        failures: errors raised on the first calls, in order, *before* the inner delivery
            (the provider never saw the package); ``None`` in the list means "this call works".
        failures_after: errors raised *after* the inner delivery succeeded, in order (the
            provider has the package but the confirmation was lost).
        name: defaults to the inner connector's name.
    """

    def __init__(
        self,
        inner: Connector,
        failures: Iterable[BaseException | None] = (),
        *,
        failures_after: Iterable[BaseException | None] = (),
        name: str | None = None,
    ) -> None:
        self.inner = inner
        self.name = name or inner.name
        self._before = list(failures)
        self._after = list(failures_after)
        self._lock = threading.Lock()
        self.calls = 0
        self.raised: list[BaseException] = []

    def deliver(self, package: DeliveryPackage) -> Receipt:
        """Raise the next scripted error, or deliver through the inner connector."""
        with self._lock:
            self.calls += 1
            before = self._before.pop(0) if self._before else None
        if before is not None:
            self.raised.append(before)
            raise before
        receipt = self.inner.deliver(package)
        with self._lock:
            after = self._after.pop(0) if self._after else None
        if after is not None:
            self.raised.append(after)
            raise after
        return receipt
