"""One look for the whole program: calm, large, high-contrast, readable at arm's length."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

ACCENT = "#0b5394"

STYLESHEET = f"""
QWidget {{ font-size: 11pt; }}
QMainWindow, QDialog, QWizard {{ background: #f4f6f8; }}
QLabel#pageTitle {{ font-size: 17pt; font-weight: 600; color: #1f2933; }}
QLabel#officeTitle {{ font-size: 12pt; font-weight: 600; color: white; }}
QLabel#staffLabel {{ color: #dde6ee; }}
QFrame#topBar {{ background: {ACCENT}; }}
QFrame#card {{ background: white; border: 1px solid #d5dbe1; border-radius: 6px; }}
QLabel.countValue {{ font-size: 26pt; font-weight: 700; color: #1f2933; }}
QLabel.countLabel {{ font-size: 10pt; color: #52606d; }}
QPushButton {{
    padding: 6px 14px; border: 1px solid #9aa5b1; border-radius: 4px; background: white;
}}
QPushButton:hover {{ background: #e8eef4; }}
QPushButton:focus {{ border: 2px solid {ACCENT}; }}
QPushButton:disabled {{ color: #9aa5b1; border-color: #d5dbe1; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QPushButton#primary:hover {{ background: #0a4a85; }}
QPushButton.nav {{ padding: 8px 16px; border: none; border-radius: 0; background: transparent;
    color: white; font-weight: 600; }}
QPushButton.nav:checked {{ background: #f4f6f8; color: {ACCENT}; }}
QFrame#subBar {{ background: #e4e7eb; border-bottom: 1px solid #cbd2d9; }}
QPushButton.subnav {{ padding: 6px 14px; border: none; border-radius: 0; background: transparent;
    color: #323f4b; }}
QPushButton.subnav:checked {{ background: #f4f6f8; color: {ACCENT};
    border-bottom: 3px solid {ACCENT}; }}
QLineEdit, QDateEdit, QComboBox {{ padding: 4px 6px; border: 1px solid #9aa5b1;
    border-radius: 4px; background: white; }}
QLineEdit:focus, QDateEdit:focus, QComboBox:focus {{ border: 2px solid {ACCENT}; }}
QTableView {{ background: white; alternate-background-color: #f7f9fb; gridline-color: #e4e7eb;
    selection-background-color: #cfe2f3; selection-color: #1f2933; }}
QHeaderView::section {{ background: #e4e7eb; padding: 4px 6px; border: none;
    border-right: 1px solid #cbd2d9; font-weight: 600; }}
"""


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    font = QFont(app.font())
    font.setPointSize(11)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)
