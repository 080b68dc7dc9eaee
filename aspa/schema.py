"""All tables of every package, gathered on one MetaData for Alembic and tests."""

from __future__ import annotations

import auth.models
import billing.models
import channels.models
import pipeline.models
from pipeline.db import Base

#: The modules whose models make up the schema (imported for their tables).
MODEL_MODULES = (pipeline.models, billing.models, channels.models, auth.models)

metadata = Base.metadata
