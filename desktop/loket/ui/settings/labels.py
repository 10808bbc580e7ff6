"""Settings › Label: the sticker sheet the office buys, chosen from a list or measured."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from loket.core.labels import layout as labels_layout
from loket.core.labels import sheets
from loket.core.labels.layout import BUILT_IN_LAYOUTS, CUSTOM, LabelLayout
from loket.core.settings.shared import OfficeSettings, load_settings, save_settings
from loket.i18n import _
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import add_field, form_layout, hint_label
from loket.ui.kit.widgets import key_button
from loket.ui.labels.dialog import LayoutForm, SheetPreview
from loket.ui.settings.common import Section, section_box


class LabelSection(Section):
    """The sticker sheet the office buys: a common one from the list, or its own measurements."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.choice = QComboBox(self)
        for key, sheet in BUILT_IN_LAYOUTS.items():
            self.choice.addItem(sheet.title, key)
        self.choice.addItem(_("Ukuran sendiri (isi ukurannya di bawah)"), CUSTOM)
        self.form = LayoutForm(self)
        self.preview = SheetPreview(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        box, layout = section_box(_("Kertas label (stiker A4)"), self)
        layout.addWidget(
            hint_label(
                _(
                    "Label barcode NIK dicetak pada kertas stiker A4 untuk kartu yang datang "
                    "tanpa barcode. Pilih jenis kertas yang dibeli kantor; bila tidak ada di "
                    "daftar, pilih Ukuran sendiri dan ukur kertasnya dengan penggaris (mm)."
                ),
                self,
            )
        )
        chooser = form_layout()
        add_field(chooser, _("Jenis kertas label"), self.choice)
        layout.addLayout(chooser)
        row = QHBoxLayout()
        row.addWidget(self.form, 1)
        row.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.body.addWidget(box)
        self.save_button = key_button(
            self, "Ctrl+S", _("Simpan tata letak label"), self.save, primary=True
        )
        self.test_button = key_button(self, "Ctrl+P", _("Cetak uji di kertas biasa"), self.test)
        self.buttons.addWidget(self.test_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.save_button)
        self.choice.currentIndexChanged.connect(lambda _index: self._chosen())
        self.form.changed.connect(self._show)
        self.save_button.setEnabled(False)  # until the office's layout is on screen
        database = context.database

        def loaded(settings: OfficeSettings) -> None:
            self.show_layout(settings.label_layout)
            self.save_button.setEnabled(True)

        context.run(
            lambda: load_settings(database), loaded, title=_("Tata letak label belum bisa dimuat")
        )

    def focus_first(self) -> None:
        self.choice.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_layout(self, layout: LabelLayout) -> None:
        self.choice.blockSignals(True)
        self.choice.setCurrentIndex(
            self.choice.findData(CUSTOM if layout.is_custom else layout.key)
        )
        self.choice.blockSignals(False)
        self.form.show_layout(layout)
        self.form.setEnabled(layout.is_custom)
        self._show(layout)

    def _chosen(self) -> None:
        key = self.choice.currentData()
        if key == CUSTOM:
            self.form.setEnabled(True)  # from the numbers shown, to be changed
            self._show(self.form.chosen_layout())
            self.form.setFocus()
        else:
            self.show_layout(BUILT_IN_LAYOUTS[key])

    def chosen_layout(self) -> LabelLayout:
        key = self.choice.currentData()
        return self.form.chosen_layout() if key == CUSTOM else BUILT_IN_LAYOUTS[key]

    def _show(self, layout: LabelLayout) -> None:
        problem = labels_layout.layout_problem(layout)
        self.preview.show_sheet(layout if problem is None else None)
        if problem is None:
            self.status.setStyleSheet("")
            self.status.setText(
                _(
                    "{count} label per lembar. Sisa kertas: kanan {right} mm, bawah {bottom} mm."
                ).format(
                    count=layout.per_sheet,
                    right=labels_layout.mm_text(labels_layout.PAGE_WIDTH_MM - layout.used_width_mm),
                    bottom=labels_layout.mm_text(
                        labels_layout.PAGE_HEIGHT_MM - layout.used_height_mm
                    ),
                )
            )
        else:
            self.status.setStyleSheet("color: #8c1d18; font-weight: 600;")
            self.status.setText(problem)

    def save(self) -> None:
        layout = self.chosen_layout()
        problem = labels_layout.layout_problem(layout)
        if problem is not None:
            self.message.show_error(problem)
            return
        context = self._context

        def store() -> OfficeSettings:
            wanted = dataclasses.replace(load_settings(context.database), label_layout=layout)
            return save_settings(context.database, context.staff, wanted)

        def stored(_settings: OfficeSettings) -> None:
            self.message.clear_message()
            context.feedback.ok(
                _("Tata letak label disimpan"),
                _("Label berikutnya di semua loket kantor ini: {layout}.").format(
                    layout=layout.title
                ),
            )

        context.run(store, stored, refused=self.message.show_error, busy=(self.save_button,))

    def test(self) -> None:
        """One sheet of outlined labels on plain paper, to hold against the sticker sheet."""
        from loket.ui.kit.printing import offer_to_print

        layout = self.chosen_layout()
        problem = labels_layout.layout_problem(layout)
        if problem is not None:
            self.message.show_error(problem)
            return
        context = self._context

        def write() -> Path:
            from loket.documents.labels.label_sheet import write_label_sheet

            return sheets.write_test_sheet(context.data, layout, write_label_sheet)

        def written(path: Path) -> None:
            self.message.show_info(
                _(
                    "Cetak halaman uji ini di kertas biasa dengan skala 100%, lalu tumpuk dengan "
                    "kertas label di depan lampu: kotak-kotaknya harus tepat pada label."
                )
            )
            offer_to_print(context, path, self)

        context.run(write, written, refused=self.message.show_error, busy=(self.test_button,))
