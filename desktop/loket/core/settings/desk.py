"""Settings that belong to one PC, not to the office: which printers this desk uses.

Kept in DIR/desk-settings.json beside the database, so several desks sharing one
PostgreSQL database each keep their own printers.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

log = logging.getLogger(__name__)

FILENAME = "desk-settings.json"


@dataclass(frozen=True, slots=True)
class DeskSettings:
    slip_printer: str = ""  # "" means the PC's default printer
    a4_printer: str = ""
    backup_second_folder: str = ""  # a USB disk or network drive; "" for none


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
    return DeskSettings(**values)


def save_desk_settings(data_root: Path, settings: DeskSettings) -> None:
    """Written to a temporary file and renamed into place: never half-written."""
    path = data_root / FILENAME
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    os.replace(temporary, path)
