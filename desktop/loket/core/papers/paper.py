"""Plain data handed to `loket.documents` to draw a paper. No rules here, only values.

Every text is already in its final Indonesian form (dates written out, counts
in words) so the documents layer only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Letterhead:
    """Kop surat: "PEMERINTAH KOTA SEMARANG / KECAMATAN GAYAMSARI / KELURAHAN KALIGAWE"."""

    government: str  # "PEMERINTAH KOTA SEMARANG"
    kecamatan: str  # "KECAMATAN GAYAMSARI"
    kelurahan: str  # "KELURAHAN KALIGAWE"
    address: str  # "Jl. Kaligawe Raya No. 1, Semarang 50164"
    logo_path: str = ""  # the office's logo (PNG/JPEG) drawn at the left, or "" for none


@dataclass(frozen=True, slots=True)
class Signatory:
    role: str  # "Yang Menyerahkan", "Yang Menerima", "Mengetahui,"
    title: str  # "Petugas Kecamatan Gayamsari", "Lurah Kaligawe"
    name: str  # may be "" when unknown: a blank line is drawn to write on
    nip: str  # may be ""
    has_nip: bool = True  # False: no NIP line at all (a Linmas member, a resident)


@dataclass(frozen=True, slots=True)
class CardLine:
    nik: str
    name: str
    note: str = ""  # "ketik manual", "disisihkan"
    rt_rw: str = ""  # "003/005" where the card's address is known, else ""


# ---------------------------------------------------------------- what leaves the office
#
# What a paper that leaves the office may say about a resident: one rule, for every paper.
#
# Papers that leave the office — the call list pinned up in an RT and photographed into its chat
# group, the run sheet carried house to house and signed by neighbours, the resident's copy of a
# receipt that goes home with whoever collected — show a NIK as its first four and last four
# digits: the region and the serial still tell two residents of one name apart at the desk,
# while the birth date in the middle, on which identity fraud is built, stays in the office. No
# phone number leaves at all. The office's own copies (berita acara, laporan harian, the
# office's copy of a receipt, the daftar hasil pengantaran) keep the full values: they are
# filed, not handed out.

_KEPT = 4  # digits kept at each end of a NIK


def nik_leaving_office(nik: str) -> str:
    """ "3374096804070373" -> "3374xxxxxxxx0373"; anything not a NIK is hidden whole."""
    nik = nik.strip()
    if len(nik) != 16:
        return "x" * len(nik)
    return f"{nik[:_KEPT]}{'x' * (16 - 2 * _KEPT)}{nik[-_KEPT:]}"


def grouped_nip(nip: str) -> str:
    """An 18-digit NIP as it is printed under a signature: "19680512 199403 1 007"."""
    digits = "".join(nip.split())
    if len(digits) == 18 and digits.isdigit():
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return nip.strip()


@dataclass(frozen=True, slots=True)
class AuditHead:
    """The audit trail's newest link when a paper was made: printed beside its signatures, so
    the signed paper can later prove that the record before it was not changed."""

    rows: int  # how many rows the chain had
    short_hash: str  # the start of the newest row's hash ("3fa9c2e1b7d0")
