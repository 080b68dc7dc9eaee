"""Settlement on SQLite and PostgreSQL: prices, splits, DST boundaries, closing, adjustments."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from _billing_db import add_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from billing import (
    BasePart,
    BillableEvent,
    NoTariffError,
    Price,
    Quarter,
    QuarterClosedError,
    QuarterNotEndedError,
    ServicePointSpec,
    Tariff,
    UnpricedEventsError,
    close_quarter,
    import_tariff,
    make_tariff,
    record_document_event,
    record_service_event,
    reverse_event,
    seed_service_points,
    settle,
)
from billing.quarters import local_date

AFTER_Q3 = datetime(2026, 10, 5, tzinfo=UTC)

pytest_plugins = ("_billing_db",)


def z(s: str) -> datetime:
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def tariff(*extra: Price, billable: dict[str, list[int]] | None = None) -> Tariff:
    return make_tariff(
        name="test tariff",
        prices=[
            Price("kela", "*", 3, 650, date(2026, 1, 1), date(2026, 11, 15)),
            Price("kela", "*", 3, 700, date(2026, 11, 16)),
            Price("kela", "group:benefits", 3, 333, date(2026, 1, 1)),
            Price("vero", "*", 1, 7, date(2026, 1, 1)),
            # a price change on the night summer time ends (25 Oct 2026, 04:00 EEST -> 03:00 EET)
            Price("dvv", "*", 1, 100, date(2026, 1, 1), date(2026, 10, 25)),
            Price("dvv", "*", 1, 200, date(2026, 10, 26)),
            *extra,
        ],
        groups={"benefits": ["kela-lapsilisa"]},
        billable=billable or {},
        base_parts=[BasePart("mikkeli", 2026, 900001)],
    )


def ev(
    session: Session,
    provider: str,
    at: datetime,
    *,
    etype: int = 1,
    service: str | None = None,
    point: str = "mikkeli",
) -> BillableEvent:
    return record_service_event(
        session, event_type=etype, service_point=point, provider=provider, service=service,
        occurred_at=at, advisor="anna", source="test",
    )  # fmt: skip


def doc_ev(session: Session, doc: str, at: datetime, service: str | None = None) -> BillableEvent:
    add_document(session, doc)
    return record_document_event(
        session, document_id=doc, service_point="mikkeli", provider="kela", service=service,
        occurred_at=at,
    )  # fmt: skip


@pytest.fixture
def points(db: Session) -> Session:
    seed_service_points(db, [ServicePointSpec("mikkeli", "Mikkeli", "Mikkeli")])
    db.commit()
    return db


def test_price_change_mid_quarter_splits_lines(points: Session) -> None:
    db = points
    for i, at in enumerate(["2026-11-15T21:59:59Z", "2026-11-01T10:00Z", "2026-11-15T22:00Z"]):
        doc_ev(db, f"d{i}", z(at))  # 16 Nov 00:00 EET = 15 Nov 22:00Z
    doc_ev(db, "d9", z("2026-11-20T10:00Z"), service="kela-lapsilisa")  # group price
    db.commit()
    s = settle(db, "2026Q4", tariff=tariff())
    kela = [x for x in s.lines if x.provider == "kela"]
    assert [(x.service, x.unit_price_cents, x.count, x.amount_cents) for x in kela] == [
        (None, 650, 2, 1300),
        (None, 700, 1, 700),
        ("kela-lapsilisa", 333, 1, 333),
    ]
    assert kela[1].price_from == date(2026, 11, 16)
    assert s.output_cents == 2333
    # base part: the fourth instalment carries the leftover cent
    assert [(b.service_point, b.amount_cents) for b in s.base_parts] == [("mikkeli", 225001)]
    assert s.total_cents == 2333 + 225001


def test_price_boundary_on_the_night_dst_ends(points: Session) -> None:
    db = points
    # Local midnight starting 26 Oct is 25 Oct 22:00Z (EET, UTC+2); summer time would say 21:00Z.
    ev(db, "dvv", z("2026-10-25T21:30Z"))  # 23:30 on the 25th local: old price
    ev(db, "dvv", z("2026-10-25T22:00Z"))  # 00:00 on the 26th local: new price
    ev(db, "dvv", z("2026-10-25T00:30Z"))  # 03:30 EEST, just before the clocks turn
    ev(db, "dvv", z("2026-10-25T01:30Z"))  # 03:30 EET, the repeated hour
    db.commit()
    lines = settle(db, "2026Q4", tariff=tariff()).lines
    assert [(x.unit_price_cents, x.count) for x in lines] == [(100, 3), (200, 1)]


@pytest.mark.parametrize(
    ("at", "quarter"),
    [
        ("2026-03-31T20:59:59Z", "2026Q1"),
        ("2026-03-31T21:00:00Z", "2026Q2"),  # 1 April 00:00 EEST
        ("2026-03-31T22:00:00Z", "2026Q2"),
        ("2026-09-30T20:59:59Z", "2026Q3"),
        ("2026-09-30T21:00:00Z", "2026Q4"),  # 1 October 00:00 EEST
        ("2026-12-31T21:59:59Z", "2026Q4"),
        ("2026-12-31T22:00:00Z", "2027Q1"),  # 1 January 00:00 EET
    ],
)
def test_events_at_quarter_boundaries(points: Session, at: str, quarter: str) -> None:
    e = ev(points, "vero", z(at))
    points.commit()
    assert e.posting_quarter == quarter
    q = Quarter.parse(quarter)
    for other in (q.previous(), q, q.next()):
        s = settle(points, other, tariff=tariff())
        assert s.entry_count == (1 if other == q else 0), other


def test_closed_quarter_takes_late_events_as_adjustments(points: Session) -> None:
    db = points
    import_tariff(db, tariff(Price("vero", "*", 3, 5, date(2026, 1, 1))), by="fiona")
    first = ev(db, "vero", z("2026-09-10T08:00Z"))
    ev(db, "vero", z("2026-09-11T08:00Z"))
    db.commit()
    # Given Q3 closed with its two events
    period, q3 = close_quarter(db, "2026Q3", by="fiona", now=AFTER_Q3)
    db.commit()
    assert period.event_count == 2 and period.output_cents == 14 and q3.closed
    with pytest.raises(QuarterClosedError):
        close_quarter(db, "2026Q3", by="fiona", now=AFTER_Q3)
    db.rollback()
    # When an event for September arrives late, and a Q3 event is reversed
    late = ev(db, "vero", z("2026-09-29T08:00Z"))
    rev = reverse_event(db, event_id=first.id, reason="duplicate", by="fiona")
    on_time = ev(db, "vero", z("2026-10-02T08:00Z"))
    db.commit()
    # Then both go into Q4 as adjustments that keep their occurrence date, and Q3 is unchanged
    assert (late.posting_quarter, rev.posting_quarter, on_time.posting_quarter) == ("2026Q4",) * 3
    assert late.occurred_at == z("2026-09-29T08:00Z")
    again = settle(db, "2026Q3")
    assert (again.entry_count, again.output_cents, again.closed) == (2, 14, True)
    q4 = settle(db, "2026Q4")
    assert [(x.adjustment, x.charges, x.reversals, x.amount_cents) for x in q4.lines] == [
        (False, 1, 0, 7),
        (True, 1, 1, 0),
    ]


def test_closing_rules(points: Session) -> None:
    db = points
    with pytest.raises(NoTariffError):
        settle(db, "2026Q3")
    import_tariff(db, tariff(), by="fiona")
    with pytest.raises(QuarterNotEndedError):
        close_quarter(db, "2026Q4", by="fiona", now=z("2026-12-31T21:59Z"))
    ev(db, "poliisi", z("2026-08-01T08:00Z"), etype=4)  # no price, not in a contract: not billable
    ev(db, "kela", z("2026-08-01T08:00Z"), etype=2)  # kela prices type 3 only
    db.commit()
    s = settle(db, "2026Q3")
    assert not s.unpriced and {x.billable for x in s.lines} == {False}
    assert s.output_cents == 0
    # with a contract that makes kela type 2 billable but no price: closing is refused
    import_tariff(db, tariff(billable={"kela": [2, 3]}), by="fiona")
    db.commit()
    assert len(settle(db, "2026Q3").unpriced) == 1
    with pytest.raises(UnpricedEventsError):
        close_quarter(db, "2026Q3", by="fiona", now=AFTER_Q3)


def test_rounding_whole_cents_many_events(points: Session) -> None:
    db = points
    for i in range(101):
        ev(db, "vero", z("2026-10-10T10:00Z").replace(minute=i % 60))
    db.commit()
    s = settle(db, "2026Q4", tariff=tariff())
    assert s.output_cents == 707  # 101 x 0.07 € = 7.07 € exactly
    from billing.exports import statement_csv

    assert ",7.07," in statement_csv(s)
    assert Decimal(s.output_cents) / 100 == Decimal("7.07")


PROVIDERS = ("kela", "vero", "dvv", "tulli")
SERVICES = (None, "kela-lapsilisa", "x")
Q = Quarter(2026, 4)


@st.composite
def ledgers(draw: st.DrawFn) -> list[tuple[str, str | None, int, int, bool]]:
    """(provider, service, event type, seconds from the quarter's start, reversed).

    Negative seconds are late events from the previous quarter, which the test closes first.
    """
    span = int((Q.end - Q.start).total_seconds())
    edge = st.sampled_from([-1, 0, span - 1, 2_000_000, 4_000_000])  # near price changes too
    return draw(
        st.lists(
            st.tuples(
                st.sampled_from(PROVIDERS),
                st.sampled_from(SERVICES),
                st.sampled_from([1, 2, 4]),
                st.one_of(st.integers(-86_400 * 20, span - 1), edge),
                st.booleans(),
            ),
            max_size=25,
        )
    )


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(entries=ledgers())
def test_totals_equal_sum_of_entries_times_prices(
    db: Session, entries: list[tuple[str, str | None, int, int, bool]]
) -> None:
    from datetime import timedelta

    t = tariff(
        Price("kela", "*", 1, 411, date(2026, 1, 1)),
        Price("kela", "group:benefits", 2, 95, date(2026, 11, 1)),
        Price("vero", "*", 4, 123, date(2026, 10, 20), date(2026, 12, 5)),
        billable={"vero": [1, 4], "tulli": [1]},
    )
    try:
        # the previous quarter is closed: its late events become adjustments in Q
        close_quarter(db, Q.previous(), by="t", tariff=t, now=Q.end)
        for prov, service, etype, secs, reversed_ in entries:
            e = ev(db, prov, Q.start + timedelta(seconds=secs), etype=etype, service=service)
            if reversed_:
                reverse_event(db, event_id=e.id, reason="test", by="t")
        db.flush()
        statement = settle(db, Q, tariff=t)
        # The reference: each ledger entry priced on its own, in Python.
        expected = 0
        rows = db.scalars(select(BillableEvent).where(BillableEvent.posting_quarter == str(Q)))
        n = 0
        for row in rows:
            n += 1
            sign = 1 if row.kind == "charge" else -1
            price = t.price_for(
                row.provider, row.service, row.event_type, local_date(row.occurred_at)
            )
            if t.is_billable(row.provider, row.event_type) and price is not None:
                expected += sign * price.unit_price_cents
        assert statement.output_cents == expected
        assert statement.entry_count == n == len(entries) + sum(r for *_, r in entries)
        assert sum(s.output_cents for s in statement.sections) == statement.output_cents
        assert statement.total_cents == expected + statement.base_cents
        late = sum(1 + r for _, _, _, secs, r in entries if secs < 0)
        assert sum(x.charges + x.reversals for x in statement.lines if x.adjustment) == late
    finally:
        db.rollback()
