"""Moving a one-desk office from its SQLite file to the shared PostgreSQL server.

All or nothing: the target must be empty; its schema is made and every row copied in one
transaction on it, the counts and the newest receipt number are compared on both sides inside
that transaction, and only after it has committed is the desk switched over. Meanwhile the
file is held with its write lock, so a desk still open on it cannot record a scan that would
be left behind. The file is only read: it stays as it was, and `use_local` goes back to it.

Every registered paper's PDF is read from this desk's documents/ folder into the server's
`document_content` in the same transaction (and hashed back on the server), so that any desk
can print again a paper written before the move; a paper whose file is not on this PC is named
in what the admin is told, not left out silently.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Table, func, insert, inspect, select
from sqlalchemy.exc import DBAPIError

from loket.core.database.connecting import DeskConnected, check_connection
from loket.core.papers import content
from loket.datadir import DataDir, ServerAddress
from loket.db import credentials, migrate, server
from loket.db.engine import Database
from loket.db.models import Base, BatchCardCount, Counter, Document, DocumentContent, Handover
from loket.db.open import open_database
from loket.domain.errors import LoketError
from loket.i18n import _

log = logging.getLogger(__name__)

CHUNK_ROWS = 5_000
#: Papers sent to the server in one statement: a slip is ~40 KB, so some 8 MB at a time.
CHUNK_PAPERS = 200
#: Filled by triggers on `card` as cards are copied; replaced by the file's own rows after.
_TRIGGER_KEPT = BatchCardCount.__tablename__
# Rows the target already has before the copy, replaced by the office's own: the batch counts
# the triggers made while cards were copied, and the audit chain's head that migration 0006
# seeds in an empty database.
_REPLACED = frozenset({_TRIGGER_KEPT, "audit_chain"})
#: Papers named one by one when their file is missing; the rest are counted (and logged).
_MISSING_SHOWN = 5


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
    #: Registered papers whose file was not in this PC's documents/ folder: "number (path)".
    papers_missing: tuple[str, ...] = ()

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
        tables, receipt, papers, missing = _copy_all(source, target, address, data)
    finally:
        source.dispose()
        target.dispose()
    place = credentials.save_password(data, address, password)
    data.use_server(address)
    log.info("office moved to %s: %d rows", address.label, sum(t.rows for t in tables))
    for paper in missing:
        log.warning("moved without its file (not on this PC): %s", paper)
    connected = DeskConnected(
        check_connection(address, password), place, credentials.password_file(data)
    )
    return OfficeMoved(connected, tables, receipt, papers, missing)


def _copy_all(
    source: Database, target: Database, address: ServerAddress, data: DataDir
) -> tuple[tuple[TableCopied, ...], str, int, tuple[str, ...]]:
    try:
        with source.engine.begin() as reading, target.engine.begin() as writing:
            migrate.upgrade_in(writing)
            _refuse_unknown_tables(reading)
            copied = tuple(_copy_table(reading, writing, table) for table in _tables())
            _restart_sequences(writing)
            kept, missing = _copy_paper_files(reading, writing, data)
            receipt = _verify(reading, writing, copied, {DocumentContent.__tablename__: kept})
            papers = next(t.rows for t in copied if t.name == "document")
    except DBAPIError as error:
        problem, detail = server.connection_problem(error)
        raise server.ServerUnusable(problem, address, detail) from error
    return copied, receipt, papers, missing


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


def _copy_paper_files(
    reading: Connection, writing: Connection, data: DataDir
) -> tuple[int, tuple[str, ...]]:
    """Each registered paper's PDF from this desk's folder into the server, compared there by
    its hash. Returns how many were kept and the papers whose file is not on this PC."""
    already = set(writing.execute(select(DocumentContent.document_id)).scalars())
    papers = reading.execute(
        select(
            Document.id, Document.kind, Document.number, Document.title, Document.relative_path
        ).order_by(Document.id)
    ).all()
    sent: dict[int, bytes] = {}
    missing: list[str] = []
    chunk: list[dict[str, object]] = []
    for paper in papers:
        if paper.id in already:
            continue
        try:
            pdf = content.local_path(data, paper.relative_path, paper.kind).read_bytes()
        except OSError:
            missing.append(f"{paper.number or paper.title} ({paper.relative_path})")
            continue
        sent[paper.id] = hashlib.sha256(pdf).digest()
        chunk.append({"document_id": paper.id, "content": pdf})
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
        raise _differs(DocumentContent.__tablename__, _("{count} PDF").format(count=len(changed)))
    return len(sent), tuple(missing)


def _restart_sequences(writing: Connection) -> None:
    """Rows came with their ids: each id sequence goes on after the highest one copied."""
    for table in _tables():
        if [column.name for column in table.primary_key.columns] != ["id"]:
            continue
        writing.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
        )


def _verify(
    reading: Connection,
    writing: Connection,
    copied: Sequence[TableCopied],
    added: dict[str, int],
) -> str:
    """Both sides counted again, inside both transactions (the server's tables with the rows
    `added` from elsewhere than the file); MoveRefused (and the target's transaction rolled
    back) at the first difference. Returns the newest receipt number."""
    for table, done in zip(_tables(), copied, strict=True):
        count = select(func.count()).select_from(table)
        here, there = reading.execute(count).scalar_one(), writing.execute(count).scalar_one()
        if not (here == done.rows and there == done.rows + added.get(table.name, 0)):
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
    if moved.papers_missing:
        named = list(moved.papers_missing[:_MISSING_SHOWN])
        if len(moved.papers_missing) > len(named):
            others = len(moved.papers_missing) - len(named)
            named.append(_("dan {count} lainnya (lihat berkas log)").format(count=others))
        parts.append(
            _(
                "{count} dokumen terdaftar tidak ada berkasnya di folder documents PC ini, jadi "
                "yang pindah ke server hanya catatannya, tanpa PDF: {papers}. Salinan tanda "
                "terima dan daftar pengantaran tetap bisa dicetak dari data; data lain lengkap "
                "di server."
            ).format(count=len(moved.papers_missing), papers="; ".join(named))
        )
    return " ".join(parts)
