"""Pengaturan (admin only): the office, its letterhead logo, this PC's printers, the slip, staff,
and which database this desk uses.

Every write is a direct call of a core use case (each audits itself); a refusal is shown in
red in its own section, a success on the banner.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from loket.domain.states import Role
from loket.i18n import _
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import hint_label
from loket.ui.kit.theme import ACCENT
from loket.ui.settings.backup import BackupSection
from loket.ui.settings.common import Section
from loket.ui.settings.database import DatabaseSection
from loket.ui.settings.desk import PrinterSection, SlipSection
from loket.ui.settings.labels import LabelSection
from loket.ui.settings.office import LogoSection, OfficeSection
from loket.ui.settings.papers import PapersSection
from loket.ui.settings.staff import StaffPanel

_STYLE = f"""
QGroupBox {{ background: white; border: 1px solid #d5dbe1; border-radius: 6px;
    margin-top: 24px; padding: 8px 12px 8px 12px; font-weight: 600; }}
QGroupBox * {{ font-weight: normal; }}
QLabel#regionName {{ font-weight: 600; font-size: 12pt; color: #1f2933; }}
QGroupBox::title {{ subcontrol-origin: margin; subcontrol-position: top left; left: 2px;
    padding: 0 0 6px 0; color: #1f2933; font-weight: 600; font-size: 12pt; }}
QTabWidget::pane {{ border: none; border-top: 1px solid #cbd2d9; }}
QTabBar::tab {{ background: transparent; color: #52606d; padding: 8px 18px; border: none;
    border-bottom: 3px solid transparent; font-size: 12pt; }}
QTabBar::tab:selected {{ color: {ACCENT}; border-bottom: 3px solid {ACCENT}; font-weight: 600; }}
QTabBar::tab:hover {{ color: #1f2933; }}
"""


class SettingsPage(QWidget):
    """Seven sections in tabs; a staff member who is not an admin sees only why not."""

    office_changed = Signal(object)  # OfficeInfo: the window's title and the papers change
    database_changed = Signal(str)  # the desk opens another database from its next start

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.tabs: QTabWidget | None = None
        self.setStyleSheet(_STYLE)
        title = QLabel(_("Pengaturan"), self)
        title.setObjectName("pageTitle")
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 6)
        layout.addLayout(heading)
        if context.staff.role is not Role.ADMIN:
            self.refusal = QLabel(
                _(
                    "Pengaturan hanya untuk admin. Masuk dengan akun admin untuk mengubah data "
                    "kantor, logo, printer, tanda terima dan akun petugas."
                ),
                self,
            )
            self.refusal.setWordWrap(True)
            self.refusal.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.refusal.setStyleSheet("font-size: 14pt; color: #52606d; padding: 40px;")
            layout.addWidget(self.refusal, 1)
            return
        audited = hint_label(_("Setiap perubahan dicatat di log audit atas nama Anda."), self)
        audited.setWordWrap(False)
        heading.addWidget(audited, 0, Qt.AlignmentFlag.AlignBottom)
        self.office_section = OfficeSection(context)
        self.logo_section = LogoSection(context)
        self.printer_section = PrinterSection(context)
        self.slip_section = SlipSection(context)
        self.label_section = LabelSection(context)
        self.database_section = DatabaseSection(context)
        self.papers_section = PapersSection(context)
        self.backup_section = BackupSection(context)
        self.staff_section = QWidget()
        self.staff_panel = StaffPanel(context, self.staff_section)
        QVBoxLayout(self.staff_section).addWidget(self.staff_panel)
        self.staff_section.layout().setContentsMargins(16, 14, 16, 14)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        for section, label in (
            (self.office_section, _("Kantor")),
            (self.logo_section, _("Logo kop surat")),
            (self.printer_section, _("PC ini")),
            (self.slip_section, _("Tanda terima")),
            (self.staff_section, _("Petugas")),
            (self.label_section, _("Label")),
            (self.database_section, _("Basis data")),
            (self.papers_section, _("Surat")),
            (self.backup_section, _("Cadangan")),
        ):
            self.tabs.addTab(section, label)
        layout.addWidget(self.tabs, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        assert self.tabs is not None
        self.tabs.currentChanged.connect(lambda _index: self.focus_first_field())
        self.office_section.saved.connect(self.logo_section.show_office)
        self.office_section.saved.connect(self.office_changed.emit)
        self.database_section.switched.connect(self.database_changed.emit)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.focus_first_field()

    def focus_first_field(self) -> None:
        if self.tabs is not None:
            current = self.tabs.currentWidget()
            if current is self.staff_section:
                self.staff_panel.focus_first()
            elif isinstance(current, Section):
                current.focus_first()

    def show_section(self, index: int) -> None:
        if self.tabs is not None:
            self.tabs.setCurrentIndex(index)
