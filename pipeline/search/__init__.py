"""Finding documents: full-text search over the OCR text with filters, sorting and paging.

One function, :func:`search`, for the API (``GET /api/v1/documents``) and the pages (the
advisor's list, the provider's inbox). The caller passes the scope (what the user may see, from
:func:`auth.visible_document_filter`); the text search is PostgreSQL's own full-text search
with the ``finnish`` and ``swedish`` configurations on PostgreSQL and an FTS5 index of Snowball
stems on SQLite (:mod:`._sqlite`), both inflection-aware (``asumistuen`` finds ``asumistuki``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.orm import Session

from pipeline.models import Delivery, Document, Submission

from . import _postgres, _sqlite

SORTS = {
    "received": Submission.received_at,
    "state": Document.state,
    "authority": Document.authority,
    "service": Document.service,
    "confidence": Document.confidence,
    "name": Document.source_name,
    "pages": Document.page_count,
}
MAX_PER_PAGE = 100
# Past the last page the list is empty all the same; the bound keeps the OFFSET within the
# database's 64-bit integers (page=10**18 in the API's query string raised OverflowError).
MAX_PAGE = 1_000_000
HELSINKI = ZoneInfo("Europe/Helsinki")


@dataclass(frozen=True)
class DocumentQuery:
    """What to look for; every field is optional."""

    q: str = ""
    authority: str | None = None
    service: str | None = None
    state: str | None = None
    returned: bool | None = None
    since: date | None = None  # received on or after (Finnish date)
    until: date | None = None  # received on or before (Finnish date)
    language: str | None = None
    min_confidence: float | None = None
    max_confidence: float | None = None
    delivered_to: str | None = None  # only documents delivered to this authority
    inbox: str | None = None  # with delivered_to: delivered | acknowledged | returned
    sort: str = "received"
    descending: bool = True
    page: int = 1
    per_page: int = 50


@dataclass(frozen=True)
class SearchPage:
    total: int
    page: int
    per_page: int
    documents: list[Document] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time(), tzinfo=HELSINKI)


def _filtered(session: Session, query: DocumentQuery, scope: Any) -> Select[Any] | None:
    stmt: Select[Any] = select(Document).join(Submission, Document.submission_id == Submission.id)
    if scope is not None:
        stmt = stmt.where(scope)
    if query.q.strip():
        if session.get_bind().dialect.name == "postgresql":
            clause = _postgres.match_clause(query.q)
            if clause is not None:  # a sub-select: the planner starts from the GIN index
                stmt = stmt.where(Document.id.in_(select(Document.id).where(clause)))
        else:
            _sqlite.sync(session)
            ids = _sqlite.matching_ids_clause(query.q)
            if ids is not None:
                stmt = stmt.where(Document.id.in_(ids))
    if query.authority:
        stmt = stmt.where(Document.authority == query.authority)
    if query.service:
        stmt = stmt.where(Document.service == query.service)
    if query.state:
        stmt = stmt.where(Document.state == query.state)
    if query.language:
        stmt = stmt.where(Document.language == query.language)
    if query.min_confidence is not None:
        stmt = stmt.where(Document.confidence >= query.min_confidence)
    if query.max_confidence is not None:
        stmt = stmt.where(Document.confidence <= query.max_confidence)
    if query.since:
        stmt = stmt.where(Submission.received_at >= _day_start(query.since))
    if query.until:
        stmt = stmt.where(Submission.received_at < _day_start(query.until + timedelta(days=1)))
    if query.returned is not None:
        was_returned = exists().where(
            and_(Delivery.document_id == Document.id, Delivery.state == "returned")
        )
        stmt = stmt.where(was_returned if query.returned else ~was_returned)
    if query.delivered_to:
        mine = [Delivery.document_id == Document.id, Delivery.authority == query.delivered_to]
        if query.inbox in ("delivered", "acknowledged", "returned"):
            mine += [Delivery.state == query.inbox]
        else:  # at the provider now: delivered or acknowledged
            mine += [Delivery.state.in_(("delivered", "acknowledged"))]
        stmt = stmt.where(exists().where(and_(*mine)))
    return stmt


def search(session: Session, query: DocumentQuery, *, scope: Any = None) -> SearchPage:
    """One page of the documents matching ``query`` within ``scope`` (a WHERE clause or None).

    The total counts every match, so a list can say "1–50 of 1 234" instead of stopping
    silently.
    """
    per_page = max(1, min(MAX_PER_PAGE, query.per_page))
    page = max(1, min(MAX_PAGE, query.page))
    stmt = _filtered(session, query, scope)
    assert stmt is not None
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    column = SORTS.get(query.sort, SORTS["received"])
    order = column.desc() if query.descending else column.asc()
    nulls = order.nulls_last()
    rows = session.scalars(
        stmt.order_by(nulls, Document.id.desc()).offset((page - 1) * per_page).limit(per_page)
    )
    return SearchPage(total=total, page=page, per_page=per_page, documents=list(rows))


__all__ = ["MAX_PER_PAGE", "SORTS", "DocumentQuery", "SearchPage", "search"]
