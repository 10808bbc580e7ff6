"""The answer for a card, and under it the handover form: who collects, the papers checked,
the old card, the signature.

Every change of the form asks the core's `check_request` what is still wrong and lists it under the
form; the confirm button is enabled only when nothing is. The form decides no rule itself.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from loket.core.cards import CardInfo
from loket.core.handover.lookup import Answer, CardStatus
from loket.core.handover.rules import HandoverRequest, check_request
from loket.core.handover.words import (
    answer_label,
    document_label,
    old_card_label,
    relation_label,
    status_sentence,
)
from loket.core.settings.shared import OfficeSettings, policy_label
from loket.domain.states import DocumentChecked, OldCardFate, Relation
from loket.i18n import _
from loket.ui.handover.signature_pad import SignaturePad
from loket.ui.kit.dialogs import InlineMessage, add_field, form_layout, on_enter
from loket.ui.kit.widgets import key_button

CONFIRM_KEYS = ("Ctrl+Return", "Ctrl+Enter")
_PROBLEMS_SHOWN = 3
# Row, column, columns spanned: the two surrendered cases side by side, the long one alone.
_OLD_CARD_PLACES = {
    OldCardFate.SURRENDERED: (0, 0, 1),
    OldCardFate.DAMAGED: (0, 1, 1),
    OldCardFate.NONE: (1, 0, 2),
    OldCardFate.LOST: (2, 0, 2),
}
_SECTION_STYLE = "QLabel { font-weight: 600; color: #1f2933; font-size: 11.5pt; }"
_HINT_STYLE = "QLabel { color: #52606d; font-size: 10pt; }"
# The theme's primary button looks the same disabled; a field not in use should look unused.
_FORM_STYLE = """
QPushButton#primary:disabled { background: #b8c7d6; color: #f4f6f8; border-color: #b8c7d6; }
QLineEdit:disabled, QComboBox:disabled { background: #eef1f4; color: #7b8794;
    border-color: #d5dbe1; }
"""


# Colours of the answer: calm tints, dark text (contrast above 7:1).
_TONES = {
    Answer.WAITING: ("#1e6b34", "#e6f4ea"),
    Answer.HANDED_OVER: ("#0b5394", "#e8f0f8"),
    Answer.NOT_YET_EXPECTED: ("#6b4500", "#fff4d6"),
    Answer.NEVER_SEEN: ("#6b4500", "#fff4d6"),
    Answer.OUT_FOR_DELIVERY: ("#6b4500", "#fff4d6"),
    Answer.RETURNED: ("#37474f", "#eceff1"),
    Answer.SET_ASIDE: ("#37474f", "#eceff1"),
    Answer.MISSING: ("#37474f", "#eceff1"),
}


class AnswerPanel(QFrame):
    """Where the card is, in one plain sentence (the core's), on a tint that says it at a glance."""

    def __init__(self, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answerPanel")
        self._zone = zone
        self.title = QLabel(self)
        self.card_line = QLabel(self)
        self.card_line.setStyleSheet("QLabel { color: #52606d; }")
        self.sentence = QLabel(self)
        self.sentence.setWordWrap(True)
        self.sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentence.setStyleSheet("QLabel { font-size: 14pt; }")
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self.title)
        top.addWidget(self.card_line, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 10)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.sentence)

    def show_status(self, status: CardStatus) -> None:
        ink, tint = _TONES[status.answer]
        self.setStyleSheet(
            f"QFrame#answerPanel {{ background: {tint}; border-left: 6px solid {ink};"
            " border-radius: 4px; } QLabel { background: transparent; color: #1f2933; }"
        )
        self.title.setText(answer_label(status.answer))
        self.title.setStyleSheet(f"QLabel {{ color: {ink}; font-size: 12pt; font-weight: 700; }}")
        self.sentence.setText(status_sentence(status, self._zone))
        self.card_line.setText(self._card_line(status))

    @staticmethod
    def _card_line(status: CardStatus) -> str:
        """Where the owner lives (the sentence already names them and their NIK)."""
        card = status.card
        if card is None:
            return ""
        parts = []
        if card.rt_rw:
            parts.append(_("RT/RW {rt_rw}").format(rt_rw=card.rt_rw))
        if card.address:
            parts.append(card.address)
        if status.earlier_cards:
            parts.append(
                _("{count} kartu lama NIK ini sudah selesai").format(count=status.earlier_cards)
            )
        return "  ·  ".join(parts)


def _mnemonic(text: str, used: set[str]) -> str:
    """`text` with an Alt+letter shortcut on its first letter no other control uses yet."""
    for position, char in enumerate(text):
        if char.isalpha() and char.lower() not in used:
            used.add(char.lower())
            return f"{text[:position]}&{text[position:]}"
    return text


def _section(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setStyleSheet(_SECTION_STYLE)
    return label


def _hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(_HINT_STYLE)
    return label


class HandoverForm(QFrame):
    """Filled for one card in stock; emits `confirm_requested` (Ctrl+Enter) and `cancelled`."""

    confirm_requested = Signal()
    cancelled = Signal()
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, keys_host: QWidget | None = None) -> None:
        """`keys_host`: the page, whose function keys work wherever its focus is."""
        super().__init__(parent)
        self.setObjectName("card")
        self._keys_host = keys_host or self
        self._card: CardInfo | None = None
        self._settings = OfficeSettings()
        self._busy = False
        self._loading = False
        self._used: set[str] = set()
        self._build()
        self._connect_signals()
        self.setStyleSheet(_FORM_STYLE)

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(self._build_collector(), 5)
        columns.addLayout(self._build_papers(), 5)
        columns.addLayout(self._build_signature(), 4)

        self.problems = InlineMessage(self)
        self.cancel_button = QPushButton(_("Esc  Batal"), self)
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        confirm_text = _("Serahkan & cetak tanda terima (Ctrl+Enter)")
        self.confirm_button = QPushButton(confirm_text.replace("&", "&&"), self)
        self.confirm_button.setObjectName("primary")
        self.confirm_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.confirm_button.setMinimumHeight(40)
        bottom = QHBoxLayout()
        bottom.setSpacing(12)
        bottom.addWidget(self.problems, 1)
        bottom.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignBottom)
        bottom.addWidget(self.confirm_button, 0, Qt.AlignmentFlag.AlignBottom)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(8)
        layout.addLayout(columns)
        layout.addLayout(bottom)

    def _build_collector(self) -> QVBoxLayout:
        used = self._used
        self.owner_radio = QRadioButton(_mnemonic(relation_label(Relation.OWNER), used), self)
        self.proxy_radio = QRadioButton(_mnemonic(_("Diwakilkan"), used), self)
        self.collector_group = QButtonGroup(self)
        for button in (self.owner_radio, self.proxy_radio):
            self.collector_group.addButton(button)
        who = QHBoxLayout()
        who.addWidget(self.owner_radio)
        who.addWidget(self.proxy_radio)
        who.addStretch(1)
        self.policy_hint = _hint("", self)

        self.owner_name = QLineEdit(self)
        self.owner_name.setPlaceholderText(_("seperti tertulis di kartu"))
        self.proxy_name = QLineEdit(self)
        self.proxy_name.setPlaceholderText(_("seperti tertulis di KTP-elnya"))
        self.proxy_nik = QLineEdit(self)
        self.proxy_nik.setPlaceholderText(_("16 angka, dari KTP-elnya"))
        self.proxy_nik.setMaxLength(24)
        self.relation = QComboBox(self)
        self.relation.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Narrow enough for a 1024-pixel window; the list opens as wide as its longest item.
        self.relation.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.relation.setMinimumContentsLength(10)
        self.relation.addItem(_("— pilih hubungan —"), None)
        for relation in Relation:
            if relation is not Relation.OWNER:
                self.relation.addItem(relation_label(relation), relation)
        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText(_("boleh dikosongkan"))
        self.phone.setMaxLength(20)

        form = form_layout()
        form.setVerticalSpacing(6)
        self.owner_name_label = add_field(form, _mnemonic(_("Nama pemilik"), used), self.owner_name)
        add_field(form, _mnemonic(_("Nama wakil"), used), self.proxy_name)
        add_field(form, _mnemonic(_("NIK wakil"), used), self.proxy_nik)
        add_field(form, _mnemonic(_("Hubungan"), used), self.relation)
        add_field(form, _mnemonic(_("No. HP"), used), self.phone)

        column = QVBoxLayout()
        column.setSpacing(6)
        column.addWidget(_section(_("Yang mengambil"), self))
        column.addLayout(who)
        column.addWidget(self.policy_hint)
        column.addLayout(form)
        column.addStretch(1)
        return column

    def _build_papers(self) -> QVBoxLayout:
        self.documents: dict[DocumentChecked, QCheckBox] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        for position, document in enumerate(DocumentChecked):
            box = QCheckBox(_mnemonic(document_label(document), self._used), self)
            self.documents[document] = box
            grid.addWidget(box, position // 2, position % 2)

        self.old_card: dict[OldCardFate, QRadioButton] = {}
        self.old_card_group = QButtonGroup(self)
        old_grid = QGridLayout()
        old_grid.setHorizontalSpacing(16)
        old_grid.setVerticalSpacing(2)
        for fate, (row, place, span) in _OLD_CARD_PLACES.items():
            radio = QRadioButton(_mnemonic(old_card_label(fate), self._used), self)
            self.old_card[fate] = radio
            self.old_card_group.addButton(radio)
            old_grid.addWidget(radio, row, place, 1, span)
        self.police_letter = QLineEdit(self)
        self.police_letter.setPlaceholderText(_("mis. SKTLK/1234/XI/2026/Polsek Gayamsari"))
        self.police_letter.setMaxLength(120)
        police_row = QHBoxLayout()
        police_row.setContentsMargins(24, 0, 0, 0)
        police_label = QLabel(_mnemonic(_("No. surat kehilangan"), self._used), self)
        police_label.setBuddy(self.police_letter)
        police_row.addWidget(police_label)
        police_row.addWidget(self.police_letter, 1)

        column = QVBoxLayout()
        column.setSpacing(6)
        column.addWidget(_section(_("Dokumen yang diperiksa"), self))
        column.addLayout(grid)
        column.addSpacing(6)
        column.addWidget(_section(_("KTP lama"), self))
        column.addLayout(old_grid)
        column.addLayout(police_row)
        column.addStretch(1)
        return column

    def _build_signature(self) -> QVBoxLayout:
        self.signature = SignaturePad(self)
        self.clear_signature_button = key_button(
            self._keys_host, "F4", _("Hapus tanda tangan"), self.signature.clear
        )
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.clear_signature_button)
        column = QVBoxLayout()
        column.setSpacing(6)
        column.addWidget(_section(_("Tanda tangan"), self))
        column.addWidget(self.signature, 1)
        column.addLayout(row)
        return column

    def _connect_signals(self) -> None:
        self.collector_group.buttonToggled.connect(self._on_toggled)
        self.old_card_group.buttonToggled.connect(self._on_toggled)
        for box in self.documents.values():
            box.toggled.connect(self._refresh)
        for field in (self.owner_name, self.proxy_name, self.proxy_nik, self.phone):
            field.textChanged.connect(self._refresh)
        self.police_letter.textChanged.connect(self._refresh)
        self.relation.currentIndexChanged.connect(self._refresh)
        self.signature.changed.connect(self._refresh)
        self.confirm_button.clicked.connect(self._confirm_clicked)
        self.cancel_button.clicked.connect(self.cancelled)
        # Enter moves on to the next field; it never confirms (that is Ctrl+Enter).
        chain = [self.proxy_name, self.proxy_nik, self.relation, self.phone]
        for here, following in itertools.pairwise(chain):
            on_enter(here, self._focuser(following))
        on_enter(self.owner_name, self._focuser(self.phone))

    @staticmethod
    def _focuser(target: QWidget) -> Callable[[], bool]:
        def move() -> bool:
            target.setFocus(Qt.FocusReason.TabFocusReason)
            return True

        return move

    # ------------------------------------------------------------ filling

    def load(self, card: CardInfo, settings: OfficeSettings) -> None:
        """An empty form for `card`: the owner collects, the old card is surrendered."""
        self._loading = True
        self._card = card
        self._settings = settings
        self.owner_radio.setChecked(True)
        for field in (self.owner_name, self.proxy_name, self.proxy_nik, self.phone):
            field.clear()
        self.police_letter.clear()
        self.relation.setCurrentIndex(0)
        for box in self.documents.values():
            box.setChecked(False)
        self.old_card[OldCardFate.SURRENDERED].setChecked(True)
        self.signature.clear()
        needs_name = not card.name
        self.owner_name.setVisible(needs_name)
        self.owner_name_label.setVisible(needs_name)
        self._busy = False
        self._loading = False
        self.set_settings(settings)

    @property
    def card(self) -> CardInfo | None:
        return self._card

    def set_settings(self, settings: OfficeSettings) -> None:
        """The office's policy changed meanwhile: check again, keeping what was filled in."""
        self._settings = settings
        self.policy_hint.setText(
            _("Kebijakan kantor: {policy}.").format(
                policy=policy_label(settings.representative_policy)
            )
        )
        self._refresh()

    def set_busy(self, busy: bool) -> None:
        """While the handover is being saved, a second Ctrl+Enter does nothing."""
        self._busy = busy
        self._refresh()

    # ------------------------------------------------------------ reading

    def by_representative(self) -> bool:
        return self.proxy_radio.isChecked()

    def chosen_relation(self) -> Relation | None:
        if not self.by_representative():
            return Relation.OWNER
        value = self.relation.currentData()
        return value if isinstance(value, Relation) else None

    def request(self) -> HandoverRequest:
        """What the form says now; an unchosen relation reads as "keluarga lain" until chosen."""
        assert self._card is not None
        relation = self.chosen_relation() or Relation.OTHER_FAMILY
        old_card = next(
            (fate for fate, radio in self.old_card.items() if radio.isChecked()),
            OldCardFate.SURRENDERED,
        )
        proxy = self.by_representative()
        return HandoverRequest(
            card_id=self._card.id,
            relation=relation,
            old_card=old_card,
            documents=frozenset(d for d, box in self.documents.items() if box.isChecked()),
            collector_name=self.proxy_name.text() if proxy else "",
            collector_nik=self.proxy_nik.text() if proxy else "",
            collector_phone=self.phone.text(),
            police_letter_number=self.police_letter.text() if old_card is OldCardFate.LOST else "",
            signature=self.signature.strokes(),
            owner_name=self.owner_name.text() if not self._card.name else "",
        )

    def has_entries(self) -> bool:
        """Anything filled in since the card was loaded: what another card would throw away."""
        if self._card is None:
            return False
        texts = (self.owner_name, self.proxy_name, self.proxy_nik, self.phone, self.police_letter)
        return (
            self.proxy_radio.isChecked()
            or any(field.text().strip() for field in texts)
            or self.relation.currentIndex() > 0
            or any(box.isChecked() for box in self.documents.values())
            or not self.old_card[OldCardFate.SURRENDERED].isChecked()
            or not self.signature.is_empty()
        )

    def problems_now(self) -> list[str]:
        """What still stops the handover, in the core's words, plus a relation not chosen."""
        if self._card is None:
            return []
        problems = check_request(self._settings, self.request(), self._card)
        if self.by_representative() and self.chosen_relation() is None:
            problems.append(_("Pilih hubungan orang yang mewakili dengan pemilik kartu."))
        return problems

    def can_confirm(self) -> bool:
        return self._card is not None and not self._busy and not self.problems_now()

    # ------------------------------------------------------------ reacting

    def _on_toggled(self, button: QAbstractButton, checked: bool) -> None:
        if button is self.owner_radio and checked:
            # Papers only a representative brings mean nothing when the owner comes.
            self.documents[DocumentChecked.POWER_OF_ATTORNEY].setChecked(False)
            self.documents[DocumentChecked.REPRESENTATIVE_ID].setChecked(False)
        self._refresh()

    def _refresh(self) -> None:
        if self._loading:
            return
        proxy = self.by_representative()
        for field in (self.proxy_name, self.proxy_nik, self.relation):
            field.setEnabled(proxy)
        self.documents[DocumentChecked.POWER_OF_ATTORNEY].setEnabled(proxy)
        self.documents[DocumentChecked.REPRESENTATIVE_ID].setEnabled(proxy)
        self.police_letter.setEnabled(self.old_card[OldCardFate.LOST].isChecked())
        problems = self.problems_now()
        if problems:
            # The first few, so the form keeps its place at 768 pixels; the rest as they come.
            lines = [f"• {problem}" for problem in problems[:_PROBLEMS_SHOWN]]
            hidden = len(problems) - _PROBLEMS_SHOWN
            if hidden > 0:
                lines.append(_("• …dan {count} hal lain yang belum lengkap.").format(count=hidden))
            self.problems.show_error("\n".join(lines))
            self.problems.setToolTip("\n".join(problems))
        else:
            self.problems.show_info(_("Lengkap. Tekan Ctrl+Enter untuk menyerahkan kartu."))
        self.confirm_button.setEnabled(self._card is not None and not self._busy and not problems)
        self.changed.emit()

    def _confirm_clicked(self) -> None:
        if self.can_confirm():
            self.confirm_requested.emit()
