"""Staff accounts looked after by the admin: disable, reset a password, change a role, unlock.

Every change is audited, only an admin may make it, and the office never loses its last admin.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from loket.core.staff import accounts as staff_accounts
from loket.core.staff import login
from loket.core.staff.login import LoginFailed
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.db.models import AuditEntry, Staff
from loket.domain.errors import LoketError, NotAllowed, NotFound
from loket.domain.states import Role


def audit_rows(database: Database, action: str) -> list[tuple[int | None, int | None, dict]]:
    with database.transaction() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        ).all()
        return [(row.staff_id, row.entity_id, json.loads(row.detail)) for row in rows]


def lock_out(database: Database, username: str) -> None:
    for _attempt in range(login.MAX_FAILED_LOGINS):
        with pytest.raises(LoginFailed):
            login.log_in(database, username, "tebakan-salah")


@pytest.fixture
def supervisor(database: Database, admin: StaffMember) -> StaffMember:
    return staff_accounts.add_staff(
        database, admin, "agus", "rahasia-agus", Role.SUPERVISOR, "Agus Setiawan, S.E."
    )


def test_accounts_are_listed_active_first_with_their_state(
    database: Database, admin: StaffMember, operator: StaffMember, supervisor: StaffMember
) -> None:
    staff_accounts.set_active(database, admin, supervisor.id, False)
    lock_out(database, "dewi")
    accounts = staff_accounts.list_staff(database)
    assert [(a.username, a.role, a.active, a.locked) for a in accounts] == [
        ("dewi", Role.OPERATOR, True, True),
        ("admin", Role.ADMIN, True, False),  # "Sri Wahyuni" sorts after "Dewi Lestari"
        ("agus", Role.SUPERVISOR, False, False),
    ]
    dewi = accounts[0]
    assert dewi.nip == "198903152015032004"
    assert dewi.member == operator
    assert dewi.locked_until is not None


def test_a_disabled_account_cannot_log_in_and_an_enabled_one_can_again(
    database: Database, admin: StaffMember, operator: StaffMember
) -> None:
    disabled = staff_accounts.set_active(database, admin, operator.id, False)
    assert not disabled.active
    with pytest.raises(LoginFailed, match="salah"):
        login.log_in(database, "dewi", "rahasia-dewi")
    staff_accounts.set_active(database, admin, operator.id, True)
    assert login.log_in(database, "dewi", "rahasia-dewi") == operator
    assert [detail for _s, _e, detail in audit_rows(database, "staff.disable")] == [
        {"username": "dewi", "before": {"active": True}, "after": {"active": False}}
    ]
    assert [(s, e) for s, e, _d in audit_rows(database, "staff.enable")] == [
        (admin.id, operator.id)
    ]


def test_the_last_active_admin_cannot_be_disabled_or_demoted(
    database: Database, admin: StaffMember, operator: StaffMember
) -> None:
    with pytest.raises(LoketError, match="satu-satunya admin yang aktif"):
        staff_accounts.set_active(database, admin, admin.id, False)
    with pytest.raises(LoketError, match="satu-satunya admin yang aktif, jadi perannya"):
        staff_accounts.change_role(database, admin, admin.id, Role.SUPERVISOR)
    assert login.log_in(database, "admin", "rahasia-admin").role is Role.ADMIN
    assert audit_rows(database, "staff.disable") == audit_rows(database, "staff.role") == []


def test_a_disabled_admin_does_not_count_as_the_remaining_admin(
    database: Database, admin: StaffMember
) -> None:
    other = staff_accounts.add_staff(
        database, admin, "budi", "rahasia-budi", Role.ADMIN, "Budi Santoso"
    )
    staff_accounts.set_active(database, admin, other.id, False)
    with pytest.raises(LoketError, match="satu-satunya admin"):
        staff_accounts.change_role(database, admin, admin.id, Role.OPERATOR)


def test_with_a_second_admin_one_may_step_down_but_never_disable_themselves(
    database: Database, admin: StaffMember
) -> None:
    other = staff_accounts.add_staff(
        database, admin, "budi", "rahasia-budi", Role.ADMIN, "Budi Santoso"
    )
    with pytest.raises(LoketError, match="menonaktifkan akun Anda sendiri"):
        staff_accounts.set_active(database, admin, admin.id, False)
    stepped_down = staff_accounts.change_role(database, admin, admin.id, Role.SUPERVISOR)
    assert stepped_down.role is Role.SUPERVISOR
    # The old session still says "admin", but the database no longer does.
    with pytest.raises(NotAllowed):
        staff_accounts.change_role(database, admin, other.id, Role.OPERATOR)
    assert audit_rows(database, "staff.role") == [
        (
            admin.id,
            admin.id,
            {"username": "admin", "before": {"role": "admin"}, "after": {"role": "supervisor"}},
        )
    ]


@pytest.mark.parametrize(
    "change",
    [
        lambda db, actor, target: staff_accounts.set_active(db, actor, target.id, False),
        lambda db, actor, target: staff_accounts.change_role(db, actor, target.id, Role.ADMIN),
        lambda db, actor, target: staff_accounts.reset_password(
            db, actor, target.id, "sandi-baru-1"
        ),
        lambda db, actor, target: staff_accounts.unlock(db, actor, target.id),
        lambda db, actor, target: staff_accounts.change_details(db, actor, target.id, "X", ""),
    ],
    ids=["disable", "role", "password", "unlock", "details"],
)
def test_an_operator_or_supervisor_is_refused_and_nothing_changes(
    database: Database,
    admin: StaffMember,
    operator: StaffMember,
    supervisor: StaffMember,
    change,
) -> None:
    before = staff_accounts.list_staff(database)
    for actor in (operator, supervisor):
        with pytest.raises(NotAllowed, match="Hanya admin"):
            change(database, actor, operator)
    assert staff_accounts.list_staff(database) == before
    assert login.log_in(database, "dewi", "rahasia-dewi") == operator


def test_an_admin_disabled_on_another_desk_is_refused_here(
    database: Database, admin: StaffMember, operator: StaffMember
) -> None:
    other = staff_accounts.add_staff(
        database, admin, "budi", "rahasia-budi", Role.ADMIN, "Budi Santoso"
    )
    staff_accounts.set_active(database, other, admin.id, False)
    with pytest.raises(NotAllowed):
        staff_accounts.reset_password(database, admin, operator.id, "sandi-baru-1")


def test_reset_password_lets_the_person_in_with_the_new_one_and_lifts_the_lock(
    database: Database, admin: StaffMember, operator: StaffMember
) -> None:
    lock_out(database, "dewi")
    with pytest.raises(LoginFailed, match="dikunci"):
        login.log_in(database, "dewi", "rahasia-dewi")
    account = staff_accounts.reset_password(database, admin, operator.id, "kaligawe-2026")
    assert not account.locked
    with pytest.raises(LoginFailed, match="salah"):
        login.log_in(database, "dewi", "rahasia-dewi")
    assert login.log_in(database, "dewi", "kaligawe-2026") == operator
    [(actor_id, staff_id, detail)] = audit_rows(database, "staff.password_reset")
    assert (actor_id, staff_id, detail) == (
        admin.id,
        operator.id,
        {"username": "dewi", "unlocked": True},
    )
    with database.transaction() as session:
        details = session.scalars(select(AuditEntry.detail)).all()
    assert not any("kaligawe-2026" in detail for detail in details)


def test_a_short_new_password_is_refused_and_the_old_one_still_works(
    database: Database, admin: StaffMember, operator: StaffMember
) -> None:
    with pytest.raises(LoketError, match="terlalu pendek"):
        staff_accounts.reset_password(database, admin, operator.id, "123")
    assert login.log_in(database, "dewi", "rahasia-dewi") == operator


def test_unlock_lifts_the_lock_and_keeps_the_password(
    database: Database, admin: StaffMember, operator: StaffMember
) -> None:
    lock_out(database, "dewi")
    assert not staff_accounts.unlock(database, admin, operator.id).locked
    assert login.log_in(database, "dewi", "rahasia-dewi") == operator
    assert [(s, e) for s, e, _d in audit_rows(database, "staff.unlock")] == [
        (admin.id, operator.id)
    ]
    staff_accounts.unlock(database, admin, operator.id)  # nothing to unlock: nothing audited
    assert len(audit_rows(database, "staff.unlock")) == 1


def test_changing_a_role_is_audited_and_seen_at_the_next_login(
    database: Database, admin: StaffMember, operator: StaffMember
) -> None:
    assert (
        staff_accounts.change_role(database, admin, operator.id, Role.SUPERVISOR).role
        is Role.SUPERVISOR
    )
    staff_accounts.change_role(
        database, admin, operator.id, Role.SUPERVISOR
    )  # the same role: no row
    assert login.log_in(database, "dewi", "rahasia-dewi").role is Role.SUPERVISOR
    assert [detail for _s, _e, detail in audit_rows(database, "staff.role")] == [
        {"username": "dewi", "before": {"role": "operator"}, "after": {"role": "supervisor"}}
    ]


def test_name_and_nip_are_corrected_with_the_nip_checked(
    database: Database, admin: StaffMember, operator: StaffMember
) -> None:
    with pytest.raises(LoketError, match="NIP petugas harus 18 angka"):
        staff_accounts.change_details(database, admin, operator.id, "Dewi Lestari", "1989")
    changed = staff_accounts.change_details(
        database, admin, operator.id, " Dewi Lestari, S.E. ", "19890315 201503 2 004"
    )
    assert (changed.full_name, changed.nip) == ("Dewi Lestari, S.E.", "198903152015032004")
    assert [detail for _s, _e, detail in audit_rows(database, "staff.update")] == [
        {
            "username": "dewi",
            "before": {"full_name": "Dewi Lestari"},
            "after": {"full_name": "Dewi Lestari, S.E."},
        }
    ]


def test_an_account_that_does_not_exist_is_named_as_such(
    database: Database, admin: StaffMember
) -> None:
    with pytest.raises(NotFound, match="tidak ada"):
        staff_accounts.set_active(database, admin, 999, False)


def test_every_admin_change_leaves_an_audit_row_naming_the_admin(
    database: Database, admin: StaffMember, operator: StaffMember
) -> None:
    staff_accounts.change_details(database, admin, operator.id, "Dewi Lestari", "")
    staff_accounts.change_role(database, admin, operator.id, Role.SUPERVISOR)
    staff_accounts.reset_password(database, admin, operator.id, "kaligawe-2026")
    staff_accounts.set_active(database, admin, operator.id, False)
    staff_accounts.set_active(database, admin, operator.id, True)
    with database.transaction() as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.staff_id, AuditEntry.entity_id)
            .where(AuditEntry.entity_id == operator.id, AuditEntry.action != "staff.add")
            .order_by(AuditEntry.id)
        ).all()
        active = session.scalar(select(Staff.active).where(Staff.id == operator.id))
    assert [tuple(row) for row in rows] == [
        ("staff.update", admin.id, operator.id),
        ("staff.role", admin.id, operator.id),
        ("staff.password_reset", admin.id, operator.id),
        ("staff.disable", admin.id, operator.id),
        ("staff.enable", admin.id, operator.id),
    ]
    assert active
