"""Hostile storage: a read-only data folder, another program's lock, a full disk, a failing write.

Each is made for real where it can be (file permissions, in an unprivileged child under root;
a lock held by another process; SQLite's own page limit), and each must end in an Indonesian
answer that says what happened and what to do, with nothing half-written.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from loket.core.handover import confirming, receipts
from loket.core.handover.rules import HandoverRequest
from loket.core.intake import batches, scanning
from loket.core.intake.batches import BatchInfo
from loket.core.manifest.reader import read_manifest
from loket.core.office import identity
from loket.core.office.identity import OfficeInfo
from loket.core.staff import accounts, login
from loket.core.staff.login import LoginFailed
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir, DataDirUnusable
from loket.db.engine import BUSY_TIMEOUT_MS, Database
from loket.db.models import AuditEntry, Card, Counter, Handover, Scan
from loket.db.open import open_database
from loket.documents.handover.receipt import write_receipt
from loket.documents.kit import output
from loket.documents.kit.output import atomic_write_pdf
from loket.domain.errors import LoketError, StorageError, StorageProblem
from loket.domain.states import (
    CardState,
    DocumentChecked,
    OldCardFate,
    Relation,
    Role,
    ScanOutcomeKind,
)
from tests.helpers.hostile import (
    QUICK_BUSY_MS,
    DiskLimit,
    another_program_locks,
    files_under,
    no_space_left,
)
from tests.helpers.unprivileged import make_read_only, make_writable, ran_unprivileged

pytestmark = pytest.mark.sqlite_only

TODAY = dt.date(2026, 11, 27)
FAJAR = "3374042606528310"  # FAJAR MAULANA, row 1 of the Rusunawa Kaligawe list
BUSY = "Basis data sedang dipakai program lain"
#: A paper that cannot be written raises the OSError today; once documents/output.py and
#: core/papers.py say it with datadir.paper_not_saved_message, a LoketError. Either way the
#: invariants below hold: nothing half-written, the handover stands, the message says where.
PAPER_NOT_SAVED = (OSError, LoketError)


@pytest.fixture
def database(data_dir: DataDir) -> Iterator[Database]:
    """The desk's database, waiting QUICK_BUSY_MS (not 15 s) for another program's lock."""
    db = open_database(data_dir, busy_timeout_ms=QUICK_BUSY_MS)
    yield db
    db.dispose()


@pytest.fixture
def batch(
    database: Database, kaligawe: OfficeInfo, operator: StaffMember, samples: Path
) -> BatchInfo:
    """The Rusunawa Kaligawe batch, on its list and not scanned in yet."""
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=TODAY)
    return batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "Rahmat", report, today=TODAY
    )


def scans(database: Database) -> int:
    with database.transaction() as session:
        return int(session.scalar(select(func.count(Scan.id))) or 0)


def card_state(database: Database, nik: str) -> CardState:
    with database.transaction() as session:
        return session.scalars(select(Card.state).where(Card.nik == nik)).one()


def owner_collects(card_id: int) -> HandoverRequest:
    return HandoverRequest(
        card_id=card_id,
        relation=Relation.OWNER,
        documents=frozenset({DocumentChecked.RECORDING_SLIP}),
        old_card=OldCardFate.SURRENDERED,
    )


def loket(*args: str) -> subprocess.CompletedProcess[str]:
    """`loket ...` as IT staff run it, in its own process, in Indonesian."""
    env = dict(os.environ, LOKET_LANG="id")
    env.pop("LOKET_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "loket", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


# ---------------------------------------------------------------- a read-only data folder


def test_cli_refuses_a_read_only_data_folder_with_its_path_and_what_to_do(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if ran_unprivileged(request):
        return
    folder = tmp_path / "kantor-hanya-baca"
    folder.mkdir()
    make_read_only(folder)
    try:
        setup = loket("--data-dir", str(folder), "setup", "--kelurahan", "33.74.04.1002")
        out = tmp_path / "laporan.pdf"
        report = loket(
            "report", "daily", "--date", "2026-11-27", "--out", str(out), "--data-dir", str(folder)
        )
    finally:
        make_writable(folder)
    for result in (setup, report):
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        assert f"Folder data {folder} tidak bisa ditulis (tidak ada izin menulis)" in result.stderr
        assert "Tidak ada yang diubah" in result.stderr
        assert "Minta admin memberi izin tulis" in result.stderr
        assert "loket --data-dir FOLDER" in result.stderr
    assert files_under(folder) == []
    assert not out.exists()


def test_cli_refuses_an_office_folder_made_read_only_and_leaves_its_database_alone(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if ran_unprivileged(request):
        return
    data = DataDir(tmp_path / "kaligawe")
    database = open_database(data)
    identity.set_up_office(database, "33.74.04.1002")
    database.dispose()
    before = data.database.read_bytes()
    make_read_only(data.root)
    try:
        result = loket("--data-dir", str(data.root), "report", "daily", "--date", "2026-11-27")
    finally:
        make_writable(data.root)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"Folder data {data.root} tidak bisa ditulis" in result.stderr
    assert data.database.read_bytes() == before
    assert not data.documents("laporan-harian").exists()


def test_a_database_file_that_cannot_be_written_is_refused_at_start_with_its_path(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if ran_unprivileged(request):
        return
    data = DataDir(tmp_path / "kaligawe")
    open_database(data).dispose()
    data.database.chmod(0o444)
    result = loket("--data-dir", str(data.root), "setup", "--kelurahan", "33.74.04.1002")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{data.database} tidak bisa ditulis (tidak ada izin menulis)" in result.stderr


def test_a_file_where_the_logs_folder_should_be_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    data = DataDir(tmp_path / "kaligawe")
    data.root.mkdir()
    data.logs.write_text("bukan folder")
    with pytest.raises(DataDirUnusable) as refused:
        open_database(data)
    assert f"{data.logs} tidak bisa ditulis (ada berkas dengan nama folder itu)" in (
        refused.value.message
    )
    assert "Pindahkan atau ganti nama berkas itu" in refused.value.message
    assert not data.database.exists()


def test_a_handover_stands_when_the_documents_folder_cannot_be_written(
    request: pytest.FixtureRequest,
    data_dir: DataDir,
    database: Database,
    batch: BatchInfo,
    operator: StaffMember,
) -> None:
    if ran_unprivileged(request):
        return
    outcome = scanning.receive_scan(database, operator, batch.id, FAJAR, today=TODAY)
    assert outcome.card is not None
    documents = data_dir.root / "documents"
    documents.mkdir(exist_ok=True)
    make_read_only(documents)
    try:
        info = confirming.confirm(database, operator, owner_collects(outcome.card.id), today=TODAY)
        with pytest.raises(PAPER_NOT_SAVED) as failed:
            receipts.save_slip(database, operator, info.id, data_dir, write_receipt)
    finally:
        make_writable(documents)
    assert str(documents / "receipts") in str(failed.value)  # says where
    assert card_state(database, FAJAR) is CardState.HANDED_OVER
    assert receipts.find_by_receipt(database, info.receipt_number).id == info.id
    assert files_under(documents) == []
    # Once the folder can be written again, the slip is saved under the same number.
    path = receipts.save_slip(database, operator, info.id, data_dir, write_receipt, copy=True)
    assert path.parent == data_dir.documents("receipts") and info.receipt_number in path.name


# ---------------------------------------------------------------- another program's lock


def test_the_desk_waits_fifteen_seconds_for_a_lock_and_tests_can_wait_less(
    tmp_path: Path,
) -> None:
    assert BUSY_TIMEOUT_MS == 15_000
    desk = Database(f"sqlite:///{(tmp_path / 'desk.sqlite3').as_posix()}")
    quick = Database(f"sqlite:///{(tmp_path / 'quick.sqlite3').as_posix()}", busy_timeout_ms=250)
    try:
        for database, expected in ((desk, 15_000), (quick, 250)):
            with database.engine.connect() as connection:
                waited = connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one()
            assert (database.busy_timeout_ms, waited) == (expected, expected)
    finally:
        desk.dispose()
        quick.dispose()


def test_a_scan_while_another_program_holds_the_lock_records_nothing_then_works(
    data_dir: DataDir, database: Database, batch: BatchInfo, operator: StaffMember
) -> None:
    before = scans(database)
    with another_program_locks(data_dir.database) as other:
        with pytest.raises(StorageError) as refused:
            scanning.receive_scan(database, operator, batch.id, FAJAR, today=TODAY)
        other.release()
    assert refused.value.problem is StorageProblem.BUSY
    assert refused.value.message.startswith(BUSY)
    assert "tidak ada yang dicatat" in refused.value.message
    assert str(data_dir.database) in refused.value.message  # which file to close elsewhere
    assert isinstance(refused.value.__cause__, OperationalError)
    assert scans(database) == before and card_state(database, FAJAR) is CardState.EXPECTED

    outcome = scanning.receive_scan(database, operator, batch.id, FAJAR, today=TODAY)
    assert outcome.kind is ScanOutcomeKind.RECEIVED
    assert scans(database) == before + 1


def test_a_handover_while_locked_takes_no_receipt_number_and_goes_through_after(
    data_dir: DataDir, database: Database, batch: BatchInfo, operator: StaffMember
) -> None:
    outcome = scanning.receive_scan(database, operator, batch.id, FAJAR, today=TODAY)
    assert outcome.card is not None
    request = owner_collects(outcome.card.id)
    with another_program_locks(data_dir.database) as other:
        with pytest.raises(StorageError, match=BUSY):
            confirming.confirm(database, operator, request, today=TODAY)
        other.release()
    with database.transaction() as session:
        assert session.scalar(select(func.count(Handover.id))) == 0
        assert session.scalar(select(func.count(Counter.id))) == 0
    assert card_state(database, FAJAR) is CardState.IN_STOCK

    info = confirming.confirm(database, operator, request, today=TODAY)
    assert info.receipt_number.endswith("-000001")  # the refused try used no number


def test_a_login_while_locked_is_not_counted_as_a_wrong_password(
    data_dir: DataDir, database: Database, admin: StaffMember
) -> None:
    with another_program_locks(data_dir.database) as other:
        for _attempt in range(login.MAX_FAILED_LOGINS + 1):
            with pytest.raises(StorageError, match=BUSY) as refused:
                login.log_in(database, "admin", "rahasia-admin")
            assert not isinstance(refused.value, LoginFailed)
        other.release()
    assert login.log_in(database, "admin", "rahasia-admin") == admin
    with database.transaction() as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert "staff.locked" not in actions and actions.count("staff.login") == 1


def test_opening_a_locked_database_is_refused_with_the_same_answer_then_opens(
    data_dir: DataDir, database: Database
) -> None:
    # Every transaction takes the write lock up front (BEGIN IMMEDIATE), reading the schema too.
    with another_program_locks(data_dir.database) as other:
        with pytest.raises(StorageError, match=BUSY):
            open_database(data_dir, busy_timeout_ms=QUICK_BUSY_MS)
        other.release()
    open_database(data_dir, busy_timeout_ms=QUICK_BUSY_MS).dispose()


def test_on_postgresql_a_desk_waits_for_a_locked_table_as_long_and_no_longer() -> None:
    from sqlalchemy import make_url

    from tests.conftest import POSTGRES_URL, fresh_postgres_database

    if not POSTGRES_URL:
        pytest.skip("set LOKET_TEST_POSTGRES to run against PostgreSQL")
    shared = fresh_postgres_database()
    quick = Database(POSTGRES_URL, busy_timeout_ms=QUICK_BUSY_MS)
    try:
        admin = accounts.add_staff(
            shared, None, "admin", "rahasia-admin", Role.ADMIN, "Sri Wahyuni"
        )
        with shared.engine.connect() as other_desk:
            other_desk.exec_driver_sql("LOCK TABLE staff IN ACCESS EXCLUSIVE MODE")
            with pytest.raises(StorageError, match=BUSY) as refused:
                login.log_in(quick, "admin", "rahasia-admin")
            other_desk.rollback()
        assert refused.value.problem is StorageProblem.BUSY
        assert f"{make_url(POSTGRES_URL).database} di server" in refused.value.message
        assert login.log_in(quick, "admin", "rahasia-admin") == admin
    finally:
        quick.dispose()
        shared.dispose()


# ---------------------------------------------------------------- a full disk


def test_a_full_disk_refuses_the_scan_records_nothing_and_scans_work_once_space_is_freed(
    database: Database, batch: BatchInfo, operator: StaffMember, samples: Path
) -> None:
    niks = [entry.nik for entry in read_manifest(samples / "manifest_kaligawe_clean.csv").entries]
    disk = DiskLimit(database)
    disk.fill(spare_pages=1)
    received = 0
    refused: StorageError | None = None
    for nik in niks:
        try:
            scanning.receive_scan(database, operator, batch.id, nik, today=TODAY)
        except StorageError as error:
            refused, refused_nik = error, nik
            break
        received += 1
    assert refused is not None, "the page limit was never reached"
    assert refused.problem is StorageProblem.FULL
    assert refused.message.startswith("Disk penuh")
    assert "Kosongkan ruang di disk itu" in refused.message
    assert scans(database) == received  # every acknowledged scan is there, the refused one not
    assert card_state(database, refused_nik) is CardState.EXPECTED

    disk.free()
    outcome = scanning.receive_scan(database, operator, batch.id, refused_nik, today=TODAY)
    assert outcome.kind is ScanOutcomeKind.RECEIVED
    assert scans(database) == received + 1
    disk.remove()


def test_a_pdf_that_fills_the_disk_leaves_no_half_written_file(tmp_path: Path) -> None:
    folder = tmp_path / "documents" / "receipts"
    target = folder / "tanda-terima-3374041002-2026-000001.pdf"

    def build_until_the_disk_is_full(file: object) -> None:
        assert hasattr(file, "write")
        file.write(b"%PDF-1.4\n" + b"0" * 8192)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(PAPER_NOT_SAVED):
        atomic_write_pdf(target, build_until_the_disk_is_full)
    assert files_under(folder) == []


def test_a_receipt_whose_disk_fills_on_saving_leaves_nothing_and_the_handover_stands(
    data_dir: DataDir,
    database: Database,
    batch: BatchInfo,
    operator: StaffMember,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outcome = scanning.receive_scan(database, operator, batch.id, FAJAR, today=TODAY)
    assert outcome.card is not None
    info = confirming.confirm(database, operator, owner_collects(outcome.card.id), today=TODAY)
    with monkeypatch.context() as disk_full:
        disk_full.setattr(output.os, "fsync", no_space_left)
        with pytest.raises(PAPER_NOT_SAVED):
            receipts.save_slip(database, operator, info.id, data_dir, write_receipt)
    assert files_under(data_dir.root / "documents") == []
    assert card_state(database, FAJAR) is CardState.HANDED_OVER
    path = receipts.save_slip(database, operator, info.id, data_dir, write_receipt)
    assert path.read_bytes().startswith(b"%PDF")
