"""Errors of the billing package: defined in the one error tree, :mod:`pipeline.errors`.

See the hierarchy drawn there; this module keeps the names importable from here.
"""

from __future__ import annotations

from pipeline.errors import (
    AlreadyReversedError,
    AppendOnlyError,
    BillingInputError,
    EventNotFoundError,
    EventOutOfWindowError,
    NoTariffError,
    QuarterClosedError,
    QuarterNotEndedError,
    UnknownProviderError,
    UnknownServiceError,
    UnpricedEventsError,
)

__all__ = [
    "AlreadyReversedError",
    "AppendOnlyError",
    "BillingInputError",
    "EventNotFoundError",
    "EventOutOfWindowError",
    "NoTariffError",
    "QuarterClosedError",
    "QuarterNotEndedError",
    "UnknownProviderError",
    "UnknownServiceError",
    "UnpricedEventsError",
]
