"""The papers found by the document finder, one row each: Jenis, Nomor, Judul, Dibuat, Oleh."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from loket.core.indonesia.zones import zone_abbreviation
from loket.core.papers.register import DocumentEntry
from loket.i18n import _
from loket.ui.kit.table_model import Column, ListTableModel

_MISSING_COLOUR = "#8c1d18"


def _title(entry: DocumentEntry) -> str:
    if not entry.exists:
        return _("{title} — berkas tidak ada").format(title=entry.title)
    return entry.title


def _where(entry: DocumentEntry) -> str:
    if not entry.exists:
        return _("Berkas tidak ada lagi: {path}").format(path=entry.path)
    return str(entry.path)


class DocumentTableModel(ListTableModel[DocumentEntry]):
    def __init__(self, zone: ZoneInfo) -> None:
        self._zone = zone
        super().__init__(
            [
                Column(_("Jenis"), lambda entry: entry.kind_label, tooltip=_where),
                Column(_("Nomor"), lambda entry: entry.number, tooltip=_where),
                Column(_("Judul"), _title, tooltip=_where),
                Column(_("Dibuat"), self._made, tooltip=_where),
                Column(_("Oleh"), lambda entry: entry.created_by, tooltip=_where),
            ],
            key=lambda entry: entry.id,
            foreground=lambda entry: "" if entry.exists else _MISSING_COLOUR,
        )

    def set_entries(self, entries: Sequence[DocumentEntry]) -> None:
        self.reset(entries)

    def entry(self, row: int) -> DocumentEntry | None:
        return self.at(row)

    def _made(self, entry: DocumentEntry) -> str:
        local = entry.created_at.astimezone(self._zone)
        return f"{local:%d-%m-%Y %H.%M} {zone_abbreviation(self._zone)}"
