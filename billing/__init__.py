"""The billing ledger: billable service events, tariffs and quarterly settlement."""

from __future__ import annotations

from .ledger import record_document_event
from .models import BillableEvent, EventType

__all__ = ["BillableEvent", "EventType", "record_document_event"]
