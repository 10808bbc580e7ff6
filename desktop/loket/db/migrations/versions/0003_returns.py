"""Returning cards to the kecamatan: returns and their lines.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = sa.DateTime(timezone=True)
    op.create_table(
        "card_return",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("opened_at", utc, nullable=False),
        sa.Column("opened_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("closed_at", utc, nullable=True),
        sa.Column("closed_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("berita_acara_number", sa.String(60), nullable=True),
        sa.Column("receiver_name", sa.String(120), nullable=False),
        sa.Column("receiver_nip", sa.String(30), nullable=False),
    )
    op.create_table(
        "card_return_line",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("return_id", sa.Integer(), sa.ForeignKey("card_return.id"), nullable=False),
        sa.Column("card_id", sa.Integer(), sa.ForeignKey("card.id"), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("added_at", utc, nullable=False),
        sa.Column("added_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.UniqueConstraint("card_id", name="uq_card_return_line_card_id"),
    )
    op.create_index("ix_card_return_line_return", "card_return_line", ["return_id", "id"])


def downgrade() -> None:
    op.drop_table("card_return_line")
    op.drop_table("card_return")
