"""docker-compose.yml, checked without a container engine.

Given the compose file of the scaled-out stack,
when it is read as compose would read it (YAML merge keys, ``${VAR:?…}`` interpolation),
then it matches the compose-spec JSON schema (vendored by check-jsonschema, so offline), its
references between services and volumes resolve, every ``ASPA_`` variable is a real setting and
the settings validate as production, the aspa commands and health checks parse against the real
CLI, and the README's scale-out section names the same services.
"""

from __future__ import annotations

import copy
import importlib.resources
import json
import os
import re
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from aspa.cli import app
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
RAW: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
SECRETS = {
    "ASPA_SECRET_KEY": "s3cret-key-of-at-least-32-characters",  # production minimum (issue 11)
    "POSTGRES_PASSWORD": "pg-pw",
    "MINIO_ROOT_PASSWORD": "m",
}
IMAGE = "localhost/aspa-docflow:latest"

_VAR = re.compile(r"\$\{(\w+)(?:(:?[?-])([^}]*))?\}")


class MissingVariable(Exception):
    pass


def interpolate(value: Any, env: dict[str, str]) -> Any:
    """Compose's ``${VAR}``, ``${VAR:-default}`` and ``${VAR:?error}`` on every string."""
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def sub(m: re.Match[str]) -> str:
        name, op, arg = m.group(1), m.group(2), m.group(3)
        if env.get(name):
            return env[name]
        if op and op.endswith("?"):
            raise MissingVariable(f"{name}: {arg}")
        if op and op.endswith("-"):
            return arg
        return ""

    return _VAR.sub(sub, value)


COMPOSED: dict[str, Any] = interpolate(RAW, SECRETS)
SERVICES: dict[str, dict[str, Any]] = COMPOSED["services"]
ASPA = {n: s for n, s in SERVICES.items() if s.get("image") == IMAGE}


def compose_spec() -> dict[str, Any]:
    schema = (
        importlib.resources.files("check_jsonschema") / "builtin_schemas/vendor/compose-spec.json"
    )
    return json.loads(schema.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def schema_errors(doc: dict[str, Any]) -> list[str]:
    schema = compose_spec()
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]


def command_lines(service: dict[str, Any]) -> list[list[str]]:
    """The aspa command lines a service runs (``sh -c "a && b"`` gives each of a and b)."""
    cmd = service["command"]
    if cmd[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in cmd[2].split("&&")]
    return [cmd]


def test_the_file_matches_the_compose_spec_schema() -> None:
    assert schema_errors(RAW) == []
    assert schema_errors(COMPOSED) == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d["services"]["api"].update(helthcheck={"test": ["CMD", "true"]}),
        lambda d: d["services"]["worker"]["depends_on"]["init"].update(condition="done"),
        lambda d: d["services"]["api"].update(ports="8000:8000"),
    ],
)
def test_the_schema_check_catches_a_broken_file(damage: Any) -> None:
    doc = copy.deepcopy(RAW)
    damage(doc)
    assert schema_errors(doc)


def test_secrets_have_no_defaults() -> None:
    for name in SECRETS:
        with pytest.raises(MissingVariable, match=name):
            interpolate(RAW, {k: v for k, v in SECRETS.items() if k != name})


def test_references_between_services_and_volumes_resolve() -> None:
    declared = set(COMPOSED["volumes"])
    used = set()
    for name, svc in SERVICES.items():
        for dep, how in svc.get("depends_on", {}).items():
            assert dep in SERVICES, f"{name} depends on unknown {dep}"
            if how["condition"] == "service_healthy":
                assert "healthcheck" in SERVICES[dep], f"{name} waits for {dep}'s health check"
            if how["condition"] == "service_completed_successfully":
                assert SERVICES[dep].get("restart") == "no", f"{dep} must run once"
        for vol in svc.get("volumes", []):
            source = vol.split(":")[0]
            if not source.startswith(("/", ".")):
                used.add(source)
    assert used == declared


def test_the_aspa_services_share_the_image_its_data_volume_and_wait_for_init() -> None:
    assert set(ASPA) == {"init", "api", "worker"}
    for name, svc in ASPA.items():
        assert svc["build"]["context"] == "."
        assert (ROOT / svc["build"]["context"] / "Dockerfile").is_file()
        data_dir = svc["environment"]["ASPA_DATA_DIR"]
        assert f"aspadata:{data_dir}" in svc["volumes"], name
    # Dockerfile: the data folder exists and belongs to the unprivileged user, so a fresh named
    # volume mounted there takes that owner; the image check stage writes into it.
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "install -d -o aspa -g aspa /var/lib/aspa" in dockerfile
    assert "USER aspa" in dockerfile
    for name in ("api", "worker"):
        assert ASPA[name]["depends_on"] == {"init": {"condition": "service_completed_successfully"}}


def settings_of(service: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Settings:
    for key in [k for k in os.environ if k.startswith("ASPA_")]:
        monkeypatch.delenv(key)
    for key, value in service["environment"].items():
        monkeypatch.setenv(key, str(value))
    return Settings(_env_file=None)  # type: ignore[call-arg]


def test_every_aspa_variable_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    fields = {f"ASPA_{name.upper()}" for name in Settings.model_fields}
    for name, svc in ASPA.items():
        unknown = {k for k in svc["environment"] if k.startswith("ASPA_")} - fields
        assert not unknown, f"{name}: {unknown} are not settings (a typo is silently ignored)"


def test_the_settings_validate_as_a_production_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    s = settings_of(ASPA["worker"], monkeypatch)
    assert s.environment == "production"
    db = urlsplit(s.effective_database_url)
    assert db.scheme == "postgresql+psycopg" and db.hostname == "postgres"
    pg = SERVICES["postgres"]["environment"]
    assert (db.username, db.password, db.path) == (
        pg["POSTGRES_USER"],
        pg["POSTGRES_PASSWORD"],
        f"/{pg['POSTGRES_DB']}",
    )
    assert urlsplit(s.broker_url).hostname == "redis"
    assert s.object_store.startswith("s3://") and s.s3_endpoint.split(":")[0] == "minio"
    minio = SERVICES["minio"]["environment"]
    assert s.s3_access_key == minio["MINIO_ROOT_USER"]
    assert s.s3_secret_key.get_secret_value() == minio["MINIO_ROOT_PASSWORD"]
    assert s.effective_model_dir == s.data_dir / "models"  # on the shared data volume


def test_production_refuses_the_stack_without_a_real_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = dict(ASPA["api"]["environment"], ASPA_SECRET_KEY="change-me-in-production")
    with pytest.raises(ValueError, match="ASPA_SECRET_KEY"):
        settings_of({"environment": env}, monkeypatch)


def test_commands_and_health_checks_parse_against_the_real_cli() -> None:
    runner = CliRunner()
    lines = [line for svc in ASPA.values() for line in command_lines(svc)]
    lines += [svc["healthcheck"]["test"][1:] for svc in ASPA.values() if "healthcheck" in svc]
    assert len(lines) >= 6
    for line in lines:
        assert line[0] == "aspa", line
        result = runner.invoke(app, [*line[1:], "--help"])
        assert result.exit_code == 0, f"{line}: {result.output}"
    # ... and the check can fail: an unknown option or command does not parse.
    assert runner.invoke(app, ["health", "--wroker", "--help"]).exit_code != 0
    assert runner.invoke(app, ["helth", "--help"]).exit_code != 0


def test_the_api_and_the_workers_have_health_checks_and_init_makes_the_bucket() -> None:
    assert ASPA["api"]["healthcheck"]["test"] == ["CMD", "aspa", "health", "--api"]
    assert ASPA["worker"]["healthcheck"]["test"] == ["CMD", "aspa", "health", "--worker"]
    # `aspa health` opens the object store, which makes the bucket (tests/test_health.py).
    assert ["aspa", "health"] in command_lines(ASPA["init"])
    assert ["aspa", "train", "--if-missing"] in command_lines(ASPA["init"])
    for name in ("postgres", "redis", "minio"):
        assert "healthcheck" in SERVICES[name]


def readme_scale_out() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Scaling out")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def test_the_readme_scale_out_section_matches_the_file() -> None:
    section = readme_scale_out()
    listed = set(re.findall(r"^\| `([\w-]+)` \|", section, flags=re.M))
    assert listed == set(SERVICES)
    assert "--scale worker=" in section
    for name in SECRETS:
        assert name in section
    for svc in ASPA.values():
        for line in command_lines(svc):
            assert " ".join(line) in section
