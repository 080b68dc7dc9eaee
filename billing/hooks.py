"""The billing hooks the pipeline calls on delivery and on return (``ports.BillingHooks``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from .ledger import record_document_event, reverse_document_events


class LedgerBilling:
    """Posts a delivered document's fee to the ledger, and reverses it when it comes back."""

    def on_delivered(
        self,
        session: Session,
        *,
        document_id: str,
        service_point: str,
        provider: str,
        service: str | None,
        occurred_at: datetime,
        advisor: str | None,
        source: str,
        delivery_round: int = 1,
    ) -> None:
        record_document_event(
            session,
            document_id=document_id,
            service_point=service_point,
            provider=provider,
            service=service,
            occurred_at=occurred_at,
            advisor=advisor,
            source=source,
            delivery_round=delivery_round,
        )

    def on_returned(
        self, session: Session, *, document_id: str, reason: str, by: str, provider: str | None
    ) -> None:
        reverse_document_events(session, document_id, reason, by, provider=provider)
