"""Exports, the ``aspa billing`` CLI and the billing API, end to end on both databases."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from _billing_db import add_document
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from billing import cli as billing_cli
from billing import (
    import_tariff,
    read_service_points,
    read_tariff_file,
    record_document_event,
    seed_service_points,
    settle,
)
from billing.exports import (
    EVENT_COLUMNS,
    STATEMENT_COLUMNS,
    event_rows,
    render_statement_html,
    statement_csv,
    statement_xlsx,
)
from pipeline.errors import AspaError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_TARIFF = ROOT / "billing" / "tariff.example.yaml"
EXAMPLE_POINTS = ROOT / "billing" / "service_points.example.yaml"

pytest_plugins = ("_billing_db",)


@pytest.fixture
def loaded(db: Session) -> Session:
    """Example points and tariff, and a few Q4 events."""
    seed_service_points(db, read_service_points(EXAMPLE_POINTS))
    tariff, digest = read_tariff_file(EXAMPLE_TARIFF)
    import_tariff(db, tariff, by="fiona", source_sha256=digest)
    for i, (point, service, day) in enumerate(
        [("mikkeli", "kela-asumistuki", 2), ("mikkeli", "kela-asumistuki", 20),
         ("parainen", "kela-opintotuki", 5)]
    ):  # fmt: skip
        doc = add_document(db, f"doc{i}")
        record_document_event(
            db, document_id=doc, service_point=point, provider="kela", service=service,
            occurred_at=datetime(2026, 11, day, 10, tzinfo=UTC), advisor="anna",
        )  # fmt: skip
    db.commit()
    return db


def test_statement_exports_have_stable_columns(loaded: Session) -> None:
    s = settle(loaded, "2026Q4")
    rows = list(csv.reader(io.StringIO(statement_csv(s))))
    assert tuple(rows[0]) == STATEMENT_COLUMNS
    output = [r for r in rows[1:] if r[4] == "output"]
    assert [(r[2], r[9], r[13], r[14]) for r in output] == [
        ("mikkeli", "7.20", "1", "7.20"),
        ("mikkeli", "7.45", "1", "7.45"),
        ("parainen", "6.50", "1", "6.50"),
    ]
    bases = [r for r in rows[1:] if r[4] == "base"]
    assert len(bases) == 5 and {r[15] for r in bases} == {"4/4"}

    buf = io.BytesIO()
    statement_xlsx(s, buf)
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    assert wb.sheetnames == ["statement", "totals", "info"]
    sheet = list(wb["statement"].iter_rows(values_only=True))
    assert sheet[0] == STATEMENT_COLUMNS and len(sheet) == len(rows)
    info = dict(wb["info"].iter_rows(min_row=2, values_only=True))
    assert info["tariff_is_example"] == 1

    html = render_statement_html(s, municipality="Mikkeli", provider="kela")
    assert "Mikkeli" in html and "7,45" in html and "ESIMERKKITARIFFI" in html
    assert "parainen" not in html  # only the municipality asked for


def test_event_list_has_no_personal_data(loaded: Session) -> None:
    rows = list(event_rows(loaded, "2026Q4"))
    assert len(rows) == 3 and all(len(r) == len(EVENT_COLUMNS) for r in rows)
    by_col = dict(zip(EVENT_COLUMNS, rows[0], strict=True))
    assert by_col["occurred_date_local"] == "2026-11-02" and by_col["advisor"] == "anna"
    assert "reason" not in EVENT_COLUMNS


def test_cli_settle_close_reconcile_export(
    loaded: Session, session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    billing_cli.configure(session_factory)
    runner = CliRunner()
    try:
        r = runner.invoke(billing_cli.app, ["settle", "--quarter", "2026Q4"])
        assert r.exit_code == 0, r.output
        assert "EXAMPLE" in r.output and "mikkeli" in r.output
        out = tmp_path / "s.xlsx"
        r = runner.invoke(billing_cli.app, ["settle", "-q", "2026Q4", "-f", "xlsx", "-o", str(out)])
        assert r.exit_code == 0 and out.stat().st_size > 1000
        r = runner.invoke(
            billing_cli.app,
            ["record", "--type", "1", "--service-point", "mikkeli", "--provider", "vero",
             "--at", "2026-10-03T12:00:00+03:00", "--advisor", "anna"],
        )  # fmt: skip
        assert r.exit_code == 0, r.output
        event_id = r.output.split()[0]
        r = runner.invoke(billing_cli.app, ["reverse", event_id, "--reason", "typo"])
        assert r.exit_code == 0, r.output
        r = runner.invoke(billing_cli.app, ["reverse", event_id, "--reason", "typo"])
        assert r.exit_code == 1 and "billing_already_reversed" in r.output
        r = runner.invoke(billing_cli.app, ["record", "--type", "3", "--service-point", "m",
                                            "--provider", "kela"])  # fmt: skip
        assert r.exit_code == 3  # input error
        r = runner.invoke(billing_cli.app, ["events", "-q", "2026Q4"])
        assert r.exit_code == 0 and r.output.count("\n") == 1 + 5
        r = runner.invoke(billing_cli.app, ["reconcile", "-q", "2026Q4"])
        assert r.exit_code == 0 and "billed_without_delivery" in r.output
        did = next(w for w in r.output.split() if w.startswith("2026Q4:"))
        r = runner.invoke(billing_cli.app, ["resolve", did, "--comment", "paper delivery"])
        assert r.exit_code == 0, r.output
        r = runner.invoke(billing_cli.app, ["close", "-q", "2026Q4"])
        assert r.exit_code == 1 and "not ended" in r.output
        r = runner.invoke(billing_cli.app, ["close", "-q", "2026Q3"])
        assert r.exit_code == 0, r.output
        r = runner.invoke(billing_cli.app, ["tariff", "import", str(EXAMPLE_TARIFF)])
        assert r.exit_code == 0 and "v2" in r.output
    finally:
        billing_cli.configure(None)


@pytest.fixture
def client(loaded: Session, session_factory: sessionmaker[Session]) -> TestClient:
    from api.routes.billing import router

    app = FastAPI()
    app.state.session_factory = session_factory

    @app.exception_handler(AspaError)
    def _aspa(_request: Request, exc: AspaError) -> JSONResponse:
        return JSONResponse(exc.as_dict(), status_code=exc.http_status)

    @app.middleware("http")
    async def _signed_in(request: Request, call_next: Any) -> Any:
        # The role checks of auth.deps need a user; the web app's auth middleware puts
        # one there. Here: an admin (passes both the finance and the advisor checks).
        from auth import Principal

        request.state.user = Principal(
            user_id="u", username="talous", display_name="T", role="admin"
        )
        return await call_next(request)

    app.include_router(router)
    return TestClient(app)


def test_api(client: TestClient) -> None:
    base = "/api/v1/billing"
    r = client.get(f"{base}/statements/2026Q4")
    assert r.status_code == 200
    body = r.json()
    assert body["tariff"]["is_example"] and body["output_cents"] == 720 + 745 + 650
    r = client.get(f"{base}/statements/2026Q4/export", params={"format": "csv"})
    assert r.status_code == 200 and r.text.startswith(",".join(STATEMENT_COLUMNS))
    r = client.get(f"{base}/statements/2026Q4/export", params={"format": "xlsx"})
    assert r.status_code == 200 and r.content[:2] == b"PK"
    r = client.get(
        f"{base}/statements/2026Q4/export",
        params={"format": "html", "municipality": "Parainen", "provider": "kela"},
    )
    assert r.status_code == 200 and "Parainen" in r.text
    r = client.post(
        f"{base}/events",
        json={"event_type": 2, "service_point": "mikkeli", "provider": "kela",
              "occurred_at": "2026-10-03T10:00:00+03:00", "external_ref": "x1"},
    )  # fmt: skip
    assert r.status_code == 201, r.text
    event = r.json()
    assert event["posting_quarter"] == "2026Q4" and event["source"] == "api"
    r = client.post(f"{base}/events", json={"event_type": 3, "service_point": "m", "provider": "k"})
    assert r.status_code == 422
    r = client.post(f"{base}/events/{event['id']}/reverse", json={"reason": "mistake"})
    assert r.status_code == 201 and r.json()["reverses_id"] == event["id"]
    r = client.post(f"{base}/events/{event['id']}/reverse", json={"reason": "mistake"})
    assert r.status_code == 409 and r.json()["code"] == "billing_already_reversed"
    r = client.get(f"{base}/events/2026Q4/export", params={"format": "csv"})
    assert r.status_code == 200 and len(r.text.strip().splitlines()) == 1 + 5
    r = client.get(f"{base}/reconciliation/2026Q4", params={"provider": "kela"})
    (rec,) = r.json()
    assert rec["open_discrepancies"] == 3
    did = rec["discrepancies"][0]["id"]
    r = client.post(
        f"{base}/reconciliation/discrepancies/{did}/resolve", json={"comment": "sent on paper"}
    )
    assert r.status_code == 201
    r = client.get(f"{base}/reconciliation/2026Q4", params={"provider": "kela"})
    assert r.json()[0]["open_discrepancies"] == 2
    r = client.post(f"{base}/quarters/2026Q3/close")
    assert r.status_code == 200 and r.json()["closed"] is True
    r = client.post(f"{base}/quarters/2026Q3/close")
    assert r.status_code == 409
    r = client.get(f"{base}/periods")
    assert [p["quarter"] for p in r.json()] == ["2026Q3"]
    r = client.post(
        f"{base}/tariffs", files={"file": ("t.yaml", EXAMPLE_TARIFF.read_bytes(), "text/yaml")}
    )
    assert r.status_code == 201 and r.json()["version"] == 2
    r = client.get(f"{base}/statements/2026Q9")
    assert r.status_code == 422
