"""Shared office settings: defaults, stored for every desk, admin only, every change audited."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from loket.core.labels.layout import BUILT_IN_LAYOUTS, DEFAULT_LAYOUT, custom_layout
from loket.core.settings.shared import (
    OfficeSettings,
    RepresentativePolicy,
    SlipFormat,
    load_settings,
    policy_label,
    save_settings,
    slip_format_label,
)
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import AuditEntry, Setting
from loket.domain.errors import LoketError, NotAllowed


def test_an_office_that_never_saved_settings_gets_the_defaults(database: Database) -> None:
    settings = load_settings(database)
    assert settings.representative_policy is RepresentativePolicy.FAMILY_WITH_POWER_OF_ATTORNEY
    assert settings.slip_format is SlipFormat.A5


def test_saved_settings_are_seen_by_another_desk_on_the_same_database(
    database: Database, data_dir: DataDir, admin: StaffMember
) -> None:
    wanted = OfficeSettings(RepresentativePolicy.NONE, SlipFormat.THERMAL_80MM)
    save_settings(database, admin, wanted)
    other_desk = Database(database.url)
    try:
        assert load_settings(other_desk) == wanted
    finally:
        other_desk.dispose()
    with database.transaction() as session:
        stored = {key: value for key, value in session.execute(select(Setting.key, Setting.value))}
    assert stored == {
        "representative_policy": "none",
        "slip_format": "thermal80",
        "label_layout": "3x10",
        "archive_code": "474",
        "destruction_method": "burning",
        "office_hours": "Senin–Kamis pukul 08.00–15.00, Jumat pukul 08.00–11.00",
        "uncollected_kept_days": "30",
        "backups_daily": "14",
        "backups_weekly": "8",
        "backups_monthly": "12",
    }


def test_only_an_admin_changes_settings(database: Database, operator: StaffMember) -> None:
    with pytest.raises(NotAllowed, match="Hanya admin"):
        save_settings(database, operator, OfficeSettings(RepresentativePolicy.NONE))
    assert load_settings(database) == OfficeSettings()


def test_every_change_is_audited_with_before_and_after(
    database: Database, admin: StaffMember
) -> None:
    save_settings(database, admin, OfficeSettings(slip_format=SlipFormat.THERMAL_80MM))
    save_settings(
        database,
        admin,
        OfficeSettings(RepresentativePolicy.ANYONE_WITH_POWER_OF_ATTORNEY, SlipFormat.THERMAL_80MM),
    )
    with database.transaction() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "settings.change").order_by(AuditEntry.id)
        ).all()
        details = [(row.staff_id, json.loads(row.detail)) for row in rows]
    assert details == [
        (admin.id, {"before": {"slip_format": "a5"}, "after": {"slip_format": "thermal80"}}),
        (
            admin.id,
            {
                "before": {"representative_policy": "family"},
                "after": {"representative_policy": "anyone"},
            },
        ),
    ]


def test_saving_without_a_change_writes_no_audit_row(
    database: Database, admin: StaffMember
) -> None:
    save_settings(database, admin, OfficeSettings())
    with database.transaction() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "settings.change" not in actions


def test_a_value_this_version_does_not_know_falls_back_to_the_default(
    database: Database, admin: StaffMember
) -> None:
    with database.transaction() as session:
        session.add(Setting(key="representative_policy", value="tetangga"))
        session.add(Setting(key="slip_format", value="thermal80"))
    settings = load_settings(database)
    assert settings.representative_policy is RepresentativePolicy.FAMILY_WITH_POWER_OF_ATTORNEY
    assert settings.slip_format is SlipFormat.THERMAL_80MM


def test_every_option_has_an_indonesian_label() -> None:
    assert policy_label(RepresentativePolicy.NONE).startswith("Tidak boleh diwakilkan")
    assert "keluarga" in policy_label(RepresentativePolicy.FAMILY_WITH_POWER_OF_ATTORNEY)
    assert "80 mm" in slip_format_label(SlipFormat.THERMAL_80MM)


def test_settings_saved_before_labels_existed_load_with_the_3x10_sheet(
    database: Database,
) -> None:
    with database.transaction() as session:  # what an office saved before this version
        session.add(Setting(key="representative_policy", value="none"))
        session.add(Setting(key="slip_format", value="thermal80"))
    settings = load_settings(database)
    assert settings.label_layout == DEFAULT_LAYOUT
    assert settings.representative_policy is RepresentativePolicy.NONE
    assert settings.slip_format is SlipFormat.THERMAL_80MM


def test_a_custom_label_layout_is_kept_to_the_hundredth_of_a_millimetre_and_audited(
    database: Database, admin: StaffMember
) -> None:
    mine = custom_layout(3, 8, 70, 36, 4.25, 0, 0, 0.5)
    save_settings(database, admin, OfficeSettings(label_layout=mine))
    assert load_settings(database).label_layout == mine
    save_settings(database, admin, OfficeSettings(label_layout=BUILT_IN_LAYOUTS["2x7"]))
    assert load_settings(database).label_layout == BUILT_IN_LAYOUTS["2x7"]
    with database.transaction() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "settings.change").order_by(AuditEntry.id)
        ).all()
        details = [json.loads(row.detail) for row in rows]
    assert details[0]["before"] == {"label_layout": "3x10"}
    assert json.loads(details[0]["after"]["label_layout"])["top"] == 4.25
    assert details[1]["after"] == {"label_layout": "2x7"}


@pytest.mark.parametrize(
    "stored",
    [
        "5x13",
        '{"columns":3,"rows":10,"width":80,"height":29.7,"top":0,"left":0,"gap_x":0,"gap_y":0}',
        "{broken",
    ],
)
def test_a_label_layout_this_version_cannot_print_on_falls_back_to_the_default(
    database: Database, stored: str
) -> None:
    with database.transaction() as session:
        session.add(Setting(key="label_layout", value=stored))
        session.add(Setting(key="slip_format", value="thermal80"))
    settings = load_settings(database)
    assert settings.label_layout == DEFAULT_LAYOUT
    assert settings.slip_format is SlipFormat.THERMAL_80MM  # the other options are kept


def test_the_archive_code_heads_every_number_from_the_next_paper_on(
    database: Database, admin: StaffMember
) -> None:
    from loket.core.papers.filing import take_number
    from loket.core.settings.shared import DestructionMethod, save_paper_settings

    with pytest.raises(LoketError, match=r"mis\. 474, 470 atau 474\.1"):
        save_paper_settings(database, admin, "474/Kel", DestructionMethod.BURNING, "", 30)
    moment = dt.datetime(2026, 12, 3, 9, 0)
    with database.transaction() as session:
        assert take_number(session, "uji", "BA-UJI", moment).text == "474/0001/BA-UJI/XII/2026"
    saved = save_paper_settings(
        database, admin, " 470.13 ", DestructionMethod.CUTTING, "Senin–Jumat  07.30–15.30", 60
    )
    assert (saved.archive_code, saved.office_hours) == ("470.13", "Senin–Jumat 07.30–15.30")
    with database.transaction() as session:
        assert take_number(session, "uji", "BA-UJI", moment).text == "470.13/0002/BA-UJI/XII/2026"
    assert load_settings(database).destruction_method is DestructionMethod.CUTTING
