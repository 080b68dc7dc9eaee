"""All tables of every package, gathered on one MetaData for Alembic and tests."""

from __future__ import annotations

import importlib

from .db import Base

# Packages whose models join the schema; a missing optional package is skipped.
MODEL_MODULES = ("pipeline.models", "billing.models", "channels.models", "api.auth.models")

for _name in MODEL_MODULES:
    try:
        importlib.import_module(_name)
    except ModuleNotFoundError as e:
        if e.name is None or not _name.startswith(e.name):
            raise

metadata = Base.metadata
