"""When the program backs up on its own, and with which settings: the office's retention
(Pengaturan, in the database), this PC's second folder (desk-settings.json), the office's zone
for what "today" is. Called on the worker thread, never on a scan's path."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

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

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BackupStatus:
    """What Pengaturan › Cadangan shows."""

    folder: Path
    second_folder: Path | None
    last_good: BackupCheck | None  # read from the newest copy (what it says of itself)
    copies: int
    retention: Retention


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


def _on_this_pc(database: Database) -> bool:
    """A desk on the shared server backs up nothing on its own: the server's copy is the
    server admin's (Pengaturan and `loket backup` say so when asked)."""
    return database.engine.url.get_backend_name() == "sqlite"


def back_up_if_first_today(database: Database, data: DataDir) -> BackupResult | None:
    """At the desk's start: a copy unless one was already taken today (the office's day)."""
    if not _on_this_pc(database):
        return None
    zone = _zone(database)
    copies = copies_in(data.backups)
    newest = taken_at(copies[0]) if copies else None
    if newest is not None and newest.astimezone(zone).date() == utc_now().astimezone(zone).date():
        return None
    return back_up_now(database, data)


def back_up_after_closing(database: Database, data: DataDir) -> BackupResult | BackupFailed | None:
    """After a batch, a return or a delivery run is closed: a failed copy is said, and the
    closing it follows stands."""
    if not _on_this_pc(database):
        return None
    try:
        return back_up_now(database, data)
    except BackupFailed as failure:
        log.warning("automatic backup failed: %s", failure.message)
        return failure


def backup_status(database: Database, data: DataDir) -> BackupStatus:
    copies = copies_in(data.backups)
    last_good = None
    for copy in copies:
        check = verify_backup(copy, Depth.LABEL)
        if check.good:
            last_good = check
            break
    return BackupStatus(
        data.backups, second_folder(data), last_good, len(copies), retention_of(database)
    )
