"""The office's identity: which kelurahan, its address, its lurah."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.core import audit
from loket.core.clock import utc_now
from loket.core.indonesia import lokal_adapter
from loket.core.indonesia.lokal_adapter import Region
from loket.core.indonesia.nip import clean_nip, nip_problem
from loket.core.indonesia.zones import office_zone
from loket.core.office.logo import logo_file
from loket.core.papers.paper import Letterhead
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.db.models import Office
from loket.db.plain import PlainStatement, PlainTransaction
from loket.domain.errors import LoketError, NotAllowed
from loket.domain.states import Role
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

    @property
    def address_line(self) -> str:
        """ "Jl. Kaligawe Raya No. 1, Semarang 50164": the postcode after the town, no comma;
        no line at all without a street address (a postcode alone says nowhere)."""
        address = " ".join(self.address.split()).rstrip(",")
        if not address or not self.postal_code or self.postal_code in address:
            return address
        return f"{address} {self.postal_code}"

    def letterhead(self, data_root: Path | None = None) -> Letterhead:
        """The kop surat; with the data folder, its logo too when one has been chosen.

        Official papers are in Indonesian only, so nothing here goes through the catalogue.
        """
        government = self.kota.upper()
        village = "DESA" if self.is_desa else "KELURAHAN"
        address = self.address_line
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


def _info(row: Office | Any) -> OfficeInfo:
    """From the office's row, or a plain row of its columns."""
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


def has_office(database: Database) -> bool:
    """Whether the office has been set up, without reading its names from the region list."""
    with database.transaction() as session:
        return session.scalar(select(Office.id).limit(1)) is not None


def get_office(database: Database) -> OfficeInfo | None:
    with database.transaction() as session:
        return office_in(session)


def office_in(session: Session) -> OfficeInfo | None:
    """The office, read in the caller's transaction (a use case reading its rows at once)."""
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


def office_or_refuse(database: Database) -> OfficeInfo:
    with database.transaction() as session:
        return office_or_refuse_in(session)


def office_or_refuse_in(session: Session) -> OfficeInfo:
    """The office, in the caller's transaction; refused while it has not been set up."""
    return _or_refuse(office_in(session))


def office_or_refuse_plain(plain: PlainTransaction) -> OfficeInfo:
    """`office_or_refuse_in` in a transaction of plain statements (db/plain.py)."""
    row = plain.first(_OFFICE_ROW)
    return _or_refuse(_info(row) if row else None)


_OFFICES = Office.__table__
_OFFICE_ROW = PlainStatement(select(*_OFFICES.columns).order_by(_OFFICES.c.id).limit(1))


def _or_refuse(office: OfficeInfo | None) -> OfficeInfo:
    if office is None:
        raise LoketError(_("Data kantor belum diisi. Minta admin mengisi pengaturan kantor."))
    return office
