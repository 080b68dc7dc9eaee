"""Security of the web app: every role against every route, CSRF, login rate limit, masking.

The role × route matrix enumerates the app's routes, so a new route fails this test until its
expected access is declared in :data:`ACCESS`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from _web_support import (
    HETU,
    PASSWORD,
    USERS,
    add_users,
    build_app,
    make_runtime,
    make_settings,
    seed_document,
)
from fastapi.testclient import TestClient
from sqlalchemy import func, select

ANON = "anonymous"
ADVISOR, PROVIDER, OPERATOR, FINANCE, ADMIN = "neuvoja", "kela1", "operaattori", "talous", "admin"
ROLES = (ADVISOR, PROVIDER, OPERATOR, FINANCE, ADMIN)
SIGNED_IN = frozenset(ROLES)
PUBLIC = frozenset({ANON, *ROLES})


def only(*users: str) -> frozenset[str]:
    return frozenset({*users, ADMIN})


# Who may call what (admins pass every role check). Anything else must answer 403 to a signed-in
# user and 401 (API) or a redirect to /login (pages) to an anonymous one.
ACCESS: dict[tuple[str, str], frozenset[str]] = {
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/readyz"): PUBLIC,
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("GET", "/openapi.json"): SIGNED_IN,
    ("GET", "/docs"): SIGNED_IN,
    ("GET", "/docs/assets/{path}"): SIGNED_IN,
    ("POST", "/logout"): SIGNED_IN,
    ("POST", "/language"): SIGNED_IN,
    ("GET", "/"): SIGNED_IN,
    ("POST", "/api/v1/submissions"): only(ADVISOR, OPERATOR),
    ("GET", "/api/v1/documents"): only(ADVISOR, PROVIDER, OPERATOR),
    ("GET", "/api/v1/documents/{document_id}"): only(ADVISOR, PROVIDER, OPERATOR),
    ("GET", "/api/v1/documents/{document_id}/pdf"): only(ADVISOR, PROVIDER, OPERATOR),
    ("GET", "/api/v1/deliveries"): only(OPERATOR, PROVIDER),
    ("POST", "/api/v1/deliveries/{delivery_id}/retry"): only(OPERATOR),
    ("POST", "/api/v1/deliveries/{delivery_id}/ack"): only(PROVIDER),
    ("POST", "/api/v1/deliveries/{delivery_id}/return"): only(PROVIDER),
    ("GET", "/api/v1/review"): only(ADVISOR, OPERATOR),
    ("POST", "/api/v1/review/{document_id}"): only(ADVISOR),
    ("GET", "/api/v1/billing/statements/{quarter}"): only(FINANCE),
    ("GET", "/api/v1/billing/statements/{quarter}/export"): only(FINANCE),
    ("POST", "/api/v1/billing/quarters/{quarter}/settle"): only(FINANCE),
    ("POST", "/api/v1/billing/quarters/{quarter}/close"): only(FINANCE),
    ("GET", "/api/v1/billing/periods"): only(FINANCE),
    ("GET", "/api/v1/billing/reconciliation/{quarter}"): only(FINANCE),
    ("POST", "/api/v1/billing/reconciliation/discrepancies/{discrepancy_id}/resolve"): only(
        FINANCE
    ),
    ("GET", "/api/v1/billing/events/{quarter}/export"): only(FINANCE),
    ("POST", "/api/v1/billing/events"): only(ADVISOR),
    ("POST", "/api/v1/billing/events/{event_id}/reverse"): only(FINANCE),
    ("POST", "/api/v1/billing/tariffs"): only(FINANCE),
    ("GET", "/advisor"): only(ADVISOR),
    ("GET", "/advisor/status"): only(ADVISOR),
    ("GET", "/advisor/list"): only(ADVISOR),
    ("POST", "/advisor/upload"): only(ADVISOR),
    ("GET", "/advisor/documents/{document_id}"): only(ADVISOR),
    ("POST", "/advisor/documents/{document_id}/decide"): only(ADVISOR),
    ("GET", "/advisor/receipt"): only(ADVISOR),
    ("GET", "/advisor/events"): only(ADVISOR),
    ("POST", "/advisor/events"): only(ADVISOR),
    ("GET", "/provider"): only(PROVIDER),
    ("GET", "/provider/documents/{document_id}"): only(PROVIDER),
    ("POST", "/provider/documents/{document_id}/reveal"): only(PROVIDER),
    ("POST", "/provider/deliveries/{delivery_id}/ack"): only(PROVIDER),
    ("POST", "/provider/deliveries/{delivery_id}/return"): only(PROVIDER),
    ("GET", "/operator"): only(OPERATOR),
    ("GET", "/operator/stats"): only(OPERATOR),
    ("POST", "/operator/deliveries/{delivery_id}/retry"): only(OPERATOR),
    ("POST", "/operator/deliveries/retry-dead"): only(OPERATOR),
    ("POST", "/operator/documents/{document_id}/requeue"): only(OPERATOR),
    ("GET", "/operator/documents/{document_id}"): only(OPERATOR),
    ("GET", "/finance"): only(FINANCE),
    ("GET", "/finance/downloads/{quarter}/{name}"): only(FINANCE),
    ("POST", "/finance/tariffs"): only(FINANCE),
    ("POST", "/finance/discrepancies/resolve"): only(FINANCE),
    ("POST", "/finance/quarters/{quarter}/close"): only(FINANCE),
    ("GET", "/operator/deliveries/{delivery_id}"): only(OPERATOR),
    ("GET", "/documents/{document_id}/page1.png"): only(ADVISOR, PROVIDER, OPERATOR),
    ("GET", "/documents/{document_id}/pages/{number}.png"): only(ADVISOR, PROVIDER, OPERATOR),
    ("GET", "/documents/{document_id}/masked.pdf"): only(ADVISOR, PROVIDER, OPERATOR),
    ("GET", "/metrics"): only(OPERATOR),
    ("GET", "/admin/users"): only(),
    ("POST", "/admin/users"): only(),
    ("POST", "/admin/users/{username}/disable"): only(),
}


def http_routes(app: Any) -> Iterator[tuple[str, str]]:
    """(method, path template) of every HTTP route, through included routers and mounts."""
    from starlette.routing import Mount

    for route in app.routes:
        if hasattr(route, "effective_route_contexts"):  # FastAPI ≥ 0.160 includes lazily
            items = [(c.methods, c.path) for c in route.effective_route_contexts()]
        elif isinstance(route, Mount):
            items = [({"GET"}, route.path + "/{path}")]
        else:
            items = [(getattr(route, "methods", None) or set(), route.path)]
        for methods, path in items:
            for m in sorted(methods or ()):
                if m != "HEAD":
                    yield m, path


@dataclass
class Web:
    client: TestClient
    app: Any
    rt: Any
    ids: dict[str, str]
    cookies: dict[str, str]  # username -> cookie header
    user_ids: dict[str, str]


CSRF = "matrix-csrf-token"


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    from auth.models import User
    from auth.security import encode_session
    from pipeline.db import session_scope

    settings = make_settings(tmp_path_factory.mktemp("sec") / "var")
    rt = make_runtime(settings)
    add_users(rt)
    shared = seed_document(
        rt, state="delivered", delivery="delivered", filename=f"{HETU}_asumistuki.pdf"
    )
    app = build_app(settings, rt)
    with session_scope(rt.session_factory) as s:
        user_ids = {u.username: u.id for u in s.scalars(select(User))}
    secret = settings.secret_key.get_secret_value()
    cookies = {
        name: "aspa_session=" + encode_session({"uid": uid, "csrf": CSRF}, secret)
        for name, uid in user_ids.items()
    }
    cookies[ANON] = "aspa_session=" + encode_session({"csrf": CSRF}, secret)
    with TestClient(app, follow_redirects=False) as client:
        yield Web(client, app, rt, shared, cookies, user_ids)


def _fill(path: str, ids: dict[str, str]) -> str:
    values = {
        "document_id": ids["document_id"],
        "delivery_id": ids["delivery_id"],
        "quarter": "2026Q4",
        "discrepancy_id": "nothing",
        "event_id": "nothing",
        "path": "app.css",
        "username": "nobody",
        "name": "statement.csv",
        "number": "1",
    }
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: values[m.group(1)], path)


def _call(web: Web, user: str, method: str, path: str) -> Any:
    # Everyone, also the anonymous visitor who loaded the login page, has a session with a
    # CSRF token: the matrix tests roles, not CSRF (tested below).
    headers = {"Accept": "text/html", "Cookie": web.cookies[user], "X-CSRF-Token": CSRF}
    return web.client.request(method, _fill(path, web.ids), headers=headers)


def test_every_route_is_declared(web: Web) -> None:
    routes = set(http_routes(web.app)) - {("GET", "/static/{path}")}
    undeclared = sorted(routes - set(ACCESS))
    assert not undeclared, f"declare the access of these routes in ACCESS: {undeclared}"
    no_longer = sorted(set(ACCESS) - routes)
    assert not no_longer, f"ACCESS names routes that no longer exist: {no_longer}"


def test_no_route_edits_or_deletes(web: Web) -> None:
    """Audit events (and everything else) are append-only through the HTTP surface."""
    methods = {m for m, _ in http_routes(web.app)}
    assert methods <= {"GET", "POST"}


@pytest.mark.parametrize("user", [ANON, *ROLES])
def test_role_matrix(web: Web, user: str) -> None:
    from pipeline.models import AuditEvent

    with web.rt.session_factory() as s:
        audit_before = s.scalar(select(func.count()).select_from(AuditEvent))
    problems = []
    for (method, path), allowed in sorted(ACCESS.items()):
        r = _call(web, user, method, path)
        if path == "/logout":
            _undo_sign_out(web, user)
        if user in allowed:
            if r.status_code in (401, 403) or (
                r.status_code == 303 and r.headers["location"].startswith("/login?")
            ):
                problems.append(f"{method} {path}: allowed but got {r.status_code}")
        elif user == ANON:
            to_login = r.status_code == 303 and r.headers["location"].startswith("/login?next=")
            if not (r.status_code == 401 or to_login):
                problems.append(f"{method} {path}: anonymous got {r.status_code}")
        elif r.status_code != 403:
            problems.append(f"{method} {path}: {user} should get 403, got {r.status_code}")
    assert not problems, "\n".join(problems)
    with web.rt.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent)) >= audit_before


def _undo_sign_out(web: Web, username: str) -> None:
    """Signing out ends all the user's sessions; the matrix keeps using its cookies."""
    from auth.models import User
    from pipeline.db import session_scope

    with session_scope(web.rt.session_factory) as s:
        for u in s.scalars(select(User).where(User.username == username)):
            u.session_version = 0


def test_static_files_are_public(web: Web) -> None:
    r = web.client.get("/static/app.css")
    assert r.status_code == 200 and "focus-visible" in r.text


# --- scoping: another provider's document is not there -------------------------------------------


def test_other_provider_gets_404_everywhere(web: Web) -> None:
    vero = {"Cookie": web.cookies["vero1"], "X-CSRF-Token": CSRF}
    doc, delivery = web.ids["document_id"], web.ids["delivery_id"]
    for method, path in (
        ("GET", f"/api/v1/documents/{doc}"),
        ("GET", f"/api/v1/documents/{doc}/pdf"),
        ("GET", f"/provider/documents/{doc}"),
        ("GET", f"/documents/{doc}/page1.png"),
        ("GET", f"/documents/{doc}/pages/1.png"),
        ("GET", f"/documents/{doc}/masked.pdf"),
        ("POST", f"/provider/documents/{doc}/reveal"),
        ("POST", f"/provider/deliveries/{delivery}/ack"),
        ("POST", f"/provider/deliveries/{delivery}/return"),
        ("POST", f"/api/v1/deliveries/{delivery}/ack"),
        ("POST", f"/api/v1/deliveries/{delivery}/return"),
    ):
        if path.startswith("/api/"):
            r = web.client.request(method, path, headers=vero, json={"reason": "not ours"})
        else:
            r = web.client.request(method, path, headers=vero, data={"reason": "not ours"})
        assert r.status_code == 404, (method, path, r.status_code)
    # … while Kela sees it, and a document id that does not exist answers the same 404.
    kela = {"Cookie": web.cookies["kela1"]}
    assert web.client.get(f"/api/v1/documents/{doc}", headers=kela).status_code == 200
    missing = web.client.get("/api/v1/documents/" + "0" * 32, headers=vero)
    assert missing.status_code == 404
    # The stable code, the words in the signed-in user's language (vero1 reads Finnish).
    assert missing.json() == {
        "code": "not_found",
        "message": "Asiakirjaa ei löydy, tai se ei näy sinulle.",
    }
    inbox = web.client.get("/provider", headers=vero)
    assert inbox.status_code == 200 and doc not in inbox.text
    # The search is scoped the same way: Vero finds nothing of Kela's, Kela finds it.
    found = web.client.get("/api/v1/documents?q=asumistuki", headers=vero).json()
    assert found["total"] == 0 and found["documents"] == []
    found = web.client.get("/api/v1/documents?q=asumistuen", headers=kela).json()
    assert [d["document_id"] for d in found["documents"]] == [doc]
    inbox = web.client.get("/provider?q=asumistuen", headers=kela)
    assert f"/provider/documents/{doc}" in inbox.text
    listed = web.client.get("/api/v1/deliveries?authority=kela", headers=vero)
    assert listed.status_code == 200 and all(d["authority"] == "vero" for d in listed.json())


def test_advisor_of_another_service_point_gets_404(web: Web) -> None:
    other = {"Cookie": web.cookies["radgivare"]}
    doc = web.ids["document_id"]
    assert web.client.get(f"/api/v1/documents/{doc}", headers=other).status_code == 404
    assert web.client.get(f"/advisor/documents/{doc}", headers=other).status_code == 404
    listing = web.client.get("/advisor", headers=other)
    assert listing.status_code == 200 and doc not in listing.text
    r = web.client.post(
        f"/api/v1/review/{doc}",
        headers={**other, "X-CSRF-Token": CSRF},
        json={"authority": "kela", "service": "kela.asumistuki"},
    )
    assert r.status_code == 404


# --- API tokens ----------------------------------------------------------------------------------


def _token(web: Web, username: str, scopes: list[str]) -> str:
    from auth import create_token
    from auth.models import User
    from pipeline.db import session_scope

    with session_scope(web.rt.session_factory) as s:
        user = s.scalar(select(User).where(User.username == username))
        return create_token(s, user=user, scopes=scopes)


def test_tokens_are_limited_by_scope_and_role(web: Web) -> None:
    doc = web.ids["document_id"]
    reader = _token(web, "kela1", ["documents:read"])
    ack_only = _token(web, "kela1", ["deliveries:ack"])
    finance = _token(web, "talous", ["billing:read"])
    bearer = lambda t: {"Authorization": f"Bearer {t}"}  # noqa: E731
    assert web.client.get(f"/api/v1/documents/{doc}", headers=bearer(reader)).status_code == 200
    assert web.client.get(f"/api/v1/documents/{doc}", headers=bearer(ack_only)).status_code == 403
    # a scope does not widen the owner's role
    assert web.client.get(f"/api/v1/documents/{doc}", headers=bearer(finance)).status_code == 403
    assert web.client.get("/api/v1/billing/periods", headers=bearer(finance)).status_code == 200
    # billing:read cannot change anything
    r = web.client.post("/api/v1/billing/quarters/2026Q3/close", headers=bearer(finance))
    assert r.status_code == 403
    # pages are for people
    assert web.client.get("/provider", headers=bearer(reader)).status_code == 403
    # a made-up token
    assert web.client.get("/advisor", headers=bearer("aspa_nonsense")).status_code == 401
    metrics = _token(web, "operaattori", ["metrics:read"])
    r = web.client.get("/metrics", headers=bearer(metrics))
    assert r.status_code == 200 and "aspa_documents" in r.text


def test_token_needs_no_csrf_but_cookie_does(web: Web) -> None:
    token = _token(web, "neuvoja", ["submit"])
    files = {"files": ("scan.pdf", b"%PDF-1.4 not really", "application/pdf")}
    r = web.client.post(
        "/api/v1/submissions", headers={"Authorization": f"Bearer {token}"}, files=files
    )
    assert r.status_code == 202, r.text
    r = web.client.post(
        "/api/v1/submissions", headers={"Cookie": web.cookies["neuvoja"]}, files=files
    )
    assert r.status_code == 403 and r.json()["code"] == "csrf_failed"


def test_disabled_user_loses_session_and_tokens(web: Web) -> None:
    from auth import create_user
    from auth.models import User
    from auth.security import encode_session
    from pipeline.db import session_scope

    with session_scope(web.rt.session_factory) as s:
        u = create_user(s, username="leaver", password=PASSWORD, role="operator")
        uid = u.id
    token = _token(web, "leaver", ["metrics:read"])
    cookie = "aspa_session=" + encode_session(
        {"uid": uid, "csrf": CSRF}, "test-secret-key-for-the-web-tests"
    )
    assert web.client.get("/operator", headers={"Cookie": cookie}).status_code == 200
    with session_scope(web.rt.session_factory) as s:
        s.scalar(select(User).where(User.username == "leaver")).disabled = True
    r = web.client.get("/operator", headers={"Cookie": cookie, "Accept": "text/html"})
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert (
        web.client.get("/metrics", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    )


def test_forged_session_cookie_is_anonymous(web: Web) -> None:
    from auth.security import encode_session

    forged = "aspa_session=" + encode_session(
        {"uid": web.user_ids["admin"], "csrf": CSRF}, "another-secret"
    )
    r = web.client.get("/api/v1/billing/periods", headers={"Cookie": forged})
    assert r.status_code == 401


# --- CSRF ----------------------------------------------------------------------------------------


def test_form_posts_need_the_session_csrf_token(web: Web) -> None:
    doc = seed_document(web.rt, state="needs_review")["document_id"]
    cookie = {"Cookie": web.cookies["neuvoja"]}
    path = f"/advisor/documents/{doc}/decide"
    r = web.client.post(path, headers=cookie, data={"service": "kela.asumistuki"})
    assert r.status_code == 403 and r.json()["code"] == "csrf_failed"
    r = web.client.post(
        path, headers=cookie, data={"service": "kela.asumistuki", "csrf_token": "guessed"}
    )
    assert r.status_code == 403
    r = web.client.post(
        path, headers=cookie, data={"service": "kela.asumistuki", "csrf_token": CSRF}
    )
    assert r.status_code == 303 and "done=confirmed" in r.headers["location"]


def test_login_form_needs_csrf_too(web: Web) -> None:
    fresh = TestClient(web.app, follow_redirects=False)
    r = fresh.post("/login", data={"username": "neuvoja", "password": PASSWORD})
    assert r.status_code == 403


def _login(client: TestClient, username: str, password: str) -> Any:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/provider"},
    )


def test_login_sets_a_hardened_cookie_and_rotates_csrf(web: Web) -> None:
    client = TestClient(web.app, follow_redirects=False)
    first = client.get("/login")
    r = _login(client, "kela1", PASSWORD)
    assert r.status_code == 303 and r.headers["location"] == "/provider"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert client.get("/provider").status_code == 200
    assert first.text.count("csrf_token") >= 1
    https = TestClient(web.app, base_url="https://testserver", follow_redirects=False)
    assert "Secure" in https.get("/login").headers["set-cookie"]


def test_open_redirect_after_login_is_refused(web: Web) -> None:
    client = TestClient(web.app, follow_redirects=False)
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    r = client.post(
        "/login",
        data={
            "username": "kela1",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example/",
        },
    )
    assert r.headers["location"] == "/provider"


# --- login rate limit ----------------------------------------------------------------------------


def test_repeated_failures_delay_the_account(web: Web) -> None:
    # Progressive per-account delay (details and timings: tests/test_hostile_signin.py)
    client = TestClient(web.app, follow_redirects=False)
    for _ in range(3):
        assert _login(client, "talous", "wrong password").status_code == 401
    # The delay doubles with each failure, so a quick series meets it (however slow the host)
    answers = [_login(client, "talous", "wrong password").status_code for _ in range(6)]
    assert 429 in answers and set(answers) <= {401, 429}
    assert _login(client, "operaattori", PASSWORD).status_code == 303  # other names unaffected


# --- personal identity codes ---------------------------------------------------------------------


LIST_PAGES = {
    ADVISOR: [
        "/advisor",
        "/advisor/receipt?ids={document_id}",
        "/advisor/documents/{document_id}",
        "/advisor/events",
    ],
    PROVIDER: ["/provider", "/provider/documents/{document_id}"],
    OPERATOR: [
        "/operator",
        "/operator/stats",
        "/operator/documents/{document_id}",
        "/api/v1/review",
        "/api/v1/deliveries",
        "/api/v1/documents/{document_id}",
    ],
    FINANCE: ["/finance"],
}


def test_identity_codes_are_masked_in_every_list_and_page(web: Web) -> None:
    seen_masked = False
    for user, pages in LIST_PAGES.items():
        for page in pages:
            r = web.client.get(_fill(page, web.ids), headers={"Cookie": web.cookies[user]})
            assert r.status_code == 200, (page, r.status_code)
            assert HETU not in r.text, f"{page} shows a full henkilötunnus to {user}"
            seen_masked |= "131052-****" in r.text
    assert seen_masked
    # The data is there: revealing (an audited action) shows it, so the checks above can fail.
    doc = web.ids["document_id"]
    r = web.client.post(
        f"/provider/documents/{doc}/reveal",
        headers={"Cookie": web.cookies["kela1"], "X-CSRF-Token": CSRF},
    )
    assert r.status_code == 200 and HETU in r.text
    from pipeline.models import AuditEvent

    with web.rt.session_factory() as s:
        actions = {
            (a.actor, a.action)
            for a in s.scalars(select(AuditEvent).where(AuditEvent.document_id == doc))
        }
    assert ("kela1", "revealed_fields") in actions


def test_identity_codes_are_masked_in_logs(web: Web, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    from web.masking import install_log_masking

    install_log_masking()
    logging.getLogger("pipeline.test").warning("customer %s at the counter", HETU)
    files = {"files": (f"{HETU}.pdf", b"%PDF-1.4 broken", "application/pdf")}
    web.client.post(
        "/api/v1/submissions",
        files=files,
        headers={"Cookie": web.cookies["neuvoja"], "X-CSRF-Token": CSRF},
    )
    _login(TestClient(web.app, follow_redirects=False), HETU, "nope")
    assert "131052-****" in caplog.text
    assert HETU not in caplog.text


def test_masking_of_free_text() -> None:
    from web.masking import mask_text

    text = f"Hetu {HETU}, toinen 010203A123B, tili FI21 1234 5600 0007 85."
    masked = mask_text(text)
    assert HETU not in masked and "010203A****" in masked and "131052-****" in masked
    assert "1234 5600" not in masked and masked.endswith("0785.")


def test_users_table_has_no_plain_passwords(web: Web) -> None:
    from auth.models import User

    with web.rt.session_factory() as s:
        hashes = list(s.scalars(select(User.password_hash)))
    assert hashes and all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)
    assert len(USERS) <= len(hashes)


def test_source_files_are_not_static_files(web: Web) -> None:
    for path in ("/static/../../pipeline/settings.py", "/static/%2e%2e/__init__.py"):
        r = web.client.get(path, headers={"Cookie": web.cookies[ADMIN]})
        assert r.status_code == 404 and "Settings" not in r.text


def test_token_clients_get_no_cookie(web: Web) -> None:
    token = _token(web, "kela1", ["deliveries:read"])
    r = web.client.get("/api/v1/deliveries", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200 and "set-cookie" not in r.headers


def test_sign_out_ends_copied_sessions_too(web: Web) -> None:
    client = TestClient(web.app, follow_redirects=False)
    assert _login(client, "vero1", PASSWORD).status_code == 303
    stolen = "aspa_session=" + client.cookies["aspa_session"]
    assert web.client.get("/provider", headers={"Cookie": stolen}).status_code == 200
    from auth.security import decode_session

    csrf = decode_session(client.cookies["aspa_session"], "test-secret-key-for-the-web-tests")
    r = client.post("/logout", data={"csrf_token": csrf["csrf"]})  # type: ignore[index]
    assert r.status_code == 303 and r.headers["location"] == "/login"
    r = web.client.get("/provider", headers={"Cookie": stolen, "Accept": "text/html"})
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert _login(client, "vero1", PASSWORD).status_code == 303  # signing in again works
    assert client.get("/provider").status_code == 200


def test_rejected_browser_form_gets_a_page_in_the_users_language(web: Web) -> None:
    r = web.client.post(
        "/language",
        data={"language": "sv"},
        headers={"Cookie": web.cookies["neuvoja"], "Accept": "text/html"},
    )
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    assert "Lomake on vanhentunut" in r.text
