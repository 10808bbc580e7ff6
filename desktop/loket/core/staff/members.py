"""Who is at the desk: the staff member every use case that writes is given, and their role."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loket.db.engine import Database
from loket.db.models import Staff
from loket.domain.errors import LoketError
from loket.domain.states import Role
from loket.i18n import _

MIN_PASSWORD_LENGTH = 6
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """Argon2, slow on purpose: call it before a transaction, never inside one."""
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the stored hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


@dataclass(frozen=True, slots=True)
class StaffMember:
    """Who is at the desk; passed to every use case that writes."""

    id: int
    username: str
    full_name: str
    nip: str
    role: Role

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


def role_label(role: Role) -> str:
    return {
        Role.OPERATOR: _("Petugas loket"),
        Role.SUPERVISOR: _("Supervisor"),
        Role.ADMIN: _("Admin"),
    }[role]


def member_of(row: Staff) -> StaffMember:
    return StaffMember(row.id, row.username, row.full_name, row.nip, row.role)


def name_and_nip(session: Session, staff_id: int | None) -> tuple[str, str]:
    """How a staff member's name and NIP are printed and shown; ("", "") for nobody."""
    row = session.get(Staff, staff_id) if staff_id is not None else None
    return ((row.full_name or row.username), row.nip) if row else ("", "")


def name_of(session: Session, staff_id: int | None) -> str:
    return name_and_nip(session, staff_id)[0]


def check_username(username: str) -> str:
    username = username.strip().lower()
    if (
        not username
        or len(username) > 60
        or not username.isascii()
        or not username.replace(".", "").replace("_", "").isalnum()
    ):
        raise LoketError(
            _("Nama pengguna hanya boleh huruf, angka, titik dan garis bawah, tanpa spasi.")
        )
    return username


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise LoketError(
            _("Kata sandi terlalu pendek: paling sedikit {count} karakter.").format(
                count=MIN_PASSWORD_LENGTH
            )
        )


def has_staff(database: Database) -> bool:
    with database.transaction() as session:
        return bool(session.scalar(select(func.count(Staff.id))))


def first_admin(database: Database) -> StaffMember:
    """The office's first active admin: the actor recorded for command-line administration."""
    with database.transaction() as session:
        row = session.scalar(
            select(Staff).where(Staff.role == Role.ADMIN, Staff.active).order_by(Staff.id)
        )
        if row is None:
            raise LoketError(_("Belum ada akun admin. Buat dulu: loket user add NAMA --role admin"))
        return member_of(row)


def find_member(database: Database, username: str) -> StaffMember:
    with database.transaction() as session:
        row = session.scalar(select(Staff).where(Staff.username == username.strip().lower()))
        if row is None or not row.active:
            raise LoketError(
                _("Akun {username} tidak ada atau tidak aktif.").format(username=username)
            )
        return member_of(row)


def suggest_username(full_name: str) -> str:
    """ "Sri Wahyuni, S.Kom." -> "sri.wahyuni": the name before any degree, dotted."""
    name = full_name.split(",")[0]
    words = ["".join(ch for ch in word if ch.isalnum()) for word in name.lower().split()]
    return ".".join(w for w in words if w)[:60]
