"""The ``aspa`` Typer application and what its commands share (settings, logging, runtime)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer
from typer._click.globals import get_current_context

from pipeline.errors import ExitCode
from pipeline.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

from ._lazy import RootGroup

app = typer.Typer(
    cls=RootGroup,
    name="aspa",
    help="aspa-docflow: scanned forms in, searchable PDFs to the right authority, fees billed.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")

log = logging.getLogger("aspa")


def setup_logging(verbose: bool = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("dramatiq", "pika", "urllib3", "httpx", "alembic", "pdfminer", "pikepdf"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from pipeline.masking import install_log_masking

    install_log_masking()  # identity codes never reach a log unmasked, tracebacks included


def load_settings() -> Settings:
    """The settings of this invocation of ``aspa``: read once from the environment, then shared.

    Every command and every plug-in's command group gets its settings (or what is derived from
    them) from here; nothing below the composition root reads the environment.
    """
    ctx = get_current_context(silent=True)
    meta = ctx.find_root().meta if ctx is not None else {}
    settings: Settings | None = meta.get("aspa.settings")
    if settings is None:
        try:
            settings = Settings()
        except ValueError as e:
            typer.echo(f"aspa: configuration error: {e}", err=True)
            raise typer.Exit(ExitCode.configuration) from None
        meta["aspa.settings"] = settings
    return settings


def session_factory() -> sessionmaker[Session]:
    """Sessions on the configured database (for the plug-ins' command groups)."""
    from pipeline.db import make_engine, make_session_factory

    return make_session_factory(make_engine(load_settings().effective_database_url))


@contextmanager
def runtime_and_queue(
    settings: Settings, *, worker_threads: int | None = None, migrate: bool = True
) -> Iterator[Any]:
    from pipeline.queue import recover, setup_queue
    from pipeline.retry import patiently

    from ..bootstrap import build_runtime
    from ..migrate import upgrade

    rt = build_runtime(settings)
    if migrate:
        # A worker (re)started while the database is down waits for it instead of exiting.
        patiently(lambda: upgrade(rt.engine), within_s=settings.retry_give_up_after_s)
    queue = setup_queue(rt, settings.broker_url)
    if queue.embedded and worker_threads:
        queue.start_worker(worker_threads)
        recover(queue)
    try:
        yield rt, queue
    finally:
        queue.stop()
        rt.engine.dispose()
