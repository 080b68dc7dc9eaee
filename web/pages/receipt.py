"""The customer's receipt: per document what actually happened, in the customer's language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from auth import check_document_access
from pipeline.db import utcnow

from .. import catalog
from ..i18n import LANGUAGE_NAMES, LANGUAGES, gettext
from ..outcomes import PROVISIONAL, outcome_of
from ..templating import language_of, render
from ._common import AdvisorUser, audit, db

router = APIRouter(prefix="/advisor", include_in_schema=False)


@router.get("/receipt", response_class=HTMLResponse)
def receipt(
    request: Request,
    user: AdvisorUser,
    ids: Annotated[list[str], Query()],
    lang: str = "",
) -> Response:
    """A printable receipt for the customer: what was forwarded where (no identifiers).

    ``lang`` prints it in the customer's language (fi, sv, en) instead of the advisor's.
    """
    lang = lang if lang in LANGUAGES else language_of(request)
    items = []
    with db(request) as s:
        for document_id in ids[:50]:
            doc = check_document_access(s, user, document_id)
            outcome = outcome_of(doc, doc.deliveries, lang)
            audit(s, user, "receipt_printed", doc.id, outcome=outcome.code)
            items.append(
                {
                    "name": doc.source_name or doc.submission.filename or "",
                    "received_at": doc.submission.received_at,
                    # a service is named only once a person or the machine has decided it
                    "service": catalog.service_name(doc.service, lang)
                    if outcome.code not in ("waiting", "processing", "rejected")
                    else "",
                    "outcome": outcome.code,
                    "text": outcome.text,
                }
            )
    provisional = any(i["outcome"] in PROVISIONAL for i in items)
    return render(
        request,
        "advisor/receipt.html",
        language=lang,
        title=gettext(lang, "Receipt"),
        ids=ids[:50],
        receipt_languages=[(c, LANGUAGE_NAMES[c]) for c in LANGUAGES],
        items=items,
        provisional=provisional,
        printed_at=utcnow(),
        service_point=user.service_point,
    )
