"""Alembic environment: migrations run on the connection ``voxpress.store.schema`` hands over.

There is no ``alembic.ini``: the store runs ``upgrade`` itself when it opens a
database, inside its own transaction, so this module only binds the context.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
