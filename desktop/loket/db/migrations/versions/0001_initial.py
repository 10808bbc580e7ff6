"""Office, staff, batches, cards, scans, audit log, counters, documents, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UNSETTLED = "state IN ('EXPECTED', 'IN_STOCK', 'SET_ASIDE', 'OUT_FOR_DELIVERY')"


def upgrade() -> None:
    utc = sa.DateTime(timezone=True)
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(60), nullable=False),
        sa.Column("full_name", sa.String(120), nullable=False),
        sa.Column("nip", sa.String(30), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", utc, nullable=True),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.UniqueConstraint("username", name="uq_staff_username"),
    )
    op.create_table(
        "office",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("region_code", sa.String(13), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("lurah_name", sa.String(120), nullable=False),
        sa.Column("lurah_nip", sa.String(30), nullable=False),
        sa.Column("created_at", utc, nullable=False),
    )
    op.create_table(
        "batch",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("letter_date", sa.Date(), nullable=False),
        sa.Column("courier_name", sa.String(120), nullable=False),
        sa.Column("has_manifest", sa.Boolean(), nullable=False),
        sa.Column("manifest_filename", sa.String(260), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("opened_at", utc, nullable=False),
        sa.Column("opened_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("closed_at", utc, nullable=True),
        sa.Column("closed_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("berita_acara_number", sa.String(60), nullable=True),
    )
    op.create_table(
        "card",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("nik", sa.String(16), nullable=False),
        sa.Column("name", sa.String(160), nullable=False),
        sa.Column("rt", sa.String(3), nullable=False),
        sa.Column("rw", sa.String(3), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("batch.id"), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("on_manifest", sa.Boolean(), nullable=False),
        sa.Column("manifest_row", sa.Integer(), nullable=True),
        sa.Column("entry_method", sa.String(20), nullable=True),
        sa.Column("received_at", utc, nullable=True),
        sa.Column("received_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
    )
    op.create_index(
        "uq_card_unsettled_nik",
        "card",
        ["nik"],
        unique=True,
        sqlite_where=sa.text(UNSETTLED),
        postgresql_where=sa.text(UNSETTLED),
    )
    op.create_index("ix_card_batch_state", "card", ["batch_id", "state"])
    op.create_index("ix_card_nik", "card", ["nik"])
    op.create_table(
        "scan",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("batch.id"), nullable=False),
        sa.Column("raw_text", sa.String(200), nullable=False),
        sa.Column("nik", sa.String(16), nullable=True),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("entry_method", sa.String(20), nullable=False),
        sa.Column("card_id", sa.Integer(), sa.ForeignKey("card.id"), nullable=True),
        sa.Column("scanned_at", utc, nullable=False),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
    )
    op.create_index("ix_scan_batch", "scan", ["batch_id", "id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", utc, nullable=False),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("entity", sa.String(30), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_log_entity", "audit_log", ["entity", "entity_id"])
    op.create_table(
        "counter",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("series", sa.String(30), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.UniqueConstraint("series", "year", name="uq_counter_series"),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("number", sa.String(60), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("relative_path", sa.String(400), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
    )
    op.create_index("ix_document_kind_created", "document", ["kind", "created_at"])
    op.create_table(
        "setting",
        sa.Column("key", sa.String(60), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    for table in ("setting", "document", "counter", "audit_log", "scan", "card", "batch"):
        op.drop_table(table)
    op.drop_table("office")
    op.drop_table("staff")
