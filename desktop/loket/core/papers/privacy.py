"""What a paper that leaves the office may say about a resident: one rule, for every paper.

Papers that leave the office — the call list pinned up in an RT and photographed into its chat
group, the run sheet carried house to house and signed by neighbours, the resident's copy of a
receipt that goes home with whoever collected — show a NIK as its first four and last four
digits: the region and the serial still tell two residents of one name apart at the desk,
while the birth date in the middle, on which identity fraud is built, stays in the office. A
phone number shows its last three digits only. The office's own copies (berita acara, laporan
harian, the office's copy of a receipt) keep the full values: they are filed, not handed out.
"""

from __future__ import annotations

_KEPT = 4  # digits kept at each end of a NIK
_PHONE_KEPT = 3


def nik_leaving_office(nik: str) -> str:
    """ "3374096804070373" -> "3374xxxxxxxx0373"; anything not a NIK is hidden whole."""
    nik = nik.strip()
    if len(nik) != 16:
        return "x" * len(nik)
    return f"{nik[:_KEPT]}{'x' * (16 - 2 * _KEPT)}{nik[-_KEPT:]}"


def phone_leaving_office(phone: str) -> str:
    """ "0812-3456-7890" -> "xxxxxxxxx890": enough for the resident to know it is theirs."""
    digits = "".join(c for c in phone if c.isdigit())
    if len(digits) <= _PHONE_KEPT:
        return "x" * len(digits)
    return "x" * (len(digits) - _PHONE_KEPT) + digits[-_PHONE_KEPT:]
