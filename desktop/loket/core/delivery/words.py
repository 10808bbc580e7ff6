"""What a delivery run shows: the values the desk reads, their words, and the run sheet's text.

What the desk reads goes through `_()`; the run sheet is official paper, Indonesian only.
`out_for_delivery` and `delivery_of_handover` let the handover use cases name a run without
importing the delivery use cases (which build on them).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.core.cards import state_label
from loket.core.handover.words import relation_label
from loket.db.models import Card, DeliveryLine, DeliveryRun
from loket.domain.states import DeliveryOutcome, Relation
from loket.i18n import _

# ---------------------------------------------------------------- values the desk reads


# ---------------------------------------------------------------- words


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


def not_in_run_sentence(session: Session, nik: str) -> str:
    """Why a scanned NIK is not on this run: on another run still out, not sent, or unknown."""
    elsewhere = session.execute(
        select(DeliveryRun, Card)
        .join(DeliveryLine, DeliveryLine.run_id == DeliveryRun.id)
        .join(Card, Card.id == DeliveryLine.card_id)
        .where(Card.nik == nik, DeliveryLine.outcome.is_(None))
    ).first()
    if elsewhere is not None:
        run, card = elsewhere
        return _(
            "Kartu {name} tidak ada di pengantaran ini, tetapi di pengantaran {number} "
            "(petugas {courier}). Pilih pengantaran itu dulu, lalu pindai lagi."
        ).format(name=card.name or nik, number=run.number, courier=run.courier_name)
    latest = session.scalar(select(Card).where(Card.nik == nik).order_by(Card.id.desc()))
    if latest is not None:
        return _(
            "Kartu {name} (NIK {nik}) tidak ikut dalam pengantaran ini. Status: {state}."
        ).format(name=latest.name or "-", nik=nik, state=state_label(latest.state).lower())
    return _("Tidak ada kartu dengan NIK {nik} di kelurahan ini.").format(nik=nik)


# ---------------------------------------------------------------- the run sheet (official paper)


# ---------------------------------------------------------------- where a card is
