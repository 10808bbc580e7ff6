"""Settings that belong to one PC, not to the office: the desk's name and its printers.

Kept in DIR/desk-settings.json beside the database, so several desks sharing one
PostgreSQL database each keep their own name and printers.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from loket.domain.errors import LoketError
from loket.i18n import _

if TYPE_CHECKING:  # the settings are read before SQLAlchemy is loaded
    from loket.db.engine import Database

log = logging.getLogger(__name__)

FILENAME = "desk-settings.json"
#: What a PC is called until someone names it: an office with one desk never needs to.
DEFAULT_DESK_NAME = "Loket 1"
#: As long as the `desk` columns of scan, handover and document (migration 0007).
MAX_DESK_NAME = 40


@dataclass(frozen=True, slots=True)
class DeskSettings:
    slip_printer: str = ""  # "" means the PC's default printer
    a4_printer: str = ""
    backup_second_folder: str = ""  # a USB disk or network drive; "" for none
    desk_name: str = DEFAULT_DESK_NAME  # on every scan, handover, void and paper of this PC


def load_desk_settings(data_root: Path) -> DeskSettings:
    path = data_root / FILENAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return DeskSettings()
    except (OSError, ValueError) as error:
        log.warning("desk settings unreadable, using defaults: %s", error)
        return DeskSettings()
    known = {f.name for f in fields(DeskSettings)}
    values = {k: str(v) for k, v in raw.items() if k in known} if isinstance(raw, dict) else {}
    if not " ".join(values.get("desk_name", DEFAULT_DESK_NAME).split()):
        values["desk_name"] = DEFAULT_DESK_NAME  # emptied by hand: still a desk with a name
    return DeskSettings(**values)


def save_desk_settings(
    data_root: Path, settings: DeskSettings, database: Database | None = None
) -> None:
    """Written to a temporary file and renamed into place: never half-written. The desk's open
    `database` records the (new) name from its next write on."""
    path = data_root / FILENAME
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    os.replace(temporary, path)
    if database is not None:
        database.desk = settings.desk_name


def checked_desk_name(name: str) -> str:
    """The name as it is kept: spaces tidied; refused when empty or too long."""
    name = " ".join(name.split())
    if not name:
        raise LoketError(_("Tulis nama loket PC ini, misalnya Loket 2."))
    if len(name) > MAX_DESK_NAME:
        raise LoketError(_("Nama loket paling panjang {count} huruf.").format(count=MAX_DESK_NAME))
    return name


def name_desk(data_root: Path, name: str, database: Database | None = None) -> str:
    """Names this PC's desk; the open `database` records the new name from its next write."""
    name = checked_desk_name(name)
    try:
        save_desk_settings(
            data_root, replace(load_desk_settings(data_root), desk_name=name), database
        )
    except OSError as error:
        raise LoketError(
            _("Nama loket tidak bisa disimpan di {folder} ({error}).").format(
                folder=data_root, error=error
            )
        ) from error
    return name
