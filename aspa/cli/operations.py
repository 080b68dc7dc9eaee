"""Operators' and maintainers' commands: deliveries, benchmarks, training, evaluation."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from pipeline.errors import ExitCode

from ._app import app, load_settings, runtime_and_queue, setup_logging

deliveries_app = typer.Typer(help="Deliveries, retries and dead letters.", no_args_is_help=True)
app.add_typer(deliveries_app, name="deliveries")


@deliveries_app.command("list")
def deliveries_list(
    state: Annotated[
        str | None, typer.Option(help="pending|retrying|delivered|dead|returned")
    ] = None,
    authority: Annotated[str | None, typer.Option(help="Only this provider.")] = None,
    waiting: Annotated[
        bool, typer.Option("--waiting", help="Only deliveries not yet delivered, next try first.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    limit: int = 200,
) -> None:
    """List deliveries, newest first (``--state dead`` for dead letters, ``--waiting``)."""
    from pipeline.deliveries import list_deliveries
    from web.masking import mask_text

    with runtime_and_queue(load_settings()) as (rt, _queue):
        rows = list_deliveries(rt, state=state, authority=authority, waiting=waiting, limit=limit)
    for r in rows:
        if as_json:
            typer.echo(json.dumps(r, ensure_ascii=False))
        else:
            err = r["error"]["code"] if r["error"] else ""
            nxt = f" next={r['next_attempt_at'][:19]}" if r["next_attempt_at"] else ""
            typer.echo(
                f"{r['id']}  {r['state']:<9} {r['authority']:<10} {r['connector']:<12} "
                f"attempts={r['attempts']}{nxt} {err}"
            )
            if r["error"] and r["state"] in ("retrying", "dead"):
                typer.echo(f"    {mask_text(r['error']['message'] or '')}")
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
    from pipeline.deliveries import retry_dead, retry_delivery
    from pipeline.queue import wait_for

    if bool(delivery_id) == dead:
        typer.echo("Give a delivery id or --dead (not both).", err=True)
        raise typer.Exit(ExitCode.usage)
    settings = load_settings()
    setup_logging()
    with runtime_and_queue(settings, worker_threads=settings.embedded_workers) as (rt, queue):
        ids = (
            retry_dead(queue, actor="cli")
            if dead
            else [
                retry_delivery(queue, delivery_id, actor="cli")["id"]  # type: ignore[arg-type]
            ]
        )
        typer.echo(f"requeued {len(ids)} deliveries", err=True)
        if queue.embedded and wait and ids:
            from pipeline.db import session_scope
            from pipeline.deliveries import list_deliveries
            from pipeline.models import Delivery

            with session_scope(rt.session_factory) as s:
                docs = [s.get(Delivery, i).document_id for i in ids]  # type: ignore[union-attr]
            wait_for(rt, docs, timeout_s=600)
            for r in list_deliveries(rt, limit=1000):
                if r["id"] in ids:
                    typer.echo(f"{r['id']}  {r['state']}")


@app.command()
def bench(
    pages: Annotated[int, typer.Option(help="OCR: number of generated single-page scans.")] = 16,
    documents: Annotated[int, typer.Option(help="Classification: documents to time.")] = 500,
    deliveries: Annotated[int, typer.Option(help="Connectors: deliveries per connector.")] = 200,
    billing: Annotated[
        bool, typer.Option("--billing", help="Also settle 1M events on PostgreSQL.")
    ] = False,
    billing_url: Annotated[
        str, typer.Option(help="PostgreSQL URL for --billing.")
    ] = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    only: Annotated[
        str | None, typer.Option(help="startup|ocr|classify|connectors|billing")
    ] = None,
) -> None:
    """Measure side by side and print rates and ratios (not a test)."""
    from ..bench import run_benchmarks

    settings = load_settings()
    setup_logging()
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
    limit_per_label: Annotated[
        int | None,
        typer.Option(min=1, help="At most this many training examples a label (a small model)."),
    ] = None,
    epochs: Annotated[
        int | None, typer.Option(min=1, help="Training epochs (default: the measured choice).")
    ] = None,
) -> None:
    """Train the model from corpus and corrections; activate it if not worse on the test split.

    ``--limit-per-label 50 --epochs 8`` makes the small model the tests and the image check use.
    """
    import dataclasses

    from classifiers.cli import cmd_train
    from classifiers.dataset import DEFAULT_CORPUS
    from classifiers.training import TrainConfig

    config = TrainConfig()
    if limit_per_label is not None:
        config = dataclasses.replace(config, limit_per_label=limit_per_label)
    if epochs is not None:
        config = dataclasses.replace(config, epochs=epochs)

    settings = load_settings()
    feedback = settings.data_dir / "feedback"
    outcome = cmd_train(
        corpus_dir=DEFAULT_CORPUS,
        models_dir=settings.effective_model_dir,
        seed=seed,
        if_missing=if_missing,
        feedback_dir=feedback if corrections and feedback.is_dir() else None,
        config=config,
    )
    typer.echo(outcome.format())


@app.command("eval")
def evaluate(
    ocr: Annotated[
        bool, typer.Option("--ocr", help="Render the texts as scans and read them by OCR.")
    ] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many documents.")] = None,
    split: Annotated[
        str,
        typer.Option(
            help="test | dev | handwritten_test | handwritten_calib | handwritten_fresh"
            " | handwritten_fresh2 | … | handwritten_fresh20"
        ),
    ] = "test",
) -> None:
    """Per-service precision, recall and F1, authority accuracy, confusions, straight-through."""
    from classifiers.cli import check_split, cmd_eval
    from classifiers.dataset import DEFAULT_CORPUS

    check_split(split)
    from classifiers.ocr_eval import pipeline_ocr
    from pipeline.ocr import OcrContext, ocr_document

    settings = load_settings()
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
