"""Pengaturan (admin only): the office, its letterhead logo, this PC's printers, the slip, staff.

Every write is a direct call of a core use case (each audits itself); a refusal is shown in
red in its own section, a success on the banner.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QImage, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from loket.core import office
from loket.core.desk_settings import load_desk_settings, save_desk_settings
from loket.core.errors import LoketError
from loket.core.nip import nip_problem
from loket.core.office import OfficeInfo
from loket.core.settings import (
    RepresentativePolicy,
    SlipFormat,
    load_settings,
    policy_label,
    save_settings,
    slip_format_label,
)
from loket.db.models import Role
from loket.i18n import _
from loket.resources import resource
from loket.ui.context import DeskContext
from loket.ui.dialogs import InlineMessage, add_field, form_layout, hint_label
from loket.ui.printing import available_printers
from loket.ui.region_picker import RegionPicker, describe_office
from loket.ui.staff_accounts import StaffPanel, grouped_nip
from loket.ui.theme import ACCENT
from loket.ui.widgets import key_button

_Choice = TypeVar("_Choice")
CONTENT_WIDTH = 900  # a form wider than this is harder to read on a wide screen
LOGO_PREVIEW_HEIGHT = 76
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


def policy_explanation(policy: RepresentativePolicy) -> str:
    return {
        RepresentativePolicy.NONE: _(
            "Kartu hanya diserahkan kepada pemiliknya sendiri; keluarga pun tidak boleh "
            "mengambilkan."
        ),
        RepresentativePolicy.FAMILY_WITH_POWER_OF_ATTORNEY: _(
            "Suami/istri, orang tua, anak, saudara atau keluarga lain, dengan surat kuasa dan "
            "KTP-el sendiri."
        ),
        RepresentativePolicy.ANYONE_WITH_POWER_OF_ATTORNEY: _(
            "Siapa pun, asal membawa surat kuasa dari pemilik dan KTP-el sendiri."
        ),
    }[policy]


def slip_format_explanation(slip_format: SlipFormat) -> str:
    return {
        SlipFormat.A5: _(
            "Kertas A4 dibagi dua: lembar untuk warga dan lembar arsip. Dengan logo kop surat."
        ),
        SlipFormat.THERMAL_80MM: _(
            "Struk 80 mm untuk printer thermal; panjangnya mengikuti isi. Tanpa logo."
        ),
    }[slip_format]


@cache
def _serif_family() -> str:
    """The papers' own serif, so the kop preview looks like the printed one."""
    font_id = QFontDatabase.addApplicationFont(str(resource("fonts", "LiberationSerif-Bold.ttf")))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else "serif"


def _section(title: str, parent: QWidget) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title, parent)
    layout = QVBoxLayout(box)
    layout.setSpacing(10)
    return box, layout


def _radio_choices(
    layout: QVBoxLayout, choices: list[tuple[_Choice, str, str]]
) -> dict[_Choice, QRadioButton]:
    """One radio button per choice, its explanation in a quiet line under it."""
    group = QButtonGroup(layout)
    buttons: dict[_Choice, QRadioButton] = {}
    for value, label, explanation in choices:
        button = QRadioButton(label)
        group.addButton(button)
        buttons[value] = button
        hint = hint_label(explanation)
        hint.setContentsMargins(26, 0, 0, 4)
        layout.addWidget(button)
        layout.addWidget(hint)
    return buttons


class _Section(QWidget):
    """A tab: its content in a column of readable width (scrolling on a small screen), a red
    message under it, and its buttons always in sight."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.message = InlineMessage()
        self.body = QVBoxLayout()
        self.body.setSpacing(14)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        content = QWidget()
        content.setMaximumWidth(CONTENT_WIDTH)
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(self.body)
        content_layout.addWidget(self.message)
        content_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("sectionScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        scroll.viewport().setAutoFillBackground(False)
        content.setAutoFillBackground(False)
        button_row = QWidget(self)
        button_row.setMaximumWidth(CONTENT_WIDTH)
        button_row.setLayout(self.buttons)
        bottom = QHBoxLayout()
        bottom.addWidget(button_row, 1)
        bottom.addStretch(0)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 4)
        outer.setSpacing(10)
        outer.addWidget(scroll, 1)
        outer.addLayout(bottom)

    def focus_first(self) -> None:
        """Puts the cursor where the admin starts in this section."""
        self.setFocus(Qt.FocusReason.OtherFocusReason)


class RegionDialog(QDialog):
    """The kelurahan chosen again from the Kemendagri list, as in the set-up wizard."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Ganti kelurahan"))
        self.setMinimumSize(720, 640)
        self.picker = RegionPicker(self)
        self.picker.select(code)
        warning = InlineMessage(self)
        warning.show_info(
            _(
                "Kelurahan tercetak di kop surat dan kodenya menjadi bagian nomor tanda terima "
                "berikutnya. Kartu dan dokumen yang sudah ada tidak berubah."
            )
        )
        self.accept_button = QPushButton(_("Pakai kelurahan ini"), self)
        self.accept_button.setObjectName("primary")
        cancel = QPushButton(_("Batal (Esc)"), self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker, 1)
        layout.addWidget(warning)
        layout.addLayout(buttons)
        self.accept_button.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        self.picker.region_chosen.connect(
            lambda chosen: self.accept_button.setEnabled(bool(chosen))
        )


class OfficeSection(_Section):
    saved = Signal(object)  # OfficeInfo

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        current = office.get_office(context.database) or context.office
        self._region_code = current.region_code
        self.region_label = QLabel(self)
        self.region_label.setObjectName("regionName")
        self.region_label.setWordWrap(True)
        self.region_hint = hint_label("", self)
        self.region_button = QPushButton(_("Ganti kelurahan…"), self)
        self.region_button.clicked.connect(self.choose_region)
        region_box, region_layout = _section(_("Wilayah"), self)
        row = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.region_label)
        names.addWidget(self.region_hint)
        row.addLayout(names, 1)
        row.addWidget(self.region_button, 0, Qt.AlignmentFlag.AlignTop)
        region_layout.addLayout(row)

        self.address = QLineEdit(current.address, self)
        self.lurah_name = QLineEdit(current.lurah_name, self)
        self.lurah_nip = QLineEdit(grouped_nip(current.lurah_nip), self)
        self.lurah_nip.setMaxLength(30)
        details_box, details_layout = _section(_("Kop surat dan tanda tangan"), self)
        form = form_layout()
        add_field(
            form,
            _("Alamat kantor"),
            self.address,
            _("Jalan dan nomor, seperti di kop surat. Kode pos diisi otomatis."),
        )
        self.lurah_label = add_field(
            form, _("Nama lurah"), self.lurah_name, _("Lengkap dengan gelar.")
        )
        self.nip_label = add_field(
            form,
            _("NIP lurah"),
            self.lurah_nip,
            _("18 angka, boleh dengan spasi: 19680512 199403 1 007. Boleh dikosongkan."),
        )
        details_layout.addLayout(form)
        self.body.addWidget(region_box)
        self.body.addWidget(details_box)
        self.save_button = key_button(
            self, "Ctrl+S", _("Simpan data kantor"), self.save, primary=True
        )
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.save_button)
        self._show_region()

    def focus_first(self) -> None:
        self.address.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_region(self) -> None:
        region = office.find_kelurahan(self._region_code)
        self.region_label.setText(describe_office(region))
        self.region_hint.setText(
            _("Kode wilayah {code} · Kode pos {postal}").format(
                code=region.code, postal=region.postal_code or "–"
            )
        )
        is_desa = region.kind == "desa"
        self.lurah_label.setText(_("Nama kepala desa") if is_desa else _("Nama lurah"))
        self.nip_label.setText(_("NIP kepala desa") if is_desa else _("NIP lurah"))

    def choose_region(self) -> None:
        dialog = RegionDialog(self._region_code, self)
        if dialog.exec() and (code := dialog.picker.selected_code()):
            self.set_region(code)

    def set_region(self, code: str) -> None:
        """Shown at once; saved with the other details by Simpan."""
        self._region_code = office.find_kelurahan(code).code
        self._show_region()

    def save(self) -> None:
        if not self.address.text().strip():
            self._refuse(_("Isi alamat kantor."), self.address)
            return
        if not self.lurah_name.text().strip():
            self._refuse(_("Isi nama lurah."), self.lurah_name)
            return
        problem = nip_problem(self.lurah_nip.text(), _("lurah"))
        if problem:
            self._refuse(problem, self.lurah_nip)
            return
        context = self._context
        try:
            info = office.update_office(
                context.database,
                context.staff,
                self._region_code,
                self.address.text(),
                self.lurah_name.text(),
                self.lurah_nip.text(),
            )
        except LoketError as refused:
            self._refuse(refused.message)
            return
        self.message.clear_message()
        self.lurah_nip.setText(grouped_nip(info.lurah_nip))
        context.feedback.ok(
            _("Data kantor disimpan"),
            _("Kop surat, tanda terima dan berita acara berikutnya memakai data ini."),
        )
        self.saved.emit(info)

    def _refuse(self, text: str, field: QWidget | None = None) -> None:
        self.message.show_error(text)
        if field is not None:
            field.setFocus()


class KopPreview(QFrame):
    """The letterhead as it prints: logo at the left, the centred lines, the double rule."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kopPreview")
        self.setStyleSheet(
            "#kopPreview { background: white; border: 1px solid #cbd2d9; }"
            "#kopPreview QLabel { color: black; background: transparent; }"
        )
        self.logo = QLabel(self)
        self.logo.setFixedSize(96, LOGO_PREVIEW_HEIGHT + 8)
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lines = [QLabel(self) for _line in range(4)]
        family = _serif_family()
        for index, (label, size) in enumerate(zip(self.lines, (11, 11, 13.5, 8.5), strict=True)):
            weight = "bold" if index < 3 else "normal"
            # The program's style sheet sets every font size, so this one is set the same way.
            label.setStyleSheet(
                f"font-family: '{family}'; font-size: {size}pt; font-weight: {weight};"
            )
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        texts = QVBoxLayout()
        texts.setSpacing(0)
        for label in self.lines:
            texts.addWidget(label)
        row = QHBoxLayout()
        row.addWidget(self.logo)
        row.addLayout(texts, 1)
        row.addSpacing(96)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 14, 22, 14)
        layout.setSpacing(2)
        layout.addLayout(row)
        for thickness in (3, 1):
            rule = QFrame(self)
            rule.setFixedHeight(thickness)
            rule.setStyleSheet("background: black; border: none;")
            layout.addWidget(rule)

    def show_office(self, info: OfficeInfo) -> None:
        head = info.letterhead()
        texts = (head.government, head.kecamatan, head.kelurahan, head.address)
        for label, text in zip(self.lines, texts, strict=True):
            label.setText(text)

    def show_logo(self, image: QImage | None) -> None:
        if image is None or image.isNull():
            self.logo.clear()
            return
        pixmap = QPixmap.fromImage(image).scaled(
            88,
            LOGO_PREVIEW_HEIGHT,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.logo.setPixmap(pixmap)


class LogoSection(_Section):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.preview = KopPreview(self)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        box, layout = _section(_("Logo di kop surat"), self)
        layout.addWidget(
            hint_label(
                _(
                    "Logo pemerintah daerah dicetak di kiri kop surat berita acara dan tanda "
                    "terima A5, setinggi sekitar 2 cm. Gambar PNG atau JPG, paling besar 2 MB; "
                    "PNG dengan latar transparan paling rapi."
                ),
                self,
            )
        )
        layout.addWidget(self.preview)
        layout.addWidget(self.info)
        self.body.addWidget(box)
        self.choose_button = key_button(
            self, "Ctrl+O", _("Pilih berkas logo…"), self.choose, primary=True
        )
        self.remove_button = key_button(self, "Ctrl+Del", _("Hapus logo"), self.remove)
        self.buttons.addWidget(self.choose_button)
        self.buttons.addWidget(self.remove_button)
        self.buttons.addStretch(1)
        self.show_office(office.get_office(context.database) or context.office)
        self.refresh()

    def focus_first(self) -> None:
        self.choose_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_office(self, info: OfficeInfo) -> None:
        self.preview.show_office(info)

    def refresh(self) -> None:
        path = office.logo_file(self._context.data.root)
        image = QImage(str(path)) if path else None
        self.preview.show_logo(image)
        self.remove_button.setEnabled(path is not None)
        if path is None or image is None:
            self.info.setText(_("Belum ada logo: dokumen dicetak tanpa logo."))
        else:
            self.info.setText(
                _("Logo dipakai: {name}, {width} × {height} piksel.").format(
                    name=path.name, width=image.width(), height=image.height()
                )
            )

    def choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Pilih logo kop surat"),
            str(Path.home()),
            _("Gambar PNG atau JPG (*.png *.jpg *.jpeg)"),
        )
        if path:
            self.use_logo(Path(path))

    def use_logo(self, path: Path) -> None:
        """Checked here by drawing it, then by the core (type and size), then copied."""
        if QImage(str(path)).isNull():
            self.message.show_error(
                _("Gambar {name} tidak bisa dibuka. Pilih logo berformat PNG atau JPG.").format(
                    name=path.name
                )
            )
            return
        context = self._context
        try:
            office.set_logo(context.database, context.data.root, context.staff, path)
        except LoketError as refused:
            self.message.show_error(refused.message)
            return
        self.message.clear_message()
        self.refresh()
        context.feedback.ok(
            _("Logo kop surat disimpan"),
            _("Berita acara dan tanda terima A5 berikutnya memakai logo ini."),
        )

    def remove(self) -> None:
        context = self._context
        try:
            office.clear_logo(context.database, context.data.root, context.staff)
        except LoketError as refused:
            self.message.show_error(refused.message)
            return
        self.message.clear_message()
        self.refresh()
        context.feedback.ok(_("Logo kop surat dihapus"), _("Dokumen berikutnya tanpa logo."))


class PrinterSection(_Section):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.slip_printer = QComboBox(self)
        self.a4_printer = QComboBox(self)
        for combo in (self.slip_printer, self.a4_printer):
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        box, layout = _section(_("Printer yang dipakai loket ini"), self)
        layout.addWidget(
            hint_label(
                _(
                    "Setiap PC loket memilih printernya sendiri; pilihan ini tidak mengubah "
                    "loket lain."
                ),
                self,
            )
        )
        form = form_layout()
        add_field(
            form,
            _("Printer tanda terima"),
            self.slip_printer,
            _("Tanda terima langsung dicetak ke printer ini, tanpa jendela cetak."),
        )
        add_field(
            form,
            _("Printer A4"),
            self.a4_printer,
            _("Untuk berita acara dan laporan; selalu dengan pratinjau sebelum dicetak."),
        )
        layout.addLayout(form)
        self.body.addWidget(box)
        self.reload_button = QPushButton(_("Muat ulang daftar printer"), self)
        self.reload_button.clicked.connect(self.fill)
        self.save_button = key_button(self, "Ctrl+S", _("Simpan printer"), self.save, primary=True)
        self.buttons.addWidget(self.reload_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.save_button)
        self.fill()

    def focus_first(self) -> None:
        self.slip_printer.setFocus(Qt.FocusReason.OtherFocusReason)

    def fill(self) -> None:
        """The printers Windows knows now; a saved one that is gone stays, marked as missing."""
        saved = load_desk_settings(self._context.data.root)
        printers = available_printers()
        for combo, chosen in (
            (self.slip_printer, saved.slip_printer),
            (self.a4_printer, saved.a4_printer),
        ):
            combo.clear()
            combo.addItem(_("(printer bawaan Windows)"), "")
            for name in printers:
                combo.addItem(name, name)
            if chosen and chosen not in printers:
                combo.addItem(_("{name} (tidak terpasang di PC ini)").format(name=chosen), chosen)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))

    def save(self) -> None:
        root = self._context.data.root
        chosen = dataclasses.replace(
            load_desk_settings(root),
            slip_printer=str(self.slip_printer.currentData() or ""),
            a4_printer=str(self.a4_printer.currentData() or ""),
        )
        try:
            save_desk_settings(root, chosen)
        except OSError as error:
            self.message.show_error(
                _("Pilihan printer tidak bisa disimpan ({error}).").format(error=error)
            )
            return
        self.message.clear_message()
        self._context.feedback.ok(
            _("Printer disimpan untuk PC ini"),
            _("Tanda terima: {slip} · A4: {a4}").format(
                slip=self.slip_printer.currentText(), a4=self.a4_printer.currentText()
            ),
        )


class SlipSection(_Section):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        format_box, format_layout = _section(_("Bentuk tanda terima"), self)
        self.formats = _radio_choices(
            format_layout,
            [(f, slip_format_label(f), slip_format_explanation(f)) for f in SlipFormat],
        )
        policy_box, policy_layout = _section(_("Siapa yang boleh mengambil kartu"), self)
        self.policies = _radio_choices(
            policy_layout,
            [(p, policy_label(p), policy_explanation(p)) for p in RepresentativePolicy],
        )
        self.body.addWidget(format_box)
        self.body.addWidget(policy_box)
        self.save_button = key_button(
            self, "Ctrl+S", _("Simpan pengaturan tanda terima"), self.save, primary=True
        )
        applies = hint_label(_("Berlaku di semua loket kantor ini mulai penyerahan berikutnya."))
        applies.setWordWrap(False)
        self.buttons.addWidget(applies)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.save_button)
        current = load_settings(context.database)
        self.formats[current.slip_format].setChecked(True)
        self.policies[current.representative_policy].setChecked(True)

    def focus_first(self) -> None:
        next(b for b in self.formats.values() if b.isChecked()).setFocus()

    def chosen_format(self) -> SlipFormat:
        return next(f for f, button in self.formats.items() if button.isChecked())

    def chosen_policy(self) -> RepresentativePolicy:
        return next(p for p, button in self.policies.items() if button.isChecked())

    def save(self) -> None:
        context = self._context
        wanted = dataclasses.replace(
            load_settings(context.database),
            slip_format=self.chosen_format(),
            representative_policy=self.chosen_policy(),
        )
        try:
            save_settings(context.database, context.staff, wanted)
        except LoketError as refused:
            self.message.show_error(refused.message)
            return
        self.message.clear_message()
        context.feedback.ok(
            _("Pengaturan tanda terima disimpan"),
            _("{slip_format} · {policy}").format(
                slip_format=slip_format_label(wanted.slip_format),
                policy=policy_label(wanted.representative_policy),
            ),
        )


class SettingsPage(QWidget):
    """Five sections in tabs; a staff member who is not an admin sees only why not."""

    office_changed = Signal(object)  # OfficeInfo: the window's title and the papers change

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
        self.staff_section = QWidget()
        self.staff_panel = StaffPanel(context, self.staff_section)
        QVBoxLayout(self.staff_section).addWidget(self.staff_panel)
        self.staff_section.layout().setContentsMargins(16, 14, 16, 14)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        for section, label in (
            (self.office_section, _("Kantor")),
            (self.logo_section, _("Logo kop surat")),
            (self.printer_section, _("Printer di PC ini")),
            (self.slip_section, _("Tanda terima")),
            (self.staff_section, _("Petugas")),
        ):
            self.tabs.addTab(section, label)
        layout.addWidget(self.tabs, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        assert self.tabs is not None
        self.tabs.currentChanged.connect(lambda _index: self.focus_first_field())
        self.office_section.saved.connect(self.logo_section.show_office)
        self.office_section.saved.connect(self.office_changed.emit)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.focus_first_field()

    def focus_first_field(self) -> None:
        if self.tabs is not None:
            current = self.tabs.currentWidget()
            if current is self.staff_section:
                self.staff_panel.focus_first()
            elif isinstance(current, _Section):
                current.focus_first()

    def show_section(self, index: int) -> None:
        if self.tabs is not None:
            self.tabs.setCurrentIndex(index)
