"""Saved e-mails through `aspa process --json` and the API: one outcome per attachment.

Given a mail carrying a scanned form and a damaged "PDF", and a mail with no attachment,
when they are processed,
then the form is routed with source `PATH#<attachment>`, the damaged file is rejected with its
code, and the empty mail gets a clear `no_attachments` outcome instead of silence.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.channels_support import mail_with

pytestmark = pytest.mark.slow

SCAN = (
    Path(__file__).resolve().parent.parent / "samples" / "generated" / "kela_at1_asumistuki_fi.png"
)


def _mail(tmp: Path) -> Path:
    path = tmp / "asiakas.eml"
    path.write_bytes(
        mail_with(
            [
                ("hakemus.png", SCAN.read_bytes(), "image/png"),
                ("muistio.pdf", b"just text, not a PDF", "application/pdf"),
            ],
            subject="Asumistukihakemus",
            body="Liitteenä asumistukihakemus.",
        )
    )
    return path


def test_process_json_gives_one_line_per_attachment(tmp_path: Path) -> None:
    mail = _mail(tmp_path)
    empty = tmp_path / "tyhja.eml"
    empty.write_bytes(mail_with([], subject="Kysymys", body="Milloin olette auki?"))
    proc = subprocess.run(
        [sys.executable, "-m", "aspa.cli", "process", "--json", str(mail), str(empty)],
        env={**os.environ, "ASPA_DATA_DIR": str(tmp_path / "var"), "OMP_THREAD_LIMIT": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = {d["source"]: d for d in map(json.loads, proc.stdout.splitlines())}
    assert set(lines) == {f"{mail}#hakemus.png", f"{mail}#muistio.pdf", str(empty)}
    form = lines[f"{mail}#hakemus.png"]
    assert (form["authority"], form["service"]) == ("kela", "kela.asumistuki")
    assert form["status"] in ("delivered", "needs_review")
    assert lines[f"{mail}#muistio.pdf"]["error"]["code"] == "unsupported_type"
    assert lines[str(empty)]["status"] == "rejected"
    assert lines[str(empty)]["error"]["code"] == "no_attachments"


def test_api_accepts_a_saved_mail(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from sqlalchemy import select

    from aspa.app import create_app
    from auth import User
    from auth.security import create_token
    from pipeline.db import session_scope
    from tests._web_support import add_users, make_runtime, make_settings

    settings = make_settings(tmp_path / "var")
    rt = make_runtime(settings)
    add_users(rt)
    with session_scope(rt.session_factory) as s:
        user = s.scalar(select(User).where(User.username == "neuvoja"))
        token = create_token(s, user=user, scopes=["submit"])
    mail = _mail(tmp_path)
    with TestClient(create_app(settings, runtime=rt)) as c:
        r = c.post(
            "/api/v1/submissions",
            headers={"Authorization": f"Bearer {token}"},
            files=[("files", (mail.name, mail.read_bytes(), "message/rfc822"))],
        )
    assert r.status_code == 202, r.text
    files: list[dict[str, Any]] = r.json()["files"]
    assert [f["source"] for f in files] == ["asiakas.eml#hakemus.png", "asiakas.eml#muistio.pdf"]
    assert files[0]["error"] is None and len(files[0]["document_ids"]) == 1
    assert files[1]["error"]["code"] == "unsupported_type"
