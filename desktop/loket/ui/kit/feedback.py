"""The one voice of the program: a large banner and a sound for every answer.

Pages say `feedback.ok(...)`, `feedback.warning(...)` or `feedback.error(...)` and nothing else;
no page builds its own pop-up. The banner is not modal: the scanner keeps working and no scan is
refused because a message is open. An error stays until the operator has seen it (Esc, or a click
on the banner); a later answer takes the banner's main place, and the unseen error stays above it
as a pinned red strip. Enter, a person's or a scanner's, never acknowledges an error.

A condition that lasts (the office's server gone) is said with `stand(...)`: it holds the main
place until it is over (`stand(None)`), whatever else is answered meanwhile (errors go to the
pinned strip), and neither Esc nor Enter closes it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from loket.domain.states import Severity
from loket.i18n import _
from loket.ui.kit.sound import SoundPlayer


@dataclass(frozen=True, slots=True)
class Message:
    """What happened (`title`) and what to do (`detail`), in Indonesian."""

    level: Severity
    title: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class _Look:
    background: str
    text: str
    symbol: str


# Contrast of text on background is at least 6.5:1 in every state (WCAG AA asks 4.5:1).
_LOOKS = {
    None: _Look("#e8ecef", "#37474f", ""),
    Severity.OK: _Look("#1e6b34", "#ffffff", "✓"),
    Severity.WARNING: _Look("#f5b301", "#231a00", "!"),
    Severity.ERROR: _Look("#b3261e", "#ffffff", "✕"),
}
_PINNED = _Look("#6d0f0a", "#ffffff", "✕")
_PINNED_LINES = 2  # unseen errors listed in the strip; the rest are counted

_STYLE = """
#bannerMessage {{ background: {background}; border-radius: 6px; }}
#bannerMessage QLabel {{ color: {text}; background: transparent; }}
#bannerSymbol {{ font-size: 34pt; font-weight: bold; }}
#bannerTitle {{ font-size: 22pt; font-weight: bold; }}
#bannerDetail {{ font-size: 14pt; }}
#bannerHint {{ font-size: 12pt; font-weight: bold; border: 2px solid {text};
    border-radius: 4px; padding: 2px 8px; }}
"""
_PINNED_STYLE = """
#bannerPinned {{ background: {background}; border-radius: 6px; }}
#bannerPinned QLabel {{ color: {text}; background: transparent; font-size: 13pt; }}
QLabel#bannerPinnedSymbol {{ font-size: 18pt; font-weight: bold; }}
#bannerPinnedHint {{ font-weight: bold; border: 2px solid {text};
    border-radius: 4px; padding: 2px 8px; }}
"""


def _colours(look: _Look) -> dict[str, str]:
    return {"background": look.background, "text": look.text}


def _label(name: str, parent: QWidget, wrap: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class Banner(QFrame):
    """Large, non-modal, full width: a title line (what happened), a detail line (what to do)."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAccessibleName(_("Pesan untuk petugas"))
        # A click acknowledges an error; it must not take the focus away from the scan field.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)

        self._pinned = QFrame(self)
        self._pinned.setObjectName("bannerPinned")
        self._pinned.setStyleSheet(_PINNED_STYLE.format(**_colours(_PINNED)))
        pinned_row = QHBoxLayout(self._pinned)
        pinned_row.setContentsMargins(14, 6, 14, 6)
        pinned_row.setSpacing(12)
        pinned_symbol = _label("bannerPinnedSymbol", self._pinned)
        pinned_symbol.setText(_PINNED.symbol)
        self._pinned_text = _label("bannerPinnedText", self._pinned, wrap=True)
        self._pinned_text.setTextFormat(Qt.TextFormat.RichText)
        pinned_hint = _label("bannerPinnedHint", self._pinned)
        pinned_hint.setText(_("Esc: tutup pesan"))
        pinned_row.addWidget(pinned_symbol, 0, Qt.AlignmentFlag.AlignVCenter)
        pinned_row.addWidget(self._pinned_text, 1)
        pinned_row.addWidget(pinned_hint, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self._pinned)

        self._message = QFrame(self)
        self._message.setObjectName("bannerMessage")
        self._message.setMinimumHeight(104)
        row = QHBoxLayout(self._message)
        row.setContentsMargins(20, 12, 20, 12)
        row.setSpacing(18)
        self._symbol = _label("bannerSymbol", self._message)
        self._symbol.setMinimumWidth(44)
        self._symbol.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lines = QVBoxLayout()
        lines.setSpacing(2)
        self._title = _label("bannerTitle", self._message, wrap=True)
        self._detail = _label("bannerDetail", self._message, wrap=True)
        lines.addStretch(1)
        lines.addWidget(self._title)
        lines.addWidget(self._detail)
        lines.addStretch(1)
        self._hint = _label("bannerHint", self._message)
        self._hint.setText(_("Esc: tutup pesan"))
        row.addWidget(self._symbol, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(lines, 1)
        row.addWidget(self._hint, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self._message)

        # Long work under way (a berita acara of 20,000 cards): said, with a moving bar.
        self._working = QFrame(self)
        self._working.setObjectName("bannerWorking")
        working_row = QHBoxLayout(self._working)
        working_row.setContentsMargins(14, 2, 14, 2)
        self._working_text = _label("bannerWorkingText", self._working)
        self._working_bar = QProgressBar(self._working)
        self._working_bar.setRange(0, 0)  # no end known: the bar moves to show it is alive
        self._working_bar.setTextVisible(False)
        self._working_bar.setMaximumHeight(10)
        working_row.addWidget(self._working_text)
        working_row.addWidget(self._working_bar, 1)
        layout.addWidget(self._working)

        self._look: _Look | None = None
        self.show_message(None, needs_ack=False)
        self.show_working("")
        self.show_pinned(())

    def show_message(self, message: Message | None, *, needs_ack: bool) -> None:
        """The main place: the latest answer, or an empty grey band (same height, nothing moves)."""
        look = _LOOKS[message.level if message is not None else None]
        if look is not self._look:  # a style sheet is parsed and its widgets polished again
            self._message.setStyleSheet(_STYLE.format(**_colours(look)))
            self._look = look
        self._message.setProperty("level", message.level.value if message else "")
        self._symbol.setText(look.symbol)
        self._title.setText(message.title if message else "")
        self._detail.setText(message.detail if message else "")
        self._detail.setVisible(bool(message and message.detail))
        self._hint.setVisible(needs_ack)
        self._message.setAccessibleName(message.title if message else "")
        self._message.setAccessibleDescription(message.detail if message else "")
        self._update_cursor()

    def show_working(self, text: str) -> None:
        """ "Membuat berita acara…" under the message while long work runs; "" hides it."""
        self._working_text.setText(text)
        self._working.setVisible(bool(text))

    def working_text(self) -> str:
        return self._working_text.text() if not self._working.isHidden() else ""

    def show_pinned(self, errors: Sequence[Message]) -> None:
        """Errors not yet seen that a later answer has pushed out of the main place."""
        lines = [
            "<b>{title}</b>{detail}".format(
                title=html.escape(error.title),
                detail=" — " + html.escape(error.detail) if error.detail else "",
            )
            for error in reversed(errors[-_PINNED_LINES:])
        ]
        hidden = len(errors) - _PINNED_LINES
        if hidden > 0:
            more = _("dan {count} kesalahan lain yang belum dibaca").format(count=hidden)
            lines.append(html.escape(more))
        self._pinned_text.setText("<br>".join(lines))
        self._pinned.setAccessibleName(
            _("Kesalahan belum dibaca: {count}").format(count=len(errors))
        )
        self._pinned.setVisible(bool(errors))
        self._update_cursor()

    @property
    def pinned_visible(self) -> bool:
        return not self._pinned.isHidden()

    @property
    def level(self) -> Severity | None:
        value = self._message.property("level")
        return Severity(value) if value else None

    def title_text(self) -> str:
        return self._title.text()

    def detail_text(self) -> str:
        return self._detail.text()

    def hint_visible(self) -> bool:
        return not self._hint.isHidden()

    def pinned_text(self) -> str:
        return self._pinned_text.text()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
            event.accept()
            return
        super().mousePressEvent(event)

    def _update_cursor(self) -> None:
        clickable = self.hint_visible() or self.pinned_visible
        shape = Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor
        self.setCursor(shape)


class Feedback(QObject):
    """Shows an answer on the banner and plays its sound; keeps errors until they are seen."""

    shown = Signal(object)

    def __init__(self, banner: Banner, sounds: SoundPlayer | None = None) -> None:
        super().__init__(banner)
        self._banner = banner
        self._sounds = sounds if sounds is not None else SoundPlayer()
        self._current: Message | None = None
        self._unseen: list[Message] = []  # errors not acknowledged, oldest first
        self._standing: Message | None = None
        self._watching_keys = False
        banner.clicked.connect(self.acknowledge)

    def ok(self, title: str, detail: str = "") -> None:
        self._show(Message(Severity.OK, title, detail))

    def warning(self, title: str, detail: str = "") -> None:
        self._show(Message(Severity.WARNING, title, detail))

    def error(self, title: str, detail: str = "") -> Message:
        """A red answer, on screen until it is seen (Esc or a click); the message shown, for a
        `revise` when what it asks for has changed."""
        message = Message(Severity.ERROR, title, detail)
        self._show(message)
        return message

    def revise(self, shown: Message, revised: Message | None) -> None:
        """An error on screen whose matter has changed since: `revised` in its place (fewer
        cards still to scan), or withdrawn (None: what it asked for is done). No sound; an
        error already seen stays closed."""
        index = next((i for i, unseen in enumerate(self._unseen) if unseen is shown), None)
        if index is None:
            return
        if revised is None:
            del self._unseen[index]
        else:
            self._unseen[index] = revised
        if self._current is shown:
            self._current = revised
        self._watch_keys()
        self._render()

    def answer(self, severity: Severity, title: str, detail: str = "") -> None:
        """An answer whose colour a use case decided (a scan: green, amber or red)."""
        self._show(Message(severity, title, detail))

    def stand(self, message: Message | None, *, sound: bool = False) -> None:
        """Says a lasting condition in the main place until `stand(None)`; `sound`: play its
        sound now (when it begins, or when it refuses something new)."""
        self._standing = message
        self._render()
        if message is not None:
            if sound:
                self._sounds.play(message.level)
            self.shown.emit(message)

    @property
    def standing(self) -> Message | None:
        return self._standing

    def working(self, text: str) -> None:
        """Says that long work is under way ("" when it is over); the banner's message stays."""
        self._banner.show_working(text)

    def acknowledge(self) -> None:
        """The operator has seen the errors on screen (Esc or a click): those close, other
        answers stay. Errors only counted ("dan 2 kesalahan lain") were never read: they move
        up into view and wait for the next Esc, so every refused code is seen before it goes."""
        if not self._unseen:
            return
        seen = self._on_screen()
        self._unseen = [m for m in self._unseen if not any(m is s for s in seen)]
        self._watch_keys()
        if self._current is not None and self._current.level is Severity.ERROR:
            self._current = None
        self._render()

    def clear(self) -> None:
        """Empties the main place (a page opening); an unseen error stays until it is seen."""
        if self._current is not None and any(m is self._current for m in self._unseen):
            return
        self._current = None
        self._render()

    @property
    def unacknowledged_error(self) -> Message | None:
        """The latest error the operator has not acknowledged yet."""
        return self._unseen[-1] if self._unseen else None

    @property
    def unacknowledged_errors(self) -> tuple[Message, ...]:
        return tuple(self._unseen)

    @property
    def current(self) -> Message | None:
        return self._current

    def _watch_keys(self) -> None:
        """Sees the application's keys (Esc anywhere in the banner's window) only while an
        error waits to be seen: every event the window handles passes an application-wide
        filter, and each pass in Python waits for the interpreter while the worker runs."""
        app = QApplication.instance()
        wanted = bool(self._unseen)
        if app is None or wanted == self._watching_keys:
            return
        if wanted:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching_keys = wanted

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind != QEvent.Type.KeyPress and kind != QEvent.Type.ShortcutOverride:
            return False
        if not self._unseen or not isinstance(event, QKeyEvent):
            return False
        if event.key() != Qt.Key.Key_Escape or event.modifiers() != Qt.KeyboardModifier.NoModifier:
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self._banner.window():
            return False  # Esc in a dialog belongs to the dialog
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # the first Esc is ours, not the page's "cancel" shortcut
            return True
        self.acknowledge()
        return True

    def _show(self, message: Message) -> None:
        self._current = message
        if message.level is Severity.ERROR:
            self._unseen.append(message)
            self._watch_keys()
        self._render()
        self._sounds.play(message.level)
        self.shown.emit(message)

    def _main(self) -> Message | None:
        return self._standing if self._standing is not None else self._current

    def _pinned(self) -> list[Message]:
        main = self._main()
        return [m for m in self._unseen if m is not main]

    def _on_screen(self) -> list[Message]:
        """The unseen errors the banner shows in words: the main place's, and the pinned
        strip's newest lines."""
        shown = self._pinned()[-_PINNED_LINES:]
        main = self._main()
        if main is not None and any(m is main for m in self._unseen):
            shown.append(main)
        return shown

    def _render(self) -> None:
        main = self._main()
        main_unseen = main is not None and any(m is main for m in self._unseen)
        self._banner.show_message(main, needs_ack=main_unseen)
        self._banner.show_pinned(self._pinned())
