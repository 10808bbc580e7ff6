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

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.exc import DBAPIError

from loket.core.database import copying
from loket.core.database.connecting import DeskConnected, check_connection
from loket.core.database.copying import TableCopied
from loket.core.papers import content
from loket.datadir import DataDir, ServerAddress
from loket.db import credentials, server
from loket.db.engine import Database
from loket.db.models import Document
from loket.db.open import open_database
from loket.domain.errors import LoketError
from loket.i18n import _

log = logging.getLogger(__name__)

#: Papers named one by one when their file is missing; the rest are counted (and logged).
_MISSING_SHOWN = 5


class MoveRefused(LoketError):
    """The office was not moved; the desk and its file are as they were."""


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
            try:
                copied = copying.copy_tables(reading, writing)
            except copying.UnknownTables as unknown:
                raise MoveRefused(
                    _(
                        "Basis data PC ini berisi tabel yang tidak dikenal program ini ({tables}), "
                        "jadi tidak dipindahkan: isinya bisa tertinggal. Tidak ada yang diubah; "
                        "hubungi admin."
                    ).format(tables=", ".join(unknown.tables))
                ) from unknown
            except copying.CopyDiffers as differs:
                raise _differs(differs.table, differs.figures) from differs
            kept, missing = _copy_paper_files(reading, writing, data)
            receipt = _verify(reading, writing, copied, {copying.PAPERS: kept})
            papers = next(t.rows for t in copied if t.name == "document")
    except DBAPIError as error:
        problem, detail = server.connection_problem(error)
        raise server.ServerUnusable(problem, address, detail) from error
    return copied, receipt, papers, missing


def _copy_paper_files(
    reading: Connection, writing: Connection, data: DataDir
) -> tuple[int, tuple[str, ...]]:
    """Each registered paper's PDF from this desk's folder into the server, compared there by
    its hash. Returns how many were kept and the papers whose file is not on this PC."""
    papers = reading.execute(
        select(
            Document.id, Document.kind, Document.number, Document.title, Document.relative_path
        ).order_by(Document.id)
    ).all()
    missing: list[str] = []

    def read_files() -> Iterator[tuple[int, bytes]]:
        for paper in papers:
            try:
                pdf = content.local_path(data, paper.relative_path, paper.kind).read_bytes()
            except OSError:
                missing.append(f"{paper.number or paper.title} ({paper.relative_path})")
                continue
            yield paper.id, pdf

    try:
        kept = copying.keep_papers(writing, read_files())
    except copying.CopyDiffers as differs:
        raise _differs(differs.table, differs.figures) from differs
    return kept, tuple(missing)


def _verify(
    reading: Connection,
    writing: Connection,
    copied: Sequence[TableCopied],
    added: dict[str, int],
) -> str:
    """Both sides counted again, inside both transactions (the server's tables with the rows
    `added` from elsewhere than the file); MoveRefused (and the target's transaction rolled
    back) at the first difference. Returns the newest receipt number."""
    try:
        return copying.compare(reading, writing, copied, added)
    except copying.CopyDiffers as differs:
        raise _differs(differs.table, differs.figures) from differs


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
