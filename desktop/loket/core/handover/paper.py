"""The tanda terima as the documents layer draws it, and the words a receipt prints (Indonesian
only).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from loket.core.papers.paper import Letterhead, Signatory, nik_leaving_office
from loket.domain.states import DocumentChecked, OldCardFate, Relation

#: A signature drawn on screen: strokes of points, each (x, y) from 0 to 1, y downwards.
Strokes = tuple[tuple[tuple[float, float], ...], ...]


@dataclass(frozen=True, slots=True)
class ReceiptSlip:
    """Tanda terima KTP-el: given to whoever collects a card, and kept in the archive."""

    letterhead: Letterhead
    receipt_number: str  # "3374041002-2026-000123"
    issued_at: str  # "Jumat, 27 November 2026 pukul 09.30 WIB"
    owner_name: str
    owner_nik: str
    owner_address: str  # "Rusunawa Kaligawe Blok A Lt. 1 No. 5, RT 009/RW 001"
    collector_name: str  # the owner's own name when the owner collects
    collector_nik: str
    relation: str  # "Pemilik sendiri", "Orang tua (surat kuasa)", ...
    collector_phone: str
    documents_checked: tuple[str, ...]  # "Bukti perekaman (resi)", "Kartu Keluarga", ...
    old_card: str  # "KTP lama diserahkan untuk dimusnahkan", "Hilang: surat kehilangan No. ..."
    officer: Signatory
    collector: Signatory
    place_and_date: str
    signature: Strokes = ()  # the collector's signature drawn on screen, if any
    copy_label: str = ""  # "SALINAN" on a reprint
    delivery_text: str = ""  # delivered door to door: by whom, on which run sheet, recorded by
    reprint_text: str = ""  # "Kamis, 3 Desember 2026 pukul 09.30 WIB oleh Dewi Lestari"
    # On a voided receipt: "DIBATALKAN: <reason>. Disetujui <supervisor>, NIP ..., <when>".
    void_text: str = ""
    desk: str = ""  # the desk that handed it over ("Loket 2"); "" before desks had names


_RELATION_ON_PAPER = {
    Relation.OWNER: "Pemilik sendiri",
    Relation.SPOUSE: "Suami/istri",
    Relation.PARENT: "Orang tua",
    Relation.CHILD: "Anak",
    Relation.SIBLING: "Saudara kandung",
    Relation.GRANDPARENT: "Kakek/nenek",
    Relation.GRANDCHILD: "Cucu",
    Relation.OTHER_FAMILY: "Keluarga lain",
    Relation.NOT_FAMILY: "Bukan keluarga",
}


_DOCUMENT_ON_PAPER = {
    DocumentChecked.RECORDING_SLIP: "Bukti perekaman (resi)",
    DocumentChecked.FAMILY_CARD: "Kartu Keluarga (KK)",
    DocumentChecked.POWER_OF_ATTORNEY: "Surat kuasa",
    DocumentChecked.REPRESENTATIVE_ID: "KTP-el yang mewakili",
}


def relation_on_paper(relation: Relation, delivered: bool = False) -> str:
    """ "Pemilik sendiri", "Orang tua (dengan surat kuasa)", "Orang tua (diantar ke rumah)"."""
    text = _RELATION_ON_PAPER[relation]
    if delivered:
        return f"{text} (diantar ke rumah)"
    return text if relation is Relation.OWNER else f"{text} (dengan surat kuasa)"


def collector_title_on_paper(relation: Relation) -> str:
    """Under the collector's signature: "Pemilik KTP-el", "Yang mewakili (orang tua)"."""
    if relation is Relation.OWNER:
        return "Pemilik KTP-el"
    return f"Yang mewakili ({_RELATION_ON_PAPER[relation].lower()})"


def documents_on_paper(documents: frozenset[DocumentChecked]) -> tuple[str, ...]:
    return tuple(_DOCUMENT_ON_PAPER[d] for d in DocumentChecked if d in documents)


def old_card_on_paper(fate: OldCardFate, police_letter_number: str) -> str:
    if fate is OldCardFate.LOST:
        return f"KTP lama hilang: surat keterangan kehilangan No. {police_letter_number}"
    return {
        OldCardFate.SURRENDERED: "KTP lama diserahkan untuk dimusnahkan",
        OldCardFate.NONE: "Tidak ada KTP lama (kartu pertama)",
        OldCardFate.DAMAGED: "KTP lama rusak, diserahkan untuk dimusnahkan",
    }[fate]


def resident_copy(slip: ReceiptSlip) -> ReceiptSlip:
    """The copy that goes home with whoever collected, as every paper leaving the office is
    printed: the owner's and the representative's NIK masked (core/papers/paper.py), no phone
    number (the office's copy keeps it, to call back). The office's copy is `slip` itself."""
    return dataclasses.replace(
        slip,
        owner_nik=nik_leaving_office(slip.owner_nik),
        collector_nik=nik_leaving_office(slip.collector_nik) if slip.collector_nik.strip() else "",
        collector_phone="",
    )
