"""``aspa billing``: settle, close, reconcile and export quarters; record and reverse events.

The lead mounts :data:`app` with ``aspa_app.add_typer(billing.cli.app, name="billing")``.
Commands get their database sessions from :func:`configure`; if nothing was configured they
read :class:`pipeline.settings.Settings` (this is an entry point) and open the configured
database.
"""

from __future__ import annotations

import getpass
import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from sqlalchemy.orm import Session, sessionmaker

from pipeline.db import session_scope, utcnow
from pipeline.errors import AspaError, ConfigurationError

from . import exports
from .errors import BillingInputError
from .ledger import record_service_event, reverse_event
from .money import format_eur
from .periods import close_quarter
from .points import read_service_points, seed_service_points
from .reconciliation import reconcile, resolve
from .settlement import Statement, settle
from .tariff import import_tariff
from .tariff_files import read_tariff_file

app = typer.Typer(help="Billing: ledger, tariff, quarterly settlement and reconciliation.")
tariff_app = typer.Typer(help="Tariff versions.")
points_app = typer.Typer(help="Service points.")
app.add_typer(tariff_app, name="tariff")
app.add_typer(points_app, name="points")

_factory: sessionmaker[Session] | Callable[[], sessionmaker[Session]] | None = None
F = TypeVar("F", bound=Callable[..., Any])


def configure(
    session_factory: sessionmaker[Session] | Callable[[], sessionmaker[Session]] | None,
) -> None:
    """Give the commands a session factory, or a function that makes one on first use.

    The ``aspa`` entry point (:mod:`aspa.cli`) calls this with its settings' database.
    """
    global _factory
    _factory = session_factory


def _session_factory() -> sessionmaker[Session]:
    global _factory
    if _factory is None:
        raise ConfigurationError(
            "The billing commands are not connected to a database (billing.cli.configure)."
        )
    if not isinstance(_factory, sessionmaker):
        _factory = _factory()
    return _factory


@contextmanager
def _session() -> Iterator[Session]:
    with session_scope(_session_factory()) as s:
        yield s


def _handles_errors(fn: F) -> F:
    """Turn our errors into a message on stderr and the error's exit code."""

    @wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except AspaError as e:
            typer.echo(f"error [{e.code}]: {e.message}", err=True)
            raise typer.Exit(int(e.exit_code)) from None

    return run  # type: ignore[return-value]


def _me() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


class StatementFormat(StrEnum):
    table = "table"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


class EventsFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


def _write(out: Path | None, data: str | bytes) -> None:
    if out is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return
    if isinstance(data, bytes):
        out.write_bytes(data)
    else:
        out.write_text(data, encoding="utf-8")
    typer.echo(f"wrote {out}", err=True)


def _table(st: Statement) -> str:
    lines = [
        f"Statement {st.quarter} ({'closed' if st.closed else 'open, preliminary'}); "
        f"tariff {st.tariff_name}" + (" [EXAMPLE PRICES]" if st.tariff_is_example else "")
    ]
    for sec in st.sections:
        lines.append(f"\n{sec.municipality or '?'} / {sec.service_point} / {sec.provider}")
        for x in sec.lines:
            price = format_eur(x.unit_price_cents) if x.unit_price_cents is not None else "no price"
            flags = ("  adjustment" if x.adjustment else "") + (
                "" if x.billable else "  not billable"
            )
            lines.append(
                f"  {x.service or '-':30} type {x.event_type}  {x.count:>8}  x {price:>12}"
                f"  = {format_eur(x.amount_cents):>14}{flags}"
            )
        lines.append(
            f"  {'output part':30} {'':6}  {sec.count:>8}  {'':14}"
            f"  = {format_eur(sec.output_cents):>14}"
        )
    for b in st.base_parts:
        lines.append(
            f"base part {b.municipality or '?'} / {b.service_point} {b.instalment}/4: "
            f"{format_eur(b.amount_cents)}"
        )
    lines.append(
        f"\noutput {format_eur(st.output_cents)}  base {format_eur(st.base_cents)}  "
        f"total {format_eur(st.total_cents)}  ({st.entry_count} entries)"
    )
    if st.unpriced:
        lines.append(f"WARNING: {len(st.unpriced)} billable lines have no price")
    return "\n".join(lines) + "\n"


QuarterOpt = Annotated[str, typer.Option("--quarter", "-q", help="e.g. 2026Q4")]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="write to FILE")]


@app.command("settle")
@_handles_errors
def settle_cmd(
    quarter: QuarterOpt,
    fmt: Annotated[StatementFormat, typer.Option("--format", "-f")] = StatementFormat.table,
    out: OutOpt = None,
    municipality: Annotated[str | None, typer.Option(help="only this municipality")] = None,
    provider: Annotated[str | None, typer.Option(help="only this provider")] = None,
) -> None:
    """Settle a quarter: counts, prices and amounts per service point and provider."""
    with _session() as s:
        st = settle(s, quarter, provider=provider, municipality=municipality)
    if fmt is StatementFormat.table:
        _write(out, _table(st))
    elif fmt is StatementFormat.csv:
        _write(out, exports.statement_csv(st))
    elif fmt is StatementFormat.html:
        _write(out, exports.render_statement_html(st, municipality=municipality, provider=provider))
    else:
        buf = io.BytesIO()
        exports.statement_xlsx(st, buf)
        _write(out, buf.getvalue())


@app.command("close")
@_handles_errors
def close_cmd(quarter: QuarterOpt, by: Annotated[str | None, typer.Option()] = None) -> None:
    """Settle and lock a quarter; later events for it go to the next open quarter."""
    with _session() as s:
        period, st = close_quarter(s, quarter, by=by or _me())
    typer.echo(
        f"closed {period.quarter}: {st.entry_count} entries, output {format_eur(st.output_cents)}, "
        f"base {format_eur(st.base_cents)}, tariff v{period.tariff_version}"
    )


@app.command("reconcile")
@_handles_errors
def reconcile_cmd(
    quarter: QuarterOpt,
    provider: Annotated[str | None, typer.Option()] = None,
    show_resolved: Annotated[bool, typer.Option("--all", help="list resolved ones too")] = False,
) -> None:
    """Delivered vs acknowledged vs billed, with the discrepancies to resolve."""
    with _session() as s:
        recs = reconcile(s, quarter, provider=provider)
    for r in recs:
        typer.echo(
            f"{r.provider}: delivered {r.delivered}, acknowledged {r.acknowledged}, "
            f"returned {r.returned}, billed {r.billed} ({r.billed_charges} charges, "
            f"{r.billed_reversals} reversals), open discrepancies {len(r.open_discrepancies)}"
        )
        for d in r.discrepancies if show_resolved else r.open_discrepancies:
            mark = "resolved" if d.resolved else "open"
            typer.echo(f"  [{mark}] {d.id}" + (f"  event {d.event_id}" if d.event_id else ""))
            for n in d.notes:
                typer.echo(f"      {n.at:%Y-%m-%d} {n.by} ({n.status}): {n.comment}")


@app.command("resolve")
@_handles_errors
def resolve_cmd(
    discrepancy_id: Annotated[str, typer.Argument(metavar="ID")],
    comment: Annotated[str, typer.Option(help="why it is in order")],
    reopen: Annotated[bool, typer.Option(help="reopen instead of resolve")] = False,
    by: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Resolve a discrepancy with a comment (kept; notes are never changed)."""
    with _session() as s:
        resolve(
            s,
            discrepancy_id,
            comment=comment,
            by=by or _me(),
            status="reopened" if reopen else "resolved",
        )
    typer.echo("reopened" if reopen else "resolved")


@app.command("record")
@_handles_errors
def record_cmd(
    event_type: Annotated[int, typer.Option("--type", help="1 e-service, 2 remote, 4 own clerk")],
    service_point: Annotated[str, typer.Option("--service-point")],
    provider: Annotated[str, typer.Option()],
    service: Annotated[str | None, typer.Option()] = None,
    at: Annotated[str | None, typer.Option(help="ISO time with offset; default now")] = None,
    advisor: Annotated[str | None, typer.Option()] = None,
    ref: Annotated[str | None, typer.Option(help="idempotency key of the recording system")] = None,
) -> None:
    """Record a service event of type 1, 2 or 4 (no document)."""
    when = utcnow()
    if at:
        try:
            when = datetime.fromisoformat(at)
        except ValueError:
            raise BillingInputError(f"--at {at!r} is not an ISO time.") from None
    with _session() as s:
        e = record_service_event(
            s, event_type=event_type, service_point=service_point, provider=provider,
            service=service, occurred_at=when, advisor=advisor or _me(), source="cli",
            external_ref=ref,
        )  # fmt: skip
        typer.echo(f"{e.id} posted into {e.posting_quarter}")


@app.command("reverse")
@_handles_errors
def reverse_cmd(
    event_id: Annotated[str, typer.Argument()],
    reason: Annotated[str, typer.Option()],
    by: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Post a reversal of an event (the original stays)."""
    with _session() as s:
        r = reverse_event(s, event_id=event_id, reason=reason, by=by or _me())
        typer.echo(f"{r.id} reverses {event_id}, posted into {r.posting_quarter}")


@app.command("events")
@_handles_errors
def events_cmd(
    quarter: QuarterOpt,
    fmt: Annotated[EventsFormat, typer.Option("--format", "-f")] = EventsFormat.csv,
    out: OutOpt = None,
    provider: Annotated[str | None, typer.Option()] = None,
    service_point: Annotated[str | None, typer.Option("--service-point")] = None,
) -> None:
    """Export the entries posted into a quarter (no personal data)."""
    with _session() as s:
        rows = exports.event_rows(s, quarter, provider=provider, service_point=service_point)
        if fmt is EventsFormat.csv:
            if out is None:
                exports.write_csv(sys.stdout, exports.EVENT_COLUMNS, rows)
            else:
                with out.open("w", encoding="utf-8", newline="") as fh:
                    n = exports.write_csv(fh, exports.EVENT_COLUMNS, rows)
                typer.echo(f"wrote {n} events to {out}", err=True)
        else:
            buf = io.BytesIO()
            exports.events_xlsx(rows, buf)
            _write(out, buf.getvalue())


@tariff_app.command("import")
@_handles_errors
def tariff_import_cmd(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    by: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Import a tariff file (YAML or CSV) as a new version."""
    tariff, digest = read_tariff_file(file)
    with _session() as s:
        v = import_tariff(s, tariff, by=by or _me(), source_sha256=digest)
        typer.echo(
            f"tariff v{v.id} {tariff.name!r}: {len(tariff.prices)} prices, "
            f"{len(tariff.base_parts)} base parts" + (" (EXAMPLE)" if tariff.is_example else "")
        )


@points_app.command("import")
@_handles_errors
def points_import_cmd(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Insert or update service points from a YAML file."""
    specs = read_service_points(file)
    with _session() as s:
        n = seed_service_points(s, specs)
    typer.echo(f"{n} service points")
