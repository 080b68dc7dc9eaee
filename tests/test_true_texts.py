"""Texts that are true: the customer's receipt says what actually happened to each document, in
Finnish, Swedish and English, and is provisional while deliveries are open; every destination
shown is the one routing uses for the day the document was received."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from _web_support import add_users, build_app, make_runtime, make_settings, seed_document
from fastapi.testclient import TestClient
from test_return_story import signed_in


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    settings = make_settings(tmp_path_factory.mktemp("texts") / "var")
    rt = make_runtime(settings)
    add_users(rt)
    app = build_app(settings, rt)
    with TestClient(app, follow_redirects=False):
        yield {"rt": rt, "app": app}


def receipt(client: TestClient, doc_id: str, lang: str) -> str:
    r = client.get(f"/advisor/receipt?ids={doc_id}&lang={lang}")
    assert r.status_code == 200
    return r.text


@pytest.mark.parametrize(
    ("lang", "text", "false"),
    [
        ("fi", "Toimitus ei onnistunut; ylläpito hoitaa asian", "Toimitettu"),
        ("sv", "Kunde inte levereras; driften tar hand om ärendet", "Levererat"),
        ("en", "Could not be delivered; an operator is handling it", "Delivered to"),
    ],
)
def test_a_failed_delivery_is_not_called_forwarded(
    env: dict[str, Any], lang: str, text: str, false: str
) -> None:
    # Given a document whose delivery to the police went to the dead letters
    ids = seed_document(
        env["rt"],
        state="failed",
        authority="poliisi",
        service="poliisi.passi",
        delivery="dead",
        error_code="delivery_permanent",
    )
    page = receipt(signed_in(env, "neuvoja"), ids["document_id"], lang)
    # Then the receipt says so, and names no authority as having it
    assert text in page
    assert false not in page and "Poliisi" not in page and "Polisen" not in page


@pytest.mark.parametrize(
    ("lang", "text", "mark"),
    [
        ("fi", "Toimitetaan: Kela", "Alustava kuitti"),
        ("sv", "Levereras till: FPA", "Preliminärt kvitto"),
        ("en", "Being delivered to Kela", "Provisional receipt"),
    ],
)
def test_an_open_delivery_makes_the_receipt_provisional(
    env: dict[str, Any], lang: str, text: str, mark: str
) -> None:
    ids = seed_document(env["rt"], state="classified", delivery="retrying")
    page = receipt(signed_in(env, "neuvoja"), ids["document_id"], lang)
    assert text in page and mark in page


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fi", "Odottaa palveluneuvojan päätöstä"),
        ("sv", "Väntar på servicerådgivarens beslut"),
        ("en", "Waiting for an advisor&#39;s decision"),
    ],
)
def test_a_document_waiting_for_a_person_says_so(env: dict[str, Any], lang: str, text: str) -> None:
    ids = seed_document(env["rt"], state="needs_review")
    page = receipt(signed_in(env, "neuvoja"), ids["document_id"], lang)
    assert text in page
    assert "Alustava" not in page and "Preliminärt" not in page and "Provisional" not in page


def test_a_moved_service_shows_the_provider_of_the_day_everywhere(env: dict[str, Any]) -> None:
    rt = env["rt"]
    advisor = signed_in(env, "neuvoja")
    # Given a start-up grant form received in 2026 (the municipality's since 1.1.2025)
    new = seed_document(rt, state="needs_review", authority="te", service="te.starttiraha")
    # and one received on 30.12.2024, still the TE office's
    before = datetime(2024, 12, 30, 12, tzinfo=UTC)
    old = seed_document(
        rt,
        state="needs_review",
        authority="te",
        service="te.starttiraha",
        age=datetime.now(UTC) - before,
    )
    # Then the list and the page show where routing sends each, with the date of the change
    listing = advisor.get("/advisor").text
    assert "TE-toimisto → Kunta 1.1.2025 alkaen" in listing
    page = advisor.get(f"/advisor/documents/{new['document_id']}").text
    assert "TE-toimisto → Kunta 1.1.2025 alkaen" in page
    assert "Starttiraha (→ Kunta 1.1.2025 alkaen)" in page  # the decision form
    page = advisor.get(f"/advisor/documents/{old['document_id']}").text
    assert "→ Kunta" not in page  # received before the change: the TE office's
    sv = signed_in(env, "radgivare")
    assert sv.get("/advisor").status_code == 200
    # and the API names the destination too
    r = advisor.get(f"/api/v1/documents/{new['document_id']}")
    assert (r.json()["authority"], r.json()["destination"]) == ("te", "kunta")
    r = advisor.get(f"/api/v1/documents/{old['document_id']}")
    assert r.json()["destination"] == "te"


def test_destination_texts_in_three_languages() -> None:
    from datetime import date

    from web import catalog

    day = date(2026, 3, 1)
    assert catalog.destination("te", "te.starttiraha", day, "fi") == (
        "TE-toimisto → Kunta 1.1.2025 alkaen"
    )
    assert catalog.destination("te", "te.starttiraha", day, "sv") == (
        "TE-byrån (arbets- och näringsbyrån) → Kommunen från och med 1.1.2025"
    )
    assert catalog.destination("te", "te.starttiraha", day, "en").endswith(
        "→ Municipality since 2025-01-01"
    )
    assert catalog.destination("te", "te.starttiraha", date(2024, 12, 31), "fi") == "TE-toimisto"
    assert catalog.destination("kela", "kela.asumistuki", day, "fi") == "Kela"
