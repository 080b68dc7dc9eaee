"""Checks on a service event an advisor records by hand (types 1, 2 and 4).

A manual event is money the provider pays, so it is checked before it is posted:

- the provider is an authority of the catalogue, and the service (when given) is a service of
  the catalogue that this provider provides on the day of the event (services change provider
  from a date, e.g. TE services to the municipalities on 1.1.2025);
- the time lies in a bounded window: not in the future (a few minutes of clock skew allowed)
  and not before the start of the earliest open quarter among the current and the previous one,
  so a forged date such as 2019 cannot be posted into the running quarter.

The advisor's own service point is enforced by the callers (the API and the web page take it
from the signed-in user). The catalogue is passed in as a small protocol, so billing does not
import the classifiers package.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import (
    BillingInputError,
    EventOutOfWindowError,
    UnknownProviderError,
    UnknownServiceError,
)
from .models import BillingPeriod
from .quarters import Quarter, local_date

CLOCK_SKEW = timedelta(minutes=5)


class ServiceCatalogue(Protocol):
    """What the checks need of ``classifiers.catalogue.Catalogue``."""

    @property
    def authority_ids(self) -> tuple[str, ...]: ...

    def has_service(self, service_id: str) -> bool: ...

    def provider_for(self, service_id: str, on: date) -> str: ...


def earliest_allowed(session: Session, now: datetime) -> datetime:
    """The start of the previous quarter while it is open, else of the current quarter."""
    current = Quarter.of(now)
    previous = current.previous()
    closed = session.scalar(
        select(BillingPeriod.quarter).where(BillingPeriod.quarter == str(previous))
    )
    return current.start if closed else previous.start


def check_manual_event(
    session: Session,
    *,
    provider: str,
    service: str | None,
    occurred_at: datetime,
    catalogue: ServiceCatalogue,
    now: datetime,
) -> None:
    """Refuse a manual event whose provider, service or time is not plausible.

    Raises:
        UnknownProviderError: the provider is not an authority of the catalogue.
        UnknownServiceError: the service is not in the catalogue or belongs to another provider
            on the day of the event.
        EventOutOfWindowError: the time is in the future or before the open quarter(s).
        BillingInputError: a naive time.
    """
    if occurred_at.tzinfo is None:
        raise BillingInputError("The time of the event must carry a time zone.")
    if provider not in catalogue.authority_ids:
        raise UnknownProviderError()
    if service is not None:
        day = local_date(occurred_at)
        if not catalogue.has_service(service) or catalogue.provider_for(service, day) != provider:
            raise UnknownServiceError()
    if occurred_at > now + CLOCK_SKEW or occurred_at < earliest_allowed(session, now):
        raise EventOutOfWindowError()
