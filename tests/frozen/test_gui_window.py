"""The frozen `loket-gui` (what the shortcut starts) opens the desk on a real X server."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.desk import Desk, VirtualScreen
from tests.frozen.conftest import Bundle
from tests.frozen.test_command_line import set_up_office


def test_gui_opens_the_login_window_and_the_desk_after_log_in(
    bundle: Bundle, screen: VirtualScreen, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    set_up_office(bundle, data_dir)
    desk = Desk(screen, data_dir, program=[str(bundle.program("loket-gui"))])
    desk.start()
    try:
        desk.log_in("dewi", "dewi-rahasia")
        desk.wait_for_window("Kelurahan Kaligawe", timeout=60)
        desk.check_alive()
    finally:
        desk.stop()
    printed = desk.started_output()
    assert "Traceback" not in printed, printed
    log = (data_dir / "logs" / "loket.log").read_text(encoding="utf-8")
    assert " ERROR " not in log, log
