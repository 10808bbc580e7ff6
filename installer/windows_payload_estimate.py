"""An estimate of the Windows bundle's size, made on Linux from the Linux bundle and the
Windows wheels of the same pinned releases (installer/README.md, "Sizes").

PyInstaller freezes only for the system it runs on, and no Windows Python is reachable here,
so the real Windows bundle is measured only by the workflow (`build-bundle.ps1`). This writes
the Windows layout that PyInstaller would make, file by file, so that its size and the size of
its NSIS installer can be measured:

- each file the Linux bundle took from a package with compiled parts (PySide6, shiboken6,
  Pillow, psycopg-binary, SQLAlchemy, greenlet, argon2, rl-accel) is replaced by the same
  module's file from that package's Windows wheel (`libQt6Gui.so.6` by `Qt6Gui.dll`,
  `QtGui.abi3.so` by `QtGui.pyd`, a plugin by its Windows build), together with the Visual C++
  runtime the wheels carry;
- what only Linux needs is left out: its system libraries, ICU's data (Qt on Windows uses
  Windows' ICU), the X11, Wayland, EGL and CUPS plugins; Windows' own platform plugin and
  style are added;
- everything else travels unchanged (Python's bytecode archive inside each program, data,
  fonts, migrations): it is the same on both systems;
- Python's own runtime (python311.dll and the DLLs folder) is in no registry here: the Linux
  libpython and lib-dynload stand in for it, which is larger, so the estimate errs high.

    pip download --only-binary=:all: --platform win_amd64 --python-version 3.11 \\
        --implementation cp --no-deps -d WHEELS PySide6-Essentials==... (every compiled pin)
    python installer/windows_payload_estimate.py dist/loket WHEELS build/windows-estimate
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import zipfile
from pathlib import Path

# The packages whose compiled files differ between Linux and Windows (wheel name prefix); the
# wheels of cffi, charset-normalizer and MarkupSafe too, which come with the pinned ones.
COMPILED = (
    "pyside6_essentials",
    "pyside6_addons",
    "shiboken6",
    "pillow",
    "psycopg_binary",
    "sqlalchemy",
    "greenlet",
    "argon2_cffi_bindings",
    "rl_accel",
    "cffi",
    "charset_normalizer",
    "markupsafe",
)
# Windows' own Qt plugins, which PyInstaller's hook adds where Linux has xcb and friends.
WINDOWS_PLUGINS = ("platforms/qwindows.dll", "styles/qmodernwindowsstyle.dll")
VC_RUNTIME = re.compile(r"^(msvcp140.*|vcruntime140.*|concrt140)\.dll$", re.IGNORECASE)
LINUX_EXTENSION = re.compile(r"^(?P<stem>[^.]+)\.(cpython-\d+-[^.]+|abi3)\.so$")


def wheel_files(wheels: Path) -> dict[str, tuple[Path, str]]:
    """Every file of the Windows wheels: its path inside the wheel, lower case -> (wheel, name)."""
    found: dict[str, tuple[Path, str]] = {}
    for wheel in sorted(wheels.glob("*.whl")):
        if not wheel.name.lower().startswith(COMPILED):
            continue
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if not name.endswith("/") and ".dist-info/" not in name:
                    found.setdefault(name.lower(), (wheel, name))
    return found


def windows_name(relative: str) -> str | None:
    """The Windows file (as inside a wheel, lower case) standing for a Linux bundle file, ""
    when the file is the same on both systems, None when Windows has no such file."""
    path = Path(relative)
    name = path.name
    if relative.startswith("PySide6/Qt/lib/"):
        match = re.match(r"^libQt6(\w+)\.so\.6$", name)
        return f"pyside6/qt6{match.group(1).lower()}.dll" if match else None  # ICU: None
    if relative.startswith("PySide6/Qt/plugins/"):
        category = path.parent.name
        match = re.match(r"^lib(\w+)\.so$", name)
        return f"pyside6/plugins/{category}/{match.group(1).lower()}.dll" if match else None
    if name.startswith("libpyside6.abi3.so"):
        return "pyside6/pyside6.abi3.dll"
    if name.startswith("libshiboken6.abi3.so"):
        return "shiboken6/shiboken6.abi3.dll"
    extension = LINUX_EXTENSION.match(name)
    if extension and not relative.startswith("python3"):  # lib-dynload stands in for DLLs/
        return _stem_key(path.parent.as_posix(), extension.group("stem"))  # matched by stem
    if path.parts[0] in {"pillow.libs", "psycopg_binary.libs"}:
        return None  # Windows wheels link these in, or carry their own (added below)
    if len(path.parts) == 1 and name.startswith("lib") and ".so" in name:
        return "" if name.startswith("libpython") else None  # a Linux system library
    return ""


def _stem_key(folder: str, stem: str) -> str:
    folder = "" if folder in ("", ".") else folder.lower() + "/"
    return f"{folder}{stem.lower()}"


def estimate(bundle: Path, wheels: Path, out: Path) -> tuple[int, int, list[str]]:
    files = wheel_files(wheels)
    stems = {}
    for key in files:
        if key.endswith((".pyd", ".dll")):
            folder, _, file = key.rpartition("/")
            stems.setdefault(_stem_key(folder, file.split(".")[0]), key)
    if out.exists():
        shutil.rmtree(out)
    internal = bundle / "_internal"
    taken: set[str] = set()
    missing: list[str] = []
    for program in ("loket", "loket-gui"):
        out.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(bundle / program, out / f"{program}.exe")
    for source in sorted(p for p in internal.rglob("*") if p.is_file() and not p.is_symlink()):
        relative = source.relative_to(internal).as_posix()
        target_name = windows_name(relative)
        if target_name == "":
            _copy(source, out / "_internal" / relative)
            continue
        if target_name is None:
            continue
        key = target_name if target_name in files else stems.get(target_name)
        if key is None:
            missing.append(relative)  # a Linux-only library or plugin (xcb, wayland, cups)
            continue
        taken.add(key)
        _extract(files[key], out / "_internal" / files[key][1])
    extras = [f"pyside6/plugins/{plugin}" for plugin in WINDOWS_PLUGINS]
    extras += [key for key in files if VC_RUNTIME.match(key.rsplit("/", 1)[-1])]
    extras += [key for key in files if key.startswith("psycopg_binary.libs/")]
    for key in extras:
        if key in files and key not in taken:
            _extract(files[key], out / "_internal" / files[key][1])
    linux = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    windows = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return linux, windows, missing


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _extract(entry: tuple[Path, str], target: Path) -> None:
    wheel, name = entry
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as archive, archive.open(name) as part, target.open("wb") as out:
        shutil.copyfileobj(part, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the Linux bundle, dist/loket")
    parser.add_argument("wheels", type=Path, help="a folder of the Windows wheels")
    parser.add_argument("out", type=Path, help="where to write the Windows layout")
    args = parser.parse_args(argv)
    linux, windows, missing = estimate(args.bundle, args.wheels, args.out)
    print(f"Linux bundle:             {linux / 2**20:6.1f} MiB")
    print(f"Windows bundle, estimate: {windows / 2**20:6.1f} MiB  ({args.out})")
    print(f"Linux-only files left out: {len(missing)}")
    for relative in missing:
        print(f"  {relative}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
