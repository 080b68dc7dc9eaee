"""The FastAPI application.

On the embedded default the same process runs the pipeline's workers; with a broker URL it only
enqueues and ``aspa worker`` processes do the work.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError

from api.routes import billing, deliveries, documents, health, review, submissions
from channels.health import ChannelMonitor
from pipeline.errors import AspaError, DatabaseUnavailableError
from pipeline.queue import Queue
from pipeline.retry import is_outage
from pipeline.settings import Settings

log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None,
    *,
    load_samples: Path | None = None,
    runtime: object | None = None,
) -> FastAPI:
    """Build the app; the database, queue and workers start in the lifespan."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from pipeline.queue import recover, setup_queue
        from pipeline.runtime import Runtime

        from .bootstrap import build_runtime
        from .migrate import upgrade

        rt = runtime if isinstance(runtime, Runtime) else build_runtime(settings)
        upgrade(rt.engine)
        queue = setup_queue(rt, settings.broker_url)
        if queue.embedded:
            queue.start_worker(settings.embedded_workers)
            recover(queue)
        else:
            queue.start_sweeper()  # the workers sweep too; any one of them is enough
        app.state.runtime, app.state.queue = rt, queue
        app.state.session_factory = rt.session_factory
        stop_channels = threading.Event()
        app.state.channels = ChannelMonitor()
        if settings.channels_file is not None:
            _start_channels(queue, settings.channels_file, stop_channels, app.state.channels)
        if runtime is None:  # the service, not a test's borrowed runtime: purge on schedule
            from .cli.purge import start_scheduled_purge

            start_scheduled_purge(rt, settings, stop_channels)
        if load_samples is not None:
            threading.Thread(
                target=_load_samples, args=(queue, load_samples), daemon=True, name="load-samples"
            ).start()
        try:
            yield
        finally:
            stop_channels.set()
            queue.stop()

    app = FastAPI(
        title="aspa-docflow",
        version="0.1.0",
        description="Shared customer-service document pipeline: intake, OCR, classification, "
        "delivery to the authority and billing of service events.",
        lifespan=lifespan,
        docs_url=None,  # served below from the app's own copy of Swagger UI, never a CDN
        redoc_url=None,
        openapi_url="/openapi.json" if settings.docs_enabled else None,
    )
    if settings.docs_enabled:
        _install_docs(app)

    @app.exception_handler(AspaError)
    async def _aspa_error(_request: Request, exc: AspaError) -> JSONResponse:
        return JSONResponse(exc.as_dict(), status_code=exc.http_status)

    @app.exception_handler(DBAPIError)
    async def _database_error(_request: Request, exc: DBAPIError) -> JSONResponse:
        if not is_outage(exc):
            raise exc
        err = DatabaseUnavailableError()
        return JSONResponse(
            err.as_dict(), status_code=err.http_status, headers={"Retry-After": "5"}
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = ", ".join(".".join(str(p) for p in e.get("loc", ())) for e in exc.errors())
        return JSONResponse(
            {"code": "invalid_request", "message": f"Invalid or missing: {fields}."},
            status_code=422,
        )

    app.include_router(health.router)
    app.include_router(submissions.router)
    app.include_router(documents.router)
    app.include_router(deliveries.router)
    app.include_router(review.router)
    app.include_router(billing.router)
    # Sign-in, roles, CSRF, the people's pages, /static and /metrics (see web/README.md).
    from web import install

    install(app, settings)
    from api.headers import PrivateResponses
    from api.limits import BodyLimit

    from .outage import OutageMiddleware

    app.add_middleware(PrivateResponses)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(OutageMiddleware)  # also covers the sign-in middleware
    if settings.proxy_addresses:  # outermost: the client address and scheme behind a proxy
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.proxy_addresses)
    return app


def _load_samples(queue: Queue, folder: Path) -> None:
    """Submit the sample files once (duplicates are recognised by hash, so restarts are cheap)."""
    from pipeline.incoming import IncomingFile
    from pipeline.service import submit_file

    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
    )
    for p in files:
        try:
            submit_file(
                queue,
                p,
                IncomingFile(
                    source=str(p),
                    filename=p.name,
                    channel="sample",
                    service_point=queue.runtime.default_service_point,
                ),
            )
        except AspaError as e:
            log.warning("sample %s: %s", p.name, e.code)
    log.info("submitted %d sample files", len(files))


def _start_channels(
    queue: Queue, path: Path, stop: threading.Event, monitor: ChannelMonitor
) -> None:
    """Poll the configured mailboxes and watch the hot folders in background threads."""
    from channels import hotfolder, imap
    from channels.config import load_config
    from pipeline.submitter import QueueSubmitter

    cfg = load_config(path)
    if cfg.hotfolders:
        # Scanner drops are often whole stacks: cut them at separator sheets and form starts.
        scans = QueueSubmitter(queue, submitted_by="hotfolder", split_batches=True)
        thread = threading.Thread(
            target=hotfolder.run_forever,
            args=(cfg.hotfolders, scans, stop),
            kwargs={"monitor": monitor},
            daemon=True,
            name="hotfolders",
        )
        for h in cfg.hotfolders:
            monitor.register(f"hotfolder:{h.name}", thread)
        thread.start()
    if cfg.mailboxes:
        mail = QueueSubmitter(queue, submitted_by="imap")
        thread = threading.Thread(
            target=imap.run_forever,
            args=(
                cfg.mailboxes,
                mail,
                queue.runtime.session_factory,
                stop,
                cfg.poll_interval_seconds,
            ),
            kwargs={"monitor": monitor},
            daemon=True,
            name="imap",
        )
        for m in cfg.mailboxes:
            monitor.register(f"imap:{m.name}", thread)
        thread.start()
    log.info("channels: %d mailboxes, %d hot folders", len(cfg.mailboxes), len(cfg.hotfolders))


def _install_docs(app: FastAPI) -> None:
    """``/docs`` with the Swagger UI assets of the ``swagger-ui-bundle`` package, served here."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/docs/assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="aspa-docflow API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon-32x32.png",
        )
