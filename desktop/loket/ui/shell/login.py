"""The login screen shown at start: who is at the desk, and whether its clock can be trusted."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from loket.core.indonesia.zones import office_zone
from loket.domain.errors import LoketError, StorageError
from loket.i18n import _
from loket.ui.kit.context import bug_detail
from loket.ui.kit.dialogs import InlineMessage, enter_moves_on, hint_label, scaled_font

# The use cases (and SQLAlchemy under them) are imported where the worker runs them: the
# window shows before they are loaded (bench/startup.py).
if TYPE_CHECKING:
    from loket.core.office.identity import OfficeInfo
    from loket.core.staff.clock_check import ClockBehind, ClockWarning
    from loket.core.staff.members import StaffMember
    from loket.core.storage import Database
    from loket.ui.kit.tasks import TaskRunner

log = logging.getLogger(__name__)

PROGRAM_NAME = "Loket KTP-el"
_CLOCK_TITLE_STYLE = "color: #8c1d18;"


T = TypeVar("T")


def office_title(office: OfficeInfo) -> str:
    """ "Kelurahan Kaligawe, Kecamatan Gayamsari, Kota Semarang"."""
    village = _("Desa") if office.is_desa else _("Kelurahan")
    return _("{village} {name}, Kecamatan {kecamatan}, {kota}").format(
        village=village, name=office.kelurahan, kecamatan=office.kecamatan, kota=office.kota
    )


class LoginDialog(QDialog):
    """Username and password; Enter signs in, Esc leaves the program.

    After a right password, a PC clock set back (see core.clock_check) is shown in place of the
    form, with both times: Enter checks again once the clock is fixed, F9 goes on with the clock
    as it is (written to the audit log), Esc leaves.
    """

    def __init__(
        self,
        database: Database | Callable[[], Database],
        tasks: TaskRunner,
        office_title: str,
        parent: QWidget | None = None,
        zone: ZoneInfo | None = None,
    ) -> None:
        """`database`: or what gives it on the worker, where it is opened behind this window."""
        super().__init__(parent)
        self._database = database if callable(database) else lambda: database
        self._tasks = tasks
        self._checking = False  # a password or the clock being checked on the worker
        self._zone = zone
        self._member: StaffMember | None = None
        self._signed_in: StaffMember | None = None  # right password, clock not accepted yet
        self._behind: ClockBehind | None = None
        self._painted = False
        self.setWindowTitle(_("Masuk · {program}").format(program=PROGRAM_NAME))

        self.program_label = QLabel(PROGRAM_NAME)
        self.program_label.setFont(scaled_font(self.program_label, 2.0, bold=True))
        self.office_label = QLabel(office_title)
        self.office_label.setWordWrap(True)
        self.office_label.setFont(scaled_font(self.office_label, 1.15))
        # Its line is kept while the office is still being read, so that nothing moves.
        self.office_label.setMinimumHeight(self.office_label.fontMetrics().height())
        self.username = QLineEdit()
        self.username.setMaxLength(60)
        self.username.setAccessibleName(_("Nama pengguna"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("Kata sandi"))
        self.message = InlineMessage()
        self.login_button = QPushButton(_("Masuk (Enter)"))
        self.login_button.setDefault(True)
        self.quit_button = QPushButton(_("Keluar (Esc)"))
        self.quit_button.setAutoDefault(False)
        self.sign_in_panel = QWidget()
        self.clock_panel = ClockBehindPanel()
        self.clock_panel.hide()

        self._build_layout()
        self._connect_signals()
        self.username.setFocus()

    @property
    def checking(self) -> bool:
        """A password or the clock is being checked on the worker."""
        return self._checking

    def staff_member(self) -> StaffMember | None:
        return self._member

    def show_office(self, title: str, zone: ZoneInfo) -> None:
        """The office, once read behind the window (`ui/shell/app.py`)."""
        self.office_label.setText(title)
        self._zone = zone

    def _build_layout(self) -> None:
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(_("Nama pengguna"), self.username)
        form.addRow(_("Kata sandi"), self.password)

        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.login_button)
        for button in (self.quit_button, self.login_button):
            button.setMinimumHeight(int(button.sizeHint().height() * 1.2))
            button.setMinimumWidth(130)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 28, 32, 24)
        outer.setSpacing(8)
        outer.addWidget(self.program_label)
        outer.addWidget(self.office_label)
        outer.addSpacing(8)
        outer.addWidget(rule)
        outer.addSpacing(10)
        outer.addWidget(self.sign_in_panel, 1)
        outer.addWidget(self.clock_panel, 1)

        layout = QVBoxLayout(self.sign_in_panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(hint_label(_("Masuk dengan akun petugas Anda.")))
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addSpacing(10)
        layout.addLayout(buttons)
        layout.addSpacing(8)
        layout.addWidget(
            hint_label(_("Lupa kata sandi? Minta admin kantor untuk mengaturnya ulang."))
        )
        self._reserve_room_for_a_message()
        QWidget.setTabOrder(self.username, self.password)
        QWidget.setTabOrder(self.password, self.login_button)
        QWidget.setTabOrder(self.login_button, self.quit_button)

    def _reserve_room_for_a_message(self) -> None:
        """The window is sized once with room for a two-line message, so it never jumps."""
        self.message.show_error("M\nM")
        room = self.sizeHint()
        self.message.clear_message()
        self.setMinimumSize(max(room.width(), 500), room.height())

    def _connect_signals(self) -> None:
        enter_moves_on([self.username, self.password], self._submit)
        self.login_button.clicked.connect(self._submit)
        self.quit_button.clicked.connect(self.reject)
        self.clock_panel.recheck_button.clicked.connect(self._recheck_clock)
        self.clock_panel.continue_button.clicked.connect(self._continue_with_clock)
        self.clock_panel.quit_button.clicked.connect(self.reject)
        go_on = QShortcut(QKeySequence(Qt.Key.Key_F9), self)
        go_on.activated.connect(self._continue_with_clock)

    def _submit(self) -> None:
        if self._checking:
            return  # Enter again while the password is being checked: once is enough
        username = self.username.text().strip()
        if not username:
            self._refuse(_("Isi nama pengguna."), self.username)
            return
        if not self.password.text():
            self._refuse(_("Isi kata sandi."), self.password)
            return
        database_of, password, known_zone = self._database, self.password.text(), self._zone

        def sign_in() -> tuple[StaffMember, ClockBehind | None, ZoneInfo | None]:
            from loket.core.office.identity import get_office
            from loket.core.staff.clock_check import check_clock
            from loket.core.staff.login import log_in

            database = database_of()
            member = log_in(database, username, password)
            behind = check_clock(database)
            zone = known_zone
            if behind is not None and zone is None:
                office = get_office(database)  # read here, where a locked database is answered
                zone = office.zone if office is not None else office_zone("")
            return member, behind, zone

        def signed_in(result: tuple[StaffMember, ClockBehind | None, ZoneInfo | None]) -> None:
            member, behind, zone = result
            self._zone = zone
            self.message.clear_message()
            if behind is not None:
                self._signed_in = member
                self._show_clock(behind)
                return
            self._let_in(member)

        def refused(failure: BaseException) -> None:
            if isinstance(failure, LoketError):
                if not isinstance(failure, StorageError):
                    self.password.clear()  # a locked database is no reason to type it again
                self._refuse(failure.message, self.password)
            else:
                self._refuse(
                    _("Terjadi kesalahan di program. {what}").format(what=bug_detail()),
                    self.password,
                )

        # Checking a password takes a noticeable moment on an old PC: said, and the cursor waits.
        self.message.show_info(_("Memeriksa kata sandi…"))
        self._check(sign_in, signed_in, refused)

    def _check(
        self,
        task: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Runs a check on the worker; the dialog's buttons wait for its answer."""
        self._checking = True
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        buttons = (
            self.login_button,
            self.clock_panel.recheck_button,
            self.clock_panel.continue_button,
        )
        for button in buttons:
            button.setEnabled(False)

        def finish() -> None:
            self._checking = False
            QGuiApplication.restoreOverrideCursor()
            for button in buttons:
                button.setEnabled(True)

        self._tasks.run(
            task, lambda result: (finish(), done(result)), lambda error: (finish(), failed(error))
        )

    def _let_in(self, member: StaffMember) -> None:
        self._member = member
        self.accept()

    # ------------------------------------------------------------ a clock set back

    def _show_clock(self, behind: ClockBehind) -> None:
        self._behind = behind
        from loket.core.staff.clock_check import clock_warning

        zone = self._zone or office_zone("")
        self.clock_panel.show_warning(clock_warning(behind, zone))
        self.sign_in_panel.hide()
        self.clock_panel.show()
        self.login_button.setDefault(False)
        self.clock_panel.recheck_button.setDefault(True)
        self.setMinimumSize(max(self.minimumWidth(), 640), 0)
        self.adjustSize()
        self.clock_panel.recheck_button.setFocus()

    def _clock_refused(self, failure: BaseException) -> None:
        message = failure.message if isinstance(failure, LoketError) else bug_detail()
        self.clock_panel.message.show_error(message)
        self._fit_height()

    def _recheck_clock(self) -> None:
        member = self._signed_in
        if member is None or not self.clock_panel.isVisible() or self._checking:
            return
        from loket.core.staff.clock_check import check_clock

        database_of = self._database

        def checked(behind: ClockBehind | None) -> None:
            if behind is None:
                self._let_in(member)
                return
            self._show_clock(behind)
            self.clock_panel.message.show_error(
                _("Jam komputer masih mundur. Betulkan dulu, atau tekan F9 untuk tetap lanjut.")
            )
            self._fit_height()

        self._check(lambda: check_clock(database_of()), checked, self._clock_refused)

    def _continue_with_clock(self) -> None:
        member, behind = self._signed_in, self._behind
        if member is None or behind is None or not self.clock_panel.isVisible() or self._checking:
            return
        from loket.core.staff.clock_check import continue_with_clock_behind

        database_of = self._database
        self._check(
            lambda: continue_with_clock_behind(database_of(), member, behind),
            lambda _none: self._let_in(member),
            self._clock_refused,
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True  # the moment bench/startup.py times a start to
            log.info("login window shown")

    def reject(self) -> None:
        if self._checking:
            return  # the answer is on its way; Esc after it leaves
        super().reject()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            # A message got longer: its panel is laid out again first, then this window, so
            # only now is the room it needs known (at show_error the layout still has the old).
            self._fit_height()
        return handled

    def _refuse(self, text: str, field: QLineEdit) -> None:
        self.message.show_error(text)
        self._fit_height()
        field.setFocus()

    def _fit_height(self) -> None:
        """Grows the dialog when a message needs more lines than the room kept for it."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)


class ClockBehindPanel(QWidget):
    """Shown in place of the sign-in form when the PC's clock is behind the recorded times."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setFont(scaled_font(self.title, 1.3, bold=True))
        self.title.setStyleSheet(_CLOCK_TITLE_STYLE)
        self.pc_time = QLabel()
        self.latest_recorded = QLabel()
        for time in (self.pc_time, self.latest_recorded):
            time.setFont(scaled_font(time, 1.1, bold=True))
        self.consequence = QLabel()
        self.fix = QLabel()
        for sentence in (self.consequence, self.fix):
            sentence.setWordWrap(True)
            sentence.setTextFormat(Qt.TextFormat.PlainText)
        self.message = InlineMessage()
        self.recheck_button = QPushButton(_("Periksa lagi (Enter)"))
        self.continue_button = QPushButton(_("Tetap lanjut dengan jam ini (F9)"))
        self.continue_button.setAutoDefault(False)
        self.quit_button = QPushButton(_("Keluar (Esc)"))
        self.quit_button.setAutoDefault(False)

        times = QFormLayout()
        times.setHorizontalSpacing(16)
        times.setVerticalSpacing(6)
        times.addRow(_("Jam komputer ini"), self.pc_time)
        times.addRow(_("Data terakhir dicatat"), self.latest_recorded)
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addWidget(self.continue_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.recheck_button)
        for button in (self.continue_button, self.quit_button, self.recheck_button):
            button.setMinimumHeight(int(button.sizeHint().height() * 1.2))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addLayout(times)
        layout.addWidget(self.consequence)
        layout.addWidget(self.fix)
        layout.addWidget(
            hint_label(
                _(
                    "Tetap lanjut hanya bila antrean tidak bisa menunggu: pilihan ini dicatat di "
                    "log audit atas nama Anda, dengan kedua waktu di atas."
                )
            )
        )
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.recheck_button, self.quit_button)
        QWidget.setTabOrder(self.quit_button, self.continue_button)

    def show_warning(self, warning: ClockWarning) -> None:
        self.title.setText(warning.title)
        self.pc_time.setText(warning.pc_time)
        self.latest_recorded.setText(warning.latest_recorded)
        self.consequence.setText(warning.consequence)
        self.fix.setText(warning.fix)
        self.message.clear_message()
