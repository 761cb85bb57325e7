"""USB bundles: the server's key pairs (made on first start) and the ledger of bundles
received and written.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

S = sa.String


def upgrade() -> None:
    op.create_table(
        "server_keys",
        sa.Column("name", S(16), primary_key=True),
        sa.Column("private_key", S(64), nullable=False),
        sa.Column("public_key", S(64), nullable=False),
        sa.Column("created_at", S, nullable=False),
    )
    op.create_table(
        "bundle_ledger",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("bundle_id", S(36), nullable=False),
        sa.Column("direction", S(4), nullable=False),
        sa.Column("kind", S(4), nullable=False),
        sa.Column("district", S(8), index=True),
        sa.Column("device_id", S(36), nullable=False, index=True),
        sa.Column("created_at", S, nullable=False),
        sa.Column("file_sha256", S(64), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("seq_first", sa.Integer, nullable=False),
        sa.Column("seq_last", sa.Integer, nullable=False),
        sa.Column("op_count", sa.Integer, nullable=False),
        sa.Column("change_count", sa.Integer, nullable=False),
        sa.Column("attachment_count", sa.Integer, nullable=False),
        sa.Column("encrypted", sa.Boolean, nullable=False),
        sa.Column("cursor", sa.Text, nullable=False),
        sa.Column("via", S(100), nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("imports", sa.Integer, nullable=False),
        sa.Column("first_at", S, nullable=False),
        sa.Column("last_at", S, nullable=False),
        sa.UniqueConstraint("bundle_id", "direction"),
    )


def downgrade() -> None:
    op.drop_table("bundle_ledger")
    op.drop_table("server_keys")
