"""The whole story of a misrouted document through the running service (API, web pages and the
in-process workers), on SQLite and on PostgreSQL: deliver → return → re-route → acknowledge →
settle.

Kela gets a form that is not theirs and returns it with a reason; from then on Kela has its
own return record and nothing else (the document, its text, PDF, preview and reveal answer 404
like any other). The advisor sees the return flagged with its reason, is not led back to Kela,
re-routes the form to Vero; Vero acknowledges; the document is ``delivered`` and the quarter's
statement bills Vero once and Kela nothing.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _web_support import (
    FORM_LINES,
    HETU,
    PASSWORD,
    ReviewClassifier,
    add_users,
    build_app,
    document_state,
    make_runtime,
    make_settings,
    text_pdf,
)
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """The running service (API, web pages, in-process workers) on SQLite and on PostgreSQL."""
    from tests.conftest import _fresh_pg_database

    with contextlib.ExitStack() as stack:
        settings = make_settings(tmp_path_factory.mktemp("story") / "var")
        if request.param == "postgresql":
            url = stack.enter_context(_fresh_pg_database())
            settings = settings.model_copy(update={"database_url": url})
        rt = make_runtime(settings)
        stack.callback(rt.engine.dispose)
        assert rt.engine.dialect.name == request.param
        add_users(rt)
        app = build_app(settings, rt)
        with TestClient(app, follow_redirects=False):  # starts the in-process workers
            yield {"rt": rt, "app": app}


def signed_in(env: dict[str, Any], username: str) -> TestClient:
    from auth.security import decode_session

    client = TestClient(env["app"], follow_redirects=False)
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    r = client.post(
        "/login", data={"username": username, "password": PASSWORD, "csrf_token": token}
    )
    assert r.status_code == 303
    data = decode_session(client.cookies.get("aspa_session"), "test-secret-key-for-the-web-tests")  # type: ignore[arg-type]
    client.headers["X-CSRF-Token"] = str(data["csrf"])  # type: ignore[index]
    return client


def wait_state(rt: Any, doc_id: str, *states: str) -> str:
    deadline = time.monotonic() + 60
    while (state := document_state(rt, doc_id)) not in states:
        assert time.monotonic() < deadline, f"still {state}"
        time.sleep(0.1)
    return state


def deliveries_of(rt: Any, doc_id: str) -> list[Any]:
    from sqlalchemy import select

    from pipeline.db import session_scope
    from pipeline.models import Delivery

    with session_scope(rt.session_factory) as s:
        rows = list(
            s.scalars(
                select(Delivery)
                .where(Delivery.document_id == doc_id)
                .order_by(Delivery.round_no, Delivery.created_at)
            )
        )
        for d in rows:
            s.expunge(d)
        return rows


def test_deliver_return_reroute_acknowledge_settle(service: dict[str, Any]) -> None:
    from billing import Quarter
    from pipeline.db import utcnow

    rt = service["rt"]
    advisor, kela, vero = (signed_in(service, u) for u in ("neuvoja", "kela1", "vero1"))
    finance = signed_in(service, "talous")

    # Given a form the advisor uploads and sends to Kela
    pdf = text_pdf(FORM_LINES)
    r = advisor.post(
        "/api/v1/submissions", files=[("files", ("lomake.pdf", pdf, "application/pdf"))]
    )
    assert r.status_code == 202, r.text
    (doc_id,) = r.json()["files"][0]["document_ids"]
    wait_state(rt, doc_id, "needs_review")
    r = advisor.post(f"/advisor/documents/{doc_id}/decide", data={"service": "kela.asumistuki"})
    assert r.status_code == 303
    wait_state(rt, doc_id, "delivered")
    (first,) = deliveries_of(rt, doc_id)
    assert first.authority == "kela"
    receipt = advisor.get(f"/advisor/receipt?ids={doc_id}&lang=fi").text
    assert "Toimitettu: Kela" in receipt and "Alustava kuitti" not in receipt
    assert kela.get(f"/api/v1/documents/{doc_id}?text=true").status_code == 200
    kela_copy = Path(first.receipt["location"])
    assert (kela_copy / "document.pdf").is_file()  # the folder outbox: Kela's copy

    # When Kela returns it as not theirs (the reason names the customer's identity code)
    r = kela.post(
        f"/provider/deliveries/{first.id}/return",
        data={"reason": f"Ei Kelan asia, kuuluu Verolle ({HETU})"},
    )
    assert r.headers["location"] == "/provider?done=returned"
    assert document_state(rt, doc_id) == "needs_review"

    # Then Kela has lost the document like any other: its outbox copy is withdrawn, and page,
    # text, PDF, preview, reveal all answer 404
    assert not kela_copy.exists()
    for method, path in [
        ("GET", f"/provider/documents/{doc_id}"),
        ("POST", f"/provider/documents/{doc_id}/reveal"),
        ("GET", f"/api/v1/documents/{doc_id}?text=true"),
        ("GET", f"/api/v1/documents/{doc_id}/pdf"),
        ("GET", f"/documents/{doc_id}/page1.png"),
        ("GET", f"/api/v1/documents/{'0' * 32}"),  # the same answer as a document that never was
    ]:
        assert kela.request(method, path).status_code == 404, path
    # but keeps its own return record, without anything read from the document
    inbox = kela.get("/provider?state=returned").text
    assert "palautettu teiltä" in inbox and "131052-****" in inbox and HETU not in inbox
    assert f"/provider/documents/{doc_id}" not in inbox
    assert "Palautettu: ei enää käytettävissäsi" in inbox

    # And the advisor sees the return flagged, with its reason at the top, masked
    listing = advisor.get("/advisor?state=returned").text
    assert doc_id in listing and "palauttanut: Kela" in listing
    assert doc_id not in advisor.get("/advisor?state=delivered").text
    page = advisor.get(f"/advisor/documents/{doc_id}").text
    assert page.index("Palauttanut: Kela") < page.index('id="service"')
    assert "Ei Kelan asia, kuuluu Verolle (131052-****)" in page and HETU not in page
    assert not re.search(r'value="kela\.asumistuki"\s+selected', page)  # not pre-selected
    receipt = advisor.get(f"/advisor/receipt?ids={doc_id}&lang=fi").text
    assert "Odottaa palveluneuvojan päätöstä" in receipt and "Toimitettu" not in receipt

    # When the advisor picks Kela again, nothing is sent: a confirmation shows Kela's reason
    r = advisor.post(f"/advisor/documents/{doc_id}/decide", data={"service": "kela.asumistuki"})
    assert r.headers["location"] == f"/advisor/documents/{doc_id}?resend=kela.asumistuki"
    confirm = advisor.get(r.headers["location"]).text
    assert "Lähetetäänkö uudelleen viranomaiselle Kela?" in confirm
    assert 'name="confirm_resend" value="yes"' in confirm
    # (the API asks the same: 409 unless the decision says confirm_resend)
    r = advisor.post(
        f"/api/v1/review/{doc_id}", json={"authority": "kela", "service": "kela.asumistuki"}
    )
    assert (r.status_code, r.json()["code"]) == (409, "resend_needs_confirmation")
    assert len(deliveries_of(rt, doc_id)) == 1

    # and re-routes it to Vero instead
    r = advisor.post(
        f"/advisor/documents/{doc_id}/decide", data={"service": "vero.kotitalousvahennys"}
    )
    assert r.headers["location"].endswith("done=corrected")
    wait_state(rt, doc_id, "delivered")  # returned deliveries are history, not blockers
    old, new = deliveries_of(rt, doc_id)
    assert (old.state, new.state, new.authority, new.round_no) == (
        "returned",
        "delivered",
        "vero",
        2,
    )
    assert new.id != old.id  # a new delivery: a new idempotency key at the provider
    assert (Path(new.receipt["location"]) / "document.pdf").is_file() and not kela_copy.exists()

    # Vero sees it, but not what Kela's staff did; Vero acknowledges
    page = vero.get(f"/provider/documents/{doc_id}").text
    assert "kela1" not in page
    r = vero.post(f"/provider/deliveries/{new.id}/ack")
    assert r.status_code == 303
    assert deliveries_of(rt, doc_id)[1].state == "acknowledged"
    assert kela.get(f"/api/v1/documents/{doc_id}").status_code == 404
    receipt = advisor.get(f"/advisor/receipt?ids={doc_id}&lang=sv").text
    assert "Levererat till: Skatteförvaltningen" in receipt

    # Then the quarter's statement bills Vero once and Kela nothing for this document
    tariff = (ROOT / "billing" / "tariff.example.yaml").read_bytes()
    r = finance.post(
        "/api/v1/billing/tariffs", files={"file": ("tariff.yaml", tariff, "application/yaml")}
    )
    assert r.status_code == 201, r.text
    quarter = str(Quarter.of(utcnow()))
    statement = finance.get(f"/api/v1/billing/statements/{quarter}")
    assert statement.status_code == 200, statement.text
    counts: dict[str, int] = {}
    for section in statement.json()["sections"]:
        for line in section["lines"]:
            if line["event_type"] == 3:
                counts[section["provider"]] = counts.get(section["provider"], 0) + line["count"]
    assert counts.get("vero") == 1 and counts.get("kela", 0) == 0, counts


def test_return_then_confirmed_resend_to_the_same_authority(service: dict[str, Any]) -> None:
    from sqlalchemy import select

    from billing.models import BillableEvent
    from pipeline.db import session_scope

    rt = service["rt"]
    advisor, kela = signed_in(service, "neuvoja"), signed_in(service, "kela1")
    # Given a form delivered to Kela and returned by Kela
    r = advisor.post(
        "/api/v1/submissions",
        files=[("files", ("toinen.pdf", text_pdf([*FORM_LINES, "Liite 2"]), "application/pdf"))],
    )
    (doc_id,) = r.json()["files"][0]["document_ids"]
    wait_state(rt, doc_id, "needs_review")
    advisor.post(f"/advisor/documents/{doc_id}/decide", data={"service": "kela.asumistuki"})
    wait_state(rt, doc_id, "delivered")
    (first,) = deliveries_of(rt, doc_id)
    kela.post(f"/provider/deliveries/{first.id}/return", data={"reason": "Liite puuttuu"})
    # When the advisor, having read the reason, confirms sending it to Kela again
    r = advisor.post(
        f"/advisor/documents/{doc_id}/decide",
        data={"service": "kela.asumistuki", "confirm_resend": "yes"},
    )
    assert r.headers["location"].endswith("done=confirmed")
    wait_state(rt, doc_id, "delivered")
    old, new = deliveries_of(rt, doc_id)
    assert (old.state, new.state, new.authority, new.round_no) == (
        "returned",
        "delivered",
        "kela",
        2,
    )
    # Then Kela sees a new delivery marked as sent again, and its own earlier return apart
    inbox = kela.get("/provider").text
    assert "lähetetty uudelleen palautuksenne jälkeen" in inbox
    assert inbox.count(f"/provider/documents/{doc_id}") == 1  # the new one opens the document
    page = kela.get(f"/provider/documents/{doc_id}").text
    assert "Palautitte tämän asiakirjan aiemmin" in page and "Liite puuttuu" in page
    assert f"/provider/deliveries/{new.id}/ack" in page
    assert f"/provider/deliveries/{old.id}/" not in page  # the old one offers no action
    assert kela.post(f"/provider/deliveries/{new.id}/ack").status_code == 303
    # and the ledger holds the first charge, its reversal and one new charge, all Kela's
    with session_scope(rt.session_factory) as s:
        events = sorted(
            (e.kind, e.provider)
            for e in s.scalars(select(BillableEvent).where(BillableEvent.document_id == doc_id))
        )
    assert events == [("charge", "kela"), ("charge", "kela"), ("reversal", "kela")]


def test_a_letter_naming_kela_that_the_model_calls_none_is_suggested_then_confirmed(
    service: dict[str, Any],
) -> None:
    # The model says "none of ours" about a letter to Kela in wording it has never seen: the
    # service suggests Kela's likeliest service for review (never delivered on its own, never
    # shown to Kela), says why in the advisor's language, and once the advisor confirms it the
    # document reaches Kela, is acknowledged and billed to Kela once.
    from sqlalchemy import select

    from billing.models import BillableEvent
    from classifiers.catalogue import load_catalogue
    from classifiers.dataset import NONE
    from classifiers.decision import CombinedClassifier
    from classifiers.rules import RuleClassifier
    from classifiers.testing import FixedModel
    from pipeline.db import session_scope

    rt = service["rt"]
    answer = [(NONE, 0.93), ("kela.sairauspaivaraha", 0.05), ("vero.verokortti", 0.02)]
    rt.set_classifier(
        CombinedClassifier(
            RuleClassifier(load_catalogue(), min_confidence=0.9),
            FixedModel(answer, threshold=0.8),
            min_confidence=0.9,
        )
    )
    try:
        advisor, kela = signed_in(service, "neuvoja"), signed_in(service, "kela1")
        letter = text_pdf(["Hei Kela,", "mursin ranteeni enkä pysty lypsämään kuuteen viikkoon.",
                           "Mitä minun pitää tehdä?", "Terveisin Matti"])  # fmt: skip
        r = advisor.post(
            "/api/v1/submissions", files=[("files", ("kirje.pdf", letter, "application/pdf"))]
        )
        assert r.status_code == 202, r.text
        (doc_id,) = r.json()["files"][0]["document_ids"]
        assert wait_state(rt, doc_id, "needs_review", "delivered") == "needs_review"
        assert deliveries_of(rt, doc_id) == []
        assert kela.get(f"/api/v1/documents/{doc_id}").status_code == 404
        page = advisor.get(f"/advisor/documents/{doc_id}?lang=fi").text
        assert "Vain viranomaisen nimi viittaa tähän palveluun" in page
        assert re.search(r'value="kela\.sairauspaivaraha"\s+selected', page)

        r = advisor.post(
            f"/advisor/documents/{doc_id}/decide", data={"service": "kela.sairauspaivaraha"}
        )
        assert r.status_code == 303
        wait_state(rt, doc_id, "delivered")
        (delivery,) = deliveries_of(rt, doc_id)
        assert delivery.authority == "kela"
        assert kela.post(f"/provider/deliveries/{delivery.id}/ack").status_code == 303
        with session_scope(rt.session_factory) as s:
            events = [
                (e.kind, e.provider)
                for e in s.scalars(select(BillableEvent).where(BillableEvent.document_id == doc_id))
            ]
        assert events == [("charge", "kela")]
    finally:
        rt.set_classifier(ReviewClassifier())
