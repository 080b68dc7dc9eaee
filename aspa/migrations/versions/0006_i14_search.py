"""Full-text search index on PostgreSQL (pipeline.search): GIN over the finnish + swedish tsvector.

Only an index on an expression, so the models do not change; SQLite keeps its FTS5 index as a
derived table that the search creates and fills itself (pipeline/search/_sqlite.py).

Revision ID: 0006_i14_search
Revises: 0005_i10b_claims_and_retries
"""

from __future__ import annotations

from alembic import op

revision = "0006_i14_search"
down_revision = "0005_i10b_claims_and_retries"
branch_labels = None
depends_on = None

VECTOR = (
    "(to_tsvector('finnish', coalesce(text, '')) || to_tsvector('swedish', coalesce(text, '')))"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE INDEX IF NOT EXISTS ix_documents_fulltext ON documents USING gin ({VECTOR})"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_documents_fulltext")
