"""What the desk reads about a return: the reasons a card goes back, in the interface language."""

from __future__ import annotations

from loket.domain.states import ReturnReason
from loket.i18n import _


def reason_label(reason: ReturnReason) -> str:
    return {
        ReturnReason.UNCLAIMED: _("Tidak diambil pemiliknya"),
        ReturnReason.DAMAGED: _("Kartu rusak"),
        ReturnReason.WRONG_KELURAHAN: _("Bukan penduduk kelurahan ini"),
        ReturnReason.OWNER_MOVED: _("Pemilik pindah domisili"),
        ReturnReason.OWNER_DECEASED: _("Pemilik meninggal dunia"),
    }[reason]
