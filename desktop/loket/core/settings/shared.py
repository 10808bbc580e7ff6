"""The office's shared options: one typed declaration, each with its default, kept in the database.

Several desks share one database, so they share these. Per-PC things (printers, window
geometry) are not here: they belong to the PC, not the office.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import typing
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.core import audit
from loket.core.labels.layout import (
    DEFAULT_LAYOUT,
    LabelLayout,
    layout_from_setting,
    layout_to_setting,
)
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.db.models import Setting
from loket.domain.errors import NotAllowed
from loket.domain.states import Role
from loket.i18n import _

log = logging.getLogger(__name__)


class RepresentativePolicy(enum.Enum):
    """Who may collect a card on its owner's behalf."""

    NONE = "none"
    FAMILY_WITH_POWER_OF_ATTORNEY = "family"
    ANYONE_WITH_POWER_OF_ATTORNEY = "anyone"


class SlipFormat(enum.Enum):
    A5 = "a5"
    THERMAL_80MM = "thermal80"


@dataclass(frozen=True, slots=True)
class OfficeSettings:
    """Every shared option. A field's name is its key in the `setting` table."""

    representative_policy: RepresentativePolicy = RepresentativePolicy.FAMILY_WITH_POWER_OF_ATTORNEY
    slip_format: SlipFormat = SlipFormat.A5
    # Added later: an office whose database has no row for it gets the default, as any option.
    label_layout: LabelLayout = DEFAULT_LAYOUT
    # How many automatic backups to keep: the newest of each of so many days, weeks, months.
    backups_daily: int = 14
    backups_weekly: int = 8
    backups_monthly: int = 12


def policy_label(policy: RepresentativePolicy) -> str:
    return {
        RepresentativePolicy.NONE: _("Tidak boleh diwakilkan: hanya pemilik kartu"),
        RepresentativePolicy.FAMILY_WITH_POWER_OF_ATTORNEY: _(
            "Boleh diwakilkan keluarga dengan surat kuasa"
        ),
        RepresentativePolicy.ANYONE_WITH_POWER_OF_ATTORNEY: _(
            "Boleh diwakilkan siapa saja dengan surat kuasa"
        ),
    }[policy]


def slip_format_label(slip_format: SlipFormat) -> str:
    return {
        SlipFormat.A5: _("A5 (dua lembar pada kertas A4)"),
        SlipFormat.THERMAL_80MM: _("Struk thermal 80 mm"),
    }[slip_format]


def _field_types() -> dict[str, type]:
    hints = typing.get_type_hints(OfficeSettings)
    return {field.name: hints[field.name] for field in dataclasses.fields(OfficeSettings)}


def _encode(value: object) -> str:
    if isinstance(value, LabelLayout):
        return layout_to_setting(value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _decode(kind: type, stored: str) -> object:
    """The stored text as the field's type; ValueError when it is not one of its values."""
    if kind is LabelLayout:
        return layout_from_setting(stored)
    if issubclass(kind, enum.Enum):
        return kind(stored)
    if kind is bool:
        if stored not in ("0", "1"):
            raise ValueError(stored)
        return stored == "1"
    if kind is int:
        return int(stored)
    if kind is float:
        return float(stored)
    return stored


def _as_texts(settings: OfficeSettings) -> dict[str, str]:
    return {name: _encode(getattr(settings, name)) for name in _field_types()}


def _read(session: Session) -> OfficeSettings:
    types = _field_types()
    rows = session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(types)))
    stored = {key: value for key, value in rows}
    values: dict[str, object] = {}
    for name, kind in types.items():
        if name not in stored:
            continue
        try:
            values[name] = _decode(kind, stored[name])
        except ValueError:
            log.warning("setting %s has an unknown value %r: using the default", name, stored[name])
    return OfficeSettings(**values)  # type: ignore[arg-type]


def load_settings(database: Database) -> OfficeSettings:
    """The office's settings; an option never saved, or saved with a value not known, is default."""
    with database.transaction() as session:
        return _read(session)


def save_settings(
    database: Database, actor: StaffMember, settings: OfficeSettings
) -> OfficeSettings:
    """Stores every option (admin only) and audits what changed, before and after."""
    if actor.role is not Role.ADMIN:
        raise NotAllowed(_("Hanya admin yang boleh mengubah pengaturan kantor."))
    after = _as_texts(settings)
    with database.transaction() as session:
        before = _as_texts(_read(session))
        for key, value in after.items():
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=value))
            else:
                row.value = value
        changed = sorted(key for key in after if before[key] != after[key])
        if changed:
            audit.record(
                session,
                actor.id,
                "settings.change",
                "setting",
                None,
                before={key: before[key] for key in changed},
                after={key: after[key] for key in changed},
            )
    return settings
