"""Keyboard-wedge scanner input: tells a scanner's burst of keys from a person typing.

A USB scanner in keyboard-wedge mode types a code at a few milliseconds per character and ends it
with Enter or Tab; a person needs 100 ms or more per key. One application-wide event filter times
every key press with an injectable clock (Qt's synthetic test events carry timestamp 0) and turns
them into `ScanEvent`s:

- In a page's `ScanField`, Enter ends an entry: SCANNER after a burst, TYPED after a person typed
  (a NIK may be typed by hand, spaces allowed). A burst wins over half-typed text, which is thrown
  away. The field is cleared and keeps focus.
- Anywhere else (another field, a button, a table, no focus at all) a burst ending in Enter or Tab
  is still a scan: its characters are taken back out of the widget that received them and its
  terminator is swallowed, so it neither presses a default button nor moves focus. What a person
  types there is left alone.
- A second terminator within `burst_gap` of a scan's terminator (CR+LF) is swallowed.

Scans wait in a queue that a zero timer drains, one scan per pass of the event loop, never inside
the key handler, so a slow slot (database, printer) cannot drop a key press.

A burst must not be split in two when the window is busy in the middle of it (the keys typed
meanwhile wait, then arrive all at once after a long gap): the time our own slots hold the event
loop is taken out of the gaps, and when two keys both carry the window system's timestamp
(real keys do; Qt's synthetic ones carry 0) the gap between those stamps may shorten the clock's
gap, never lengthen it. So the injected clock decides in tests, and a busy window cannot turn the
tail of a burst into a scan of its own (seen under X11: "74046404760519" for "3374046404760519").

Even so, the keys themselves can carry a gap the scanner never made: under load, an X server
(Xvfb, with xdotool) stamps a key when it handles it, and a server busy drawing the window
stamps the sixth key 40 ms after the fifth (seen: "46910831389" for "3374046910831389", once in
about 400 scans). Given `is_whole_code`, a code that ends fast but is not whole is joined to
the fast run just before it, if a pause of at most `rejoin_gap` split them and together they
are a whole code: a person's key before a scan never makes a whole code of the two.

`set_enabled(False)` holds scans back instead of dropping them: bursts are still recognised,
taken out of whatever field received them and their Enter/Tab swallowed (so a scan can neither
fill in nor confirm a dialog), and every held scan is emitted, in order, on `set_enabled(True)`.
"""

from __future__ import annotations

import enum
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent, QTextCursor
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from loket.i18n import _

log = logging.getLogger(__name__)

_KEY_PRESS = QEvent.Type.KeyPress
_SHORTCUT_OVERRIDE = QEvent.Type.ShortcutOverride
_ENTER_KEYS = frozenset({int(Qt.Key.Key_Return), int(Qt.Key.Key_Enter)})
_TERMINATOR_KEYS = _ENTER_KEYS | {int(Qt.Key.Key_Tab)}
_LINE_ENDS = ("\r", "\n")  # Ctrl+M / Ctrl+J from scanners that send CR or LF as control keys
# Pressed on their own they type nothing: a scanner sends Shift before each capital letter.
_MODIFIER_KEYS = frozenset(
    int(key)
    for key in (
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
        Qt.Key.Key_ScrollLock,
    )
)

Editor = QLineEdit | QPlainTextEdit | QTextEdit


class ScanSource(enum.Enum):
    SCANNER = "scanner"
    TYPED = "typed"


@dataclass(frozen=True, slots=True)
class ScanEvent:
    """One scan: `text` stripped and upper-cased (a scanner with Caps Lock on types lower case)."""

    text: str
    source: ScanSource


class ScanField(QLineEdit):
    """The always-focused scan field of a page: large, and takes focus whenever it is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanField")
        self.setPlaceholderText(_("Pindai kartu atau ketik NIK, lalu Enter"))
        self.setAccessibleName(_("Kolom pindai"))
        # Its own style sheet: an application style sheet's font size would beat setFont().
        self.setStyleSheet("QLineEdit#scanField { font-size: 20pt; padding: 6px 10px; }")
        self.setMinimumHeight(52)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # After the page has finished showing, or a child shown later would take the focus.
        QTimer.singleShot(0, self, self._take_focus)

    def _take_focus(self) -> None:
        if self.isVisible() and self.isEnabled():
            self.setFocus(Qt.FocusReason.OtherFocusReason)


@dataclass(frozen=True, slots=True)
class _At:
    """When a key was handled: the injected clock, and the key's own stamp in ms (0: none)."""

    clock: float
    stamp: int


@dataclass(slots=True)
class _Run:
    """Characters typed with no gap longer than burst_gap, and where they went."""

    text: str
    last_at: _At
    target: QWidget
    editor: Editor | None
    before: str  # the editor's text before the run's first character


def _editor_of(widget: QWidget) -> Editor | None:
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        return widget
    if isinstance(widget, QComboBox | QAbstractSpinBox):
        return widget.findChild(QLineEdit)
    return None


def _text_of(editor: Editor) -> str:
    return editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()


def _delete(editor: Editor, start: int, count: int) -> None:
    if isinstance(editor, QLineEdit):
        # Selection + del_() is an edit, like the keys were: undo and textEdited still work.
        editor.setSelection(start, count)
        editor.del_()
        return
    cursor = QTextCursor(editor.document())
    cursor.setPosition(start)
    cursor.setPosition(start + count, QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()


def _take_back(editor: Editor, before: str | None, burst: str) -> None:
    """Removes the characters of a burst from a field, leaving what was there before."""
    now = _text_of(editor)
    if before is not None:
        if now == before:
            return  # the field refused them (read-only, validator, full)
        prefix = 0
        limit = min(len(now), len(before))
        while prefix < limit and now[prefix] == before[prefix]:
            prefix += 1
        suffix = 0
        limit = min(len(now), len(before)) - prefix
        while suffix < limit and now[-1 - suffix] == before[-1 - suffix]:
            suffix += 1
        inserted = len(now) - len(before)
        if prefix + suffix == len(before) and 0 < inserted <= len(burst):
            _delete(editor, prefix, inserted)
            return
    if burst and now.endswith(burst):
        _delete(editor, len(now) - len(burst), len(burst))
        return
    log.info("scan %r left in %s: its text changed otherwise", burst, type(editor).__name__)


def normalise(text: str) -> str:
    return text.strip().upper()


class ScannerInput(QObject):
    """Turns keyboard-wedge bursts and typed entries into `ScanEvent`s (see the module doc)."""

    scanned = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        clock: Callable[[], float] = time.perf_counter,
        burst_gap: float = 0.035,
        min_burst_length: int = 6,
        *,
        use_event_timestamps: bool = True,
        is_whole_code: Callable[[str], bool] | None = None,
        rejoin_gap: float = 2.0,
    ) -> None:
        super().__init__(parent)
        self._is_whole_code = is_whole_code
        self._rejoin_gap = rejoin_gap
        self._cut: _Run | None = None  # the fast run a pause ended, in case it was a code's head
        self._clock = clock
        self._use_event_timestamps = use_event_timestamps
        self._burst_gap = burst_gap
        self._min_burst_length = min_burst_length
        self._fields: list[ScanField] = []
        self._last_focused: ScanField | None = None  # of several shown, the one last in use
        self._installed = False
        self._enabled = True
        self._run: _Run | None = None
        self._scan_ended_at: _At | None = None
        self._last_delivery: tuple[tuple[int, int, str, object], QWidget] | None = None
        self._pending: deque[ScanEvent] = deque()
        self._emitting = False
        self._blocked = 0.0  # seconds our own slots kept the event loop busy, in total
        self._busy_since: float | None = None
        self._drain_timer = QTimer(self)
        self._drain_timer.setSingleShot(True)
        self._drain_timer.setInterval(0)
        self._drain_timer.timeout.connect(self._drain)

    # -- public ------------------------------------------------------------------------------

    def install(self, app: QApplication) -> None:
        """Sees every key press of the application: the safety net for bursts typed anywhere."""
        app.installEventFilter(self)
        if not self._installed:
            app.focusChanged.connect(self._on_focus_changed)
        self._installed = True

    def attach(self, field: ScanField) -> None:
        """Registers a page's scan field (one per page; the one shown is the one that counts)."""
        if not any(known is field for known in self._live_fields()):
            self._fields.append(field)
        if not self._installed:
            app = QApplication.instance()
            if isinstance(app, QApplication):
                self.install(app)

    def set_enabled(self, on: bool) -> None:
        """Off: scans are still recognised and taken out of fields, but held until back on."""
        self._enabled = on
        if on and self._pending:
            self._drain_timer.start()

    @property
    def enabled(self) -> bool:
        return self._enabled

    @property
    def pending(self) -> int:
        """Scans recognised and not yet emitted (held while disabled, or waiting for a pass)."""
        return len(self._pending)

    # -- key handling ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind != _KEY_PRESS and kind != _SHORTCUT_OVERRIDE:
            return False
        # Keys reach the QWindow first and the focus widget after; count them at the widget.
        if not isinstance(watched, QWidget) or not isinstance(event, QKeyEvent):
            return False
        if kind == _SHORTCUT_OVERRIDE:
            return self._claim_shortcut(watched, event)
        if self._is_propagation(watched, event):
            return False
        return self._on_key(watched, event)

    def _is_propagation(self, watched: QWidget, event: QKeyEvent) -> bool:
        """True for a key press some child ignored, being offered to its parent: seen already."""
        identity = (
            shiboken6.getCppPointer(event)[0],
            event.key(),
            event.text(),
            event.modifiers(),
        )
        last = self._last_delivery
        self._last_delivery = (identity, watched)
        if last is None or last[0] != identity or not shiboken6.isValid(last[1]):
            return False
        # isAncestorOf() is also true of the widget itself: the same key twice ("33") is not that.
        return watched is not last[1] and watched.isAncestorOf(last[1])

    def _claim_shortcut(self, watched: QWidget, event: QKeyEvent) -> bool:
        """Keeps a window shortcut on Enter or Tab from taking a terminator that ends a scan."""
        if not self._is_terminator(event):
            return False
        now = self._now(event)
        run = self._run
        claim = (
            (run is not None and self._is_burst(run, now))
            or (run is None and self._in_line_end_window(now))
            or (self._attached(watched) is not None and self._is_enter(event))
        )
        if claim:
            event.accept()
        return claim

    def _on_key(self, watched: QWidget, event: QKeyEvent) -> bool:
        key = event.key()
        if key in _MODIFIER_KEYS:
            return False
        now = self._now(event)
        if self._is_terminator(event):
            return self._on_terminator(watched, self._is_enter(event), now)
        text = event.text()
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        # isAutoRepeat() is ignored: X11 guesses it, and flags the second "3" of a scanned "33".
        if text and text.isprintable() and (alt or not control):
            self._on_character(watched, text, now)
        else:
            self._run = None  # editing or moving keys: a person is at the keyboard
            self._cut = None
        return False

    def _on_character(self, watched: QWidget, text: str, now: _At) -> None:
        run = self._run
        if run is None or self._gap(run.last_at, now) > self._burst_gap:
            paused = run is not None and self._gap(run.last_at, now) <= self._rejoin_gap
            self._cut = run if paused else None
            editor = _editor_of(watched)
            before = _text_of(editor) if editor is not None else ""
            self._run = _Run(text, now, watched, editor, before)
        else:
            run.text += text
            run.last_at = now

    def _on_terminator(self, watched: QWidget, enter: bool, now: _At) -> bool:
        run, self._run = self._run, None
        cut, self._cut = self._cut, None
        if run is not None and cut is not None and self._gap(run.last_at, now) <= self._burst_gap:
            run = self._rejoined(cut, run)
        if run is not None and self._is_burst(run, now):
            self._remove_burst(run, watched)
            self._scan_ended_at = now
            self._enqueue(ScanEvent(normalise(run.text), ScanSource.SCANNER))
            if self._attached(watched) is None:
                self._refocus_scan_field(watched)
            return True
        if run is None and self._in_line_end_window(now):
            self._scan_ended_at = None  # CR+LF: the LF belongs to the scan just ended
            return True
        self._scan_ended_at = None
        field = self._attached(watched)
        if field is None or not enter:
            return False  # a person's Enter or Tab elsewhere does what it always does
        typed = normalise(field.text())
        if typed:
            field.clear()
            self._scan_ended_at = now
            self._enqueue(ScanEvent(typed, ScanSource.TYPED))
        return True

    def _rejoined(self, head: _Run, tail: _Run) -> _Run:
        """`tail` with the fast run a pause cut from it, when only together they are a code."""
        whole = self._is_whole_code
        if whole is None or whole(normalise(tail.text)):
            return tail
        text = head.text + tail.text
        if not whole(normalise(text)):
            return tail
        log.info("a scan cut by a pause was joined again: %r + %r", head.text, tail.text)
        return _Run(text, tail.last_at, head.target, head.editor, head.before)

    def _is_burst(self, run: _Run, now: _At) -> bool:
        return (
            len(run.text) >= self._min_burst_length
            and self._gap(run.last_at, now) <= self._burst_gap
            and bool(normalise(run.text))
        )

    def _in_line_end_window(self, now: _At) -> bool:
        ended = self._scan_ended_at
        return ended is not None and self._gap(ended, now) <= self._burst_gap

    def _gap(self, earlier: _At, later: _At) -> float:
        gap = later.clock - earlier.clock
        if self._use_event_timestamps and earlier.stamp and later.stamp >= earlier.stamp:
            # Keys that waited for a busy window keep the stamps of when they were typed.
            gap = min(gap, (later.stamp - earlier.stamp) / 1000)
        return gap

    def _remove_burst(self, run: _Run, terminator_receiver: QWidget) -> None:
        target = run.target if shiboken6.isValid(run.target) else None
        if target is not None and self._attached(target) is not None:
            assert isinstance(target, ScanField)
            target.clear()  # the burst is the scan; half-typed text before it goes too
            return
        editor = run.editor if run.editor is not None and shiboken6.isValid(run.editor) else None
        if editor is not None:
            _take_back(editor, run.before, run.text)
            return
        # Keys that opened an editor on the way (a table cell): look where the Enter went.
        other = _editor_of(terminator_receiver)
        if other is not None:
            _take_back(other, None, run.text)

    def _refocus_scan_field(self, near: QWidget) -> None:
        """After a scan caught outside the scan field, focus goes back to the page's scan field."""
        if not self._enabled:
            return
        window = near.window()
        candidates = [
            field
            for field in self._live_fields()
            if field.isVisible() and field.isEnabled() and field.window() is window
        ]
        last = self._last_focused
        if last is not None and any(field is last for field in candidates):
            candidates.insert(0, last)
        if candidates:
            candidates[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        if now is not None and self._attached(now) is not None:
            assert isinstance(now, ScanField)
            self._last_focused = now

    @staticmethod
    def _is_terminator(event: QKeyEvent) -> bool:
        # A scanner never holds Ctrl or Alt: Ctrl+Enter is a person confirming a dialog.
        if event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            return False
        return event.key() in _TERMINATOR_KEYS or event.text() in _LINE_ENDS

    @staticmethod
    def _is_enter(event: QKeyEvent) -> bool:
        return event.key() in _ENTER_KEYS or event.text() in _LINE_ENDS

    def _attached(self, widget: QWidget) -> ScanField | None:
        if not isinstance(widget, ScanField):
            return None
        return widget if any(field is widget for field in self._live_fields()) else None

    def _live_fields(self) -> list[ScanField]:
        self._fields = [field for field in self._fields if shiboken6.isValid(field)]
        if self._last_focused is not None and not shiboken6.isValid(self._last_focused):
            self._last_focused = None
        return self._fields

    # -- timing and emission -----------------------------------------------------------------

    def _now(self, event: QKeyEvent) -> _At:
        """The clock, less the time our own slots held the event loop (no key could arrive)."""
        raw = self._clock()
        if self._busy_since is not None:
            # A key inside a slot: it runs an event loop of its own (a dialog), so it is not busy.
            self._busy_since = raw
        return _At(raw - self._blocked, event.timestamp())

    def _enqueue(self, scan: ScanEvent) -> None:
        self._pending.append(scan)
        if self._enabled:
            self._drain_timer.start()

    def _drain(self) -> None:
        """Emits the oldest pending scan; the next one after the event loop has had a turn."""
        if self._emitting or not self._enabled or not self._pending:
            return  # a slot's own event loop: the outer _drain goes on when the slot returns
        scan = self._pending.popleft()
        self._emitting = True
        self._busy_since = self._clock()
        try:
            self.scanned.emit(scan)
        finally:
            self._blocked += max(0.0, self._clock() - self._busy_since)
            self._busy_since = None
            self._emitting = False
            if self._pending and self._enabled:
                self._drain_timer.start()
