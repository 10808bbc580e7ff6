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


@dataclass(frozen=True, slots=True)
class CardLine:
    nik: str
    name: str
    note: str = ""  # "ketik manual", "disisihkan"
    rt_rw: str = ""  # "003/005" where the card's address is known, else ""


@dataclass(frozen=True, slots=True)
class AuditHead:
    """The audit trail's newest link when a paper was made: printed beside its signatures, so
    the signed paper can later prove that the record before it was not changed."""

    rows: int  # how many rows the chain had
    short_hash: str  # the start of the newest row's hash ("3fa9c2e1b7d0")
