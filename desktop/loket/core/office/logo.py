"""The letterhead logo: a PNG or JPEG checked, kept in the data folder, drawn on every kop."""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path

from loket.core import audit
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.domain.errors import LoketError, NotAllowed
from loket.domain.states import Role
from loket.i18n import _

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
