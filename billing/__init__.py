"""The billing ledger: billable service events, tariffs and quarterly settlement.

Posting: :func:`record_document_event` (type 3, by the pipeline after a confirmed delivery),
:func:`record_service_event` (types 1, 2, 4), :func:`reverse_event`,
:func:`reverse_document_events`. Tariff: :func:`read_tariff_file`, :func:`import_tariff`,
:func:`load_tariff`. Quarters: :func:`settle`, :func:`close_quarter`, :func:`reconcile`,
:func:`resolve`. Exports live in :mod:`billing.exports`, the CLI in :mod:`billing.cli`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import (
        AlreadyReversedError,
        AppendOnlyError,
        BillingInputError,
        EventNotFoundError,
        NoTariffError,
        QuarterClosedError,
        QuarterNotEndedError,
        UnpricedEventsError,
    )
    from .ledger import (
        record_document_event,
        record_service_event,
        reverse_document_events,
        reverse_event,
    )
    from .models import (
        BillableEvent,
        BillingPeriod,
        EventKind,
        EventType,
        ReconciliationNote,
        ServicePoint,
        TariffVersion,
    )
    from .periods import close_quarter, is_closed, list_periods
    from .points import ServicePointSpec, read_service_points, seed_service_points
    from .quarters import Quarter
    from .reconciliation import Discrepancy, Reconciliation, reconcile, resolve
    from .settlement import BasePartLine, ProviderSection, Statement, StatementLine, settle
    from .tariff import BasePart, Price, Tariff, import_tariff, load_tariff, make_tariff
    from .tariff_files import parse_tariff_csv, parse_tariff_yaml, read_tariff_file

# Each public name and the module it lives in: imported on first use (PEP 562), so that the
# pipeline's billing hook (``billing.hooks``) does not load settlement, reconciliation, tariffs
# and service points at every start of ``aspa process``.
_EXPORTS = {
    "AlreadyReversedError": "errors",
    "AppendOnlyError": "errors",
    "BillingInputError": "errors",
    "EventNotFoundError": "errors",
    "NoTariffError": "errors",
    "QuarterClosedError": "errors",
    "QuarterNotEndedError": "errors",
    "UnpricedEventsError": "errors",
    "record_document_event": "ledger",
    "record_service_event": "ledger",
    "reverse_document_events": "ledger",
    "reverse_event": "ledger",
    "BillableEvent": "models",
    "BillingPeriod": "models",
    "EventKind": "models",
    "EventType": "models",
    "ReconciliationNote": "models",
    "ServicePoint": "models",
    "TariffVersion": "models",
    "close_quarter": "periods",
    "is_closed": "periods",
    "list_periods": "periods",
    "ServicePointSpec": "points",
    "read_service_points": "points",
    "seed_service_points": "points",
    "Quarter": "quarters",
    "Discrepancy": "reconciliation",
    "Reconciliation": "reconciliation",
    "reconcile": "reconciliation",
    "resolve": "reconciliation",
    "BasePartLine": "settlement",
    "ProviderSection": "settlement",
    "Statement": "settlement",
    "StatementLine": "settlement",
    "settle": "settlement",
    "BasePart": "tariff",
    "Price": "tariff",
    "Tariff": "tariff",
    "import_tariff": "tariff",
    "load_tariff": "tariff",
    "make_tariff": "tariff",
    "parse_tariff_csv": "tariff_files",
    "parse_tariff_yaml": "tariff_files",
    "read_tariff_file": "tariff_files",
}

__all__ = [
    "AlreadyReversedError",
    "AppendOnlyError",
    "BasePart",
    "BasePartLine",
    "BillableEvent",
    "BillingInputError",
    "BillingPeriod",
    "Discrepancy",
    "EventKind",
    "EventNotFoundError",
    "EventType",
    "NoTariffError",
    "Price",
    "ProviderSection",
    "Quarter",
    "QuarterClosedError",
    "QuarterNotEndedError",
    "Reconciliation",
    "ReconciliationNote",
    "ServicePoint",
    "ServicePointSpec",
    "Statement",
    "StatementLine",
    "Tariff",
    "TariffVersion",
    "UnpricedEventsError",
    "close_quarter",
    "import_tariff",
    "is_closed",
    "list_periods",
    "load_tariff",
    "make_tariff",
    "parse_tariff_csv",
    "parse_tariff_yaml",
    "read_service_points",
    "read_tariff_file",
    "reconcile",
    "record_document_event",
    "record_service_event",
    "resolve",
    "reverse_document_events",
    "reverse_event",
    "seed_service_points",
    "settle",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
