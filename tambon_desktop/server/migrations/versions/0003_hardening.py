"""Hardening (issue 13): a token belongs to a user on a device (device_tokens.user_id; NULL for
tokens issued before, read as the device's user), and a one-row table /healthz writes to.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("device_tokens") as batch:
        batch.add_column(sa.Column("user_id", sa.Integer, nullable=True))
    op.create_table(
        "health_probe",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("health_probe")
    with op.batch_alter_table("device_tokens") as batch:
        batch.drop_column("user_id")
