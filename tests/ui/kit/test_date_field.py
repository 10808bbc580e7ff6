"""A date field speaks Indonesian, its calendar too, though the calendar is made only when first
opened (making one per field cost a dialog 12 ms each as it opened)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QCalendarWidget, QWidget
from pytestqt.qtbot import QtBot

from loket.ui.kit.widgets import date_field


def test_the_calendar_is_made_when_opened_and_is_indonesian(qtbot: QtBot) -> None:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    try:
        host = QWidget()
        qtbot.addWidget(host)
        field = date_field(host, dt.date(2026, 12, 3))
        assert field.findChildren(QCalendarWidget) == []  # not made with the field
        assert field.text() == "Kamis, 3 Desember 2026"
        calendar = field.calendarWidget()
        assert calendar.locale().language() is QLocale.Language.Indonesian
        assert calendar.locale().monthName(12) == "Desember"
    finally:
        QLocale.setDefault(before)
