"""The ``aspa`` command.

One exception handler turns :class:`~pipeline.errors.AspaError` into a message and an exit code;
bad input never produces a traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from .errors import AspaError, ExitCode
from .settings import Settings

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


def _setup_logging(verbose: bool = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("dramatiq", "pika", "urllib3", "httpx", "alembic", "pdfminer"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _settings() -> Settings:
    try:
        return Settings()
    except ValueError as e:
        typer.echo(f"aspa: configuration error: {e}", err=True)
        raise typer.Exit(ExitCode.configuration) from None


@contextmanager
def _runtime_and_queue(
    settings: Settings, *, worker_threads: int | None = None, migrate: bool = True
) -> Iterator[Any]:
    from .migrate import upgrade
    from .queue import recover, setup_queue
    from .runtime import build_runtime

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


def _expand(paths: list[Path]) -> Iterator[Path]:
    for p in paths:
        if p.is_dir():
            yield from sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            yield p


@app.command()
def process(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to process.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per document.")] = False,
    service_point: Annotated[str | None, typer.Option(help="Service point id.")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for all outcomes.")] = 1800,
    text: Annotated[bool, typer.Option(help="Include the OCR text in JSON.")] = True,
    split: Annotated[
        bool, typer.Option(help="Split multi-page batches at separator sheets and form starts.")
    ] = False,
) -> None:
    """Run files through the whole pipeline and wait for each document's outcome."""
    from .queue import wait_for
    from .service import Outcome, describe, submit_any

    settings = _settings()
    _setup_logging()
    logging.getLogger("pipeline").setLevel(logging.WARNING)
    point = service_point or settings.default_service_point
    usage_problem = False
    files = list(_expand(paths))
    with _runtime_and_queue(settings, worker_threads=settings.embedded_workers) as (rt, queue):
        items: list[Outcome] = []
        for path in files:
            if not path.is_file():
                usage_problem = True
                items.append(
                    Outcome(
                        str(path),
                        path.name,
                        None,
                        error={"code": "not_found", "message": "No such file. Check the path."},
                    )
                )
                continue
            items.extend(
                submit_any(
                    queue,
                    path,
                    source=str(path),
                    filename=path.name,
                    channel="cli",
                    service_point=point,
                    split=split,
                )
            )
        all_ids = [d for it in items for d in it.document_ids]

        tty = sys.stderr.isatty()

        def progress(done: int, total: int) -> None:
            # On a terminal one line counts up; in a log each step is its own line.
            if tty:
                typer.echo(f"\r{done}/{total} documents done", err=True, nl=done == total)
            elif not as_json:
                typer.echo(f"{done}/{total} documents done", err=True)

        wait_for(rt, all_ids, timeout_s=timeout, progress=progress if all_ids else None)
        for it in items:
            if not it.document_ids:
                _emit(
                    as_json,
                    {
                        "source": it.source,
                        "document_id": None,
                        "status": "rejected",
                        "authority": None,
                        "service": None,
                        "confidence": None,
                        "language": None,
                        "pages": None,
                        "text": "",
                        "error": it.error,
                        "duplicate_of": None,
                    },
                )
            for doc_id in it.document_ids:
                view = describe(rt, doc_id, with_text=text)
                _emit(as_json, {"source": it.source, **view, "duplicate_of": it.duplicate_of})
    raise typer.Exit(ExitCode.usage if usage_problem else ExitCode.ok)


def _emit(as_json: bool, line: dict[str, Any]) -> None:
    if as_json:
        typer.echo(json.dumps(line, ensure_ascii=False))
        return
    status = line.get("status")
    where = (
        f"{line.get('authority')} / {line.get('service')} ({line.get('confidence')})"
        if line.get("authority")
        else ""
    )
    err = line.get("error") or {}
    detail = f"{err.get('code')}: {err.get('message')}" if err else where
    typer.echo(f"{line['source']}\t{status}\t{detail}")


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

    from api.app import create_app

    settings = _settings()
    _setup_logging()
    if settings.environment == "development":
        _first_admin(settings, f"http://{host or settings.host}:{port or settings.port}")
    app_ = create_app(settings, load_samples=load_samples)
    uvicorn.run(app_, host=host or settings.host, port=port or settings.port, log_level="info")


def _first_admin(settings: Settings, url: str) -> None:
    """On a development machine with no users yet, make an admin and print its password once."""
    import secrets

    from sqlalchemy import func, select

    from api.auth import User, create_user

    from .db import make_engine, make_session_factory, session_scope
    from .migrate import upgrade

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

    settings = _settings()
    _setup_logging()
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
    with _runtime_and_queue(settings) as (_rt, queue):
        queue.start_worker(threads)
        log.info(
            "worker started with %d threads on %s", threads, settings.broker_url.split("@")[-1]
        )
        stop.wait()
        log.info("worker stopping")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the newest version."""
    from .db import make_engine
    from .migrate import upgrade

    settings = _settings()
    engine = make_engine(settings.effective_database_url)
    upgrade(engine)
    typer.echo("database schema is up to date", err=True)


def _mount_optional(module: str, name: str, help_: str) -> None:
    import importlib

    try:
        sub = importlib.import_module(module)
    except ModuleNotFoundError as e:
        if e.name and module.startswith(e.name):
            return
        raise
    app.add_typer(sub.app, name=name, help=help_)


deliveries_app = typer.Typer(help="Deliveries, retries and dead letters.", no_args_is_help=True)
app.add_typer(deliveries_app, name="deliveries")


@deliveries_app.command("list")
def deliveries_list(
    state: Annotated[
        str | None, typer.Option(help="pending|retrying|delivered|dead|returned")
    ] = None,
    authority: Annotated[str | None, typer.Option(help="Only this provider.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    limit: int = 200,
) -> None:
    """List deliveries, newest first (``--state dead`` for dead letters)."""
    from .deliveries import list_deliveries

    with _runtime_and_queue(_settings()) as (rt, _queue):
        rows = list_deliveries(rt, state=state, authority=authority, limit=limit)
    for r in rows:
        if as_json:
            typer.echo(json.dumps(r, ensure_ascii=False))
        else:
            err = r["error"]["code"] if r["error"] else ""
            typer.echo(
                f"{r['id']}  {r['state']:<9} {r['authority']:<10} {r['connector']:<12} "
                f"attempts={r['attempts']} {err}"
            )
    if not rows and not as_json:
        typer.echo("no deliveries", err=True)


@deliveries_app.command("retry")
def deliveries_retry(
    delivery_id: Annotated[str | None, typer.Argument(help="The delivery to requeue.")] = None,
    dead: Annotated[bool, typer.Option("--dead", help="Requeue every dead letter.")] = False,
    wait: Annotated[
        bool, typer.Option(help="On the embedded default, wait for the outcome.")
    ] = True,
) -> None:
    """Requeue one delivery, or all dead letters with ``--dead``."""
    from .deliveries import retry_dead, retry_delivery
    from .queue import wait_for

    if bool(delivery_id) == dead:
        typer.echo("Give a delivery id or --dead (not both).", err=True)
        raise typer.Exit(ExitCode.usage)
    settings = _settings()
    _setup_logging()
    with _runtime_and_queue(settings, worker_threads=settings.embedded_workers) as (rt, queue):
        ids = (
            retry_dead(queue, actor="cli")
            if dead
            else [
                retry_delivery(queue, delivery_id, actor="cli")["id"]  # type: ignore[arg-type]
            ]
        )
        typer.echo(f"requeued {len(ids)} deliveries", err=True)
        if queue.embedded and wait and ids:
            from .db import session_scope
            from .deliveries import list_deliveries
            from .models import Delivery

            with session_scope(rt.session_factory) as s:
                docs = [s.get(Delivery, i).document_id for i in ids]  # type: ignore[union-attr]
            wait_for(rt, docs, timeout_s=600)
            for r in list_deliveries(rt, limit=1000):
                if r["id"] in ids:
                    typer.echo(f"{r['id']}  {r['state']}")


@app.command()
def bench(
    pages: Annotated[int, typer.Option(help="OCR: number of sample pages.")] = 6,
    documents: Annotated[int, typer.Option(help="Classification: documents to time.")] = 500,
    deliveries: Annotated[int, typer.Option(help="Connectors: deliveries per connector.")] = 200,
    billing: Annotated[
        bool, typer.Option("--billing", help="Also settle 1M events on PostgreSQL.")
    ] = False,
    billing_url: Annotated[
        str, typer.Option(help="PostgreSQL URL for --billing.")
    ] = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    only: Annotated[str | None, typer.Option(help="ocr|classify|connectors|billing")] = None,
) -> None:
    """Measure side by side and print rates and ratios (not a test)."""
    from .bench import run_benchmarks

    settings = _settings()
    _setup_logging()
    run_benchmarks(
        settings,
        pages=pages,
        documents=documents,
        deliveries=deliveries,
        billing=billing,
        billing_url=billing_url,
        only=only,
        echo=typer.echo,
    )


@app.command()
def train(
    seed: Annotated[int, typer.Option(help="Random seed (training is reproducible).")] = 0,
    if_missing: Annotated[
        bool, typer.Option("--if-missing", help="Only when no model is active yet.")
    ] = False,
    corrections: Annotated[
        bool, typer.Option(help="Include people's confirmations and corrections.")
    ] = True,
) -> None:
    """Train the classification model from the corpus (and corrections); activate it only if
    it is not worse on the fixed test split."""
    from classifiers.cli import cmd_train
    from classifiers.dataset import DEFAULT_CORPUS

    settings = _settings()
    feedback = settings.data_dir / "feedback"
    outcome = cmd_train(
        corpus_dir=DEFAULT_CORPUS,
        models_dir=settings.effective_model_dir,
        seed=seed,
        if_missing=if_missing,
        feedback_dir=feedback if corrections and feedback.is_dir() else None,
    )
    typer.echo(outcome.format())


@app.command("eval")
def evaluate(
    ocr: Annotated[
        bool, typer.Option("--ocr", help="Render the texts as scans and read them by OCR.")
    ] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many documents.")] = None,
    split: Annotated[str, typer.Option(help="test | dev | handwritten")] = "test",
) -> None:
    """Per-service precision, recall and F1, authority accuracy, confusions, straight-through."""
    from classifiers.cli import cmd_eval
    from classifiers.dataset import DEFAULT_CORPUS
    from classifiers.ocr_eval import pipeline_ocr

    from .ocr import OcrContext, ocr_document

    settings = _settings()
    ctx = OcrContext(
        languages=settings.ocr_languages,
        dpi=settings.ocr_dpi,
        workers=settings.ocr_workers,
        timeout_seconds=settings.ocr_timeout_seconds,
    )
    typer.echo(
        cmd_eval(
            corpus_dir=DEFAULT_CORPUS,
            models_dir=settings.effective_model_dir,
            ocr=ocr,
            limit=limit,
            split=split,
            min_confidence=settings.review_threshold,
            ocr_function=pipeline_ocr(ocr_document, ctx) if ocr else None,
        )
    )


_mount_optional("classifiers.cli", "model", "The classification model: bench, rollback, activate.")
_mount_optional("billing.cli", "billing", "Billing ledger, settlement and reconciliation.")
_mount_optional("channels.cli", "channels", "Intake channels: IMAP mailboxes and hot folders.")


def _channels_submitter() -> Any:
    """The pipeline behind ``aspa channels``: embedded workers run in this process."""
    from .migrate import upgrade
    from .queue import recover, setup_queue
    from .runtime import build_runtime
    from .submitter import QueueSubmitter

    settings = _settings()
    rt = build_runtime(settings)
    upgrade(rt.engine)
    queue = setup_queue(rt, settings.broker_url)
    if queue.embedded:
        queue.start_worker(settings.embedded_workers)
        recover(queue)
    return QueueSubmitter(queue, submitted_by="channels")


def _wire_channels() -> None:
    from channels import cli as channels_cli

    channels_cli.configure(_channels_submitter)
    app.command("separator", help="Print a batch separator sheet (PDF with a QR code).")(
        channels_cli.separator
    )


_wire_channels()
_mount_optional("api.auth.cli", "users", "Users, roles and API tokens.")


def main() -> None:
    """Entry point of the ``aspa`` console script."""
    try:
        app()
    except AspaError as err:
        typer.echo(f"aspa: {err.code}: {err.message}", err=True)
        sys.exit(int(err.exit_code))


if __name__ == "__main__":
    main()
