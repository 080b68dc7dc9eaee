"""Append-only guard in the database for the ledger, reconciliation notes and the audit trail.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

from billing.models import (
    APPEND_ONLY_FUNCTION_PG,
    APPEND_ONLY_TRIGGER_PG,
    APPEND_ONLY_TRIGGERS_SQLITE,
)

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = ("billable_events", "reconciliation_notes", "audit_events")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(APPEND_ONLY_FUNCTION_PG)
        for table in TABLES:
            op.execute(APPEND_ONLY_TRIGGER_PG.format(table=table))
    elif dialect == "sqlite":
        for table in TABLES:
            for ddl in APPEND_ONLY_TRIGGERS_SQLITE:
                op.execute(ddl.format(table=table))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in TABLES:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS aspa_refuse_change()")
