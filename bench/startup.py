"""Start-up to the login window, against a bare PySide6 window started the same way, same run.

    python bench/startup.py [--runs 5] [--typing 2.0] [--no-frozen] [--no-screen]

Each start is a fresh process on the offscreen platform, timed from its launch to its window's
first painting: the desk's log line "login window shown" (`ui/shell/login.py`), the floor's
ready file (`bench/bare_window.py`). Both from source (`python -m loket --data-dir DEMO`
against `python bench/bare_window.py`), and frozen when `make bundle` has built dist/loket/
(`loket-gui --data-dir DEMO` against the bare window frozen the same way with PyInstaller into
build/bench-bare/, built here when missing). The starts take turns, so that other work on the
machine weighs on each alike.

Then the desk behind the login window: a clerk who types for `--typing` seconds after the
window shows and presses Enter; timed from that Enter to the password checked (the floor: what
the clerk waits for in any case) and to the main window shown with the open batch loaded.

Last, the same from outside, from source and frozen alike (the frozen program cannot be looked
into): the real program on an Xvfb screen of its own, typed into with xdotool as the end-to-end
tests do (tests/e2e/desk.py), the password's Enter `--typing` seconds after the login window
shows; timed from that Enter to the desk opened (its log's "desk opened by") and to the answer
to the first card scanned as soon as the desk's window has the focus. `--no-screen` leaves it
out (it needs Xvfb and xdotool).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the end-to-end tests' driver of the real window
from tests.e2e.desk import Desk, VirtualScreen  # noqa: E402

BARE_SCRIPT = ROOT / "bench" / "bare_window.py"
BARE_BUILD = ROOT / "build" / "bench-bare"
FROZEN_DESK = ROOT / "dist" / "loket" / "loket-gui"
POLL_S = 0.002
SHOWN = b"login window shown"

# The desk started as `python -m loket` is, a clerk typing into its login window.
AFTER_LOGIN = """
import os, sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from loket.ui.shell.app import run_gui
from loket.ui.shell.login import LoginDialog
from loket.ui.shell.main_window import MainWindow

typing = float(sys.argv[2])
app = QApplication(sys.argv[:1])
marks = {}

def look():
    now = time.perf_counter()
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, LoginDialog) and dialog._painted and "enter" not in marks:
        marks.setdefault("shown", now)
        if now - marks["shown"] >= typing:
            dialog.finished.connect(lambda _r: marks.setdefault("checked", time.perf_counter()))
            dialog.username.setText("petugas")
            dialog.password.setText("petugas123")
            marks["enter"] = time.perf_counter()
            dialog.login_button.click()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible() and "enter" in marks:
            context = widget._context
            if not widget.intake_page.loading and not context.tasks.busy:
                app.processEvents()
                enter = marks["enter"]
                print(f"{marks['checked'] - enter:.4f} {time.perf_counter() - enter:.4f}",
                      flush=True)
                os._exit(0)

timer = QTimer()
timer.timeout.connect(look)
timer.start(1)
run_gui(Path(sys.argv[1]))
"""


def _env() -> dict[str, str]:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", LOKET_MUTE="1")


def _time_until(command: list[str], ready: Callable[[], bool], timeout: float = 120) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(command, env=_env(), stdout=subprocess.DEVNULL)
    try:
        while not ready():
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} stopped before its window showed")
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"{command[0]} showed no window in {timeout} s")
            time.sleep(POLL_S)
        return time.perf_counter() - start
    finally:
        process.kill()
        process.wait()


def time_bare(command: list[str], folder: Path) -> float:
    ready_file = folder / "bare-ready"
    ready_file.unlink(missing_ok=True)
    return _time_until([*command, str(ready_file)], ready_file.exists)


def time_login(command: list[str], demo: Path) -> float:
    log = demo / "logs" / "loket.log"
    offset = log.stat().st_size if log.exists() else 0

    def shown() -> bool:
        if not log.exists():
            return False
        with log.open("rb") as read:
            read.seek(offset)
            return SHOWN in read.read()

    return _time_until([*command, "--data-dir", str(demo)], shown)


def time_after_login(demo: Path, typing: float) -> tuple[float, float]:
    result = subprocess.run(
        [sys.executable, "-c", AFTER_LOGIN, str(demo), str(typing)],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    checked, ready = result.stdout.split()
    return float(checked), float(ready)


def _log_mark(log: Path, offset: int, mark: bytes, timeout: float = 120) -> float:
    """When `mark` appears in the desk's log after `offset` (perf_counter seconds)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if log.exists():
            with log.open("rb") as read:
                read.seek(offset)
                if mark in read.read():
                    return time.perf_counter()
        time.sleep(POLL_S)
    raise RuntimeError(f"{mark!r} not in the desk's log after {timeout} s")


def time_desk_on_screen(
    screen: VirtualScreen, program: list[str], demo: Path, typing: float, nik: str
) -> tuple[float, float]:
    """The real program on an X server, typed into as a clerk and a scanner do: from the Enter
    on the password to the desk opened (its log's "desk opened by"), and to the answer to a
    card scanned the moment the desk's window has the focus."""
    log = demo / "logs" / "loket.log"
    offset = log.stat().st_size if log.exists() else 0
    desk = Desk(screen, demo, program=program)
    desk.start()
    try:
        _log_mark(log, offset, SHOWN)
        desk.wait_for_window("Masuk")
        time.sleep(typing)
        desk.type_keys("petugas", delay_ms=0)
        desk.key("Tab")
        desk.type_keys("petugas123", delay_ms=0)
        desk.xdotool("key", "Return")
        enter = time.perf_counter()
        opened = _log_mark(log, offset, b"desk opened by") - enter
        desk.wait_for_window("Loket KTP-el")
        desk.scan([nik])
        answered = _log_mark(log, offset, b"scan acknowledged: received") - enter
    finally:
        desk.stop()
    return opened, answered


def _cards_to_scan(demo: Path) -> list[str]:
    """The open batch's cards not received yet: one scanned per start."""
    with sqlite3.connect(demo / "loket.sqlite3") as connection:
        rows = connection.execute(
            "SELECT card.nik FROM card JOIN batch ON batch.id = card.batch_id"
            " WHERE batch.status = 'OPEN' AND card.state = 'EXPECTED' ORDER BY card.id"
        ).fetchall()
    return [nik for (nik,) in rows]


def frozen_bare() -> Path:
    """The bare window frozen as the desk is (one folder, PyInstaller), built when missing."""
    program = BARE_BUILD / "dist" / "bare_window" / "bare_window"
    if not program.exists() or program.stat().st_mtime < BARE_SCRIPT.stat().st_mtime:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "PyInstaller",
                "--noconfirm",
                "--log-level",
                "WARN",
                "--onedir",
                "--distpath",
                str(BARE_BUILD / "dist"),
                "--workpath",
                str(BARE_BUILD / "work"),
                "--specpath",
                str(BARE_BUILD),
                str(BARE_SCRIPT),
            ],
            check=True,
        )
    return program


def _line(name: str, value: float, floor: float) -> str:
    return f"  {name:28s} {value:6.2f} s   ratio {value / floor:4.1f} x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--typing", type=float, default=2.0, help="seconds of the clerk's typing")
    parser.add_argument("--no-frozen", action="store_true", help="from source only")
    parser.add_argument(
        "--no-screen", action="store_true", help="without the desk typed into on Xvfb"
    )
    args = parser.parse_args()
    frozen = not args.no_frozen and FROZEN_DESK.exists()
    starts: dict[str, tuple[Callable[[Path, Path], float], ...]] = {}
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        folder = Path(tmp)
        demo = folder / "demo"
        subprocess.run(
            [sys.executable, "-m", "loket", "demo", "--no-gui", "--data-dir", str(demo)],
            check=True,
            capture_output=True,
        )
        source = [sys.executable, "-m", "loket"]
        bare_source = [sys.executable, str(BARE_SCRIPT)]
        starts["source"] = (
            lambda f, _d: time_bare(bare_source, f),
            lambda _f, d: time_login(source, d),
        )
        if frozen:
            bare_frozen = [str(frozen_bare())]
            starts["frozen"] = (
                lambda f, _d: time_bare(bare_frozen, f),
                lambda _f, d: time_login([str(FROZEN_DESK)], d),
            )
        times: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in starts}
        after: list[tuple[float, float]] = []
        for _run in range(args.runs):
            for kind, (bare, login) in starts.items():
                times[kind][0].append(bare(folder, demo))
                times[kind][1].append(login(folder, demo))
            after.append(time_after_login(demo, args.typing))
        on_screen: dict[str, list[tuple[float, float]]] = {}
        if not args.no_screen:
            programs = {"source": source, **({"frozen": [str(FROZEN_DESK)]} if frozen else {})}
            cards = iter(_cards_to_scan(demo))
            screen = VirtualScreen()
            screen.start()
            try:
                for _run in range(args.runs):
                    for kind, program in programs.items():
                        on_screen.setdefault(kind, []).append(
                            time_desk_on_screen(screen, program, demo, args.typing, next(cards))
                        )
            finally:
                screen.stop()
    print(f"start-up to the login window, median of {args.runs} fresh processes each")
    for kind, (bare_times, login_times) in times.items():
        bare, login = statistics.median(bare_times), statistics.median(login_times)
        print(f"  {kind}: bare PySide6 window {bare:6.2f} s")
        print(_line(f"{kind}: Loket login window", login, bare))
    checked = statistics.median(c for c, _r in after)
    ready = statistics.median(r for _c, r in after)
    print(f"the desk after {args.typing:.1f} s of typing, from the Enter (source, median)")
    print(f"  password checked             {checked * 1000:6.0f} ms")
    print(f"  main window with its batch   {ready * 1000:6.0f} ms   ratio {ready / checked:4.1f} x")
    if on_screen:
        print(
            f"the desk on an X server after {args.typing:.1f} s of typing, from the Enter (median)"
        )
    for kind, marks in on_screen.items():
        opened = statistics.median(o for o, _a in marks)
        answered = statistics.median(a for _o, a in marks)
        print(f"  {kind}: desk opened {opened * 1000:6.0f} ms (median)")
        print(f"  {kind}: first card answered {answered * 1000:6.0f} ms (median)")


if __name__ == "__main__":
    main()
