"""Logging in when the database is locked, and when the PC's clock has been set back.

The login dialog is the real one; the PC clock is `loket.core.clock`'s, set by the test in
office time (WIB, Kota Semarang).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from loket.core import clock
from loket.core.intake import batches, scanning
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.staff.clock_check import ACCEPTED_ACTION
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import AuditEntry
from loket.db.open import open_database
from loket.ui.kit.tasks import TaskRunner
from loket.ui.shell.login import LoginDialog, office_title
from tests.helpers.hostile import QUICK_BUSY_MS, another_program_locks

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = dt.date(2026, 11, 27)
WIB = ZoneInfo("Asia/Jakarta")
FAJAR = "3374042606528310"  # FAJAR MAULANA, row 1 of the Rusunawa Kaligawe list
BUSY = "Basis data sedang dipakai program lain"
SHOTS = Path(os.environ.get("LOKET_SHOTS", "/tmp/shots/hostile-storage"))


def shoot(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


class _PcClock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, when: dt.datetime) -> None:
        self.now = when
        monkeypatch.setattr(clock, "_system_clock", lambda: self.now.astimezone(dt.UTC))


@pytest.fixture
def pc_clock(monkeypatch: pytest.MonkeyPatch) -> _PcClock:
    """Friday 27 November 2026, 14.20 WIB: set before any fixture records a time."""
    return _PcClock(monkeypatch, dt.datetime(2026, 11, 27, 14, 20, tzinfo=WIB))


@pytest.fixture
def database(pc_clock: _PcClock, data_dir: DataDir) -> Iterator[Database]:
    """The desk's database, waiting QUICK_BUSY_MS (not 15 s) for another program's lock."""
    db = open_database(data_dir, busy_timeout_ms=QUICK_BUSY_MS)
    yield db
    db.dispose()


# ---------------------------------------------------------------- the database locked


@pytest.fixture
def login(
    qtbot: QtBot,
    database: Database,
    tasks: TaskRunner,
    kaligawe: OfficeInfo,
    admin: StaffMember,
) -> LoginDialog:
    dialog = LoginDialog(database, tasks, office_title(kaligawe), zone=kaligawe.zone)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def sign_in(qtbot: QtBot, dialog: LoginDialog, password: str = "rahasia-admin") -> None:
    dialog.username.setText("admin")
    dialog.password.setText(password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.checking)


def test_a_login_while_locked_says_so_keeps_the_password_and_works_after(
    qtbot: QtBot, data_dir: DataDir, login: LoginDialog, admin: StaffMember
) -> None:
    with another_program_locks(data_dir.database) as other:
        sign_in(qtbot, login)
        other.release()
    assert login.isVisible() and login.staff_member() is None
    assert login.message.text().startswith(BUSY)
    assert login.password.text() == "rahasia-admin"  # not a wrong password: no need to retype
    assert login.focusWidget() is login.password
    shoot(login, "login-locked")

    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not login.checking)
    assert login.result() == QDialog.DialogCode.Accepted
    assert login.staff_member() == admin


@pytest.fixture
def clock_set_back(
    pc_clock: _PcClock,
    database: Database,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    samples: Path,
) -> _PcClock:
    """A scan recorded at 14.20 WIB on 27 November 2026; then the PC says 6 November."""
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=TODAY)
    batch = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "", report, today=TODAY
    )
    scanning.receive_scan(database, operator, batch.id, FAJAR, today=TODAY)
    pc_clock.now = dt.datetime(2026, 11, 6, 7, 45, tzinfo=WIB)
    return pc_clock


# ---------------------------------------------------------------- the clock set back


def accepted_rows(database: Database) -> list[AuditEntry]:
    with database.transaction() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == ACCEPTED_ACTION)))


def test_a_clock_set_back_is_shown_after_the_password_with_both_times(
    qtbot: QtBot, clock_set_back: _PcClock, login: LoginDialog
) -> None:
    sign_in(qtbot, login)
    assert login.isVisible() and login.staff_member() is None
    assert login.clock_panel.isVisible() and not login.sign_in_panel.isVisible()
    panel = login.clock_panel
    assert panel.title.text() == "Jam komputer ini mundur 21 hari 6 jam"
    assert panel.pc_time.text() == "Jumat, 6 November 2026 pukul 07.45 WIB"
    assert panel.latest_recorded.text() == "Jumat, 27 November 2026 pukul 14.20 WIB"
    assert panel.consequence.text().startswith("Bila dipakai dengan jam ini, penyerahan")
    assert panel.fix.text().startswith("Betulkan tanggal dan jam komputer")
    assert panel.recheck_button.text() == "Periksa lagi (Enter)"
    assert panel.continue_button.text() == "Tetap lanjut dengan jam ini (F9)"
    assert login.focusWidget() is panel.recheck_button
    shoot(login, "login-clock-set-back")

    qtbot.keyClick(panel.recheck_button, Qt.Key.Key_Return)  # not fixed yet: Enter lets no one in
    qtbot.waitUntil(lambda: not login.checking)
    assert login.isVisible() and login.staff_member() is None
    assert panel.message.text().startswith("Jam komputer masih mundur")


def test_enter_after_the_clock_is_fixed_lets_the_staff_in_with_nothing_to_record(
    qtbot: QtBot,
    clock_set_back: _PcClock,
    login: LoginDialog,
    admin: StaffMember,
    database: Database,
) -> None:
    sign_in(qtbot, login)
    clock_set_back.now = dt.datetime(2026, 11, 27, 14, 31, tzinfo=WIB)  # set right in Windows
    qtbot.keyClick(login.clock_panel.recheck_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not login.checking)
    assert login.result() == QDialog.DialogCode.Accepted
    assert login.staff_member() == admin
    assert accepted_rows(database) == []


def test_f9_goes_on_with_the_clock_behind_and_the_audit_log_says_who_and_both_times(
    qtbot: QtBot,
    clock_set_back: _PcClock,
    login: LoginDialog,
    admin: StaffMember,
    database: Database,
) -> None:
    sign_in(qtbot, login)
    qtbot.keyClick(login.clock_panel.recheck_button, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: not login.checking)
    assert login.result() == QDialog.DialogCode.Accepted
    assert login.staff_member() == admin
    (row,) = accepted_rows(database)
    assert row.staff_id == admin.id
    assert json.loads(row.detail)["latest_recorded"] == "2026-11-27T07:20:00+00:00"


def test_esc_on_the_clock_warning_leaves_without_anyone_at_the_desk(
    qtbot: QtBot, clock_set_back: _PcClock, login: LoginDialog, database: Database
) -> None:
    sign_in(qtbot, login)
    qtbot.keyClick(login.clock_panel.recheck_button, Qt.Key.Key_Escape)
    assert login.result() == QDialog.DialogCode.Rejected
    assert login.staff_member() is None
    assert accepted_rows(database) == []
