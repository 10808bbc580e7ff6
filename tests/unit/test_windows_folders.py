"""Where Windows differs for the data folder and the files in it (installer/README.md)."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath
from typing import Any

import platformdirs.windows
import pytest

from loket import datadir
from loket.core.settings.desk import DeskSettings, load_desk_settings, save_desk_settings
from tests.helpers.windows import windows_text_mode

REPO = Path(__file__).resolve().parents[2]
LOCAL_APPDATA = r"C:\Users\Dewi Lestari\AppData\Local"
ROAMING_APPDATA = r"C:\Users\Dewi Lestari\AppData\Roaming"


def test_on_windows_the_data_folder_is_the_one_the_installer_promises_to_keep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """platformdirs' Windows answer for the arguments the program passes, with the known
    folders a Windows user "Dewi Lestari" has: %LOCALAPPDATA%\\Loket KTP-el, not roaming (a
    database must not travel with a roaming profile), with no vendor folder."""
    asked: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def on_windows(*args: Any, **kwargs: Any) -> str:
        asked.append((args, kwargs))
        return platformdirs.windows.Windows(*args, **kwargs).user_data_dir

    folders = {"CSIDL_LOCAL_APPDATA": LOCAL_APPDATA, "CSIDL_APPDATA": ROAMING_APPDATA}
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", folders.__getitem__)
    monkeypatch.setattr(datadir, "user_data_dir", on_windows)
    monkeypatch.delenv(datadir.ENV_VARIABLE, raising=False)
    chosen = datadir.resolve_data_dir()
    assert len(asked) == 1
    assert PureWindowsPath(str(chosen)) == PureWindowsPath(LOCAL_APPDATA, "Loket KTP-el")
    nsis = (REPO / "installer" / "loket.nsi").read_text(encoding="utf-8")
    assert '!define DATA_FOLDER "$LOCALAPPDATA\\Loket KTP-el"' in nsis


def test_this_pcs_settings_written_in_windows_text_mode_read_back_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wanted = DeskSettings(slip_printer=r"\\PC-LURAH\EPSON TM-T82 Receipt", a4_printer="Brother")
    with windows_text_mode(monkeypatch):
        save_desk_settings(tmp_path, wanted)
        written = next(tmp_path.iterdir()).read_bytes()
        assert b"\r\n" in written  # as Windows writes it
        assert load_desk_settings(tmp_path) == wanted
