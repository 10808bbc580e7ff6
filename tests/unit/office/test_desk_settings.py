"""Per-PC settings (printers) live beside the database and survive a bad file."""

from __future__ import annotations

from pathlib import Path

from loket.core.settings.desk import FILENAME, DeskSettings, load_desk_settings, save_desk_settings


def test_saved_printers_come_back(tmp_path: Path) -> None:
    chosen = DeskSettings(slip_printer="EPSON TM-T82", a4_printer="HP LaserJet P1102")
    save_desk_settings(tmp_path, chosen)
    assert load_desk_settings(tmp_path) == chosen
    assert not list(tmp_path.glob("*.tmp"))


def test_missing_or_broken_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_desk_settings(tmp_path) == DeskSettings()
    (tmp_path / FILENAME).write_text("{rusak", encoding="utf-8")
    assert load_desk_settings(tmp_path) == DeskSettings()
    (tmp_path / FILENAME).write_text('{"slip_printer": "X", "unknown": 1}', encoding="utf-8")
    assert load_desk_settings(tmp_path) == DeskSettings(slip_printer="X")
