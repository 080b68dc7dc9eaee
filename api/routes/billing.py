"""Billing API for finance (and advisors recording service events).

Thin routes over :mod:`billing`; errors are :class:`pipeline.errors.AspaError` subclasses that
the app's exception handler maps to HTTP statuses. Role protection: see
:func:`auth.deps.finance_user` (finance) and :func:`auth.deps.advisor_user`.
"""

from __future__ import annotations

import hashlib
import io
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field

from auth.deps import AdvisorActor, FinanceActor, SessionDep
from billing import exports
from billing.errors import BillingInputError
from billing.event_checks import check_manual_event
from billing.ledger import record_service_event, reverse_event
from billing.periods import close_quarter, list_periods
from billing.reconciliation import reconcile, resolve
from billing.settlement import settle
from billing.tariff import import_tariff
from billing.tariff_files import parse_tariff_csv, parse_tariff_yaml
from pipeline.db import utcnow

router = APIRouter(prefix="/api/v1/billing", tags=["billing"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


class EventIn(BaseModel):
    """A service event without a document (type 1, 2 or 4)."""

    event_type: int = Field(ge=1, le=4, description="1 e-service, 2 remote, 4 own clerk")
    service_point: str = Field(min_length=1, max_length=100)
    provider: str = Field(min_length=1, max_length=40)
    service: str | None = Field(default=None, max_length=80)
    occurred_at: datetime | None = Field(default=None, description="default: now; with offset")
    external_ref: str | None = Field(
        default=None, max_length=100, description="idempotency key: a retry returns the first"
    )


class EventOut(BaseModel):
    id: str
    kind: str
    reverses_id: str | None
    event_type: int
    service_point: str
    municipality: str | None
    provider: str
    service: str | None
    occurred_at: datetime
    posting_quarter: str
    document_id: str | None
    advisor: str | None
    source: str
    external_ref: str | None


class ReverseIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class ResolveIn(BaseModel):
    comment: str = Field(min_length=1, max_length=4000)
    reopen: bool = False


class PeriodOut(BaseModel):
    quarter: str
    closed_at: datetime
    closed_by: str
    tariff_version: int | None
    event_count: int
    output_cents: int
    base_cents: int


def _event_out(e: Any) -> EventOut:
    return EventOut.model_validate(e, from_attributes=True)


def _download(data: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content=data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/statements/{quarter}")
def get_statement(
    quarter: str,
    session: SessionDep,
    _user: FinanceActor,
    municipality: str | None = None,
    provider: str | None = None,
) -> dict[str, Any]:
    """The (preliminary, unless closed) settlement of a quarter."""
    st = settle(session, quarter, municipality=municipality, provider=provider)
    return exports.statement_json(st)


@router.get("/statements/{quarter}/export")
def export_statement(
    quarter: str,
    session: SessionDep,
    _user: FinanceActor,
    format: Annotated[ExportFormat, Query()] = ExportFormat.csv,
    municipality: str | None = None,
    provider: str | None = None,
) -> Response:
    """Download a statement as CSV, XLSX or printable HTML."""
    st = settle(session, quarter, municipality=municipality, provider=provider)
    parts = [st.quarter, municipality, provider]
    stem = "statement-" + "-".join(p for p in parts if p)
    if format is ExportFormat.csv:
        return _download(
            exports.statement_csv(st).encode(), "text/csv; charset=utf-8", f"{stem}.csv"
        )
    if format is ExportFormat.xlsx:
        buf = io.BytesIO()
        exports.statement_xlsx(st, buf)
        return _download(buf.getvalue(), XLSX, f"{stem}.xlsx")
    html = exports.render_statement_html(st, municipality=municipality, provider=provider)
    return Response(content=html, media_type="text/html; charset=utf-8")


@router.post("/quarters/{quarter}/settle")
def settle_quarter(quarter: str, session: SessionDep, _user: FinanceActor) -> dict[str, Any]:
    """Settle a quarter now (same as GET statements; kept for the finance workflow)."""
    return exports.statement_json(settle(session, quarter))


@router.post("/quarters/{quarter}/close")
def close(quarter: str, session: SessionDep, user: FinanceActor) -> dict[str, Any]:
    """Close (lock) a quarter; returns the final statement."""
    _period, st = close_quarter(session, quarter, by=user)
    return exports.statement_json(st)


@router.get("/periods")
def periods(session: SessionDep, _user: FinanceActor) -> list[PeriodOut]:
    """The closed quarters."""
    return [PeriodOut.model_validate(p, from_attributes=True) for p in list_periods(session)]


@router.get("/reconciliation/{quarter}")
def get_reconciliation(
    quarter: str, session: SessionDep, _user: FinanceActor, provider: str | None = None
) -> list[dict[str, Any]]:
    """Delivered vs acknowledged vs billed per provider, with discrepancies and their notes."""
    out = []
    for r in reconcile(session, quarter, provider=provider):
        out.append(
            {
                "quarter": r.quarter,
                "provider": r.provider,
                "delivered": r.delivered,
                "acknowledged": r.acknowledged,
                "returned": r.returned,
                "billed": r.billed,
                "billed_charges": r.billed_charges,
                "billed_reversals": r.billed_reversals,
                "open_discrepancies": len(r.open_discrepancies),
                "discrepancies": [
                    {
                        "id": d.id,
                        "kind": d.kind,
                        "document_id": d.document_id,
                        "event_id": d.event_id,
                        "resolved": d.resolved,
                        "notes": [
                            {"comment": n.comment, "by": n.by, "at": n.at, "status": n.status}
                            for n in d.notes
                        ],
                    }
                    for d in r.discrepancies
                ],
            }
        )
    return out


@router.post("/reconciliation/discrepancies/{discrepancy_id}/resolve", status_code=201)
def resolve_discrepancy(
    discrepancy_id: str, body: ResolveIn, session: SessionDep, user: FinanceActor
) -> dict[str, Any]:
    """Resolve (or reopen) a discrepancy with a comment; the comment is kept."""
    note = resolve(
        session,
        discrepancy_id,
        comment=body.comment,
        by=user,
        status="reopened" if body.reopen else "resolved",
    )
    return {"id": note.id, "discrepancy_id": note.discrepancy_id, "status": note.status}


@router.get("/events/{quarter}/export")
def export_events(
    quarter: str,
    session: SessionDep,
    _user: FinanceActor,
    format: Annotated[ExportFormat, Query()] = ExportFormat.csv,
    provider: str | None = None,
    service_point: str | None = None,
) -> Response:
    """Download the entries posted into a quarter (CSV or XLSX; no personal data)."""
    rows = exports.event_rows(session, quarter, provider=provider, service_point=service_point)
    if format is ExportFormat.xlsx:
        buf = io.BytesIO()
        exports.events_xlsx(rows, buf)
        return _download(buf.getvalue(), XLSX, f"events-{quarter}.xlsx")
    if format is ExportFormat.html:
        raise BillingInputError("Event lists are exported as csv or xlsx.")
    text = io.StringIO()
    exports.write_csv(text, exports.EVENT_COLUMNS, rows)
    return _download(text.getvalue().encode(), "text/csv; charset=utf-8", f"events-{quarter}.csv")


@router.post("/events", status_code=201)
def record_event(
    body: EventIn, session: SessionDep, user: AdvisorActor, request: Request
) -> EventOut:
    """Record a service event of type 1, 2 or 4 (type 3 comes from delivered documents).

    The event is for the advisor's own service point (another one is refused with 403); the
    provider and service are checked against the catalogue of the event's day and the time
    against the open quarter (:func:`billing.event_checks.check_manual_event`).
    """
    from auth.deps import get_principal
    from auth.errors import ForbiddenError
    from classifiers import load_catalogue

    principal = get_principal(request)
    point = body.service_point
    if principal.role == "advisor":
        if not principal.service_point or body.service_point != principal.service_point:
            raise ForbiddenError("Advisors record service events for their own service point.")
        point = principal.service_point
    now = utcnow()
    occurred_at = body.occurred_at or now
    check_manual_event(
        session,
        provider=body.provider,
        service=body.service,
        occurred_at=occurred_at,
        catalogue=load_catalogue(),
        now=now,
    )
    e = record_service_event(
        session,
        event_type=body.event_type,
        service_point=point,
        provider=body.provider,
        service=body.service,
        occurred_at=occurred_at,
        advisor=user,
        source="api",
        external_ref=body.external_ref,
    )
    return _event_out(e)


@router.post("/events/{event_id}/reverse", status_code=201)
def reverse(event_id: str, body: ReverseIn, session: SessionDep, user: FinanceActor) -> EventOut:
    """Post a reversal of an event; a second reversal is refused with 409."""
    return _event_out(reverse_event(session, event_id=event_id, reason=body.reason, by=user))


@router.post("/tariffs", status_code=201)
async def upload_tariff(
    file: UploadFile, session: SessionDep, user: FinanceActor
) -> dict[str, Any]:
    """Import a tariff file (YAML or CSV) as a new version."""
    raw = await file.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BillingInputError("The tariff file must be UTF-8 text (YAML or CSV).") from None
    name = file.filename or "tariff"
    tariff = (
        parse_tariff_csv(text, name=name)
        if name.lower().endswith(".csv")
        else parse_tariff_yaml(text)
    )
    v = import_tariff(session, tariff, by=user, source_sha256=hashlib.sha256(raw).hexdigest())
    return {
        "version": v.id,
        "name": v.name,
        "is_example": v.is_example,
        "prices": len(tariff.prices),
    }
