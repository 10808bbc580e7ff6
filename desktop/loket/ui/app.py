"""Starting the desk: the Qt application, the data folder, set-up, login, the window."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from loket.core import office as office_use_cases
from loket.core import staff
from loket.datadir import DataDir
from loket.i18n import _
from loket.logging_setup import configure_logging

if TYPE_CHECKING:
    from loket.ui.main_window import MainWindow

log = logging.getLogger("loket.ui")
qt_log = logging.getLogger("qt")


def _route_qt_messages(mode: QtMsgType, _context: object, message: str) -> None:
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
    }.get(mode, logging.ERROR)
    qt_log.log(level, "%s", message)


def run_gui(data_root: Path) -> int:
    data = DataDir(data_root)
    try:
        data.create()
    except OSError as error:
        print(
            _("Folder data {path} tidak bisa dipakai: {error}").format(path=data.root, error=error),
            file=sys.stderr,
        )
        return 2
    configure_logging(data.logs)
    qInstallMessageHandler(_route_qt_messages)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Loket KTP-el")
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    from loket.ui.theme import apply_theme

    apply_theme(app)
    window = start_desk(app, data)
    if window is None:
        return 0
    # A desk PC runs nothing else: fill the screen (also where no window manager maximises).
    screen = app.primaryScreen()
    if screen is not None:
        window.setGeometry(screen.availableGeometry())
    window.showMaximized()
    return app.exec()


def start_desk(app: QApplication, data: DataDir) -> MainWindow | None:
    """Opens the database, runs the set-up wizard if needed, logs in; returns the main window."""
    from loket.db.open import open_database
    from loket.ui.context import DeskContext
    from loket.ui.feedback import Banner, Feedback
    from loket.ui.login import LoginDialog, office_title
    from loket.ui.main_window import MainWindow
    from loket.ui.scanner import ScannerInput
    from loket.ui.setup_wizard import SetupWizard
    from loket.ui.sound import SoundPlayer
    from loket.ui.tasks import TaskRunner

    try:
        database = open_database(data)
    except Exception as error:
        log.exception("cannot open the database")
        QMessageBox.critical(
            None,
            _("Basis data tidak bisa dibuka"),
            _(
                "Basis data di {path} tidak bisa dibuka: {error}\n\nHubungi admin. Cadangan ada di "
                "folder {backups}."
            ).format(path=data.database, error=error, backups=data.backups),
        )
        return None
    office = office_use_cases.get_office(database)
    if office is None or not staff.has_staff(database):
        wizard = SetupWizard(database)
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return None
        office = office_use_cases.get_office(database)
        assert office is not None
    login = LoginDialog(database, office_title(office))
    if login.exec() != QDialog.DialogCode.Accepted or login.staff_member() is None:
        return None
    member = login.staff_member()
    assert member is not None
    banner = Banner()
    feedback = Feedback(banner, SoundPlayer(muted=os.environ.get("LOKET_MUTE") == "1"))
    scanner = ScannerInput(app)
    scanner.install(app)
    context = DeskContext(database, data, member, office, TaskRunner(app), feedback)
    window = MainWindow(context, banner, scanner)
    scanner.attach(window.intake_page.scan_field)
    scanner.attach(window.handover_page.scan_field)
    window.intake_page.load_latest_open_batch()
    log.info("desk opened by %s", member.username)
    return window
