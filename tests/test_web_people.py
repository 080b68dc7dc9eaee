"""Issue 14: every word in the user's language, Finnish time, error pages, the smaller fixes."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from _web_support import (
    HETU,
    add_users,
    build_app,
    make_runtime,
    make_settings,
    seed_document,
    signed_in_client,
)
from fastapi.testclient import TestClient

# --- the catalogue -------------------------------------------------------------------------------


def test_every_error_class_has_finnish_and_swedish_words() -> None:
    """Walks the whole error tree (pipeline, billing, channels, auth, classifiers)."""
    from web.error_text import error_classes
    from web.i18n import catalogue

    classes = error_classes()
    assert len(classes) > 30
    for lang in ("fi", "sv"):
        missing = [c.__name__ for c in classes if c.message not in catalogue(lang)]
        assert not missing, f"{lang} lacks the words of {missing}"


def test_error_text_fills_values_and_falls_back_to_the_class_words() -> None:
    from pipeline.errors import ConflictError, TooManyPagesError
    from web.error_text import error_text, exc_text

    e = TooManyPagesError("The PDF has 101 pages; the limit is 100. Split it into smaller parts.")
    assert exc_text("fi", e) == "PDF:ssä on 101 sivua; raja on 100. Jaa se pienempiin osiin."
    assert exc_text("sv", e).startswith("PDF-filen har 101 sidor")
    assert exc_text("en", e) == e.message
    # A message nobody wrote a pattern for: the class's words, never the English text.
    odd = ConflictError("Service 'x' does not belong to authority 'y'.")
    assert exc_text("fi", odd) == "Kohteen tila ei salli tätä."
    assert error_text("sv", "delivery_transient") == (
        "Producenten kunde inte nås; leveransen görs om."
    )
    assert error_text("fi", "no_such_code_at_all") == "Jokin meni vikaan."


# --- time ----------------------------------------------------------------------------------------


def test_finnish_time_and_format() -> None:
    from web.timefmt import format_date, format_datetime

    winter = datetime(2026, 12, 1, 6, 57, tzinfo=UTC)
    assert format_datetime(winter, "fi") == "1.12.2026 klo 8.57"
    assert format_datetime(winter, "sv") == "1.12.2026 kl. 8.57"
    summer = datetime(2026, 7, 1, 21, 5, tzinfo=UTC)  # EEST: the next day, 0.05
    assert format_datetime(summer, "fi") == "2.7.2026 klo 0.05"
    assert format_datetime("2026-12-01T06:57:00+00:00", "fi") == "1.12.2026 klo 8.57"
    assert format_date(winter) == "1.12.2026"
    assert format_datetime(None) == ""


# --- a running app -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    settings = make_settings(tmp_path_factory.mktemp("people") / "var")
    rt = make_runtime(settings)
    add_users(rt)
    app = build_app(settings, rt)
    with TestClient(app, follow_redirects=False) as client:
        yield {"client": client, "rt": rt, "app": app}


def test_unknown_addresses_answer_a_page_in_the_users_language(env: dict[str, Any]) -> None:
    fi = signed_in_client(env["app"], "neuvoja")
    r = fi.get("/no/such/page", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "Tässä osoitteessa ei ole sivua" in r.text and '"detail"' not in r.text
    sv = signed_in_client(env["app"], "radgivare")
    r = sv.get("/advisor/documents/" + "0" * 32, headers={"Accept": "text/html"})
    assert r.status_code == 404 and "Dokumentet finns inte" in r.text
    assert "No document" not in r.text
    r = sv.get("/api/v1/nothing-here", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.json() == {"detail": "Not Found"}
    r = fi.get("/finance", headers={"Accept": "text/html"})
    assert r.status_code == 403 and "Roolisi ei salli tätä." in r.text
    assert "<code>forbidden</code>" in r.text


def test_receipt_with_nothing_ticked_answers_a_page(env: dict[str, Any]) -> None:
    fi = signed_in_client(env["app"], "neuvoja")
    r = fi.get("/advisor/receipt", headers={"Accept": "text/html"})
    assert r.status_code == 303 and r.headers["location"] == "/advisor?problem=choose_documents"
    page = fi.get(r.headers["location"])
    assert "Valitse kuittiin vähintään yksi asiakirja." in page.text
    # A problem code from the address shows known words only, never text from the link.
    page = fi.get("/advisor?problem=<b>hacked</b>")
    assert "hacked" not in page.text


def test_finance_downloads_without_a_tariff_answer_a_page(env: dict[str, Any]) -> None:
    talous = signed_in_client(env["app"], "talous")
    for name in ("statement.csv", "statement.xlsx", "statement.html"):
        r = talous.get(f"/finance/downloads/2026Q4/{name}", headers={"Accept": "text/html"})
        assert r.status_code == 409, name
        assert r.headers["content-type"].startswith("text/html")
        assert "Tariffia ei ole tuotu" in r.text and "<code>billing_no_tariff</code>" in r.text
    r = talous.get("/finance/downloads/2026Q9/statement.csv", headers={"Accept": "text/html"})
    assert r.status_code == 422 and "Kirjoita neljännes muodossa" in r.text


def test_ledger_csv_has_finnish_headers(env: dict[str, Any]) -> None:
    talous = signed_in_client(env["app"], "talous")
    r = talous.get("/finance/downloads/2026Q4/events.csv")
    assert r.status_code == 200
    header = next(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert header[:4] == ["Tapahtuma", "Laji", "Hyvittää", "Kirjausneljännes"]
    assert "event_id" not in header


def test_upload_results_are_words_in_the_users_language(env: dict[str, Any]) -> None:
    sv = signed_in_client(env["app"], "radgivare")
    r = sv.post("/advisor/upload", files=[("files", ("tom.pdf", b"", "application/pdf"))])
    assert r.status_code == 202
    (f,) = r.json()["files"]
    assert f["error"] == {"code": "empty_file", "words": "Filen är tom. Skanna dokumentet på nytt."}


def test_events_form_keeps_its_values_after_a_problem(env: dict[str, Any]) -> None:
    fi = signed_in_client(env["app"], "neuvoja")
    page = fi.get("/advisor/events")
    form_id = re.search(r'name="form_id" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    r = fi.post(
        "/advisor/events",
        data={"event_type": "4", "provider": "vero", "service": "kela.asumistuki",
              "form_id": form_id},
    )  # fmt: skip
    assert r.status_code == 303 and "problem=service_not_of_provider" in r.headers["location"]
    again = fi.get(r.headers["location"]).text
    assert re.search(r'id="type-4"[^>]*checked', again)
    assert re.search(r'<option value="vero" selected>', again)
    assert re.search(r'<option value="kela.asumistuki" selected>', again)
    assert "Palvelu ei kuulu palveluntuottajalle" in again or "ei kuulu" in again


def test_login_page_language_switch_and_accept_language(env: dict[str, Any]) -> None:
    anon = TestClient(env["app"], follow_redirects=False)
    r = anon.get("/login", headers={"Accept-Language": "sv-FI,sv;q=0.9"})
    assert '<html lang="sv">' in r.text and "Logga in" in r.text
    assert "autofocus" in r.text
    r = anon.get("/login?lang=en", headers={"Accept-Language": "sv"})
    assert '<html lang="en">' in r.text and "aspa_lang=en" in r.headers["set-cookie"]
    r = anon.get("/login", headers={"Accept-Language": "sv"})  # the cookie wins now
    assert '<html lang="en">' in r.text
    assert 'href="/login?lang=fi"' in r.text and 'href="/login?lang=sv"' in r.text


def test_labels_times_and_current_page(env: dict[str, Any]) -> None:
    ids = seed_document(env["rt"], state="failed", error_code="delivery_transient")
    fi = signed_in_client(env["app"], "neuvoja")
    page = fi.get(f"/advisor/documents/{ids['document_id']}").text
    assert "(lomakkeen tunnuksesta ja otsikosta)" in page and "(rules)" not in page
    assert "Palveluntuottajaan ei saatu yhteyttä" in page
    assert "<code>delivery_transient</code>" in page
    assert re.search(r"\d{1,2}\.\d{1,2}\.20\d\d klo \d{1,2}\.\d\d", page)
    assert not re.search(r"20\d\d-\d\d-\d\d \d\d:\d\d", page)
    home = fi.get("/advisor").text
    assert '<a href="/advisor" aria-current="page">' in home
    assert '<a href="/advisor/events" aria-current' not in home
    assert HETU not in home


def test_operator_refresh_carries_local_times_words_and_links(env: dict[str, Any]) -> None:
    dead = seed_document(
        env["rt"], state="failed", delivery="dead", error_code="delivery_permanent"
    )
    op = signed_in_client(env["app"], "operaattori")  # English user
    stats = op.get("/operator/stats").json()
    row = next(d for d in stats["dead_deliveries"] if d["id"] == dead["delivery_id"])
    assert row["error_words"] == "The provider refused the delivery; an operator must act."
    assert row["authority_name"].startswith("Kela")
    failed = next(d for d in stats["failed_documents"] if d["id"] == dead["document_id"])
    assert re.fullmatch(r"\d{1,2}\.\d{1,2}\.20\d\d at \d{1,2}\.\d\d", failed["since_text"])
    page = op.get("/operator").text
    assert f'href="/operator/deliveries/{dead["delivery_id"]}"' in page
    detail = op.get(f"/operator/deliveries/{dead['delivery_id']}").text
    assert "The provider&#39;s answer" in detail and "Attempts" in detail


# --- masked images -------------------------------------------------------------------------------


def _ocr(png: bytes) -> str:
    import pytesseract
    from PIL import Image

    return str(pytesseract.image_to_string(Image.open(io.BytesIO(png)), lang="eng"))


def test_page_images_black_out_the_identity_code(env: dict[str, Any]) -> None:
    """OCR the preview itself: the label stays readable, the identity code does not."""
    ids = seed_document(env["rt"], state="delivered", delivery="delivered")
    fi = signed_in_client(env["app"], "neuvoja")
    r = fi.get(f"/documents/{ids['document_id']}/pages/1.png?width=1400")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    seen = _ocr(r.content)
    assert "Henkilotunnus" in seen and "131052" not in seen and "308T" not in seen
    # The advisor has no reveal; the provider's reveal is unmasked and recorded.
    assert fi.get(f"/documents/{ids['document_id']}/pages/1.png?reveal=1").status_code == 403
    kela = signed_in_client(env["app"], "kela1")
    r = kela.get(f"/documents/{ids['document_id']}/pages/1.png?width=1400&reveal=1")
    assert r.status_code == 200 and "131052" in _ocr(r.content).replace(" ", "")
    assert kela.get(f"/documents/{ids['document_id']}/pages/2.png").status_code == 404
    trail = kela.get(f"/provider/documents/{ids['document_id']}").text
    assert "revealed_image" not in trail  # shown as words
    pdf = fi.get(f"/documents/{ids['document_id']}/masked.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert b"131052" not in pdf.content


def test_an_image_without_text_layer_is_masked_with_tesseract() -> None:
    from PIL import Image, ImageDraw, ImageFont

    from web.redaction import render_page

    img = Image.new("RGB", (1400, 300), "white")
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 40)
    ImageDraw.Draw(img).text((40, 60), f"Henkilotunnus {HETU}", fill="black", font=font)
    ImageDraw.Draw(img).text((40, 160), "IBAN FI21 1234 5600 0007 85", fill="black", font=font)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    out = render_page(buf.getvalue(), "image/png", 1, width_px=1400, mask=True)
    shown = io.BytesIO()
    out.save(shown, format="PNG")
    seen = _ocr(shown.getvalue())
    assert "Henkilotunnus" in seen and "131052" not in seen and "0007" not in seen


def test_a_page_of_thousands_of_identity_codes_is_masked_whole_and_quickly() -> None:
    # One PDFium search per distinct code: 16,000 codes on one page took 11.5 s a preview, and
    # a thumbnail is asked for at every look at the list.
    import time

    import pypdfium2 as pdfium
    from _web_support import text_pdf

    from classifiers.validators import hetu_check_char
    from web.redaction import MAX_SEARCHES, Box, TesseractBoxes, TextLayerBoxes, _lock, render_page

    codes = [f"0101{50 + i // 800:02d}-{100 + i % 800:03d}" for i in range(16_000)]
    codes = [c + hetu_check_char(c[:6] + c[7:]) for c in codes]
    lines = [" ".join(codes[i : i + 8]) for i in range(0, len(codes), 8)]
    data = text_pdf(["Nimi Matti Meikalainen", *lines])
    for extra in ((), [c[::-1] for c in codes]):  # field values, none of them on the page
        start = time.process_time()
        render_page(data, "application/pdf", 1, width_px=600, mask=True, extra=extra)
        assert time.process_time() - start < 1.5
    with _lock:
        pdf = pdfium.PdfDocument(data)
        layer = TextLayerBoxes(pdf[0], 1.0)
        boxes = layer.sensitive_boxes(())
        every = [layer.textpage.get_rect(i) for i in range(layer.textpage.count_rects())]
        pdf.close()
    assert len(codes) > MAX_SEARCHES and len(boxes) == len(every)  # every text rectangle hidden
    few = text_pdf(["Nimi Matti Meikalainen", " ".join(codes[:3])])
    with _lock:
        pdf = pdfium.PdfDocument(few)
        layer = TextLayerBoxes(pdf[0], 1.0)
        assert len(layer.sensitive_boxes(())) == 3  # below the bound, the codes alone
        pdf.close()
    scanned = TesseractBoxes.__new__(TesseractBoxes)  # the words an image's OCR found
    scanned.lines = {(1, 1, 1): [("Nimi", Box(0, 0, 9, 9)), ("Matti", Box(10, 0, 19, 9))]}
    assert scanned.sensitive_boxes(["Matti"]) == [Box(10, 0, 19, 9)]
    assert len(scanned.sensitive_boxes([c[::-1] for c in codes])) == 2


def test_viewing_twice_is_one_audit_row(env: dict[str, Any]) -> None:
    from sqlalchemy import func, select

    from pipeline.db import session_scope
    from pipeline.models import AuditEvent

    ids = seed_document(env["rt"])
    fi = signed_in_client(env["app"], "neuvoja")
    for _ in range(3):
        assert fi.get(f"/advisor/documents/{ids['document_id']}").status_code == 200
    with session_scope(env["rt"].session_factory) as s:
        n = s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.document_id == ids["document_id"], AuditEvent.action == "viewed")
        )
    assert n == 1


def test_advisor_list_searches_sorts_and_pages_without_a_silent_cut(env: dict[str, Any]) -> None:
    for n in range(55):
        seed_document(env["rt"], filename=f"paged-{n:02d}.pdf")
    fi = signed_in_client(env["app"], "neuvoja")
    api = fi.get("/api/v1/documents?q=asumistuen&per_page=100").json()
    total = api["total"]
    assert total >= 55 and api["pages"] == 1 and len(api["documents"]) == total
    assert all("131052-308T" not in (d["name"] or "") for d in api["documents"])
    page = fi.get("/advisor?q=asumistuen").text
    assert f"1–50 / {total}" in page and 'rel="next"' in page
    assert page.count('name="ids"') == 50
    second = fi.get("/advisor?q=asumistuen&page=2").text
    assert f"51–{total} / {total}" in second and second.count('name="ids"') == total - 50
    by_name = fi.get("/advisor?q=asumistuen&sort=name&order=asc&per_page=100").text
    names = re.findall(r">(paged-\d\d\.pdf)</a>", by_name)
    assert names == sorted(names) and len(names) == 55
    assert 'aria-sort="ascending"' in by_name
    nothing = fi.get("/advisor?q=passihakemus").text
    assert "Hakuehtoja vastaavia asiakirjoja ei ole." in nothing
    # Another service point's advisor finds none of them.
    sv = signed_in_client(env["app"], "radgivare")
    assert sv.get("/api/v1/documents?q=asumistuen").json()["total"] == 0


def test_a_delivery_is_one_line_in_the_audit_trail() -> None:
    from pipeline.models import AuditEvent
    from web.audit_view import trail_rows

    events = [
        AuditEvent(actor="system", action="state:classified", details={}),
        AuditEvent(actor="system", action="delivered", details={"authority": "kela"}),
        AuditEvent(actor="system", action="state:delivered", details={"from": "classified"}),
        AuditEvent(
            actor="system", action="delivery_failed", details={"code": "delivery_transient"}
        ),
    ]
    words = [r["words"] for r in trail_rows(events, "sv")]
    assert words[0] == "läge: klassificerad" or words[0].startswith("läge: ")
    assert words[1].startswith("levererad till FPA")
    assert len(words) == 3 and not any(w.startswith("läge: levererad") for w in words)
    assert words[2].endswith("Producenten kunde inte nås; leveransen görs om.")


def test_codes_have_words_in_english_too() -> None:
    """``needs_review`` is a code, not English: the English catalogue gives it words."""
    from web.i18n import catalogue, gettext, is_code
    from web.i18n_tools import extract

    codes = [m for m in extract() if is_code(m)]
    assert "needs_review" in codes and "delivery_retry" in codes
    missing = [m for m in codes if m not in catalogue("en")]
    assert not missing, f"en lacks words for {missing}"
    assert gettext("en", "needs_review") == "waiting for review"
    assert gettext("en", "Sign in") == "Sign in"


def test_quarantine_is_listed_for_operators(env: dict[str, Any]) -> None:
    adv = signed_in_client(env["app"], "neuvoja")
    bad = ("files", (f"{HETU}.pdf", b"not a pdf", "application/pdf"))
    r = adv.post("/advisor/upload", files=[bad])
    assert r.status_code == 202 and r.json()["files"][0]["error"]["code"] in (
        "corrupt_file", "unsupported_type",
    )  # fmt: skip
    op = signed_in_client(env["app"], "operaattori")
    rows = op.get("/operator/stats").json()["quarantine"]
    row = next(q for q in rows if q["name"].startswith("131052-"))
    assert HETU not in row["name"] and row["channel"] == "upload in the browser"
    assert row["error_words"] and row["error"]
    page = op.get("/operator").text
    assert "Quarantine" in page and HETU not in page


def test_returning_without_a_reason_says_so_in_finnish(env: dict[str, Any]) -> None:
    ids = seed_document(env["rt"], state="delivered", delivery="delivered")
    kela = signed_in_client(env["app"], "kela1")
    r = kela.post(f"/provider/deliveries/{ids['delivery_id']}/return", data={"reason": "  "})
    assert r.status_code == 303 and "problem=reason_missing" in r.headers["location"]
    page = kela.get(r.headers["location"]).text
    assert "Kerro syy asiakirjan palauttamiselle." in page


def test_finance_imports_a_tariff_resolves_a_discrepancy_and_closes_a_quarter(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """On a fresh instance of its own (closing a quarter is for good)."""
    from pathlib import Path

    from billing.ledger import record_document_event
    from billing.quarters import Quarter
    from pipeline.db import session_scope, utcnow

    settings = make_settings(tmp_path_factory.mktemp("finance") / "var")
    rt = make_runtime(settings)
    add_users(rt)
    app = build_app(settings, rt)
    with TestClient(app, follow_redirects=False):
        talous = signed_in_client(app, "talous")
        assert "Tariffia ei ole vielä tuotu." in talous.get("/finance").text
        tariff = Path(__file__).resolve().parent.parent / "billing" / "tariff.example.yaml"
        r = talous.post(
            "/finance/tariffs", files={"file": ("tariff.yaml", tariff.read_bytes(), "text/yaml")}
        )
        assert r.status_code == 303 and r.headers["location"] == "/finance?done=tariff"
        page = talous.get(r.headers["location"]).text
        assert "Tariffi tuotiin." in page and "käytössä" in page
        # a delivered, billed, not acknowledged document is a discrepancy of this quarter
        ids = seed_document(rt, state="delivered", delivery="delivered")
        with session_scope(rt.session_factory) as s:
            record_document_event(
                s, document_id=ids["document_id"], service_point="mikkeli-asiointipiste",
                provider="kela", service="kela.asumistuki", occurred_at=utcnow(),
            )  # fmt: skip
        q = str(Quarter.of(utcnow()))
        page = talous.get(f"/finance?quarter={q}").text
        assert "Laskutettu, palveluntuottaja ei ole kuitannut" in page
        did = re.search(r'name="discrepancy_id" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        form = {"discrepancy_id": did, "quarter": q, "comment": " "}
        r = talous.post("/finance/discrepancies/resolve", data=form)
        assert "problem=comment_missing" in r.headers["location"]
        r = talous.post("/finance/discrepancies/resolve", data={**form, "comment": "Kela kuittaa"})
        page = talous.get(r.headers["location"]).text
        assert "Poikkeama merkittiin ratkaistuksi." in page and "Kela kuittaa" in page
        # the current quarter has not ended: refused as a page, the same check as the CLI
        r = talous.post(f"/finance/quarters/{q}/close", headers={"Accept": "text/html"})
        assert r.status_code == 409 and "ei ole vielä päättynyt" in r.text
        prev = str(Quarter.parse(q).previous())
        r = talous.post(f"/finance/quarters/{prev}/close")
        assert r.status_code == 303 and "done=closed" in r.headers["location"]
        r = talous.post(f"/finance/quarters/{prev}/close", headers={"Accept": "text/html"})
        assert r.status_code == 409 and f"{prev} on jo suljettu." in r.text
        sheet = talous.get(f"/finance/downloads/{prev}/statement.csv")
        assert sheet.status_code == 200 and sheet.content.decode("utf-8-sig").startswith(
            "Vuosineljännes,Kunta,"
        )


def test_focus_ring_on_the_navy_header_has_3_to_1_contrast() -> None:
    """WCAG 1.4.11: the header's focus outline against the header's background."""
    from pathlib import Path

    css = (Path(__file__).resolve().parent.parent / "web" / "static" / "app.css").read_text()
    navy = re.search(r"--accent-dark:\s*(#[0-9a-fA-F]{6})", css).group(1)  # type: ignore[union-attr]
    ring = re.search(r"header\.top :focus-visible \{ outline-color: (#[0-9a-fA-F]{6})", css)
    assert ring is not None, "the header needs its own focus colour"

    def luminance(h: str) -> float:
        c = [int(h[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    a, b = luminance(ring.group(1)), luminance(navy)
    assert (max(a, b) + 0.05) / (min(a, b) + 0.05) >= 3
