"""Settings: the office's details and its letterhead logo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from loket.core.indonesia.nip import nip_problem
from loket.core.office import identity, logo
from loket.core.office.identity import OfficeInfo
from loket.i18n import _
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import InlineMessage, add_field, ask, form_layout, hint_label
from loket.ui.kit.file_dialogs import choose_file_to_open
from loket.ui.kit.region_picker import RegionPicker, describe_office
from loket.ui.kit.tasks import TaskRunner
from loket.ui.kit.widgets import key_button
from loket.ui.settings.common import LOGO_PREVIEW_HEIGHT, Section, section_box, serif_family
from loket.ui.settings.staff_model import grouped_nip


class RegionDialog(QDialog):
    """The kelurahan chosen again from the Kemendagri list, as in the set-up wizard."""

    def __init__(self, tasks: TaskRunner, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Ganti kelurahan"))
        self.setMinimumSize(720, 640)
        self.picker = RegionPicker(tasks, self)
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


class OfficeSection(Section):
    saved = Signal(object)  # OfficeInfo

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        current = context.office  # as the desk opened; the saved one is read below
        self._region_code = current.region_code
        self.region_label = QLabel(self)
        self.region_label.setObjectName("regionName")
        self.region_label.setWordWrap(True)
        self.region_hint = hint_label("", self)
        self.region_button = QPushButton(_("Ganti kelurahan…"), self)
        self.region_button.clicked.connect(self.choose_region)
        region_box, region_layout = section_box(_("Wilayah"), self)
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
        details_box, details_layout = section_box(_("Kop surat dan tanda tangan"), self)
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
        database = context.database
        context.run(
            lambda: identity.get_office(database),
            self._show_saved,
            title=_("Data kantor belum bisa dimuat"),
        )

    def _show_saved(self, saved: OfficeInfo | None) -> None:
        """The office as saved now (another desk may have changed it since this one opened)."""
        if saved is None:
            return
        self._region_code = saved.region_code
        self.address.setText(saved.address)
        self.lurah_name.setText(saved.lurah_name)
        self.lurah_nip.setText(grouped_nip(saved.lurah_nip))
        self._show_region()

    def focus_first(self) -> None:
        self.address.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_region(self) -> None:
        region = identity.find_kelurahan(self._region_code)
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
        dialog = RegionDialog(self._context.tasks, self._region_code, self)
        if ask(dialog) and (code := dialog.picker.selected_code()):
            self.set_region(code)

    def set_region(self, code: str) -> None:
        """Shown at once; saved with the other details by Simpan."""
        self._region_code = identity.find_kelurahan(code).code
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
        code, address = self._region_code, self.address.text()
        lurah_name, lurah_nip = self.lurah_name.text(), self.lurah_nip.text()

        def stored(info: OfficeInfo) -> None:
            self.message.clear_message()
            self.lurah_nip.setText(grouped_nip(info.lurah_nip))
            context.feedback.ok(
                _("Data kantor disimpan"),
                _("Kop surat, tanda terima dan berita acara berikutnya memakai data ini."),
            )
            self.saved.emit(info)

        context.run(
            lambda: identity.update_office(
                context.database, context.staff, code, address, lurah_name, lurah_nip
            ),
            stored,
            refused=self._refuse,
            busy=(self.save_button,),
        )

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
        family = serif_family()
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


class LogoSection(Section):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.preview = KopPreview(self)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        box, layout = section_box(_("Logo di kop surat"), self)
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
        self.show_office(context.office)
        self.refresh()

    def focus_first(self) -> None:
        self.choose_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_office(self, info: OfficeInfo) -> None:
        self.preview.show_office(info)

    def refresh(self) -> None:
        path = logo.logo_file(self._context.data.root)
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
        path = choose_file_to_open(
            self,
            _("Pilih logo kop surat"),
            Path.home(),
            _("Gambar PNG atau JPG (*.png *.jpg *.jpeg)"),
        )
        if path is not None:
            self.use_logo(path)

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

        def stored(_path: Path) -> None:
            self.message.clear_message()
            self.refresh()
            context.feedback.ok(
                _("Logo kop surat disimpan"),
                _("Berita acara dan tanda terima A5 berikutnya memakai logo ini."),
            )

        context.run(
            lambda: logo.set_logo(context.database, context.data.root, context.staff, path),
            stored,
            refused=self.message.show_error,
            busy=(self.choose_button, self.remove_button),
        )

    def remove(self) -> None:
        context = self._context

        def removed(_none: None) -> None:
            self.message.clear_message()
            self.refresh()
            context.feedback.ok(_("Logo kop surat dihapus"), _("Dokumen berikutnya tanpa logo."))

        context.run(
            lambda: logo.clear_logo(context.database, context.data.root, context.staff),
            removed,
            refused=self.message.show_error,
            busy=(self.choose_button, self.remove_button),
        )
