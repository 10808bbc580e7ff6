"""Every table of an office copied from one database to another, inside the caller's two
transactions, in either direction: an SQLite file into an empty server (`loket database
move-to`, a restore on a server desk) or the server into a new SQLite file (a server desk's
backup).

The target is migrated to this program's schema first, in its transaction; the source must be
at that same revision (a column a newer program added would otherwise be left behind
silently). Rows go in key order, in chunks; the rows the target already has from its migration
(the audit chain's seeded head) and those its triggers made while cards were copied (the
batch counts) are replaced by the source's own; on a server the id sequences go on after the
highest id copied. Then both sides are counted again, and the newest receipt number and the
next numbers compared. A difference raises `CopyDiffers`; the caller says it in its own
words, and its target's transaction rolls back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Table, func, insert, inspect, select, text

from loket.db import migrate
from loket.db.models import Base, BatchCardCount, Counter, DocumentContent, Handover
from loket.i18n import _

CHUNK_ROWS = 5_000
#: Papers sent to the server in one statement: a slip is ~40 KB, so some 8 MB at a time.
CHUNK_PAPERS = 200
#: Filled by triggers on `card` as cards are copied; replaced by the source's own rows after.
_TRIGGER_KEPT = BatchCardCount.__tablename__
# Rows the target already has before the copy, replaced by the office's own: the batch counts
# the triggers made while cards were copied, and the audit chain's head that migration 0006
# seeds in an empty database.
_REPLACED = frozenset({_TRIGGER_KEPT, "audit_chain"})
PAPERS = DocumentContent.__tablename__


class CopyDiffers(Exception):
    """After the copy, `table` is not the same on both sides (`figures`: source / target)."""

    def __init__(self, table: str, figures: str) -> None:
        super().__init__(f"{table}: {figures}")
        self.table = table
        self.figures = figures


class UnknownTables(Exception):
    """The source holds tables this program does not know: they would be left behind."""

    def __init__(self, tables: Sequence[str]) -> None:
        super().__init__(", ".join(tables))
        self.tables = tuple(tables)


@dataclass(frozen=True, slots=True)
class TableCopied:
    name: str
    rows: int


def tables() -> Sequence[Table]:
    """Every table of the schema, each after the tables it refers to; the triggers' counts
    last, after every card that moves them."""
    found = [table for table in Base.metadata.sorted_tables if isinstance(table, Table)]
    return sorted(found, key=lambda table: table.name == _TRIGGER_KEPT)


def copy_tables(
    reading: Connection,
    writing: Connection,
    *,
    skip: frozenset[str] = frozenset(),
    also_known: frozenset[str] = frozenset(),
) -> tuple[TableCopied, ...]:
    """The target migrated and every table but `skip` copied into it; `also_known`: tables of
    the source that are not the office's and stay behind (a backup's own)."""
    migrate.upgrade_in(writing)
    known = {table.name for table in tables()} | {migrate.VERSION_TABLE} | also_known
    unknown = sorted(set(inspect(reading).get_table_names()) - known)
    if unknown:
        raise UnknownTables(unknown)
    revision = text(f"SELECT version_num FROM {migrate.VERSION_TABLE}")
    here, there = reading.scalar(revision), writing.scalar(revision)
    if here != there:
        raise CopyDiffers(migrate.VERSION_TABLE, f"{here} / {there}")
    copied = tuple(
        _copy_table(reading, writing, table) for table in tables() if table.name not in skip
    )
    if writing.dialect.name == "postgresql":
        _restart_sequences(writing)
    return copied


def _copy_table(reading: Connection, writing: Connection, table: Table) -> TableCopied:
    if table.name in _REPLACED:
        writing.execute(table.delete())
    order = list(table.primary_key.columns)
    rows = 0
    result = reading.execution_options(yield_per=CHUNK_ROWS).execute(select(table).order_by(*order))
    for chunk in result.partitions():
        writing.execute(table.insert(), [dict(row._mapping) for row in chunk])
        rows += len(chunk)
    return TableCopied(table.name, rows)


def _restart_sequences(writing: Connection) -> None:
    """Rows came with their ids: each id sequence goes on after the highest one copied."""
    for table in tables():
        if [column.name for column in table.primary_key.columns] != ["id"]:
            continue
        writing.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
        )


def compare(
    reading: Connection,
    writing: Connection,
    copied: Sequence[TableCopied],
    added: dict[str, int],
) -> str:
    """Both sides counted again, inside both transactions (the target's tables with the rows
    `added` from elsewhere than the source's tables); CopyDiffers at the first difference.
    Returns the newest receipt number ("" for an office that never handed a card over)."""
    for done in copied:
        count = select(func.count()).select_from(Base.metadata.tables[done.name])
        here, there = reading.execute(count).scalar_one(), writing.execute(count).scalar_one()
        if not (here == done.rows and there == done.rows + added.get(done.name, 0)):
            raise CopyDiffers(done.name, f"{here} / {there}")
    newest = select(Handover.receipt_number).order_by(
        Handover.year.desc(), Handover.sequence.desc()
    )
    here_receipt = reading.execute(newest.limit(1)).scalar_one_or_none() or ""
    there_receipt = writing.execute(newest.limit(1)).scalar_one_or_none() or ""
    if here_receipt != there_receipt:
        raise CopyDiffers("handover", f"{here_receipt} / {there_receipt}")
    counters = select(Counter.series, Counter.year, Counter.value).order_by(
        Counter.series, Counter.year
    )
    if list(reading.execute(counters)) != list(writing.execute(counters)):
        raise CopyDiffers("counter", _("nomor berikutnya"))
    return here_receipt


def keep_papers(writing: Connection, papers: Iterable[tuple[int, bytes]]) -> int:
    """Each (document id, PDF) into the server's `document_content`, in chunks, then hashed
    back there and compared (CopyDiffers naming how many differ). Returns how many were kept."""
    already = set(writing.execute(select(DocumentContent.document_id)).scalars())
    sent: dict[int, bytes] = {}
    chunk: list[dict[str, object]] = []
    for document_id, pdf in papers:
        if document_id in already:
            continue
        sent[document_id] = hashlib.sha256(pdf).digest()
        chunk.append({"document_id": document_id, "content": pdf})
        if len(chunk) == CHUNK_PAPERS:
            writing.execute(insert(DocumentContent), chunk)
            chunk = []
    if chunk:
        writing.execute(insert(DocumentContent), chunk)
    hashed = select(DocumentContent.document_id, func.sha256(DocumentContent.content))
    there = {document_id: bytes(digest) for document_id, digest in writing.execute(hashed)}
    changed = [
        document_id for document_id, digest in sent.items() if there.get(document_id) != digest
    ]
    if changed:
        raise CopyDiffers(PAPERS, _("{count} PDF").format(count=len(changed)))
    return len(sent)
