"""What a page needs from the desk: the database, the folder, who is logged in, the one voice."""

from __future__ import annotations

from dataclasses import dataclass

from loket.core.office.identity import OfficeInfo
from loket.core.staff.members import StaffMember
from loket.core.storage import Database
from loket.datadir import DataDir
from loket.ui.kit.feedback import Feedback
from loket.ui.kit.tasks import TaskRunner


@dataclass(frozen=True)
class DeskContext:
    database: Database
    data: DataDir
    staff: StaffMember
    office: OfficeInfo
    tasks: TaskRunner
    feedback: Feedback
