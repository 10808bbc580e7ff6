"""The longest the window stops answering during the desk's four heaviest jobs.

    python bench/window_stalls.py [--cards 20000] [--handovers 10000]

Runs the real main window (offscreen) and drives it as a clerk does, while a heartbeat timer
on the window's thread ticks every 5 ms; a stall is the longest gap between two ticks. The
floor is the same heartbeat on the same desk left idle for two seconds, in the same run:
what the timer itself jitters by. The jobs:

- start: the main window shown and painted; then the open batch of `--cards` cards read
  and put on screen;
- import: a kecamatan list of `--cards` rows read and shown in "Kiriman baru", then the
  batch created and loaded;
- close: that batch closed with all but 200 of its cards missing, the berita acara written
  and opened in the print preview (closed again with Esc);
- laporan harian: F6 on a day of `--handovers` handovers, written and opened in the preview.

Each job also prints how long it took from the first step to the desk idle again.
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LOKET_MUTE", "1")

import shiboken6
from PySide6.QtCore import QDate, QEventLoop, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from kecamatan_list import write_manifest
from loket.core.intake import batches, scanning
from loket.core.office import identity
from loket.core.staff import accounts, members
from loket.datadir import DataDir
from loket.db.open import open_database
from loket.domain.states import Role
from loket.ui.intake.batch_dialogs import CloseBatchDialog, NewBatchDialog
from loket.ui.kit import printing
from loket.ui.kit.context import DeskContext
from loket.ui.kit.tasks import TaskRunner
from loket.ui.shell.app import DeskParts, prepare_application
from loket.ui.shell.app import build_desk as app_desk
from loket.ui.shell.main_window import MainWindow
from reports import DAY, fill_day

D = TypeVar("D")
HEARTBEAT_MS = 5
GOAL_S = 0.100  # a person notices a tenth of a second
RECEIVED = 200  # of the batch's cards, scanned before it is closed


class Heartbeat:
    """Ticks on the window's thread; the longest gap between ticks is the longest stall.

    It also notes the longest run of Python's cycle collector (which the program runs on the
    window's thread, `ui/shell/collector.py`): a collection is one of the things a stall can be.
    """

    def __init__(self) -> None:
        self._timer = QTimer()
        self._timer.setInterval(HEARTBEAT_MS)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self.longest = 0.0
        self.longest_collection = 0.0
        self._collecting_since = 0.0
        gc.callbacks.append(self._collection)

    def start(self) -> None:
        self.longest = self.longest_collection = 0.0
        self._last = time.perf_counter()
        self._timer.start()

    def _collection(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._collecting_since = time.perf_counter()
        elif self._timer.isActive():
            took = time.perf_counter() - self._collecting_since
            self.longest_collection = max(self.longest_collection, took)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def stop(self) -> float:
        self._tick()
        self._timer.stop()
        return self.longest


def wait_until(done: Callable[[], bool], timeout_s: float = 600) -> None:
    """Lets the event loop run (the heartbeat ticks) until `done()`."""
    deadline = time.perf_counter() + timeout_s
    loop = QEventLoop()
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the desk did not finish the job")
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def in_modal(kind: type[D], action: Callable[[D], None]) -> None:
    """Runs `action(dialog)` once a modal dialog of that kind is up (its `exec()` waiting)."""

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            action(dialog)
        else:
            QTimer.singleShot(10, look)

    QTimer.singleShot(10, look)


def close_preview_when_seen(closed: list[bool]) -> None:
    def close(dialog: printing.PdfPreviewDialog) -> None:
        QTimer.singleShot(300, lambda: (dialog.reject(), closed.append(True)))  # seen, Esc

    in_modal(printing.PdfPreviewDialog, close)


def pdf_printer(out: Path) -> Callable[[str], QPrinter]:
    def make(_name: str) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    return make


def build_desk(data: DataDir, app: QApplication) -> tuple[MainWindow, DeskContext]:
    """The desk as the program builds it after the log-in, on the bench's office."""
    database = open_database(data)
    office = identity.get_office(database)
    member = members.find_member(database, "bench")
    assert office is not None and member is not None
    return app_desk(app, DeskParts(database, data, member, office, TaskRunner(app)))


def take_down(window: MainWindow, context: DeskContext) -> None:
    """As the program closes a desk: the worker stopped, the window deleted on this thread."""
    window.close()
    context.tasks.shutdown()
    shiboken6.delete(window)


def idle(window: MainWindow, context: DeskContext) -> bool:
    return not context.tasks.busy and not window.intake_page.loading


def measure(label: str, heartbeat: Heartbeat, job: Callable[[], None], floor: float) -> None:
    heartbeat.start()
    start = time.perf_counter()
    job()
    took = time.perf_counter() - start
    longest = heartbeat.stop()
    stall = max(longest - HEARTBEAT_MS / 1000, 0)
    verdict = "within" if stall <= GOAL_S else "OVER"
    print(
        f"  {label:<44} took {took:6.1f} s   longest stall {stall * 1000:6.0f} ms"
        f"   ({verdict} the {GOAL_S * 1000:.0f} ms goal; idle floor {floor * 1000:.0f} ms)"
    )
    print(f"      longest cycle collection {heartbeat.longest_collection * 1000:5.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--handovers", type=int, default=10_000)
    args = parser.parse_args()
    app = QApplication([])
    prepare_application(app)  # as the program: theme, collector, the interpreter's turns
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        folder = Path(tmp)
        printing.make_printer = pdf_printer(folder / "printed.pdf")  # type: ignore[assignment]
        data = DataDir(folder / "loket")
        database = open_database(data)
        identity.set_up_office(database, "33.74.04.1002", "Jl. Kaligawe Raya No. 2", "Drs. Bambang")
        admin = accounts.add_staff(database, None, "bench", "bench-password", Role.ADMIN, "Petugas")
        manifest = folder / "daftar.csv"
        niks = write_manifest(manifest, args.cards)
        print(f"a desk with a batch of {args.cards:,} cards; a day of {args.handovers:,} handovers")
        heartbeat = Heartbeat()

        # The floor: the same heartbeat on a desk at rest.
        window, context = build_desk(data, app)
        window.resize(1366, 768)
        window.show()
        wait_until(lambda: idle(window, context))
        heartbeat.start()
        _rest(2.0)
        floor = max(heartbeat.stop() - HEARTBEAT_MS / 1000, 0.001)
        print(f"  {'idle desk (the floor)':<44} {'':14}   longest stall {floor * 1000:6.0f} ms")

        def import_list() -> None:
            created: list[bool] = []

            def drive(dialog: NewBatchDialog) -> None:
                dialog.reference.setText("470/1123/Gys/XI/2026")
                dialog.load_manifest(manifest)

                def create_when_read() -> None:
                    if dialog.running or dialog._plan is None:
                        QTimer.singleShot(20, create_when_read)
                        return
                    dialog.accept_button.click()
                    created.append(True)

                create_when_read()

            in_modal(NewBatchDialog, drive)
            window.intake_page.new_batch()
            wait_until(lambda: bool(created) and idle(window, context))

        measure(f"import a list of {args.cards:,} rows", heartbeat, import_list, floor)
        batch = batches.latest_open_batch(database)
        assert batch is not None and batch.batch.counts.expected == args.cards
        for nik in niks[:RECEIVED]:  # what came in the box, scanned (not measured)
            scanning.receive_scan(database, admin, batch.batch.id, nik)
        take_down(window, context)

        built = time.perf_counter()
        window, context = build_desk(data, app)
        built = time.perf_counter() - built

        def show() -> None:
            window.resize(1366, 768)
            window.show()
            _rest(0.5)

        def start() -> None:
            window.intake_page.load_latest_open_batch()
            wait_until(lambda: idle(window, context))

        measure("show the window (its first painting)", heartbeat, show, floor)
        measure(f"start on the open batch of {args.cards:,}", heartbeat, start, floor)
        print(f"    (the window was built in {built:.2f} s before it was shown, after the login)")

        def close_batch() -> None:
            previewed: list[bool] = []

            def drive(dialog: CloseBatchDialog) -> None:

                def close_when_found() -> None:
                    if dialog.running or dialog.found is None:
                        QTimer.singleShot(20, close_when_found)
                        return
                    dialog.accept_button.click()
                    close_preview_when_seen(previewed)

                close_when_found()

            in_modal(CloseBatchDialog, drive)
            window.intake_page.close_batch()
            wait_until(lambda: bool(previewed) and idle(window, context))

        missing = args.cards - RECEIVED
        measure(f"close it, {missing:,} missing, to the preview", heartbeat, close_batch, floor)
        take_down(window, context)

        fill_day(database, admin.id, args.handovers)
        window, context = build_desk(data, app)
        window.resize(1366, 768)
        window.show()
        window.show_page(window.reports_page)
        wait_until(lambda: idle(window, context))

        def daily_report() -> None:
            previewed: list[bool] = []
            window.reports_page.day_edit.setDate(QDate(DAY.year, DAY.month, DAY.day))
            close_preview_when_seen(previewed)
            window.reports_page.print_daily()
            wait_until(lambda: bool(previewed) and idle(window, context))

        measure(f"laporan harian of {args.handovers:,} handovers", heartbeat, daily_report, floor)
        take_down(window, context)
        database.dispose()


def _rest(seconds: float) -> None:
    end = time.perf_counter() + seconds
    wait_until(lambda: time.perf_counter() > end)


if __name__ == "__main__":
    main()
