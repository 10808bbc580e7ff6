"""A new delivery run (RW, RT, petugas) and the panel asking one card's outcome with keys 1-4."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from loket.core.delivery import outcomes, runs
from loket.core.delivery.outcomes import LineInfo, OutcomeRequest
from loket.core.delivery.runs import AreaCount, CreatedRun, RunSummary
from loket.core.delivery.words import area_text, outcome_label
from loket.core.handover.words import old_card_label, relation_label
from loket.core.stock.queries import neighbourhood_code
from loket.domain.states import DeliveryOutcome, OldCardFate, Relation
from loket.i18n import _
from loket.ui.kit import dialogs
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import InlineMessage, add_field, enter_moves_on, form_layout, hint_label
from loket.ui.kit.work_dialog import WorkDialog

#: The keys that choose an outcome, in the order of the buttons.
OUTCOME_KEYS = {
    "1": DeliveryOutcome.DELIVERED,
    "2": DeliveryOutcome.NOT_AT_HOME,
    "3": DeliveryOutcome.MOVED,
    "4": DeliveryOutcome.REFUSED,
}


def parse_rts(text: str) -> list[str]:
    """ "1, 2 3;004" -> ["001", "002", "003", "004"]: RTs as typed, in any separator."""
    return [code for part in re.split(r"[,;/\s]+", text) if (code := neighbourhood_code(part))]


class NewRunDialog(WorkDialog):
    """Which RW (and RTs) go out, with whom; shows how many cards that is before creating."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.created: CreatedRun | None = None
        self._areas: list[AreaCount] | None = None  # cards in stock per RW/RT, read on open
        self.setWindowTitle(_("Pengantaran baru"))
        self.setMinimumWidth(620)

        self.rw = QLineEdit(self)
        self.rw.setMaxLength(3)
        self.rw.setPlaceholderText(_("mis. 5"))
        self.rts = QLineEdit(self)
        self.rts.setPlaceholderText(_("mis. 1, 2, 3"))
        self.courier = QLineEdit(self)
        self.courier.setMaxLength(runs.MAX_COURIER_LENGTH)
        self.courier.setPlaceholderText(_("nama petugas yang mengantar"))
        form = form_layout()
        add_field(form, _("RW *"), self.rw)
        add_field(form, _("RT"), self.rts, _("Kosongkan untuk semua RT di RW itu."))
        add_field(form, _("Petugas pengantar *"), self.courier)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("QLabel { font-size: 12pt; }")
        self.accept_button = QPushButton(_("Buat dan cetak daftar (Ctrl+Enter)"), self)
        self.accept_button.setObjectName("primary")
        self.cancel_button = QPushButton(_("Batal (Esc)"), self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.accept_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.working)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self.rw.textChanged.connect(self.update_summary)
        self.rts.textChanged.connect(self.update_summary)
        self.accept_button.clicked.connect(self.create)
        self.cancel_button.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept_button.click)
        enter_moves_on([self.rw, self.rts, self.courier], self.create)
        for button in (self.accept_button, self.cancel_button):
            button.setAutoDefault(False)  # Enter moves between the fields, never clicks
        database = context.database
        self.run_work(
            lambda: runs.area_counts(database),
            self._show_areas,
            working=_("Menghitung kartu di loket per RW dan RT…"),
        )

    def _show_areas(self, areas: list[AreaCount]) -> None:
        self._areas = areas
        self.update_summary()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.rw.setFocus(Qt.FocusReason.OtherFocusReason)

    def update_summary(self) -> None:
        """How many cards the chosen RW/RTs hold in stock now: what the team will carry."""
        if self._areas is None:
            return  # still being counted: shown when the counts come
        rw = neighbourhood_code(self.rw.text())
        counts = [area for area in self._areas if not rw or area.rw == rw]
        if not rw:
            per_rw: dict[str, int] = {}
            for area in counts:
                per_rw[area.rw] = per_rw.get(area.rw, 0) + area.cards
            listed = " · ".join(f"RW {rw or '-'}: {n}" for rw, n in per_rw.items())
            self.summary.setText(
                _("Kartu di loket per RW: {list}").format(list=listed)
                if listed
                else _("Tidak ada kartu di loket.")
            )
            return
        rts = parse_rts(self.rts.text())
        chosen = sum(a.cards for a in counts if not rts or a.rt in rts)
        per_rt = " · ".join(f"RT {a.rt or '-'}: {a.cards}" for a in counts)
        self.summary.setText(
            _("{area}: {count} kartu akan dibawa. Di loket per RT: {list}").format(
                area=area_text(rw, tuple(rts)), count=chosen, list=per_rt or "-"
            )
        )

    def create(self) -> None:
        if not self.accept_button.isEnabled():
            return  # a run is being made already
        context = self._context
        rw, courier, rts = self.rw.text(), self.courier.text(), parse_rts(self.rts.text())

        def make() -> CreatedRun:
            from loket.documents.delivery.run_sheet import write_run_sheet

            return runs.create_run(
                context.database,
                context.staff,
                rw,
                courier,
                rts,
                data=context.data,
                write=write_run_sheet,
            )

        def made(created: CreatedRun) -> None:
            self.created = created
            self.accept()

        def refused(message: str) -> None:
            self.error.show_error(message)
            self.rw.setFocus()

        self.run_work(
            make,
            made,
            working=_("Membuat pengantaran dan daftar pengantarannya…"),
            buttons=(self.accept_button, self.cancel_button),
            refused=refused,
        )


class OutcomePanel(QFrame):
    """One scanned card: 1-4 chooses what happened, Enter saves, Esc drops it unsaved."""

    confirm_requested = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # The chosen outcome stands out; the panel's own focus shows as its border.
        self.setStyleSheet(
            "QPushButton:checked { background: #0b5394; color: white; font-weight: 600; }"
            "OutcomePanel:focus { border: 2px solid #0b5394; }"
        )
        self.line: LineInfo | None = None
        self.title = QLabel(self)
        self.title.setStyleSheet("QLabel { font-size: 15pt; font-weight: 600; }")
        self.title.setWordWrap(True)
        self.address = QLabel(self)
        self.address.setWordWrap(True)

        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[DeliveryOutcome, QPushButton] = {}
        row = QGridLayout()
        for key, outcome in OUTCOME_KEYS.items():
            button = QPushButton(f"{key}  {outcome_label(outcome)}", self)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(40)
            button.clicked.connect(lambda _checked=False, o=outcome: self.choose(o))
            self.group.addButton(button)
            self.buttons[outcome] = button
            row.addWidget(button, (len(self.buttons) - 1) // 2, (len(self.buttons) - 1) % 2)

        self.delivered = QWidget(self)
        self.relation = QComboBox(self.delivered)
        for relation in Relation:
            self.relation.addItem(relation_label(relation), relation)
        self.recipient = QLineEdit(self.delivered)
        self.recipient.setMaxLength(outcomes.MAX_RECIPIENT_LENGTH)
        self.recipient.setPlaceholderText(_("seperti tertulis di daftar pengantaran"))
        self.old_card = QComboBox(self.delivered)
        for fate in (OldCardFate.SURRENDERED, OldCardFate.DAMAGED, OldCardFate.NONE):
            self.old_card.addItem(old_card_label(fate), fate)
        self.old_card.addItem(old_card_label(OldCardFate.LOST), OldCardFate.LOST)
        self.police_letter = QLineEdit(self.delivered)
        self.police_letter.setPlaceholderText(_("nomor surat keterangan kehilangan"))
        fields = self._fields = QFormLayout(self.delivered)
        fields.setContentsMargins(0, 0, 0, 0)
        fields.addRow(_("Hubungan penerima"), self.relation)
        fields.addRow(_("Nama penerima"), self.recipient)
        fields.addRow(_("KTP lama"), self.old_card)
        fields.addRow(_("No. surat kehilangan"), self.police_letter)
        self.note = QLineEdit(self)
        self.note.setMaxLength(outcomes.MAX_NOTE_LENGTH)
        self.note.setPlaceholderText(_("Keterangan dari daftar (boleh kosong)"))
        self.message = InlineMessage(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.address)
        layout.addLayout(row)
        layout.addWidget(self.delivered)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(hint_label(_("1–4: pilih hasil  ·  Enter: simpan  ·  Esc: batal")))
        self.relation.currentIndexChanged.connect(self._relation_changed)
        self.old_card.currentIndexChanged.connect(self._old_card_changed)
        # 1-4 in a list chooses the outcome too, not an item; typed into a text field it is text.
        for combo in (self.relation, self.old_card):
            combo.installEventFilter(self)

    # ------------------------------------------------------------ filling

    def load(self, line: LineInfo) -> None:
        self.line = line
        card = line.card
        self.title.setText(
            _("No. {number} · {name} · {nik}").format(
                number=line.position, name=card.name or "—", nik=card.nik
            )
        )
        rt_rw = _("RT {rt}/RW {rw}").format(rt=card.rt or "-", rw=card.rw or "-")
        self.address.setText(f"{card.address} · {rt_rw}" if card.address else rt_rw)
        self.group.setExclusive(False)
        for button in self.buttons.values():
            button.setChecked(False)
        self.group.setExclusive(True)
        self.relation.setCurrentIndex(0)
        self.recipient.setText(card.name)
        self.old_card.setCurrentIndex(0)
        self.police_letter.clear()
        self.note.clear()
        self.message.clear_message()
        self.delivered.setVisible(False)
        self._old_card_changed()
        self.set_busy(False)

    def choose(self, outcome: DeliveryOutcome) -> None:
        self.buttons[outcome].setChecked(True)
        self.message.clear_message()
        is_delivered = outcome is DeliveryOutcome.DELIVERED
        focused = self.focusWidget()
        if not is_delivered and focused is not None and self.delivered.isAncestorOf(focused):
            self.setFocus(Qt.FocusReason.OtherFocusReason)  # before its field disappears
        self.delivered.setVisible(is_delivered)
        if is_delivered:
            self.relation.setFocus(Qt.FocusReason.OtherFocusReason)

    def chosen(self) -> DeliveryOutcome | None:
        return next((o for o, b in self.buttons.items() if b.isChecked()), None)

    def request(self) -> OutcomeRequest | None:
        outcome = self.chosen()
        if outcome is None:
            return None
        if outcome is not DeliveryOutcome.DELIVERED:
            return OutcomeRequest(outcome, note=self.note.text())
        fate = self.old_card.currentData()
        return OutcomeRequest(
            outcome,
            recipient_name=self.recipient.text(),
            relation=self.relation.currentData(),
            old_card=fate,
            police_letter_number=self.police_letter.text() if fate is OldCardFate.LOST else "",
            note=self.note.text(),
        )

    def show_problems(self, problems: list[str]) -> None:
        self.message.show_error("\n".join(problems))

    def set_busy(self, busy: bool) -> None:
        for widget in (*self.buttons.values(), self.delivered, self.note):
            widget.setEnabled(not busy)

    def _relation_changed(self) -> None:
        owner_name = self.line.card.name if self.line is not None else ""
        if self.relation.currentData() is Relation.OWNER:
            self.recipient.setText(owner_name)
        elif self.recipient.text() == owner_name:
            self.recipient.clear()

    def _old_card_changed(self) -> None:
        lost = self.old_card.currentData() is OldCardFate.LOST
        self.police_letter.setEnabled(lost)
        self._fields.setRowVisible(self.police_letter, lost)  # a row only when it is needed

    # ------------------------------------------------------------ keys

    # Not QShortcuts: a shortcut would swallow the digits of a scan typed while the panel is
    # open, and the scanner would read a NIK with its 1s, 2s, 3s and 4s missing.

    @staticmethod
    def _outcome_key(event: QEvent) -> DeliveryOutcome | None:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return None
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return None
        return OUTCOME_KEYS.get(event.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        outcome = self._outcome_key(event)
        if outcome is None:
            return False
        self.choose(outcome)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter and Esc come here from the fields too (line edits and combo boxes pass them on).
        outcome = self._outcome_key(event)
        if outcome is not None:
            self.choose(outcome)
        elif event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm_requested.emit()
        elif event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)


def confirm_close(parent: QWidget, run: RunSummary) -> bool:
    """Asks before closing; with cards still unrecorded, says they go back to stock."""
    if run.counts.pending:
        question = _(
            "Masih ada {count} kartu yang belum dicatat hasilnya. Pastikan kartunya sudah "
            "kembali ke loket. Kembalikan kartu itu ke stok sebagai \u201ctidak tercatat\u201d "
            "dan tutup pengantaran {number}?"
        ).format(count=run.counts.pending, number=run.number)
        yes = _("Kembalikan ke stok dan tutup")
    else:
        question = _("Semua hasil sudah dicatat. Tutup pengantaran {number}?").format(
            number=run.number
        )
        yes = _("Tutup pengantaran")
    return dialogs.confirm(parent, _("Tutup pengantaran"), question, yes, _("Kembali"))
