"""The office's identity: which kelurahan, its address, its lurah."""

from __future__ import annotations

import logging
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from loket.core import audit, lokal_adapter
from loket.core.clock import office_zone, utc_now
from loket.core.errors import LoketError, NotAllowed
from loket.core.lokal_adapter import Region
from loket.core.nip import clean_nip, nip_problem
from loket.core.paper_data import Letterhead
from loket.core.staff import StaffMember
from loket.db.engine import Database
from loket.db.models import Office, Role
from loket.i18n import _

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class OfficeInfo:
    region_code: str
    kelurahan: str
    kecamatan: str
    kota: str
    province: str
    postal_code: str
    kind: str  # "kelurahan" or "desa"
    address: str
    lurah_name: str
    lurah_nip: str

    @property
    def zone(self) -> ZoneInfo:
        return office_zone(self.region_code)

    @property
    def is_desa(self) -> bool:
        return self.kind != "kelurahan"

    @property
    def place_name(self) -> str:
        """Where papers are signed: "Semarang" for a kota, the village itself in a kabupaten."""
        if self.kota.startswith("Kota "):
            return self.kota.removeprefix("Kota ")
        return self.kelurahan

    def letterhead(self, data_root: Path | None = None) -> Letterhead:
        """The kop surat; with the data folder, its logo too when one has been chosen.

        Official papers are in Indonesian only, so nothing here goes through the catalogue.
        """
        government = self.kota.upper()
        village = "DESA" if self.is_desa else "KELURAHAN"
        address = ", ".join(p for p in (self.address, self.postal_code) if p)
        logo = logo_file(data_root) if data_root is not None else None
        return Letterhead(
            government=f"PEMERINTAH {government}",
            kecamatan=f"KECAMATAN {self.kecamatan.upper()}",
            kelurahan=f"{village} {self.kelurahan.upper()}",
            address=address,
            logo_path=str(logo) if logo else "",
        )

    @property
    def code_digits(self) -> str:
        """ "3374041002": the office code used in document numbers."""
        return self.region_code.replace(".", "")


def find_kelurahan(code: str) -> Region:
    """The kelurahan/desa with this code, or LoketError when the code is not one."""
    found = lokal_adapter.region(code.strip())
    if found is None or found.level != 4:
        raise LoketError(
            _(
                "Kode wilayah \u201c{code}\u201d bukan kode kelurahan/desa yang terdaftar di "
                "Kemendagri. Contoh yang benar: 33.74.04.1002."
            ).format(code=code.strip())
        )
    return found


def _info(row: Office) -> OfficeInfo:
    kelurahan = find_kelurahan(row.region_code)
    parts = row.region_code.split(".")
    kecamatan = lokal_adapter.region(".".join(parts[:3]))
    kota = lokal_adapter.region(".".join(parts[:2]))
    province = lokal_adapter.region(parts[0])
    return OfficeInfo(
        region_code=row.region_code,
        kelurahan=kelurahan.name,
        kecamatan=kecamatan.name if kecamatan else "",
        kota=kota.name if kota else "",
        province=province.name if province else "",
        postal_code=kelurahan.postal_code or "",
        kind=kelurahan.kind,
        address=row.address,
        lurah_name=row.lurah_name,
        lurah_nip=row.lurah_nip,
    )


def get_office(database: Database) -> OfficeInfo | None:
    with database.transaction() as session:
        row = session.scalar(select(Office))
        return _info(row) if row else None


def set_up_office(
    database: Database,
    region_code: str,
    address: str = "",
    lurah_name: str = "",
    lurah_nip: str = "",
    actor_id: int | None = None,
) -> OfficeInfo:
    """Creates the office, or changes its details when it exists."""
    kelurahan = find_kelurahan(region_code)
    problem = nip_problem(lurah_nip, _("lurah"))
    if problem:
        raise LoketError(problem)
    lurah_nip = clean_nip(lurah_nip)
    with database.transaction() as session:
        row = session.scalar(select(Office))
        action = "office.update" if row else "office.setup"
        if row is None:
            row = Office(created_at=utc_now())
            session.add(row)
        row.region_code = kelurahan.code
        row.address = address.strip()
        row.lurah_name = lurah_name.strip()
        row.lurah_nip = lurah_nip.strip()
        session.flush()
        audit.record(
            session,
            actor_id,
            action,
            "office",
            row.id,
            region_code=row.region_code,
            address=row.address,
            lurah_name=row.lurah_name,
            lurah_nip=row.lurah_nip,
        )
        return _info(row)


def update_office(
    database: Database,
    actor: StaffMember,
    region_code: str,
    address: str,
    lurah_name: str,
    lurah_nip: str,
) -> OfficeInfo:
    """The office's details changed from Pengaturan: admin only, audited as "office.update"."""
    if actor.role is not Role.ADMIN:
        raise NotAllowed(_("Hanya admin yang boleh mengubah data kantor."))
    return set_up_office(database, region_code, address, lurah_name, lurah_nip, actor.id)


# ---------------------------------------------------------------- the letterhead logo

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 10_000  # pixels; a bigger "logo" is a photo or a broken header
_LOGO_STEM = "logo"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers (baseline, progressive, lossless...); they carry the size.
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


@dataclass(frozen=True, slots=True)
class LogoImage:
    suffix: str  # ".png" or ".jpg": the name it is kept under in the data folder
    width: int
    height: int


def _png_size(data: bytes) -> tuple[int, int] | None:
    if not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR" or len(data) < 24:
        return None
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    if not data.startswith(b"\xff\xd8"):
        return None
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker in _JPEG_FRAMES:
            if at + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return int(width), int(height)
        if length < 2 or marker == 0xD9:
            return None
        at += 2 + length
    return None


def read_logo_header(data: bytes) -> LogoImage | None:
    """What the header of a PNG or JPEG says, or None when it is neither (or is broken)."""
    for suffix, size in ((".png", _png_size(data)), (".jpg", _jpeg_size(data))):
        if size is not None:
            width, height = size
            if 0 < width <= LOGO_MAX_SIDE and 0 < height <= LOGO_MAX_SIDE:
                return LogoImage(suffix, width, height)
            return None
    return None


def logo_file(data_root: Path) -> Path | None:
    """The office's logo in the data folder, or None when there is none."""
    for suffix in (".png", ".jpg"):
        path = data_root / f"{_LOGO_STEM}{suffix}"
        if path.is_file():
            return path
    return None


def _check_logo_actor(actor: StaffMember) -> None:
    if actor.role is not Role.ADMIN:
        raise NotAllowed(_("Hanya admin yang boleh mengganti logo kop surat."))


def _read_logo(image_path: Path) -> tuple[bytes, LogoImage]:
    try:
        size = image_path.stat().st_size
        if size > LOGO_MAX_BYTES:
            raise LoketError(
                _(
                    "Berkas logo terlalu besar ({size:.1f} MB); paling besar 2 MB. Simpan ulang "
                    "gambarnya dengan ukuran lebih kecil, misalnya 600 × 600 piksel."
                ).format(size=size / 1024 / 1024)
            )
        data = image_path.read_bytes()
    except OSError as error:
        raise LoketError(
            _("Berkas {name} tidak bisa dibaca ({error}).").format(
                name=image_path.name, error=error.strerror or error
            )
        ) from error
    found = read_logo_header(data)
    if found is None:
        raise LoketError(
            _(
                "Berkas {name} bukan gambar PNG atau JPEG yang utuh. Pilih logo berformat "
                "PNG atau JPG."
            ).format(name=image_path.name)
        )
    return data, found


def _write_atomically(target: Path, data: bytes) -> None:
    temporary = target.with_name(f"{target.name}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise LoketError(
            _("Logo tidak bisa disimpan di folder data ({error}).").format(
                error=error.strerror or error
            )
        ) from error


def _remove_logos(data_root: Path, keep: str = "") -> None:
    try:
        for suffix in (".png", ".jpg"):
            if suffix != keep:
                (data_root / f"{_LOGO_STEM}{suffix}").unlink(missing_ok=True)
    except OSError as error:
        raise LoketError(
            _("Logo lama tidak bisa dihapus ({error}).").format(error=error.strerror or error)
        ) from error


def set_logo(database: Database, data_root: Path, actor: StaffMember, image_path: Path) -> Path:
    """Copies a PNG/JPEG (checked, at most 2 MB) to DATA/logo.png or .jpg; audited.

    Written to a temporary file and renamed into place: a paper never gets half a logo.
    """
    _check_logo_actor(actor)
    data, found = _read_logo(image_path)
    target = data_root / f"{_LOGO_STEM}{found.suffix}"
    with database.transaction() as session:
        before = logo_file(data_root)
        _write_atomically(target, data)
        _remove_logos(data_root, keep=found.suffix)
        audit.record(
            session,
            actor.id,
            "office.logo",
            "office",
            None,
            source=image_path.name,
            bytes=len(data),
            width=found.width,
            height=found.height,
            before=before.name if before else "",
            after=target.name,
        )
    return target


def clear_logo(database: Database, data_root: Path, actor: StaffMember) -> None:
    """Papers are printed without a logo from now on; audited when there was one."""
    _check_logo_actor(actor)
    with database.transaction() as session:
        before = logo_file(data_root)
        if before is None:
            return
        _remove_logos(data_root)
        audit.record(session, actor.id, "office.logo_removed", "office", None, before=before.name)
