"""The append-only audit log, chained. Use cases call `record` inside their own transaction.

`record` keeps the row with the session; when the transaction commits, the rows are chained
(core/audit_chain.py) and written by the same commit, after the head of the chain is locked:
`SELECT ... FOR UPDATE` on the one `audit_chain` row on PostgreSQL, and SQLite's
`BEGIN IMMEDIATE` (db/engine.py) already lets one writer at a time. Two desks therefore never
add two rows after the same link. A handover created or changed in the transaction is sealed
into its audit row (see audit_chain).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import bindparam, event, insert, select, update
from sqlalchemy.orm import Session

from loket.core.audit_chain import GENESIS, ChainHead, handover_seal, link_hash
from loket.core.clock import utc_now
from loket.core.papers.paper import AuditHead
from loket.db.models import AuditChain, AuditEntry, Base, Handover
from loket.db.plain import PlainStatement, PlainTransaction

_PENDING = "loket.audit.pending"
_TOUCHED = "loket.audit.handovers"
SEAL_ACTION = "audit.seal"
Paper = TypeVar("Paper")


@dataclass(slots=True)
class _Pending:
    at: dt.datetime
    staff_id: int | None
    action: str
    entity: str
    entity_id: int | None
    detail: str
    handover_id: object = None
    seal: str | None = None


def record(
    session: Session,
    staff_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    **detail: object,
) -> None:
    session.info.setdefault(_PENDING, []).append(
        _pending(staff_id, action, entity, entity_id, detail)
    )


def record_plain(
    plain: PlainTransaction,
    staff_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    seal: str | None = None,
    **detail: object,
) -> None:
    """`record` in a transaction of plain statements (db/plain.py): the row is chained and
    written at once, after the head of the chain is locked, so write it last (on a server the
    head stays locked until the commit). `seal`: the `handover_seal` of the handover the
    transaction wrote, which `record` finds by itself at commit."""
    entry = _pending(staff_id, action, entity, entity_id, detail)
    entry.seal = seal
    head = plain.first(_LOCKED_HEAD, head_id=1)
    length, head_hash = (0, GENESIS) if head is None else (head.length, head.head_hash)
    (row,) = _chained(length, head_hash, [entry])
    plain.run(_ADD_ENTRY, **row)
    new_head = {"head_id": 1, "new_length": row["chain_seq"], "new_hash": row["row_hash"]}
    plain.run(_ADD_HEAD if head is None else _MOVE_HEAD, **new_head)


def _pending(
    staff_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    detail: dict[str, object],
) -> _Pending:
    return _Pending(
        at=utc_now(),
        staff_id=staff_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True),
        handover_id=detail.get("handover_id"),
    )


def _chained(length: int, head_hash: str, pending: list[_Pending]) -> list[dict[str, Any]]:
    """The audit rows of `pending`, each linked to the one before, after the chain's head."""
    rows = []
    for entry in pending:
        length += 1
        prev_hash = head_hash
        head_hash = link_hash(
            length,
            prev_hash,
            entry.at,
            entry.staff_id,
            entry.action,
            entry.entity,
            entry.entity_id,
            entry.detail,
            entry.seal,
        )
        rows.append(
            {
                "at": entry.at,
                "staff_id": entry.staff_id,
                "action": entry.action,
                "entity": entry.entity,
                "entity_id": entry.entity_id,
                "detail": entry.detail,
                "chain_seq": length,
                "prev_hash": prev_hash,
                "row_hash": head_hash,
                "seal": entry.seal,
            }
        )
    return rows


_CHAIN = Base.metadata.tables["audit_chain"]
_LOCKED_HEAD = PlainStatement(
    select(_CHAIN.c.length, _CHAIN.c.head_hash)
    .where(_CHAIN.c.id == bindparam("head_id"))
    .with_for_update()
)
_ENTRY_COLUMNS = (
    "at", "staff_id", "action", "entity", "entity_id", "detail",
    "chain_seq", "prev_hash", "row_hash", "seal",
)  # fmt: skip
_ADD_ENTRY = PlainStatement(
    insert(Base.metadata.tables["audit_log"])
    .values({name: bindparam(name) for name in _ENTRY_COLUMNS})
    .inline()
)
_MOVE_HEAD = PlainStatement(
    update(_CHAIN)
    .where(_CHAIN.c.id == bindparam("head_id"))
    .values(length=bindparam("new_length"), head_hash=bindparam("new_hash"))
)
_ADD_HEAD = PlainStatement(
    insert(_CHAIN).values(
        id=bindparam("head_id"), length=bindparam("new_length"), head_hash=bindparam("new_hash")
    )
)


def paper_head(session: Session) -> AuditHead:
    """The chain's head as a paper prints it (the record committed before the paper)."""
    head = chain_head(session)
    return AuditHead(head.length, head.short)


def with_head(session: Session, paper: Paper) -> Paper:
    """A paper's data with the chain's head set (its `audit_head` field)."""
    return dataclasses.replace(paper, audit_head=paper_head(session))  # type: ignore[type-var]


def chain_head(session: Session) -> ChainHead:
    query = select(AuditChain).where(AuditChain.id == 1)
    row = session.scalar(query.execution_options(populate_existing=True))
    return ChainHead(0, GENESIS) if row is None else ChainHead(row.length, row.head_hash)


@event.listens_for(Session, "before_flush")
def _note_handovers(session: Session, _context: Any, _instances: Any) -> None:
    touched = [row for row in (*session.new, *session.dirty) if isinstance(row, Handover)]
    if touched:
        session.info.setdefault(_TOUCHED, []).extend(touched)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_TOUCHED, None)


@event.listens_for(Session, "before_commit")
def _chain_pending_rows(session: Session) -> None:
    if not session.info.get(_PENDING) and not session.info.get(_TOUCHED):
        return
    session.flush()  # every change first: the handovers' ids and final values
    pending: list[_Pending] = session.info.pop(_PENDING, [])
    touched: list[Handover] = session.info.pop(_TOUCHED, [])
    _seal_handovers(session, pending, {row.id for row in touched if row.id is not None})
    if not pending:
        return
    head_row = session.scalar(
        select(AuditChain)
        .where(AuditChain.id == 1)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if head_row is None:
        head_row = AuditChain(id=1, length=0, head_hash=GENESIS)
        session.add(head_row)
    rows = _chained(head_row.length, head_row.head_hash, pending)
    session.add_all(AuditEntry(**row) for row in rows)
    head_row.length, head_row.head_hash = rows[-1]["chain_seq"], rows[-1]["row_hash"]


def _seal_handovers(session: Session, pending: list[_Pending], handover_ids: set[int]) -> None:
    """Each handover's state as this transaction leaves it, on the audit row that names it."""
    columns = Handover.__table__.columns
    for handover_id in sorted(handover_ids):
        state = session.execute(select(*columns).where(columns.id == handover_id)).mappings()
        row = state.one_or_none()
        if row is None:
            continue
        seal = handover_seal(row)
        naming = [e for e in pending if e.handover_id == handover_id and e.seal is None]
        if naming:
            naming[-1].seal = seal
        else:
            staff_id = pending[-1].staff_id if pending else None
            entry = _Pending(utc_now(), staff_id, SEAL_ACTION, "handover", handover_id, "{}")
            entry.seal = seal
            pending.append(entry)
