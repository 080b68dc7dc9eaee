"""Full-text search on SQLite: an FTS5 table of stems, kept in step with the documents lazily.

The table is a derived index (``document_search``, with its mark in
``document_search_state``), created on first use and brought up to date before each search
from the documents whose state changed since the last look (the OCR stage sets the text and
moves the state, so ``state_changed_at`` is the version). Every process that searches keeps it
current; nothing in the pipeline has to know about it.
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

STATE_DDL = "CREATE TABLE IF NOT EXISTS document_search_state (key TEXT PRIMARY KEY, value TEXT)"
INSERT = "INSERT INTO document_search (document_id, version, terms) VALUES (:d, :v, :t)"
MATCH = "SELECT document_id FROM document_search WHERE document_search MATCH :q"


def _version(changed: Any, length: Any) -> str:
    return f"{changed}|{length}"


def sync(session: Session) -> int:
    """Index what changed; returns how many documents were (re)indexed or dropped.

    Only documents whose ``state_changed_at`` is at or after the last one seen are looked at
    (the mark is kept in ``document_search_state``); when the number of documents with text no
    longer matches the index (a purge emptied a text), every version is compared once.
    """
    session.execute(text(DDL))
    session.execute(text(STATE_DDL))
    mark = session.scalar(text("SELECT value FROM document_search_state WHERE key = 'mark'"))
    indexed = session.scalar(text("SELECT count(*) FROM document_search")) or 0
    with_text = session.scalar(text("SELECT count(*) FROM documents WHERE text IS NOT NULL")) or 0
    full = mark is None or indexed != with_text
    where = "" if full else " WHERE state_changed_at >= :mark"
    rows = session.execute(
        text(f"SELECT id, state_changed_at, length(text) FROM documents{where}"),
        {} if full else {"mark": mark},
    ).all()
    ids = [r[0] for r in rows]
    have: dict[str, str] = {}
    if full:
        have = {
            r[0]: r[1]
            for r in session.execute(text("SELECT document_id, version FROM document_search"))
        }
    else:
        for i in range(0, len(ids), 500):
            params, names = _in(ids[i : i + 500])
            have.update(
                (r[0], r[1])
                for r in session.execute(
                    text(f"SELECT document_id, version FROM document_search "
                         f"WHERE document_id IN ({names})"),
                    params,
                )
            )  # fmt: skip
    live = {r[0]: r for r in rows if r[2] is not None}
    stale = [d for d, r in live.items() if have.get(d) != _version(r[1], r[2])]
    gone = [d for d in have if d not in live and (full or d in ids)]
    for doc_id in [*stale, *gone]:
        session.execute(text("DELETE FROM document_search WHERE document_id = :d"), {"d": doc_id})
    for i in range(0, len(stale), 200):
        params, names = _in(stale[i : i + 200])
        for doc_id, changed, body in session.execute(
            text(f"SELECT id, state_changed_at, text FROM documents WHERE id IN ({names})"),
            params,
        ):
            session.execute(
                text(INSERT),
                {"d": doc_id, "v": _version(changed, len(body or "")), "t": index_terms(body)},
            )
    newest = max((str(r[1]) for r in rows), default=mark)
    if newest is not None:
        session.execute(
            text("INSERT OR REPLACE INTO document_search_state (key, value) VALUES ('mark', :v)"),
            {"v": newest},
        )
    return len(stale) + len(gone)


def _in(values: list[str]) -> tuple[dict[str, str], str]:
    params = {f"p{n}": v for n, v in enumerate(values)}
    return params, ", ".join(f":p{n}" for n in range(len(values))) or "NULL"


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
