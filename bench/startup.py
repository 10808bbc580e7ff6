"""Start-up to a usable window, against a bare Qt window started the same way in the same run.

    python bench/startup.py [--runs 5]

Each run is a fresh Python process on the offscreen platform, timed from the launch to the
line it prints once its window is shown and has painted. The desk's run opens a demo data
folder (migrations checked), builds the whole main window (every page, the banner, the
scanner input), loads the open batch, and shows it with the scan field focused; the login
dialog is left out because its time is the clerk's typing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
window = QWidget()
window.resize(1366, 768)
window.show()
app.processEvents()
print("ready", flush=True)
"""

DESK = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from loket.core.office import identity
from loket.core.staff import members
from loket.datadir import DataDir
from loket.db.open import open_database
from loket.ui.kit.context import DeskContext
from loket.ui.kit.feedback import Banner, Feedback
from loket.ui.shell.main_window import MainWindow
from loket.ui.kit.scanner import ScannerInput
from loket.ui.kit.sound import SoundPlayer
from loket.ui.kit.tasks import TaskRunner
from loket.ui.kit.theme import apply_theme

app = QApplication([])
apply_theme(app)
data = DataDir(Path(sys.argv[1]))
database = open_database(data)
member = members.find_member(database, "petugas")
banner = Banner()
context = DeskContext(database, data, member, identity.get_office(database), TaskRunner(app),
                      Feedback(banner, SoundPlayer(muted=True)))
scanner = ScannerInput(app)
scanner.install(app)
window = MainWindow(context, banner, scanner)
window.intake_page.load_latest_open_batch()
window.resize(1366, 768)
window.show()
while window.intake_page.loading or context.tasks.busy:  # the batch comes from the worker
    app.processEvents()
app.processEvents()
print("ready", flush=True)
"""


def time_to_ready(code: str, *args: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    process.kill()
    process.wait()
    if line.strip() != "ready":
        raise RuntimeError("the window did not come up")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        demo = Path(tmp) / "demo"
        subprocess.run(
            [sys.executable, "-m", "loket", "demo", "--no-gui", "--data-dir", str(demo)],
            check=True,
            capture_output=True,
        )
        bare = statistics.median(time_to_ready(BARE) for _ in range(args.runs))
        desk = statistics.median(time_to_ready(DESK, str(demo)) for _ in range(args.runs))
    print(f"start-up to a usable window, median of {args.runs} fresh processes")
    print(f"  bare Qt window      {bare:6.2f} s")
    print(f"  Loket KTP-el desk   {desk:6.2f} s   ratio {desk / bare:4.1f} x")


if __name__ == "__main__":
    main()
