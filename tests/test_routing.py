"""Routing configuration: loading, validation errors, secrets, precedence, building."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.folder import FolderConnector
from connectors.memory import MemoryConnector
from connectors.routing import load_routing
from connectors.s3 import S3Connector
from connectors.smtp import SmtpConnector
from connectors.webhook import WebhookConnector
from pipeline.errors import ConfigurationError, PermanentDeliveryError

EXAMPLE = Path(__file__).resolve().parent.parent / "connectors" / "routing.example.yaml"
EXAMPLE_ENV = {
    "ASPA_KELA_S3_ACCESS_KEY": "AKIAEXAMPLE",
    "ASPA_KELA_S3_SECRET_KEY": "s3-secret",
    "ASPA_WEBHOOK_KELA_SECRET": "hook-secret",
    "ASPA_SMTP_PASSWORD": "mail-secret",
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "routing.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_routes_everything_to_the_outbox(tmp_path: Path) -> None:
    table = load_routing(None, outbox_dir=tmp_path / "outbox", environ={})
    routes = table.routes_for("vero", None)
    assert [r.name for r in routes] == ["folder"]
    connector = routes[0].build()
    assert isinstance(connector, FolderConnector)
    assert connector.root == tmp_path / "outbox"
    assert connector.name == "folder"
    assert routes[0].build() is connector  # cached


def test_example_file_loads_and_routes(tmp_path: Path) -> None:
    table = load_routing(EXAMPLE, outbox_dir=tmp_path / "outbox", environ=EXAMPLE_ENV)
    # Given the example's rules, the most specific one wins
    assert [r.name for r in table.routes_for("kela", "toimeentulotuki")] == [
        "kela-s3",
        "kela-webhook",
    ]
    assert [r.name for r in table.routes_for("kela", "asumistuki")] == ["kela-s3"]
    assert [r.name for r in table.routes_for("kela", None)] == ["kela-s3"]
    assert [r.name for r in table.routes_for("vero", "verokortti")] == ["vero-mail"]
    assert [r.name for r in table.routes_for("tulli", None)] == ["outbox"]
    # and every connector builds (no network I/O happens when building)
    assert isinstance(table.route("kela-s3").build(), S3Connector)
    hook = table.route("kela-webhook").build()
    assert isinstance(hook, WebhookConnector)
    assert hook.name == "kela-webhook"
    mail = table.route("vero-mail").build()
    assert isinstance(mail, SmtpConnector)
    assert mail.port == 587
    outbox = table.route("outbox").build()
    assert isinstance(outbox, FolderConnector)
    assert outbox.root == tmp_path / "outbox"
    assert table.names() == ["kela-s3", "kela-webhook", "outbox", "vero-mail"]


def test_secrets_are_not_in_repr(tmp_path: Path) -> None:
    table = load_routing(EXAMPLE, outbox_dir=tmp_path, environ=EXAMPLE_ENV)
    text = repr(table) + repr(table.route("kela-webhook"))
    for secret in EXAMPLE_ENV.values():
        assert secret not in text


def test_missing_secret_env_names_key_and_variable(tmp_path: Path) -> None:
    env = dict(EXAMPLE_ENV)
    del env["ASPA_WEBHOOK_KELA_SECRET"]
    with pytest.raises(ConfigurationError) as e:
        load_routing(EXAMPLE, outbox_dir=tmp_path, environ=env)
    assert "connectors.kela-webhook.secret_env" in e.value.message
    assert "ASPA_WEBHOOK_KELA_SECRET" in e.value.message


def test_bad_file_lists_every_problem_with_its_key(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
version: 1
connectors:
  kela-s3:
    type: s3
    endpoint: https://minio.example:9000
    bucket: Bad_Bucket
    bukcet_prefix: x
  hook:
    type: webhook
    url: http://provider.example/inbox
    secret_env: HOOK_SECRET
  mail:
    type: carrier-pigeon
routes:
  - authority: kela
    to: [kela-s3]
""",
    )
    with pytest.raises(ConfigurationError) as e:
        load_routing(path, outbox_dir=tmp_path, environ={"HOOK_SECRET": "x"})
    msg = e.value.message
    assert str(path) in msg
    assert "connectors.kela-s3.endpoint" in msg
    assert "connectors.kela-s3.bucket" in msg
    assert "connectors.kela-s3.bukcet_prefix: unknown key" in msg
    assert "connectors.hook.url" in msg and "https" in msg
    assert "connectors.mail" in msg and "type must be one of" in msg
    assert e.value.code == "configuration"


def test_dangling_connector_name_and_duplicate_rule(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
version: 1
connectors:
  outbox: {type: folder}
routes:
  - {authority: kela, to: [kela-s3]}
  - {authority: kela, to: [outbox]}
""",
    )
    with pytest.raises(ConfigurationError) as e:
        load_routing(path, outbox_dir=tmp_path, environ={})
    assert "routes.0.to: no connector named 'kela-s3'" in e.value.message
    assert "routes.1: a second rule for authority 'kela'" in e.value.message


def test_not_yaml_and_missing_file(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nconnectors: [unclosed\n")
    with pytest.raises(ConfigurationError, match="not valid YAML at line"):
        load_routing(path, outbox_dir=tmp_path, environ={})
    with pytest.raises(ConfigurationError, match="not found"):
        load_routing(tmp_path / "nope.yaml", outbox_dir=tmp_path, environ={})


def test_unrouted_authority_is_a_clear_error(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
version: 1
connectors:
  demo: {type: memory}
routes:
  - {authority: kela, to: [demo]}
""",
    )
    table = load_routing(path, outbox_dir=tmp_path, environ={})
    assert isinstance(table.routes_for("kela", "x")[0].build(), MemoryConnector)
    with pytest.raises(ConfigurationError, match="No delivery route for authority 'vero'"):
        table.routes_for("vero", None)
    # Checked at start when the caller names the authorities it knows
    with pytest.raises(ConfigurationError, match="no rule for authority 'vero'"):
        load_routing(path, outbox_dir=tmp_path, environ={}, authorities=["kela", "vero"])


def test_multi_provider_route_builds_distinct_connectors(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
version: 1
connectors:
  kela-archive: {type: folder, root: archive}
  kela-demo: {type: memory}
routes:
  - {authority: kela, service: lapsilisa, to: [kela-archive, kela-demo]}
  - {authority: "*", service: lapsilisa, to: [kela-demo]}
  - {authority: "*", to: [kela-archive]}
""",
    )
    table = load_routing(path, outbox_dir=tmp_path / "outbox", environ={})
    routes = table.routes_for("kela", "lapsilisa")
    assert [r.name for r in routes] == ["kela-archive", "kela-demo"]
    archive = routes[0].build()
    assert isinstance(archive, FolderConnector)
    assert archive.root == tmp_path / "archive"  # relative to the routing file
    assert [r.name for r in table.routes_for("vero", "lapsilisa")] == ["kela-demo"]
    assert [r.name for r in table.routes_for("vero", None)] == ["kela-archive"]
    # the same route name gives the same connector instance everywhere
    assert table.routes_for("vero", "lapsilisa")[0].build() is routes[1].build()


def test_unknown_route_name_is_permanent_delivery_error(tmp_path: Path) -> None:
    table = load_routing(None, outbox_dir=tmp_path, environ={})
    with pytest.raises(PermanentDeliveryError, match="kela-s3"):
        table.route("kela-s3")


def test_smtp_plain_to_remote_host_and_half_credentials(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
version: 1
connectors:
  mail:
    type: smtp
    host: smtp.example
    security: none
    sender: a@b.example
    recipients: [c@d.example]
  store:
    type: s3
    endpoint: 127.0.0.1:9000
    bucket: inbox
    access_key_env: ONLY_ACCESS
routes:
  - {authority: "*", to: [mail, store]}
""",
    )
    with pytest.raises(ConfigurationError) as e:
        load_routing(path, outbox_dir=tmp_path, environ={"ONLY_ACCESS": "x"})
    assert "connectors.mail.security" in e.value.message
    assert "loopback" in e.value.message


def test_s3_access_key_without_secret_key(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
version: 1
connectors:
  store: {type: s3, endpoint: "127.0.0.1:9000", bucket: inbox, access_key_env: ONLY_ACCESS}
routes:
  - {authority: "*", to: [store]}
""",
    )
    with pytest.raises(ConfigurationError, match="access_key_env and secret_key_env"):
        load_routing(path, outbox_dir=tmp_path, environ={"ONLY_ACCESS": "x"})
