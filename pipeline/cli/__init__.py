"""The ``aspa`` command.

One exception handler turns :class:`~pipeline.errors.AspaError` into a message and an exit code;
bad input never produces a traceback. The commands live in the modules of this package; the
other packages contribute sub-commands (``billing``, ``channels``, ``users``, ``model``).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import typer

from ..errors import AspaError

# The help lists the commands in the order their modules register them.
# isort: off
from . import process, service, operations, purge

# isort: on
from ._app import app, load_settings

__all__ = ["app", "main"]

_COMMAND_MODULES = (process, service, operations, purge)  # imported for their commands


def _mount_optional(module: str, name: str, help_: str) -> None:
    try:
        sub = importlib.import_module(module)
    except ModuleNotFoundError as e:
        if e.name and module.startswith(e.name):
            return
        raise
    app.add_typer(sub.app, name=name, help=help_)


_mount_optional("classifiers.cli", "model", "The classification model: bench, rollback, activate.")
_mount_optional("billing.cli", "billing", "Billing ledger, settlement and reconciliation.")
_mount_optional("channels.cli", "channels", "Intake channels: IMAP mailboxes and hot folders.")


def _channels_submitter() -> Any:
    """The pipeline behind ``aspa channels``: embedded workers run in this process."""
    from ..migrate import upgrade
    from ..queue import recover, setup_queue
    from ..runtime import build_runtime
    from ..submitter import QueueSubmitter

    settings = load_settings()
    rt = build_runtime(settings)
    upgrade(rt.engine)
    queue = setup_queue(rt, settings.broker_url)
    if queue.embedded:
        queue.start_worker(settings.embedded_workers)
        recover(queue)
    return QueueSubmitter(queue, submitted_by="channels")


def _wire_channels() -> None:
    from channels import cli as channels_cli

    channels_cli.configure(_channels_submitter)
    app.command("separator", help="Print a batch separator sheet (PDF with a QR code).")(
        channels_cli.separator
    )


_wire_channels()
_mount_optional("api.auth.cli", "users", "Users, roles and API tokens.")


def main() -> None:
    """Entry point of the ``aspa`` console script."""
    import os

    from ..masking import install_log_masking, mask_text

    os.umask(0o077)  # files 0600, folders 0700: the data dir holds citizens' documents
    install_log_masking()
    try:
        app()
    except AspaError as err:
        typer.echo(f"aspa: {err.code}: {mask_text(err.message)}", err=True)
        sys.exit(int(err.exit_code))
