"""What the frozen program loads at run time is inside the bundle, and what it never uses is not."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.frozen.conftest import REPO, Bundle, require

#: Qt's libraries the program uses; on Windows Qt6Pdf.dll, on Linux libQt6Pdf.so.6.
USED_QT = ("Qt6Core", "Qt6Gui", "Qt6Widgets", "Qt6Network", "Qt6PrintSupport", "Qt6Pdf",
           "Qt6PdfWidgets")  # fmt: skip
#: Left out (installer/README.md says why).
UNUSED_QT = ("Qt6WebEngine", "Qt6Qml", "Qt6Quick", "Qt63D", "Qt6Multimedia", "Qt6VirtualKeyboard",
             "Qt6Charts", "Qt6Designer", "Qt6Sql", "Qt6Test", "opengl32sw")  # fmt: skip


def names(bundle: Bundle) -> set[str]:
    return {path.name for path in bundle.internal.rglob("*")}


def relative(bundle: Bundle, folder: str) -> set[str]:
    root = bundle.internal / folder
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_resources_travel_whole(bundle: Bundle) -> None:
    kept = {".ttf", ".txt", ".wav", ".po"}
    shipped = {
        p.relative_to(REPO / "resources").as_posix()
        for p in (REPO / "resources").rglob("*")
        if p.is_file() and p.suffix in kept
    }
    shipped.add("icons/loket.png")  # the window's icon; loket.ico is inside the .exe files
    assert shipped <= relative(bundle, "resources")


def test_every_migration_travels_as_a_source_file(bundle: Bundle) -> None:
    source = REPO / "desktop" / "loket" / "db" / "migrations"
    expected = {"env.py", "script.py.mako"} | {
        f"versions/{p.name}" for p in (source / "versions").glob("*.py")
    }
    assert relative(bundle, "loket/db/migrations") == expected


def test_region_holiday_and_time_zone_data_travel(bundle: Bundle) -> None:
    carried = relative(bundle, ".")
    assert {"lokal/data/wilayah.json.gz", "lokal/data/kodepos.json.gz"} <= carried
    # WIB, WITA, WIT: Windows has no time zone database that zoneinfo can read.
    for zone in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"):
        assert f"tzdata/zoneinfo/{zone}" in carried


def test_babel_carries_indonesian_and_english_only(bundle: Bundle) -> None:
    locales = {Path(name).stem for name in relative(bundle, "babel/locale-data")}
    assert {"root", "id", "en"} <= locales
    assert "fr" not in locales and len(locales) < 10


def test_pillow_carries_only_the_codecs_of_a_logo(bundle: Bundle) -> None:
    """PNG and JPEG (core/office/logo.py); AVIF alone is 8 MB on Windows."""
    carried = names(bundle)
    assert any(name.startswith("_imaging.") for name in carried)
    assert not any(name.startswith(("_avif", "_webp", "_imagingtk")) for name in carried)


def test_reportlab_accelerator_travels(bundle: Bundle) -> None:
    assert any(name.startswith("_rl_accel") for name in names(bundle))


def test_only_the_qt_modules_the_desk_uses(bundle: Bundle) -> None:
    carried = " ".join(sorted(names(bundle)))
    for library in USED_QT:
        assert library in carried, library
    for library in UNUSED_QT:
        assert library not in carried, library
    assert not (bundle.internal / "PySide6" / "Qt" / "translations").exists()


@pytest.mark.skipif(sys.platform != "linux", reason="ldd reads Linux libraries only")
def test_no_bundled_library_misses_a_library_from_the_python_environment(bundle: Bundle) -> None:
    """What the spec leaves out (QML, the virtual keyboard) is needed by nothing that stays.

    Libraries of the operating system (Wayland's, where it is not installed) may be missing."""
    require("ldd", shutil.which("ldd") is not None, "apt-get install libc-bin")
    missing = set()
    for library in bundle.internal.rglob("*.so*"):
        if library.is_symlink() or not library.is_file():
            continue
        listing = subprocess.run(
            ["ldd", str(library)], capture_output=True, text=True, check=False
        ).stdout
        missing |= {line.split()[0] for line in listing.splitlines() if "not found" in line}
    ours = {
        name
        for name in missing
        if name.startswith(("libQt6", "libpyside", "libshiboken", "libpython"))
    }
    assert not ours, ours
