"""Pengaturan › Cadangan on a desk of the shared server: a checked copy of the whole office made
from the button, and a restore that explains what it needs, and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from loket.core.backup.checking import verify_backup
from loket.core.backup.container import copies_in
from tests.conftest import POSTGRES_URL
from tests.ui.settings.test_backup_section import backup_desk, card_count  # noqa: F401
from tests.ui.settings.test_settings_page import Desk, desk  # noqa: F401 (the page's fixture)

pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
    # The desk's database is the test server's (LOKET_TEST_POSTGRES), as a desk on the office's.
    pytest.mark.skipif(not POSTGRES_URL, reason="set LOKET_TEST_POSTGRES for a desk on a server"),
    pytest.mark.parametrize("database", ["postgresql"], indirect=True),
]
SHOTS = Path("/tmp/shots/settings")


def test_a_server_desk_copies_the_whole_office_from_the_button(
    qtbot: QtBot,
    backup_desk: Desk,  # noqa: F811
) -> None:
    shown = backup_desk
    assert shown.database.on_server
    section = shown.page.backup_section
    # The office's copies are taken by the day's first desk, not by every desk that opens.
    assert "oleh loket yang pertama dibuka hari itu" in section.when_hint.text()
    section.backup_button.click()
    qtbot.waitUntil(lambda: bool(copies_in(shown.data.backups)), timeout=30_000)
    shown.settle(qtbot)
    qtbot.waitUntil(lambda: "6 kartu" in section.last_label.text(), timeout=10_000)
    (copy,) = copies_in(shown.data.backups)
    check = verify_backup(copy)
    assert check.good and check.cards == 6
    assert copy.name in section.last_label.text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    shown.page.grab().save(str(SHOTS / "backup-on-server.png"))


def test_a_restore_on_a_server_desk_explains_the_empty_database_and_changes_nothing(
    qtbot: QtBot,
    backup_desk: Desk,  # noqa: F811
) -> None:
    shown = backup_desk
    assert shown.database.on_server
    section = shown.page.backup_section
    section.restore_button.click()
    shown.settle(qtbot)
    said = section.message.text()
    assert "basis data server yang kosong" in said and "loket restore" in said
    assert card_count(shown.database) == 6
