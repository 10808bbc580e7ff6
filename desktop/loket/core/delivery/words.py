"""What the desk reads about a delivery run: outcomes, the area a run covers, each scan's answer.

Words only, made from values: the queries behind them are in `runs` and `outcomes`.
"""

from __future__ import annotations

from loket.core.cards import state_label
from loket.core.handover.words import relation_label
from loket.domain.states import CardState, DeliveryOutcome, Relation
from loket.i18n import _


def outcome_label(outcome: DeliveryOutcome | None) -> str:
    """ "Diterima", "Tidak di rumah", ...; "Belum dicatat" while the card is still out."""
    if outcome is None:
        return _("Belum dicatat")
    return {
        DeliveryOutcome.DELIVERED: _("Diterima"),
        DeliveryOutcome.NOT_AT_HOME: _("Tidak di rumah"),
        DeliveryOutcome.MOVED: _("Pindah"),
        DeliveryOutcome.REFUSED: _("Menolak"),
        DeliveryOutcome.NOT_RECORDED: _("Tidak tercatat"),
    }[outcome]


def area_text(rw: str, rts: tuple[str, ...]) -> str:
    """ "RW 005, RT 001, 003" or "RW 005 (semua RT)": the part of the kelurahan a run covers."""
    if rts:
        return _("RW {rw}, RT {rts}").format(rw=rw, rts=", ".join(rts))
    return _("RW {rw} (semua RT)").format(rw=rw)


def recorded_sentence(
    name: str,
    outcome: DeliveryOutcome,
    recipient: str,
    relation: Relation | None,
    receipt_number: str,
) -> str:
    """What was recorded for a card: "Kartu X diterima oleh Sumarni (orang tua), tanda ..."."""
    if outcome is DeliveryOutcome.DELIVERED:
        who = recipient
        if relation is not None and relation is not Relation.OWNER:
            who = f"{recipient} ({relation_label(relation).lower()})"
        return _("Kartu {name} diterima oleh {who}, tanda terima {number}.").format(
            name=name, who=who, number=receipt_number or "-"
        )
    return _("Kartu {name}: {outcome}. Kartu kembali ke stok loket.").format(
        name=name, outcome=outcome_label(outcome).lower()
    )


def on_other_run_sentence(name: str, run_number: str, courier: str) -> str:
    """A scanned card that is out, but with another run."""
    return _(
        "Kartu {name} tidak ada di pengantaran ini, tetapi di pengantaran {number} "
        "(petugas {courier}). Pilih pengantaran itu dulu, lalu pindai lagi."
    ).format(name=name, number=run_number, courier=courier)


def not_in_run_sentence(name: str, nik: str, state: CardState | None) -> str:
    """A scanned card that was never sent out with this run; `state` None: no such card here."""
    if state is None:
        return _("Tidak ada kartu dengan NIK {nik} di kelurahan ini.").format(nik=nik)
    return _("Kartu {name} (NIK {nik}) tidak ikut dalam pengantaran ini. Status: {state}.").format(
        name=name or "-", nik=nik, state=state_label(state).lower()
    )
