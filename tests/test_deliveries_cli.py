"""`aspa deliveries list|retry` as an operator uses them on the embedded default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aspa.bootstrap import build_runtime
from aspa.cli import app
from aspa.migrate import upgrade
from pipeline.db import session_scope
from pipeline.models import Delivery
from pipeline.settings import Settings
from tests.test_delivery_flow import ready_document


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ASPA_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ASPA_ENVIRONMENT", "test")
    return tmp_path / "var"


def test_list_and_requeue_dead_letters(data_dir: Path) -> None:
    # Given a delivery that went to the dead letters (the provider refused it)
    rt = build_runtime(Settings(_env_file=None))  # type: ignore[call-arg]
    upgrade(rt.engine)
    doc_id, (delivery_id,) = ready_document(rt)
    with session_scope(rt.session_factory) as s:
        d = s.get(Delivery, delivery_id)
        assert d is not None
        d.state, d.attempts = "dead", 6
        d.last_error_code, d.last_error = "delivery_permanent", "HTTP 403 from the provider"
    rt.engine.dispose()
    runner = CliRunner()

    # When the operator lists the dead letters
    listed = runner.invoke(app, ["deliveries", "list", "--state", "dead", "--json"])
    assert listed.exit_code == 0, listed.output
    (row,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert row["id"] == delivery_id and row["error"]["code"] == "delivery_permanent"

    # And requeues them all (the provider accepts now: the default folder outbox)
    retried = runner.invoke(app, ["deliveries", "retry", "--dead"])
    assert retried.exit_code == 0, retried.output
    assert f"{delivery_id}  delivered" in retried.stdout
    assert (data_dir / "outbox" / "kela" / doc_id / "manifest.json").is_file()

    # A usage error is reported as such
    assert runner.invoke(app, ["deliveries", "retry"]).exit_code == 2
