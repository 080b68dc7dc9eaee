"""The connector interface: deliver one package, return a receipt.

Connectors translate their library's exceptions at the boundary into
:class:`~pipeline.errors.TransientDeliveryError` (retry later) or
:class:`~pipeline.errors.PermanentDeliveryError` (dead letter, an operator must act).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True)
class DeliveryPackage:
    """What goes to a provider: the searchable PDF and its manifest.

    ``delivery_id`` is stable across retries and is the idempotency key at the provider.
    """

    delivery_id: str
    document_id: str
    authority: str
    service: str | None
    pdf_path: Path
    manifest: dict[str, Any]

    def manifest_bytes(self) -> bytes:
        import json

        return json.dumps(self.manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()


@dataclass(frozen=True)
class Receipt:
    """What a connector returns once the provider has the package."""

    delivery_id: str
    connector: str
    location: str  # where the package now is (path, s3 URL, webhook URL, recipient)
    delivered_at: datetime
    remote_id: str | None = None  # the provider's own id, if it gave one
    acknowledged: bool = False  # the provider confirmed receipt in its response
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form, for the ``deliveries.receipt`` column."""
        return {
            "delivery_id": self.delivery_id,
            "connector": self.connector,
            "location": self.location,
            "delivered_at": self.delivered_at.isoformat(),
            "remote_id": self.remote_id,
            "acknowledged": self.acknowledged,
            "details": dict(self.details),
        }


class Connector(Protocol):
    """Delivers packages to one provider; ``name`` is the route name stored with deliveries."""

    name: str

    def deliver(self, package: DeliveryPackage) -> Receipt:
        """Deliver the package; delivering the same ``delivery_id`` twice leaves one copy."""
        ...


def package_sha256(package: DeliveryPackage) -> str:
    """The PDF's SHA-256: from the manifest when it has one, else computed from the file.

    Raises:
        FileNotFoundError: the PDF is missing and the manifest names no hash.
    """
    value = package.manifest.get("sha256")
    if isinstance(value, str) and len(value) == 64:
        return value
    h = hashlib.sha256()
    with open(package.pdf_path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
