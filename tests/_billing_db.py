"""Database fixtures for the billing tests: every test runs on SQLite and on PostgreSQL.

PostgreSQL gets one scratch database per test session (``aspa_test_<random>``, created through
the ``postgres`` maintenance database on 127.0.0.1 and dropped at the end); each test starts
from empty tables. A test module uses them with ``pytest_plugins = ("_billing_db",)``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

# Every other package's tables too (users, channels): other test modules register them later,
# and TRUNCATE below names every table of the metadata.
import aspa.schema  # noqa: F401
import billing.models  # noqa: F401 - registers the billing tables
from pipeline.db import Base, make_engine, make_session_factory

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _pg_available() -> bool:
    try:
        eng = create_engine(PG_ADMIN_URL)
        with eng.connect():
            pass
        eng.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    if not _pg_available():
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not available")
    name = f"aspa_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    eng = make_engine(url)
    Base.metadata.create_all(eng)
    eng.dispose()
    try:
        yield url
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def billing_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("billing") / "test.sqlite3"
        eng = make_engine(f"sqlite:///{path}")
        Base.metadata.create_all(eng)
        yield eng
        eng.dispose()
        return
    url = request.getfixturevalue("pg_url")
    eng = make_engine(url)
    with eng.begin() as c:
        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        c.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    yield eng
    eng.dispose()


@pytest.fixture
def session_factory(billing_engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(billing_engine)


@pytest.fixture
def db(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    session = session_factory()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


def add_document(session: Session, document_id: str, *, service_point: str = "mikkeli") -> str:
    """A submission and a document row, so that events and deliveries can reference it."""
    from pipeline.models import Document, Submission

    sub_id = f"s-{document_id}"[:32]
    session.add(
        Submission(
            id=sub_id,
            channel="cli",
            service_point=service_point,
            sha256="0" * 64,
            size_bytes=1,
            blob_key=f"blob/{document_id}",
        )
    )
    session.flush()
    session.add(Document(id=document_id, submission_id=sub_id))
    session.flush()
    return document_id
