"""Sign-in under attack (issue 11): per-account progressive delay, per-address spraying limit,
proxy headers only from trusted proxies, token expiry and revocation, secrets and cookies.

Time is passed in (``now=``), so no test waits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from _web_support import PASSWORD, add_users, build_app, make_runtime, make_settings
from fastapi.testclient import TestClient
from sqlalchemy import select

from auth.errors import AuthenticationError, RateLimitedError
from auth.models import ApiToken, LoginAttempt, User
from auth.security import (
    ACCOUNT_FREE_FAILURES,
    ADDRESS_MAX_NAMES,
    AccountThrottledError,
    AddressThrottledError,
    account_delay,
    create_token,
    login,
    principal_for_token,
    revoke_token,
)
from pipeline.db import session_scope, utcnow


@pytest.fixture(scope="module")
def rt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    runtime = make_runtime(make_settings(tmp_path_factory.mktemp("signin") / "var"))
    add_users(runtime)
    yield runtime


def _try(rt: Any, user: str, password: str, address: str, now: Any) -> str:
    with session_scope(rt.session_factory) as s:
        try:
            login(s, username=user, password=password, address=address, now=now)
        except AccountThrottledError:
            return "account_throttled"
        except AddressThrottledError:
            return "address_throttled"
        except AuthenticationError:
            return "wrong"
    return "ok"


def test_failures_for_one_account_delay_it_progressively_from_every_address(rt: Any) -> None:
    t0 = utcnow()
    # Given three free failures from one counter PC
    for i in range(ACCOUNT_FREE_FAILURES):
        assert _try(rt, "talous", "wrong", "10.0.0.1", t0 + timedelta(seconds=i)) == "wrong"
    last = t0 + timedelta(seconds=ACCOUNT_FREE_FAILURES - 1)
    # Then the next try waits 1 s after the last failure, from any address (no rotation bypass)
    for address in ("10.0.0.1", "10.9.9.9", "192.0.2.7"):
        assert _try(rt, "talous", "wrong", address, last) == "account_throttled"
    # And the right password works as soon as the short delay has passed: no lock-out
    assert _try(rt, "talous", PASSWORD, "10.0.0.2", last + timedelta(seconds=1)) == "ok"
    # And a success starts the count again
    later = last + timedelta(seconds=2)
    assert _try(rt, "talous", "wrong", "10.0.0.1", later) == "wrong"
    assert _try(rt, "talous", "wrong", "10.0.0.1", later) == "wrong"  # free failures again


def test_the_delay_doubles_and_is_capped() -> None:
    assert [account_delay(n).total_seconds() for n in range(3, 8)] == [1, 2, 4, 8, 16]
    assert account_delay(40) == timedelta(minutes=5)
    assert account_delay(0) == timedelta(0)


def test_an_attacker_gets_few_tries_per_hour_per_account(rt: Any) -> None:
    # An attacker who tries as fast as allowed, rotating addresses
    now = utcnow() + timedelta(days=2)
    tries = 0
    end = now + timedelta(hours=1)
    while now < end:
        outcome = _try(rt, "kela1", "guess", f"198.51.100.{tries % 250}", now)
        if outcome == "wrong":
            tries += 1
        now += timedelta(seconds=1)
    assert tries <= 25


def test_spraying_many_names_from_one_address_is_stopped(rt: Any) -> None:
    now = utcnow() + timedelta(days=5)
    names = [f"nobody{i}" for i in range(ADDRESS_MAX_NAMES)]
    for n in names:
        assert _try(rt, n, "Kesä2026!", "203.0.113.5", now) == "wrong"
    assert _try(rt, "neuvoja", "Kesä2026!", "203.0.113.5", now) == "address_throttled"
    assert _try(rt, "neuvoja", PASSWORD, "203.0.113.5", now) == "address_throttled"
    # Another address is not affected
    assert _try(rt, "neuvoja", PASSWORD, "203.0.113.6", now) == "ok"
    assert issubclass(AddressThrottledError, RateLimitedError)


def test_tokens_expire_after_90_days_by_default_and_can_be_revoked(rt: Any) -> None:
    with session_scope(rt.session_factory) as s:
        user = s.scalar(select(User).where(User.username == "neuvoja"))
        assert user is not None
        token = create_token(s, user=user, scopes=["submit"], name="skanneri")
        row = s.scalar(select(ApiToken).where(ApiToken.name == "skanneri"))
        assert row is not None and row.expires_at is not None
        days = (row.expires_at - utcnow()).total_seconds() / 86400
        assert 89.9 < days <= 90
        assert principal_for_token(s, token).username == "neuvoja"
        assert row.last_used_at is not None
        revoke_token(s, row.prefix)
    with session_scope(rt.session_factory) as s, pytest.raises(AuthenticationError):
        principal_for_token(s, token)


def test_users_token_list_and_revoke_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from aspa.cli.users import app

    monkeypatch.setenv("ASPA_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ASPA_ENVIRONMENT", "test")
    runner = CliRunner()
    r = runner.invoke(
        app,
        ["add", "skanneri", "--role", "advisor", "--service-point", "p", "--password-stdin"],
        input="a long password\n",
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["token", "create", "--user", "skanneri", "--scope", "submit"])
    assert r.exit_code == 0, r.output
    listed = runner.invoke(app, ["token", "list"])
    assert listed.exit_code == 0 and "never used" in listed.output and "active" in listed.output
    token_id = listed.output.split("\t")[0]
    assert runner.invoke(app, ["token", "revoke", token_id]).exit_code == 0
    assert "revoked" in runner.invoke(app, ["token", "list"]).output
    assert runner.invoke(app, ["token", "revoke", "nonexistent"]).exit_code != 0


def test_production_refuses_the_development_secret_and_short_secrets() -> None:
    from pydantic import ValidationError

    from pipeline.settings import DEV_SECRET, Settings

    for secret in (DEV_SECRET, "short-but-not-default"):
        with pytest.raises(ValidationError):
            Settings(environment="production", secret_key=secret, _env_file=None)  # type: ignore[arg-type, call-arg]
    ok = Settings(environment="production", secret_key="x" * 40, _env_file=None)  # type: ignore[arg-type, call-arg]
    assert ok.cookie_secure and not ok.docs_enabled


# --- through the app ----------------------------------------------------------------------------


def _app(tmp: Path, **settings: object) -> Any:
    s = make_settings(tmp / "var").model_copy(update=settings)
    rt = make_runtime(s)
    add_users(rt)
    return build_app(s, rt), rt


def _login(client: TestClient, username: str, password: str, **headers: str) -> Any:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        headers=headers,
    )


def _addresses(rt: Any) -> set[str]:
    with session_scope(rt.session_factory) as s:
        return set(s.scalars(select(LoginAttempt.address)))


def test_x_forwarded_for_is_believed_only_from_a_trusted_proxy(tmp_path: Path) -> None:
    app, rt = _app(tmp_path / "a")
    with TestClient(app, follow_redirects=False) as c:
        _login(c, "talous", "wrong", **{"X-Forwarded-For": "10.66.66.66"})
        # An untrusted client's header is ignored, and so is its X-Forwarded-Proto
        assert _addresses(rt) == {"testclient"}
        fresh = TestClient(app, follow_redirects=False)
        r = fresh.get("/login", headers={"X-Forwarded-Proto": "https"})
        assert "Secure" not in r.headers["set-cookie"]
    app, rt = _app(tmp_path / "b", trusted_proxies="testclient")
    with TestClient(app, follow_redirects=False) as c:
        _login(c, "talous", "wrong", **{"X-Forwarded-For": "10.66.66.66"})
        assert _addresses(rt) == {"10.66.66.66"}


def test_secure_cookies_by_setting(tmp_path: Path) -> None:
    app, _rt = _app(tmp_path, secure_cookies=True)
    with TestClient(app, follow_redirects=False) as c:
        # Plain HTTP to the app (TLS ends at a proxy): the cookie is Secure all the same
        assert "; Secure" in c.get("/login").headers["set-cookie"]


def test_the_rate_limited_page_says_why_in_the_users_language(tmp_path: Path) -> None:
    app, _rt = _app(tmp_path)
    with TestClient(app, follow_redirects=False) as c:
        for _ in range(ACCOUNT_FREE_FAILURES):
            assert _login(c, "talous", "wrong").status_code == 401
        # The delay doubles with each failure, so a quick series meets it on any host
        answers = [_login(c, "talous", "wrong") for _ in range(6)]
        limited = [r for r in answers if r.status_code == 429]
        assert limited, [r.status_code for r in answers]
        assert "käyttäjätunnuksella" in limited[0].text  # the login page's language: fi


def test_swagger_ui_is_served_by_the_app_itself(tmp_path: Path) -> None:
    from _web_support import SERVICE_POINT  # noqa: F401 - the users exist

    app, rt = _app(tmp_path)
    with TestClient(app, follow_redirects=False) as c:
        assert _login(c, "admin", PASSWORD).status_code == 303
        page = c.get("/docs")
        assert page.status_code == 200
        assert "/docs/assets/swagger-ui-bundle.js" in page.text
        assert "cdn." not in page.text and "https://" not in page.text.split("<body>")[0]
        assert c.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
        assert c.get("/openapi.json").status_code == 200
    prod = make_settings(tmp_path / "p").model_copy(update={"api_docs": False})
    app2 = build_app(prod, rt)
    with TestClient(app2, follow_redirects=False) as c:
        assert _login(c, "admin", PASSWORD).status_code == 303
        assert c.get("/docs").status_code == 404 and c.get("/openapi.json").status_code == 404
