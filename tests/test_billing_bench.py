"""The settlement benchmark runs end to end (small) and leaves no scratch database behind."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from billing.bench import bench_settlement
from pipeline.errors import ConfigurationError

URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@pytest.mark.postgres
def test_bench_small(capsys: pytest.CaptureFixture[str]) -> None:
    try:
        create_engine(URL).connect().close()
    except Exception:
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not available")
    result = bench_settlement(URL, n_events=3000, points=10)
    assert result["entries"] == 3000
    assert result["settle_cold_seconds"] >= 0 and result["lines"] > 0
    assert "settled 2026Q4 of 3,000 events" in capsys.readouterr().out
    eng = create_engine(URL)
    with eng.connect() as c:
        left = c.execute(text("SELECT datname FROM pg_database WHERE datname LIKE 'aspa_bench_%'"))
        assert list(left) == []
    eng.dispose()


def test_bench_needs_postgres() -> None:
    with pytest.raises(ConfigurationError):
        bench_settlement("sqlite:///x.sqlite3", n_events=1)
