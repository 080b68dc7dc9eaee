"""``aspa purge``: retention of documents and corrections (also scheduled in serve and worker)."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline.settings import Settings

from ._app import app, load_settings, setup_logging

if TYPE_CHECKING:  # the database layer loads only when a purge runs, not for `aspa --help`
    from pipeline.retention import PurgeReport, RetentionPolicy
    from pipeline.runtime import Runtime


def policy_of(settings: Settings) -> RetentionPolicy:
    from pipeline.retention import RetentionPolicy

    return RetentionPolicy.parse(settings.retention_days, settings.retention_days_by_authority)


def purge_all(rt: Runtime, settings: Settings, *, dry_run: bool, actor: str) -> PurgeReport:
    """Purge due documents and old corrections (see :mod:`pipeline.retention`)."""
    from classifiers.feedback import purge_corrections
    from pipeline.db import utcnow
    from pipeline.retention import PurgeReport, purge_documents

    now = utcnow()
    policy = policy_of(settings)
    docs = purge_documents(
        rt.session_factory,
        rt.store,
        policy,
        routing=rt.routing,
        now=now,
        dry_run=dry_run,
        actor=actor,
    )
    lines = purge_corrections(
        rt.feedback_dir, before=now - timedelta(days=policy.default_days), dry_run=dry_run
    )
    return PurgeReport(dry_run=dry_run, documents=tuple(docs), corrections=lines)


def start_scheduled_purge(
    rt: Runtime, settings: Settings, stop: threading.Event
) -> threading.Thread | None:
    """The scheduled run inside ``aspa serve`` and ``aspa worker``."""
    from pipeline.retention import run_periodically

    return run_periodically(
        lambda: purge_all(rt, settings, dry_run=False, actor="system"),
        settings.purge_interval_hours * 3600,
        stop,
    )


@app.command()
def purge(
    dry_run: Annotated[bool, typer.Option(help="Only list what would be purged.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Purge originals, OCR text and PDFs whose retention has run out (ledger and audit stay)."""
    from ..bootstrap import build_runtime
    from ..migrate import upgrade

    settings = load_settings()
    setup_logging()
    rt = build_runtime(settings)
    upgrade(rt.engine)
    try:
        report = purge_all(rt, settings, dry_run=dry_run, actor="cli")
    finally:
        rt.engine.dispose()
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    verb = "would purge" if dry_run else "purged"
    for p in report.documents:
        typer.echo(f"{verb}\t{p.document_id}\t{p.authority or '-'}\t{','.join(p.removed)}")
    typer.echo(f"{verb} {len(report.documents)} documents, {report.corrections} corrections")
