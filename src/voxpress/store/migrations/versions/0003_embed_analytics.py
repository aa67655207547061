"""Embedded pages, playlists and listening events.

``embed_pages`` ties a page's canonical URL to the article narrated from it;
``playlists`` and ``playlist_items`` are ordered lists of articles;
``listening_events`` holds what embedded players report (no address, user
agent or cookie).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def article_fk() -> sa.ForeignKey:
    """A fresh foreign key to an article (a key object belongs to one column)."""
    return sa.ForeignKey("articles.id", ondelete="CASCADE")


def upgrade() -> None:

    op.create_table(
        "embed_pages",
        sa.Column("url", sa.String(2000), primary_key=True),
        sa.Column(
            "article_id", sa.String(32), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_embed_pages_article_id", "embed_pages", ["article_id"])
    op.create_table(
        "playlists",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "playlist_items",
        sa.Column(
            "playlist_id", sa.String(32), sa.ForeignKey("playlists.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id", sa.String(32), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
    )
    op.create_index("ix_playlist_items_article_id", "playlist_items", ["article_id"])
    op.create_table(
        "listening_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(40), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("view_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("listened_seconds", sa.Float(), nullable=False),
        sa.Column("speed", sa.Float(), nullable=True),
        sa.Column("voice", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_listening_events_article_id", "listening_events", ["article_id"])
    op.create_index("ix_listening_events_day", "listening_events", ["day"])


def downgrade() -> None:
    op.drop_table("listening_events")
    op.drop_table("playlist_items")
    op.drop_table("playlists")
    op.drop_table("embed_pages")
