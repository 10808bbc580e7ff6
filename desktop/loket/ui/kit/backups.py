"""The automatic copies, started from the window: on a thread of their own (not the desk's
worker, which a scan must find free), after the work that asked for them. A copy that failed
is a warning on the banner; a second folder that is missing is a warning on the status bar; a
good copy says nothing."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMainWindow, QWidget

from loket.core.backup import automatic
from loket.core.backup.taking import BackupFailed, BackupResult
from loket.i18n import _
from loket.ui.kit.context import DeskContext
from loket.ui.kit.tasks import TaskRunner

log = logging.getLogger(__name__)
STATUS_BAR_MS = 60_000
_copier: TaskRunner | None = None


def _copying() -> TaskRunner:
    """One copy at a time, beside the worker: copying a big office takes seconds, and the scans
    of those seconds go on committing (WAL: a reader never stops a writer)."""
    global _copier
    if _copier is None:
        _copier = TaskRunner()
    return _copier


def back_up_after_closing(context: DeskContext, page: QWidget) -> None:
    """After a batch, a return or a delivery run is closed (its paper written)."""
    database, data = context.database, context.data
    _copying().run(
        lambda: automatic.back_up_after_closing(database, data),
        lambda outcome: _tell(context, page, outcome),
        lambda error: log.error("automatic backup: %s", error),
    )


def back_up_at_start_of_day(context: DeskContext, page: QWidget) -> None:
    """At the desk's start: the day's first copy, unless one was already made today."""
    database, data = context.database, context.data

    def task() -> BackupResult | BackupFailed | None:
        try:
            return automatic.back_up_if_first_today(database, data)
        except BackupFailed as failure:
            return failure

    _copying().run(
        task,
        lambda outcome: _tell(context, page, outcome),
        lambda error: log.error("automatic backup: %s", error),
    )


def _tell(context: DeskContext, page: QWidget, outcome: BackupResult | BackupFailed | None) -> None:
    if isinstance(outcome, BackupFailed):
        context.feedback.warning(_("Cadangan otomatis gagal"), outcome.message)
        return
    if outcome is None or not outcome.warnings:
        return
    window = page.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(" ".join(outcome.warnings), STATUS_BAR_MS)
    else:
        context.feedback.warning(_("Cadangan kedua tidak dibuat"), " ".join(outcome.warnings))
