"""The rules of a handover form: who may collect under the office's policy, and what to show.

Documents: whoever collects shows the owner's bukti perekaman or KK (either one proves the
card is theirs to collect); a representative also brings a surat kuasa and their own KTP-el.
A representative's NIK follows the NIK rules and is not the owner's. A lost old card needs
the police loss letter's number. A phone number is optional.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from loket.core.cards import CardInfo
from loket.core.handover.paper import Strokes
from loket.core.indonesia.nik import describe_problem, parse_nik
from loket.core.settings.shared import OfficeSettings, RepresentativePolicy
from loket.domain.errors import LoketError
from loket.domain.states import DocumentChecked, OldCardFate, Relation
from loket.i18n import _

MAX_SIGNATURE_POINTS = 5000
FAMILY = frozenset(set(Relation) - {Relation.OWNER, Relation.NOT_FAMILY})
#: Papers that show the card is the owner's to collect; one of them is always needed.
OWNER_DOCUMENTS = frozenset({DocumentChecked.RECORDING_SLIP, DocumentChecked.FAMILY_CARD})
_PHONE = re.compile(r"\+?[0-9][0-9 \-]*")


@dataclass(frozen=True, slots=True, kw_only=True)
class HandoverRequest:
    """What the form says: who collects, what was checked, what became of the old card."""

    card_id: int
    relation: Relation
    old_card: OldCardFate
    documents: frozenset[DocumentChecked] = field(default_factory=frozenset)
    collector_name: str = ""  # a representative's name (the owner's is on the card)
    collector_nik: str = ""
    collector_phone: str = ""
    police_letter_number: str = ""  # old card LOST: the police loss letter
    signature: Strokes = ()
    owner_name: str = ""  # only for a card recorded without a name: as printed on the card

    @property
    def by_representative(self) -> bool:
        return self.relation is not Relation.OWNER


class HandoverRefused(LoketError):
    """The form breaks a rule; `problems` holds every sentence, the message all of them."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def check_request(
    settings: OfficeSettings,
    request: HandoverRequest,
    card: CardInfo | None = None,
    today: dt.date | None = None,
) -> list[str]:
    """Every problem with the form as an Indonesian sentence; [] when it may be confirmed.

    With `card`, the representative's NIK and the owner's name are checked against it too.
    """
    problems = _representative_problems(settings, request, card, today)
    documents = request.documents
    if not documents & OWNER_DOCUMENTS:
        problems.append(
            _(
                "Periksa bukti perekaman (resi) atau Kartu Keluarga pemilik: salah satu wajib "
                "ditunjukkan."
            )
        )
    if request.old_card is OldCardFate.LOST and not request.police_letter_number.strip():
        problems.append(
            _("KTP lama hilang: isi nomor surat keterangan kehilangan dari kepolisian.")
        )
    if len(request.police_letter_number.strip()) > 100:
        problems.append(_("Nomor surat kehilangan terlalu panjang."))
    problems += _phone_problems(request.collector_phone)
    if card is not None and not card.name and not " ".join(request.owner_name.split()):
        problems.append(
            _("Kartu ini tercatat tanpa nama. Isi nama pemilik seperti tertulis di kartunya.")
        )
    if not _signature_ok(request.signature):
        problems.append(_("Tanda tangan tidak terbaca. Hapus lalu ulangi tanda tangannya."))
    return problems


def _representative_problems(
    settings: OfficeSettings, request: HandoverRequest, card: CardInfo | None, today: dt.date | None
) -> list[str]:
    if not request.by_representative:
        return []
    policy = settings.representative_policy
    if policy is RepresentativePolicy.NONE:
        return [
            _(
                "Kebijakan kantor: KTP-el hanya boleh diambil oleh pemiliknya sendiri, tidak "
                "boleh diwakilkan."
            )
        ]
    if policy is RepresentativePolicy.FAMILY_WITH_POWER_OF_ATTORNEY and (
        request.relation not in FAMILY
    ):
        return [
            _(
                "Kebijakan kantor: yang boleh mewakili hanya keluarga pemilik, dengan surat "
                "kuasa. Orang yang bukan keluarga tidak boleh mengambil kartu ini."
            )
        ]
    problems: list[str] = []
    name = " ".join(request.collector_name.split())
    if not name:
        problems.append(_("Isi nama orang yang mewakili, seperti tertulis di KTP-elnya."))
    elif len(name) > 160:
        problems.append(_("Nama yang mewakili terlalu panjang."))
    problems += _representative_nik_problems(request.collector_nik, card, today)
    if DocumentChecked.POWER_OF_ATTORNEY not in request.documents:
        problems.append(
            _("Yang mewakili wajib membawa surat kuasa dari pemilik kartu. Periksa dan centang.")
        )
    if DocumentChecked.REPRESENTATIVE_ID not in request.documents:
        problems.append(_("Periksa KTP-el orang yang mewakili dan centang."))
    return problems


def _representative_nik_problems(
    nik_text: str, card: CardInfo | None, today: dt.date | None
) -> list[str]:
    if not nik_text.strip():
        return [_("Isi NIK orang yang mewakili, dari KTP-elnya.")]
    check = parse_nik(nik_text, today)
    if check.nik is None:
        assert check.problem is not None
        return [
            _("NIK yang mewakili salah. {problem}").format(
                problem=describe_problem(check.problem, check.cleaned)
            )
        ]
    if card is not None and check.nik.digits == card.nik:
        return [
            _(
                "NIK yang mewakili sama dengan NIK pemilik kartu. Jika pemiliknya sendiri yang "
                "datang, pilih \u201cPemilik sendiri\u201d."
            )
        ]
    return []


def _phone_problems(phone: str) -> list[str]:
    phone = phone.strip()
    if not phone:
        return []
    if not _PHONE.fullmatch(phone):
        return [_("Nomor HP hanya boleh berisi angka, tanda + dan tanda -.")]
    digits = sum(c.isdigit() for c in phone)
    if not 8 <= digits <= 15:
        return [_("Nomor HP harus 8 sampai 15 angka.")]
    return []


def _signature_ok(strokes: Strokes) -> bool:
    points = [point for stroke in strokes for point in stroke]
    return len(points) <= MAX_SIGNATURE_POINTS and all(
        math.isfinite(c) and -0.01 <= c <= 1.01 for point in points for c in point
    )
