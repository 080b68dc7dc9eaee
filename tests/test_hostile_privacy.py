"""Personal data (issue 11): masked logs and tracebacks, reveals only with permission and
audited, private files, no caching of documents."""

from __future__ import annotations

import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _web_support import HETU, add_users, build_app, make_runtime, make_settings, seed_document
from fastapi.testclient import TestClient
from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent


def test_identity_codes_are_masked_in_log_messages_arguments_and_tracebacks() -> None:
    # Given the logging `aspa serve`, `aspa worker` and every CLI command set up
    code = (
        "import logging\n"
        "from aspa.cli._app import setup_logging\n"
        "from pipeline.errors import NotFoundError\n"
        "setup_logging()\n"
        "log = logging.getLogger('aspa.test')\n"
        "try:\n"
        "    raise NotFoundError('No document 210885-402W.')\n"
        "except NotFoundError:\n"
        "    log.exception('lookup of %s failed', '131052-308T')\n"
        "log.warning('IBAN %s', 'FI21 1234 5600 0007 85')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    # Then neither the message, its arguments nor the traceback show them
    assert "210885-402W" not in out.stderr and "131052-308T" not in out.stderr
    assert "NotFoundError: No document 210885-****." in out.stderr
    assert "lookup of 131052-**** failed" in out.stderr
    assert "0007 85" not in out.stderr and "FI** **** **** **0785" in out.stderr


def test_the_cli_error_line_is_masked(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from aspa import cli\n"
        "from pipeline.errors import NotFoundError\n"
        "def boom():\n"
        "    raise NotFoundError('No document 210885-402W.')\n"
        "cli.app = boom\n"
        "cli.main()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 5
    assert "210885-402W" not in out.stderr and "210885-****" in out.stderr


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    settings = make_settings(tmp_path_factory.mktemp("privacy") / "var")
    rt = make_runtime(settings)
    add_users(rt)
    doc = seed_document(rt, state="delivered", delivery="delivered")
    with TestClient(build_app(settings, rt)) as client:
        yield {"client": client, "rt": rt, "doc": doc["document_id"]}


def _token(rt: Any, username: str, scopes: list[str]) -> dict[str, str]:
    from auth.models import User
    from auth.security import create_token
    from pipeline.db import session_scope

    with session_scope(rt.session_factory) as s:
        user = s.scalar(select(User).where(User.username == username))
        return {"Authorization": f"Bearer {create_token(s, user=user, scopes=scopes)}"}


def _audit(rt: Any, doc: str) -> list[str]:
    from pipeline.db import session_scope
    from pipeline.models import AuditEvent

    with session_scope(rt.session_factory) as s:
        return list(
            s.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.document_id == doc)
                .order_by(AuditEvent.at, AuditEvent.id)
            )
        )


def test_text_true_is_masked_without_the_reveal_permission(web: dict[str, Any]) -> None:
    c, rt, doc = web["client"], web["rt"], web["doc"]
    url = f"/api/v1/documents/{doc}?text=true"
    for who, scopes in (
        ("kela1", ["documents:read"]),
        ("neuvoja", ["documents:read", "documents:reveal"]),
        ("operaattori", ["documents:read", "documents:reveal"]),
    ):
        r = c.get(url, headers=_token(rt, who, scopes))
        assert r.status_code == 200, (who, r.text)
        assert HETU not in r.text and "131052-****" in r.json()["text"], who
    assert "revealed_text" not in _audit(rt, doc)


def test_text_true_with_the_reveal_permission_is_audited_as_a_reveal(web: dict[str, Any]) -> None:
    c, rt, doc = web["client"], web["rt"], web["doc"]
    r = c.get(
        f"/api/v1/documents/{doc}?text=true",
        headers=_token(rt, "kela1", ["documents:read", "documents:reveal"]),
    )
    assert r.status_code == 200 and HETU in r.json()["text"]
    assert _audit(rt, doc)[-1] == "revealed_text"


def test_document_responses_are_not_cached_nor_sniffed(web: dict[str, Any]) -> None:
    c, rt, doc = web["client"], web["rt"], web["doc"]
    h = _token(rt, "kela1", ["documents:read"])
    for url in (f"/api/v1/documents/{doc}", f"/api/v1/documents/{doc}/pdf"):
        r = c.get(url, headers=h)
        assert r.status_code == 200, url
        assert r.headers["cache-control"] == "no-store", url
        assert r.headers["x-content-type-options"] == "nosniff", url
    static = c.get("/static/" + next(p.name for p in (ROOT / "web" / "static").iterdir()))
    assert "no-store" not in static.headers.get("cache-control", "")
    assert static.headers["x-content-type-options"] == "nosniff"


def test_files_are_created_0600_and_folders_0700(queue: Any, tmp_path: Path) -> None:
    # Given a document taken in, OCR'd and delivered to the folder outbox
    from _web_support import text_pdf
    from test_hostile_intake import RouteToKela

    from pipeline.incoming import IncomingFile
    from pipeline.queue import wait_for
    from pipeline.service import submit_file

    rt = queue.runtime
    rt.set_classifier(RouteToKela())
    src = tmp_path / "in.pdf"
    src.write_bytes(text_pdf(["Kela AT 1", f"Henkilötunnus {HETU}"]))
    sub = submit_file(
        queue,
        src,
        IncomingFile(source="x", filename="in.pdf", channel="upload", service_point="p"),
    )
    (doc_id,) = sub.document_ids
    assert wait_for(rt, [doc_id], timeout_s=120)[doc_id] == "delivered"
    # Then nothing under the data folder is readable by others
    data_dir = Path(rt.outbox_dir).parent
    found = {"sqlite": False, "objects": False, "outbox": False}
    loose = []
    for p in [data_dir, *data_dir.rglob("*")]:
        mode = stat.S_IMODE(p.lstat().st_mode)
        if mode & 0o077:
            loose.append(f"{p.relative_to(data_dir)} {oct(mode)}")
        rel = str(p.relative_to(data_dir))
        found["sqlite"] |= rel == "aspa.sqlite3"
        found["objects"] |= rel.startswith("objects/originals/")
        found["outbox"] |= rel.endswith("document.pdf") and rel.startswith("outbox/")
    assert not loose, loose
    assert all(found.values()), found


def test_corrections_are_stored_with_identifiers_masked(tmp_path: Path) -> None:
    from classifiers.feedback import load_corrections, record_correction

    text = f"Kela AT 1\nHenkilötunnus {HETU}\nTili FI21 1234 5600 0007 85"
    path = record_correction(tmp_path, text=text, service_id="kela.asumistuki", user="neuvoja")
    stored = path.read_text(encoding="utf-8")
    assert HETU not in stored and "0007 85" not in stored and "131052-****" in stored
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    (example,) = load_corrections(tmp_path)
    assert example.label == "kela.asumistuki" and "Kela AT 1" in example.text
