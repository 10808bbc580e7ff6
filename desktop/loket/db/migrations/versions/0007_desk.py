"""Desks have names: each scan, handover (and its void) and paper records the desk that wrote it.

Adds `desk` to `scan`, `handover` and `document`, and `void_desk` to `handover`: the name of
the PC set in its Pengaturan ("Loket 2"). The rows an office already has were written before
desks had names and get "". `ix_scan_scanned_at` lets the laporan harian count a day's scans
per desk without reading every scan the office ever made.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_DESK_LENGTH = 40
_COLUMNS = (("scan", "desk"), ("handover", "desk"), ("handover", "void_desk"), ("document", "desk"))


def upgrade() -> None:
    for table, column in _COLUMNS:
        op.add_column(
            table,
            sa.Column(column, sa.String(_DESK_LENGTH), nullable=False, server_default=""),
        )
    op.create_index("ix_scan_scanned_at", "scan", ["scanned_at"])


def downgrade() -> None:
    op.drop_index("ix_scan_scanned_at", table_name="scan")
    for table, column in reversed(_COLUMNS):
        # Not a batch table copy: SQLite (3.35 and newer) and PostgreSQL drop a column in place,
        # and handover's partial unique index stays exactly as it was.
        op.drop_column(table, column)
