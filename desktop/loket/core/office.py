"""The office's identity: which kelurahan, its address, its lurah."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select

from loket.core import audit, lokal_adapter
from loket.core.clock import office_zone, utc_now
from loket.core.errors import LoketError
from loket.core.lokal_adapter import Region
from loket.core.nip import clean_nip, nip_problem
from loket.core.paper_data import Letterhead
from loket.db.engine import Database
from loket.db.models import Office
from loket.i18n import _


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

    def letterhead(self) -> Letterhead:
        government = self.kota.upper()
        village = _("DESA") if self.is_desa else _("KELURAHAN")
        address = ", ".join(p for p in (self.address, self.postal_code) if p)
        return Letterhead(
            government=_("PEMERINTAH {kota}").format(kota=government),
            kecamatan=_("KECAMATAN {name}").format(name=self.kecamatan.upper()),
            kelurahan=f"{village} {self.kelurahan.upper()}",
            address=address,
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
