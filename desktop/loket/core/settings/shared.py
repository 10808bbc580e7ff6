"""The office's shared options: one typed declaration, each with its default, kept in the database.

Several desks share one database, so they share these. Per-PC things (printers, window
geometry) are not here: they belong to the PC, not the office.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import logging
import re
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
from loket.core.papers.filing import DEFAULT_ARCHIVE_CODE
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.db.models import Setting
from loket.db.plain import PlainStatement, PlainTransaction
from loket.domain.errors import LoketError, NotAllowed
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


class DestructionMethod(enum.Enum):
    """How old cards are destroyed; SE Mendagri 470.13/11176/SJ (2018) orders burning."""

    BURNING = "burning"
    CUTTING = "cutting"
    SHREDDING = "shredding"


DEFAULT_OFFICE_HOURS = "Senin–Kamis pukul 08.00–15.00, Jumat pukul 08.00–11.00"


@dataclass(frozen=True, slots=True)
class OfficeSettings:
    """Every shared option. A field's name is its key in the `setting` table."""

    representative_policy: RepresentativePolicy = RepresentativePolicy.FAMILY_WITH_POWER_OF_ATTORNEY
    slip_format: SlipFormat = SlipFormat.A5
    # Added later: an office whose database has no row for it gets the default, as any option.
    label_layout: LabelLayout = DEFAULT_LAYOUT
    # The first part of every paper's number ("474/0001/BA-TERIMA/XI/2026"): the office's own
    # classification of archives (kependudukan is 470 and its sub-codes).
    archive_code: str = DEFAULT_ARCHIVE_CODE
    destruction_method: DestructionMethod = DestructionMethod.BURNING
    office_hours: str = DEFAULT_OFFICE_HOURS  # on the call list
    uncollected_kept_days: int = 30  # a called card is kept this long after the call list
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


def destruction_method_label(method: DestructionMethod) -> str:
    return {
        DestructionMethod.BURNING: _("Dibakar (SE Mendagri 470.13/11176/SJ)"),
        DestructionMethod.CUTTING: _("Digunting/dipotong"),
        DestructionMethod.SHREDDING: _("Dihancurkan dengan mesin penghancur kertas"),
    }[method]


def archive_code_problem(code: str) -> str | None:
    """Why this cannot head a letter's number, or None: "474", "470", "474.1" are fine."""
    if re.fullmatch(r"[0-9]{3}(\.[0-9]{1,3}){0,3}", code.strip()):
        return None
    return _(
        "Kode klasifikasi surat ditulis dengan angka, mis. 474, 470 atau 474.1; yang diketik: "
        "“{typed}”."
    ).format(typed=code.strip())


@functools.cache
def _field_types() -> dict[str, type]:
    """Each setting's type, from OfficeSettings' annotations (evaluated once: every use case
    that reads the settings would otherwise evaluate them again)."""
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
    rows = session.execute(
        select(Setting.key, Setting.value).where(Setting.key.in_(_field_types()))
    )
    return _from_stored({key: value for key, value in rows})


def settings_plain(plain: PlainTransaction) -> OfficeSettings:
    """The settings in a transaction of plain statements (db/plain.py): the few rows of the
    settings table read whole, those of other features left aside."""
    return _from_stored({row.key: row.value for row in plain.all(_EVERY_SETTING)})


_EVERY_SETTING = PlainStatement(select(Setting.__table__.c.key, Setting.__table__.c.value))


def _from_stored(stored: dict[str, str]) -> OfficeSettings:
    types = _field_types()
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


def settings_in(session: Session) -> OfficeSettings:
    """`load_settings` in the caller's transaction (a use case reading its rows at once)."""
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


MAX_OFFICE_HOURS = 120
MAX_KEPT_DAYS = 365


def save_paper_settings(
    database: Database,
    actor: StaffMember,
    archive_code: str,
    destruction_method: DestructionMethod,
    office_hours: str,
    uncollected_kept_days: int,
) -> OfficeSettings:
    """The papers' options (admin only): the numbers' classification code, how old cards are
    destroyed, and what the call list says of office hours and how long cards are kept."""
    code = archive_code.strip()
    if problem := archive_code_problem(code):
        raise LoketError(problem)
    hours = " ".join(office_hours.split())
    if len(hours) > MAX_OFFICE_HOURS:
        raise LoketError(
            _("Jam pelayanan paling panjang {count} huruf.").format(count=MAX_OFFICE_HOURS)
        )
    if not 1 <= uncollected_kept_days <= MAX_KEPT_DAYS:
        raise LoketError(
            _("Lama kartu disimpan diisi antara 1 dan {most} hari.").format(most=MAX_KEPT_DAYS)
        )
    wanted = dataclasses.replace(
        load_settings(database),
        archive_code=code,
        destruction_method=destruction_method,
        office_hours=hours,
        uncollected_kept_days=uncollected_kept_days,
    )
    return save_settings(database, actor, wanted)
