"""Backfills: an archive queued for narration, and its items (one per article URL).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "backfills",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("voice", sa.String(200), nullable=True),
        sa.Column("speed", sa.Float, nullable=False),
        sa.Column("since", sa.String(10), nullable=True),
        sa.Column("item_limit", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "backfill_items",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "backfill_id", sa.String(32), sa.ForeignKey("backfills.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("article_id", sa.String(32), nullable=True),
        sa.Column("job_id", sa.String(32), nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("backfill_id", "url", name="uq_backfill_items_url"),
    )
    op.create_index("ix_backfill_items_backfill", "backfill_items", ["backfill_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_backfill_items_backfill", table_name="backfill_items")
    op.drop_table("backfill_items")
    op.drop_table("backfills")
