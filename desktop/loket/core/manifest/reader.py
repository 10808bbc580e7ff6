"""Reading the kecamatan's list of cards (CSV or XLSX) as government offices really write it.

`read_manifest` never raises anything but `ManifestUnreadable` for a bad file: every row it can
read is importable, refused (with an Indonesian reason) or skipped (blank, JUMLAH, duplicate),
and the preview shows them all before anything is written.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from loket.core.manifest.columns import Field, find_header, map_columns
from loket.core.manifest.model import ManifestEntry, ManifestReport, ManifestRow, RowStatus
from loket.core.manifest.progress import REPORT_EVERY, Progress, ReadProgress, Stage
from loket.core.manifest.rows import RowClassifier, RowOutcome
from loket.core.manifest.source import (
    ManifestUnreadable,
    SourceTable,
    load_text,
    read_bytes,
    sniff_kind,
)
from loket.core.manifest.xlsx import load_xlsx
from loket.i18n import N_, _

__all__ = [
    "ManifestEntry",
    "ManifestReport",
    "ManifestRow",
    "ManifestUnreadable",
    "RowStatus",
    "format_report",
    "read_manifest",
]

_LISTED_ROWS = 10


def read_manifest(
    path: Path, today: dt.date | None = None, progress: Progress | None = None
) -> ManifestReport:
    """Reads and checks every row; raises ManifestUnreadable when the file is not a list at all.

    `progress` is told how far it has come, every REPORT_EVERY rows read and then checked.
    """
    path = Path(path)
    today = today or dt.date.today()
    table = _load(path, progress)
    cells = [row.cells for row in table.rows]
    columns = map_columns(cells, table.header_at)
    classifier = RowClassifier(columns, today)
    body = table.rows[table.header_at + 1 + columns.header_rows :]
    for done, row in enumerate(body, start=1):
        classifier.add(row)
        if progress is not None and (done % REPORT_EVERY == 0 or done == len(body)):
            progress(ReadProgress(Stage.CHECKING, done, len(body)))
    outcome = classifier.finish()
    if outcome.nik_rows == 0:
        raise ManifestUnreadable(
            _(
                'Tidak ada satu NIK pun di bawah judul kolom "{column}" (baris {row}). Isi '
                "kolom NIK atau pilih berkas daftar yang benar."
            ).format(column=columns.label(Field.NIK), row=table.rows[table.header_at].number)
        )
    warnings = list(table.notes)
    if not columns.has(Field.NAME):
        warnings.append(_("Kolom nama tidak ditemukan; nama dapat dilengkapi kemudian."))
    warnings.extend(_outcome_warnings(outcome))
    return ManifestReport(
        filename=path.name,
        rows=tuple(outcome.rows),
        entries=tuple(outcome.entries),
        warnings=tuple(warnings),
    )


def _load(path: Path, progress: Progress | None) -> SourceTable:
    data = read_bytes(path)
    if sniff_kind(data, path) == "xlsx":
        return load_xlsx(path, find_header, progress)
    return load_text(data, find_header, progress)


def _row_list(numbers: Sequence[int]) -> str:
    shown = ", ".join(str(number) for number in numbers[:_LISTED_ROWS])
    if len(numbers) > _LISTED_ROWS:
        return _("{rows}, dan {count} baris lainnya").format(
            rows=shown, count=len(numbers) - _LISTED_ROWS
        )
    return shown


def _outcome_warnings(outcome: RowOutcome) -> list[str]:
    warnings: list[str] = []
    if outcome.as_number:
        warnings.append(
            _(
                "{count} baris ditolak karena NIK tersimpan sebagai angka dan angka terakhirnya "
                "hilang. Di Excel, format kolom NIK sebagai Teks (Text), ketik atau ekspor ulang "
                "NIK-nya, simpan, lalu periksa berkas ini lagi."
            ).format(count=outcome.as_number)
        )
    if outcome.duplicates:
        warnings.append(
            _("{count} baris ganda dilewati (NIK dan nama sama dengan baris sebelumnya).").format(
                count=outcome.duplicates
            )
        )
    for first, later in outcome.name_conflicts:
        warnings.append(
            _(
                "NIK di baris {first} tertulis lagi di baris {later} dengan nama lain: baris "
                "{later} ditolak. Tanyakan ke kecamatan nama mana yang benar."
            ).format(first=first, later=later)
        )
    if outcome.unknown_regions:
        codes = sorted({code for _row, code in outcome.unknown_regions})
        warnings.append(
            _(
                "NIK di baris {rows} berkode kecamatan yang tidak ada di daftar Kemendagri saat "
                "ini ({codes}). Tetap dapat diimpor: NIK tidak pernah berubah walau wilayahnya "
                "dimekarkan atau diganti kodenya."
            ).format(
                rows=_row_list([row for row, _code in outcome.unknown_regions]),
                codes=", ".join(codes[:_LISTED_ROWS]),
            )
        )
    if outcome.bad_rt_rw:
        warnings.append(
            _("RT/RW tidak terbaca di baris {rows}; dibiarkan kosong.").format(
                rows=_row_list(outcome.bad_rt_rw)
            )
        )
    if len(outcome.totals) == 1:
        row, stated = outcome.totals[0]
        if stated is not None and stated != outcome.nik_rows:
            warnings.append(
                _(
                    "Baris JUMLAH (baris {row}) menyebut {stated}, tetapi daftar berisi {count} "
                    "baris ber-NIK. Periksa apakah ada baris yang hilang atau berlebih."
                ).format(row=row, stated=stated, count=outcome.nik_rows)
            )
    return warnings


# --- the terminal report -----------------------------------------------------------------------

_STATUS_LABELS = {
    RowStatus.IMPORTABLE: N_("diimpor"),
    RowStatus.REFUSED: N_("DITOLAK"),
    RowStatus.SKIPPED: N_("dilewati"),
}
_VALUE_WIDTH = 22
_NAME_WIDTH = 28


def _fit(text: str, width: int) -> str:
    """One line of at most `width` characters (control characters and newlines made spaces)."""
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _status_label(status: RowStatus) -> str:
    return _(_STATUS_LABELS[status])


def format_report(report: ManifestReport) -> str:
    """The row-by-row report for the terminal, with a summary line at the end."""
    headers = (_("Baris"), _("NIK"), _("Nama"), _("Status"), _("Keterangan"))
    table = [
        (
            str(row.row),
            _fit(row.value, _VALUE_WIDTH),
            _fit(row.name, _NAME_WIDTH),
            _status_label(row.status),
            _fit(row.reason, 400),
        )
        for row in report.rows
    ]
    widths = [max([len(headers[i])] + [len(line[i]) for line in table]) for i in range(4)]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].rjust(widths[0])
        middle = [cell.ljust(width) for cell, width in zip(cells[1:4], widths[1:], strict=True)]
        return "  ".join([first, *middle, cells[4]]).rstrip()

    lines = [_("Daftar: {name}").format(name=_fit(report.filename, 200)), ""]
    lines.append(line(headers))
    lines.extend(line(cells) for cells in table)
    if report.warnings:
        lines.append("")
        lines.append(_("Peringatan:"))
        lines.extend(f"- {_fit(warning, 1000)}" for warning in report.warnings)
    lines.append("")
    summary = _("{importable} baris dapat diimpor, {refused} ditolak").format(
        importable=report.importable, refused=len(report.refused)
    )
    skipped = len(report.skipped)
    if skipped:
        summary += _(", {skipped} dilewati").format(skipped=skipped)
    lines.append(summary)
    return "\n".join(lines)
