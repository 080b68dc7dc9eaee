"""Full-text search on SQLite: an FTS5 table of stems, kept in step with the documents lazily.

The table is a derived index (``document_search``), created on first use and brought up to
date before each search from the documents whose text or state changed since it was indexed
(the OCR stage sets the text and moves the state, so ``state_changed_at`` is the version). Every
process that searches keeps it current; nothing in the pipeline has to know about it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from ._terms import index_terms, query_terms

DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS document_search USING fts5("
    "document_id UNINDEXED, version UNINDEXED, terms, "
    "tokenize = 'unicode61 remove_diacritics 0')"
)

INSERT = "INSERT INTO document_search (document_id, version, terms) VALUES (:d, :v, :t)"
MATCH = "SELECT document_id FROM document_search WHERE document_search MATCH :q"


def _version(changed: Any, length: Any) -> str:
    return f"{changed}|{length}"


def sync(session: Session) -> int:
    """Index what changed; returns how many documents were (re)indexed or dropped."""
    session.execute(text(DDL))
    have = {
        row[0]: row[1]
        for row in session.execute(text("SELECT document_id, version FROM document_search"))
    }
    rows = session.execute(
        text("SELECT id, state_changed_at, length(text) FROM documents WHERE text IS NOT NULL")
    ).all()
    stale = [r[0] for r in rows if have.get(r[0]) != _version(r[1], r[2])]
    gone = set(have) - {r[0] for r in rows}
    for doc_id in [*stale, *gone]:
        session.execute(text("DELETE FROM document_search WHERE document_id = :d"), {"d": doc_id})
    for i in range(0, len(stale), 200):
        batch = stale[i : i + 200]
        params = {f"p{n}": d for n, d in enumerate(batch)}
        names = ", ".join(f":p{n}" for n in range(len(batch)))
        for doc_id, changed, body in session.execute(
            text(f"SELECT id, state_changed_at, text FROM documents WHERE id IN ({names})"),
            params,
        ):
            session.execute(
                text(
                    "INSERT INTO document_search (document_id, version, terms) VALUES (:d, :v, :t)"
                ),
                {"d": doc_id, "v": _version(changed, len(body or "")), "t": index_terms(body)},
            )
    return len(stale) + len(gone)


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH string: every word, each as an OR of its stems (prefix where long)."""
    groups = []
    for alts in query_terms(query):
        parts = []
        for term, prefix in alts:
            quoted = '"' + term.replace('"', '""') + '"'
            parts.append(quoted + ("*" if prefix else ""))
        groups.append("(" + " OR ".join(parts) + ")")
    return " AND ".join(groups) or None


def matching_ids_clause(query: str) -> Any:
    """A SQL fragment selecting the matching document ids (or None when nothing to search)."""
    expr = match_expression(query)
    if expr is None:
        return None
    return text(
        "SELECT document_id FROM document_search WHERE document_search MATCH :q"
    ).bindparams(q=expr)
