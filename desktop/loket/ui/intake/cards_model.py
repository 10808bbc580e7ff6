"""The cards of one batch as a table, updated scan by scan."""

from __future__ import annotations

from loket.core.cards import CardInfo, state_label
from loket.domain.states import CardState
from loket.i18n import _
from loket.ui.kit.table_model import Column, ListTableModel

_STATE_COLOURS = {
    CardState.IN_STOCK: "#e3f2e6",
    CardState.SET_ASIDE: "#fdecd2",
    CardState.MISSING: "#fbe3e1",
}


class BatchCardsModel(ListTableModel[CardInfo]):
    def __init__(self, has_manifest: bool = True) -> None:
        self._has_manifest = has_manifest
        super().__init__(
            [
                Column(_("Baris"), _list_row, centred=True),
                Column(_("NIK"), lambda card: card.nik),
                Column(_("Nama"), lambda card: card.name or "—"),
                Column(_("RT/RW"), lambda card: card.rt_rw, centred=True),
                Column(_("Status"), lambda card: state_label(card.state)),
                Column(_("Keterangan"), self._note),
            ],
            key=lambda card: card.id,
            background=lambda card: _STATE_COLOURS.get(card.state, ""),
        )

    def show_cards(self, cards: list[CardInfo], has_manifest: bool) -> None:
        self._has_manifest = has_manifest
        self.reset(cards)

    def card_at(self, row: int) -> CardInfo | None:
        return self.at(row)

    def _note(self, card: CardInfo) -> str:
        notes = []
        if self._has_manifest and not card.on_manifest:
            notes.append(_("tidak ada di daftar"))
        if card.typed:
            notes.append(_("NIK diketik manual"))
        return ", ".join(notes)


def _list_row(card: CardInfo) -> str:
    return str(card.manifest_row) if card.manifest_row is not None else ""
