"""Reading and checking a NIK (Nomor Induk Kependudukan).

PP KK CC DDMMYY SSSS: province, kabupaten/kota and kecamatan of first
registration, birth date (women: day + 40), serial. There is no check digit,
so these rules only refuse numbers that cannot be a NIK.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from dataclasses import dataclass

from loket.core.indonesia import lokal_adapter
from loket.i18n import _

NIK_LENGTH = 16

# Spaces of every kind, dots and dashes (and typographic cousins) people put inside a NIK.
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212\u00a0\u202f\ufeff]")
_ASCII_DIGITS = re.compile(r"[0-9]+")


class NikProblem(enum.Enum):
    EMPTY = "empty"
    NOT_DIGITS = "not_digits"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    UNKNOWN_PROVINCE = "unknown_province"
    ZERO_REGION = "zero_region"
    IMPOSSIBLE_DATE = "impossible_date"
    ZERO_SERIAL = "zero_serial"


@dataclass(frozen=True, slots=True)
class Nik:
    digits: str
    birth_date: dt.date
    is_female: bool
    #: False when the kecamatan code is missing from today's Kemendagri list (old codes stay valid).
    region_known: bool

    @property
    def district_code(self) -> str:
        """Kecamatan of first registration, dotted: "33.74.04"."""
        return f"{self.digits[0:2]}.{self.digits[2:4]}.{self.digits[4:6]}"

    @property
    def serial(self) -> str:
        return self.digits[12:]

    def grouped(self) -> str:
        """ "3374 0426 0652 8310": easier to read aloud at the counter."""
        return " ".join(self.digits[i : i + 4] for i in range(0, NIK_LENGTH, 4))

    def __str__(self) -> str:
        return self.digits


@dataclass(frozen=True, slots=True)
class NikCheck:
    """The result of reading a text as a NIK: a `nik`, or the `problem` that refused it."""

    text: str
    cleaned: str
    nik: Nik | None
    problem: NikProblem | None

    @property
    def ok(self) -> bool:
        return self.nik is not None

    @property
    def region_warning(self) -> bool:
        return self.nik is not None and not self.nik.region_known


def clean_nik_text(text: str) -> str:
    """Full-width digits to ASCII; leading apostrophe (Excel's text marker), separators removed."""
    normalized = unicodedata.normalize("NFKC", text).strip()
    normalized = normalized.lstrip("'\u2018\u2019`")
    return _SEPARATORS.sub("", normalized)


def parse_nik(text: str, today: dt.date | None = None) -> NikCheck:
    today = today or dt.date.today()
    cleaned = clean_nik_text(text)
    problem = _shape_problem(cleaned)
    if problem is not None:
        return NikCheck(text, cleaned, None, problem)
    structure = lokal_adapter.read_nik_structure(cleaned, today)
    problem = _structure_problem(structure.error_codes)
    birth_date = _not_in_future(structure.birth_date, today)
    if problem is not None or birth_date is None or structure.is_female is None:
        return NikCheck(text, cleaned, None, problem or NikProblem.IMPOSSIBLE_DATE)
    nik = Nik(cleaned, birth_date, structure.is_female, structure.region_known)
    return NikCheck(text, cleaned, nik, None)


def _shape_problem(cleaned: str) -> NikProblem | None:
    if not cleaned:
        return NikProblem.EMPTY
    if not _ASCII_DIGITS.fullmatch(cleaned):
        return NikProblem.NOT_DIGITS
    if len(cleaned) < NIK_LENGTH:
        return NikProblem.TOO_SHORT
    if len(cleaned) > NIK_LENGTH:
        return NikProblem.TOO_LONG
    return None


_LOKAL_ERRORS = (
    ("province", NikProblem.UNKNOWN_PROVINCE),
    ("wilayah", NikProblem.ZERO_REGION),
    ("birth_date", NikProblem.IMPOSSIBLE_DATE),
    ("serial", NikProblem.ZERO_SERIAL),
)


def _structure_problem(error_codes: frozenset[str]) -> NikProblem | None:
    for code, problem in _LOKAL_ERRORS:
        if code in error_codes:
            return problem
    return None


def _not_in_future(birth_date: dt.date | None, today: dt.date) -> dt.date | None:
    """Chooses the century so the birth date is not after today (1 Dec '26 in Nov 2026 is 1926)."""
    if birth_date is None or birth_date <= today:
        return birth_date
    try:
        return birth_date.replace(year=birth_date.year - 100)
    except ValueError:  # 29 February that the earlier century does not have
        return None


def describe_problem(problem: NikProblem, cleaned: str = "") -> str:
    """One Indonesian sentence saying what is wrong with the number."""
    if problem is NikProblem.EMPTY:
        return _("Kosong: tidak ada angka yang terbaca.")
    if problem is NikProblem.NOT_DIGITS:
        return _("Bukan NIK: berisi huruf atau tanda selain angka.")
    if problem is NikProblem.TOO_SHORT:
        return _("Terlalu pendek: {count} angka, NIK harus 16 angka.").format(count=len(cleaned))
    if problem is NikProblem.TOO_LONG:
        return _("Terlalu panjang: {count} angka, NIK harus 16 angka.").format(count=len(cleaned))
    if problem is NikProblem.UNKNOWN_PROVINCE:
        return _("Kode provinsi {code} tidak ada.").format(code=cleaned[:2])
    if problem is NikProblem.ZERO_REGION:
        return _("Kode kabupaten/kota atau kecamatan 00 tidak mungkin.")
    if problem is NikProblem.IMPOSSIBLE_DATE:
        return _("Tanggal lahir {date} tidak mungkin (tanggal, bulan atau tahun salah).").format(
            date=f"{cleaned[6:8]}-{cleaned[8:10]}-{cleaned[10:12]}" if len(cleaned) >= 12 else "?"
        )
    return _("Nomor urut 0000 tidak mungkin.")
