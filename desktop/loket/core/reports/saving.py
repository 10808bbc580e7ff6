"""Reports of the desk's work: laporan harian and rekap bulanan, built, saved and registered.

`daily_report` / `monthly_recap` return plain data (for a screen or a paper); the `save_*`
functions draw it through a writer supplied by `loket.documents`, file it in the document
register and write the audit row, in one transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from loket.core.audit import paper_head
from loket.core.office.identity import office_or_refuse
from loket.core.office.signatories import petugas
from loket.core.papers.filing import AuditNote, file_paper, paper_path
from loket.core.papers.kinds import PaperKind
from loket.core.papers.paper import AuditHead
from loket.core.reports.daily import daily_report
from loket.core.reports.monthly import monthly_recap
from loket.core.reports.paper import DailyReport, MonthlyRecap
from loket.core.staff import members
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.domain.errors import LoketError
from loket.i18n import _

#: Draw the papers; supplied by the caller (loket.documents), so core never imports reportlab.
WriteDaily = Callable[[DailyReport, Path], Path]
WriteMonthly = Callable[[MonthlyRecap, Path], Path]


def _write(write: Callable[[Path], Path], path: Path) -> Path:
    try:
        return write(path)
    except OSError as error:
        raise LoketError(
            _("Berkas {path} tidak bisa ditulis: {error}").format(
                path=path, error=error.strerror or error
            )
        ) from error


def _register(
    database: Database,
    actor: StaffMember | None,
    recorded: StaffMember,
    data: DataDir,
    kind: PaperKind,
    number: str,
    title: str,
    path: Path,
) -> None:
    with database.transaction() as session:
        file_paper(
            session,
            data,
            path,
            kind=kind,
            title=title,
            actor_id=recorded.id,
            number=number,
            note=AuditNote(
                f"report.{kind.value}", "document", None, {"by_command_line": actor is None}
            ),
        )


def daily_report_name(day: dt.date) -> str:
    """The laporan harian's file: one per day, written again over the earlier one when the
    day is printed again (beside it, `-2`, when that one is open in a PDF reader)."""
    return f"laporan-harian-{day.isoformat()}.pdf"


def monthly_recap_name(year: int, month: int) -> str:
    return f"rekap-bulanan-{year:04d}-{month:02d}.pdf"


def audit_head_now(database: Database) -> AuditHead:
    with database.transaction() as session:
        return paper_head(session)


def save_daily_report(
    database: Database,
    actor: StaffMember | None,
    data: DataDir,
    day: dt.date,
    write: WriteDaily,
    out: Path | None = None,
) -> Path:
    """Writes the laporan harian of `day` to `out` (or the documents folder) and files it.

    `actor` signs as "Petugas"; None (a scheduled job) leaves the name to be written by hand
    and records the office's first admin.
    """
    office = office_or_refuse(database)
    recorded = actor if actor is not None else members.first_admin(database)
    report = dataclasses.replace(
        daily_report(database, day),
        letterhead=office.letterhead(data.root),
        officer=petugas(office, actor),
        audit_head=audit_head_now(database),
    )
    path = out or paper_path(data, PaperKind.DAILY_REPORT, daily_report_name(day))
    written = _write(lambda target: write(report, target), path)
    _register(
        database,
        actor,
        recorded,
        data,
        PaperKind.DAILY_REPORT,
        f"LH-{day.isoformat()}",
        f"Laporan harian {report.day}",
        written,
    )
    return written


def save_monthly_recap(
    database: Database,
    actor: StaffMember | None,
    data: DataDir,
    year: int,
    month: int,
    write: WriteMonthly,
    out: Path | None = None,
) -> Path:
    """Writes the rekap bulanan to `out` (or the documents folder) and files it."""
    office = office_or_refuse(database)
    recorded = actor if actor is not None else members.first_admin(database)
    recap = dataclasses.replace(
        monthly_recap(database, year, month),
        letterhead=office.letterhead(data.root),
        officer=petugas(office, actor),
    )
    path = out or paper_path(data, PaperKind.MONTHLY_RECAP, monthly_recap_name(year, month))
    written = _write(lambda target: write(recap, target), path)
    _register(
        database,
        actor,
        recorded,
        data,
        PaperKind.MONTHLY_RECAP,
        f"RB-{year:04d}-{month:02d}",
        f"Rekap bulanan {recap.month}",
        written,
    )
    return written
