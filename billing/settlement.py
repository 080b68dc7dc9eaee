"""Quarterly settlement: set-based counting in the database, pricing of the counted groups.

The database groups the quarter's posted entries by municipality, service point, provider,
service, event type, *price segment* and adjustment flag (one ``GROUP BY`` query). A price
segment is the interval between two consecutive tariff change dates (local midnights in
Helsinki), so every entry in a group has the same price; a price change in the middle of a
quarter therefore splits the lines. Python then prices the groups (a few thousand at most,
never one per event) and adds the base part instalments.

An entry counts in the quarter of its ``posting_quarter``; an entry whose occurrence lies
outside that quarter is an *adjustment* (it arrived after its own quarter was closed) and is
priced at its occurrence date. A reversal counts −1.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from pipeline.db import utcnow

from .models import BillableEvent, BillingPeriod, EventKind, ServicePoint
from .quarters import Quarter, local_date, local_midnight_utc
from .tariff import Tariff, load_tariff


@dataclass(frozen=True)
class StatementLine:
    """Counted entries of one service, event type and unit price."""

    municipality: str | None
    service_point: str
    provider: str
    service: str | None
    event_type: int
    adjustment: bool  # occurred in an earlier (closed) quarter, posted into this one
    billable: bool  # the provider's contract pays for this event type
    unit_price_cents: int | None  # None: billable but the tariff has no price (see unpriced)
    price_from: date | None  # valid_from of the price used
    charges: int
    reversals: int
    amount_cents: int

    @property
    def count(self) -> int:
        """Net count: charges minus reversals."""
        return self.charges - self.reversals


@dataclass(frozen=True)
class ProviderSection:
    """The output part that one provider owes for one service point."""

    municipality: str | None
    service_point: str
    provider: str
    lines: tuple[StatementLine, ...]

    @property
    def output_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines)

    @property
    def count(self) -> int:
        return sum(line.count for line in self.lines)


@dataclass(frozen=True)
class BasePartLine:
    """The quarter's instalment of a service point's yearly base part."""

    municipality: str | None
    service_point: str
    year: int
    instalment: int  # 1–4
    annual_cents: int
    amount_cents: int


@dataclass(frozen=True)
class Statement:
    """The settlement of one quarter."""

    quarter: str
    closed: bool
    generated_at: datetime
    tariff_name: str
    tariff_version: int | None
    tariff_is_example: bool
    sections: tuple[ProviderSection, ...]
    base_parts: tuple[BasePartLine, ...]

    @property
    def lines(self) -> tuple[StatementLine, ...]:
        return tuple(line for s in self.sections for line in s.lines)

    @property
    def unpriced(self) -> tuple[StatementLine, ...]:
        """Billable lines the tariff has no price for; a quarter with any cannot be closed."""
        return tuple(x for x in self.lines if x.billable and x.unit_price_cents is None)

    @property
    def output_cents(self) -> int:
        return sum(s.output_cents for s in self.sections)

    @property
    def base_cents(self) -> int:
        return sum(b.amount_cents for b in self.base_parts)

    @property
    def total_cents(self) -> int:
        return self.output_cents + self.base_cents

    @property
    def entry_count(self) -> int:
        """Ledger entries counted (charges and reversals)."""
        return sum(x.charges + x.reversals for x in self.lines)

    def municipalities(self) -> list[str | None]:
        seen = {s.municipality for s in self.sections} | {b.municipality for b in self.base_parts}
        return sorted(seen, key=lambda m: m or "")

    def filtered(
        self, *, municipality: str | None = None, provider: str | None = None
    ) -> Statement:
        """The part of the statement for one municipality and/or provider.

        Base parts are paid centrally, not by a provider: a provider filter drops them.
        """
        sections = tuple(
            s
            for s in self.sections
            if (municipality is None or s.municipality == municipality)
            and (provider is None or s.provider == provider)
        )
        bases = tuple(
            b
            for b in self.base_parts
            if provider is None and (municipality is None or b.municipality == municipality)
        )
        return replace(self, sections=sections, base_parts=bases)


class _LineKey(NamedTuple):
    """The fields of a :class:`StatementLine` that make it a line of its own (same order)."""

    municipality: str | None
    service_point: str
    provider: str
    service: str | None
    event_type: int
    adjustment: bool
    billable: bool
    unit_price_cents: int | None
    price_from: date | None


def _segment_bounds(tariff: Tariff) -> tuple[list[date], list[datetime]]:
    days = tariff.change_dates()
    return days, [local_midnight_utc(d) for d in days]


def settle(
    session: Session,
    quarter: str | Quarter,
    *,
    tariff: Tariff | None = None,
    service_point: str | None = None,
    provider: str | None = None,
    municipality: str | None = None,
) -> Statement:
    """Settle a quarter: counts, unit prices, amounts and totals, plus the base part.

    Args:
        session: a session (read only).
        quarter: ``"2026Q4"`` or a :class:`Quarter`.
        tariff: the tariff to price with. Default: the version a closed quarter was closed
            with, else the newest imported version.
        service_point, provider, municipality: optional filters (done in SQL).

    Raises:
        BillingInputError: a malformed quarter.
        NoTariffError: no tariff given and none imported.
    """
    q = Quarter.parse(quarter)
    period = session.get(BillingPeriod, str(q))
    if tariff is None:
        tariff = load_tariff(session, period.tariff_version if period else None)
    days, bounds = _segment_bounds(tariff)

    ev = BillableEvent
    segment = (
        case(*[(ev.occurred_at < b, i) for i, b in enumerate(bounds)], else_=len(bounds))
        if bounds
        else func.coalesce(0, 0)
    )
    adjustment = case((or_(ev.occurred_at < q.start, ev.occurred_at >= q.end), 1), else_=0)
    charges = func.sum(case((ev.kind == EventKind.charge, 1), else_=0))
    reversals = func.sum(case((ev.kind == EventKind.reversal, 1), else_=0))
    keys = (ev.municipality, ev.service_point, ev.provider, ev.service, ev.event_type)
    stmt = (
        select(*keys, segment, adjustment, charges, reversals, func.min(ev.occurred_at))
        .where(ev.posting_quarter == str(q))
        .group_by(*keys, segment, adjustment)
    )
    if service_point is not None:
        stmt = stmt.where(ev.service_point == service_point)
    if provider is not None:
        stmt = stmt.where(ev.provider == provider)
    if municipality is not None:
        stmt = stmt.where(ev.municipality == municipality)

    merged: dict[_LineKey, list[int]] = defaultdict(lambda: [0, 0])
    cache: dict[tuple[str, str | None, int, date], tuple[bool, int | None, date | None]] = {}
    for mun, sp, prov, service, etype, seg, adj, n_ch, n_rev, first in session.execute(stmt):
        day = days[seg - 1] if seg else local_date(first)  # any date of the segment will do
        ck = (prov, service, etype, day)
        if ck not in cache:
            billable = tariff.is_billable(prov, etype)
            price = tariff.price_for(prov, service, etype, day) if billable else None
            cache[ck] = (
                billable,
                price.unit_price_cents if price else None,
                price.valid_from if price else None,
            )
        key = _LineKey(mun, sp, prov, service, etype, bool(adj), *cache[ck])
        merged[key][0] += int(n_ch or 0)
        merged[key][1] += int(n_rev or 0)

    by_section: dict[tuple[str | None, str, str], list[StatementLine]] = defaultdict(list)
    for key, (n_ch, n_rev) in merged.items():
        priced = key.billable and key.unit_price_cents is not None
        amount = (n_ch - n_rev) * (key.unit_price_cents or 0) if priced else 0
        line = StatementLine(*key, charges=n_ch, reversals=n_rev, amount_cents=amount)
        by_section[(line.municipality, line.service_point, line.provider)].append(line)
    sections = tuple(
        ProviderSection(mun, sp, prov, tuple(sorted(lines, key=_line_order)))
        for (mun, sp, prov), lines in sorted(by_section.items(), key=lambda kv: _key_order(kv[0]))
    )
    bases = (
        () if provider is not None else _base_parts(session, tariff, q, service_point, municipality)
    )
    return Statement(
        quarter=str(q),
        closed=period is not None,
        generated_at=utcnow(),
        tariff_name=tariff.name,
        tariff_version=tariff.version,
        tariff_is_example=tariff.is_example,
        sections=sections,
        base_parts=bases,
    )


def _key_order(k: tuple[str | None, str, str]) -> tuple[str, str, str]:
    return (k[0] or "", k[1], k[2])


def _line_order(x: StatementLine) -> tuple[object, ...]:
    return (x.adjustment, x.service or "", x.event_type, x.price_from or date.min)


def _base_parts(
    session: Session,
    tariff: Tariff,
    q: Quarter,
    service_point: str | None,
    municipality: str | None,
) -> tuple[BasePartLine, ...]:
    points = {p.id: p.municipality for p in session.scalars(select(ServicePoint))}
    out = []
    for bp in tariff.base_parts:
        if bp.year != q.year or (service_point is not None and bp.service_point != service_point):
            continue
        mun = points.get(bp.service_point)
        if municipality is not None and mun != municipality:
            continue
        out.append(
            BasePartLine(
                mun,
                bp.service_point,
                bp.year,
                q.number,
                bp.annual_cents,
                bp.instalment_cents(q.number),
            )
        )
    return tuple(sorted(out, key=lambda b: (b.municipality or "", b.service_point)))
