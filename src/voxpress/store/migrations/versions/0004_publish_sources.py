"""Publishing sources (feeds and sitemaps polled for new stories) and the stories they gave.

``publish_sources`` holds each feed's URL, voice, polling interval, HTTP
validators and last error; ``publish_stories`` ties a source's item (by GUID
or canonical URL: ``key``) to the article narrated from it, with the hashes
that tell an edit from a repeat. Pushed stories have ``source_id`` "webhook".

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "publish_sources",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("voice", sa.String(200), nullable=True),
        sa.Column("every_seconds", sa.Float(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("next_poll_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_publish_sources_next_poll_at", "publish_sources", ["next_poll_at"])
    op.create_table(
        "publish_stories",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("source_id", sa.String(32), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("voice", sa.String(200), nullable=True),
        sa.Column(
            "article_id", sa.String(32), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("item_hash", sa.String(64), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("source_id", "key"),
    )
    op.create_index("ix_publish_stories_source_id", "publish_stories", ["source_id"])
    op.create_index("ix_publish_stories_article_id", "publish_stories", ["article_id"])


def downgrade() -> None:
    op.drop_table("publish_stories")
    op.drop_table("publish_sources")
