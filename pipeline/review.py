"""People deciding where a document goes: confirm or correct the machine's suggestion."""

from __future__ import annotations

import logging
from typing import Any

from .db import session_scope
from .delivery_cycle import deliveries_of, pending_return
from .errors import ConflictError, NotFoundError, ResendNeedsConfirmationError
from .models import AuditEvent, Classification, Document
from .queue import Queue
from .runtime import Runtime
from .states import DocState
from .steps import create_deliveries, received_on
from .transitions import move

log = logging.getLogger(__name__)


def decide(
    queue: Queue,
    document_id: str,
    *,
    authority: str,
    service: str,
    actor: str,
    known_services: dict[str, str] | None = None,
    confirm_resend: bool = False,
) -> dict[str, Any]:
    """Route a document by a person's decision; it is delivered at once.

    After a return this opens a new round of deliveries (see :mod:`.delivery_cycle`). Sending
    the document back to the provider that returned it needs ``confirm_resend``: the person
    must have seen the provider's reason.

    Args:
        known_services: service id → authority id of the catalogue; the pair must match it.
        confirm_resend: the person confirmed sending it again to the provider that returned it.

    Raises:
        NotFoundError: no such document.
        ResendNeedsConfirmationError: back to the returning provider without ``confirm_resend``.
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
        returned = pending_return(deliveries_of(s, doc.id))
        if returned is not None and not confirm_resend:
            provider = rt.provider_for(authority, service, received_on(doc))
            if provider == returned.authority:
                raise ResendNeedsConfirmationError()
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
                details={"corrected": corrected, "after_return": returned is not None},
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
        delivery_ids = create_deliveries(rt, s, doc, actor=actor)
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
