"""Bringing the database to the newest schema (``aspa db upgrade``, start-up, tests).

Every command that touches the database starts here, so the common cases skip Alembic
altogether (importing it, with Mako and Pygments under it, and running the seven migrations
one by one cost ~0.6 s of CPU per command):

* **at the head revision already**: one query of ``alembic_version``; nothing to do.
* **an empty database** (a fresh data folder): the tables are created from the models
  (``metadata.create_all``), then what the migrations add beside the models (the append-only
  triggers of 0002, the PostgreSQL full-text index of 0006), and the version table is stamped
  with the head revision: the Alembic cookbook's "create_all + stamp head" for new databases.
  ``tests/test_migrations.py`` checks that this schema equals the migrated one.
* anything else (an older revision, a revision given explicitly): Alembic's ``upgrade``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")

#: The newest revision in ``migrations/versions`` (a test checks it is Alembic's head).
HEAD = "0009_delivery_takeovers"

#: The tables whose rows may only be added (migration 0002); the billing tables get their
#: triggers from ``create_all`` itself (``billing.models``), the audit trail from here.
APPEND_ONLY = ("billable_events", "reconciliation_notes", "audit_events")

#: Migration 0006: PostgreSQL full-text index on an expression the models cannot describe.
FULLTEXT_INDEX_PG = (
    "CREATE INDEX IF NOT EXISTS ix_documents_fulltext ON documents USING gin "
    "((to_tsvector('finnish', coalesce(text, '')) || to_tsvector('swedish', coalesce(text, ''))))"
)


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the database at ``engine`` to the newest schema (or to ``revision``)."""
    if revision in ("head", "heads"):
        with engine.begin() as conn:
            state = _state(conn)
            if state == "head":
                return
            if state == "empty":
                create_schema(conn)
                return
    run_migrations(engine, revision)


def run_migrations(engine: Engine, revision: str = "heads") -> None:
    """Alembic's ``upgrade`` to ``revision``, migration by migration (tests use it directly)."""
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _state(conn: Connection) -> str:
    """``head``, ``empty`` (no table at all) or ``other`` (let Alembic decide)."""
    tables = set(inspect(conn).get_table_names())
    if not tables:
        return "empty"
    if "alembic_version" not in tables:
        return "other"
    versions = {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}
    return "head" if versions == {HEAD} else "other"


def create_schema(conn: Connection) -> None:
    """The head schema on an empty database, stamped with :data:`HEAD` (one transaction)."""
    from billing.models import (
        APPEND_ONLY_FUNCTION_PG,
        APPEND_ONLY_TABLES,
        APPEND_ONLY_TRIGGER_PG,
        APPEND_ONLY_TRIGGERS_SQLITE,
    )

    from .schema import metadata

    metadata.create_all(conn)
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.exec_driver_sql(APPEND_ONLY_FUNCTION_PG)
    for table in APPEND_ONLY:
        if table in APPEND_ONLY_TABLES:
            continue  # created by create_all's after_create hook
        if dialect == "postgresql":
            conn.exec_driver_sql(APPEND_ONLY_TRIGGER_PG.format(table=table))
        elif dialect == "sqlite":
            for ddl in APPEND_ONLY_TRIGGERS_SQLITE:
                conn.exec_driver_sql(ddl.format(table=table))
    if dialect == "postgresql":
        conn.exec_driver_sql(FULLTEXT_INDEX_PG)
    # The table Alembic's stamp makes (alembic.runtime.migration: version_num, its key).
    conn.exec_driver_sql(
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
        "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
    )
    conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": HEAD})
