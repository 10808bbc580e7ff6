"""How far the reading of a list has come, for a window that says so while it waits.

Reading 20,000 rows takes seconds on an old PC (an XLSX most of all): the reader tells a
`Progress` callback every `REPORT_EVERY` rows, which costs nothing next to the rows themselves.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from loket.core.indonesia.writing import figure
from loket.i18n import _

REPORT_EVERY = 1_000


class Stage(enum.Enum):
    READING = "reading"  # the file's rows, their number not known until the end
    CHECKING = "checking"  # each row checked: NIK, name, duplicates


@dataclass(frozen=True, slots=True)
class ReadProgress:
    stage: Stage
    done: int
    total: int | None = None  # None while reading: a sheet's stated size is not trusted


Progress = Callable[[ReadProgress], None]


def progress_text(filename: str, progress: ReadProgress) -> str:
    """ "Memeriksa daftar kiriman.xlsx… 12.000 dari 20.000 baris"."""
    if progress.stage is Stage.READING or progress.total is None:
        return _("Membaca daftar {name}… {done} baris").format(
            name=filename, done=figure(progress.done)
        )
    return _("Memeriksa daftar {name}… {done} dari {total} baris").format(
        name=filename, done=figure(progress.done), total=figure(progress.total)
    )
