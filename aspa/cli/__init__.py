"""The ``aspa`` command.

One exception handler turns :class:`~pipeline.errors.AspaError` into a message and an exit code;
bad input never produces a traceback. The commands live in the modules of this package; the
other packages contribute sub-commands (``billing``, ``channels``, ``users``, ``model``), imported
only when used (:mod:`aspa.cli._lazy`), so ``aspa --help`` and ``aspa process`` load no more than
they need.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import typer

from pipeline.errors import AspaError

# The help lists the commands in the order their modules register them.
# isort: off
from . import process, service, operations, health, purge

# isort: on
from . import _exit
from ._app import app, load_settings, session_factory
from ._lazy import LazyGroup, RootGroup

__all__ = ["app", "main"]

_COMMAND_MODULES = (process, service, operations, health, purge)  # imported for their commands


def _channels_submitter() -> Any:
    """The pipeline behind ``aspa channels``: embedded workers run in this process."""
    from pipeline.queue import recover, setup_queue
    from pipeline.submitter import QueueSubmitter

    from ..bootstrap import build_runtime
    from ..migrate import upgrade

    settings = load_settings()
    rt = build_runtime(settings)
    upgrade(rt.engine)
    queue = setup_queue(rt, settings.broker_url)
    if queue.embedded:
        queue.start_worker(settings.embedded_workers)
        recover(queue)
    return QueueSubmitter(queue, submitted_by="channels")


def _wire_channels(module: ModuleType) -> None:
    module.configure(_channels_submitter, session_factory=session_factory)


def _wire_billing(module: ModuleType) -> None:
    module.configure(session_factory)


def _wire_model(module: ModuleType) -> None:
    module.configure(lambda: load_settings().effective_model_dir)


@app.command("separator", help="Print a batch separator sheet (PDF with a QR code).")
def separator(
    out: Annotated[Path, typer.Option("--out", help="Where to write the PDF.")],
    label: Annotated[
        str, typer.Option("--label", help="Printed under the code, e.g. the service point.")
    ],
) -> None:
    """Write a printable A4 separator sheet (PDF) for splitting scanned batches."""
    from channels import cli as channels_cli

    channels_cli.separator(out=out, label=label)


# The plug-ins' command groups, imported only when used (``aspa --help`` imports none of them).
RootGroup.lazy = (
    LazyGroup(
        "model",
        module="classifiers.cli",
        help="The classification model: bench, rollback, activate.",
        on_load=_wire_model,
    ),
    LazyGroup(
        "billing",
        module="billing.cli",
        help="Billing ledger, settlement and reconciliation.",
        on_load=_wire_billing,
    ),
    LazyGroup(
        "channels",
        module="channels.cli",
        help="Intake channels: IMAP mailboxes and hot folders.",
        on_load=_wire_channels,
    ),
    LazyGroup("users", module="aspa.cli.users", help="Users, roles and API tokens."),
)


def main() -> None:
    """Entry point of the ``aspa`` console script."""
    import os

    from pipeline.masking import install_log_masking, mask_text

    os.umask(0o077)  # files 0600, folders 0700: the data dir holds citizens' documents
    install_log_masking()
    try:
        app()
    except AspaError as err:
        typer.echo(f"aspa: {err.code}: {mask_text(err.message)}", err=True)
        sys.exit(int(err.exit_code))
    except SystemExit as done:
        if _exit.asked():
            _exit.leave(_exit_status(done.code))
        raise


def _exit_status(code: object) -> int:
    """The status ``sys.exit(code)`` would give the process."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # what the interpreter does with sys.exit("message")
    return 1
