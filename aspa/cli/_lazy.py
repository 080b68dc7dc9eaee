"""Sub-command groups imported only when they are used, so ``aspa --help`` starts in a blink.

A plug-in's Typer app (``billing.cli``, ``channels.cli``, ...) may import heavy libraries at
module level (spaCy, FastAPI, argon2). :class:`LazyGroup` stands in for it in the command list
with its one-line help; the module is imported when the group itself is invoked (including
``aspa billing --help``), and from then on the real group parses and runs everything.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

import typer
from typer import _click as click  # Typer's own copy of Click, whose types TyperGroup uses
from typer.core import TyperGroup


class LazyGroup(TyperGroup):
    """A placeholder for the Typer app ``app`` of module ``module``, loaded on first use."""

    def __init__(
        self,
        name: str,
        *,
        module: str,
        help: str,
        on_load: Callable[[ModuleType], None] | None = None,
    ) -> None:
        super().__init__(name=name, help=help, no_args_is_help=True)
        self._module = module
        self._on_load = on_load
        self._real: TyperGroup | None = None

    def load(self) -> TyperGroup:
        if self._real is None:
            module = importlib.import_module(self._module)
            if self._on_load is not None:
                self._on_load(module)
            real = typer.main.get_group(module.app)
            real.name, real.help = self.name, self.help
            self._real = real
        return self._real

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        return self.load().make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self.load().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self.load().get_command(ctx, cmd_name)


class RootGroup(TyperGroup):
    """The ``aspa`` group: its own commands, then the lazily imported sub-command groups."""

    lazy: tuple[LazyGroup, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for group in type(self).lazy:
            self.add_command(group)
