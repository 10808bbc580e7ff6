"""Moving a one-desk office from its SQLite file to the shared PostgreSQL server.

All or nothing: the target must be empty; its schema is made and every row copied in one
transaction on it, the counts and the newest receipt number are compared on both sides inside
that transaction, and only after it has committed is the desk switched over. Meanwhile the
file is held with its write lock, so a desk still open on it cannot record a scan that would
be left behind. The file is only read: it stays as it was, and `use_local` goes back to it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Table, func, inspect, select
from sqlalchemy.exc import DBAPIError

from loket.core.database.connecting import DeskConnected, check_connection
from loket.datadir import DataDir, ServerAddress
from loket.db import credentials, migrate, server
from loket.db.engine import Database
from loket.db.models import Base, BatchCardCount, Counter, Handover
from loket.db.open import open_database
from loket.domain.errors import LoketError
from loket.i18n import _

log = logging.getLogger(__name__)

CHUNK_ROWS = 5_000
#: Filled by triggers on `card` as cards are copied; replaced by the file's own rows after.
_TRIGGER_KEPT = BatchCardCount.__tablename__
# Rows the target already has before the copy, replaced by the office's own: the batch counts
# the triggers made while cards were copied, and the audit chain's head that migration 0006
# seeds in an empty database.
_REPLACED = frozenset({_TRIGGER_KEPT, "audit_chain"})


class MoveRefused(LoketError):
    """The office was not moved; the desk and its file are as they were."""


@dataclass(frozen=True, slots=True)
class TableCopied:
    name: str
    rows: int


@dataclass(frozen=True, slots=True)
class OfficeMoved:
    connected: DeskConnected
    tables: tuple[TableCopied, ...]
    newest_receipt: str  # "" for an office that never handed a card over
    papers: int  # rows of the paper register

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables)


def move_office(data: DataDir, address: ServerAddress, password: str) -> OfficeMoved:
    """Copies this desk's office to the empty database at `address` and switches the desk."""
    if data.server is not None:
        raise MoveRefused(
            _(
                "Loket ini sudah memakai server {server}; yang bisa dipindahkan hanya kantor di "
                "basis data PC ini. Kembali dulu ke basis data PC ini (loket database "
                "use-local) bila memang itu yang dimaksud."
            ).format(server=data.server.label)
        )
    check = check_connection(address, password)
    if not check.empty:
        raise MoveRefused(
            _(
                "Basis data {database} di server {host} tidak kosong (sudah berisi kantor), jadi "
                "kantor ini tidak dipindahkan ke sana: isinya akan bercampur. Minta petugas TI "
                "membuat basis data baru yang kosong, lalu ulangi. Tidak ada yang diubah."
            ).format(database=address.database, host=address.host)
        )
    source = open_database(data)
    target = Database(server.server_url(address, password))
    try:
        tables, receipt, papers = _copy_all(source, target, address)
    finally:
        source.dispose()
        target.dispose()
    place = credentials.save_password(data, address, password)
    data.use_server(address)
    log.info("office moved to %s: %d rows", address.label, sum(t.rows for t in tables))
    connected = DeskConnected(
        check_connection(address, password), place, credentials.password_file(data)
    )
    return OfficeMoved(connected, tables, receipt, papers)


def _copy_all(
    source: Database, target: Database, address: ServerAddress
) -> tuple[tuple[TableCopied, ...], str, int]:
    try:
        with source.engine.begin() as reading, target.engine.begin() as writing:
            migrate.upgrade_in(writing)
            _refuse_unknown_tables(reading)
            copied = tuple(_copy_table(reading, writing, table) for table in _tables())
            _restart_sequences(writing)
            receipt = _verify(reading, writing, copied)
            papers = next(t.rows for t in copied if t.name == "document")
    except DBAPIError as error:
        problem, detail = server.connection_problem(error)
        raise server.ServerUnusable(problem, address, detail) from error
    return copied, receipt, papers


def _tables() -> Sequence[Table]:
    """Every table of the schema, each after the tables it refers to; the triggers' counts
    last, after every card that moves them."""
    tables = [table for table in Base.metadata.sorted_tables if isinstance(table, Table)]
    return sorted(tables, key=lambda table: table.name == _TRIGGER_KEPT)


def _refuse_unknown_tables(reading: Connection) -> None:
    known = {table.name for table in _tables()} | {"alembic_version"}
    unknown = sorted(set(inspect(reading).get_table_names()) - known)
    if unknown:
        raise MoveRefused(
            _(
                "Basis data PC ini berisi tabel yang tidak dikenal program ini ({tables}), jadi "
                "tidak dipindahkan: isinya bisa tertinggal. Tidak ada yang diubah; hubungi admin."
            ).format(tables=", ".join(unknown))
        )


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
    for table in _tables():
        if [column.name for column in table.primary_key.columns] != ["id"]:
            continue
        writing.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
        )


def _verify(reading: Connection, writing: Connection, copied: Sequence[TableCopied]) -> str:
    """Both sides counted again, inside both transactions; MoveRefused (and the target's
    transaction rolled back) at the first difference. Returns the newest receipt number."""
    for table, done in zip(_tables(), copied, strict=True):
        count = select(func.count()).select_from(table)
        here, there = reading.execute(count).scalar_one(), writing.execute(count).scalar_one()
        if not here == there == done.rows:
            raise _differs(table.name, f"{here} / {there}")
    newest = select(Handover.receipt_number).order_by(
        Handover.year.desc(), Handover.sequence.desc()
    )
    here_receipt = reading.execute(newest.limit(1)).scalar_one_or_none() or ""
    there_receipt = writing.execute(newest.limit(1)).scalar_one_or_none() or ""
    if here_receipt != there_receipt:
        raise _differs("handover", f"{here_receipt} / {there_receipt}")
    counters = select(Counter.series, Counter.year, Counter.value).order_by(
        Counter.series, Counter.year
    )
    if list(reading.execute(counters)) != list(writing.execute(counters)):
        raise _differs("counter", _("nomor berikutnya"))
    return here_receipt


def _differs(table: str, figures: str) -> MoveRefused:
    return MoveRefused(
        _(
            "Setelah disalin, tabel {table} di server berbeda dengan di PC ini ({figures}), jadi "
            "pemindahan dibatalkan: server dikembalikan kosong dan loket ini tetap memakai basis "
            "data PC ini. Tidak ada yang hilang. Hubungi admin dengan pesan ini."
        ).format(table=table, figures=figures)
    )


def moved_sentence(moved: OfficeMoved) -> str:
    """What was moved and checked, as the admin is told."""
    address = moved.connected.check.address
    parts = [
        _(
            "Kantor dipindahkan ke {database} di server {host}: {rows} baris dari {tables} "
            "tabel, jumlah baris sama di kedua sisi."
        ).format(
            database=address.database,
            host=address.host,
            rows=moved.rows,
            tables=len(moved.tables),
        )
    ]
    if moved.newest_receipt:
        parts.append(
            _("Nomor tanda terima terakhir di kedua sisi: {number}").format(
                number=moved.newest_receipt
            )
        )
    return " ".join(parts)
