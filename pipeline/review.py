"""People deciding where a document goes: confirm or correct the machine's suggestion."""

from __future__ import annotations

import logging
from typing import Any

from .db import session_scope
from .errors import ConflictError, NotFoundError
from .models import AuditEvent, Classification, Document
from .queue import Queue
from .runtime import Runtime
from .states import DocState
from .steps import create_deliveries, move

log = logging.getLogger(__name__)


def decide(
    queue: Queue,
    document_id: str,
    *,
    authority: str,
    service: str,
    actor: str,
    known_services: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Route a document by a person's decision; it is delivered at once.

    Args:
        known_services: service id → authority id of the catalogue; the pair must match it.

    Raises:
        NotFoundError: no such document.
        ConflictError: the document is not waiting for a decision, or the pair is unknown.
    """
    rt = queue.runtime
    if known_services is not None and known_services.get(service) != authority:
        raise ConflictError(f"Service '{service}' does not belong to authority '{authority}'.")
    with session_scope(rt.session_factory) as s:
        doc = s.get(Document, document_id)
        if doc is None:
            raise NotFoundError(f"No document {document_id}.")
        if doc.state not in (DocState.needs_review, DocState.classified):
            raise ConflictError(f"A document in state '{doc.state}' is not waiting for review.")
        machine = doc.classifications[-1] if doc.classifications else None
        corrected = machine is None or (machine.authority, machine.service) != (authority, service)
        s.add(
            Classification(
                document_id=doc.id,
                authority=authority,
                service=service,
                confidence=1.0,
                method="person",
                decided_by=actor,
                automatic=False,
                details={"corrected": corrected},
            )
        )
        s.add(
            AuditEvent(
                actor=actor,
                action="corrected" if corrected else "confirmed",
                document_id=doc.id,
                details={"authority": authority, "service": service},
            )
        )
        doc.authority, doc.service, doc.confidence = authority, service, 1.0
        if doc.state == DocState.needs_review:
            move(s, doc, DocState.classified, actor=actor)
        text = doc.text or ""
        delivery_ids = create_deliveries(rt, s, doc)
    _learn(rt, text=text, service=service, actor=actor)
    for d in delivery_ids:
        queue.enqueue_delivery(d)
    return {
        "document_id": document_id,
        "authority": authority,
        "service": service,
        "deliveries": delivery_ids,
        "corrected": corrected,
    }


def _learn(rt: Runtime, *, text: str, service: str, actor: str) -> None:
    """Keep the person's decision as training data for the next model."""
    if not text.strip():
        return
    rt.plugins.record_correction(rt.feedback_dir, text=text, service_id=service, user=actor)
