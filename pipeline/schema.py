"""All tables of every package, gathered on one MetaData for Alembic and tests."""

from __future__ import annotations

import api.auth.models
import billing.models
import channels.models
import pipeline.models

from .db import Base

#: The modules whose models make up the schema (imported for their tables).
MODEL_MODULES = (pipeline.models, billing.models, channels.models, api.auth.models)

metadata = Base.metadata
