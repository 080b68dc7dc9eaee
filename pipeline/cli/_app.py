"""The ``aspa`` Typer application and what its commands share (settings, logging, runtime)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer

from ..errors import ExitCode
from ..settings import Settings

app = typer.Typer(
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
    for noisy in ("dramatiq", "pika", "urllib3", "httpx", "alembic", "pdfminer"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from ..masking import install_log_masking

    install_log_masking()  # identity codes never reach a log unmasked, tracebacks included


def load_settings() -> Settings:
    try:
        return Settings()
    except ValueError as e:
        typer.echo(f"aspa: configuration error: {e}", err=True)
        raise typer.Exit(ExitCode.configuration) from None


@contextmanager
def runtime_and_queue(
    settings: Settings, *, worker_threads: int | None = None, migrate: bool = True
) -> Iterator[Any]:
    from ..migrate import upgrade
    from ..queue import recover, setup_queue
    from ..runtime import build_runtime

    rt = build_runtime(settings)
    if migrate:
        upgrade(rt.engine)
    queue = setup_queue(rt, settings.broker_url)
    if queue.embedded and worker_threads:
        queue.start_worker(worker_threads)
        recover(queue)
    try:
        yield rt, queue
    finally:
        queue.stop()
        rt.engine.dispose()
