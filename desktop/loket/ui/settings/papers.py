"""Settings: the office's papers — their numbers' classification code (with an example), how
old cards are destroyed, and what the call list says of office hours and keeping cards."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QLineEdit, QSpinBox, QWidget

from loket.core.clock import utc_now
from loket.core.papers.filing import number_text
from loket.core.settings.shared import (
    MAX_KEPT_DAYS,
    MAX_OFFICE_HOURS,
    DestructionMethod,
    OfficeSettings,
    archive_code_problem,
    destruction_method_label,
    load_settings,
    save_paper_settings,
)
from loket.i18n import _
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import add_field, form_layout, hint_label
from loket.ui.kit.widgets import key_button
from loket.ui.settings.common import Section, radio_choices, section_box


def number_example(code: str, today: dt.date) -> str:
    """The number the next berita acara would carry with `code`, or why `code` cannot be used."""
    problem = archive_code_problem(code)
    if problem:
        return problem
    moment = dt.datetime.combine(today, dt.time())
    return _("Contoh nomor: {number}").format(number=number_text(code, 1, "BA-TERIMA", moment))


def method_explanation(method: DestructionMethod) -> str:
    return {
        DestructionMethod.BURNING: _(
            "Sesuai Surat Edaran Menteri Dalam Negeri Nomor 470.13/11176/SJ Tahun 2018."
        ),
        DestructionMethod.CUTTING: _("Bila kantor belum dapat membakar: kartu digunting."),
        DestructionMethod.SHREDDING: _("Dengan mesin penghancur kertas yang dapat memotong kartu."),
    }[method]


class PapersSection(Section):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        numbers_box, numbers_layout = section_box(_("Nomor surat"), self)
        self.code_field = QLineEdit(self)
        self.code_field.setMaxLength(20)
        self.example = QLabel(self)
        self.example.setWordWrap(True)
        form = form_layout()
        add_field(form, _("Kode klasifikasi arsip"), self.code_field)
        numbers_layout.addLayout(form)
        numbers_layout.addWidget(self.example)
        numbers_layout.addWidget(
            hint_label(
                _(
                    "Kode di depan setiap nomor berita acara, daftar dan laporan, menurut "
                    "klasifikasi arsip kantor Anda (kependudukan: 470 dan turunannya)."
                )
            )
        )
        method_box, method_layout = section_box(_("Pemusnahan KTP lama"), self)
        self.methods = radio_choices(
            method_layout,
            [(m, destruction_method_label(m), method_explanation(m)) for m in DestructionMethod],
        )
        call_box, call_layout = section_box(_("Daftar panggilan"), self)
        self.hours_field = QLineEdit(self)
        self.hours_field.setMaxLength(MAX_OFFICE_HOURS)
        self.kept_spin = QSpinBox(self)
        self.kept_spin.setRange(1, MAX_KEPT_DAYS)
        self.kept_spin.setSuffix(_(" hari"))
        call_form = form_layout()
        add_field(call_form, _("Jam pelayanan"), self.hours_field)
        add_field(call_form, _("Kartu disimpan sesudah dipanggil"), self.kept_spin)
        call_layout.addLayout(call_form)
        for box in (numbers_box, method_box, call_box):
            self.body.addWidget(box)
        self.save_button = key_button(
            self, "Ctrl+S", _("Simpan pengaturan surat"), self.save, primary=True
        )
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.save_button)
        self.save_button.setEnabled(False)  # until the office's settings are on screen
        self.code_field.textChanged.connect(lambda _text: self._show_example())
        database = context.database
        context.run(
            lambda: load_settings(database),
            self._show,
            title=_("Pengaturan surat belum bisa dimuat"),
        )

    def _today(self) -> dt.date:
        return utc_now().astimezone(self._context.office.zone).date()  # the office's day

    def _show_example(self) -> None:
        self.example.setText(number_example(self.code_field.text().strip(), self._today()))

    def _show(self, current: OfficeSettings) -> None:
        self.code_field.setText(current.archive_code)
        self.methods[current.destruction_method].setChecked(True)
        self.hours_field.setText(current.office_hours)
        self.kept_spin.setValue(current.uncollected_kept_days)
        self.save_button.setEnabled(True)

    def focus_first(self) -> None:
        self.code_field.setFocus()

    def chosen_method(self) -> DestructionMethod:
        return next(m for m, button in self.methods.items() if button.isChecked())

    def save(self) -> None:
        context = self._context
        code, method = self.code_field.text(), self.chosen_method()
        hours, kept = self.hours_field.text(), self.kept_spin.value()

        def store() -> OfficeSettings:
            return save_paper_settings(context.database, context.staff, code, method, hours, kept)

        def stored(wanted: OfficeSettings) -> None:
            self.message.clear_message()
            context.feedback.ok(
                _("Pengaturan surat disimpan"),
                number_example(wanted.archive_code, self._today()),
            )

        context.run(store, stored, refused=self.message.show_error, busy=(self.save_button,))
