"""Alembic environment: run programmatically by server.db.migrate with a live connection."""

from __future__ import annotations

from alembic import context

from tambon_desktop.server.tables import ServerModel

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=ServerModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
