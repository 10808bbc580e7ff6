"""Driving the real program through an X server, the way a keyboard-wedge scanner and a clerk do."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pytest

REQUIRED_TOOLS = ("Xvfb", "xdotool")
POLL = 0.1  # seconds between looks at the screen (each look is an xdotool process)
# Where the main window (maximised on the 1366x768 screen) shows things: left, top, right, bottom.
BANNER = (0, 34, 1366, 140)


def require_x_tools() -> None:
    missing = [tool for tool in REQUIRED_TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"end-to-end tests need {', '.join(missing)} (apt-get install xvfb xdotool)"
        if os.environ.get("LOKET_REQUIRE_E2E"):
            pytest.fail(message)
        pytest.skip(message)


def _scanner_priority() -> list[str]:
    """A scanner keeps its own clock: as root, xdotool typing a burst runs ahead of other work.

    Two shared cores can otherwise pause xdotool longer than the program's 35 ms burst gap
    between two characters of one code, which no USB scanner does.
    """
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("nice"):
        return ["nice", "-n", "-10"]
    return []


class ScreenRefused(AssertionError):
    """The program could not connect to the X server at all (not the program's doing)."""


class VirtualScreen:
    """An Xvfb server of our own on a free display number."""

    def __init__(self) -> None:
        self.display = ""
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        for number in range(90, 140):
            if Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
                continue
            process = subprocess.Popen(
                ["Xvfb", f":{number}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                if Path(f"/tmp/.X11-unix/X{number}").exists():
                    self.display, self._process = f":{number}", process
                    return
                if process.poll() is not None:
                    break
                time.sleep(0.05)
            process.kill()
        raise RuntimeError("could not start Xvfb")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)


class Desk:
    """The real `loket --data-dir DIR` process on a virtual screen.

    `env` adds to the program's environment (e.g. CUPS_SERVER for a desk with no printer);
    `program`: how the program is started (the frozen `loket-gui`), `python -m loket` if not.
    """

    def __init__(
        self,
        screen: VirtualScreen,
        data_dir: Path,
        env: Mapping[str, str] | None = None,
        program: Sequence[str] = (sys.executable, "-m", "loket"),
    ) -> None:
        self.screen = screen
        self.data_dir = data_dir
        self.program = tuple(program)
        self.process: subprocess.Popen[bytes] | None = None
        self.output = data_dir.parent / "desk-output.log"
        self._extra_env = dict(env or {})
        self._output_from = 0  # where this start's output begins in `output`
        self.refused_starts = 0

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DISPLAY=self.screen.display,
            QT_QPA_PLATFORM="xcb",
            LOKET_MUTE="1",
            QT_ACCESSIBILITY="0",
            NO_AT_BRIDGE="1",
            PYTHONFAULTHANDLER="1",  # a crash of the program itself prints where it was
        )
        env.update(self._extra_env)
        return env

    def start(self) -> None:
        self._output_from = self.output.stat().st_size if self.output.exists() else 0
        with self.output.open("ab") as out:
            self.process = subprocess.Popen(
                [*self.program, "--data-dir", str(self.data_dir)],
                env=self._env(),
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def xdotool(self, *args: str, timeout: float = 60) -> str:
        result = subprocess.run(
            ["xdotool", *args],
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        return result.stdout.strip()

    def started_output(self) -> str:
        """What this start of the program printed."""
        with self.output.open("rb") as out:
            out.seek(self._output_from)
            return out.read().decode(errors="replace")

    def check_alive(self) -> None:
        assert self.process is not None
        if self.process.poll() is not None:
            printed = self.started_output()
            if "could not connect to display" in printed:
                raise ScreenRefused(printed)
            code = self.process.returncode
            how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
            raise AssertionError(f"program stopped by itself ({how}): {printed}")

    def windows(self, title_part: str) -> list[str]:
        """Visible windows whose title contains `title_part`, oldest first."""
        return self.xdotool("search", "--onlyvisible", "--name", title_part).split()

    def wait_for_window(self, title_part: str, timeout: float = 30) -> str:
        """Waits until a visible window whose title contains `title_part` has the focus."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            ids = self.windows(title_part)
            if ids:
                window = ids[-1]
                self.focus(window)
                return window
            time.sleep(POLL)
        raise AssertionError(f"no window titled {title_part!r}")

    def wait_for_window_gone(self, window: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            if window not in self.xdotool("search", "--onlyvisible", "--name", ".").split():
                return
            time.sleep(POLL)
        raise AssertionError(f"window {window} is still open")

    def focus(self, window: str, timeout: float = 10) -> None:
        """Xvfb has no window manager: give the window the keyboard focus ourselves, and check."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.xdotool("windowfocus", "--sync", window, timeout=5)
            if self.xdotool("getwindowfocus") == window:
                time.sleep(POLL)  # the toolkit's own FocusIn, after the server's
                return
            time.sleep(POLL)
        raise AssertionError(f"window {window} does not take the focus")

    def type_keys(self, text: str, delay_ms: int = 40) -> None:
        self.xdotool("type", "--delay", str(delay_ms), text)

    def key(self, *names: str) -> None:
        self.xdotool("key", "--delay", "60", *names)

    def _scan_command(self, delay_ms: int) -> list[str]:
        return [*_scanner_priority(), "xdotool", "type", "--delay", str(delay_ms), "--file", "-"]

    def scan(self, codes: Iterable[str], delay_ms: int = 2) -> None:
        """Types each code at scanner speed with Enter right after it, as a keyboard wedge does.

        `xdotool type --file -` sends a newline in its input as Return in the same burst.
        """
        text = "".join(f"{code}\n" for code in codes)
        subprocess.run(
            self._scan_command(delay_ms),
            input=text,
            env=self._env(),
            text=True,
            timeout=600,
            check=True,
        )

    def start_scanning(self, codes: Iterable[str], delay_ms: int = 2) -> subprocess.Popen[str]:
        """The same burst, typed in the background: the caller may pull the plug meanwhile."""
        process = subprocess.Popen(
            self._scan_command(delay_ms),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=self._env(),
            text=True,
        )
        assert process.stdin is not None
        process.stdin.write("".join(f"{code}\n" for code in codes))
        process.stdin.close()
        return process

    def log_in(self, username: str, password: str, delay_ms: int = 40) -> None:
        # Right after a kill -9, Xvfb now and then refuses the next client's connection set-up
        # (about one start in 50 here); the program then cannot open at all: start it again.
        for attempt in range(3):
            try:
                self.wait_for_window("Masuk")
                break
            except ScreenRefused:
                self.refused_starts += 1
                if attempt == 2:
                    raise
                time.sleep(0.5)
                self.start()
        self.type_keys(username, delay_ms)
        self.key("Tab")
        self.type_keys(password, delay_ms)
        self.key("Return")

    def window_image(self, window: str) -> bytes:
        """The window as it is on screen, as PNG bytes."""
        return subprocess.run(
            ["import", "-window", window, "png:-"],
            env=self._env(),
            capture_output=True,
            check=True,
            timeout=30,
        ).stdout

    def screen_text(self, box: tuple[int, int, int, int] | None = None) -> str:
        """What the operator reads on the screen (or the part of it in `box`), by OCR."""
        from PIL import Image

        from tests.e2e.records import ocr_image

        image = Image.open(io.BytesIO(self.window_image("root"))).convert("L")
        if box is not None:
            image = image.crop(box)
        return ocr_image(image)

    def wait_for_text(
        self, *words: str, box: tuple[int, int, int, int] | None = None, timeout: float = 30
    ) -> str:
        """Waits until every one of `words` can be read on the screen; returns what was read."""
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            self.check_alive()
            text = self.screen_text(box)
            if all(word in text for word in words):
                return text
            time.sleep(POLL)
        raise AssertionError(f"{words} not on the screen; it reads: {text!r}")

    def screenshot(self, path: Path) -> None:
        if shutil.which("import"):
            path.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                ["import", "-window", "root", str(path)],
                env=self._env(),
                check=False,
                timeout=30,
            )

    def kill(self) -> None:
        """kill -9: no clean-up, as when the power goes."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
