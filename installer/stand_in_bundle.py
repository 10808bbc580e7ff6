"""A stand-in for the Windows bundle: its real file layout, with placeholder programs.

No Windows build can be made on Linux, so the installer script is built (and exercised) on
this folder: what it tests is the installer's logic (files, shortcuts, registry, upgrade in
place, the data folder kept), not the program.

    python installer/stand_in_bundle.py OUT_FOLDER [--label 0.1.0]

`--label` is written into every placeholder and into `_internal/only-in-LABEL.txt`, so that
after an upgrade a test can tell whose files are installed and that none of the older
build's were left behind.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: What PyInstaller puts in `_internal/` on Windows besides the copied files below.
WINDOWS_RUNTIME = (
    "base_library.zip",
    "python311.dll",
    "VCRUNTIME140.dll",
    "_sqlite3.pyd",
    "sqlite3.dll",
    "_rl_accel.cp311-win_amd64.pyd",
    "PySide6/Qt6Core.dll",
    "PySide6/Qt6Gui.dll",
    "PySide6/Qt6Widgets.dll",
    "PySide6/Qt6Network.dll",
    "PySide6/Qt6PrintSupport.dll",
    "PySide6/Qt6Pdf.dll",
    "PySide6/Qt6PdfWidgets.dll",
    "PySide6/QtCore.pyd",
    "PySide6/plugins/platforms/qwindows.dll",
    "PySide6/plugins/styles/qmodernwindowsstyle.dll",
    "PySide6/plugins/imageformats/qjpeg.dll",
    "tzdata/zoneinfo/Asia/Jakarta",
    "lokal/data/wilayah.json.gz",
    "babel/locale-data/id.dat",
)


def make_stand_in(out: Path, label: str) -> Path:
    if out.exists():
        shutil.rmtree(out)
    internal = out / "_internal"
    internal.mkdir(parents=True)
    for program in ("loket.exe", "loket-gui.exe"):
        (out / program).write_text(f"stand-in {program} {label}\n", encoding="utf-8")
    for name in WINDOWS_RUNTIME:
        path = internal / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"stand-in {name} {label}\n", encoding="utf-8")
    # The files loket.spec copies, copied for real (the paths hold spaces in no case today).
    shutil.copytree(ROOT / "resources", internal / "resources", ignore=_not_shipped)
    shutil.copytree(
        ROOT / "desktop" / "loket" / "db" / "migrations",
        internal / "loket" / "db" / "migrations",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy2(ROOT / "pyproject.toml", internal / "pyproject.toml")
    (internal / f"only-in-{label}.txt").write_text(label + "\n", encoding="utf-8")
    return out


def _not_shipped(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n.endswith((".py", ".md", ".pot")) or n == "__pycache__"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--label", default="stand-in")
    args = parser.parse_args()
    print(make_stand_in(args.out, args.label))


if __name__ == "__main__":
    main()
