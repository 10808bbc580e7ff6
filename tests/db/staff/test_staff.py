"""Staff accounts: argon2 hashes, roles, and the lockout after repeated wrong passwords."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from loket.core.office import identity
from loket.core.staff import accounts, login
from loket.core.staff.login import LoginFailed
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.db.models import AuditEntry, Staff
from loket.domain.errors import LoketError, NotAllowed
from loket.domain.states import Role


def test_password_is_stored_as_an_argon2_hash(database: Database, admin: StaffMember) -> None:
    with database.transaction() as session:
        stored = session.scalars(select(Staff.password_hash)).one()
    assert stored.startswith("$argon2id$")
    assert "rahasia-admin" not in stored


def test_login_with_the_right_password_names_the_staff_member(
    database: Database, operator: StaffMember
) -> None:
    member = login.log_in(database, " Dewi ", "rahasia-dewi")
    assert member == operator


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(
    database: Database, operator: StaffMember
) -> None:
    for _attempt in range(login.MAX_FAILED_LOGINS - 1):
        with pytest.raises(LoginFailed, match="salah"):
            login.log_in(database, "dewi", "tebakan")
    with pytest.raises(LoginFailed, match="dikunci"):
        login.log_in(database, "dewi", "tebakan")
    with pytest.raises(LoginFailed, match="dikunci"):
        login.log_in(database, "dewi", "rahasia-dewi")
    with database.transaction() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "staff.locked" in actions


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(database: Database, admin) -> None:
    with pytest.raises(LoginFailed, match="Nama pengguna atau kata sandi salah"):
        login.log_in(database, "siapa", "apa-saja")


def test_only_an_admin_adds_accounts_after_the_first(
    database: Database, admin: StaffMember, operator: StaffMember
) -> None:
    with pytest.raises(NotAllowed):
        accounts.add_staff(database, operator, "budi", "rahasia-budi", Role.OPERATOR)
    with pytest.raises(NotAllowed):
        accounts.add_staff(database, None, "budi", "rahasia-budi", Role.ADMIN)


@pytest.mark.parametrize(
    ("username", "password", "words"),
    [("dewi lestari", "rahasia-1", "tanpa spasi"), ("budi", "12345", "terlalu pendek")],
)
def test_bad_usernames_and_short_passwords_are_refused(
    database: Database, admin: StaffMember, username: str, password: str, words: str
) -> None:
    with pytest.raises(LoketError, match=words):
        accounts.add_staff(database, admin, username, password, Role.OPERATOR)


def test_taken_username_is_refused(database: Database, admin: StaffMember) -> None:
    with pytest.raises(LoketError, match="sudah dipakai"):
        accounts.add_staff(database, admin, "ADMIN", "rahasia-lain", Role.OPERATOR)


def test_office_is_picked_from_the_kemendagri_list(database: Database) -> None:
    info = identity.set_up_office(database, "3374041002", lurah_name="Drs. Bambang")
    assert (info.kelurahan, info.kecamatan, info.kota) == ("Kaligawe", "Gayamsari", "Kota Semarang")
    assert info.letterhead().government == "PEMERINTAH KOTA SEMARANG"
    assert info.place_name == "Semarang"
    with pytest.raises(LoketError, match="bukan kode kelurahan"):
        identity.set_up_office(database, "33.74.04.9999")
    with pytest.raises(LoketError, match="bukan kode kelurahan"):
        identity.set_up_office(database, "33.74.04")


def test_a_lock_from_a_clock_set_back_does_not_last_for_days(
    database: Database, operator: StaffMember, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from loket.core import clock

    later = clock.utc_now() + dt.timedelta(days=2)
    monkeypatch.setattr(login, "utc_now", lambda: later)
    for _attempt in range(login.MAX_FAILED_LOGINS):
        with pytest.raises(LoginFailed):
            login.log_in(database, "dewi", "tebakan")
    monkeypatch.setattr(login, "utc_now", clock.utc_now)  # the clock is put right again
    assert login.log_in(database, "dewi", "rahasia-dewi") == operator


@pytest.mark.parametrize("nip", ["1968", "19680512199403100X"])
def test_a_nip_that_cannot_be_right_is_refused(
    database: Database, admin: StaffMember, nip: str
) -> None:
    with pytest.raises(LoketError, match="NIP"):
        accounts.add_staff(database, admin, "budi", "rahasia-budi", Role.OPERATOR, "Budi", nip)
    with pytest.raises(LoketError, match="NIP"):
        identity.set_up_office(database, "33.74.04.1002", lurah_nip=nip)
