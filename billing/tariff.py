"""The tariff: unit prices, contracts' billable event types and base parts, versioned.

A :class:`Tariff` is a frozen value object. It is read from a file (:func:`parse_tariff`, see
``billing/tariff.example.yaml`` and ``billing/README.md``), stored as a new version in the
``tariff_*`` tables (:func:`import_tariff`) and loaded back (:func:`load_tariff`). The newest
version is the current tariff; a closed quarter remembers the version it was settled with.

Price lookup (:meth:`Tariff.price_for`) at a calendar date (Helsinki) prefers an exact service,
then the service's group (``group:<name>``), then ``*`` (any service of the provider).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import BillingInputError, NoTariffError
from .models import (
    EventType,
    TariffBasePart,
    TariffBillableType,
    TariffPrice,
    TariffServiceGroup,
    TariffVersion,
)
from .money import split_instalments

ANY_SERVICE = "*"
GROUP_PREFIX = "group:"


@dataclass(frozen=True)
class Price:
    """A unit price of one provider, service spec and event type, valid on a range of dates."""

    provider: str
    service: str  # a service id, "group:<name>" or "*"
    event_type: int
    unit_price_cents: int
    valid_from: date
    valid_to: date | None = None  # inclusive

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class BasePart:
    """A service point's yearly base part (perusosa), paid in four quarterly instalments."""

    service_point: str
    year: int
    annual_cents: int

    def instalment_cents(self, number: int) -> int:
        """The instalment of quarter ``number`` (1–4); the four add up to the yearly amount."""
        return split_instalments(self.annual_cents, 4)[number - 1]


def _frozen(d: Mapping[str, Iterable[object]]) -> Mapping[str, frozenset[object]]:
    return MappingProxyType({k: frozenset(v) for k, v in d.items()})


@dataclass(frozen=True)
class Tariff:
    """One complete tariff (one imported file)."""

    name: str
    prices: tuple[Price, ...]
    groups: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    billable: Mapping[str, frozenset[int]] = field(default_factory=lambda: MappingProxyType({}))
    base_parts: tuple[BasePart, ...] = ()
    is_example: bool = False
    note: str | None = None
    version: int | None = None

    def __post_init__(self) -> None:
        self._check()

    def _check(self) -> None:
        owner: dict[str, str] = {}
        for group, services in self.groups.items():
            for s in services:
                if s in owner:
                    raise BillingInputError(
                        f"Service {s!r} is in two groups ({owner[s]!r}, {group!r}); keep one."
                    )
                owner[s] = group
        by_key: dict[tuple[str, str, int], list[Price]] = {}
        for p in self.prices:
            if p.event_type not in {int(t) for t in EventType}:
                raise BillingInputError(f"Unknown event type {p.event_type} for {p.provider}.")
            if p.service.startswith(GROUP_PREFIX) and p.service[6:] not in self.groups:
                raise BillingInputError(f"Price refers to an undefined group {p.service!r}.")
            if p.valid_to is not None and p.valid_to < p.valid_from:
                raise BillingInputError(f"valid_to before valid_from in a price of {p.provider}.")
            by_key.setdefault((p.provider, p.service, p.event_type), []).append(p)
        for key, prices in by_key.items():
            prices.sort(key=lambda p: p.valid_from)
            for a, b in itertools.pairwise(prices):
                if a.valid_to is None or a.valid_to >= b.valid_from:
                    raise BillingInputError(
                        f"Overlapping prices for {key[0]}/{key[1]}/type {key[2]} "
                        f"from {b.valid_from}; end the earlier one with valid_to."
                    )
        seen: set[tuple[str, int]] = set()
        for bp in self.base_parts:
            if (bp.service_point, bp.year) in seen:
                raise BillingInputError(f"Two base parts for {bp.service_point} in {bp.year}.")
            seen.add((bp.service_point, bp.year))

    def group_of(self, service: str | None) -> str | None:
        if service is None:
            return None
        for group, services in self.groups.items():
            if service in services:
                return group
        return None

    def is_billable(self, provider: str, event_type: int) -> bool:
        """Whether the provider's contract pays for this event type.

        A provider listed under ``billable_event_types`` pays for the listed types only; a
        provider not listed pays for every type the tariff prices for it.
        """
        if provider in self.billable:
            return event_type in self.billable[provider]
        return any(p.provider == provider and p.event_type == event_type for p in self.prices)

    def price_for(
        self, provider: str, service: str | None, event_type: int, day: date
    ) -> Price | None:
        """The price valid on ``day``: exact service, else its group, else ``*``; or None."""
        specs = [ANY_SERVICE]
        group = self.group_of(service)
        if group is not None:
            specs.insert(0, GROUP_PREFIX + group)
        if service is not None:
            specs.insert(0, service)
        for spec in specs:
            for p in self.prices:
                if (
                    p.provider == provider
                    and p.service == spec
                    and p.event_type == event_type
                    and p.valid_on(day)
                ):
                    return p
        return None

    def change_dates(self) -> list[date]:
        """Every date on which some price starts or stops: the settlement splits lines there."""
        days: set[date] = set()
        for p in self.prices:
            days.add(p.valid_from)
            if p.valid_to is not None:
                days.add(p.valid_to + timedelta(days=1))
        return sorted(days)

    def base_part(self, service_point: str, year: int) -> BasePart | None:
        for bp in self.base_parts:
            if bp.service_point == service_point and bp.year == year:
                return bp
        return None


def import_tariff(
    session: Session, tariff: Tariff, *, by: str, source_sha256: str = ""
) -> TariffVersion:
    """Store ``tariff`` as a new version (the current one from now on). The caller commits."""
    version = TariffVersion(
        name=tariff.name,
        is_example=tariff.is_example,
        source_sha256=source_sha256,
        imported_by=by,
        note=tariff.note,
    )
    session.add(version)
    session.flush()
    vid = version.id
    session.add_all(
        TariffPrice(
            version_id=vid,
            provider=p.provider,
            service=p.service,
            event_type=p.event_type,
            unit_price_cents=p.unit_price_cents,
            valid_from=p.valid_from,
            valid_to=p.valid_to,
        )
        for p in tariff.prices
    )
    session.add_all(
        TariffServiceGroup(version_id=vid, group=g, service=s)
        for g, services in tariff.groups.items()
        for s in sorted(services)
    )
    session.add_all(
        TariffBillableType(version_id=vid, provider=prov, event_type=t)
        for prov, types in tariff.billable.items()
        for t in sorted(types)
    )
    session.add_all(
        TariffBasePart(
            version_id=vid, service_point=b.service_point, year=b.year, annual_cents=b.annual_cents
        )
        for b in tariff.base_parts
    )
    session.flush()
    return version


def load_tariff(session: Session, version: int | None = None) -> Tariff:
    """Load a stored tariff version (default: the newest).

    Raises:
        NoTariffError: nothing imported yet, or no such version.
    """
    if version is None:
        row = session.scalar(select(TariffVersion).order_by(TariffVersion.id.desc()).limit(1))
    else:
        row = session.get(TariffVersion, version)
    if row is None:
        raise NoTariffError() if version is None else NoTariffError(f"No tariff version {version}.")
    vid = row.id
    groups: dict[str, set[str]] = {}
    for g in session.scalars(
        select(TariffServiceGroup).where(TariffServiceGroup.version_id == vid)
    ):
        groups.setdefault(g.group, set()).add(g.service)
    billable: dict[str, set[int]] = {}
    for b in session.scalars(
        select(TariffBillableType).where(TariffBillableType.version_id == vid)
    ):
        billable.setdefault(b.provider, set()).add(b.event_type)
    prices = tuple(
        Price(p.provider, p.service, p.event_type, p.unit_price_cents, p.valid_from, p.valid_to)
        for p in session.scalars(
            select(TariffPrice).where(TariffPrice.version_id == vid).order_by(TariffPrice.id)
        )
    )
    bases = tuple(
        BasePart(b.service_point, b.year, b.annual_cents)
        for b in session.scalars(
            select(TariffBasePart)
            .where(TariffBasePart.version_id == vid)
            .order_by(TariffBasePart.id)
        )
    )
    return Tariff(
        name=row.name,
        prices=prices,
        groups=_frozen(groups),  # type: ignore[arg-type]
        billable=_frozen(billable),  # type: ignore[arg-type]
        base_parts=bases,
        is_example=row.is_example,
        note=row.note,
        version=vid,
    )


def make_tariff(
    *,
    name: str,
    prices: Iterable[Price],
    groups: Mapping[str, Iterable[str]] | None = None,
    billable: Mapping[str, Iterable[int]] | None = None,
    base_parts: Iterable[BasePart] = (),
    is_example: bool = False,
    note: str | None = None,
) -> Tariff:
    """Build a validated :class:`Tariff` from plain collections."""
    return Tariff(
        name=name,
        prices=tuple(prices),
        groups=_frozen(groups or {}),  # type: ignore[arg-type]
        billable=_frozen({k: [int(t) for t in v] for k, v in (billable or {}).items()}),  # type: ignore[arg-type]
        base_parts=tuple(base_parts),
        is_example=is_example,
        note=note,
    )
