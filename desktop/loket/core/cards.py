"""What a page shows of a card, and the words for its states."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row

from loket.db.models import Card
from loket.domain.states import CardState, EntryMethod
from loket.i18n import _


@dataclass(frozen=True, slots=True)
class CardInfo:
    id: int
    nik: str
    name: str
    rt: str
    rw: str
    address: str
    batch_id: int
    state: CardState
    on_manifest: bool
    manifest_row: int | None
    typed: bool
    received_at: dt.datetime | None

    @property
    def rt_rw(self) -> str:
        return f"{self.rt}/{self.rw}" if self.rt or self.rw else ""


#: What a CardInfo is made of, to read cards as plain rows where many are read at once.
CARD_COLUMNS = (
    Card.id,
    Card.nik,
    Card.name,
    Card.rt,
    Card.rw,
    Card.address,
    Card.batch_id,
    Card.state,
    Card.on_manifest,
    Card.manifest_row,
    Card.entry_method,
    Card.received_at,
)


def card_info(card: Card | Row[*tuple[Any, ...]]) -> CardInfo:
    """From a card, or from a row of CARD_COLUMNS."""
    return CardInfo(
        id=card.id,
        nik=card.nik,
        name=card.name,
        rt=card.rt,
        rw=card.rw,
        address=card.address,
        batch_id=card.batch_id,
        state=card.state,
        on_manifest=card.on_manifest,
        manifest_row=card.manifest_row,
        typed=card.entry_method is EntryMethod.TYPED,
        received_at=card.received_at,
    )


def state_label(state: CardState) -> str:
    return {
        CardState.EXPECTED: _("Belum diterima"),
        CardState.IN_STOCK: _("Ada di loket"),
        CardState.SET_ASIDE: _("Disisihkan"),
        CardState.MISSING: _("Tidak datang"),
        CardState.HANDED_OVER: _("Sudah diserahkan"),
        CardState.OUT_FOR_DELIVERY: _("Sedang diantar"),
        CardState.RETURNED: _("Dikembalikan ke kecamatan"),
    }[state]
