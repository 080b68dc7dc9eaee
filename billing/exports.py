"""Exports of statements and event lists: CSV, XLSX and a printable HTML statement.

The columns are part of the interface (finance imports them): add new columns at the end only.
They are documented in ``billing/README.md``. Event lists carry no personal data: ids, codes,
times and the advisor's user name; the free-text reason of a reversal is left out because a
person may have typed anything there.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import UTC
from decimal import Decimal
from typing import IO, Any

from jinja2 import Environment, PackageLoader, select_autoescape
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import BillableEvent, EventType
from .money import format_eur, to_decimal
from .quarters import Quarter, local_date
from .settlement import Statement

STATEMENT_COLUMNS: tuple[str, ...] = (
    "quarter",
    "municipality",
    "service_point",
    "provider",
    "part",  # output | base
    "service",
    "event_type",
    "adjustment",  # 1 = occurred in an earlier, closed quarter
    "billable",  # 1 = the provider's contract pays for this event type
    "unit_price_eur",
    "price_valid_from",
    "charges",
    "reversals",
    "count",  # charges - reversals
    "amount_eur",
    "base_instalment",  # e.g. 4/4 (base rows)
    "base_annual_eur",  # the yearly base part (base rows)
)

EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "kind",  # charge | reversal
    "reverses_id",
    "posting_quarter",
    "adjustment",
    "occurred_at_utc",
    "occurred_date_local",
    "municipality",
    "service_point",
    "provider",
    "service",
    "event_type",
    "document_id",
    "advisor",
    "source",
    "external_ref",
    "created_by",
    "created_at_utc",
)


def statement_rows(statement: Statement) -> Iterator[tuple[Any, ...]]:
    """Rows of :data:`STATEMENT_COLUMNS`; money as :class:`~decimal.Decimal` euros."""
    q = statement.quarter
    for s in statement.sections:
        for x in s.lines:
            yield (
                q, x.municipality or "", x.service_point, x.provider, "output", x.service or "",
                x.event_type, int(x.adjustment), int(x.billable),
                to_decimal(x.unit_price_cents) if x.unit_price_cents is not None else None,
                x.price_from.isoformat() if x.price_from else "",
                x.charges, x.reversals, x.count, to_decimal(x.amount_cents), "", None,
            )  # fmt: skip
    for b in statement.base_parts:
        yield (
            q, b.municipality or "", b.service_point, "", "base", "", None, 0, 1, None, "",
            None, None, None, to_decimal(b.amount_cents), f"{b.instalment}/4",
            to_decimal(b.annual_cents),
        )  # fmt: skip


def event_rows(
    session: Session,
    quarter: str | Quarter,
    *,
    provider: str | None = None,
    service_point: str | None = None,
) -> Iterator[tuple[Any, ...]]:
    """Rows of :data:`EVENT_COLUMNS` for the entries posted into a quarter (streamed)."""
    q = Quarter.parse(quarter)
    stmt = select(BillableEvent).where(BillableEvent.posting_quarter == str(q))
    if provider is not None:
        stmt = stmt.where(BillableEvent.provider == provider)
    if service_point is not None:
        stmt = stmt.where(BillableEvent.service_point == service_point)
    stmt = stmt.order_by(BillableEvent.occurred_at, BillableEvent.id).execution_options(
        yield_per=2000
    )
    for e in session.scalars(stmt):
        yield (
            e.id, e.kind, e.reverses_id or "", e.posting_quarter,
            int(not q.contains(e.occurred_at)),
            e.occurred_at.astimezone(UTC).isoformat(), local_date(e.occurred_at).isoformat(),
            e.municipality or "", e.service_point, e.provider, e.service or "", e.event_type,
            e.document_id or "", e.advisor or "", e.source, e.external_ref or "",
            e.created_by or "", e.created_at.astimezone(UTC).isoformat(),
        )  # fmt: skip


# A text cell starting with one of these is a formula to Excel and LibreOffice (CSV injection):
# ``=HYPERLINK(...)`` in a service id would become a live link in finance's spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(v: str) -> str:
    """``v`` with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + v if v.startswith(FORMULA_STARTS) else v


def _csv_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return f"{v:.2f}"
    if isinstance(v, str):
        return escape_formula(v)
    return v


def write_csv(out: IO[str], columns: Sequence[str], rows: Iterator[tuple[Any, ...]]) -> int:
    """Write a header and rows as CSV (comma, UTF-8, dot decimals); returns the row count."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    n = 0
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
        n += 1
    return n


def statement_csv(statement: Statement) -> str:
    buf = io.StringIO()
    write_csv(buf, STATEMENT_COLUMNS, statement_rows(statement))
    return buf.getvalue()


def _xlsx_sheet(
    wb: Workbook, title: str, columns: Sequence[str], rows: Iterator[tuple[Any, ...]]
) -> None:
    ws = wb.create_sheet(title)
    ws.append(list(columns))
    for row in rows:
        ws.append([_xlsx_value(ws, v) for v in row])


def _xlsx_value(ws: Any, v: Any) -> Any:
    """Text stays text: a string that looks like a formula is written as a string cell."""
    if not isinstance(v, str) or not v.startswith(FORMULA_STARTS):
        return v
    cell = WriteOnlyCell(ws, value=v)
    cell.data_type = "s"
    return cell


def statement_xlsx(statement: Statement, out: IO[bytes]) -> None:
    """Write a workbook: sheets ``statement`` (:data:`STATEMENT_COLUMNS`), ``totals``, ``info``."""
    wb = Workbook(write_only=True)
    _xlsx_sheet(wb, "statement", STATEMENT_COLUMNS, statement_rows(statement))
    totals = (
        (s.municipality or "", s.service_point, s.provider, s.count, to_decimal(s.output_cents))
        for s in statement.sections
    )
    _xlsx_sheet(
        wb, "totals", ("municipality", "service_point", "provider", "count", "output_eur"), totals
    )
    info = [
        ("quarter", statement.quarter),
        ("closed", int(statement.closed)),
        ("tariff", statement.tariff_name),
        ("tariff_version", statement.tariff_version),
        ("tariff_is_example", int(statement.tariff_is_example)),
        ("output_eur", to_decimal(statement.output_cents)),
        ("base_eur", to_decimal(statement.base_cents)),
        ("total_eur", to_decimal(statement.total_cents)),
        ("generated_at_utc", statement.generated_at.isoformat()),
    ]
    _xlsx_sheet(wb, "info", ("key", "value"), iter(info))
    wb.save(out)


def events_xlsx(rows: Iterator[tuple[Any, ...]], out: IO[bytes]) -> None:
    """Write an event list (:data:`EVENT_COLUMNS`) as a workbook with one sheet ``events``."""
    wb = Workbook(write_only=True)
    _xlsx_sheet(wb, "events", EVENT_COLUMNS, rows)
    wb.save(out)


_env = Environment(
    loader=PackageLoader("billing", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["eur"] = format_eur
_env.filters["eur_or_dash"] = lambda c: "–" if c is None else format_eur(c)

EVENT_TYPE_LABELS = {
    int(EventType.e_service): "1 Sähköinen asiointi / e-service",
    int(EventType.remote): "2 Etäpalvelu / remote service",
    int(EventType.counter): "3 Tiskipalvelu / counter service",
    int(EventType.own_clerk): "4 Oma virkailija / own clerk",
}


def render_statement_html(
    statement: Statement, *, municipality: str | None = None, provider: str | None = None
) -> str:
    """A printable HTML statement, for one municipality and/or provider (default: all)."""
    part = statement.filtered(municipality=municipality, provider=provider)
    q = Quarter.parse(statement.quarter)
    return _env.get_template("statement.html").render(
        s=part,
        quarter=q,
        municipality=municipality,
        provider=provider,
        labels=EVENT_TYPE_LABELS,
    )


def statement_json(statement: Statement) -> dict[str, Any]:
    """A JSON-ready statement: amounts both as integer cents and as euro strings."""

    def eur(c: int | None) -> str | None:
        return None if c is None else f"{to_decimal(c):.2f}"

    return {
        "quarter": statement.quarter,
        "closed": statement.closed,
        "generated_at": statement.generated_at.isoformat(),
        "tariff": {
            "name": statement.tariff_name,
            "version": statement.tariff_version,
            "is_example": statement.tariff_is_example,
        },
        "sections": [
            {
                "municipality": s.municipality,
                "service_point": s.service_point,
                "provider": s.provider,
                "count": s.count,
                "output_cents": s.output_cents,
                "output_eur": eur(s.output_cents),
                "lines": [
                    {
                        "service": x.service,
                        "event_type": x.event_type,
                        "adjustment": x.adjustment,
                        "billable": x.billable,
                        "unit_price_cents": x.unit_price_cents,
                        "unit_price_eur": eur(x.unit_price_cents),
                        "price_valid_from": x.price_from.isoformat() if x.price_from else None,
                        "charges": x.charges,
                        "reversals": x.reversals,
                        "count": x.count,
                        "amount_cents": x.amount_cents,
                        "amount_eur": eur(x.amount_cents),
                    }
                    for x in s.lines
                ],
            }
            for s in statement.sections
        ],
        "base_parts": [
            {
                "municipality": b.municipality,
                "service_point": b.service_point,
                "year": b.year,
                "instalment": b.instalment,
                "annual_cents": b.annual_cents,
                "amount_cents": b.amount_cents,
                "amount_eur": eur(b.amount_cents),
            }
            for b in statement.base_parts
        ],
        "unpriced_lines": len(statement.unpriced),
        "entry_count": statement.entry_count,
        "output_cents": statement.output_cents,
        "base_cents": statement.base_cents,
        "total_cents": statement.total_cents,
        "total_eur": eur(statement.total_cents),
    }
