"""Initial schema: users, devices and tokens, records with versions, applied ops, the
per-district change log and its counters, conflicts, attachments, the append-only audit log.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

S = sa.String


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", S(64), nullable=False, unique=True),
        sa.Column("password_hash", S, nullable=False),
        sa.Column("role", S(32), nullable=False),
        sa.Column("district", S(8)),
        sa.Column("province", S(4)),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("created_at", S, nullable=False),
    )
    op.create_table(
        "devices",
        sa.Column("id", S(36), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("name", S(100), nullable=False),
        sa.Column("district", S(8)),
        sa.Column("province", S(4)),
        sa.Column("role", S(32), nullable=False),
        sa.Column("public_key", S(64), nullable=False),
        sa.Column("created_at", S, nullable=False),
        sa.Column("revoked_at", S),
        sa.Column("last_seq", sa.Integer, nullable=False),
        sa.Column("last_hash", S, nullable=False),
        sa.Column("last_seen_at", S),
    )
    op.create_table(
        "device_tokens",
        sa.Column("token_hash", S(64), primary_key=True),
        sa.Column("device_id", S(36), sa.ForeignKey("devices.id"), nullable=False, index=True),
        sa.Column("created_at", S, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False),
    )
    op.create_table(
        "login_failures",
        sa.Column("name", S(64), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failed_at", sa.Float, nullable=False),
    )
    op.create_table(
        "records",
        sa.Column("id", S(36), primary_key=True),
        sa.Column("district", S(8), nullable=False, index=True),
        sa.Column("form_id", S(64), nullable=False),
        sa.Column("form_version", sa.Integer, nullable=False),
        sa.Column("area", sa.JSON, nullable=False),
        sa.Column("status", S(40)),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("field_meta", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("hlc", S(21), nullable=False),
        sa.Column("created_by", S(36), nullable=False),
        sa.Column("updated_at", S, nullable=False),
    )
    op.create_table(
        "record_versions",
        sa.Column("record_id", S(36), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("status", S(40)),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("op_id", S(36), nullable=False),
        sa.Column("device_id", S(36), nullable=False),
        sa.Column("hlc", S(21), nullable=False),
        sa.Column("created_at", S, nullable=False),
    )
    op.create_table(
        "applied_ops",
        sa.Column("op_id", S(36), primary_key=True),
        sa.Column("device_id", S(36), nullable=False),
        sa.Column("device_seq", sa.Integer, nullable=False),
        sa.Column("hash", S(64), nullable=False),
        sa.Column("status", S(16), nullable=False),
        sa.Column("reason", S, nullable=False),
        sa.Column("record_id", S(36), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("conflicts", sa.Integer, nullable=False),
        sa.Column("district", S(8)),
        sa.Column("channel", S(8), nullable=False),
        sa.Column("received_at", S, nullable=False),
        sa.UniqueConstraint("device_id", "device_seq"),
    )
    op.create_table(
        "district_counters",
        sa.Column("district", S(8), primary_key=True),
        sa.Column("last_seq", sa.Integer, nullable=False),
    )
    op.create_table(
        "change_log",
        sa.Column("district", S(8), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("record_id", S(36), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("op_id", S(36), nullable=False),
        sa.Column("committed_at", S, nullable=False),
    )
    op.create_table(
        "conflicts",
        sa.Column("id", S(36), primary_key=True),
        sa.Column("record_id", S(36), nullable=False, index=True),
        sa.Column("district", S(8), nullable=False),
        sa.Column("path", S(200), nullable=False),
        sa.Column("candidates", sa.JSON, nullable=False),
        sa.Column("winner", sa.Integer, nullable=False),
        sa.Column("status", S(16), nullable=False),
        sa.Column("op_id", S(36), nullable=False),
        sa.Column("resolved_by", S(36)),
        sa.Column("created_at", S, nullable=False),
    )
    op.create_table(
        "attachments",
        sa.Column("sha256", S(64), primary_key=True),
        sa.Column("district", S(8), primary_key=True),
        sa.Column("received", sa.Integer, nullable=False),
        sa.Column("size", sa.Integer),
        sa.Column("complete", sa.Boolean, nullable=False),
        sa.Column("device_id", S(36), nullable=False),
        sa.Column("created_at", S, nullable=False),
    )
    op.create_table(
        "attachment_chunks",
        sa.Column("sha256", S(64), primary_key=True),
        sa.Column("district", S(8), primary_key=True),
        sa.Column("offset", sa.Integer, primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", S, nullable=False),
        sa.Column("actor", S(100), nullable=False),
        sa.Column("action", S(40), nullable=False),
        sa.Column("district", S(8)),
        sa.Column("target", S(200), nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    _audit_append_only()


def _audit_append_only() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )


def downgrade() -> None:
    for name in (
        "audit_log", "attachment_chunks", "attachments", "conflicts", "change_log",
        "district_counters", "applied_ops", "record_versions", "records", "login_failures",
        "device_tokens", "devices", "users",
    ):
        op.drop_table(name)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
