"""Claims of running stages, sweeper bookkeeping and delivery retry runs.

Revision ID: 0005_i10b_claims_and_retries
Revises: 0004_i10a_delivery_rounds
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import pipeline.db

revision = "0005_i10b_claims_and_retries"
down_revision = "0004_i10a_delivery_rounds"
branch_labels = None
depends_on = None


def _columns(retry_since: bool) -> list[sa.Column[object]]:
    cols: list[sa.Column[object]] = []
    if retry_since:
        cols.append(sa.Column("retry_since", pipeline.db.UTCDateTime(timezone=True)))
    cols += [
        sa.Column("claimed_by", sa.String(length=80)),
        sa.Column("claimed_until", pipeline.db.UTCDateTime(timezone=True)),
        sa.Column("enqueued_at", pipeline.db.UTCDateTime(timezone=True)),
    ]
    return cols


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        for col in _columns(retry_since=False):
            batch.add_column(col)
    with op.batch_alter_table("deliveries") as batch:
        for col in _columns(retry_since=True):
            batch.add_column(col)


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        for name in ("enqueued_at", "claimed_until", "claimed_by", "retry_since"):
            batch.drop_column(name)
    with op.batch_alter_table("documents") as batch:
        for name in ("enqueued_at", "claimed_until", "claimed_by"):
            batch.drop_column(name)
