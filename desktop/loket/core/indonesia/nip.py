"""NIP (Nomor Induk Pegawai): the civil servant's number printed under a signature."""

from __future__ import annotations

import re

from loket.i18n import _

NIP_LENGTH = 18
_SEPARATORS = re.compile(r"[\s.\-]")


def clean_nip(text: str) -> str:
    """NIPs are often written in groups ("19680512 199403 1 007"); only the digits count."""
    return _SEPARATORS.sub("", text)


def nip_problem(text: str, whose: str) -> str | None:
    """Why this NIP cannot be right, or None; an empty NIP is allowed (not everyone has one)."""
    nip = clean_nip(text)
    if not nip:
        return None
    if not nip.isascii() or not nip.isdigit():
        return _("NIP {whose} hanya berisi angka; yang diketik: “{typed}”.").format(
            whose=whose, typed=text.strip()
        )
    if len(nip) != NIP_LENGTH:
        return _("NIP {whose} harus {length} angka; yang diketik {count} angka.").format(
            whose=whose, length=NIP_LENGTH, count=len(nip)
        )
    return None
