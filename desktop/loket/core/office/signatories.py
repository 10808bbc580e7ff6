"""The signature blocks every paper of the office shares: the lurah's, and the petugas loket's."""

from __future__ import annotations

from loket.core.office.identity import OfficeInfo
from loket.core.papers.paper import Signatory
from loket.core.staff.members import StaffMember


def acknowledged_by(office: OfficeInfo) -> Signatory:
    title = "Kepala Desa {name}" if office.is_desa else "Lurah {name}"
    return Signatory(
        role="Mengetahui,",
        title=title.format(name=office.kelurahan),
        name=office.lurah_name,
        nip=office.lurah_nip,
    )


def petugas(office: OfficeInfo, member: StaffMember | None) -> Signatory:
    """The "Petugas" block: the officer who prints the paper, or a line to write a name on."""
    village = "Desa" if office.is_desa else "Kelurahan"
    return Signatory(
        role=f"Petugas Loket {village} {office.kelurahan},",
        title="",
        name=member.display_name if member else "",
        nip=member.nip if member else "",
    )
