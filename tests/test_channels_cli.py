"""The channels CLI commands and the YAML configuration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from channels import RecordingSubmitter, parse_config
from channels import cli as channels_cli
from channels.errors import ChannelConfigError
from pipeline.errors import ExitCode

runner = CliRunner()


@pytest.fixture
def submitter() -> RecordingSubmitter:
    sub = RecordingSubmitter()
    channels_cli.configure(lambda: sub)
    return sub


def test_hotfolder_once_prints_one_line_per_file(
    tmp_path: Path, submitter: RecordingSubmitter
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "a.pdf").write_bytes(b"%PDF a")
    (drop / "b.pdf").write_bytes(b"%PDF b")
    config = tmp_path / "channels.yaml"
    config.write_text(
        f"""
hotfolders:
  - name: piste
    path: {drop}
    service_point: saarijarvi
    stable_checks: 2
    settle_seconds: 0
    min_age_seconds: 0
""",
        encoding="utf-8",
    )
    result = runner.invoke(
        channels_cli.app, ["hotfolder", "--config", str(config), "--once", "--json"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(x["filename"] for x in lines) == ["a.pdf", "b.pdf"]
    assert all(len(x["document_ids"]) == 1 and x["error_code"] is None for x in lines)
    assert {c.service_point for c in submitter.calls} == {"saarijarvi"}


def test_separator_command_writes_a_pdf(tmp_path: Path) -> None:
    out = tmp_path / "sheets" / "erotin.pdf"
    result = runner.invoke(channels_cli.app, ["separator", "--out", str(out), "--label", "Oulu"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


def test_invalid_config_is_a_clear_error_with_the_configuration_exit_code(
    tmp_path: Path, submitter: RecordingSubmitter
) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text(
        "mailboxes:\n  - name: x\n    host: imap.example.fi\n    security: plain\n"
        "    username: u\n    password_env: PW\n    service_point: p\n    colour: red\n",
        encoding="utf-8",
    )
    result = runner.invoke(channels_cli.app, ["imap-poll", "--config", str(config), "--once"])
    assert result.exit_code == ExitCode.configuration
    assert "error [channel_config]" in result.stderr
    assert "mailboxes.0" in result.stderr and "colour" in result.stderr


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("mailboxes: [", "not valid YAML"),
        ("- a\n- b\n", "top level must be a mapping"),
        (
            "mailboxes:\n  - {name: a, host: h, username: u, password_env: P, "
            "service_point: s, processed: move}\n",
            "processed_folder",
        ),
        (
            "hotfolders:\n  - {name: a, path: /x, service_point: s}\n"
            "  - {name: a, path: /y, service_point: s}\n",
            "unique",
        ),
        (
            "mailboxes:\n  - {name: 'a b', host: h, username: u, password_env: P,"
            " service_point: s}\n",
            "mailboxes.0.name",
        ),
        (
            "mailboxes:\n  - {name: a, host: imap.example.fi, security: plain, username: u,"
            " password_env: P, service_point: s}\n",
            "127.0.0.1",
        ),
    ],
)
def test_config_errors(text: str, fragment: str) -> None:
    with pytest.raises(ChannelConfigError) as info:
        parse_config(text)
    assert fragment in info.value.message


def test_config_defaults() -> None:
    cfg = parse_config(
        "mailboxes:\n  - {name: a, host: imap.example.fi, username: u, password_env: P,"
        " service_point: s}\n"
    )
    box = cfg.mailboxes[0]
    assert box.effective_port == 993 and box.processed == "flag" and box.folder == "INBOX"
    assert box.password({"P": "x"}) == "x"


def test_unconfigured_cli_says_so(tmp_path: Path) -> None:
    channels_cli._submitter_factory = None
    config = tmp_path / "c.yaml"
    config.write_text(f"hotfolders:\n  - {{name: a, path: {tmp_path}, service_point: s}}\n")
    result = runner.invoke(channels_cli.app, ["hotfolder", "--config", str(config), "--once"])
    assert result.exit_code == ExitCode.configuration
    assert "configure" in result.stderr
