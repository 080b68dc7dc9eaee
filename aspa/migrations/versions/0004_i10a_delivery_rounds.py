"""Delivery rounds: a re-route or re-send after a return is a new delivery; ``acknowledged`` state.

Deliveries get ``round_no`` (1 for the first routing) and the unique key becomes (document,
round, authority, connector), so a re-send to the same authority gets a new row, id and
idempotency key. Deliveries that were acknowledged move to the ``acknowledged`` state.

Revision ID: 0004_i10a_delivery_rounds
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_i10a_delivery_rounds"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("round_no", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.drop_constraint("uq_deliveries_document_id_authority_connector", type_="unique")
        batch_op.create_unique_constraint(
            "uq_deliveries_document_id_round_no_authority_connector",
            ["document_id", "round_no", "authority", "connector"],
        )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.alter_column("round_no", server_default=None)
    op.execute(
        "UPDATE deliveries SET state = 'acknowledged' "
        "WHERE state = 'delivered' AND acknowledged_at IS NOT NULL"
    )


def downgrade() -> None:
    op.execute("UPDATE deliveries SET state = 'delivered' WHERE state = 'acknowledged'")
    op.execute("UPDATE deliveries SET state = 'dead' WHERE state = 'withdrawn'")
    # Only the latest round of a route survives the old key (one row per document and route).
    op.execute(
        "DELETE FROM deliveries WHERE EXISTS (SELECT 1 FROM deliveries AS later "
        "WHERE later.document_id = deliveries.document_id "
        "AND later.authority = deliveries.authority "
        "AND later.connector = deliveries.connector AND later.round_no > deliveries.round_no)"
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_constraint(
            "uq_deliveries_document_id_round_no_authority_connector", type_="unique"
        )
        batch_op.create_unique_constraint(
            "uq_deliveries_document_id_authority_connector",
            ["document_id", "authority", "connector"],
        )
        batch_op.drop_column("round_no")
