"""Walking the audit chain: the first row changed, inserted, removed or moved, and every handover
whose row no longer matches the state sealed into its last audit row (`loket audit verify`)."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.core.audit import chain_head
from loket.core.audit_chain import (
    GENESIS,
    SEALED_HANDOVER_COLUMNS,
    ChainHead,
    handover_seal,
    link_hash,
    seal_target,
)
from loket.db.engine import Database
from loket.db.models import Handover
from loket.i18n import _

_BATCH = 10_000


class ProblemKind(enum.Enum):
    CHANGED = "changed"
    INSERTED = "inserted"
    REMOVED = "removed"
    MOVED = "moved"
    HANDOVER_CHANGED = "handover_changed"
    HANDOVER_UNSEALED = "handover_unsealed"
    HANDOVER_REMOVED = "handover_removed"
    PAPER_MISMATCH = "paper_mismatch"


@dataclass(frozen=True, slots=True)
class ChainProblem:
    kind: ProblemKind
    message: str
    audit_id: int | None = None
    handover_id: int | None = None


@dataclass(frozen=True, slots=True)
class ChainReport:
    rows: int  # audit rows in the table
    head: ChainHead  # the newest good link found
    problems: tuple[ChainProblem, ...]

    @property
    def intact(self) -> bool:
        return not self.problems


_FIELDS = (
    "id",
    "at",
    "staff_id",
    "action",
    "entity",
    "entity_id",
    "detail",
    "chain_seq",
    "prev_hash",
    "row_hash",
    "seal",
)
# Read as the driver gives them (SQLite's time as text): a million rows without type handling.
_WALK = f"SELECT {', '.join(_FIELDS)} FROM audit_log ORDER BY id"


class AuditRow(NamedTuple):
    """A row as the walk reads it, kept only when it needs a second look."""

    id: int
    at: Any
    staff_id: int | None
    action: str
    entity: str
    entity_id: int | None
    detail: str
    chain_seq: int | None
    prev_hash: str | None
    row_hash: str | None
    seal: str | None


def verify_chain(database: Database, paper: ChainHead | None = None) -> ChainReport:
    """The whole chain walked in id order. `paper`: a head printed on a signed paper (its
    length and the start of its hash), which the chain must still contain."""
    with database.transaction() as session:
        connection = session.connection().execution_options(yield_per=_BATCH)
        walk = _Walk(paper)
        walk.run(connection.exec_driver_sql(_WALK).partitions(_BATCH))
        stored = chain_head(session)
        problems = [*walk.chain_problems(stored), *_handover_problems(session, walk.seals)]
    return ChainReport(walk.count, walk.good, tuple(problems))


class _Walk:
    def __init__(self, paper: ChainHead | None) -> None:
        self.paper = paper
        self.paper_hash: str | None = None
        self.count = 0
        self.good = ChainHead(0, GENESIS)
        self.last_good_id: int | None = None
        self.first: ChainProblem | None = None
        self.seals: dict[int, tuple[str, int]] = {}  # handover id -> (seal, audit row id)

    def run(self, partitions: Iterable[Sequence[Any]]) -> None:
        """In id order; the usual row (linked, unchanged) costs one hash and two comparisons."""
        length, head, last_id = 0, GENESIS, None
        paper_length = self.paper.length if self.paper is not None else -1
        suspect = None  # a row further along the chain than expected: removed rows, or moved
        count = 0
        for partition in partitions:
            for raw in partition:
                count += 1
                ident, at, staff, action, entity, entity_id, detail, seq, prev, own, seal = raw
                if seal:
                    target = seal_target(seal)
                    if target is not None:
                        self.seals[target] = (seal, ident)
                if self.first is not None and suspect is None:
                    continue
                self.good, self.last_good_id = ChainHead(length, head), last_id
                if suspect is not None:
                    if seq == length + 1:
                        self._found(ProblemKind.MOVED, suspect.id, other=ident)
                    else:
                        self._removed(suspect)
                    suspect = None
                    continue
                if seq is None or prev is None or own is None:
                    self._found(ProblemKind.INSERTED, ident)
                elif (
                    link_hash(seq, prev, at, staff, action, entity, entity_id, detail, seal) != own
                ):
                    self._found(ProblemKind.CHANGED, ident)
                elif seq == length + 1 and prev == head:
                    length, head, last_id = seq, own, ident
                    if seq == paper_length:
                        self.paper_hash = own
                elif seq > length + 1:
                    suspect = AuditRow(*raw)
                else:
                    self._found(ProblemKind.INSERTED, ident)
        self.count = count
        if self.first is None:
            self.good, self.last_good_id = ChainHead(length, head), last_id
        if suspect is not None:
            self._removed(suspect)

    def _removed(self, row: Any) -> None:
        missing = row.chain_seq - self.good.length - 1
        message = _(
            "{count} baris audit hilang sebelum baris nomor {id} (dihapus di luar program)."
        ).format(count=missing, id=row.id)
        self.first = ChainProblem(ProblemKind.REMOVED, message, row.id)

    def _found(self, kind: ProblemKind, audit_id: int, other: int | None = None) -> None:
        message = {
            ProblemKind.CHANGED: _(
                "Baris audit nomor {id} diubah setelah dicatat: isinya tidak cocok dengan hash-nya."
            ),
            ProblemKind.INSERTED: _(
                "Baris audit nomor {id} disisipkan di luar program: tidak tersambung ke rantai."
            ),
            ProblemKind.MOVED: _("Baris audit nomor {id} dan {other} ditukar urutannya."),
        }[kind].format(id=audit_id, other=other)
        self.first = ChainProblem(kind, message, audit_id)

    def chain_problems(self, stored: ChainHead) -> list[ChainProblem]:
        if self.first is not None:
            return [self.first]
        problems = []
        if stored.length > self.good.length:
            problems.append(
                ChainProblem(
                    ProblemKind.REMOVED,
                    _(
                        "{count} baris audit terakhir hilang (setelah baris nomor {id}): "
                        "rantai mencatat {length} baris."
                    ).format(
                        count=stored.length - self.good.length,
                        id=self.last_good_id,
                        length=stored.length,
                    ),
                    self.last_good_id,
                )
            )
        elif stored != self.good:
            problems.append(
                ChainProblem(
                    ProblemKind.INSERTED,
                    _(
                        "Baris audit nomor {id} ditambahkan di luar program: ujung rantai yang "
                        "tercatat ada di baris ke-{length}."
                    ).format(id=self.last_good_id, length=stored.length),
                    self.last_good_id,
                )
            )
        if self.paper is not None and not (
            self.paper_hash and self.paper_hash.startswith(self.paper.head_hash.lower())
        ):
            problems.append(
                ChainProblem(
                    ProblemKind.PAPER_MISMATCH,
                    _(
                        "Rantai tidak lagi memuat ujung yang tercetak di berkas bertanda tangan "
                        "({length} · {hash}): catatan sebelum berkas itu diubah."
                    ).format(length=self.paper.length, hash=self.paper.head_hash),
                )
            )
        return problems


def own_hash(row: Any) -> str:
    """The hash a row (read from the table, or an AuditEntry) should carry."""
    return link_hash(
        row.chain_seq,
        row.prev_hash,
        row.at,
        row.staff_id,
        row.action,
        row.entity,
        row.entity_id,
        row.detail,
        row.seal,
    )


def _handover_problems(session: Session, seals: dict[int, tuple[str, int]]) -> list[ChainProblem]:
    problems = []
    seen = set()
    # The sealed columns only: what a seal covers (a schema's later columns are not in it).
    table = Handover.__table__
    columns = [table.c[name] for name in SEALED_HANDOVER_COLUMNS]
    for row in session.execute(select(*columns).order_by(table.c.id)).mappings():
        seen.add(row["id"])
        sealed = seals.get(row["id"])
        if sealed is None:
            message = _(
                "Penyerahan nomor {id} (tanda terima {receipt}) tidak punya baris audit: "
                "dibuat di luar program."
            ).format(id=row["id"], receipt=row["receipt_number"])
            problems.append(ChainProblem(ProblemKind.HANDOVER_UNSEALED, message, None, row["id"]))
        elif handover_seal(row) != sealed[0]:
            message = _(
                "Penyerahan nomor {id} (tanda terima {receipt}) diubah di luar program setelah "
                "baris audit nomor {audit}."
            ).format(id=row["id"], receipt=row["receipt_number"], audit=sealed[1])
            problems.append(
                ChainProblem(ProblemKind.HANDOVER_CHANGED, message, sealed[1], row["id"])
            )
    for handover_id, (_seal, audit_id) in sorted(seals.items()):
        if handover_id not in seen:
            message = _(
                "Penyerahan nomor {id} dihapus di luar program (tercatat di baris audit nomor "
                "{audit})."
            ).format(id=handover_id, audit=audit_id)
            problems.append(
                ChainProblem(ProblemKind.HANDOVER_REMOVED, message, audit_id, handover_id)
            )
    return problems
