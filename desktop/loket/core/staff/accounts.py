"""Staff accounts, roles and logging in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loket.core import audit
from loket.core.clock import utc_now
from loket.core.indonesia.nip import clean_nip, nip_problem
from loket.core.staff.login import is_locked
from loket.core.staff.members import (
    StaffMember,
    check_password,
    check_username,
    hash_password,
    member_of,
)
from loket.db.engine import Database
from loket.db.models import Staff
from loket.domain.errors import LoketError, NotAllowed, NotFound
from loket.domain.states import Role
from loket.i18n import _


def add_staff(
    database: Database,
    actor: StaffMember | None,
    username: str,
    password: str,
    role: Role,
    full_name: str = "",
    nip: str = "",
) -> StaffMember:
    """Adds an account. Only an admin may, except for the very first account of an office."""
    username = check_username(username)
    check_password(password)
    problem = nip_problem(nip, _("petugas"))
    if problem:
        raise LoketError(problem)
    nip = clean_nip(nip)
    with database.transaction() as session:
        first = not session.scalar(select(func.count(Staff.id)))
        if actor is None and not first:
            raise NotAllowed(_("Hanya admin yang boleh menambah pengguna."))
        if actor is not None and actor.role is not Role.ADMIN:
            raise NotAllowed(_("Hanya admin yang boleh menambah pengguna."))
        if session.scalar(select(Staff.id).where(Staff.username == username)):
            raise LoketError(
                _("Nama pengguna \u201c{username}\u201d sudah dipakai.").format(username=username)
            )
        row = Staff(
            username=username,
            full_name=full_name.strip(),
            nip=nip.strip(),
            role=role,
            password_hash=hash_password(password),
            active=True,
            failed_logins=0,
            created_at=utc_now(),
            created_by_id=actor.id if actor else None,
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor.id if actor else row.id,
            "staff.add",
            "staff",
            row.id,
            username=username,
            role=role.value,
        )
        return member_of(row)


# ---------------------------------------------------------------- accounts, for the admin


@dataclass(frozen=True, slots=True)
class StaffAccount:
    """An account as the admin sees it in Pengaturan: who, which role, usable or not."""

    id: int
    username: str
    full_name: str
    nip: str
    role: Role
    active: bool
    locked_until: dt.datetime | None  # set only while wrong passwords keep the account locked

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def locked(self) -> bool:
        return self.locked_until is not None

    @property
    def member(self) -> StaffMember:
        return StaffMember(self.id, self.username, self.full_name, self.nip, self.role)


def _account(row: Staff, now: dt.datetime) -> StaffAccount:
    locked_until = row.locked_until if is_locked(row, now) else None
    return StaffAccount(
        row.id, row.username, row.full_name, row.nip, row.role, row.active, locked_until
    )


def list_staff(database: Database) -> list[StaffAccount]:
    """Every account, the active ones first, each group by name."""
    now = utc_now()
    with database.transaction() as session:
        accounts = [_account(row, now) for row in session.scalars(select(Staff))]
    return sorted(accounts, key=lambda a: (not a.active, a.display_name.casefold(), a.id))


def _admin_check(session: Session, actor: StaffMember) -> list[int]:
    """The active admins' ids, after checking again that the actor is one of them.

    Their rows are locked first, always in the same order: two admins on two desks cannot
    each take away the other's admin role, nor wait on each other.
    """
    admins = list(
        session.scalars(
            select(Staff.id)
            .where(Staff.role == Role.ADMIN, Staff.active)
            .order_by(Staff.id)
            .with_for_update()
        )
    )
    if actor.role is not Role.ADMIN or actor.id not in admins:
        raise NotAllowed(_("Hanya admin yang boleh mengubah akun petugas."))
    return admins


def _target_row(session: Session, staff_id: int) -> Staff:
    row = session.scalar(select(Staff).where(Staff.id == staff_id).with_for_update())
    if row is None:
        raise NotFound(_("Akun petugas ini tidak ada. Muat ulang daftar petugas."))
    return row


def set_active(database: Database, actor: StaffMember, staff_id: int, active: bool) -> StaffAccount:
    """Disables an account (it can no longer log in; its history stays) or enables it again."""
    with database.transaction() as session:
        admins = _admin_check(session, actor)
        row = _target_row(session, staff_id)
        if row.active != active:
            if not active and admins == [row.id]:
                raise LoketError(
                    _(
                        "{name} adalah satu-satunya admin yang aktif, jadi tidak bisa "
                        "dinonaktifkan. Jadikan petugas lain admin dulu."
                    ).format(name=row.full_name or row.username)
                )
            if not active and row.id == actor.id:
                raise LoketError(
                    _("Anda tidak bisa menonaktifkan akun Anda sendiri. Minta admin lain.")
                )
            row.active = active
            audit.record(
                session,
                actor.id,
                "staff.enable" if active else "staff.disable",
                "staff",
                row.id,
                username=row.username,
                before={"active": not active},
                after={"active": active},
            )
        return _account(row, utc_now())


def change_role(database: Database, actor: StaffMember, staff_id: int, role: Role) -> StaffAccount:
    with database.transaction() as session:
        admins = _admin_check(session, actor)
        row = _target_row(session, staff_id)
        if row.role is not role:
            if admins == [row.id]:
                raise LoketError(
                    _(
                        "{name} adalah satu-satunya admin yang aktif, jadi perannya tidak bisa "
                        "diubah. Jadikan petugas lain admin dulu."
                    ).format(name=row.full_name or row.username)
                )
            before = row.role
            row.role = role
            audit.record(
                session,
                actor.id,
                "staff.role",
                "staff",
                row.id,
                username=row.username,
                before={"role": before.value},
                after={"role": role.value},
            )
        return _account(row, utc_now())


def reset_password(
    database: Database, actor: StaffMember, staff_id: int, new_password: str
) -> StaffAccount:
    """A new password chosen by the admin; a lock from wrong guesses is lifted with it."""
    check_password(new_password)
    password_hash = hash_password(new_password)  # slow on purpose: done before the transaction
    now = utc_now()
    with database.transaction() as session:
        _admin_check(session, actor)
        row = _target_row(session, staff_id)
        was_locked = is_locked(row, now)
        row.password_hash = password_hash
        row.failed_logins = 0
        row.locked_until = None
        audit.record(
            session,
            actor.id,
            "staff.password_reset",
            "staff",
            row.id,
            username=row.username,
            unlocked=was_locked,
        )
        return _account(row, now)


def unlock(database: Database, actor: StaffMember, staff_id: int) -> StaffAccount:
    """Lifts a lock from wrong guesses before its minutes are over; the password stays."""
    now = utc_now()
    with database.transaction() as session:
        _admin_check(session, actor)
        row = _target_row(session, staff_id)
        if is_locked(row, now) or row.failed_logins:
            audit.record(session, actor.id, "staff.unlock", "staff", row.id, username=row.username)
        row.failed_logins = 0
        row.locked_until = None
        return _account(row, now)


def change_details(
    database: Database, actor: StaffMember, staff_id: int, full_name: str, nip: str
) -> StaffAccount:
    """The name and NIP printed under the staff member's signature."""
    problem = nip_problem(nip, _("petugas"))
    if problem:
        raise LoketError(problem)
    after = {"full_name": full_name.strip(), "nip": clean_nip(nip)}
    with database.transaction() as session:
        _admin_check(session, actor)
        row = _target_row(session, staff_id)
        before = {"full_name": row.full_name, "nip": row.nip}
        changed = sorted(key for key in after if before[key] != after[key])
        if changed:
            row.full_name, row.nip = after["full_name"], after["nip"]
            audit.record(
                session,
                actor.id,
                "staff.update",
                "staff",
                row.id,
                username=row.username,
                before={key: before[key] for key in changed},
                after={key: after[key] for key in changed},
            )
        return _account(row, utc_now())
