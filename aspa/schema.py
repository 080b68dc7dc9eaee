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

#: Indexes the migrations create on expressions the models cannot describe (the PostgreSQL
#: full-text index of ``pipeline.search``); Alembic's comparison leaves them alone.
EXPRESSION_INDEXES = frozenset({"ix_documents_fulltext"})


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    """Alembic ``include_name`` hook: compare everything except :data:`EXPRESSION_INDEXES`."""
    return not (type_ == "index" and name in EXPRESSION_INDEXES)
