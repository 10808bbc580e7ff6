"""Every desk sees the same papers: a registered paper's PDF kept in the database.

On a shared server each paper's bytes are written beside its `document` row, in the same
transaction, so that a desk that did not write it can open and print that very file. A desk
alone (SQLite) leaves the table empty and keeps its files in documents/, as before.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_content",
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("document.id"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("content", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("document_content")
