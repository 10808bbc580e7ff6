"""A backup is a checked copy of the office and its papers; a restore brings the office back as
of the copy, whatever happened to the live database."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from loket.core.audit_verify import verify_chain
from loket.core.backup import automatic
from loket.core.backup.checking import Verdict, verify_backup
from loket.core.backup.container import META_TABLE, copies_in
from loket.core.backup.restoring import DESK_LOCK_FILE, RestoreRefused, restore_backup
from loket.core.backup.taking import take_backup
from loket.core.office.identity import OfficeInfo
from loket.core.settings.desk import DeskSettings, save_desk_settings
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.open import open_database
from tests.helpers.cards import kaligawe_cards, receive


@pytest.fixture
def office(
    database: Database, data_dir: DataDir, kaligawe: OfficeInfo, operator: StaffMember
) -> dict[str, int]:
    """Twelve cards received, and two papers under documents/."""
    cards = receive(database, operator, kaligawe_cards(12))
    papers = data_dir.documents("berita-acara")
    papers.mkdir(parents=True, exist_ok=True)
    (papers / "BA-001.pdf").write_bytes(b"%PDF-1.4 berita acara 001")
    (papers / "BA-002.pdf").write_bytes(b"%PDF-1.4 berita acara 002")
    return cards


def card_count(database: Database) -> int:
    with database.engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT COUNT(*) FROM card").scalar_one())


@pytest.mark.sqlite_only
def test_a_backup_holds_the_office_and_its_papers_and_passes_its_check(
    database: Database, data_dir: DataDir, office: dict[str, int]
) -> None:
    result = take_backup(database, data_dir)
    check = verify_backup(result.path)
    assert check.good and check.verdict is Verdict.GOOD
    assert (check.cards, check.documents) == (12, 2)
    head = verify_chain(database).head
    assert (check.chain_length, check.chain_head) == (head.length, head.head_hash)
    assert result.path.parent == data_dir.backups and copies_in(data_dir.backups) == [result.path]
    if os.name == "posix":
        assert stat.S_IMODE(result.path.stat().st_mode) == 0o600


@pytest.mark.sqlite_only
def test_a_copy_whose_rows_were_changed_later_is_damaged_and_says_which_table(
    database: Database, data_dir: DataDir, office: dict[str, int]
) -> None:
    path = take_backup(database, data_dir).path
    os.chmod(path, 0o600)
    with sqlite3.connect(path) as copy:
        copy.execute("DELETE FROM card WHERE id = 3")
    check = verify_backup(path)
    assert check.verdict is Verdict.DAMAGED and "tabel card" in check.reason


@pytest.mark.sqlite_only
def test_a_copy_from_a_newer_program_is_refused_with_its_reason(
    database: Database, data_dir: DataDir, office: dict[str, int]
) -> None:
    path = take_backup(database, data_dir).path
    with sqlite3.connect(path) as copy:
        copy.execute(f"UPDATE {META_TABLE} SET value = '0042' WHERE key = 'schema_revision'")
    check = verify_backup(path)
    assert check.verdict is Verdict.NEWER_PROGRAM and "lebih baru" in check.reason
    with pytest.raises(RestoreRefused, match="Perbarui Loket KTP-el"):
        restore_backup(data_dir, path)


@pytest.mark.sqlite_only
def test_a_plain_sqlite_file_or_a_text_is_not_a_loket_backup(tmp_path: Path) -> None:
    plain = tmp_path / "lain.sqlite3"
    with sqlite3.connect(plain) as other:
        other.execute("CREATE TABLE t (x)")
    text = tmp_path / "catatan.txt"
    text.write_text("bukan cadangan", encoding="utf-8")
    for path in (plain, text):
        check = verify_backup(path)
        assert check.verdict is Verdict.NOT_A_BACKUP and "bukan cadangan Loket" in check.reason


def damage_truncated(data: DataDir) -> None:
    size = data.database.stat().st_size
    with open(data.database, "r+b") as handle:
        handle.truncate(size // 3)


def damage_page_overwritten(data: DataDir) -> None:
    with open(data.database, "r+b") as handle:
        handle.seek(4096)
        handle.write(os.urandom(4096 * 3))


def damage_deleted(data: DataDir) -> None:
    data.database.unlink()


def damage_wal_left_from_a_crash(data: DataDir) -> None:
    """A writer killed mid-transaction: its WAL (with a commit after the copy) left beside."""
    with sqlite3.connect(data.database) as live:
        live.execute("PRAGMA journal_mode = WAL")
        live.execute("PRAGMA wal_autocheckpoint = 0")
        live.execute("UPDATE card SET name = 'DIUBAH SETELAH CADANGAN'")
        live.commit()
        wal = data.database.with_name(data.database.name + "-wal").read_bytes()
    data.database.with_name(data.database.name + "-wal").write_bytes(wal[: len(wal) // 2])


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    "damage",
    [damage_truncated, damage_page_overwritten, damage_deleted, damage_wal_left_from_a_crash],
)
def test_restore_after_damage_brings_the_office_back_as_of_the_copy(
    database: Database,
    data_dir: DataDir,
    office: dict[str, int],
    operator: StaffMember,
    damage: object,
) -> None:
    copy = take_backup(database, data_dir).path
    before = card_count(database)
    receive(database, operator, kaligawe_cards(14)[12:])  # after the copy: not in it
    assert card_count(database) == before + 2
    database.dispose()
    damage(data_dir)  # type: ignore[operator]
    (data_dir.documents("berita-acara") / "BA-001.pdf").unlink()
    result = restore_backup(data_dir, copy)
    assert result.aside.is_dir()
    with sqlite3.connect(data_dir.database) as restored:
        assert restored.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        tables = {name for (name,) in restored.execute("SELECT name FROM sqlite_master")}
    assert META_TABLE not in tables
    reopened = open_database(data_dir)
    try:
        assert card_count(reopened) == before
        assert verify_chain(reopened).intact
        with reopened.engine.connect() as connection:
            names = connection.exec_driver_sql("SELECT DISTINCT name FROM card").scalars().all()
        assert "DIUBAH SETELAH CADANGAN" not in names
    finally:
        reopened.dispose()
    paper = data_dir.documents("berita-acara") / "BA-001.pdf"
    assert paper.read_bytes() == b"%PDF-1.4 berita acara 001"


@pytest.mark.sqlite_only
def test_restore_refuses_while_the_database_is_in_use(
    database: Database, data_dir: DataDir, office: dict[str, int]
) -> None:
    copy = take_backup(database, data_dir).path
    with database.transaction() as session:
        session.execute(text("UPDATE card SET name = name WHERE id = 1"))
        with pytest.raises(RestoreRefused, match="sedang dipakai"):
            restore_backup(data_dir, copy)
    assert card_count(database) == 12


@pytest.mark.sqlite_only
def test_restore_refuses_while_a_desk_window_holds_the_folder(
    database: Database, data_dir: DataDir, office: dict[str, int]
) -> None:
    copy = take_backup(database, data_dir).path
    database.dispose()
    desk = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (data_dir.root / DESK_LOCK_FILE).write_text(f"{desk.pid}\nloket\nloket-pc\n")
        with pytest.raises(RestoreRefused, match="sedang dipakai"):
            restore_backup(data_dir, copy)
    finally:
        desk.kill()
        desk.wait()
    assert restore_backup(data_dir, copy).check.good  # a lock its desk left behind


@pytest.mark.sqlite_only
def test_a_second_folder_gets_the_same_copy_and_a_missing_one_is_only_a_warning(
    database: Database, data_dir: DataDir, office: dict[str, int], tmp_path: Path
) -> None:
    usb = tmp_path / "flashdisk"
    usb.mkdir()
    save_desk_settings(data_dir.root, DeskSettings(backup_second_folder=str(usb)))
    result = automatic.back_up_now(database, data_dir)
    assert result.second_copy == usb / result.path.name and result.warnings == ()
    assert verify_backup(result.second_copy).good
    shutil.rmtree(usb)  # the flashdisk pulled out
    with_missing = automatic.back_up_now(database, data_dir)
    assert with_missing.second_copy is None and verify_backup(with_missing.path).good
    assert len(with_missing.warnings) == 1 and "tidak ada" in with_missing.warnings[0]


@pytest.mark.sqlite_only
def test_only_the_first_start_of_the_day_takes_a_copy(
    database: Database, data_dir: DataDir, office: dict[str, int]
) -> None:
    assert automatic.back_up_if_first_today(database, data_dir) is not None
    assert automatic.back_up_if_first_today(database, data_dir) is None
    assert len(copies_in(data_dir.backups)) == 1


def test_a_desk_on_the_shared_server_copies_the_office_from_the_server(
    database: Database, data_dir: DataDir, office: dict[str, int]
) -> None:
    if database.engine.dialect.name == "sqlite":
        pytest.skip("the copy of a database on a server")
    result = take_backup(database, data_dir)
    check = verify_backup(result.path)
    assert check.good and check.cards == 12
    # Files in this PC's documents/ folder are not the office's papers on a server: those are
    # the ones the server keeps (tests/db/backup/test_server_backup.py).
    assert check.documents == 0
    with sqlite3.connect(f"{result.path.as_uri()}?mode=ro", uri=True) as copy:
        (revision,) = copy.execute("SELECT version_num FROM alembic_version").fetchone()
    assert revision == check.revision
    # The day's first copy is the office's: taken once, whichever desk starts first.
    assert automatic.back_up_if_first_today(database, data_dir) is not None
    assert automatic.back_up_if_first_today(database, data_dir) is None


@pytest.mark.sqlite_only
def test_the_backups_counts_are_written_into_the_copy(
    database: Database, data_dir: DataDir, office: dict[str, int]
) -> None:
    path = take_backup(database, data_dir).path
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as copy:
        meta = dict(copy.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
    counts = json.loads(meta["counts"])
    assert counts["card"] == 12 and counts["staff"] == 2
    assert meta["documents"] == "2"
