"""``aspa process``: files through the whole pipeline, one outcome per document."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.errors import ExitCode
from pipeline.states import FINAL, DocState

from ._app import app, load_settings, runtime_and_queue, setup_logging
from ._exit import leave_quickly_when_done


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


def _scan(path: Path) -> bool:
    """Does the file start like a PDF or an image (what intake would OCR)?"""
    from pipeline.filetypes import sniff

    try:
        with path.open("rb") as f:
            return sniff(f.read(1024)) is not None
    except OSError:
        return False


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
    settings = load_settings()
    # Every outcome is committed and printed when this returns (or raises): no teardown.
    leave_quickly_when_done()
    files = list(_expand(paths))
    if not settings.broker_url and any(_scan(f) for f in files):
        # This process will OCR (embedded queue): its OCR workers start now, beside the
        # imports and the database set-up below, not when the first page arrives.
        from pipeline.ocr import prestart

        prestart(settings.ocr_context())

    from channels.submit import submit_any
    from pipeline.incoming import IncomingFile, Submitted
    from pipeline.queue import wait_for
    from pipeline.service import describe

    setup_logging()
    logging.getLogger("pipeline").setLevel(logging.WARNING)
    point = service_point or settings.default_service_point
    usage_problem = False
    with runtime_and_queue(settings, worker_threads=settings.embedded_workers) as (rt, queue):
        items: list[Submitted] = []
        for path in files:
            if not path.is_file():
                usage_problem = True
                items.append(
                    Submitted(
                        str(path),
                        path.name,
                        error_code="not_found",
                        error_message="No such file. Check the path.",
                    )
                )
                continue
            items.extend(
                submit_any(
                    queue,
                    path,
                    IncomingFile(
                        source=str(path), filename=path.name, channel="cli", service_point=point
                    ),
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

        states = wait_for(
            rt,
            all_ids,
            timeout_s=timeout,
            progress=progress if all_ids else None,
            done=queue.done if queue.embedded else None,
        )
        unfinished = [i for i, st in states.items() if DocState(st) not in FINAL]
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
    if unfinished:
        # Not an outcome: the work goes on (and is recovered by the next `aspa serve`).
        typer.echo(
            f"aspa: {len(unfinished)} document(s) still in progress after {timeout:g} s; "
            "see `aspa serve` or raise --timeout.",
            err=True,
        )
        raise typer.Exit(ExitCode.failure)
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
