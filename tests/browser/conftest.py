"""A live server (uvicorn in a thread, temp data dir) and Debian's Chromium through Playwright."""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _web_support import (
    add_users,
    build_app,
    make_runtime,
    make_settings,
)

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@dataclass
class LiveServer:
    url: str
    rt: Any
    settings: Any


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    import uvicorn

    settings = make_settings(tmp_path_factory.mktemp("browser") / "var")
    rt = make_runtime(settings)
    add_users(rt)
    _import_example_tariff(rt)
    app = build_app(settings, rt)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True, name="uvicorn")
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web app did not start")
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", rt, settings)
    server.should_exit = True
    thread.join(10)


def _import_example_tariff(rt: Any) -> None:
    from billing.tariff import import_tariff
    from billing.tariff_files import read_tariff_file
    from pipeline.db import session_scope

    tariff, sha = read_tariff_file(ROOT / "billing" / "tariff.example.yaml")
    with session_scope(rt.session_factory) as s:
        import_tariff(s, tariff, by="test", source_sha256=sha)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make deps` installs Debian's chromium")
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs axe-core with npm")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """A fresh browser context per user (axe is injected, so the page's CSP is bypassed)."""
    contexts = []

    def make() -> Any:
        ctx = browser.new_context(
            base_url=live_server.url,
            bypass_csp=True,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
        )
        ctx.set_default_timeout(10_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()
