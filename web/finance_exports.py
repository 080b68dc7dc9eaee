"""Finance downloads for people: the billing exports with headers in the user's language.

The machine exports of ``/api/v1/billing`` keep their stable English column names (finance
systems import them); the pages' downloads carry the same rows under translated headers, and
the printable statement is rendered from ``templates/finance/statement.html`` in the user's
language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from billing.exports import EVENT_COLUMNS, STATEMENT_COLUMNS

from .i18n import gettext
from .messages import N_

COLUMN_LABELS = {
    "quarter": N_("Quarter"),
    "municipality": N_("Municipality"),
    "service_point": N_("Service point"),
    "provider": N_("Provider"),
    "part": N_("Part"),
    "service": N_("Service"),
    "event_type": N_("Event type"),
    "adjustment": N_("Adjustment"),
    "billable": N_("Billable"),
    "unit_price_eur": N_("Unit price (EUR)"),
    "price_valid_from": N_("Price valid from"),
    "charges": N_("Charges"),
    "reversals": N_("Reversals"),
    "count": N_("Count"),
    "amount_eur": N_("Amount (EUR)"),
    "base_instalment": N_("Base part instalment"),
    "base_annual_eur": N_("Base part per year (EUR)"),
    "event_id": N_("Event"),
    "kind": N_("Kind"),
    "reverses_id": N_("Reverses"),
    "posting_quarter": N_("Posting quarter"),
    "occurred_at_utc": N_("Occurred (UTC)"),
    "occurred_date_local": N_("Occurred on (Finnish date)"),
    "document_id": N_("Document"),
    "advisor": N_("Advisor"),
    "source": N_("Source"),
    "external_ref": N_("External reference"),
    "created_by": N_("Created by"),
    "created_at_utc": N_("Created (UTC)"),
}


def headers(language: str, columns: Sequence[str]) -> list[str]:
    return [gettext(language, COLUMN_LABELS.get(c, c)) for c in columns]


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return f"{v:.2f}"
    return v


def to_csv(language: str, columns: Sequence[str], rows: Iterator[tuple[Any, ...]]) -> bytes:
    """CSV with a BOM (spreadsheets then read UTF-8), translated headers, dot decimals."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(headers(language, columns))
    for row in rows:
        w.writerow([_cell(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(
    language: str, sheet: str, columns: Sequence[str], rows: Iterator[tuple[Any, ...]]
) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(gettext(language, sheet)[:31])
    ws.append(headers(language, columns))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


STATEMENT = STATEMENT_COLUMNS
EVENTS = EVENT_COLUMNS
SHEETS = (N_("Statement"), N_("Ledger events"))
