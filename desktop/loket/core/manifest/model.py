"""The values a manifest check hands to the rest of Loket (re-exported by `loket.core.manifest`)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class RowStatus(enum.Enum):
    IMPORTABLE = "importable"
    REFUSED = "refused"
    #: Not an error: a blank row, a JUMLAH (total) row, an exact duplicate of an earlier row.
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One card the kecamatan says it sent; `rt`/`rw` are "007" or "" when the list has none."""

    row: int
    nik: str
    name: str
    rt: str
    rw: str
    address: str


@dataclass(frozen=True, slots=True)
class ManifestRow:
    """One data row of the file as the preview shows it."""

    row: int  # 1-based, as Excel or Notepad numbers it
    value: str  # the NIK cell as written in the file
    name: str
    status: RowStatus
    reason: str  # Indonesian sentence; "" when importable


@dataclass(frozen=True, slots=True)
class ManifestReport:
    filename: str
    rows: tuple[ManifestRow, ...]
    entries: tuple[ManifestEntry, ...]
    warnings: tuple[str, ...]

    @property
    def refused(self) -> tuple[ManifestRow, ...]:
        return tuple(row for row in self.rows if row.status is RowStatus.REFUSED)

    @property
    def skipped(self) -> tuple[ManifestRow, ...]:
        return tuple(row for row in self.rows if row.status is RowStatus.SKIPPED)

    @property
    def importable(self) -> int:
        return len(self.entries)

    def to_json(self) -> dict[str, object]:
        """The shape `loket manifest check --json` prints."""
        return {
            "importable": self.importable,
            "refused": [
                {"row": row.row, "value": row.value, "reason": row.reason} for row in self.refused
            ],
            "warnings": list(self.warnings),
        }
