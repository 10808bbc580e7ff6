"""The audit trail chained: each row carries the hash of the row before it and its own.

Adds `chain_seq`, `prev_hash`, `row_hash` and `seal` to `audit_log` and the one-row table
`audit_chain` (the newest link), then chains the rows the office already has, in id order,
and seals every handover (its state's hash) into the newest audit row that names it, or into
a new `audit.seal` row when none does. The encoding is frozen here, a copy of
core/audit_chain.py as it was at this revision.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_GENESIS = "0" * 64
_CHUNK = 5000
_HANDOVER_COLUMNS = (
    "id",
    "card_id",
    "receipt_number",
    "year",
    "sequence",
    "relation",
    "collector_name",
    "collector_nik",
    "collector_phone",
    "documents",
    "old_card",
    "police_letter_number",
    "signature",
    "handed_over_at",
    "officer_id",
    "voided",
    "voided_at",
    "voided_by_id",
    "void_recorded_by_id",
    "void_reason",
)
_UTC = sa.DateTime(timezone=True)
_AUDIT = sa.table(
    "audit_log",
    sa.column("id", sa.Integer()),
    sa.column("at", _UTC),
    sa.column("staff_id", sa.Integer()),
    sa.column("action", sa.String()),
    sa.column("entity", sa.String()),
    sa.column("entity_id", sa.Integer()),
    sa.column("detail", sa.Text()),
    sa.column("chain_seq", sa.Integer()),
    sa.column("prev_hash", sa.String()),
    sa.column("row_hash", sa.String()),
    sa.column("seal", sa.String()),
)
_TIMES = ("handed_over_at", "voided_at")
_FLAGS = ("voided",)
_HANDOVER = sa.table(
    "handover",
    *(
        sa.column(name, _UTC if name in _TIMES else sa.Boolean() if name in _FLAGS else None)
        for name in _HANDOVER_COLUMNS
    ),
)


def _canonical(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, dt.datetime):
        utc = value if value.tzinfo is None else value.astimezone(dt.UTC).replace(tzinfo=None)
        return utc.isoformat(timespec="microseconds") + "Z"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


_ENCODER = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"))


def _digest(values: Sequence[object]) -> str:
    text = _ENCODER.encode([_canonical(v) for v in values])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _named_handover(detail: str) -> int | None:
    try:
        value = json.loads(detail).get("handover_id")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) else None


def upgrade() -> None:
    for name, kind in (
        ("chain_seq", sa.Integer()),
        ("prev_hash", sa.String(64)),
        ("row_hash", sa.String(64)),
        ("seal", sa.String(120)),
    ):
        op.add_column("audit_log", sa.Column(name, kind, nullable=True))
    op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
    )
    connection = op.get_bind()
    on_rows, unnamed = _seals(connection)
    length, head = 0, _GENESIS
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(_AUDIT).where(_AUDIT.c.id > last_id).order_by(_AUDIT.c.id).limit(_CHUNK)
        ).all()
        if not rows:
            break
        updates = []
        for row in rows:
            length += 1
            seal = on_rows.get(row.id)
            fields = (length, head, row.at, row.staff_id, row.action, row.entity)
            own = _digest((*fields, row.entity_id, row.detail, seal))
            updates.append({"key": row.id, "seq": length, "prev": head, "own": own, "seal": seal})
            head = own
        connection.execute(
            _AUDIT.update()
            .where(_AUDIT.c.id == sa.bindparam("key"))
            .values(
                chain_seq=sa.bindparam("seq"),
                prev_hash=sa.bindparam("prev"),
                row_hash=sa.bindparam("own"),
                seal=sa.bindparam("seal"),
            ),
            updates,
        )
        last_id = rows[-1].id
    # Handovers no audit row names yet: one sealing row each, at the end of the chain.
    now = dt.datetime.now(dt.UTC)
    for handover_id, seal in unnamed:
        length += 1
        own = _digest((length, head, now, None, "audit.seal", "handover", handover_id, "{}", seal))
        connection.execute(
            _AUDIT.insert().values(
                at=now,
                staff_id=None,
                action="audit.seal",
                entity="handover",
                entity_id=handover_id,
                detail="{}",
                chain_seq=length,
                prev_hash=head,
                row_hash=own,
                seal=seal,
            )
        )
        head = own
    connection.execute(
        sa.text("INSERT INTO audit_chain (id, length, head_hash) VALUES (1, :length, :head)"),
        {"length": length, "head": head},
    )


def _seals(connection: sa.Connection) -> tuple[dict[int, str], list[tuple[int, str]]]:
    """Each handover's seal: by the id of the newest audit row naming it, or without one."""
    newest: dict[int, int] = {}
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(_AUDIT.c.id, _AUDIT.c.detail)
            .where(_AUDIT.c.id > last_id)
            .order_by(_AUDIT.c.id)
            .limit(_CHUNK)
        ).all()
        if not rows:
            break
        for row in rows:
            named = _named_handover(row.detail) if '"handover_id"' in row.detail else None
            if named is not None:
                newest[named] = row.id
        last_id = rows[-1].id
    on_rows: dict[int, str] = {}
    unnamed: list[tuple[int, str]] = []
    handovers = connection.execute(sa.select(_HANDOVER).order_by(_HANDOVER.c.id))
    for state in handovers.mappings():
        number = int(state["id"])
        seal = f"handover:{number}:{_digest([state[name] for name in _HANDOVER_COLUMNS])}"
        if number in newest:
            on_rows[newest[number]] = seal
        else:
            unnamed.append((number, seal))
    return on_rows, unnamed


def downgrade() -> None:
    op.drop_table("audit_chain")
    with op.batch_alter_table("audit_log") as batch:
        for name in ("seal", "row_hash", "prev_hash", "chain_seq"):
            batch.drop_column(name)
