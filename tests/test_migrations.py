"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, create_engine, inspect

from aspa.migrate import alembic_config, upgrade
from aspa.schema import include_name, metadata
from pipeline.db import make_engine


def _diff(url: str) -> list[object]:
    engine = make_engine(url)
    upgrade(engine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": include_name}
        )
        diff = compare_metadata(ctx, metadata)
    engine.dispose()
    return list(diff)


def test_sqlite_schema_matches_the_models(tmp_path: Path) -> None:
    assert _diff(f"sqlite:///{tmp_path / 'm.sqlite3'}") == []


@pytest.mark.postgres
def test_postgresql_schema_matches_the_models(fresh_pg_database: str) -> None:
    assert _diff(fresh_pg_database) == []


@pytest.mark.postgres
def test_downgrade_to_base_and_up_again(fresh_pg_database: str) -> None:
    from alembic import command

    engine = make_engine(fresh_pg_database)
    upgrade(engine)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert set(inspect(create_engine(fresh_pg_database)).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert "documents" in inspect(engine).get_table_names()
    engine.dispose()


def test_the_audit_trail_cannot_be_edited(tmp_path: Path) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    engine = make_engine(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_events (at, actor, action, details) "
                "VALUES ('2026-11-29 10:00:00', 'x', 'viewed', '{}')"
            )
        )
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET actor = 'y'"))
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events"))
    engine.dispose()


def _old_documents(conn: Connection, state: str, *doc_ids: str) -> None:
    """One submission and its documents, written with the columns every revision has."""
    from sqlalchemy import text

    conn.execute(
        text(
            "INSERT INTO submissions (id, channel, service_point, received_at, sha256, "
            "size_bytes, blob_key, quarantined, meta) VALUES ('s1', 'upload', 'p', "
            "'2026-01-01 00:00:00', 'x', 1, 'k', 0, '{}')"
        )
    )
    for doc in doc_ids:
        conn.execute(
            text(
                "INSERT INTO documents (id, submission_id, part, state, state_changed_at, "
                f"created_at, pages, fields, attempts) VALUES ('{doc}', 's1', 1, '{state}', "
                "'2026-01-01 00:00:00', '2026-01-01 00:00:00', '[]', '[]', 0)"
            )
        )


def test_delivery_rounds_migration_keeps_existing_deliveries(tmp_path: Path) -> None:
    """0004: existing deliveries become round 1; acknowledged ones move to 'acknowledged'."""
    from sqlalchemy import text

    engine = make_engine(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    upgrade(engine, "0003")
    with engine.begin() as c:
        _old_documents(c, "delivered", "d1")
        for i, acked in ((1, "'2026-01-02 00:00:00'"), (2, "NULL")):
            c.execute(
                text(
                    "INSERT INTO deliveries (id, document_id, authority, connector, state, "
                    f"attempts, created_at, acknowledged_at) VALUES ('x{i}', 'd1', 'kela', "
                    f"'c{i}', 'delivered', 1, '2026-01-01 00:00:00', {acked})"
                )
            )
    upgrade(engine)
    with engine.connect() as c:
        rows = c.execute(text("SELECT id, state, round_no FROM deliveries ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [("x1", "acknowledged", 1), ("x2", "delivered", 1)]
    engine.dispose()


def test_purged_at_migration_carries_over_earlier_purges(tmp_path: Path) -> None:
    """0007: a document with a ``purged`` audit row gets ``purged_at``; the others stay due."""
    from sqlalchemy import text

    engine = make_engine(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    upgrade(engine, "0006_i14_search")
    with engine.begin() as c:
        _old_documents(c, "rejected", "d1", "d2")
        for at in ("2026-05-01 00:00:00", "2026-05-02 00:00:00"):  # a racing pair of old purges
            c.execute(
                text(
                    "INSERT INTO audit_events (at, actor, action, document_id, details) "
                    f"VALUES ('{at}', 'system', 'purged', 'd1', '{{}}')"
                )
            )
    upgrade(engine)
    with engine.connect() as c:
        rows = c.execute(text("SELECT id, purged_at FROM documents ORDER BY id")).all()
    assert [(r[0], str(r[1])[:10] if r[1] else None) for r in rows] == [
        ("d1", "2026-05-01"),
        ("d2", None),
    ]
    engine.dispose()
