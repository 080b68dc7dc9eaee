"""``imap_cursors.attempt_uid``, ``attempt_count``: a mail that kills the poller is set aside.

The poller records which mail it starts and how often that mail's processing has started
without finishing; past the mailbox's ``max_recoveries`` the mail is rejected with
``processing_interrupted`` instead of being fetched again at every restart.

Revision ID: 0008_imap_attempts
Revises: 0007_purged_at
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_imap_attempts"
down_revision = "0007_purged_at"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("imap_cursors") as batch:
        batch.add_column(sa.Column("attempt_uid", sa.BigInteger()))
        batch.add_column(sa.Column("attempt_count", sa.Integer()))


def downgrade() -> None:
    with op.batch_alter_table("imap_cursors") as batch:
        batch.drop_column("attempt_count")
        batch.drop_column("attempt_uid")
