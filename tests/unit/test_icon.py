"""The program's icon: every size Windows asks of an .exe and a shortcut, and the window's."""

from __future__ import annotations

from PIL import Image

from loket.resources import resource

WINDOWS_SIZES = {(16, 16), (24, 24), (32, 32), (48, 48), (256, 256)}  # list, menu, desktop, tile


def test_the_ico_holds_every_size_windows_shows() -> None:
    with Image.open(resource("icons", "loket.ico")) as icon:
        assert set(icon.info["sizes"]) >= WINDOWS_SIZES


def test_the_window_icon_is_the_same_drawing_and_not_blank() -> None:
    with Image.open(resource("icons", "loket.png")) as png:
        assert png.size == (256, 256) and png.mode == "RGBA"
        low, high = png.getchannel("A").getextrema()
        assert (low, high) == (0, 255)  # transparent corners, an opaque card
        assert len(png.getcolors(maxcolors=65536) or []) > 4  # more than a flat square
