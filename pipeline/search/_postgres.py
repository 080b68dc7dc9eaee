"""Full-text search on PostgreSQL: the ``finnish`` and ``swedish`` text-search configurations.

The document side is ``to_tsvector('finnish', text) || to_tsvector('swedish', text)`` (a GIN
index on the same expression makes it fast, see the migration); the query side is built from
the same Snowball stems as on SQLite (:mod:`._terms`), as a ``simple`` tsquery with prefixes.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, literal_column

from ._terms import query_terms

VECTOR = (
    "(to_tsvector('finnish', coalesce(documents.text, '')) || "
    "to_tsvector('swedish', coalesce(documents.text, '')))"
)
_SAFE = re.compile(r"[^\w]+", re.UNICODE)


def tsquery(query: str) -> str | None:
    groups = []
    for alts in query_terms(query):
        parts = []
        for term, prefix in alts:
            t = _SAFE.sub("", term)
            if t:
                parts.append(f"'{t}'" + (":*" if prefix else ""))
        if parts:
            groups.append("(" + " | ".join(parts) + ")")
    return " & ".join(groups) or None


def match_clause(query: str) -> Any:
    q = tsquery(query)
    if q is None:
        return None
    return literal_column(VECTOR).op("@@")(func.to_tsquery("simple", q))
