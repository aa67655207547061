"""Job leases (owner and expiry, renewed by a heartbeat) and one active job per narration.

``active_key`` is set while a job is queued or running and cleared when it
ends; its unique index makes identical requests from two processes one job.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("lease_owner", sa.String(64), nullable=True))
        batch.add_column(sa.Column("lease_expires", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("active_key", sa.String(300), nullable=True))
        batch.create_index("ix_jobs_active_key", ["active_key"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_index("ix_jobs_active_key")
        batch.drop_column("active_key")
        batch.drop_column("lease_expires")
        batch.drop_column("lease_owner")
