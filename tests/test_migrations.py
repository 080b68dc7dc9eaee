"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, Engine, create_engine, inspect, text

from aspa.migrate import HEAD, alembic_config, run_migrations, upgrade
from aspa.schema import include_name, metadata
from pipeline.db import make_engine


def _diff(url: str, *, migrate: bool = True) -> list[object]:
    engine = make_engine(url)
    if migrate:
        run_migrations(engine)
    else:
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
    assert _diff(f"sqlite:///{tmp_path / 'c.sqlite3'}", migrate=False) == []


@pytest.mark.postgres
def test_postgresql_schema_matches_the_models(fresh_pg_database: str) -> None:
    assert _diff(fresh_pg_database) == []


def _schema(engine: Engine) -> dict[str, object]:
    """Everything of a schema a program can see: tables, columns (name, type, null, default),
    keys, indexes, constraints, triggers (with their SQL), stored version, PostgreSQL's index
    definitions and trigger functions. Column order is left out (``create_all`` follows the
    models, migrations append added columns); nothing here reads columns by position."""
    insp = inspect(engine)
    out: dict[str, object] = {}
    for table in sorted(insp.get_table_names()):
        out[table] = {
            "columns": sorted(
                (c["name"], str(c["type"]), c["nullable"], str(c.get("default")))
                for c in insp.get_columns(table)
            ),
            "pk": insp.get_pk_constraint(table)["constrained_columns"],
            "fks": sorted(
                (
                    tuple(f["constrained_columns"]),
                    f["referred_table"],
                    tuple(f["referred_columns"]),
                    str(f.get("options")),
                )
                for f in insp.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in insp.get_indexes(table)
            ),
            "uniques": sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(table)),
            "checks": sorted(str(c["sqltext"]) for c in insp.get_check_constraints(table)),
        }
    with engine.connect() as conn:
        out["alembic_version"] = [
            r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))
        ]
        if engine.dialect.name == "sqlite":
            out["triggers"] = sorted(
                tuple(r)
                for r in conn.execute(
                    text("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
                )
            )
        else:
            out["triggers"] = sorted(
                tuple(r)
                for r in conn.execute(
                    text(
                        "SELECT tgname, tgrelid::regclass::text, pg_get_triggerdef(oid) "
                        "FROM pg_trigger WHERE NOT tgisinternal"
                    )
                )
            )
            out["pg_indexes"] = sorted(
                tuple(r)
                for r in conn.execute(
                    text(
                        "SELECT tablename, indexname, indexdef FROM pg_indexes "
                        "WHERE schemaname = 'public'"
                    )
                )
            )
            out["functions"] = sorted(
                tuple(r)
                for r in conn.execute(
                    text(
                        "SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p "
                        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
                    )
                )
            )
    return out


def _created_and_migrated(created_url: str, migrated_url: str) -> tuple[object, object]:
    created, migrated = make_engine(created_url), make_engine(migrated_url)
    upgrade(created)  # empty database: create_all + what the migrations add + stamp
    run_migrations(migrated)  # 0001 .. head, one by one
    try:
        return _schema(created), _schema(migrated)
    finally:
        created.dispose()
        migrated.dispose()


def test_a_fresh_sqlite_database_gets_exactly_the_migrated_schema(tmp_path: Path) -> None:
    created, migrated = _created_and_migrated(
        f"sqlite:///{tmp_path / 'c.sqlite3'}", f"sqlite:///{tmp_path / 'm.sqlite3'}"
    )
    assert created == migrated
    assert migrated["alembic_version"] == [HEAD]  # type: ignore[index]
    assert len(migrated["triggers"]) == 6  # type: ignore[arg-type]  # 3 tables x update/delete


@pytest.mark.postgres
def test_a_fresh_postgresql_database_gets_exactly_the_migrated_schema(
    fresh_pg_database: str,
) -> None:
    from tests.conftest import _fresh_pg_database

    with _fresh_pg_database() as other:
        created, migrated = _created_and_migrated(fresh_pg_database, other)
    assert created == migrated
    assert any("ix_documents_fulltext" in str(i) for i in migrated["pg_indexes"])  # type: ignore[attr-defined]
    assert len(migrated["triggers"]) == 3  # type: ignore[arg-type]


def test_head_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(alembic_config()).get_heads() == [HEAD]


def test_upgrade_at_head_or_fresh_imports_no_alembic(tmp_path: Path) -> None:
    """A fresh data folder and one already at head are set up without importing Alembic;
    an older database is still migrated by it."""
    import subprocess
    import sys

    child = (
        "import sys; from aspa.migrate import upgrade; from pipeline.db import make_engine; "
        "upgrade(make_engine(sys.argv[1])); print('alembic' in sys.modules)"
    )
    url = f"sqlite:///{tmp_path / 'f.sqlite3'}"
    for _ in ("fresh", "at head"):
        out = subprocess.run(
            [sys.executable, "-c", child, url], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == "False"
    old = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    run_migrations(old, "0005_i10b_claims_and_retries")
    old.dispose()
    out = subprocess.run(
        [sys.executable, "-c", child, f"sqlite:///{tmp_path / 'old.sqlite3'}"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "True"
    old = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    with old.connect() as c:
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    old.dispose()


@pytest.mark.postgres
def test_downgrade_to_base_and_up_again(fresh_pg_database: str) -> None:
    from alembic import command

    engine = make_engine(fresh_pg_database)
    run_migrations(engine)
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
