"""Searchable, sortable, paged document lists for the pages (advisor list, provider inbox).

The query string is the state of the list (``?q=asumistuki&state=delivered&sort=received&
order=desc&page=2``), so a list can be bookmarked, reloaded and shared between tabs.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from pipeline.search import MAX_PER_PAGE, SORTS, DocumentQuery, SearchPage

FILTERS = ("q", "authority", "service", "state", "returned", "since", "until", "language",
           "min_confidence", "inbox")  # fmt: skip


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _number(value: str | None, low: float, high: float) -> float | None:
    try:
        x = float(value) if value not in (None, "") else None
    except ValueError:
        return None
    return None if x is None else min(high, max(low, x))


def query_from(request: Request, **fixed: Any) -> tuple[DocumentQuery, dict[str, str]]:
    """The list's query from the address, and the raw filter values to show in the form."""
    p = request.query_params
    raw = {k: p.get(k, "") for k in FILTERS}
    conf = _number(raw["min_confidence"], 0, 100)
    sort = p.get("sort", "received")
    page = int(_number(p.get("page"), 1, 10_000) or 1)
    per_page = int(_number(p.get("per_page"), 10, MAX_PER_PAGE) or 50)
    query = DocumentQuery(
        q=raw["q"][:200],
        authority=raw["authority"] or None,
        service=raw["service"] or None,
        state=raw["state"] or None,
        returned={"yes": True, "no": False}.get(raw["returned"]),
        since=_day(raw["since"]),
        until=_day(raw["until"]),
        language=raw["language"] or None,
        min_confidence=None if conf is None else conf / 100,
        sort=sort if sort in SORTS else "received",
        descending=p.get("order", "desc") != "asc",
        page=page,
        per_page=per_page,
    )
    return replace(query, **fixed), raw


def listing_view(request: Request, result: SearchPage, query: DocumentQuery) -> dict[str, Any]:
    """Links for sortable headers and the pager, keeping every other parameter."""
    base = {k: v for k, v in request.query_params.items() if v and k not in ("page", "done")}

    def href(**changes: Any) -> str:
        q = {**base, **{k: str(v) for k, v in changes.items()}}
        return "?" + urlencode(q)

    sorts = {}
    for key in SORTS:
        active = query.sort == key
        order = "asc" if active and query.descending else "desc"
        sorts[key] = {
            "href": href(sort=key, order=order),
            "aria": ("descending" if query.descending else "ascending") if active else "none",
        }
    first = (result.page - 1) * result.per_page + 1 if result.total else 0
    last = min(result.total, result.page * result.per_page)
    return {
        "sorts": sorts,
        "total": result.total,
        "first": first,
        "last": last,
        "page": result.page,
        "pages": result.pages,
        "prev": href(page=result.page - 1) if result.page > 1 else None,
        "next": href(page=result.page + 1) if result.page < result.pages else None,
    }
