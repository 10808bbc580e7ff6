"""What a page needs from the desk: the database, the folder, who is logged in, the one voice,
and the one way to run a use case.

`context.run(task, done)` runs `task` on the worker and `done(result)` back on the window's
thread. A refusal (LoketError: a rule, a locked or full database) is said red on the banner
with its own message, or handed to `refused` (a dialog shows it in place). Anything else is a
bug: the worker has logged its traceback, and the desk is told in general words what to do.
Widgets named in `busy` are disabled until the answer is in, so a second click or key cannot
start the same work twice; work that lasts over a second is shown under the banner.

On a shared server the context keeps the desk's `link` (ui/kit/connection.py): a task that
finds the server gone turns the banner into the lost-connection notice instead of its own
refusal, and a scan (`unrecorded=` its code) is refused at once and named while it is gone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from loket.datadir import DataDir
from loket.domain.errors import LoketError
from loket.i18n import _
from loket.ui.kit.connection import ServerLink, is_lost_link
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
    #: The link to the shared server; None on this desk's own file (built here when not given).
    link: ServerLink | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.link is None and self.database.on_server:
            object.__setattr__(self, "link", ServerLink(self.database, self.tasks, self.feedback))

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
        unrecorded: str = "",
    ) -> None:
        """Runs a use case on the worker; its answer, refusal or failure comes back here.

        `title`: the banner's headline for a refusal (what could not be done). `refused`
        takes the message instead of the banner. `bug`: what to do after a failure that is not a
        refusal. `then` runs after any outcome (the focus back to the scan field). `working`:
        what to say while it takes longer than a second. `unrecorded`: the code of the scan the
        task records, named on the banner if the server is gone (and then refused at once).
        """
        link = self.link
        if link is not None and unrecorded:
            if link.gone:
                link.refuse(unrecorded)
                if then is not None:
                    then()
                return
            task = link.guarded(task)
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
            if link is not None and unrecorded:
                link.recorded(unrecorded)  # one fewer to scan again, if it was not recorded
            if then is not None:
                then()

        def failed(error: BaseException) -> None:
            finish()
            if link is not None and is_lost_link(error) and refused is None:
                link.refuse(unrecorded)  # the banner says the link is lost (and names the scan)
            elif isinstance(error, LoketError):
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
