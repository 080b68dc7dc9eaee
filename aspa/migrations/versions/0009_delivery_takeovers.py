"""``deliveries.takeovers``: a delivery whose send kills its worker goes to the dead letters.

Each takeover of a delivery from a runner that died holding it is counted; at the third the
delivery is not sent again but dead-lettered with ``processing_interrupted`` for an operator.

Revision ID: 0009_delivery_takeovers
Revises: 0008_imap_attempts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_delivery_takeovers"
down_revision = "0008_imap_attempts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("takeovers", sa.Integer()))


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("takeovers")
