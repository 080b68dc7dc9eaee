"""CLI commands of the intake channels, mounted by the lead on the ``aspa`` app.

The lead wires them once at start-up::

    from channels import cli as channels_cli
    channels_cli.configure(make_submitter, session_factory=lambda: sessions)
    aspa.add_typer(channels_cli.app, name="channels")    # aspa channels imap-poll / hotfolder
    aspa.command("separator")(channels_cli.separator)    # aspa separator --out --label

Errors become one ``error [code]: message`` line on stderr and the error's exit code.
"""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from sqlalchemy.orm import Session, sessionmaker

from pipeline.errors import AspaError, ConfigurationError, ExitCode
from pipeline.incoming import Submitted

from . import hotfolder, imap
from .base import Submitter
from .config import ChannelsConfig, load_config
from .separator import make_separator_pdf

app = typer.Typer(
    help="Intake channels: IMAP mailboxes and scanner hot folders.", no_args_is_help=True
)

_submitter_factory: Callable[[], Submitter] | None = None
_session_factory: Callable[[], sessionmaker[Session]] | None = None

ConfigOpt = Annotated[
    Path, typer.Option("--config", help="Channels YAML file (see channels/README.md).")
]
OnceOpt = Annotated[bool, typer.Option("--once", help="Run one round and exit.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="One JSON object per file.")]


def configure(
    submitter_factory: Callable[[], Submitter],
    session_factory: Callable[[], sessionmaker[Session]] | None = None,
) -> None:
    """Tell the commands how to reach the pipeline.

    Args:
        submitter_factory: Builds the pipeline's :class:`~channels.base.Submitter`.
        session_factory: Builds the sessionmaker for the ``imap_cursors`` table.
    """
    global _submitter_factory, _session_factory
    _submitter_factory = submitter_factory
    _session_factory = session_factory


def _submitter() -> Submitter:
    if _submitter_factory is None:
        raise ConfigurationError(
            "The channels commands are not connected to the pipeline (channels.cli.configure)."
        )
    return _submitter_factory()


def _sessions() -> sessionmaker[Session]:
    if _session_factory is None:
        raise ConfigurationError(
            "The channels commands are not connected to a database (channels.cli.configure)."
        )
    return _session_factory()


@contextmanager
def _outcomes() -> Iterator[None]:
    """The one place where our errors become a message and an exit code."""
    try:
        yield
    except AspaError as e:
        typer.echo(f"error [{e.code}]: {e.message}", err=True)
        raise typer.Exit(int(e.exit_code)) from None


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    return stop


def _echo(item: Submitted, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(item.as_dict(), ensure_ascii=False))
    elif item.ok:
        typer.echo(f"{item.source}\t{' '.join(item.document_ids)}")
    else:
        typer.echo(f"{item.source}\terror [{item.error_code}]: {item.error_message}")


def _load(config: Path, section: str) -> ChannelsConfig:
    cfg = load_config(config)
    if not getattr(cfg, section):
        raise ConfigurationError(f"{config} has no {section} section.")
    return cfg


@app.command("imap-poll")
def imap_poll(config: ConfigOpt, once: OnceOpt = False, as_json: JsonOpt = False) -> None:
    """Poll the configured IMAP mailboxes (forever, or one round with --once)."""
    with _outcomes():
        cfg = _load(config, "mailboxes")
        submitter, sessions = _submitter(), _sessions()
        if not once:
            stop = _stop_on_signals()
            imap.run_forever(cfg.mailboxes, submitter, sessions, stop, cfg.poll_interval_seconds)
            return
        failed = 0
        for box in cfg.mailboxes:
            try:
                result = imap.poll_once(box, submitter, sessions)
            except AspaError as e:
                failed += 1
                typer.echo(f"imap:{box.name}\terror [{e.code}]: {e.message}", err=True)
                continue
            for mail in result.mails:
                if mail.status == "rejected":
                    typer.echo(
                        f"imap:{box.name}/{box.folder}/{mail.uid}\trejected [{mail.error_code}]"
                    )
                for item in mail.results:
                    _echo(item, as_json)
        if failed:
            raise typer.Exit(int(ExitCode.failure))


@app.command("hotfolder")
def hotfolder_cmd(config: ConfigOpt, once: OnceOpt = False, as_json: JsonOpt = False) -> None:
    """Watch the configured scanner folders (forever, or one scan with --once)."""
    with _outcomes():
        cfg = _load(config, "hotfolders")
        submitter = _submitter()
        if not once:
            stop = _stop_on_signals()
            interval = min(cfg.poll_interval_seconds, 5.0)
            hotfolder.run_forever(cfg.hotfolders, submitter, stop, interval)
            return
        for folder in cfg.hotfolders:
            try:
                result = hotfolder.scan_once(folder, submitter, recover_after=0.0)
            except OSError as e:
                raise ConfigurationError(
                    f"Hot folder {folder.name}: cannot use {folder.path}: {e.strerror or e}"
                ) from None
            for o in result.outcomes:
                _echo(
                    Submitted(
                        o.source,
                        o.filename,
                        o.document_ids,
                        o.error_code,
                        None if o.status == "processed" else o.status,
                    ),
                    as_json,
                )


def separator(
    out: Annotated[Path, typer.Option("--out", help="Where to write the PDF.")],
    label: Annotated[
        str, typer.Option("--label", help="Printed under the code, e.g. the service point.")
    ],
) -> None:
    """Write a printable A4 separator sheet (PDF) for splitting scanned batches."""
    with _outcomes():
        try:
            path = make_separator_pdf(out, label=label)
        except OSError as e:
            raise ConfigurationError(f"Cannot write {out}: {e.strerror or e}") from None
        typer.echo(str(path))


app.command("separator")(separator)
