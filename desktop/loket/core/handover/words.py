"""The words of a handover: relations, documents, the old card, and the answer to a resident.

The phrases printed on a receipt are official paper, Indonesian only, and so are not
translated; what the desk reads on screen goes through `_()`.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from loket.core.handover.handovers import DeliveryNote, HandoverInfo
from loket.core.handover.lookup import Answer, CardStatus, OpenReturnNote
from loket.core.indonesia import writing
from loket.core.indonesia.names import end_sentence
from loket.domain.states import DocumentChecked, OldCardFate, Relation
from loket.i18n import _


def relation_label(relation: Relation) -> str:
    """ "Orang tua": who collects, seen from the card's owner."""
    return {
        Relation.OWNER: _("Pemilik sendiri"),
        Relation.SPOUSE: _("Suami/istri"),
        Relation.PARENT: _("Orang tua"),
        Relation.CHILD: _("Anak"),
        Relation.SIBLING: _("Saudara kandung"),
        Relation.GRANDPARENT: _("Kakek/nenek"),
        Relation.GRANDCHILD: _("Cucu"),
        Relation.OTHER_FAMILY: _("Keluarga lain"),
        Relation.NOT_FAMILY: _("Bukan keluarga"),
    }[relation]


def document_label(document: DocumentChecked) -> str:
    return {
        DocumentChecked.RECORDING_SLIP: _("Bukti perekaman (resi)"),
        DocumentChecked.FAMILY_CARD: _("Kartu Keluarga (KK)"),
        DocumentChecked.POWER_OF_ATTORNEY: _("Surat kuasa"),
        DocumentChecked.REPRESENTATIVE_ID: _("KTP-el yang mewakili"),
    }[document]


def old_card_label(fate: OldCardFate) -> str:
    """The choice on the form."""
    return {
        OldCardFate.SURRENDERED: _("Diserahkan (untuk dimusnahkan)"),
        OldCardFate.LOST: _("Hilang (ada surat keterangan kehilangan dari polisi)"),
        OldCardFate.NONE: _("Tidak ada (kartu pertama)"),
        OldCardFate.DAMAGED: _("Rusak (diserahkan)"),
    }[fate]


# ---------------------------------------------------------------- on the receipt (Indonesian)


# ---------------------------------------------------------------- answers to a resident


def answer_label(answer: Answer) -> str:
    """The headline of an answer: short, for a coloured banner."""
    return {
        Answer.WAITING: _("Ada di loket"),
        Answer.NOT_YET_EXPECTED: _("Belum sampai di kelurahan"),
        Answer.NEVER_SEEN: _("Belum pernah ada di kelurahan"),
        Answer.HANDED_OVER: _("Sudah diambil"),
        Answer.RETURNED: _("Dikembalikan ke kecamatan"),
        Answer.OUT_FOR_DELIVERY: _("Sedang diantar"),
        Answer.SET_ASIDE: _("Disisihkan untuk kecamatan"),
        Answer.MISSING: _("Tidak ikut datang"),
    }[answer]


def _owner(status: CardStatus) -> str:
    name = status.card.name if status.card and status.card.name else ""
    return f"{name} ({status.nik})" if name else status.nik


def _day(status: CardStatus, zone: ZoneInfo) -> str:
    if status.since is None:
        return "-"
    return writing.long_date(status.since.astimezone(zone).date())


def officer_at_desk(officer: str, desk: str) -> str:
    """ "Dewi Lestari di Loket 1"; the name alone for a handover from before desks had names."""
    if not desk:
        return officer
    return _("{officer} di {desk}").format(officer=officer, desk=desk)


def collected_sentence(handover: HandoverInfo, zone: ZoneInfo) -> str:
    """Who took the card, when, with which receipt, from which officer at which desk."""
    who = handover.collector_name
    if handover.by_representative:
        who = f"{who} ({relation_label(handover.relation).lower()})"
    return end_sentence(
        _("Sudah diambil oleh {who} pada {when}, tanda terima {number}, petugas {officer}.").format(
            who=who,
            when=writing.date_time(handover.handed_over_at, zone),
            number=handover.receipt_number,
            officer=officer_at_desk(handover.officer_name, handover.desk),
        )
    )


def return_name(reference: str, return_id: int) -> str:
    """How the desk names a return: by its covering letter, or by its number until it has one."""
    if reference:
        return _("pengembalian {reference}").format(reference=reference)
    return _("pengembalian no. {id} (nomor surat pengantar belum diisi)").format(id=return_id)


def in_open_return_sentence(owner: str, note: OpenReturnNote, zone: ZoneInfo) -> str:
    """A card in stock already scanned into a return that is not closed yet."""
    return _(
        "KTP-el {owner} ada di loket, tetapi sudah dimasukkan ke {name} untuk dikembalikan ke "
        "kecamatan (belum ditutup; dibuka oleh {opened_by} pada {day}). Bila pemiliknya datang, "
        "keluarkan dulu kartu ini dari pengembalian itu di halaman Pengembalian, lalu serahkan."
    ).format(
        owner=owner,
        name=return_name(note.reference, note.return_id),
        opened_by=note.opened_by or "-",
        day=writing.long_date(note.opened_at.astimezone(zone).date()),
    )


def status_sentence(status: CardStatus, zone: ZoneInfo) -> str:
    """The plain answer for the resident at the desk, in one or two sentences."""
    owner, day, ref = _owner(status), _day(status, zone), status.batch_reference
    answer = status.answer
    if answer is Answer.WAITING and status.open_return is not None:
        return in_open_return_sentence(owner, status.open_return, zone)
    if answer is Answer.WAITING:
        return _(
            "KTP-el {owner} ada di loket sejak {day} (kiriman {ref}). Bisa diambil sekarang."
        ).format(owner=owner, day=day, ref=ref)
    if answer is Answer.NOT_YET_EXPECTED:
        return _(
            "KTP-el {owner} ada di daftar kiriman {ref} dari kecamatan, tetapi kartunya belum "
            "diterima di kelurahan. Belum bisa diambil."
        ).format(owner=owner, ref=ref)
    if answer is Answer.NEVER_SEEN:
        return _(
            "Belum ada KTP-el untuk NIK {nik} di kelurahan ini: kartunya belum dikirim oleh "
            "kecamatan. Sarankan menanyakan ke kecamatan atau Disdukcapil."
        ).format(nik=status.nik)
    if answer is Answer.HANDED_OVER:
        if status.handover is None:
            return _("KTP-el {owner} sudah diserahkan.").format(owner=owner)
        return _("KTP-el {owner}: {collected}").format(
            owner=owner, collected=collected_sentence(status.handover, zone)
        )
    if answer is Answer.RETURNED:
        return _(
            "KTP-el {owner} sudah dikembalikan ke kecamatan pada {day} (berita acara {number}). "
            "Silakan menanyakan ke kecamatan."
        ).format(owner=owner, day=day, number=status.berita_acara_number or "-")
    if answer is Answer.OUT_FOR_DELIVERY:
        return _("KTP-el {owner} sedang diantar ke rumah oleh petugas kelurahan.").format(
            owner=owner
        )
    if answer is Answer.SET_ASIDE:
        return _(
            "KTP-el {owner} datang dalam kiriman {ref} tetapi disisihkan untuk dikembalikan "
            "ke kecamatan. Tidak bisa diserahkan di sini."
        ).format(owner=owner, ref=ref)
    return _(
        "KTP-el {owner} ada di daftar kiriman {ref} tetapi tidak ikut datang (berita acara "
        "{number}). Silakan menanyakan ke kecamatan."
    ).format(owner=owner, ref=ref, number=status.berita_acara_number or "-")


def out_for_delivery_sentence(owner: str, delivery: DeliveryNote, zone: ZoneInfo) -> str:
    """Which run took the card out, with which petugas, since when."""
    return _(
        "KTP-el {owner} sedang diantar ke rumah oleh {courier} (pengantaran {number}, sejak "
        "{day}). Kartu bisa diserahkan di loket setelah petugas kembali dan hasilnya dicatat."
    ).format(
        owner=owner,
        courier=delivery.courier_name,
        number=delivery.run_number,
        day=writing.long_date(delivery.sent_at.astimezone(zone).date()),
    )


def not_in_stock_refusal(
    status: CardStatus, zone: ZoneInfo, delivery: DeliveryNote | None = None
) -> str:
    """Why a card cannot be handed over now, with where it is (and who took it).

    `delivery`: the run a card out for delivery went with, to name it and its petugas.
    """
    if status.answer is Answer.OUT_FOR_DELIVERY and delivery is not None:
        return _("Kartu ini tidak bisa diserahkan sekarang. {answer}").format(
            answer=out_for_delivery_sentence(_owner(status), delivery, zone)
        )
    if status.answer is Answer.HANDED_OVER and status.handover is not None:
        return _("Kartu ini tidak bisa diserahkan dua kali. {collected}").format(
            collected=collected_sentence(status.handover, zone)
        )
    return _("Kartu ini tidak bisa diserahkan sekarang. {answer}").format(
        answer=status_sentence(status, zone)
    )
