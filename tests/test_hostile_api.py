"""Hostile use of the HTTP API by signed-in people (issue 11): readiness, billing, duplicates."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from _web_support import SERVICE_POINT, add_users, build_app, make_runtime, make_settings
from fastapi.testclient import TestClient

MIB = 1024 * 1024


@dataclass
class Env:
    client: TestClient
    rt: Any
    settings: Any
    tmp: Path


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    tmp = tmp_path_factory.mktemp("hostile-api")
    drop = tmp / "drop"
    channels = tmp / "channels.yaml"
    channels.write_text(
        f"poll_interval_seconds: 0.05\n"
        f"hotfolders:\n  - name: skanneri\n    path: {drop}\n    service_point: mikkeli\n",
        encoding="utf-8",
    )
    settings = make_settings(tmp / "var").model_copy(
        update={
            "channels_file": channels,
            "max_upload_bytes": 2 * MIB,
            "max_request_bytes": 4 * MIB,
            "max_files_per_request": 10,
        }
    )
    rt = make_runtime(settings)
    add_users(rt)
    with TestClient(build_app(settings, rt)) as client:
        yield Env(client, rt, settings, tmp)


def token(env: Env, username: str, scopes: list[str]) -> dict[str, str]:
    from sqlalchemy import select

    from auth.models import User
    from auth.security import create_token
    from pipeline.db import session_scope

    with session_scope(env.rt.session_factory) as s:
        user = s.scalar(select(User).where(User.username == username))
        return {"Authorization": f"Bearer {create_token(s, user=user, scopes=scopes)}"}


def test_readyz_reports_each_channel_thread_and_fails_when_one_is_dead(env: Env) -> None:
    r = env.client.get("/readyz")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["channels"]["hotfolder:skanneri"]["alive"] is True
    # When a channel thread dies
    dead = threading.Thread(target=lambda: None)
    dead.start()
    dead.join()
    monitor = env.client.app.state.channels  # type: ignore[attr-defined]
    monitor.register("imap:gone", dead)
    try:
        r = env.client.get("/readyz")
        assert r.status_code == 503
        assert r.json()["checks"]["channels"] == "dead: imap:gone"
        assert r.json()["channels"]["imap:gone"]["alive"] is False
    finally:
        monitor._entries.pop("imap:gone")


# --- billing integrity ------------------------------------------------------------------------


def _event(env: Env, headers: dict[str, str], **over: object) -> Any:
    body: dict[str, object] = {
        "event_type": 1,
        "service_point": SERVICE_POINT,
        "provider": "kela",
        "service": "kela.asumistuki",
    }
    body.update(over)
    return env.client.post("/api/v1/billing/events", json=body, headers=headers)


def test_an_advisor_cannot_forge_billable_events(env: Env) -> None:
    adv = token(env, "neuvoja", ["submit"])
    # A plausible event of the advisor's own point is posted
    ok = _event(env, adv)
    assert ok.status_code == 201, ok.text
    assert ok.json()["service_point"] == SERVICE_POINT
    # Another service point
    r = _event(env, adv, service_point="parainen-asiointipiste")
    assert r.status_code == 403, r.text
    # A provider that does not exist, a service of another provider, a made-up service
    assert _event(env, adv, provider="acme", service=None).json()["code"] == (
        "billing_unknown_provider"
    )
    assert _event(env, adv, provider="vero").json()["code"] == "billing_unknown_service"
    assert _event(env, adv, service='=HYPERLINK("http://x")').json()["code"] == (
        "billing_unknown_service"
    )
    # A date in 2019 and one next year
    for when in ("2019-03-01T10:00:00+02:00", "2099-01-01T10:00:00+02:00"):
        r = _event(env, adv, occurred_at=when)
        assert r.status_code == 422 and r.json()["code"] == "billing_out_of_window", when


def test_the_provider_of_the_day_is_billed_not_the_services_former_one(env: Env) -> None:
    # TE services moved to the municipalities on 1.1.2025: billing TE for them now is refused,
    # through the API and through the advisor's page alike
    adv = token(env, "neuvoja", ["submit"])
    r = _event(env, adv, provider="te", service="te.tyonhakija")
    assert r.status_code == 422 and r.json()["code"] == "billing_unknown_service"
    assert _event(env, adv, provider="kunta", service="te.tyonhakija").status_code == 201
    from sqlalchemy import select

    from auth.models import User
    from auth.security import encode_session
    from billing.models import BillableEvent
    from pipeline.db import session_scope

    with session_scope(env.rt.session_factory) as s:
        uid = s.scalar(select(User.id).where(User.username == "neuvoja"))
    secret = env.settings.secret_key.get_secret_value()
    cookie = "aspa_session=" + encode_session({"uid": uid, "csrf": "tok"}, secret)
    form = {
        "event_type": "1",
        "provider": "te",
        "service": "te.tyonhakija",
        "form_id": "hostile-te",
        "csrf_token": "tok",
    }
    page = env.client.post(
        "/advisor/events", data=form, headers={"Cookie": cookie}, follow_redirects=False
    )
    assert "problem=" in page.headers["location"]
    with session_scope(env.rt.session_factory) as s:
        assert (
            s.scalar(select(BillableEvent).where(BillableEvent.external_ref == "hostile-te"))
            is None
        )


def test_exports_escape_cells_that_would_start_a_formula(env: Env) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    from billing.models import BillableEvent
    from billing.quarters import Quarter
    from pipeline.db import session_scope, utcnow

    # Given an event whose texts look like formulas (posted before the checks existed)
    quarter = str(Quarter.of(utcnow()))
    with session_scope(env.rt.session_factory) as s:
        s.add(
            BillableEvent(
                kind="charge",
                event_type=1,
                service_point="=1+1",
                provider="kela",
                service='=HYPERLINK("http://evil.example","x")',
                occurred_at=utcnow(),
                posting_quarter=quarter,
                advisor="@SUM(A1)",
                source="api",
                external_ref="-2+3",
                created_by="\tcmd",
            )
        )
    fin = token(env, "talous", ["billing:read"])
    r = env.client.get(f"/api/v1/billing/events/{quarter}/export?format=csv", headers=fin)
    assert r.status_code == 200, r.text
    rows = list(csv.reader(io.StringIO(r.text)))
    texts = [cell for row in rows[1:] for cell in row]
    assert "'=1+1" in texts and "'@SUM(A1)" in texts and "'-2+3" in texts
    assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in texts)
    r = env.client.get(f"/api/v1/billing/events/{quarter}/export?format=xlsx", headers=fin)
    ws = load_workbook(io.BytesIO(r.content))["events"]
    cells = [c for row in ws.iter_rows(min_row=2) for c in row]
    assert cells and all(c.data_type != "f" for c in cells)
    assert '=HYPERLINK("http://evil.example","x")' in [c.value for c in cells]


def test_a_missing_tariff_is_a_clear_error_not_500(env: Env) -> None:
    fin = token(env, "talous", ["billing:read", "billing:write"])
    r = env.client.get("/api/v1/billing/statements/2026Q4", headers=fin)
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "billing_no_tariff"


# --- duplicates per service point -------------------------------------------------------------


def _upload(env: Env, headers: dict[str, str], name: str, data: bytes) -> Any:
    return env.client.post(
        "/api/v1/submissions", files=[("files", (name, data, "application/pdf"))], headers=headers
    )


def test_the_same_bytes_at_another_service_point_make_that_points_own_document(
    env: Env,
) -> None:
    from _web_support import text_pdf

    data = text_pdf(["Kela - Hakemus - Yleinen asumistuki", "AT 1 01.24", "dedupe-case"])
    a = token(env, "neuvoja", ["submit", "documents:read"])
    b = token(env, "radgivare", ["submit", "documents:read"])
    first = _upload(env, a, "a.pdf", data).json()["files"][0]
    again = _upload(env, a, "a-again.pdf", data).json()["files"][0]
    other = _upload(env, b, "b.pdf", data).json()["files"][0]
    # The same point gets its first document back, as before
    assert again["duplicate_of"] == first["submission_id"]
    assert again["document_ids"] == first["document_ids"]
    # Another point gets its own submission and document, never A's ids
    assert other["duplicate_of"] is None
    assert set(other["document_ids"]).isdisjoint(first["document_ids"])
    assert other["submission_id"] != first["submission_id"]
    r = env.client.get(f"/api/v1/documents/{other['document_ids'][0]}", headers=b)
    assert r.status_code == 200 and r.json()["service_point"] == "parainen-asiointipiste"


# --- limits that limit ------------------------------------------------------------------------


def _quarantine_files(env: Env) -> list[Path]:
    root = env.settings.blob_dir / "quarantine"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_an_oversize_upload_is_refused_and_its_bytes_are_not_kept(env: Env) -> None:
    from sqlalchemy import select

    from pipeline.db import session_scope
    from pipeline.models import Submission

    adv = token(env, "neuvoja", ["submit", "documents:read"])
    before = _quarantine_files(env)
    data = b"%PDF-1.4\n" + b"1" * (3 * MIB)
    r = _upload(env, adv, "big.pdf", data)
    assert r.status_code == 202, r.text
    f = r.json()["files"][0]
    assert f["error"]["code"] == "too_large"
    assert f["error"]["message"].startswith("Tiedosto on")  # the advisor's fi, sizes kept
    assert _quarantine_files(env) == before
    with session_scope(env.rt.session_factory) as s:
        sub = s.scalar(select(Submission).where(Submission.id == f["submission_id"]))
        assert sub is not None and sub.size_bytes == len(data) and sub.blob_key == ""
        assert sub.submitted_by == "neuvoja (token)" and sub.quarantined


def test_an_oversize_eml_does_not_skip_the_size_limit(env: Env) -> None:
    from channels_support import mail_with

    adv = token(env, "neuvoja", ["submit"])
    mail = mail_with([("iso.pdf", b"%PDF-1.4\n" + b"2" * (2 * MIB), "application/pdf")])
    assert len(mail) > 2 * MIB
    r = env.client.post(
        "/api/v1/submissions", files=[("files", ("m.eml", mail, "message/rfc822"))], headers=adv
    )
    assert r.status_code == 202, r.text
    assert [x["error"]["code"] for x in r.json()["files"]] == ["too_large"]


def test_a_request_body_over_the_limit_is_refused_while_streaming(env: Env) -> None:
    adv = token(env, "neuvoja", ["submit"])
    # Declared too large: refused before the body is read
    r = _upload(env, adv, "huge.pdf", b"%PDF-1.4\n" + b"3" * (5 * MIB))
    assert r.status_code == 413 and r.json()["code"] == "request_too_large"

    # Streamed without a length (chunked): refused too
    def chunks() -> Any:
        for _ in range(64):
            yield b"x" * (256 * 1024)

    r = env.client.post(
        "/api/v1/submissions",
        content=chunks(),
        headers={**adv, "Content-Type": "multipart/form-data; boundary=zzz"},
    )
    assert r.status_code == 413 and r.json()["code"] == "request_too_large"


def test_files_per_request_are_capped(env: Env) -> None:
    from _web_support import text_pdf

    adv = token(env, "neuvoja", ["submit"])
    files = [("files", (f"f{i}.pdf", text_pdf([f"n{i}"]), "application/pdf")) for i in range(11)]
    r = env.client.post("/api/v1/submissions", files=files, headers=adv)
    assert r.status_code == 413 and r.json()["code"] == "too_many_files"


def test_the_body_limit_stops_reading_once_the_count_passes_it() -> None:
    import asyncio

    from api.limits import BodyLimit

    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * 1000, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def app(scope: Any, receive: Any, send: Any) -> None:
        while True:  # an application that reads for ever
            await receive()

    scope = {"type": "http", "method": "POST", "path": "/", "headers": []}
    # In a thread of its own: another test may leave an event loop set on this one
    t = threading.Thread(
        target=lambda: asyncio.run(BodyLimit(app, max_bytes=10_000)(scope, receive, send))
    )
    t.start()
    t.join()
    assert pulled == 11  # 11 000 bytes: the first chunk over the limit, and not one more
    assert sent[0]["status"] == 413


def test_the_review_list_filters_by_service_point_before_its_limit(env: Env) -> None:
    from datetime import timedelta

    from _web_support import seed_document

    # Given an advisor's older document behind five newer ones of another point
    mine = seed_document(env.rt, state="needs_review", age=timedelta(hours=2))["document_id"]
    for _ in range(5):
        seed_document(env.rt, state="needs_review", service_point="parainen-asiointipiste")
    from sqlalchemy import func, select

    from pipeline.db import session_scope
    from pipeline.models import Document, Submission

    with session_scope(env.rt.session_factory) as s:
        n_mine = s.scalar(
            select(func.count())
            .select_from(Document)
            .join(Submission, Submission.id == Document.submission_id)
            .where(Document.state == "needs_review", Submission.service_point == SERVICE_POINT)
        )
    adv = token(env, "neuvoja", ["review"])
    r = env.client.get(f"/api/v1/review?limit={n_mine}", headers=adv)
    assert r.status_code == 200
    ids = [d["document_id"] for d in r.json()]
    assert mine in ids and all(d["service_point"] == SERVICE_POINT for d in r.json())


def test_a_refused_bomb_is_never_rendered_as_a_preview(env: Env) -> None:
    from hostile_cases import huge_image_pdf

    adv = token(env, "neuvoja", ["submit", "documents:read"])
    f = _upload(env, adv, "bomb.pdf", huge_image_pdf()).json()["files"][0]
    assert f["error"]["code"] == "image_too_large"
    from sqlalchemy import select

    from auth.models import User
    from auth.security import encode_session
    from pipeline.db import session_scope

    with session_scope(env.rt.session_factory) as s:
        uid = s.scalar(select(User.id).where(User.username == "neuvoja"))
    secret = env.settings.secret_key.get_secret_value()
    cookie = {"Cookie": "aspa_session=" + encode_session({"uid": uid, "csrf": "x"}, secret)}
    r = env.client.get(f"/documents/{f['document_ids'][0]}/page1.png", headers=cookie)
    assert r.status_code == 409, r.status_code
