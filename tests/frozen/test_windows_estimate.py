"""installer/windows_payload_estimate.py: which Windows file stands for each Linux one."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "windows_payload_estimate", REPO / "installer" / "windows_payload_estimate.py"
)
assert _spec is not None and _spec.loader is not None
estimate_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(estimate_module)


@pytest.mark.parametrize(
    ("linux", "windows"),
    [
        ("PySide6/Qt/lib/libQt6Gui.so.6", "pyside6/qt6gui.dll"),
        ("PySide6/Qt/lib/libicudata.so.73", None),  # Windows' own ICU
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", "pyside6/plugins/imageformats/qjpeg.dll"),
        ("PySide6/QtGui.abi3.so", "pyside6/qtgui"),
        ("PySide6/libpyside6.abi3.so.6.11", "pyside6/pyside6.abi3.dll"),
        ("PIL/_imaging.cpython-311-x86_64-linux-gnu.so", "pil/_imaging"),
        ("_rl_accel.cpython-311-x86_64-linux-gnu.so", "_rl_accel"),
        ("pillow.libs/libjpeg-6dc8d115.so.62.4.0", None),
        ("libX11.so.6", None),  # a Linux system library
        ("libpython3.11.so.1.0", ""),  # stands in for python311.dll
        ("python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so", ""),  # for DLLs\\_ssl
        ("base_library.zip", ""),
        ("resources/fonts/LiberationSans-Regular.ttf", ""),
    ],
)
def test_each_linux_file_has_its_windows_counterpart(linux: str, windows: str | None) -> None:
    assert estimate_module.windows_name(linux) == windows


def test_a_layout_is_written_from_a_bundle_and_wheels(tmp_path: Path) -> None:
    bundle = tmp_path / "loket"
    for name, size in [
        ("loket", 10),
        ("loket-gui", 10),
        ("_internal/PySide6/Qt/lib/libQt6Core.so.6", 700),
        ("_internal/PySide6/Qt/lib/libicudata.so.73", 3000),
        ("_internal/libX11.so.6", 100),
        ("_internal/base_library.zip", 50),
    ]:
        (bundle / name).parent.mkdir(parents=True, exist_ok=True)
        (bundle / name).write_bytes(b"x" * size)
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    with zipfile.ZipFile(wheels / "pyside6_essentials-6.11.3-cp310-abi3-win_amd64.whl", "w") as w:
        w.writestr("PySide6/Qt6Core.dll", b"w" * 400)
        w.writestr("PySide6/msvcp140.dll", b"w" * 20)
        w.writestr("PySide6/plugins/platforms/qwindows.dll", b"w" * 30)
    out = tmp_path / "windows"
    linux, windows, missing = estimate_module.estimate(bundle, wheels, out)
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written == {
        "loket.exe",
        "loket-gui.exe",
        "_internal/PySide6/Qt6Core.dll",
        "_internal/PySide6/msvcp140.dll",
        "_internal/PySide6/plugins/platforms/qwindows.dll",
        "_internal/base_library.zip",
    }
    assert (linux, windows, missing) == (3870, 520, [])
