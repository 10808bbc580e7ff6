"""The three feedback sounds, played without ever holding up the desk.

Windows (the desks): `winsound.PlaySound(path, SND_FILENAME | SND_ASYNC | SND_NODEFAULT)`, which
returns at once and cuts off the previous sound. Elsewhere (developers' machines, CI): the first
of `paplay`, `pw-play`, `aplay -q`, `afplay` found on PATH is started in the background with
`subprocess.Popen` (never waited for; a new sound stops the one still playing); with none of
them, `QApplication.beep()`. A missing audio device or a failing player is logged and ignored:
no sound is never a reason to fail a scan. QtMultimedia is not needed.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from loket.domain.states import Severity
from loket.resources import resource

log = logging.getLogger(__name__)

#: Sound file per `Severity.name`, in `resources/sounds/` (made by make_sounds.py there).
SOUND_FILES = {"OK": "ok.wav", "WARNING": "warning.wav", "ERROR": "error.wav"}

#: Background players tried in order when not on Windows; the file name is appended.
PLAYERS: tuple[tuple[str, ...], ...] = (
    ("paplay",),
    ("pw-play",),
    ("aplay", "-q"),
    ("afplay",),
)


def find_player() -> list[str] | None:
    """The command line of the first background player on PATH, or None."""
    for name, *options in PLAYERS:
        found = shutil.which(name)
        if found is not None:
            return [found, *options]
    return None


class SoundPlayer:
    """Plays the sound of a feedback level. `muted` silences it (tests, a quiet office)."""

    def __init__(self, *, muted: bool = False, folder: Path | None = None) -> None:
        self.muted = muted
        self.folder = folder if folder is not None else resource("sounds")
        self._windows = sys.platform == "win32"
        self._player = None if self._windows else find_player()
        self._children: list[subprocess.Popen[bytes]] = []

    def path(self, level: Severity) -> Path:
        return self.folder / SOUND_FILES[level.name]

    def play(self, level: Severity) -> None:
        if self.muted:
            return
        path = self.path(level)
        try:
            if self._windows:
                self._play_windows(path)
            elif self._player is not None:
                self._play_background(path)
            else:
                QApplication.beep()
        except (OSError, RuntimeError) as error:
            log.warning("sound %s not played: %s", path.name, error)

    def stop(self) -> None:
        """Stops whatever is playing (closing the program); never blocks for long."""
        if sys.platform == "win32":
            import winsound

            winsound.PlaySound(None, 0)
            return
        for child in self._children:
            if child.poll() is None:
                child.terminate()
        for child in self._children:
            try:
                child.wait(timeout=1)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        self._children.clear()

    def _play_windows(self, path: Path) -> None:
        if sys.platform == "win32":  # the test tells mypy, too, where winsound exists
            import winsound

            flags = winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT
            winsound.PlaySound(str(path), flags)

    def _play_background(self, path: Path) -> None:
        assert self._player is not None
        # Like SND_ASYNC: a new sound cuts off the previous one instead of talking over it.
        for child in self._children:
            if child.poll() is None:
                child.terminate()
        self._children = [child for child in self._children if child.poll() is None]
        self._children.append(
            subprocess.Popen(
                [*self._player, str(path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
