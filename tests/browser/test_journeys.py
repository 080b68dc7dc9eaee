"""The five journeys in a real browser (Debian's Chromium), with an axe-core check of every page.

A screenshot of each page goes to ``test-artifacts/screenshots/``. The stand-in classifier (see
``tests/_web_support.py``) sends every upload to review, so the advisor's confirmation is what
routes it.
"""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path
from typing import Any

import pytest
from _web_support import FORM_LINES, HETU, PASSWORD, document_state, seed_document, text_pdf

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
LiveServer = Any

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def check_page(page: Any, name: str) -> None:
    """Screenshot, then axe-core: no serious or critical violation; no full identity code."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} – "
        + "; ".join(
            n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
            for n in v["nodes"][:3]
        )
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"axe on {name}:\n" + "\n".join(bad)
    assert page.locator("html").get_attribute("lang") in ("fi", "sv", "en")
    assert HETU not in page.content() or name.endswith("revealed")


def login(page: Any, username: str) -> None:
    page.goto("/login")
    page.get_by_label(re.compile("Käyttäjätunnus|User name|Användarnamn")).fill(username)
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, f"{username} could not sign in"


def wait_until(predicate: Any, timeout_s: float = 20, what: str = "") -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def journey() -> dict[str, str]:
    """Ids shared by the journeys, in order (advisor → right provider → wrong provider)."""
    return {}


def test_1_advisor_uploads_and_confirms(
    new_page: Any, live_server: LiveServer, journey: dict[str, str], tmp_path: Path
) -> None:
    page = new_page()
    page.goto("/login")
    check_page(page, "01-login")
    login(page, "neuvoja")
    assert page.url.endswith("/advisor")
    check_page(page, "02-advisor-home")

    # Given a scan of a housing-allowance form, uploaded with another file at once
    scan = tmp_path / "asumistuki.pdf"
    scan.write_bytes(text_pdf(FORM_LINES))
    second = tmp_path / "liite.pdf"
    second.write_bytes(text_pdf(["Liite", "Vuokrasopimus"]))
    page.locator("#files").set_input_files([str(scan), str(second)])
    page.get_by_role("button", name="Lataa").click()
    # the upload shows its progress and then each document's state as it changes
    page.wait_for_function("document.getElementById('upload-progress').value === 100")
    page.wait_for_function(
        "document.querySelectorAll('#upload-results .state-needs_review').length === 2",
        timeout=60_000,
    )
    assert page.locator("#upload-results a").count() == 2
    href = page.locator("#upload-results a", has_text="asumistuki.pdf").get_attribute("href")
    doc_id = href.rsplit("/", 1)[-1]
    journey["document_id"] = doc_id
    assert document_state(live_server.rt, doc_id) == "needs_review"

    # When the advisor opens it, sees the preview, text and suggestion, and confirms
    page.goto(href)
    preview = page.locator("img.preview")
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=preview.element_handle()
    )
    assert "131052-****" in page.locator("pre.ocr").inner_text()
    assert page.locator("#service").input_value() == "kela.asumistuki"
    assert page.locator("#instruction").inner_text().strip()
    check_page(page, "03-advisor-document")
    page.get_by_role("button", name="Vahvista ja toimita").click()
    page.wait_for_load_state()
    assert "vahvistettiin" in page.locator(".notice").inner_text()

    # Then the document is delivered to Kela, and the customer gets a receipt
    wait_until(lambda: document_state(live_server.rt, doc_id) == "delivered", what="delivery")
    page.goto(f"/advisor/receipt?ids={doc_id}")
    assert "Kela" in page.locator("table").inner_text()
    check_page(page, "04-advisor-receipt")
    page.get_by_role("link", name="Svenska").click()  # in the customer's language
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert "Levererat till: FPA" in page.locator("table").inner_text()  # what happened, truly
    assert "Så behandlades dina dokument" in page.locator("caption").inner_text()

    # and records a remote service event (type 2) for Vero
    page.goto("/advisor/events")
    page.locator("#type-2").check()
    page.locator("#provider").select_option("vero")
    page.get_by_role("button", name="Kirjaa palvelutapahtuma").click()
    page.wait_for_load_state()
    assert "kirjattiin" in page.locator(".notice").inner_text()
    assert "Etäpalvelu" in page.locator("table").inner_text()
    check_page(page, "05-advisor-events")


def test_2_right_provider_sees_and_acknowledges(new_page: Any, journey: dict[str, str]) -> None:
    doc_id = journey.get("document_id") or pytest.skip("journey 1 did not deliver a document")
    page = new_page()
    login(page, "kela1")
    row = page.locator("tr", has=page.locator(f"a[href='/provider/documents/{doc_id}']"))
    assert row.count() == 1
    assert "131052-****" in row.inner_text()
    check_page(page, "06-provider-inbox")
    page.locator(f"a[href='/provider/documents/{doc_id}']").click()
    page.wait_for_load_state()
    assert page.locator("iframe.pdf").count() == 1
    check_page(page, "07-provider-document")
    page.get_by_role("button", name="Kuittaa vastaanotetuksi").click()
    page.wait_for_load_state()
    assert "kuitattu" in page.locator(".notice").inner_text().lower()
    audit = page.locator("#audit-h + table").inner_text()
    assert "kuitattu" in audit and "kela1" in audit and "vahvistettu" in audit


def test_3_other_provider_cannot_see_it(new_page: Any, journey: dict[str, str]) -> None:
    doc_id = journey.get("document_id") or pytest.skip("journey 1 did not deliver a document")
    page = new_page()
    login(page, "vero1")
    assert doc_id not in page.content()
    check_page(page, "08-other-provider-inbox")
    response = page.goto(f"/provider/documents/{doc_id}")
    assert response.status == 404
    check_page(page, "09-other-provider-404")
    api = page.request.get(f"/api/v1/documents/{doc_id}/pdf")
    assert api.status == 404


def test_4_operator_requeues_a_dead_letter(new_page: Any, live_server: LiveServer) -> None:
    dead = seed_document(
        live_server.rt,
        state="failed",
        delivery="dead",
        error_code="delivery_permanent",
        authority="vero",
        service="vero.verokortti",
    )
    page = new_page()
    login(page, "operaattori")
    assert page.url.endswith("/operator")
    row = page.locator("#dead-table tbody tr", has_text="delivery_permanent")
    assert row.count() >= 1
    check_page(page, "10-operator-dashboard")
    # the dashboard refreshes itself
    first = page.locator("#updated").inner_text()
    page.wait_for_function(
        "t => document.getElementById('updated').textContent !== t", arg=first, timeout=8000
    )
    page.locator(f"form[action='/operator/deliveries/{dead['delivery_id']}/retry'] button").click()
    page.wait_for_load_state()
    assert "queued again" in page.locator(".notice").inner_text()
    wait_until(
        lambda: document_state(live_server.rt, dead["document_id"]) == "delivered",
        what="the requeued delivery",
    )
    page.goto(f"/operator/documents/{dead['document_id']}")
    assert "delivery_retry" in page.locator("#audit-h + table").inner_text()
    check_page(page, "11-operator-document")


def test_5_finance_downloads_a_statement(new_page: Any, journey: dict[str, str]) -> None:
    page = new_page()
    login(page, "talous")
    assert page.url.endswith("/finance")
    check_page(page, "12-finance")
    assert "Kela" in page.locator("#st-h ~ table").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="Tilitys (CSV)").click()
    download = info.value
    target = SCREENSHOTS.parent / "downloads" / download.suggested_filename
    target.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(str(target))
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) >= 2 and any("kela" in ",".join(r) for r in rows[1:])


def test_6_misrouted_document_is_returned_and_rerouted(
    new_page: Any, live_server: LiveServer
) -> None:
    # Given a document delivered to Kela that is not Kela's
    ids = seed_document(live_server.rt, state="delivered", delivery="delivered")
    doc_id = ids["document_id"]
    page = new_page()
    login(page, "kela1")
    page.goto(f"/provider/documents/{doc_id}")
    # When Kela returns it with a reason
    page.get_by_label("Palautuksen syy").fill("Kuuluu Verolle")
    page.get_by_role("button", name="Palauta väärin ohjattuna").click()
    page.wait_for_load_state()
    # Then Kela keeps its return record but no longer has the document
    page.goto("/provider?state=returned")
    assert "Kuuluu Verolle" in page.locator("table").inner_text()
    check_page(page, "15-provider-return-record")
    assert page.goto(f"/provider/documents/{doc_id}").status == 404
    # and the advisor sees it flagged, with the reason first and nothing pre-selected
    page = new_page()
    login(page, "neuvoja")
    page.goto("/advisor?state=returned")
    assert "palauttanut: Kela" in page.locator("table").inner_text()
    check_page(page, "16-advisor-returned-list")
    page.locator(f"a[href='/advisor/documents/{doc_id}']").click()
    page.wait_for_load_state()
    assert "Kuuluu Verolle" in page.locator(".returned-notice").inner_text()
    assert page.locator("#service").input_value() == ""
    # When the advisor picks Kela again, a confirmation with Kela's reason is asked for
    page.locator("#service").select_option("kela.asumistuki")
    page.get_by_role("button", name="Vahvista ja toimita").click()
    page.wait_for_load_state()
    assert "Kuuluu Verolle" in page.locator(".confirm-resend").inner_text()
    check_page(page, "17-advisor-confirm-resend")
    # and choosing Vero instead delivers it there
    page.get_by_role("link", name="Ei, valitse toinen palvelu").click()
    page.wait_for_load_state()
    page.locator("#service").select_option("vero.kotitalousvahennys")
    page.get_by_role("button", name="Vahvista ja toimita").click()
    page.wait_for_load_state()
    wait_until(lambda: document_state(live_server.rt, doc_id) == "delivered", what="re-route")


def test_pages_in_swedish_and_language_switch(new_page: Any) -> None:
    page = new_page()
    login(page, "radgivare")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", level=1).inner_text() == "Dokument"
    assert page.get_by_role("button", name="Ladda upp").count() == 1
    check_page(page, "13-advisor-home-sv")
    page.locator("#lang-select").select_option("fi")
    page.get_by_role("button", name="Byt").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fi"
    assert page.get_by_role("heading", level=1).inner_text() == "Asiakirjat"
    page.locator("#lang-select").select_option("sv")
    page.get_by_role("button", name="Vaihda").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "sv"


def test_admin_users_page(new_page: Any) -> None:
    page = new_page()
    login(page, "admin")
    page.goto("/admin/users")
    assert page.get_by_role("cell", name="kela1", exact=True).count() == 1
    check_page(page, "14-admin-users")


def test_axe_check_catches_a_violation(new_page: Any) -> None:
    """The accessibility check can fail: an unlabelled field on the login page is caught."""
    page = new_page()
    page.goto("/login")
    page.evaluate("""() => {
        const i = document.createElement('input'); i.id = 'unlabelled';
        document.querySelector('main').appendChild(i);
        const low = document.createElement('p'); low.textContent = 'grey on grey';
        low.style.color = '#bbb'; low.style.background = '#ccc';
        document.querySelector('main').appendChild(low);
    }""")
    with pytest.raises(AssertionError, match=r"label|color-contrast"):
        check_page(page, "99-axe-negative-control")
