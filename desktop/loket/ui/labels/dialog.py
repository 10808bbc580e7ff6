"""Label sheets: the dialog asking where on the sheet to start, the sheet in miniature, the
layout form of the settings tab, and the flow the intake and stock pages share."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QLocale, QRectF, QSize, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from loket.core.labels import layout as labels_layout
from loket.core.labels import sheets as labels_sheets
from loket.core.labels.layout import LabelLayout
from loket.core.labels.sheets import LabelChoice, PrintedLabels
from loket.core.settings.shared import load_settings
from loket.domain.errors import LoketError
from loket.i18n import _
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import InlineMessage, add_field, ask, form_layout, hint_label
from loket.ui.kit.theme import ACCENT

log = logging.getLogger(__name__)

_USED = QColor("#d5dbe1")  # positions already peeled off a half-used sheet
_FREE = QColor("white")
_EDGE = QColor("#9aa5b1")


class SheetPreview(QWidget):
    """The first sheet in miniature: used positions grey, the labels to print in blue."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout: LabelLayout | None = None
        self._start = 1
        self._count = 0
        self.setMinimumSize(self.sizeHint())

    def sizeHint(self) -> QSize:
        return QSize(150, 212)  # A4's proportions

    def show_sheet(self, layout: LabelLayout | None, start: int = 1, count: int = 0) -> None:
        self._layout, self._start, self._count = layout, start, count
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scale = min((self.width() - 2) / labels_layout.PAGE_WIDTH_MM, (self.height() - 2) / 297)
        page = QRectF(
            1, 1, labels_layout.PAGE_WIDTH_MM * scale, labels_layout.PAGE_HEIGHT_MM * scale
        )
        painter.setPen(QPen(_EDGE, 1))
        painter.setBrush(_FREE)
        painter.drawRect(page)
        layout = self._layout
        if layout is None:
            return
        last = self._start - 1 + self._count
        for position in range(1, layout.per_sheet + 1):
            left, top = layout.slot(position)
            box = QRectF(
                page.left() + left * scale,
                page.top() + top * scale,
                layout.label_width_mm * scale,
                layout.label_height_mm * scale,
            ).adjusted(0.5, 0.5, -0.5, -0.5)
            if position < self._start:
                painter.setBrush(_USED)
            elif position <= last:
                painter.setBrush(QColor(ACCENT))
            else:
                painter.setBrush(_FREE)
            painter.setPen(QPen(_EDGE, 0.6))
            painter.drawRect(box)


class LabelDialog(QDialog):
    """How many labels, on which layout, and from which position on a half-used sheet."""

    def __init__(
        self,
        layout: LabelLayout,
        choice: LabelChoice,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._layout = layout
        self._count = len(choice.cards)
        self.setWindowTitle(_("Cetak label barcode NIK"))
        self.layout_label = QLabel(_("Tata letak: {layout}").format(layout=layout.title), self)
        self.layout_label.setWordWrap(True)
        self.layout_label.setStyleSheet("font-weight: 600;")
        where = hint_label(_("Tata letak lain dipilih admin di Pengaturan › Label."), self)
        self.start_spin = QSpinBox(self)
        self.start_spin.setRange(1, layout.per_sheet)
        self.start_spin.setFixedWidth(90)
        self.start_spin.setAccessibleName(_("Mulai dari label nomor"))
        start_label = QLabel(_("Mulai dari label nomor"), self)
        start_label.setBuddy(self.start_spin)
        start_row = QHBoxLayout()
        start_row.addWidget(start_label)
        start_row.addWidget(self.start_spin)
        start_row.addStretch(1)
        start_hint = hint_label(
            _(
                "Label nomor 1 di kiri atas, lalu ke kanan sepanjang baris. Pada lembar yang "
                "sudah terpakai sebagian, isi nomor label kosong yang pertama."
            ),
            self,
        )
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 12pt;")
        self.skipped = InlineMessage(self)
        if choice.skipped:
            self.skipped.show_info(
                _("{count} kartu pilihan tidak ada di loket dan tidak diberi label.").format(
                    count=choice.skipped
                )
            )
        self.preview = SheetPreview(self)
        self.accept_button = QPushButton(_("Buat label (Enter)"), self)
        self.accept_button.setObjectName("primary")
        self.accept_button.setDefault(True)
        self.cancel_button = QPushButton(_("Batal (Esc)"), self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.accept_button)
        column = QVBoxLayout()
        column.addWidget(self.layout_label)
        column.addWidget(where)
        column.addSpacing(8)
        column.addLayout(start_row)
        column.addWidget(start_hint)
        column.addSpacing(8)
        column.addWidget(self.summary)
        column.addWidget(self.skipped)
        column.addStretch(1)
        row = QHBoxLayout()
        row.addLayout(column, 1)
        row.addWidget(self.preview)
        outer = QVBoxLayout(self)
        outer.addLayout(row)
        outer.addLayout(buttons)
        self.setMinimumSize(640, 300)
        self.accept_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.start_spin.valueChanged.connect(lambda _value: self._show_plan())
        self._show_plan()
        self.start_spin.setFocus()
        self.start_spin.selectAll()

    @property
    def start(self) -> int:
        return self.start_spin.value()

    @property
    def sheets(self) -> int:
        return labels_layout.sheets_needed(self._layout, self._count, self.start)

    def _show_plan(self) -> None:
        self.summary.setText(
            _("{count} label → {sheets} lembar A4").format(count=self._count, sheets=self.sheets)
        )
        self.preview.show_sheet(self._layout, self.start, self._count)


def print_labels(
    context: DeskContext,
    parent: QWidget,
    load: Callable[[], LabelChoice],
    after: Callable[[], None],
    batch_id: int | None = None,
) -> None:
    """Finds the cards, asks where to start, writes the sheet, then opens the print preview.

    Database work and the PDF run on the task thread; `after` gives the focus back.
    """
    from loket.documents.labels.label_sheet import write_label_sheet
    from loket.ui.kit.printing import offer_to_print

    database = context.database

    def failed(error: BaseException) -> None:
        message = error.message if isinstance(error, LoketError) else str(error)
        context.feedback.error(_("Label tidak dibuat"), message)
        after()

    def written(result: PrintedLabels) -> None:
        context.feedback.ok(
            _("Label dibuat: {text}").format(text=labels_sheets.label_result_text(result)),
            _("Berkas: {path}. Cetak dengan skala 100% (ukuran asli).").format(path=result.path),
        )
        offer_to_print(context, result.path, parent)
        after()

    def loaded(found: tuple[LabelChoice, LabelLayout]) -> None:
        choice, layout = found
        if not choice.cards:
            context.feedback.warning(
                _("Tidak ada kartu untuk diberi label"),
                _("Label hanya dibuat untuk kartu yang sudah diterima dan masih ada di loket."),
            )
            after()
            return
        dialog = LabelDialog(layout, choice, parent)
        if not ask(dialog):
            after()
            return
        start = dialog.start
        context.tasks.run(
            lambda: labels_sheets.write_labels(
                database,
                context.data,
                context.staff,
                choice,
                layout,
                start,
                write_label_sheet,
                batch_id=batch_id,
            ),
            written,
            failed,
        )

    context.tasks.run(lambda: (load(), load_settings(database).label_layout), loaded, failed)


class LayoutForm(QWidget):
    """The eight numbers of a layout; `changed` carries the layout they make."""

    changed = Signal(object)  # LabelLayout

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        locale = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
        self.columns = QSpinBox(self)
        self.columns.setRange(1, 10)
        self.rows = QSpinBox(self)
        self.rows.setRange(1, 40)
        self.millimetres: dict[str, QDoubleSpinBox] = {}
        for name in ("width", "height", "top", "left", "gap_x", "gap_y"):
            spin = QDoubleSpinBox(self)
            spin.setLocale(locale)  # a decimal comma, as Indonesians write it
            spin.setDecimals(2)
            spin.setRange(0, 297)
            spin.setSingleStep(0.1)
            spin.setSuffix(" mm")
            self.millimetres[name] = spin
        form = form_layout()
        for label, field in (
            (_("Jumlah kolom"), self.columns),
            (_("Jumlah baris"), self.rows),
            (_("Lebar label"), self.millimetres["width"]),
            (_("Tinggi label"), self.millimetres["height"]),
            (_("Margin atas kertas"), self.millimetres["top"]),
            (_("Margin kiri kertas"), self.millimetres["left"]),
            (_("Jarak antarkolom"), self.millimetres["gap_x"]),
            (_("Jarak antarbaris"), self.millimetres["gap_y"]),
        ):
            add_field(form, label, field)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        for number in (self.columns, self.rows, *self.millimetres.values()):
            number.valueChanged.connect(lambda _value: self.changed.emit(self.chosen_layout()))

    def show_layout(self, layout: LabelLayout) -> None:
        values = {
            "width": layout.label_width_mm,
            "height": layout.label_height_mm,
            "top": layout.margin_top_mm,
            "left": layout.margin_left_mm,
            "gap_x": layout.gap_x_mm,
            "gap_y": layout.gap_y_mm,
        }
        spins = (self.columns, self.rows, *self.millimetres.values())
        for spin in spins:
            spin.blockSignals(True)
        self.columns.setValue(layout.columns)
        self.rows.setValue(layout.rows)
        for name, value in values.items():
            self.millimetres[name].setValue(value)
        for spin in spins:
            spin.blockSignals(False)

    def chosen_layout(self) -> LabelLayout:
        mm = {name: spin.value() for name, spin in self.millimetres.items()}
        return labels_layout.custom_layout(
            self.columns.value(),
            self.rows.value(),
            mm["width"],
            mm["height"],
            mm["top"],
            mm["left"],
            mm["gap_x"],
            mm["gap_y"],
        )
