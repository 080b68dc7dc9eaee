"""``aspa serve``, ``aspa worker`` and ``aspa db upgrade``."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.errors import ExitCode
from pipeline.settings import Settings

from ._app import app, db_app, load_settings, runtime_and_queue, setup_logging

log = logging.getLogger("aspa")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address.")] = None,
    port: Annotated[int | None, typer.Option(help="Port.")] = None,
    load_samples: Annotated[
        Path | None, typer.Option(help="Process these sample files at start (once).")
    ] = None,
) -> None:
    """Run the HTTP API (and, on the embedded default, the workers) in one process."""
    import uvicorn

    from aspa.app import create_app

    settings = load_settings()
    setup_logging()
    if settings.environment == "development":
        _first_admin(settings, f"http://{host or settings.host}:{port or settings.port}")
    app_ = create_app(settings, load_samples=load_samples)
    # Proxy headers are handled by the app for ASPA_TRUSTED_PROXIES only (uvicorn would trust
    # 127.0.0.1 by default, letting anything on the host spoof X-Forwarded-For).
    uvicorn.run(
        app_,
        host=host or settings.host,
        port=port or settings.port,
        log_level="info",
        proxy_headers=False,
    )


def _first_admin(settings: Settings, url: str) -> None:
    """On a development machine with no users yet, make an admin and print its password once."""
    import secrets

    from sqlalchemy import func, select

    from auth import User, create_user
    from pipeline.db import make_engine, make_session_factory, session_scope

    from ..migrate import upgrade

    engine = make_engine(settings.effective_database_url)
    upgrade(engine)
    with session_scope(make_session_factory(engine)) as s:
        if s.scalar(select(func.count()).select_from(User)):
            return
        password = secrets.token_urlsafe(12)
        create_user(
            s,
            username="admin",
            password=password,
            role="admin",
            language="fi",
            display_name="Administrator",
        )
    engine.dispose()
    typer.echo(
        "\nFirst start: created user 'admin' with password "
        f"{password}\nSign in at {url}/login and add the "
        "real users (aspa users add NAME --role …).\n",
        err=True,
    )


@app.command()
def worker(
    threads: Annotated[int, typer.Option(help="Worker threads in this process.")] = 2,
) -> None:
    """Run pipeline workers against the configured Redis or RabbitMQ broker."""
    import signal
    import threading

    settings = load_settings()
    setup_logging()
    if not settings.broker_url:
        typer.echo(
            "aspa worker needs ASPA_BROKER_URL (redis://… or amqp://…); the embedded "
            "default runs its workers inside `aspa serve`.",
            err=True,
        )
        raise typer.Exit(ExitCode.configuration)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    from .purge import start_scheduled_purge

    beat = settings.worker_heartbeat_file
    with runtime_and_queue(settings) as (rt, queue):
        start_scheduled_purge(rt, settings, stop)
        running = queue.start_worker(threads)
        log.info(
            "worker %d started with %d threads on %s",
            os.getpid(),
            threads,
            settings.broker_url.split("@")[-1],
        )
        # The heartbeat `aspa health --worker` reads: only while every thread is alive.
        while True:
            if all_threads_alive(running):
                beat.parent.mkdir(parents=True, exist_ok=True)
                beat.touch()
            if stop.wait(HEARTBEAT_INTERVAL_S):
                break
        log.info("worker stopping")
    beat.unlink(missing_ok=True)


HEARTBEAT_INTERVAL_S = 10.0


def all_threads_alive(worker: Any) -> bool:
    """Whether a started dramatiq worker still has all its consumer and worker threads."""
    threads = [*worker.consumers.values(), *worker.workers]
    return bool(threads) and all(t.is_alive() for t in threads)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the newest version."""
    from pipeline.db import make_engine

    from ..migrate import upgrade

    settings = load_settings()
    engine = make_engine(settings.effective_database_url)
    upgrade(engine)
    typer.echo("database schema is up to date", err=True)
