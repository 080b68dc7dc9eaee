"""Finance: the quarter's statement, tariffs, discrepancies, closing, and the downloads.

Everything here calls :mod:`billing` (the same functions and locks as the CLI and the API);
what fails answers a page in the user's language, never JSON or a 500.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from starlette.exceptions import HTTPException

from billing import exports
from billing.errors import BillingInputError, NoTariffError
from billing.models import TariffPrice, TariffVersion
from billing.money import format_eur
from billing.periods import close_quarter
from billing.quarters import Quarter
from billing.reconciliation import reconcile, resolve
from billing.settlement import settle
from billing.tariff import import_tariff
from billing.tariff_files import parse_tariff_csv, parse_tariff_yaml
from pipeline.db import utcnow

from .. import catalog
from .. import finance_exports as fx
from ..error_text import exc_text
from ..i18n import gettext
from ..messages import N_
from ..templating import language_of, render
from ._common import FinanceUser, db, see_other

router = APIRouter(prefix="/finance", include_in_schema=False)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DISCREPANCY_KINDS = {
    "billed_not_acknowledged": N_("Billed, not acknowledged by the provider"),
    "reversal_pending": N_("Returned, reversal not yet posted"),
    "returned_misrouted": N_("Returned as misrouted"),
    "delivered_not_billed": N_("Delivered, not billed"),
    "billed_without_delivery": N_("Billed without a delivery"),
}
FINANCE_DONE = {
    "tariff": N_("The tariff was imported."),
    "resolved": N_("The discrepancy was marked resolved."),
    "closed": N_("The quarter was closed."),
}


def _quarter(value: str) -> tuple[Quarter, str | None]:
    try:
        return (Quarter.parse(value) if value else Quarter.of(utcnow())), None
    except BillingInputError as e:
        return Quarter.of(utcnow()), e.message


def _tariffs(s: Any) -> list[dict[str, Any]]:
    out = []
    for v in s.scalars(select(TariffVersion).order_by(TariffVersion.id.desc()).limit(10)):
        prices = s.scalars(
            select(TariffPrice).where(TariffPrice.version_id == v.id).limit(200)
        ).all()
        out.append(
            {
                "id": v.id,
                "name": v.name,
                "example": v.is_example,
                "by": v.imported_by,
                "at": v.imported_at,
                "prices": [
                    {
                        "provider": p.provider,
                        "service": p.service or "",
                        "event_type": p.event_type,
                        "price": format_eur(p.unit_price_cents),
                        "from": p.valid_from,
                        "to": p.valid_to,
                    }
                    for p in prices
                ],
            }
        )
    return out


@router.get("", response_class=HTMLResponse)
def finance_home(request: Request, user: FinanceUser, quarter: str = "") -> Response:
    lang = language_of(request)
    q, problem = _quarter(quarter)
    if problem:
        problem = exc_text(lang, BillingInputError(problem))
    statement: dict[str, Any] | None = None
    with db(request) as s:
        try:
            st = settle(s, q)
            statement = {
                "closed": st.closed,
                "tariff": st.tariff_name,
                "example": st.tariff_is_example,
                "sections": [
                    {
                        "provider": catalog.authority_name(x.provider, lang),
                        "service_point": x.service_point,
                        "municipality": x.municipality or "",
                        "count": x.count,
                        "amount": format_eur(x.output_cents),
                    }
                    for x in st.sections
                ],
                "output": format_eur(st.output_cents),
                "base": format_eur(st.base_cents),
                "total": format_eur(st.total_cents),
                "unpriced": len(st.unpriced),
            }
        except NoTariffError:
            problem = gettext(
                lang, "No tariff has been imported; the statement cannot be priced yet."
            )
        recon = []
        discrepancies = []
        for r in reconcile(s, q):
            recon.append(
                {
                    "provider": catalog.authority_name(r.provider, lang),
                    "delivered": r.delivered,
                    "acknowledged": r.acknowledged,
                    "returned": r.returned,
                    "billed": r.billed,
                    "open": len(r.open_discrepancies),
                }
            )
            for d in r.discrepancies:
                discrepancies.append(
                    {
                        "id": d.id,
                        "provider": catalog.authority_name(d.provider, lang),
                        "kind": gettext(lang, DISCREPANCY_KINDS.get(d.kind, d.kind)),
                        "document": d.document_id[:8],
                        "resolved": d.resolved,
                        "notes": [
                            {"comment": n.comment, "by": n.by, "at": n.at, "status": n.status}
                            for n in d.notes
                        ],
                    }
                )
        tariffs = _tariffs(s)
    base = f"/finance/downloads/{q}"
    downloads = [
        (gettext(lang, "Statement (CSV)"), f"{base}/statement.csv"),
        (gettext(lang, "Statement (Excel)"), f"{base}/statement.xlsx"),
        (gettext(lang, "Statement (printable)"), f"{base}/statement.html"),
        (gettext(lang, "Ledger events (CSV)"), f"{base}/events.csv"),
        (gettext(lang, "Ledger events (Excel)"), f"{base}/events.xlsx"),
    ]
    code = request.query_params.get("done") or ""
    return render(
        request,
        "finance/home.html",
        title=gettext(lang, "Finance"),
        quarter=str(q),
        previous=str(q.previous()),
        next=str(q.next()),
        statement=statement,
        recon=recon,
        discrepancies=discrepancies,
        tariffs=tariffs,
        downloads=downloads,
        error=problem or _problem(request),
        message=gettext(lang, FINANCE_DONE[code]) if code in FINANCE_DONE else None,
    )


def _problem(request: Request) -> str | None:
    from ._common import problem_message

    return problem_message(request)


@router.get("/downloads/{quarter}/{name}")
def download(request: Request, quarter: str, name: str, user: FinanceUser) -> Response:
    """A statement or ledger export with headers in the user's language."""
    lang = language_of(request)
    with db(request) as s:
        q = Quarter.parse(quarter)
        if name.startswith("statement."):
            st = settle(s, q)
            if name == "statement.html":
                return render(
                    request,
                    "finance/statement.html",
                    title=gettext(lang, "Quarterly statement") + f" {q}",
                    s=st,
                    q=q,
                    provider_name=lambda p: catalog.authority_name(p, lang),
                    eur=format_eur,
                )
            rows = exports.statement_rows(st)
            columns, sheet = fx.STATEMENT, fx.SHEETS[0]
        elif name.startswith("events."):
            rows = exports.event_rows(s, q)
            columns, sheet = fx.EVENTS, fx.SHEETS[1]
        else:
            return _not_found(request)
        stem, ext = name.split(".", 1)
        filename = f"{stem}-{q}.{ext}"
        if ext == "csv":
            data, media = fx.to_csv(lang, columns, rows), "text/csv; charset=utf-8"
        elif ext == "xlsx":
            data, media = fx.to_xlsx(lang, sheet, columns, rows), XLSX
        else:
            return _not_found(request)
    return Response(
        data,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _not_found(request: Request) -> Response:
    raise HTTPException(404)


@router.post("/tariffs")
async def upload_tariff(request: Request, user: FinanceUser, file: UploadFile) -> Response:
    """Import a tariff file (YAML or CSV) as a new version, as ``aspa billing tariff import``."""
    raw = await file.read()
    if not raw:
        return see_other("/finance", problem="file_missing")
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
    with db(request) as s:
        import_tariff(s, tariff, by=user.username, source_sha256=hashlib.sha256(raw).hexdigest())
    return see_other("/finance", done="tariff")


@router.post("/discrepancies/resolve")
def resolve_discrepancy(
    request: Request,
    user: FinanceUser,
    discrepancy_id: Annotated[str, Form()],
    quarter: Annotated[str, Form()],
    comment: Annotated[str, Form()] = "",
) -> Response:
    if not comment.strip():
        return see_other("/finance", quarter=quarter, problem="comment_missing")
    with db(request) as s:
        resolve(s, discrepancy_id, comment=comment.strip(), by=user.username, status="resolved")
    return see_other("/finance", quarter=quarter, done="resolved")


@router.post("/quarters/{quarter}/close")
def close(request: Request, quarter: str, user: FinanceUser) -> Response:
    """Close (lock) a quarter with the same checks and locks as ``aspa billing close``."""
    with db(request) as s:
        close_quarter(s, quarter, by=user.username)
    return see_other("/finance", quarter=quarter, done="closed")
