"""Driving the real program through an X server, the way a keyboard-wedge scanner and a clerk do."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

REQUIRED_TOOLS = ("Xvfb", "xdotool")


def require_x_tools() -> None:
    missing = [tool for tool in REQUIRED_TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"end-to-end tests need {', '.join(missing)} (apt-get install xvfb xdotool)"
        if os.environ.get("LOKET_REQUIRE_E2E"):
            pytest.fail(message)
        pytest.skip(message)


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
    """The real `loket --data-dir DIR` process on a virtual screen."""

    def __init__(self, screen: VirtualScreen, data_dir: Path) -> None:
        self.screen = screen
        self.data_dir = data_dir
        self.process: subprocess.Popen[bytes] | None = None
        self.output = data_dir.parent / "desk-output.log"

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DISPLAY=self.screen.display,
            QT_QPA_PLATFORM="xcb",
            LOKET_MUTE="1",
            QT_ACCESSIBILITY="0",
            NO_AT_BRIDGE="1",
        )
        return env

    def start(self) -> None:
        with self.output.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "loket", "--data-dir", str(self.data_dir)],
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

    def wait_for_window(self, title_part: str, timeout: float = 30) -> str:
        """Waits until a visible window whose title contains `title_part` has the focus."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"program exited: {self.output.read_text(errors='replace')}")
            ids = self.xdotool("search", "--onlyvisible", "--name", title_part).split()
            if ids:
                window = ids[-1]
                self.focus(window)
                return window
            time.sleep(0.2)
        raise AssertionError(f"no window titled {title_part!r}")

    def focus(self, window: str, timeout: float = 10) -> None:
        """Xvfb has no window manager: give the window the keyboard focus ourselves, and check."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.xdotool("windowfocus", "--sync", window, timeout=5)
            time.sleep(0.3)
            if self.xdotool("getwindowfocus") == window:
                return
        raise AssertionError(f"window {window} does not take the focus")

    def type_keys(self, text: str, delay_ms: int = 40) -> None:
        self.xdotool("type", "--delay", str(delay_ms), text)

    def key(self, *names: str) -> None:
        self.xdotool("key", "--delay", "60", *names)

    def scan(self, codes: Iterable[str], delay_ms: int = 2) -> None:
        """Types each code at scanner speed with Enter right after it, as a keyboard wedge does.

        `xdotool type --file -` sends a newline in its input as Return in the same burst.
        """
        text = "".join(f"{code}\n" for code in codes)
        subprocess.run(
            ["xdotool", "type", "--delay", str(delay_ms), "--file", "-"],
            input=text,
            env=self._env(),
            text=True,
            timeout=600,
            check=True,
        )

    def log_in(self, username: str, password: str) -> None:
        self.wait_for_window("Masuk")
        self.type_keys(username)
        self.key("Tab")
        self.type_keys(password)
        self.key("Return")

    def screenshot(self, path: Path) -> None:
        if shutil.which("import"):
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
