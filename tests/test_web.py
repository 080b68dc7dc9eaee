"""The web app's parts: translations, sessions, passwords, the users CLI, dashboard, metrics,
previews, audit, and the provider's return of a misrouted document."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from _web_support import (
    PASSWORD,
    add_users,
    build_app,
    document_state,
    make_runtime,
    make_settings,
    seed_document,
    text_pdf,
)
from fastapi.testclient import TestClient
from sqlalchemy import select

# --- translations --------------------------------------------------------------------------------


def test_every_message_is_translated_to_finnish_and_swedish() -> None:
    from web.i18n import catalogue
    from web.i18n_tools import extract

    ids = extract()
    assert len(ids) > 100
    for lang in ("fi", "sv"):
        missing = [m for m in ids if m not in catalogue(lang)]
        assert not missing, f"{lang} lacks: {missing[:10]}"


def test_gettext_falls_back_to_english_and_fills_values() -> None:
    from web.i18n import gettext, negotiate

    assert gettext("sv", "Sign in") == "Logga in"
    assert gettext("fi", "Sign in") == "Kirjaudu sisään"
    assert gettext("en", "Sign in") == "Sign in"
    assert gettext("fi", "No such message %(n)s", n=3) == "No such message 3"
    assert gettext("de", "Sign in") == "Sign in"
    assert negotiate("sv-FI,sv;q=0.9,en;q=0.5") == "sv"
    assert negotiate("de-DE") == "fi"


def test_templates_have_no_untranslated_visible_text() -> None:
    """Text between tags must come from ``_()``, not be typed into the template."""
    templates = Path(__file__).resolve().parent.parent / "web" / "templates"
    allowed = re.compile(r"^[\s·:,()–\-%|.0-9]*$")
    offenders = []
    for path in templates.rglob("*.html"):
        src = re.sub(r"{[{%#].*?[}%#]}", "", path.read_text(), flags=re.S)
        src = re.sub(r"<(script|style)\b.*?</\1>", "", src, flags=re.S)
        for text in re.findall(r">([^<>]+)<", src):
            if not allowed.match(text.replace("aspa-docflow", "").replace("2026Q4", "")):
                offenders.append(f"{path.name}: {text.strip()!r}")
    assert not offenders, offenders


# --- sessions and passwords ----------------------------------------------------------------------


def test_session_cookie_round_trip_tamper_and_expiry() -> None:
    from auth.security import decode_session, encode_session

    value = encode_session({"uid": "u1", "csrf": "c"}, "k")
    assert decode_session(value, "k")["uid"] == "u1"  # type: ignore[index]
    assert decode_session(value, "other") is None
    payload, mac = value.split(".")
    assert decode_session(payload[:-2] + "xx." + mac, "k") is None
    assert decode_session(value, "k", max_age_s=-1) is None
    assert decode_session("garbage", "k") is None


def test_passwords_are_argon2_and_checked() -> None:
    from auth.security import hash_password, verify_password

    h = hash_password("a long secret")
    assert h.startswith("$argon2id$")
    assert verify_password(h, "a long secret")
    assert not verify_password(h, "a long secreT")
    assert not verify_password("not a hash", "x")
    with pytest.raises(ValueError):
        hash_password("short")


# --- the users CLI -------------------------------------------------------------------------------


def test_users_cli_add_list_disable_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from aspa.cli.users import app

    settings = make_settings(tmp_path / "var")
    make_runtime(settings).engine.dispose()
    monkeypatch.setenv("ASPA_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ASPA_ENVIRONMENT", "test")
    run = CliRunner().invoke
    r = run(app, ["add", "admin", "--role", "admin", "--password-stdin"], input=PASSWORD + "\n")
    assert r.exit_code == 0, r.output
    r = run(app, ["add", "k1", "--role", "provider", "--password-stdin"], input=PASSWORD + "\n")
    assert r.exit_code == 2 and "--authority" in r.output  # asked before the password
    r = run(
        app,
        [
            "add",
            "k1",
            "--role",
            "provider",
            "--authority",
            "kela",
            "--language",
            "sv",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
    )
    assert r.exit_code == 0
    r = run(app, ["add", "x", "--role", "wizard", "--password-stdin"], input=PASSWORD + "\n")
    assert r.exit_code == 2
    r = run(
        app,
        [
            "token",
            "create",
            "--user",
            "k1",
            "--scope",
            "deliveries:read",
            "--scope",
            "deliveries:ack",
        ],
    )
    assert r.exit_code == 0 and r.output.strip().startswith("aspa_")
    token = r.output.strip()
    r = run(app, ["token", "create", "--user", "k1", "--scope", "everything"])
    assert r.exit_code == 2
    r = run(app, ["disable", "k1"])
    assert r.exit_code == 0
    r = run(app, ["list"])
    assert "admin\tadmin" in r.output and "k1\tprovider\tkela\tsv\tdisabled" in r.output
    assert PASSWORD not in r.output and token not in r.output


# --- a running app -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    settings = make_settings(tmp_path_factory.mktemp("web") / "var")
    rt = make_runtime(settings)
    add_users(rt)
    app = build_app(settings, rt)
    with TestClient(app, follow_redirects=False) as client:
        yield {"client": client, "rt": rt, "app": app}


def signed_in(env: dict[str, Any], username: str) -> TestClient:
    client = TestClient(env["app"], follow_redirects=False)
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    r = client.post(
        "/login", data={"username": username, "password": PASSWORD, "csrf_token": token}
    )
    assert r.status_code == 303
    client.headers["X-CSRF-Token"] = token_of(client)
    return client


def token_of(client: TestClient) -> str:
    """The CSRF token of the client's (new, signed-in) session."""
    from auth.security import decode_session

    raw = client.cookies.get("aspa_session")
    data = decode_session(raw, "test-secret-key-for-the-web-tests")  # type: ignore[arg-type]
    return str(data["csrf"])  # type: ignore[index]


def test_dashboard_numbers(app_env: dict[str, Any]) -> None:
    from pipeline.db import session_scope
    from web.dashboard import queue_stats

    rt = app_env["rt"]
    with session_scope(rt.session_factory) as s:
        before = queue_stats(s)
    seed_document(rt, state="needs_review", age=timedelta(hours=2))
    seed_document(rt, state="failed", delivery="dead", error_code="delivery_permanent")
    with session_scope(rt.session_factory) as s:
        after = queue_stats(s)
    assert after["documents"]["needs_review"] == before["documents"]["needs_review"] + 1
    assert after["deliveries"]["dead"] == before["deliveries"]["dead"] + 1
    assert after["oldest_waiting_s"]["review"] >= 2 * 3600 - 5
    assert after["error_codes"]["delivery_permanent"] >= 2  # the document and its delivery
    op = signed_in(app_env, "operaattori")
    body = op.get("/operator/stats").json()
    assert body["documents"] == after["documents"]


def test_metrics_from_the_database(app_env: dict[str, Any]) -> None:
    rt = app_env["rt"]
    seed_document(rt, state="delivered", delivery="delivered")
    op = signed_in(app_env, "operaattori")
    text = op.get("/metrics").text
    assert re.search(r'aspa_documents\{state="delivered"\} [1-9]', text)
    assert 'aspa_deliveries{state="dead"}' in text
    assert re.search(r"aspa_ocr_pages_total [1-9]", text)
    assert 'aspa_oldest_waiting_seconds{stage="review"}' in text
    assert "aspa_stage_duration_seconds_bucket" in text
    assert re.search(
        r'aspa_http_request_duration_seconds_count\{handler="login_page",'
        r'method="GET",status="2xx"\} [1-9]',
        text,
    )
    fin = signed_in(app_env, "talous")
    assert fin.get("/metrics").status_code == 403


def test_preview_png_and_audit(app_env: dict[str, Any]) -> None:
    from pipeline.db import session_scope
    from pipeline.models import AuditEvent

    rt = app_env["rt"]
    ids = seed_document(rt, state="needs_review")
    adv = signed_in(app_env, "neuvoja")
    r = adv.get(f"/documents/{ids['document_id']}/page1.png")
    assert r.status_code == 200 and r.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert adv.get(f"/advisor/documents/{ids['document_id']}").status_code == 200
    assert adv.get(f"/api/v1/documents/{ids['document_id']}/pdf").status_code == 200
    with session_scope(rt.session_factory) as s:
        actions = [
            (a.actor, a.action)
            for a in s.scalars(
                select(AuditEvent)
                .where(AuditEvent.document_id == ids["document_id"])
                .order_by(AuditEvent.id)
            )
        ]
    assert ("neuvoja", "previewed") in actions
    assert ("neuvoja", "viewed") in actions
    assert ("neuvoja", "downloaded") in actions


def test_thumbnail_of_pdf_and_broken_file() -> None:
    from PIL import Image

    from pipeline.errors import CorruptFileError
    from web.thumbnails import page_png

    png = page_png(text_pdf(["Hello"]), "application/pdf", width_px=300)
    import io

    assert Image.open(io.BytesIO(png)).size[0] == 300
    with pytest.raises(CorruptFileError):
        page_png(b"%PDF-1.4 broken", "application/pdf")


def test_provider_returns_misrouted_document(app_env: dict[str, Any]) -> None:
    from billing.ledger import record_document_event
    from billing.models import BillableEvent
    from pipeline.db import session_scope, utcnow

    rt = app_env["rt"]
    ids = seed_document(rt, state="delivered", delivery="delivered")
    with session_scope(rt.session_factory) as s:
        record_document_event(
            s,
            document_id=ids["document_id"],
            service_point="sp",
            provider="kela",
            service="kela.asumistuki",
            occurred_at=utcnow(),
        )
    kela = signed_in(app_env, "kela1")
    r = kela.post(f"/provider/deliveries/{ids['delivery_id']}/return", data={"reason": " "})
    assert r.status_code == 303 and "problem=" in r.headers["location"]
    r = kela.post(
        f"/provider/deliveries/{ids['delivery_id']}/return", data={"reason": "Tämä kuuluu Verolle"}
    )
    assert r.status_code == 303 and r.headers["location"] == "/provider?done=returned"
    assert document_state(rt, ids["document_id"]) == "needs_review"
    with session_scope(rt.session_factory) as s:
        kinds = sorted(
            e.kind
            for e in s.scalars(
                select(BillableEvent).where(BillableEvent.document_id == ids["document_id"])
            )
        )
    assert kinds == ["charge", "reversal"]


def test_operator_requeues_a_failed_document(app_env: dict[str, Any]) -> None:
    rt = app_env["rt"]
    ids = seed_document(rt, state="failed", error_code="processing_failed")
    op = signed_in(app_env, "operaattori")
    r = op.post(f"/operator/documents/{ids['document_id']}/requeue")
    assert r.headers["location"] == "/operator?done=requeued"
    deadline = time.monotonic() + 15
    while document_state(rt, ids["document_id"]) != "needs_review":
        assert time.monotonic() < deadline, document_state(rt, ids["document_id"])
        time.sleep(0.1)
    r = op.post(f"/operator/documents/{ids['document_id']}/requeue")
    assert "problem=" in r.headers["location"]  # not failed any more


def test_advisor_records_service_events(app_env: dict[str, Any]) -> None:
    from billing.models import BillableEvent
    from pipeline.db import session_scope

    rt = app_env["rt"]
    adv = signed_in(app_env, "neuvoja")
    form = {
        "event_type": "4",
        "provider": "poliisi",
        "service": "poliisi.passi",
        "form_id": "abc123",
    }
    assert adv.post("/advisor/events", data=form).headers["location"].endswith("done=event")
    adv.post("/advisor/events", data=form)  # a double submit posts nothing new
    bad = adv.post("/advisor/events", data={**form, "event_type": "3", "form_id": "x"})
    assert "problem=" in bad.headers["location"]
    wrong = adv.post("/advisor/events", data={**form, "provider": "kela", "form_id": "y"})
    assert "problem=" in wrong.headers["location"]
    with session_scope(rt.session_factory) as s:
        events = list(s.scalars(select(BillableEvent).where(BillableEvent.source == "web")))
    assert [(e.event_type, e.provider, e.advisor, e.service_point) for e in events] == [
        (4, "poliisi", "neuvoja", "mikkeli-asiointipiste")
    ]


def test_error_pages_are_html_for_browsers(app_env: dict[str, Any]) -> None:
    kela = signed_in(app_env, "kela1")
    r = kela.get("/provider/documents/" + "0" * 32, headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "Ei löytynyt" in r.text
    r = kela.get("/api/v1/documents/" + "0" * 32, headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_confirming_a_moved_service_delivers_to_todays_provider(app_env: dict[str, Any]) -> None:
    """TE services moved to the municipalities in 2025: confirming the machine's "te" suggestion
    is a confirmation (not a correction), and the municipality's staff get the document."""
    from auth import create_user
    from pipeline.db import session_scope
    from pipeline.models import Delivery

    rt = app_env["rt"]
    with session_scope(rt.session_factory) as s:
        create_user(s, username="kunta1", password=PASSWORD, role="provider", authority="kunta")
    ids = seed_document(rt, state="needs_review", authority="te", service="te.tyonhakija")
    adv = signed_in(app_env, "neuvoja")
    page = adv.get(f"/advisor/documents/{ids['document_id']}")
    assert "(→ Kunta 1.1.2025 alkaen)" in page.text
    r = adv.post(
        f"/advisor/documents/{ids['document_id']}/decide", data={"service": "te.tyonhakija"}
    )
    assert r.headers["location"].endswith("done=confirmed")
    deadline = time.monotonic() + 15
    while document_state(rt, ids["document_id"]) != "delivered":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    with session_scope(rt.session_factory) as s:
        (d,) = s.scalars(select(Delivery).where(Delivery.document_id == ids["document_id"]))
        assert d.authority == "kunta"
    kunta = signed_in(app_env, "kunta1")
    assert ids["document_id"] in kunta.get("/provider").text


def test_admin_adds_and_disables_users(app_env: dict[str, Any]) -> None:
    admin = signed_in(app_env, "admin")
    form = {
        "username": "uusi",
        "password": PASSWORD,
        "role": "provider",
        "authority": "vero",
        "language": "sv",
        "display_name": "Uusi Käsittelijä",
    }
    assert admin.post("/admin/users", data=form).headers["location"].endswith("user_added")
    again = admin.post("/admin/users", data=form).headers["location"]
    assert "problem=" in again  # exists already
    short = admin.post("/admin/users", data={**form, "username": "x2", "password": "short"})
    assert "problem=" in short.headers["location"]
    page = admin.get("/admin/users")
    assert "Uusi Käsittelijä" in page.text and "Finnish Tax Administration" in page.text
    assert PASSWORD not in page.text and "$argon2" not in page.text
    new = signed_in(app_env, "uusi")
    assert new.get("/provider").status_code == 200
    assert admin.post("/admin/users/uusi/disable").headers["location"].endswith("user_disabled")
    assert new.get("/provider", headers={"Accept": "text/html"}).status_code == 303
    assert "problem=" in admin.post("/admin/users/admin/disable").headers["location"]


def test_document_page_shows_why_the_machine_suggested_it(app_env: dict[str, Any]) -> None:
    """The evidence a machine decision recorded (codes, titles, look-alikes, the model's words)
    is on the advisor's document page, with the reason it went to review."""
    from pipeline.db import session_scope
    from pipeline.models import Classification

    rt = app_env["rt"]
    ids = seed_document(rt, state="needs_review", authority="kela", service="kela.lapsilisa")

    def page_with(evidence: dict[str, Any], reason: str) -> str:
        with session_scope(rt.session_factory) as s:
            (c,) = s.scalars(
                select(Classification).where(Classification.document_id == ids["document_id"])
            )
            c.details = {"evidence": evidence, "review_reason": reason}
        client = signed_in(app_env, "neuvoja")
        return str(client.get(f"/advisor/documents/{ids['document_id']}").text)

    evidence = {
        "authority_named": False, "codes": ["LL 1 (edge)"], "titles": ["barnbidrag"],
        "keywords": [], "lookalikes": ["Försäkringskassan"], "model_terms": [["barnbidrag", 3.1]],
    }  # fmt: skip
    page = page_with(evidence, "lookalike")
    assert "Miksi tämä ehdotus" in page and "Toisen myöntäjän lomake" in page
    assert "LL 1 (edge)" in page and "Försäkringskassan" in page and "barnbidrag" in page
    assert "taivutetussa muodossa" not in page
    evidence |= {"base_form_phrases": ["verokortti"], "authority_named_in_base_form": True}
    page = page_with(evidence, "low_confidence")
    assert "Avainsanat taivutetussa muodossa" in page and "verokortti" in page
    assert "Viranomainen mainittu taivutetussa muodossa" in page
