"""Finance: the quarter's statement, reconciliation and the billing API's downloads."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from billing.errors import BillingInputError, NoTariffError
from billing.money import format_eur
from billing.quarters import Quarter
from billing.reconciliation import reconcile
from billing.settlement import settle
from pipeline.db import utcnow

from .. import catalog
from ..i18n import gettext
from ..templating import language_of, render
from ._common import FinanceUser, db

router = APIRouter(prefix="/finance", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def finance_home(request: Request, user: FinanceUser, quarter: str = "") -> Response:
    lang = language_of(request)
    problem = None
    try:
        q = Quarter.parse(quarter) if quarter else Quarter.of(utcnow())
    except BillingInputError as e:
        q, problem = Quarter.of(utcnow()), e.message
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
        recon = [
            {
                "provider": catalog.authority_name(r.provider, lang),
                "delivered": r.delivered,
                "acknowledged": r.acknowledged,
                "returned": r.returned,
                "billed": r.billed,
                "open": len(r.open_discrepancies),
            }
            for r in reconcile(s, q)
        ]
    downloads = [
        (gettext(lang, "Statement (CSV)"), f"/api/v1/billing/statements/{q}/export?format=csv"),
        (gettext(lang, "Statement (Excel)"), f"/api/v1/billing/statements/{q}/export?format=xlsx"),
        (
            gettext(lang, "Statement (printable)"),
            f"/api/v1/billing/statements/{q}/export?format=html",
        ),
        (gettext(lang, "Ledger events (CSV)"), f"/api/v1/billing/events/{q}/export?format=csv"),
    ]
    return render(
        request,
        "finance/home.html",
        title=gettext(lang, "Finance"),
        quarter=str(q),
        previous=str(q.previous()),
        next=str(q.next()),
        statement=statement,
        recon=recon,
        downloads=downloads,
        error=problem,
    )
