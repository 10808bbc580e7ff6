"""A pad on which the collector signs with the mouse or a pen; kept as strokes, not as a picture.

Points are stored divided by the pad's longer side, so x and y share one scale and the
signature keeps its shape on paper whatever the pad's size (core `Strokes`, 0..1, y down).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from loket.core.handover.paper import Strokes
from loket.core.handover.rules import MAX_SIGNATURE_POINTS
from loket.i18n import _

MIN_STEP = 1.5  # pixels: closer points add nothing a printer could show
_INK = QColor("#0b2545")
_LINE = QColor("#9aa5b1")
_HINT = QColor("#7b8794")


class SignaturePad(QWidget):
    """Draw with the left mouse button or a pen; `strokes()` gives what was drawn."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setAccessibleName(_("Tanda tangan"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # signing must not take the scan field's focus
        self.setMinimumSize(200, 110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._strokes: list[list[tuple[float, float]]] = []
        self._drawing = False
        self._points = 0

    # ------------------------------------------------------------ the strokes

    def strokes(self) -> Strokes:
        return tuple(tuple(stroke) for stroke in self._strokes if stroke)

    def is_empty(self) -> bool:
        return not any(self._strokes)

    def clear(self) -> None:
        had_ink = not self.is_empty()
        self._strokes = []
        self._points = 0
        self._drawing = False
        self.update()
        if had_ink:
            self.changed.emit()

    def _scale(self) -> float:
        return float(max(self.width(), self.height(), 1))

    def _begin(self, position: QPointF) -> None:
        self._drawing = True
        self._strokes.append([])
        self._add(position)

    def _add(self, position: QPointF) -> None:
        if not self._drawing or self._points >= MAX_SIGNATURE_POINTS:
            return
        x = min(max(position.x(), 0.0), float(self.width()))
        y = min(max(position.y(), 0.0), float(self.height()))
        scale = self._scale()
        stroke = self._strokes[-1]
        if stroke:
            last_x, last_y = stroke[-1]
            if abs(last_x * scale - x) < MIN_STEP and abs(last_y * scale - y) < MIN_STEP:
                return
        stroke.append((round(x / scale, 4), round(y / scale, 4)))
        self._points += 1
        self.update()

    def _end(self, position: QPointF) -> None:
        if not self._drawing:
            return
        self._add(position)
        self._drawing = False
        self.changed.emit()

    # ------------------------------------------------------------ input

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drawing and event.buttons() & Qt.MouseButton.LeftButton:
            self._add(event.position())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._end(event.position())
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def tabletEvent(self, event: QTabletEvent) -> None:
        # A pen's own events carry sub-pixel positions; accepted, Qt sends no mouse copies.
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QTabletEvent.Type.TabletMove:
            self._add(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end(event.position())
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.update()

    # ------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#cbd2d9"), 1))
        painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        baseline = self.height() * 0.78
        painter.setPen(QPen(_LINE, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(16, baseline), QPointF(self.width() - 16, baseline))
        if self.is_empty():
            painter.setPen(_HINT)
            painter.drawText(
                QRectF(12, 8, self.width() - 24, baseline - 12),
                int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap),
                _("Tanda tangan di sini dengan mouse atau pena (boleh dikosongkan)"),
            )
            return
        scale = self._scale()
        pen = QPen(_INK, 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in self._strokes:
            if not stroke:
                continue
            if len(stroke) == 1:
                x, y = stroke[0]
                painter.drawPoint(QPointF(x * scale, y * scale))
                continue
            path = QPainterPath(QPointF(stroke[0][0] * scale, stroke[0][1] * scale))
            for x, y in stroke[1:]:
                path.lineTo(QPointF(x * scale, y * scale))
            painter.drawPath(path)
