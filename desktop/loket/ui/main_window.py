"""The desk's window: office bar, page buttons with their keys, the banner, the pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
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
from loket.core.staff import role_label
from loket.i18n import _
from loket.ui.context import DeskContext
from loket.ui.feedback import Banner
from loket.ui.intake_page import IntakePage
from loket.ui.login import office_title
from loket.ui.scanner import ScanEvent, ScannerInput


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
        office = context.office
        self.setWindowTitle(
            _("Loket KTP-el — Kelurahan {kelurahan}").format(kelurahan=office.kelurahan)
        )
        self.setMinimumSize(1024, 680)

        top = QFrame(self)
        top.setObjectName("topBar")
        top_layout = QHBoxLayout(top)
        top_layout.setContentsMargins(12, 0, 12, 0)
        title = QLabel(
            _("Loket KTP-el · {office}").format(office=office_title(office)),
            top,
        )
        title.setObjectName("officeTitle")
        top_layout.addWidget(title)
        top_layout.addSpacing(24)
        self.intake_nav = self._nav_button(top, "F2", _("Penerimaan kiriman"))
        top_layout.addWidget(self.intake_nav)
        top_layout.addStretch(1)
        who = QLabel(
            _("{name} ({role})").format(
                name=context.staff.display_name, role=role_label(context.staff.role)
            ),
            top,
        )
        who.setObjectName("staffLabel")
        top_layout.addWidget(who)

        self.pages = QStackedWidget(self)
        self.intake_page = IntakePage(context, self.pages)
        self.pages.addWidget(self.intake_page)

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
        self._connect_signals()
        self.show_intake()

    def _nav_button(self, parent: QWidget, key: str, text: str) -> QPushButton:
        button = QPushButton(f"{key}  {text}", parent)
        button.setProperty("class", "nav")
        button.setCheckable(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _connect_signals(self) -> None:
        self._scanner.scanned.connect(self._route_scan)
        self.intake_nav.clicked.connect(self.show_intake)
        QShortcut(QKeySequence("F2"), self, activated=self.show_intake)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self._acknowledge)
        QShortcut(QKeySequence("Ctrl+Q"), self, activated=self.close)

    def _route_scan(self, event: ScanEvent) -> None:
        """Every scan, wherever focus was, goes to the page on screen."""
        page = self.pages.currentWidget()
        if isinstance(page, IntakePage):
            page.handle_scan(event)

    def _acknowledge(self) -> None:
        self._context.feedback.acknowledge()
        self.intake_page.focus_scan_field()

    def show_intake(self) -> None:
        self.pages.setCurrentWidget(self.intake_page)
        self.intake_nav.setChecked(True)
        self.intake_page.focus_scan_field()

    def closeEvent(self, event: QCloseEvent) -> None:
        # A scan being committed finishes before the window goes.
        self._context.tasks.shutdown()
        super().closeEvent(event)
