"""A PC clock set back: noticed at log-in, before it files the day's handovers under a wrong day.

Every time the program records is the PC's clock (`clock.utc_now`). A clock set back (a flat
CMOS battery, a wrong manual setting) does not lose or double anything — receipt numbers come
from a counter per year, and a year that was already used goes on from its last number — but
the laporan harian would list today's handovers under another day, and their receipts would
carry a wrong date. So at log-in the clock is compared with the latest time already recorded.

Decision: the desk may go on working after the staff member says so explicitly, and that is
written to the audit log with both times. Blocking would stop the queue over a setting that
only an administrator of the PC may be able to change, while nothing recorded meanwhile is
lost; the audit row tells the supervisor which day's report to read with care.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loket.core import audit
from loket.core.clock import utc_now
from loket.core.indonesia import writing
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.db.models import AuditEntry, Handover, Scan
from loket.i18n import _, ngettext

#: Two desks' clocks (or a clock corrected by a few minutes) may differ this much unnoticed.
TOLERANCE = dt.timedelta(minutes=5)
#: The latest rows read from the audit log and the scan log (by id, their primary key): a clock
#: set back shows in the rows written just before it. Handovers are read whole (indexed time).
RECENT_ROWS = 5000
ACCEPTED_ACTION = "clock.behind_accepted"


@dataclass(frozen=True, slots=True)
class ClockBehind:
    """The PC's clock is earlier than a time already recorded (both in UTC)."""

    pc_time: dt.datetime
    latest_recorded: dt.datetime

    @property
    def behind(self) -> dt.timedelta:
        return self.latest_recorded - self.pc_time


@dataclass(frozen=True, slots=True)
class ClockWarning:
    """What happened, both times as the office's clock shows them, what it does, what to do."""

    title: str
    pc_time: str  # "Jumat, 6 November 2026 pukul 07.45 WIB"
    latest_recorded: str
    consequence: str
    fix: str

    @property
    def detail(self) -> str:
        """The whole warning as one paragraph (for the log, or where there is no room)."""
        return " ".join(
            (
                _("Jam komputer sekarang: {time}.").format(time=self.pc_time),
                _("Data terakhir sudah dicatat pada: {time}.").format(time=self.latest_recorded),
                self.consequence,
                self.fix,
            )
        )


def latest_recorded_time(session: Session) -> dt.datetime | None:
    """The latest time in the audit log, the scan log and the handovers."""
    recent_audit = (
        select(AuditEntry.at).order_by(AuditEntry.id.desc()).limit(RECENT_ROWS).subquery()
    )
    recent_scans = select(Scan.scanned_at).order_by(Scan.id.desc()).limit(RECENT_ROWS).subquery()
    times = [
        session.scalar(select(func.max(recent_audit.c.at))),
        session.scalar(select(func.max(recent_scans.c.scanned_at))),
        session.scalar(select(func.max(Handover.handed_over_at))),
    ]
    known = [moment for moment in times if moment is not None]
    return max(known) if known else None


def check_clock(database: Database, now: dt.datetime | None = None) -> ClockBehind | None:
    """ClockBehind when the PC's clock is more than TOLERANCE before the latest recorded time."""
    pc_time = now or utc_now()
    with database.transaction() as session:
        latest = latest_recorded_time(session)
    if latest is None or latest - pc_time <= TOLERANCE:
        return None
    return ClockBehind(pc_time, latest)


def describe_gap(gap: dt.timedelta) -> str:
    """ "3 hari 2 jam", "1 jam 5 menit", "12 menit": how far behind, to the minute."""
    minutes = int(gap.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if days:
        parts.append(ngettext("{count} hari", "{count} hari", days).format(count=days))
    if hours:
        parts.append(ngettext("{count} jam", "{count} jam", hours).format(count=hours))
    if minutes and not days:
        parts.append(ngettext("{count} menit", "{count} menit", minutes).format(count=minutes))
    return " ".join(parts) or ngettext("{count} menit", "{count} menit", 0).format(count=0)


def clock_warning(found: ClockBehind, zone: ZoneInfo) -> ClockWarning:
    """The warning shown at log-in, with both times as the office's clock would show them."""
    return ClockWarning(
        title=_("Jam komputer ini mundur {gap}").format(gap=describe_gap(found.behind)),
        pc_time=writing.date_time(found.pc_time, zone),
        latest_recorded=writing.date_time(found.latest_recorded, zone),
        consequence=_(
            "Bila dipakai dengan jam ini, penyerahan akan masuk laporan harian tanggal yang "
            "salah dan tanda terimanya bertanggal salah."
        ),
        fix=_(
            "Betulkan tanggal dan jam komputer (Pengaturan Windows, Waktu & bahasa), lalu "
            "periksa lagi. Bila jam komputer sudah benar, berarti data terakhir dicatat dengan "
            "jam yang salah: beri tahu admin."
        ),
    )


def continue_with_clock_behind(database: Database, actor: StaffMember, found: ClockBehind) -> None:
    """The staff member chose to work with the clock as it is: said in the audit log."""
    with database.transaction() as session:
        audit.record(
            session,
            actor.id,
            ACCEPTED_ACTION,
            "staff",
            actor.id,
            pc_time=found.pc_time.isoformat(),
            latest_recorded=found.latest_recorded.isoformat(),
            behind_minutes=int(found.behind.total_seconds() // 60),
        )
