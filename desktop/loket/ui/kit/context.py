"""What a page needs from the desk: the database, the folder, who is logged in, the one voice,
and the one way to run a use case.

`context.run(task, done)` runs `task` on the worker and `done(result)` back on the window's
thread. A refusal (LoketError: a rule, a locked or full database) is said red on the banner
with its own message, or handed to `refused` (a dialog shows it in place). Anything else is a
bug: the worker has logged its traceback, and the desk is told in general words what to do.
Widgets named in `busy` are disabled until the answer is in, so a second click or key cannot
start the same work twice; work that lasts over a second is shown under the banner.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from loket.datadir import DataDir
from loket.domain.errors import LoketError
from loket.i18n import _
from loket.ui.kit.feedback import Feedback
from loket.ui.kit.tasks import TaskRunner

if TYPE_CHECKING:  # the login window imports this module before SQLAlchemy is loaded
    from loket.core.office.identity import OfficeInfo
    from loket.core.staff.members import StaffMember
    from loket.core.storage import Database

T = TypeVar("T")

#: Work that takes longer than this is said under the banner while it runs.
SHOW_WORKING_AFTER_MS = 1000


def bug_detail() -> str:
    return _("Ulangi sekali. Bila terulang, hubungi admin (lihat berkas log).")


@dataclass(frozen=True)
class DeskContext:
    database: Database
    data: DataDir
    staff: StaffMember
    office: OfficeInfo
    tasks: TaskRunner
    feedback: Feedback

    def run(
        self,
        task: Callable[[], T],
        done: Callable[[T], None],
        *,
        title: str = "",
        refused: Callable[[str], None] | None = None,
        bug: str = "",
        then: Callable[[], None] | None = None,
        busy: Sequence[QWidget] = (),
        working: str = "",
    ) -> None:
        """Runs a use case on the worker; its answer, refusal or failure comes back here.

        `title`: the banner's headline for a refusal (what could not be done). `refused`
        takes the message instead of the banner. `bug`: what to do after a failure that is not a
        refusal. `then` runs after any outcome (the focus back to the scan field). `working`:
        what to say while it takes longer than a second.
        """
        for widget in busy:
            widget.setEnabled(False)
        timer: QTimer | None = None
        if working:
            timer = QTimer(self.feedback)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda: self.feedback.working(working))
            timer.start(SHOW_WORKING_AFTER_MS)

        def finish() -> None:
            if timer is not None:
                timer.stop()
                timer.deleteLater()
                self.feedback.working("")
            for widget in busy:
                widget.setEnabled(True)

        def succeeded(result: T) -> None:
            finish()
            done(result)
            if then is not None:
                then()

        def failed(error: BaseException) -> None:
            finish()
            if isinstance(error, LoketError):
                message = error.message
                if refused is not None:
                    refused(message)
                else:
                    self.feedback.error(title or _("Tidak bisa dilakukan"), message)
            elif refused is not None:
                refused(_("Terjadi kesalahan di program. {what}").format(what=bug or bug_detail()))
            else:
                self.feedback.error(_("Terjadi kesalahan di program"), bug or bug_detail())
            if then is not None:
                then()

        self.tasks.run(task, succeeded, failed)
