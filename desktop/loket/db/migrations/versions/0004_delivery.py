"""Door-to-door delivery runs and their lines; card indexes for filtering by RW/RT and waiting.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Portable on SQLite and PostgreSQL: a card waits for its outcome on at most one line.
PENDING_LINE = "outcome IS NULL"


def upgrade() -> None:
    utc = sa.DateTime(timezone=True)
    op.create_table(
        "delivery_run",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("number", sa.String(60), nullable=False),
        sa.Column("rw", sa.String(3), nullable=False),
        sa.Column("rts", sa.String(200), nullable=False),
        sa.Column("courier_name", sa.String(120), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("closed_at", utc, nullable=True),
        sa.Column("closed_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.UniqueConstraint("number", name="uq_delivery_run_number"),
    )
    op.create_index("ix_delivery_run_status", "delivery_run", ["status", "id"])
    op.create_table(
        "delivery_line",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("delivery_run.id"), nullable=False),
        sa.Column("card_id", sa.Integer(), sa.ForeignKey("card.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=True),
        sa.Column("recorded_at", utc, nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("recipient_name", sa.String(160), nullable=False),
        sa.Column("relation", sa.String(20), nullable=True),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("handover_id", sa.Integer(), sa.ForeignKey("handover.id"), nullable=True),
        sa.UniqueConstraint("run_id", "card_id", name="uq_delivery_line_run_id"),
    )
    op.create_index(
        "uq_delivery_line_pending_card",
        "delivery_line",
        ["card_id"],
        unique=True,
        sqlite_where=sa.text(PENDING_LINE),
        postgresql_where=sa.text(PENDING_LINE),
    )
    op.create_index("ix_delivery_line_run", "delivery_line", ["run_id", "position"])
    op.create_index("ix_delivery_line_card", "delivery_line", ["card_id"])
    op.create_index("ix_delivery_line_handover", "delivery_line", ["handover_id"])
    op.create_index("ix_card_rw_rt", "card", ["rw", "rt"])
    op.create_index("ix_card_state_received", "card", ["state", "received_at"])


def downgrade() -> None:
    op.drop_index("ix_card_state_received", table_name="card")
    op.drop_index("ix_card_rw_rt", table_name="card")
    op.drop_table("delivery_line")
    op.drop_table("delivery_run")
