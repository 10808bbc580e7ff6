"""Logging in: a wrong name or a wrong password is said the same way; five guesses lock it."""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.core import audit
from loket.core.clock import utc_now
from loket.core.staff.members import (
    StaffMember,
    hash_password,
    member_of,
    needs_rehash,
    password_matches,
)
from loket.db.engine import Database
from loket.db.models import Staff
from loket.domain.errors import LoketError
from loket.i18n import _

MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)


class LoginFailed(LoketError):
    pass


def log_in(database: Database, username: str, password: str) -> StaffMember:
    """The staff member, or LoginFailed with a message that does not reveal which part was wrong.

    A failed attempt is committed before LoginFailed is raised: repeated guesses lock the account.
    """
    username = username.strip().lower()
    now = utc_now()
    wrong = _("Nama pengguna atau kata sandi salah.")
    with database.transaction() as session:
        row = session.scalar(select(Staff).where(Staff.username == username))
        if row is None or not row.active:
            failure: str | None = wrong
        elif is_locked(row, now):
            failure = _locked_message(row, now)
        elif not password_matches(row.password_hash, password):
            _count_failure(session, row, now)
            failure = _locked_message(row, now) if is_locked(row, now) else wrong
        else:
            failure = None
            row.failed_logins = 0
            row.locked_until = None
            if needs_rehash(row.password_hash):
                row.password_hash = hash_password(password)
            audit.record(session, row.id, "staff.login", "staff", row.id)
            member = member_of(row)
    if failure is not None:
        raise LoginFailed(failure)
    return member


def is_locked(row: Staff, now: dt.datetime) -> bool:
    # A lock further ahead than LOCKOUT means the PC clock was set back: it has expired.
    return row.locked_until is not None and now < row.locked_until <= now + LOCKOUT


def _locked_message(row: Staff, now: dt.datetime) -> str:
    assert row.locked_until is not None
    minutes = max(1, math.ceil((row.locked_until - now).total_seconds() / 60))
    return _(
        "Akun dikunci karena terlalu banyak percobaan yang salah. Coba lagi {minutes} "
        "menit lagi, atau minta admin membukanya."
    ).format(minutes=minutes)


def _count_failure(session: Session, row: Staff, now: dt.datetime) -> None:
    row.failed_logins += 1
    if row.failed_logins >= MAX_FAILED_LOGINS:
        row.locked_until = now + LOCKOUT
        row.failed_logins = 0
        audit.record(session, None, "staff.locked", "staff", row.id)
    else:
        audit.record(session, None, "staff.login_failed", "staff", row.id)
