"""A desk on the shared server: its backup is a logical copy of the office (no pg_dump), made
while the desks go on scanning; it restores into a desk alone, or into an empty server only."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, select
from sqlalchemy.pool import NullPool

from loket.core.audit_verify import verify_chain
from loket.core.backup import automatic
from loket.core.backup.checking import verify_backup
from loket.core.backup.container import DOCUMENT_TABLE, META_TABLE, read_only
from loket.core.backup.restoring import RestoreRefused, restore_backup, restored_sentence
from loket.core.backup.taking import take_backup
from loket.core.database import connecting
from loket.core.intake import batches, scanning
from loket.core.staff import members
from loket.datadir import DataDir, ServerAddress
from loket.db.engine import Database
from loket.db.models import Document, DocumentContent
from loket.db.open import open_database
from loket.demo import demo_cards
from tests.db.backup.test_backup_processes import loket
from tests.helpers.busy_office import TODAY, BusyOffice, build_busy_office
from tests.helpers.office_rows import every_row, hand_over_first_in_stock
from tests.helpers.shared_server import Server, desks_url, empty_schema


def papers_kept(connection: Connection) -> dict[str, str]:
    """Each paper the server keeps: its path in the data folder -> the SHA-256 of its PDF."""
    query = select(Document.relative_path, DocumentContent.content).join(
        DocumentContent, DocumentContent.document_id == Document.id
    )
    return {path: hashlib.sha256(pdf).hexdigest() for path, pdf in connection.execute(query)}


def rows_at(url: str) -> tuple[dict[str, list[tuple[object, ...]]], dict[str, str]]:
    """Every row of the database at `url`, and the papers it keeps."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return every_row(connection), papers_kept(connection)
    finally:
        engine.dispose()


def server_rows() -> tuple[dict[str, list[tuple[object, ...]]], dict[str, str]]:
    return rows_at(desks_url())


def file_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    return rows_at(f"sqlite:///{path}")[0]


@pytest.fixture
def desk(server: Server, tmp_path: Path) -> DataDir:
    """Loket 1 of the office, its database the shared server."""
    data = DataDir(tmp_path / "loket-1")
    connecting.connect_desk(data, server.address, server.password)
    return data


@pytest.fixture
def on_server(desk: DataDir) -> Iterator[Database]:
    database = open_database(desk, desk="Loket 1")
    assert database.on_server
    yield database
    database.dispose()


@pytest.fixture
def office(on_server: Database, desk: DataDir, samples: Path) -> BusyOffice:
    """Cards in, handed over, two voided, five returned with their berita acara, a laporan:
    every paper kept on the server by the desk that wrote it."""
    return build_busy_office(on_server, desk, samples)


def test_a_backup_of_a_busy_office_on_the_server_verifies_and_restores_into_a_desk_alone(
    on_server: Database, desk: DataDir, office: BusyOffice, tmp_path: Path
) -> None:
    result = take_backup(on_server, desk)
    check = verify_backup(result.path)  # every index against its table, every paper's hash
    assert check.good, check.reason
    head = verify_chain(on_server).head
    assert (check.chain_length, check.chain_head) == (head.length, head.head_hash)
    assert (check.cards, check.handovers, check.documents) == (56, 12, 2)
    assert result.path.parent == desk.backups
    assert result.path.stat().st_mode & 0o077 == 0  # this account's alone
    rows, papers = server_rows()
    assert len(papers) == 2
    with read_only(result.path) as copy:
        stored = dict(copy.execute(f"SELECT path, sha256 FROM {DOCUMENT_TABLE}").fetchall())
    assert stored == {path.removeprefix("documents/"): digest for path, digest in papers.items()}

    alone = DataDir(tmp_path / "loket-baru")
    alone.create()
    restored = restore_backup(alone, result.path)
    assert restored.aside is not None
    assert file_rows(alone.database) == rows  # every card, scan, handover, void, audit row
    for path, digest in papers.items():  # the papers are files on the desk alone
        assert hashlib.sha256((alone.root / path).read_bytes()).hexdigest() == digest
    database = open_database(alone)
    try:
        chain = verify_chain(database)
        assert chain.intact and chain.head == head, chain.problems
    finally:
        database.dispose()


def test_restored_into_an_emptied_server_every_row_equals_the_original_and_work_goes_on(
    on_server: Database, desk: DataDir, office: BusyOffice
) -> None:
    backup = take_backup(on_server, desk).path
    rows, papers = server_rows()
    on_server.dispose()
    empty_schema(desks_url())  # the IT person dropped the database and made it again
    restored = restore_backup(desk, backup)
    assert restored.aside is None and restored.papers_missing == ()
    assert "ke basis data server yang tadinya kosong" in restored_sentence(
        backup.name, "?", restored
    )
    assert server_rows() == (rows, papers)
    database = open_database(desk, desk="Loket 1")
    try:
        chain = verify_chain(database)
        assert chain.intact and chain.rows == len(rows["audit_log"]), chain.problems
        # The ids and numbers go on where the office stopped: no id or receipt repeats.
        given = hand_over_first_in_stock(database, members.find_member(database, "dewi"))
        assert given.receipt_number not in office.receipts
        assert verify_chain(database).intact
    finally:
        database.dispose()


def test_a_server_that_is_not_empty_is_refused_and_left_as_it_was(
    on_server: Database, desk: DataDir, office: BusyOffice
) -> None:
    backup = take_backup(on_server, desk).path
    scanned = [card.nik for card in demo_cards(3, seed=7)]
    operator = members.find_member(on_server, "dewi")
    batch = batches.open_batch(on_server, operator, "470/150/XI/2026", TODAY, "", None)
    for nik in scanned:  # the office went on after the copy
        scanning.receive_scan(on_server, operator, batch.id, nik)
    before = server_rows()
    with pytest.raises(RestoreRefused, match="tidak kosong") as refused:
        restore_backup(desk, backup)
    assert "basis data baru yang kosong" in refused.value.message
    assert "Tidak ada yang diubah" in refused.value.message
    assert server_rows() == before


def test_a_backup_taken_while_another_desk_scans_is_one_moment_of_the_office(
    on_server: Database, desk: DataDir, office: BusyOffice, tmp_path: Path
) -> None:
    other = DataDir(tmp_path / "loket-2")
    connecting.connect_desk(other, *connecting_args(desk))
    scanner = open_database(other, desk="Loket 2")
    operator = members.find_member(scanner, "dewi")
    batch = batches.open_batch(scanner, operator, "470/151/XI/2026", TODAY, "", None)
    done: list[str] = []
    failed: list[BaseException] = []
    stop = threading.Event()

    def scan() -> None:
        try:
            for card in demo_cards(2000, seed=11):
                if stop.is_set():
                    return
                scanning.receive_scan(scanner, operator, batch.id, card.nik)
                done.append(card.nik)
        except BaseException as error:
            failed.append(error)

    writer = threading.Thread(target=scan)
    writer.start()
    copies = []
    try:
        while writer.is_alive() and len(copies) < 4:
            copies.append(take_backup(on_server, desk).path)
    finally:
        stop.set()
        writer.join(timeout=60)
        scanner.dispose()
    assert not failed, failed
    assert len(copies) >= 2 and len(done) > 0
    for path in copies:
        assert verify_backup(path).good
        with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as copy:
            audit_rows, newest = copy.execute(
                "SELECT COUNT(*), MAX(chain_seq) FROM audit_log"
            ).fetchone()
            (length,) = copy.execute("SELECT length FROM audit_chain").fetchone()
            (received,) = copy.execute(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'card.added' AND entity_id IN "
                "(SELECT id FROM card WHERE batch_id = ?)",
                (batch.id,),
            ).fetchone()
            (cards,) = copy.execute(
                "SELECT COUNT(*) FROM card WHERE batch_id = ?", (batch.id,)
            ).fetchone()
            (counted,) = copy.execute(
                "SELECT COALESCE(SUM(cards), 0) FROM batch_card_count WHERE batch_id = ?",
                (batch.id,),
            ).fetchone()
            meta = dict(copy.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
        # The chain's head, its rows, the cards and the triggers' counts: of one moment.
        assert audit_rows == newest == length == int(meta["chain_length"])
        assert received == cards == counted


def connecting_args(desk: DataDir) -> tuple[ServerAddress, str]:
    from loket.db import credentials

    address = desk.server
    assert address is not None
    password = credentials.load_password(desk, address)
    assert password is not None
    return address, password


def test_the_days_first_copy_is_taken_by_the_first_desk_to_start_and_a_closing_desk_copies(
    on_server: Database, desk: DataDir, office: BusyOffice, tmp_path: Path
) -> None:
    first = automatic.back_up_if_first_today(on_server, desk)
    assert first is not None and verify_backup(first.path).good
    other = DataDir(tmp_path / "loket-2")
    connecting.connect_desk(other, *connecting_args(desk))
    second_desk = open_database(other, desk="Loket 2")
    try:
        assert automatic.back_up_if_first_today(second_desk, other) is None  # Loket 1 took it
        assert automatic.back_up_if_first_today(on_server, desk) is None
        status = automatic.backup_status(second_desk, other)
        assert status.last_good is None and status.office_copy is not None
        assert status.office_copy.desk == "Loket 1" and status.office_copy.path == str(first.path)
        after = automatic.back_up_after_closing(second_desk, other)  # Loket 2 closed a batch
        assert not isinstance(after, Exception) and after is not None
        assert after.path.parent == other.backups and verify_backup(after.path).good
        office_copy = automatic.backup_status(on_server, desk).office_copy
        assert office_copy is not None and office_copy.desk == "Loket 2"
    finally:
        second_desk.dispose()


def test_loket_backup_and_restore_on_a_server_desk(
    on_server: Database, desk: DataDir, office: BusyOffice
) -> None:
    on_server.dispose()
    code, said = loket(desk, "backup")
    assert code == 0, said
    backup = Path(said.strip().splitlines()[-1])
    assert backup.parent == desk.backups and verify_backup(backup).good
    code, said = loket(desk, "backup", "verify", str(backup))
    assert code == 0 and "Cadangan baik" in said
    rows = server_rows()
    code, said = loket(desk, "restore", str(backup))  # off a terminal, without --yes
    assert code == 1 and "--yes" in said
    code, said = loket(desk, "restore", str(backup), "--yes")  # the office is still there
    assert code == 1 and "tidak kosong" in said and "Tidak ada yang diubah" in said
    assert server_rows() == rows
    empty_schema(desks_url())
    code, said = loket(desk, "restore", str(backup), "--yes")
    assert code == 0, said
    assert "ke basis data server yang tadinya kosong" in said and "Jejak audit utuh" in said
    assert server_rows() == rows


def test_a_desk_alones_backup_restores_into_an_empty_server_with_its_papers(
    server: Server, tmp_path: Path, samples: Path
) -> None:
    alone = DataDir(tmp_path / "kantor-lama")
    database = open_database(alone)
    try:
        office = build_busy_office(database, alone, samples)
        backup = take_backup(database, alone).path
    finally:
        database.dispose()
    rows = file_rows(alone.database)
    desk = DataDir(tmp_path / "loket-1")
    connecting.connect_desk(desk, server.address, server.password)
    restored = restore_backup(desk, backup)
    assert restored.aside is None and restored.papers_missing == ()
    kept_rows, kept = server_rows()
    assert kept_rows == rows
    assert kept == {  # each registered paper found in the copy by its path
        path.relative_to(alone.root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in office.papers
    }
