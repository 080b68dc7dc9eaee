"""Building the delivery package and its manifest (schema ``aspa-docflow/manifest@1``)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.storage import sha256_file as sha256_file

from .base import DeliveryPackage

MANIFEST_SCHEMA = "aspa-docflow/manifest@1"


def build_package(
    *,
    delivery_id: str,
    document_id: str,
    submission_id: str,
    authority: str,
    service: str | None,
    confidence: float | None,
    classified_by: str,
    service_point: str,
    received_at: datetime,
    pages: int,
    language: str | None,
    pdf_path: Path,
) -> DeliveryPackage:
    """Assemble the package; the manifest names every part with its SHA-256."""
    pdf_sha = sha256_file(pdf_path)
    manifest: dict[str, Any] = {
        "schema": MANIFEST_SCHEMA,
        "delivery_id": delivery_id,
        "document_id": document_id,
        "submission_id": submission_id,
        "authority": authority,
        "service": service,
        "confidence": None if confidence is None else round(confidence, 4),
        "classified_by": classified_by,
        "service_point": service_point,
        "received_at": received_at.isoformat(),
        "pages": pages,
        "language": language,
        "parts": [
            {
                "name": "document.pdf",
                "media_type": "application/pdf",
                "size": pdf_path.stat().st_size,
                "sha256": pdf_sha,
            }
        ],
        "sha256": pdf_sha,
    }
    return DeliveryPackage(
        delivery_id=delivery_id,
        document_id=document_id,
        authority=authority,
        service=service,
        pdf_path=pdf_path,
        manifest=manifest,
    )
