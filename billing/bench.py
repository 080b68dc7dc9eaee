"""Benchmark: settle a quarter of one million events on PostgreSQL.

``bench_settlement(url)`` creates a scratch database next to the one ``url`` names
(``aspa_bench_<random>``), creates the tables, bulk-loads synthetic events with ``COPY`` (a
national network of ~150 service points, 13 providers, all four event types, 1 % reversals,
1 % late adjustments from the previous quarter), imports a tariff with a mid-quarter price
change, settles the quarter twice (cold and warm) and drops the scratch database.

Run: ``python -m billing.bench [URL] [--events N] [--points P]``; the lead mounts it as
``aspa bench --billing``.
"""

from __future__ import annotations

import argparse
import random
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import pipeline.models  # noqa: F401 - the documents table the ledger references
from pipeline.db import Base, make_engine, make_session_factory
from pipeline.errors import ConfigurationError

from .models import BillingPeriod
from .money import format_eur
from .points import ServicePointSpec, seed_service_points
from .quarters import Quarter
from .settlement import settle
from .tariff import BasePart, Price, import_tariff, make_tariff

PROVIDERS = (
    "kela", "vero", "poliisi", "dvv", "te", "kunta", "tulli", "traficom", "mml", "oikeusapu",
    "taike", "avi", "posti",
)  # fmt: skip
COLUMNS = (
    "id", "kind", "reverses_id", "event_type", "service_point", "municipality", "provider",
    "service", "occurred_at", "posting_quarter", "source", "created_at",
)  # fmt: skip


def _tariff(quarter: Quarter, points: list[str]) -> Any:
    start = date(quarter.year, 1, 1)
    change = quarter.first_day + timedelta(days=45)
    prices = []
    for i, prov in enumerate(PROVIDERS):
        for t in (1, 2, 4):
            prices.append(Price(prov, "*", t, 300 + 10 * i + t, start))
        if prov == "kela":
            prices.append(Price(prov, "*", 3, 650, start, change - timedelta(days=1)))
            prices.append(Price(prov, "*", 3, 700, change))
        else:
            prices.append(Price(prov, "*", 3, 500 + 7 * i, start))
    return make_tariff(
        name="benchmark tariff (EXAMPLE prices)",
        prices=prices,
        base_parts=[BasePart(p, quarter.year, 2_000_000 + 1001 * k) for k, p in enumerate(points)],
        is_example=True,
    )


def _rows(n: int, points: list[str], quarter: Quarter, seed: int) -> Iterator[tuple[Any, ...]]:
    rnd = random.Random(seed)
    span = int((quarter.end - quarter.start).total_seconds())
    prev = quarter.previous()
    prev_span = int((prev.end - prev.start).total_seconds())
    q = str(quarter)
    recent: list[tuple[Any, ...]] = []
    for _ in range(n):
        r = rnd.random()
        if r < 0.01 and recent:  # a reversal of an earlier charge
            orig = recent[rnd.randrange(len(recent))]
            yield (uuid.uuid4().hex, "reversal", orig[0], *orig[3:9], q, "bench", orig[11])
            continue
        if r < 0.02:  # a late event from the (closed) previous quarter
            at = prev.start + timedelta(seconds=rnd.randrange(prev_span))
        else:
            at = quarter.start + timedelta(seconds=rnd.randrange(span))
        k = rnd.randrange(len(points))
        prov = PROVIDERS[min(int(rnd.expovariate(0.4)), len(PROVIDERS) - 1)]
        row = (
            uuid.uuid4().hex, "charge", None, rnd.choice((1, 2, 3, 3, 3, 4)), points[k],
            f"kunta-{k // 2:03d}", prov, f"{prov}-s{rnd.randrange(30):02d}", at, q, "bench", at,
        )  # fmt: skip
        if len(recent) < 10_000:
            recent.append(row)
        yield row


def bench_settlement(
    database_url: str,
    n_events: int = 1_000_000,
    points: int = 150,
    *,
    seed: int = 2014,
    keep: bool = False,
) -> dict[str, Any]:
    """Load ``n_events`` into a scratch PostgreSQL database, settle the quarter, print the time.

    Args:
        database_url: any PostgreSQL URL on the target server (its database is not touched).
        n_events: ledger entries to load.
        points: service points.
        seed: random seed for reproducible data.
        keep: keep the scratch database (its URL is returned).

    Returns:
        Timings in seconds and the statement's figures.

    Raises:
        ConfigurationError: the URL is not PostgreSQL.
    """
    url = make_url(database_url)
    if not url.drivername.startswith("postgresql"):
        raise ConfigurationError("The billing benchmark needs PostgreSQL (set ASPA_DATABASE_URL).")
    name = f"aspa_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        url.set(drivername="postgresql+psycopg", database="postgres"), isolation_level="AUTOCOMMIT"
    )
    scratch = url.set(drivername="postgresql+psycopg", database=name)
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    quarter = Quarter(2026, 4)
    point_ids = [f"ap-{k:03d}" for k in range(points)]
    result: dict[str, Any] = {"events": n_events, "points": points, "quarter": str(quarter)}
    engine = make_engine(scratch.render_as_string(hide_password=False))
    try:
        Base.metadata.create_all(engine)
        factory = make_session_factory(engine)
        with factory() as s:
            seed_service_points(
                s, [ServicePointSpec(p, p, f"kunta-{k // 2:03d}") for k, p in enumerate(point_ids)]
            )
            import_tariff(s, _tariff(quarter, point_ids), by="bench")
            s.add(BillingPeriod(quarter=str(quarter.previous()), closed_by="bench"))
            s.commit()
        t0 = time.perf_counter()
        dsn = scratch.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(dsn) as conn, conn.cursor() as cur:
            with cur.copy(f"COPY billable_events ({', '.join(COLUMNS)}) FROM STDIN") as cp:
                for row in _rows(n_events, point_ids, quarter, seed):
                    cp.write_row(row)
            cur.execute("ANALYZE billable_events")
        result["load_seconds"] = round(time.perf_counter() - t0, 2)
        for label in ("settle_cold_seconds", "settle_warm_seconds"):
            with factory() as s:
                t0 = time.perf_counter()
                st = settle(s, quarter)
                result[label] = round(time.perf_counter() - t0, 2)
        result.update(
            lines=len(st.lines),
            sections=len(st.sections),
            entries=st.entry_count,
            output_eur=format_eur(st.output_cents),
            base_eur=format_eur(st.base_cents),
            total_eur=format_eur(st.total_cents),
        )
        if keep:
            result["database_url"] = scratch.render_as_string(hide_password=True)
    finally:
        engine.dispose()
        if not keep:
            with admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    print(
        f"billing: settled {result['quarter']} of {n_events:,} events at {points} points in "
        f"{result.get('settle_cold_seconds')} s (warm {result.get('settle_warm_seconds')} s; "
        f"load {result.get('load_seconds')} s): {result.get('lines')} lines, "
        f"total {result.get('total_eur')}"
    )
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "url", nargs="?", default="postgresql+psycopg://postgres@127.0.0.1/postgres"
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--points", type=int, default=150)
    args = parser.parse_args(argv)
    bench_settlement(args.url, args.events, args.points)


if __name__ == "__main__":
    main()
