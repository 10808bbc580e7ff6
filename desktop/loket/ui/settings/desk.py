"""Settings: this PC's desk (its name, its printers) and the receipt slip (format, representative
policy)."""

from __future__ import annotations

import dataclasses
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from loket.core.settings.desk import (
    MAX_DESK_NAME,
    checked_desk_name,
    load_desk_settings,
    save_desk_settings,
)
from loket.core.settings.shared import (
    OfficeSettings,
    RepresentativePolicy,
    SlipFormat,
    load_settings,
    policy_label,
    save_settings,
    slip_format_label,
)
from loket.domain.errors import LoketError
from loket.i18n import _
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import add_field, form_layout, hint_label
from loket.ui.kit.printing import available_printers
from loket.ui.kit.widgets import key_button
from loket.ui.settings.common import Section, radio_choices, section_box


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
class PrinterSection(Section):
    """This PC: its desk's name and the printers it uses."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.desk_name = QLineEdit(self)
        self.desk_name.setMaxLength(MAX_DESK_NAME)
        self.desk_name.setPlaceholderText(_("misalnya Loket 2"))
        self.desk_name.setMaximumWidth(360)  # a short name: a field as wide as the form misleads
        name_box, name_layout = section_box(_("Nama loket ini"), self)
        name_form = form_layout()
        add_field(
            name_form,
            _("Nama loket"),
            self.desk_name,
            _(
                "Bila kantor memakai beberapa PC loket, setiap PC perlu nama sendiri (Loket 1, "
                "Loket 2, ...). Nama ini dicatat pada setiap pemindaian, penyerahan, pembatalan "
                "dan surat dari PC ini, dan tercetak di tanda terima."
            ),
        )
        name_layout.addLayout(name_form)
        self.body.addWidget(name_box)
        self.slip_printer = QComboBox(self)
        self.a4_printer = QComboBox(self)
        for combo in (self.slip_printer, self.a4_printer):
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        box, layout = section_box(_("Printer yang dipakai loket ini"), self)
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
        self.save_button = key_button(
            self, "Ctrl+S", _("Simpan pengaturan PC ini"), self.save, primary=True
        )
        self.buttons.addWidget(self.reload_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.save_button)
        self.fill()

    def focus_first(self) -> None:
        self.desk_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def fill(self) -> None:
        """The desk's name; the printers Windows knows now (a saved one that is gone stays,
        marked as missing)."""
        saved = load_desk_settings(self._context.data.root)
        self.desk_name.setText(saved.desk_name)
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
        try:
            name = checked_desk_name(self.desk_name.text())
        except LoketError as refusal:
            self.message.show_error(refusal.message)
            self.desk_name.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        chosen = dataclasses.replace(
            load_desk_settings(root),
            desk_name=name,
            slip_printer=str(self.slip_printer.currentData() or ""),
            a4_printer=str(self.a4_printer.currentData() or ""),
        )
        try:
            # The open database records the new name from the next scan or handover on.
            save_desk_settings(root, chosen, self._context.database)
        except OSError as error:
            self.message.show_error(
                _("Pengaturan PC ini tidak bisa disimpan ({error}).").format(error=error)
            )
            return
        self.desk_name.setText(name)
        self.message.clear_message()
        self._context.feedback.ok(
            _("Disimpan untuk PC ini: {desk}").format(desk=name),
            _("Tanda terima: {slip} · A4: {a4}").format(
                slip=self.slip_printer.currentText(), a4=self.a4_printer.currentText()
            ),
        )


class SlipSection(Section):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        format_box, format_layout = section_box(_("Bentuk tanda terima"), self)
        self.formats = radio_choices(
            format_layout,
            [(f, slip_format_label(f), slip_format_explanation(f)) for f in SlipFormat],
        )
        policy_box, policy_layout = section_box(_("Siapa yang boleh mengambil kartu"), self)
        self.policies = radio_choices(
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
        self.save_button.setEnabled(False)  # until the office's settings are on screen
        database = context.database
        context.run(
            lambda: load_settings(database),
            self._show,
            title=_("Pengaturan tanda terima belum bisa dimuat"),
        )

    def _show(self, current: OfficeSettings) -> None:
        self.formats[current.slip_format].setChecked(True)
        self.policies[current.representative_policy].setChecked(True)
        self.save_button.setEnabled(True)

    def focus_first(self) -> None:
        next(b for b in self.formats.values() if b.isChecked()).setFocus()

    def chosen_format(self) -> SlipFormat:
        return next(f for f, button in self.formats.items() if button.isChecked())

    def chosen_policy(self) -> RepresentativePolicy:
        return next(p for p, button in self.policies.items() if button.isChecked())

    def save(self) -> None:
        context = self._context
        slip_format, policy = self.chosen_format(), self.chosen_policy()

        def store() -> OfficeSettings:
            wanted = dataclasses.replace(
                load_settings(context.database),
                slip_format=slip_format,
                representative_policy=policy,
            )
            return save_settings(context.database, context.staff, wanted)

        def stored(wanted: OfficeSettings) -> None:
            self.message.clear_message()
            context.feedback.ok(
                _("Pengaturan tanda terima disimpan"),
                _("{slip_format} · {policy}").format(
                    slip_format=slip_format_label(wanted.slip_format),
                    policy=policy_label(wanted.representative_policy),
                ),
            )

        context.run(store, stored, refused=self.message.show_error, busy=(self.save_button,))
