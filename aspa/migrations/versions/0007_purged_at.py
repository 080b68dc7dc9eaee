"""``documents.purged_at``: one purge per document, also when two purges run at once.

Before, a purge knew a document was done by its ``purged`` audit row, which two simultaneous
purges could both write. The column is set with a compare-and-set (``WHERE purged_at IS NULL``),
so exactly one purge wins; existing purges are carried over from their audit rows.

Revision ID: 0007_purged_at
Revises: 0006_i14_search
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import pipeline.db

revision = "0007_purged_at"
down_revision = "0006_i14_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("purged_at", pipeline.db.UTCDateTime(timezone=True)))
    op.execute(
        "UPDATE documents SET purged_at = (SELECT min(a.at) FROM audit_events a"
        " WHERE a.action = 'purged' AND a.document_id = documents.id)"
        " WHERE id IN (SELECT document_id FROM audit_events WHERE action = 'purged')"
    )


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("purged_at")
