"""The feedback banner and its sounds: one voice, and no unseen error ever waved away by Enter."""

from __future__ import annotations

import itertools
import os
import stat
import time
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from loket.domain.states import Severity
from loket.resources import resource
from loket.ui.kit import sound
from loket.ui.kit.feedback import Banner, Feedback, Message
from loket.ui.kit.scanner import ScanEvent, ScanField, ScannerInput
from loket.ui.kit.sound import SoundPlayer

# The offscreen platform used by the tests says so when a plain top-level window is shown.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PREVIEWS = Path("/tmp/previews")
NOT_ON_LIST = Message(
    Severity.ERROR,
    "Kartu 3374 0943 0993 4175 tidak ada di daftar kiriman ini",
    "Sisihkan kartu ini dan tanyakan ke kecamatan; jangan diserahkan dulu.",
)


class FakeSounds(SoundPlayer):
    def __init__(self) -> None:
        super().__init__(muted=True)
        self.played: list[Severity] = []

    def play(self, level: Severity) -> None:
        self.played.append(level)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Desk:
    window: QWidget
    banner: Banner
    scan_field: ScanField
    feedback: Feedback
    sounds: FakeSounds
    scanner: ScannerInput
    clock: Clock
    scans: list[ScanEvent]

    def key(self, key: Qt.Key, text: str = "", gap: float = 0.15) -> None:
        self.clock.now += gap
        target = QApplication.focusWidget() or self.window
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
            )

    def type(self, text: str, gap: float) -> None:
        for char in text:
            self.key(Qt.Key(ord(char.upper())), char, gap)


@pytest.fixture
def desk(qtbot: QtBot, qapp: QApplication) -> Iterator[Desk]:
    window = QWidget()
    window.resize(900, 420)
    layout = QVBoxLayout(window)
    banner = Banner(window)
    scan_field = ScanField(window)
    layout.addWidget(banner)
    layout.addWidget(scan_field)
    layout.addStretch(1)
    qtbot.addWidget(window)
    sounds = FakeSounds()
    feedback = Feedback(banner, sounds)
    clock = Clock()
    scanner = ScannerInput(clock=clock)
    scanner.install(qapp)
    scanner.attach(scan_field)
    scans: list[ScanEvent] = []
    scanner.scanned.connect(scans.append)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(scan_field.hasFocus)
    yield Desk(window, banner, scan_field, feedback, sounds, scanner, clock, scans)
    qapp.removeEventFilter(scanner)
    qapp.removeEventFilter(feedback)


def test_ok_shows_a_green_banner_with_what_happened_and_plays_the_ok_sound(
    qtbot: QtBot, desk: Desk
) -> None:
    with qtbot.waitSignal(desk.feedback.shown) as shown:
        desk.feedback.ok("Kartu diterima: FAJAR MAULANA", "RT 009 / RW 001 · 12 dari 56 kartu")

    assert shown.args == [
        Message(Severity.OK, "Kartu diterima: FAJAR MAULANA", "RT 009 / RW 001 · 12 dari 56 kartu")
    ]
    assert desk.banner.level is Severity.OK
    assert desk.banner.title_text() == "Kartu diterima: FAJAR MAULANA"
    assert desk.banner.detail_text() == "RT 009 / RW 001 · 12 dari 56 kartu"
    assert not desk.banner.hint_visible()
    assert desk.sounds.played == [Severity.OK]
    assert desk.feedback.unacknowledged_error is None


def test_each_level_plays_its_own_sound(desk: Desk) -> None:
    desk.feedback.ok("Kartu diterima")
    desk.feedback.warning("Kartu ini sudah dipindai", "Tidak dihitung dua kali; lanjutkan.")
    desk.feedback.error(NOT_ON_LIST.title, NOT_ON_LIST.detail)

    assert desk.sounds.played == [Severity.OK, Severity.WARNING, Severity.ERROR]
    assert len({desk.sounds.path(level) for level in Severity}) == 3


def test_error_stays_through_enter_and_later_answers_until_esc(qtbot: QtBot, desk: Desk) -> None:
    desk.feedback.error(NOT_ON_LIST.title, NOT_ON_LIST.detail)
    assert desk.banner.hint_visible()  # "Esc: tutup pesan"

    desk.key(Qt.Key.Key_Return, "\r")  # Enter on the empty scan field
    desk.type("3374 0968 0407 0373", gap=0.15)  # a NIK typed by hand, then Enter
    desk.key(Qt.Key.Key_Return, "\r")
    desk.type("3374046404760519", gap=0.002)  # the next card under the scanner
    desk.key(Qt.Key.Key_Return, "\r", gap=0.002)
    qtbot.waitUntil(lambda: len(desk.scans) == 2)  # scans go on while the error is open
    assert desk.feedback.unacknowledged_error == NOT_ON_LIST

    desk.feedback.ok("Kartu diterima: DWI HANDAYANI", "RT 005 / RW 006")
    assert desk.banner.level is Severity.OK
    assert desk.banner.pinned_visible  # the unseen error, pinned above the new answer
    assert "tidak ada di daftar" in desk.banner.pinned_text()
    assert desk.feedback.unacknowledged_error == NOT_ON_LIST

    desk.key(Qt.Key.Key_Escape, "\x1b")
    assert desk.feedback.unacknowledged_error is None
    assert not desk.banner.pinned_visible
    assert desk.banner.level is Severity.OK  # the answer of the last scan stays
    assert desk.scan_field.hasFocus()


def test_a_standing_condition_holds_the_main_place_through_enter_esc_and_later_errors(
    desk: Desk,
) -> None:
    lost = Message(Severity.ERROR, "Koneksi ke server kantor terputus", "Mencoba lagi sendiri.")
    desk.feedback.ok("Kartu diterima: DWI HANDAYANI")
    desk.feedback.stand(lost, sound=True)
    assert desk.sounds.played == [Severity.OK, Severity.ERROR]
    assert desk.banner.level is Severity.ERROR
    assert desk.banner.title_text() == lost.title
    assert not desk.banner.hint_visible()  # Esc does not close it: no "Esc: tutup pesan"

    desk.feedback.error(NOT_ON_LIST.title, NOT_ON_LIST.detail)
    assert desk.banner.title_text() == lost.title  # the new error waits in the pinned strip
    assert "tidak ada di daftar" in desk.banner.pinned_text()
    for key, text in ((Qt.Key.Key_Return, "\r"), (Qt.Key.Key_Escape, "\x1b")):
        desk.key(key, text)
        assert desk.banner.title_text() == lost.title
    assert desk.feedback.unacknowledged_error is None  # Esc closed the pinned error only
    assert not desk.banner.pinned_visible

    desk.feedback.stand(None)
    assert desk.banner.title_text() == ""  # the error seen meanwhile is not shown again
    assert desk.feedback.standing is None


def test_esc_closes_an_error_shown_in_the_main_place(desk: Desk) -> None:
    desk.feedback.error(NOT_ON_LIST.title, NOT_ON_LIST.detail)
    desk.key(Qt.Key.Key_Escape, "\x1b")

    assert desk.feedback.unacknowledged_error is None
    assert desk.banner.level is None
    assert desk.banner.title_text() == ""


def test_click_on_the_banner_acknowledges_without_taking_focus(qtbot: QtBot, desk: Desk) -> None:
    desk.feedback.error(NOT_ON_LIST.title, NOT_ON_LIST.detail)
    desk.feedback.warning("Kartu ini sudah dipindai", "Tidak dihitung dua kali; lanjutkan.")
    qtbot.mouseClick(desk.banner, Qt.MouseButton.LeftButton)

    assert desk.feedback.unacknowledged_error is None
    assert desk.banner.level is Severity.WARNING
    assert desk.scan_field.hasFocus()


def test_first_esc_is_for_the_unseen_error_the_next_cancels_as_usual(
    qtbot: QtBot, desk: Desk
) -> None:
    cancelled: list[bool] = []
    QShortcut(
        QKeySequence(Qt.Key.Key_Escape), desk.window, activated=lambda: cancelled.append(True)
    )
    desk.feedback.error(NOT_ON_LIST.title, NOT_ON_LIST.detail)

    qtbot.keyClick(desk.scan_field, Qt.Key.Key_Escape)  # through the shortcut map
    assert desk.feedback.unacknowledged_error is None
    assert cancelled == []

    qtbot.keyClick(desk.scan_field, Qt.Key.Key_Escape)
    assert cancelled == [True]


def test_esc_in_a_dialog_belongs_to_the_dialog(qtbot: QtBot, desk: Desk) -> None:
    desk.feedback.error(NOT_ON_LIST.title, NOT_ON_LIST.detail)
    dialog = QDialog(desk.window)
    reason = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(reason)
    dialog.open()
    dialog.activateWindow()
    qtbot.waitUntil(reason.hasFocus)

    qtbot.keyClick(reason, Qt.Key.Key_Escape)

    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible()
    assert desk.feedback.unacknowledged_error == NOT_ON_LIST


def test_several_unseen_errors_are_pinned_newest_first_and_counted(desk: Desk) -> None:
    titles = [
        "Kartu 3374 0441 0790 0002 tidak ada di daftar kiriman ini",
        "Kode tidak terbaca sebagai NIK: ABCDEFGHIJKLMNOP",
        "NIK 3374043213900001 tidak mungkin: tanggal lahir 32",
        "Kartu 3374 0400 0000 0000 tidak ada di daftar kiriman ini",
    ]
    for title in titles:
        desk.feedback.error(title, "Sisihkan kartu ini.")
    desk.feedback.ok("Kartu diterima: SUMARNI")

    pinned = desk.banner.pinned_text()
    assert pinned.index("3374 0400 0000 0000") < pinned.index("tanggal lahir 32")
    assert "ABCDEFGHIJKLMNOP" not in pinned
    assert "dan 2 kesalahan lain yang belum dibaca" in pinned
    assert desk.feedback.unacknowledged_errors == tuple(
        Message(Severity.ERROR, title, "Sisihkan kartu ini.") for title in titles
    )


def test_esc_closes_only_the_errors_on_screen_and_the_counted_ones_come_into_view(
    desk: Desk,
) -> None:
    """Five refused codes, then a good scan: one Esc must not close codes never read."""
    titles = [f"Kartu 3374 0441 0790 000{n} tidak ada di daftar kiriman ini" for n in range(5)]
    for title in titles:
        desk.feedback.error(title, "Sisihkan kartu ini.")
    desk.feedback.ok("Kartu diterima: SUMARNI")
    assert "dan 3 kesalahan lain yang belum dibaca" in desk.banner.pinned_text()

    read: list[str] = []
    for _esc in range(5):
        if not desk.feedback.unacknowledged_errors:
            break
        pinned = desk.banner.pinned_text()
        on_screen = [t for t in titles if t in pinned or t == desk.banner.title_text()]
        assert on_screen, "an Esc with no error in words on the banner"
        desk.key(Qt.Key.Key_Escape, "\x1b")
        left = [m.title for m in desk.feedback.unacknowledged_errors]
        assert set(on_screen).isdisjoint(left)  # what was read is closed
        read += on_screen
    assert sorted(read) == sorted(titles)  # each code was in words on screen before it went
    assert desk.feedback.unacknowledged_errors == ()
    assert not desk.banner.pinned_visible


def test_clear_keeps_an_unseen_error(desk: Desk) -> None:
    desk.feedback.ok("Kartu diterima")
    desk.feedback.clear()
    assert desk.banner.level is None
    desk.feedback.error(NOT_ON_LIST.title, NOT_ON_LIST.detail)
    desk.feedback.clear()
    assert desk.banner.level is Severity.ERROR


def test_the_application_keys_are_watched_only_while_an_error_waits(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every event of the window passes an application-wide filter; each pass in Python waits
    for the interpreter while the worker runs, so the banner filters only when it must."""
    passes: list[QEvent.Type] = []
    filter_keys = Feedback.eventFilter

    def counted(feedback: Feedback, watched: object, event: QEvent) -> bool:
        passes.append(event.type())
        return filter_keys(feedback, watched, event)  # type: ignore[arg-type]

    monkeypatch.setattr(Feedback, "eventFilter", counted)
    desk.feedback.ok("Kartu diterima")
    desk.key(Qt.Key.Key_Escape, "\x1b")
    assert passes == []

    desk.feedback.error(NOT_ON_LIST.title, NOT_ON_LIST.detail)
    desk.feedback.error(NOT_ON_LIST.title, NOT_ON_LIST.detail)  # installed once, not twice
    desk.key(Qt.Key.Key_Escape, "\x1b")
    assert desk.feedback.unacknowledged_error is None
    assert passes.count(QEvent.Type.KeyPress) == 1

    passes.clear()
    desk.key(Qt.Key.Key_Escape, "\x1b")
    desk.feedback.ok("Kartu diterima")
    assert passes == []


def test_banner_previews_in_every_state(qtbot: QtBot, desk: Desk) -> None:
    PREVIEWS.mkdir(parents=True, exist_ok=True)
    feedback = desk.feedback
    states = {
        "idle": lambda: None,
        "ok": lambda: feedback.ok(
            "Kartu diterima: FAJAR MAULANA", "RT 009 / RW 001 · 12 dari 56 kartu sudah diterima"
        ),
        "warning": lambda: feedback.warning(
            "Kartu ini sudah dipindai tadi: SUMARNI",
            "Tidak dihitung dua kali. Letakkan kartu bersama yang lain dan lanjutkan.",
        ),
        "error": lambda: feedback.error(NOT_ON_LIST.title, NOT_ON_LIST.detail),
        "pinned": lambda: feedback.ok(
            "Kartu diterima: DWI HANDAYANI", "RT 005 / RW 006 · 13 dari 56 kartu sudah diterima"
        ),
    }
    for name, show in states.items():
        show()
        for _ in range(3):  # the banner's layout, then its window's layout
            QApplication.processEvents()
        path = PREVIEWS / f"banner_{name}.png"
        image = desk.banner.grab()
        assert image.save(str(path))
        assert image.width() >= 800
        assert image.height() >= 100


# -- sounds --------------------------------------------------------------------------------


def _read(level: Severity) -> tuple[wave.Wave_read, list[int]]:
    path = resource("sounds", sound.SOUND_FILES[level.name])
    with wave.open(str(path), "rb") as wav:
        frames = wav.readframes(wav.getnframes())
        samples = [
            int.from_bytes(frames[i : i + 2], "little", signed=True)
            for i in range(0, len(frames), 2)
        ]
        return wav, samples


def _pitch(samples: list[int], rate: int) -> float:
    """Rough frequency from zero crossings of the sounding part."""
    loud = [s for s in samples if abs(s) > 200]
    crossings = sum(1 for a, b in itertools.pairwise(loud) if (a < 0) != (b < 0))
    return crossings / 2 / (len(loud) / rate)


def test_sounds_are_short_bundled_wavs_told_apart_by_pitch_and_length() -> None:
    info = {}
    for level in Severity:
        path = resource("sounds", sound.SOUND_FILES[level.name])
        assert path.stat().st_size < 50_000
        wav, samples = _read(level)
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        rate = wav.getframerate()
        info[level] = (len(samples) / rate, _pitch(samples, rate))

    assert info[Severity.OK][0] < info[Severity.WARNING][0] < info[Severity.ERROR][0]
    assert info[Severity.OK][1] > 1000 > info[Severity.WARNING][1] > 500 > info[Severity.ERROR][1]


def test_muted_player_plays_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    beeps: list[bool] = []
    monkeypatch.setattr(sound.shutil, "which", lambda _name: None)
    monkeypatch.setattr(sound.QApplication, "beep", staticmethod(lambda: beeps.append(True)))
    player = SoundPlayer(muted=True)
    player.play(Severity.ERROR)
    assert beeps == []


def test_without_a_player_on_path_the_desk_beeps(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    beeps: list[bool] = []
    monkeypatch.setattr(sound.shutil, "which", lambda _name: None)
    monkeypatch.setattr(sound.QApplication, "beep", staticmethod(lambda: beeps.append(True)))
    SoundPlayer().play(Severity.OK)
    assert beeps == [True]


@pytest.mark.skipif(os.name == "nt", reason="Windows plays through winsound")
def test_background_player_never_holds_up_the_desk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    heard = tmp_path / "heard.txt"
    player_script = tmp_path / "paplay"
    player_script.write_text(f'#!/bin/sh\necho "$@" > {heard}\nsleep 5\n', encoding="utf-8")
    player_script.chmod(player_script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(
        sound.shutil, "which", lambda name: str(player_script) if name == "paplay" else None
    )
    player = SoundPlayer()

    started = time.perf_counter()
    player.play(Severity.ERROR)
    assert time.perf_counter() - started < 0.5  # the player sleeps 5 s; play() does not wait
    deadline = time.monotonic() + 5
    while not heard.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    player.stop()
    assert heard.read_text(encoding="utf-8").strip().endswith("error.wav")
