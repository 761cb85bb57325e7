"""Regional officers (issue 15): the scope of a region-officer user, one row per code: a
2-digit province (every district of it) or a 4-digit district (that district alone).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_scopes",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("code", sa.String(8), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("user_scopes")
