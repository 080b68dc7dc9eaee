"""Shared fixtures: settings in a temp data dir, runtimes on SQLite or PostgreSQL, samples."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
PG_ADMIN_URL = os.environ.get(
    "ASPA_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
# Under ``pytest -n`` (``make test``: one worker per core, a test file per worker at a time)
# every worker has a Redis database of its own (15, 14, ...); the RabbitMQ vhost is shared, so
# a test that uses it asks for the ``amqp_url`` fixture.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
_REDIS = os.environ.get("ASPA_TEST_REDIS", "redis://127.0.0.1:6379/15")
REDIS_URL = f"{_REDIS.rsplit('/', 1)[0]}/{max(int(_REDIS.rsplit('/', 1)[1]) - _WORKER, 0)}"
AMQP_URL = os.environ.get("ASPA_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672/%2F")


@pytest.fixture
def amqp_url() -> Iterator[str]:
    """The RabbitMQ vhost's URL, for this test alone among the pytest workers (a file lock)."""
    import fcntl
    import hashlib
    import tempfile

    name = hashlib.sha256(AMQP_URL.encode()).hexdigest()[:12]
    with open(Path(tempfile.gettempdir()) / f"aspa-test-rabbitmq-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield AMQP_URL
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(autouse=True)
def _no_outage_met() -> None:
    """Each test starts in a process that has met no outage (``pipeline.retry``'s memory of
    one makes a lapsed claim wait for its runner)."""
    from pipeline.retry import forget_outages

    forget_outages()


@pytest.fixture
def resources() -> Path:
    """The committed sample files (see samples/README.md)."""
    return SAMPLES


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    from pipeline.settings import Settings

    return Settings(data_dir=tmp_path / "var", environment="test", ocr_workers=2, _env_file=None)  # type: ignore[call-arg]


def runtime_on(request: pytest.FixtureRequest, settings, database: str):  # type: ignore[no-untyped-def]
    """A migrated runtime on the embedded SQLite or (``database="postgresql"``) on a
    PostgreSQL database of the test's own; disposed of at the test's end."""
    from aspa.bootstrap import build_runtime
    from aspa.migrate import upgrade

    if database == "postgresql":
        url = request.getfixturevalue("fresh_pg_database")
        settings = settings.model_copy(update={"database_url": url})
    rt = build_runtime(settings)
    upgrade(rt.engine)
    request.addfinalizer(rt.engine.dispose)
    return rt


@pytest.fixture
def runtime(request: pytest.FixtureRequest, settings):  # type: ignore[no-untyped-def]
    return runtime_on(request, settings, "sqlite")


@pytest.fixture(scope="session")
def trained_models() -> Path:
    """A models folder whose active model is the small test model (trained once per session)."""
    from classifiers.registry import ModelRegistry
    from classifiers.testing import small_model

    info = small_model()
    root = info.path.parent
    ModelRegistry(root).activate(info.version)
    return root


@pytest.fixture
def queue(runtime):  # type: ignore[no-untyped-def]
    """An in-process broker with a running worker (the embedded default)."""
    from pipeline.queue import setup_queue

    q = setup_queue(runtime, "")
    q.start_worker(2)
    yield q
    q.stop()


@contextlib.contextmanager
def _fresh_pg_database() -> Iterator[str]:
    import sqlalchemy

    name = f"aspa_test_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sqlalchemy.exc.OperationalError as e:
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {type(e).__name__}")
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        admin.dispose()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A PostgreSQL database for this test session, dropped at the end."""
    with _fresh_pg_database() as url:
        yield url


@pytest.fixture
def fresh_pg_database() -> Iterator[str]:
    """A PostgreSQL database of this test's own, dropped after it."""
    with _fresh_pg_database() as url:
        yield url


from tests.servers import s3_server, smtp_server, webhook_server  # noqa: E402,F401 (shared fixtures)
