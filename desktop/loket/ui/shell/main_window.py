"""The desk's window: office bar, page buttons with their keys, the banner, the pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from loket import __version__
from loket.core.office.identity import OfficeInfo
from loket.core.staff.members import role_label
from loket.domain.states import Role
from loket.i18n import _
from loket.ui.delivery.page import DeliveryPage
from loket.ui.handover.page import HandoverPage
from loket.ui.intake.page import IntakePage
from loket.ui.kit.context import DeskContext
from loket.ui.kit.feedback import Banner
from loket.ui.kit.scanner import ScanEvent, ScannerInput
from loket.ui.reports.page import ReportsPage
from loket.ui.returns.page import ReturnPage
from loket.ui.settings.page import SettingsPage
from loket.ui.shell.login import office_title
from loket.ui.stock.page import StockPage
from loket.ui.stock.section import StockSection

# After the desk's first painting (the login has just closed; nobody has scanned yet).
_REST_OF_THE_PAGES_AFTER_MS = 150


@dataclass
class _Page:
    """A page and its button; built the first time it is shown (or asked for), so that the
    desk opens with only the page it shows."""

    key: str
    button: QPushButton
    build: Callable[[], QWidget]
    focus: Callable[[QWidget], None]  # what gets the keyboard when the page is shown
    widget: QWidget | None = None


class MainWindow(QMainWindow):
    def __init__(
        self,
        context: DeskContext,
        banner: Banner,
        scanner: ScannerInput,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._scanner = scanner
        self.banner = banner
        self.setMinimumSize(1024, 680)

        top = QFrame(self)
        top.setObjectName("topBar")
        self._top_layout = QHBoxLayout(top)
        self._top_layout.setContentsMargins(12, 0, 12, 0)
        self._office_label = QLabel(top)
        self._office_label.setObjectName("officeTitle")
        self._top_layout.addWidget(self._office_label)
        self._top_layout.addSpacing(24)
        self._nav_group = QButtonGroup(self)
        self._nav_group.setExclusive(True)

        self.pages = QStackedWidget(self)
        self._pages: dict[str, _Page] = {}
        self._building_the_rest = False
        self.intake_page = IntakePage(context, self.pages)
        self._add_page(
            top,
            "F2",
            _("Penerimaan"),
            lambda: self.intake_page,
            lambda page: cast(IntakePage, page).focus_scan_field(),
        )
        self._add_page(
            top,
            "F3",
            _("Penyerahan"),
            lambda: HandoverPage(context, self.pages),
            lambda page: cast(HandoverPage, page).focus_scan_field(),
        )
        self._add_page(
            top,
            "F5",
            _("Laporan"),
            lambda: ReportsPage(context, self.pages),
            lambda page: cast(ReportsPage, page).focus_first_field(),
        )
        # F4 and F6 to F11 are taken inside pages: the stock, with returns and delivery runs
        # as its parts (Ctrl+1/2/3), gets F12.
        self._add_page(
            top,
            "F12",
            _("Stok"),
            lambda: StockSection(context, self.pages),
            lambda page: cast(StockSection, page).focus_scan_field(),
        )
        # Only an admin gets the settings page at all (a page never added would still be drawn).
        if context.staff.role is Role.ADMIN:
            self._add_page(
                top,
                "F9",
                _("Pengaturan"),
                lambda: SettingsPage(context, self.pages),
                lambda page: cast(SettingsPage, page).focus_first_field(),
            )

        self._top_layout.addStretch(1)
        who = QLabel(
            _("{name} ({role})").format(
                name=context.staff.display_name, role=role_label(context.staff.role)
            ),
            top,
        )
        who.setObjectName("staffLabel")
        self._top_layout.addWidget(who)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(top)
        layout.addWidget(banner)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(
            _("Loket KTP-el {version} · data: {path} · Esc: tutup pesan kesalahan").format(
                version=__version__, path=context.data.root
            )
        )
        self._show_office(context.office)
        self._connect_signals()
        self.show_page(self.intake_page)

    # The pages not shown yet are built when first asked for, or once the desk is on screen,
    # one per turn of the event loop: the first F3 of the day finds its page ready (building
    # one keeps the window busy 60 to 150 ms), and a scan that comes meanwhile waits for one
    # page at most.

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._building_the_rest:
            self._building_the_rest = True
            QTimer.singleShot(_REST_OF_THE_PAGES_AFTER_MS, self, self._build_next_page)

    def _build_next_page(self) -> None:
        for page in self._pages.values():
            if page.widget is None:
                # Building behind never moves the keyboard (adding the stock section to the
                # stack took the focus from the intake page's scan field).
                focused = QApplication.focusWidget()
                self._built(page.key)
                if focused is not None and QApplication.focusWidget() is not focused:
                    focused.setFocus()
                QTimer.singleShot(0, self, self._build_next_page)
                return

    @property
    def context(self) -> DeskContext:
        return self._context

    @property
    def every_page_built(self) -> bool:
        return all(page.widget is not None for page in self._pages.values())

    @property
    def handover_page(self) -> HandoverPage:
        return cast(HandoverPage, self._built("F3"))

    @property
    def reports_page(self) -> ReportsPage:
        return cast(ReportsPage, self._built("F5"))

    @property
    def stock_section(self) -> StockSection:
        return cast(StockSection, self._built("F12"))

    @property
    def stock_page(self) -> StockPage:
        return self.stock_section.list_page

    @property
    def return_page(self) -> ReturnPage:
        return self.stock_section.return_page

    @property
    def delivery_page(self) -> DeliveryPage:
        return self.stock_section.delivery_page

    @property
    def settings_page(self) -> SettingsPage | None:
        if "F9" not in self._pages:
            return None
        return cast(SettingsPage, self._built("F9"))

    def _built(self, key: str) -> QWidget:
        page = self._pages[key]
        if page.widget is None:
            page.widget = widget = page.build()
            if self.pages.indexOf(widget) < 0:
                self.pages.addWidget(widget)
            self._connect_page(widget)
        return page.widget

    def _add_page(
        self,
        top: QWidget,
        key: str,
        text: str,
        build: Callable[[], QWidget],
        focus: Callable[[QWidget], None],
    ) -> None:
        button = QPushButton(f"{key}  {text}", top)
        button.setProperty("class", "nav")
        button.setCheckable(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._nav_group.addButton(button)
        self._top_layout.addWidget(button)
        self._pages[key] = _Page(key, button, build, focus)

    def _connect_signals(self) -> None:
        self._scanner.scanned.connect(self._route_scan)
        self._built("F2")
        for page in self._pages.values():
            page.button.clicked.connect(lambda _checked=False, key=page.key: self._show(key))
            QShortcut(QKeySequence(page.key), self, activated=lambda key=page.key: self._show(key))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self._acknowledge)
        QShortcut(QKeySequence("Ctrl+Q"), self, activated=self.close)
        if "F9" not in self._pages:
            QShortcut(QKeySequence("F9"), self, activated=self._settings_refused)

    def _connect_page(self, widget: QWidget) -> None:
        """A page's own wiring, when it is built."""
        if isinstance(widget, IntakePage | HandoverPage):
            self._scanner.attach(widget.scan_field)
        if isinstance(widget, StockSection):
            self._scanner.attach(widget.return_page.scan_field)
            self._scanner.attach(widget.delivery_page.scan_field)
        if isinstance(widget, SettingsPage):
            widget.office_changed.connect(self._show_office)

    def _settings_refused(self) -> None:
        """F9 from someone who is not an admin: said, not silently ignored."""
        self._context.feedback.warning(
            _("Pengaturan hanya untuk admin"),
            _("Minta admin kantor masuk dengan akunnya untuk mengubah pengaturan."),
        )

    def _show_office(self, office: OfficeInfo) -> None:
        self.setWindowTitle(_("Loket KTP-el — {office}").format(office=office_title(office)))
        village = _("Desa {name}") if office.is_desa else _("Kelurahan {name}")
        self._office_label.setText(
            _("Loket KTP-el · {village}").format(village=village.format(name=office.kelurahan))
        )
        self._office_label.setToolTip(office_title(office))

    def _route_scan(self, event: ScanEvent) -> None:
        """Every scan, wherever focus was, goes to the page on screen if it takes that code
        (`takes_scan`, when a page takes only some); otherwise intake takes it: a card."""
        page = self.pages.currentWidget()
        handler = getattr(page, "handle_scan", None)
        takes = getattr(page, "takes_scan", None)
        if handler is None or (takes is not None and not takes(event)):
            self.show_page(self.intake_page)
            handler = self.intake_page.handle_scan
        handler(event)

    def _acknowledge(self) -> None:
        self._context.feedback.acknowledge()
        page = self._current()
        if page.widget is not None:
            page.focus(page.widget)

    def _current(self) -> _Page:
        widget = self.pages.currentWidget()
        return next(page for page in self._pages.values() if page.widget is widget)

    def _show(self, key: str) -> None:
        self.show_page(self._built(key))

    def show_page(self, widget: QWidget) -> None:
        self.pages.setCurrentWidget(widget)
        page = self._current()
        page.button.setChecked(True)
        page.focus(widget)

    def closeEvent(self, event: QCloseEvent) -> None:
        # A scan being committed finishes before the window goes.
        self._context.tasks.shutdown()
        super().closeEvent(event)
