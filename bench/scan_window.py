"""Scan to banner through the real window, with a big batch open in a big office.

    python bench/scan_window.py [--office 1000000] [--cards 20000] [--scans 300] [--burst 100]

Builds an office of `--office` cards (handed over and in stock, as after years at a desk),
opens a batch whose list has `--cards` cards, and shows the real main window (offscreen) on
it. Then it types codes as a keyboard-wedge scanner does, a key event per character and
Enter, into whatever has the focus:

- one at a time, 0.3 s apart: from the Enter that ends a code to the banner painted with
  its answer (median, p99);
- a burst of `--burst` codes back to back: from the last code's Enter to the last answer
  painted.

The same is measured on a batch of 60 cards in the same office. The floor is the use case
alone (`scanning.receive_scan`, the same work without the window), on the same database in
the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LOKET_MUTE", "1")

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from loket.core.intake import batches, scanning
from loket.core.manifest.model import ManifestEntry, ManifestReport, ManifestRow, RowStatus
from loket.core.office import identity
from loket.core.staff import accounts, members
from loket.datadir import DataDir
from loket.db.open import open_database
from loket.domain.states import Role
from loket.ui.shell.app import prepare_application
from loket.ui.shell.main_window import MainWindow
from scan_intake import _fill_history, _unique_niks
from window_stalls import build_desk, idle, take_down, wait_until

SPACED_S = 0.3


class BannerPaints(QObject):
    """The time of each painting of the banner that follows a new answer on it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.painted: list[float] = []
        self._answered = 0
        window.banner.installEventFilter(self)
        window.intake_page._context.feedback.shown.connect(self._answer)

    def _answer(self, _message: object) -> None:
        self._answered += 1

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            while len(self.painted) < self._answered:
                self.painted.append(time.perf_counter())
        return False


def type_code(code: str) -> float:
    """Types `code` and Enter into the focus widget; returns when the Enter was pressed."""
    for char in code:
        key = Qt.Key(ord(char))
        target = QApplication.focusWidget()
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            )
    target = QApplication.focusWidget()
    pressed = time.perf_counter()
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(
            target, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
        )
    return pressed


def listed_report(niks: list[str]) -> ManifestReport:
    entries = tuple(
        ManifestEntry(i + 2, nik, f"WARGA KALIGAWE {i}", "001", "002", "")
        for i, nik in enumerate(niks)
    )
    rows = tuple(ManifestRow(e.row, e.nik, e.name, RowStatus.IMPORTABLE, "") for e in entries)
    return ManifestReport("daftar.csv", rows, entries, ())


def through_window(
    data: DataDir, app: QApplication, spaced: list[str], burst: list[str]
) -> tuple[list[float], float]:
    window, context = build_desk(data, app)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    window.intake_page.load_latest_open_batch()
    wait_until(lambda: idle(window, context) and window.intake_page.scan_field.hasFocus())
    paints = BannerPaints(window)
    latencies = []
    for code in spaced:
        pressed = type_code(code)
        wait_until(lambda: len(paints.painted) > len(latencies))
        latencies.append(paints.painted[-1] - pressed)
        rest_until(time.perf_counter() + SPACED_S)
    before = len(paints.painted)
    last = 0.0
    for code in burst:
        last = type_code(code)
    wait_until(lambda: len(paints.painted) >= before + len(burst) and idle(window, context))
    behind = paints.painted[before + len(burst) - 1] - last
    take_down(window, context)
    return latencies, behind


def rest_until(end: float) -> None:
    wait_until(lambda: time.perf_counter() > end)


def floor(data: DataDir, codes: list[str]) -> list[float]:
    database = open_database(data)
    batch = batches.latest_open_batch(database)
    member = members.find_member(database, "bench")
    assert batch is not None and member is not None
    timings = []
    for code in codes:
        start = time.perf_counter()
        scanning.receive_scan(database, member, batch.batch.id, code)
        timings.append(time.perf_counter() - start)
    database.dispose()
    return timings


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def _line(label: str, values: list[float]) -> str:
    return (
        f"  {label:<40} median {statistics.median(values) * 1000:6.1f} ms"
        f"   p99 {_p99(values) * 1000:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--office", type=int, default=1_000_000)
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--scans", type=int, default=300)
    parser.add_argument("--burst", type=int, default=100)
    args = parser.parse_args()
    app = QApplication([])
    prepare_application(app)
    rng = random.Random(11)
    print(f"an office of {args.office:,} cards")
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        data = DataDir(Path(tmp) / "loket")
        database = open_database(data)
        identity.set_up_office(database, "33.74.04.1002", "Jl. Kaligawe Raya No. 2", "Drs. Bambang")
        admin = accounts.add_staff(database, None, "bench", "bench-password", Role.ADMIN, "Petugas")
        taken: set[str] = set()
        _fill_history(database, admin.id, _unique_niks(rng, args.office, taken))
        for size in (args.cards, 60):
            listed = _unique_niks(rng, size, taken)
            batches.open_batch(
                database, admin, f"470/{size}/2026", dt.date.today(), "", listed_report(listed)
            )
            per_kind = min(args.scans, size // 3)
            spaced, burst = (
                listed[:per_kind],
                listed[per_kind : per_kind + min(args.burst, size // 3)],
            )
            rest = listed[per_kind + len(burst) :][:per_kind]
            latencies, behind = through_window(data, app, spaced, burst)
            alone = floor(data, rest)
            print(f"a batch of {size:,} cards on screen")
            print(_line(f"scan to banner painted ({len(spaced)} scans)", latencies))
            print(_line("the use case alone (the floor)", alone))
            ratio = statistics.median(latencies) / statistics.median(alone)
            print(f"  ratio to the floor, median                {ratio:6.1f} x")
            print(
                f"  a burst of {len(burst)} codes back to back: the last answered"
                f" {behind * 1000:.0f} ms after its Enter"
            )
            batch = batches.latest_open_batch(database)
            assert batch is not None
            database.dispose()
            database = open_database(data)
            _close_quietly(database, batch.batch.id)
        database.dispose()


def _close_quietly(database, batch_id: int) -> None:  # type: ignore[no-untyped-def]
    """The next batch is the latest open one: this one is set aside (closed in the database)."""
    from sqlalchemy import update

    from loket.db.models import Batch
    from loket.domain.states import BatchStatus

    with database.transaction() as session:
        session.execute(update(Batch).where(Batch.id == batch_id).values(status=BatchStatus.CLOSED))


if __name__ == "__main__":
    main()
