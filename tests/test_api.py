"""The pipeline's HTTP contract, driven like a scanner station and a provider system would.

Given a running app (embedded workers, real OCR and the real classifier) and API tokens,
when a scanner station posts a scan and a broken file,
then it gets 202 with ids, the scan is processed to its authority, the searchable PDF can be
fetched, the broken file is reported with its error code, and errors are JSON code + message.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests._web_support import add_users, make_settings

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "generated"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from sqlalchemy import select

    from aspa.app import create_app
    from aspa.bootstrap import build_runtime
    from aspa.migrate import upgrade
    from auth import User
    from auth.security import create_token
    from pipeline.db import session_scope

    settings = make_settings(tmp_path_factory.mktemp("api") / "var")
    rt = build_runtime(settings)
    upgrade(rt.engine)
    add_users(rt)
    with session_scope(rt.session_factory) as s:
        advisor = s.scalar(select(User).where(User.username == "neuvoja"))
        kela = s.scalar(select(User).where(User.username == "kela1"))
        vero = s.scalar(select(User).where(User.username == "vero1"))
        tokens = {
            "scanner": create_token(s, user=advisor, scopes=["submit", "documents:read"]),
            "kela": create_token(
                s, user=kela, scopes=["documents:read", "deliveries:read", "deliveries:ack"]
            ),
            "vero": create_token(
                s, user=vero, scopes=["documents:read", "deliveries:read", "deliveries:ack"]
            ),
        }
    with TestClient(create_app(settings, runtime=rt)) as client:
        yield {"client": client, "rt": rt, "tokens": tokens}


def auth(env: dict[str, Any], who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {env['tokens'][who]}"}


def wait_final(env: dict[str, Any], doc_id: str, who: str = "scanner") -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        body = env["client"].get(f"/api/v1/documents/{doc_id}", headers=auth(env, who)).json()
        if body["state"] in ("delivered", "needs_review", "rejected", "failed"):
            return body  # type: ignore[no-any-return]
        time.sleep(0.3)
    raise AssertionError(f"document {doc_id} did not finish")


def test_health_needs_no_login(api: dict[str, Any]) -> None:
    c = api["client"]
    assert c.get("/healthz").json() == {"status": "ok"}
    ready = c.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"] == {
        "database": "ok",
        "object_store": "ok",
    }


def test_scan_in_searchable_pdf_out(api: dict[str, Any]) -> None:
    c = api["client"]
    scan = SAMPLES / "kela_at1_asumistuki_fi.png"
    broken = SAMPLES / "broken_encrypted.pdf"
    r = c.post(
        "/api/v1/submissions",
        headers=auth(api, "scanner"),
        files=[
            ("files", (scan.name, scan.read_bytes(), "image/png")),
            ("files", (broken.name, broken.read_bytes(), "application/pdf")),
        ],
    )
    assert r.status_code == 202, r.text
    good, bad = r.json()["files"]
    assert good["error"] is None and len(good["document_ids"]) == 1
    assert bad["error"]["code"] == "encrypted_pdf"
    doc = wait_final(api, good["document_ids"][0])
    assert (doc["status"], doc["authority"], doc["service"]) == (
        "delivered",
        "kela",
        "kela.asumistuki",
    )
    assert doc["language"] == "fi" and doc["pages"] == 1
    hetu = [f for f in doc["fields"] if f["kind"] == "henkilotunnus"]
    assert hetu and all(f["value"].endswith("****") for f in hetu)  # masked
    pdf = c.get(f"/api/v1/documents/{doc['document_id']}/pdf", headers=auth(api, "scanner"))
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    rejected = wait_final(api, bad["document_ids"][0])
    assert rejected["status"] == "rejected" and rejected["error"]["code"] == "encrypted_pdf"

    # The provider sees its own delivery and acknowledges it; another provider sees nothing.
    kela = c.get("/api/v1/deliveries", headers=auth(api, "kela")).json()
    mine = [d for d in kela if d["document_id"] == doc["document_id"]]
    assert len(mine) == 1
    ack = c.post(f"/api/v1/deliveries/{mine[0]['id']}/ack", headers=auth(api, "kela"))
    assert ack.status_code == 200 and ack.json()["acknowledged_at"]
    other = c.get(f"/api/v1/documents/{doc['document_id']}", headers=auth(api, "vero"))
    assert other.status_code == 404 and other.json()["code"] == "not_found"
    assert (
        c.post(f"/api/v1/deliveries/{mine[0]['id']}/ack", headers=auth(api, "vero")).status_code
        == 404
    )


def test_errors_are_json_with_code_and_message(api: dict[str, Any]) -> None:
    c = api["client"]
    r = c.get("/api/v1/documents/does-not-exist", headers=auth(api, "scanner"))
    assert r.status_code == 404 and set(r.json()) == {"code", "message"}
    r = c.post("/api/v1/submissions", headers=auth(api, "scanner"))  # no files
    assert r.status_code == 422 and r.json()["code"] == "invalid_request"
    r = c.get("/api/v1/documents/x")  # no credentials
    assert r.status_code == 401 and "code" in r.json()


def test_openapi_documents_the_pipeline_routes(api: dict[str, Any]) -> None:
    assert api["client"].get("/openapi.json").status_code == 401  # documented to users only
    paths = api["client"].get("/openapi.json", headers=auth(api, "scanner")).json()["paths"]
    for p in (
        "/api/v1/submissions",
        "/api/v1/documents/{document_id}",
        "/api/v1/documents/{document_id}/pdf",
        "/api/v1/deliveries/{delivery_id}/ack",
        "/api/v1/deliveries/{delivery_id}/return",
        "/healthz",
        "/readyz",
    ):
        assert p in paths
