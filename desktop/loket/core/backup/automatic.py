"""When the program backs up on its own, and with which settings: the office's retention
(Pengaturan, in the database), this PC's second folder (desk-settings.json), the office's zone
for what "today" is. Called on the worker thread, never on a scan's path.

On a shared server every copy is of the whole office, so not every desk takes one: the desk
that closes a batch, a return or a delivery run takes the copy after it, and the day's first
copy is taken by the first desk to start that day, which notes it in the office's settings
(`OFFICE_COPY_KEY`) for the others to see."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from loket.core.backup.checking import BackupCheck, Depth, verify_backup
from loket.core.backup.container import copies_in, taken_at
from loket.core.backup.rotation import Retention
from loket.core.backup.taking import BackupFailed, BackupResult, take_backup
from loket.core.clock import utc_now
from loket.core.office.identity import get_office
from loket.core.settings.desk import load_desk_settings
from loket.core.settings.shared import load_settings
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Setting
from loket.domain.errors import LoketError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BackupStatus:
    """What Pengaturan › Cadangan shows."""

    folder: Path
    second_folder: Path | None
    last_good: BackupCheck | None  # read from the newest copy (what it says of itself)
    copies: int
    retention: Retention
    #: On a shared server, the office's newest copy by any desk (None on a desk alone).
    office_copy: OfficeCopy | None = None


def second_folder(data: DataDir) -> Path | None:
    chosen = load_desk_settings(data.root).backup_second_folder
    return Path(chosen) if chosen else None


def backup_folders(data: DataDir) -> list[Path]:
    second = second_folder(data)
    return [data.backups, *([second] if second else [])]


def retention_of(database: Database) -> Retention:
    settings = load_settings(database)
    return Retention(settings.backups_daily, settings.backups_weekly, settings.backups_monthly)


def _zone(database: Database) -> dt.tzinfo:
    office = get_office(database)
    return office.zone if office is not None else dt.UTC


def back_up_now(database: Database, data: DataDir, folder: Path | None = None) -> BackupResult:
    """A checked copy. Into `folder` alone when given (`loket backup --to`); else into the
    backups folder and the second folder, old copies rotated by the office's settings."""
    if folder is not None:
        return take_backup(database, data, folder=folder)
    return take_backup(
        database,
        data,
        second_folder=second_folder(data),
        retention=retention_of(database),
        zone=_zone(database),
    )


#: On a shared server: which desk took the office's copy of the day, and when (a row of the
#: office's settings, read by every desk at its start).
OFFICE_COPY_KEY = "backup.office_copy"
#: A desk that said it is taking the day's copy and has not said it is done after this long
#: (switched off in the middle) leaves the day's copy to the next desk that starts.
CLAIM_STALE = dt.timedelta(hours=1)


def _today(database: Database) -> str:
    return utc_now().astimezone(_zone(database)).date().isoformat()


def back_up_if_first_today(database: Database, data: DataDir) -> BackupResult | None:
    """At the desk's start: a copy unless one was already taken today (the office's day).

    A desk alone looks in its own backups folder. On a shared server the day's first copy is
    the office's: the first desk to start that day takes it, and says so in the database, so
    that the other desks do not each copy the whole office every morning."""
    if database.on_server:
        return _first_copy_of_the_office(database, data)
    zone = _zone(database)
    copies = copies_in(data.backups)
    newest = taken_at(copies[0]) if copies else None
    if newest is not None and newest.astimezone(zone).date() == utc_now().astimezone(zone).date():
        return None
    return back_up_now(database, data)


def _first_copy_of_the_office(database: Database, data: DataDir) -> BackupResult | None:
    today = _today(database)
    previous = _claim_the_day(database, today)
    if previous is None:
        return None
    try:
        result = back_up_now(database, data)
    except BackupFailed:
        _mark(database, previous)  # the day's copy left to the next desk that starts
        raise
    _record(database, result, today)
    return result


def _claim_the_day(database: Database, today: str) -> str | None:
    """This desk's claim on the day's copy (the row locked while it is read and written, so
    two desks starting together do not both take it). Returns the row as it was ("" for none),
    or None when another desk took, or is taking, today's copy."""
    try:
        with database.transaction() as session:
            row = session.scalars(
                select(Setting).where(Setting.key == OFFICE_COPY_KEY).with_for_update()
            ).one_or_none()
            previous = row.value if row is not None else ""
            mark = _read_mark(previous)
            if mark.get("day") == today:
                if mark.get("taken"):
                    return None
                started = _moment(mark.get("started"))
                if started is not None and utc_now() - started < CLAIM_STALE:
                    return None
            claim = json.dumps({"day": today, "desk": database.desk, "started": _now()})
            if row is None:
                session.add(Setting(key=OFFICE_COPY_KEY, value=claim))
            else:
                row.value = claim
    except IntegrityError:
        return None  # another desk wrote the first claim at the same moment
    return previous


def _read_mark(value: str) -> dict[str, object]:
    try:
        mark = json.loads(value) if value else {}
    except ValueError:
        return {}
    return mark if isinstance(mark, dict) else {}


def _now() -> str:
    return utc_now().isoformat()


def _moment(value: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _mark(database: Database, value: str) -> None:
    with database.transaction() as session:
        row = session.get(Setting, OFFICE_COPY_KEY)
        if row is None:
            session.add(Setting(key=OFFICE_COPY_KEY, value=value))
        else:
            row.value = value


def _record(database: Database, result: BackupResult, today: str) -> None:
    """On a shared server: the office's newest copy, which desk took it and where. A server
    that refuses the note leaves the copy good: it is only said in the log."""
    note = {"day": today, "desk": database.desk, "taken": _now(), "path": str(result.path)}
    try:
        _mark(database, json.dumps(note))
    except LoketError as refusal:
        log.warning("the office's copy %s not noted on the server: %s", result.path, refusal)


@dataclass(frozen=True, slots=True)
class OfficeCopy:
    """On a shared server: the office's newest copy, taken by whichever desk."""

    desk: str
    taken_at: dt.datetime
    path: str  # on that desk's PC


def office_copy(database: Database) -> OfficeCopy | None:
    with database.transaction() as session:
        row = session.get(Setting, OFFICE_COPY_KEY)
        mark = _read_mark(row.value if row is not None else "")
    taken = _moment(mark.get("taken")) if mark.get("taken") else None
    if taken is None:
        return None
    return OfficeCopy(str(mark.get("desk", "")), taken, str(mark.get("path", "")))


def back_up_after_closing(database: Database, data: DataDir) -> BackupResult | BackupFailed | None:
    """After a batch, a return or a delivery run is closed: a failed copy is said, and the
    closing it follows stands. On a shared server the desk that closed takes it."""
    try:
        result = back_up_now(database, data)
    except BackupFailed as failure:
        log.warning("automatic backup: %s", failure.message)
        return failure
    if database.on_server:
        _record(database, result, _today(database))
    return result


def backup_status(database: Database, data: DataDir) -> BackupStatus:
    copies = copies_in(data.backups)
    last_good = None
    for copy in copies:
        check = verify_backup(copy, Depth.LABEL)
        if check.good:
            last_good = check
            break
    return BackupStatus(
        data.backups,
        second_folder(data),
        last_good,
        len(copies),
        retention_of(database),
        office_copy(database) if database.on_server else None,
    )
