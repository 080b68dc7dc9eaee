"""``aspa health``: is this process's world in order? For container health checks and operators.

Three questions, one command:

* ``aspa health`` — can this installation work: the database answers, the object store (and its
  bucket) is reachable, the broker answers (when one is configured), a classification model is
  active, and Tesseract has every language of ``ASPA_OCR_LANGUAGES`` plus ``osd``.
* ``aspa health --api`` — the API in this container answers ``/readyz`` (the image's default
  health check).
* ``aspa health --worker`` — the ``aspa worker`` in this container beat its heartbeat recently
  (all its threads alive) and the broker answers.

Each check prints one line (or one JSON object with ``--json``); the exit code is 0 when all
pass, 1 otherwise. Messages name the failing part, never a password.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated

import typer

from pipeline.errors import AspaError, ExitCode
from pipeline.settings import Settings

from ._app import app, load_settings


@dataclass(frozen=True)
class Check:
    """The outcome of one probe."""

    name: str
    ok: bool
    detail: str


class Unhealthy(Exception):
    """A probe's own finding, with a message fit to print."""


def _probe(name: str, fn: Callable[[], str]) -> Check:
    # A probe reports, it never raises: any failure is this check's outcome. Our own errors say
    # what is wrong; of a driver's error only the class is shown, since its message can carry
    # a URL with a password.
    try:
        return Check(name, True, fn())
    except (Unhealthy, AspaError) as e:
        return Check(name, False, str(e))
    except Exception as e:
        return Check(name, False, f"{type(e).__name__} (unreachable or refused)")


def check_database(url: str) -> Check:
    def run() -> str:
        from sqlalchemy import text

        from pipeline.db import make_engine

        engine = make_engine(url)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        finally:
            engine.dispose()
        return "answers"

    return _probe("database", run)


def check_object_store(settings: Settings) -> Check:
    def run() -> str:
        from pipeline.storage import open_store

        store = open_store(  # an S3 store makes its bucket when missing
            settings.object_store,
            folder=settings.blob_dir,
            endpoint=settings.s3_endpoint,
            access_key=settings.s3_access_key,
            secret_key=settings.s3_secret_key.get_secret_value(),
            secure=settings.s3_secure,
            region=settings.s3_region,
        )
        store.exists("health-probe")
        return settings.object_store or "folder"

    return _probe("object_store", run)


def check_broker(url: str) -> Check:
    def run() -> str:
        if not url:
            return "embedded (in-process)"
        if url.startswith(("redis://", "rediss://")):
            import redis

            client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
            try:
                client.ping()
            finally:
                client.close()
            return "redis answers"
        if url.startswith(("amqp://", "amqps://")):
            import pika

            params = pika.URLParameters(url)
            params.socket_timeout = 5
            params.blocked_connection_timeout = 5
            pika.BlockingConnection(params).close()
            return "rabbitmq answers"
        raise Unhealthy("ASPA_BROKER_URL must be empty, redis://… or amqp://…")

    return _probe("broker", run)


def check_model(model_dir: Path) -> Check:
    def run() -> str:
        from classifiers.registry import ModelRegistry

        registry = ModelRegistry(model_dir)
        path = registry.active_path()  # raises when the active version's folder is gone
        if path is None:
            raise Unhealthy(f"no active model in {model_dir}: run `aspa train --if-missing`")
        if _stale_calibration(path / "meta.json"):
            raise Unhealthy(
                f"{registry.active()} was trained by an older version: its confidence map "
                "does not fit, so every document goes to review; run `aspa train`"
            )
        return str(registry.active())

    return _probe("model", run)


def _stale_calibration(meta_file: Path) -> bool:
    from classifiers.calibration import Calibration

    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    return Calibration.from_dict(meta.get("calibration")).stale


def check_ocr_languages(languages: str) -> Check:
    def run() -> str:
        from pipeline.ocr import tesseract_languages

        have = tesseract_languages()
        want = {*languages.split("+"), "osd"}
        missing = sorted(want - have)
        if missing:
            raise Unhealthy(f"tesseract lacks {'+'.join(missing)}")
        return "+".join(sorted(want))

    return _probe("ocr_languages", run)


def check_api(url: str) -> Check:
    def run() -> str:
        import httpx

        resp = httpx.get(url, timeout=5.0)
        if resp.status_code != 200:
            raise Unhealthy(f"{url} answered {resp.status_code}")
        return f"{url} ready"

    return _probe("api", run)


def check_heartbeat(path: Path, *, max_age_s: float, now: float | None = None) -> Check:
    def run() -> str:
        try:
            age = (time.time() if now is None else now) - path.stat().st_mtime
        except FileNotFoundError:
            raise Unhealthy(f"no heartbeat at {path}: is `aspa worker` running?") from None
        if age > max_age_s:
            raise Unhealthy(f"last heartbeat {age:.0f} s ago (limit {max_age_s:g} s)")
        return f"beat {age:.0f} s ago"

    return _probe("worker", run)


def installation_checks(settings: Settings) -> list[Check]:
    """Everything ``aspa health`` without options checks."""
    return [
        check_database(settings.effective_database_url),
        check_object_store(settings),
        check_broker(settings.broker_url),
        check_model(settings.effective_model_dir),
        check_ocr_languages(settings.ocr_languages),
    ]


HEARTBEAT_MAX_AGE_S = 60.0


@app.command()
def health(
    api: Annotated[
        bool, typer.Option("--api", help="Check the API in this container (/readyz).")
    ] = False,
    worker: Annotated[
        bool, typer.Option("--worker", help="Check the worker in this container (heartbeat).")
    ] = False,
    url: Annotated[
        str | None, typer.Option(help="With --api: the readiness URL (default: this host).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per check.")] = False,
) -> None:
    """Check the installation, the API (--api) or the worker (--worker); exit 1 on a failure."""
    settings = load_settings()
    if api and worker:
        typer.echo("Give --api or --worker, not both.", err=True)
        raise typer.Exit(ExitCode.usage)
    if api:
        checks = [check_api(url or f"http://127.0.0.1:{settings.port}/readyz")]
    elif worker:
        checks = [
            check_heartbeat(settings.worker_heartbeat_file, max_age_s=HEARTBEAT_MAX_AGE_S),
            check_broker(settings.broker_url),
        ]
    else:
        checks = installation_checks(settings)
    for c in checks:
        if as_json:
            typer.echo(json.dumps(asdict(c), ensure_ascii=False))
        else:
            typer.echo(f"{c.name:<14} {'ok' if c.ok else 'FAILED'}  {c.detail}")
    raise typer.Exit(ExitCode.ok if all(c.ok for c in checks) else ExitCode.failure)
