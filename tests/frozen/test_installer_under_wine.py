"""The installer's logic, run under wine on stand-in bundles: files, shortcuts, the uninstall
key and its version, upgrade in place, refusals, and the data folder kept throughout.

The payload is the real layout with placeholder programs (installer/stand_in_bundle.py): what
is tested is the installer, not the program (tests/frozen/test_gui_window.py and the Windows
workflow run the program). Wine's prefix lives under the test's temporary folder, HOME too.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.frozen.conftest import project_version, require
from tests.frozen.test_installer_script import build, stand_in

KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\LoketKTP-el"
OLDER = "0.0.1"
INDONESIAN, ENGLISH = "1057", "1033"  # Windows' language ids


@dataclass
class Wine:
    prefix: Path
    home: Path
    locales: Path

    def env(self, language: str = "C.UTF-8") -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
        env.update(
            WINEPREFIX=str(self.prefix),
            HOME=str(self.home),
            WINEDEBUG="-all",
            # no Mono or Gecko prompt, and no menu entries written into the real desktop
            WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d",
            LOCPATH=str(self.locales),
            LANG=language,
            LC_ALL=language,
        )
        env.pop("DISPLAY", None)
        return env

    def run(self, *args: str, language: str = "C.UTF-8") -> int:
        """Runs a Windows program and waits until it and what it started have ended (an NSIS
        uninstaller run with /S copies itself to %TEMP% and returns at once)."""
        done = subprocess.run(
            ["wine", *args], env=self.env(language), capture_output=True, timeout=300, check=False
        )
        self.wait()
        return done.returncode

    def wait(self) -> None:
        subprocess.run(["wineserver", "-w"], env=self.env(), timeout=300, check=False)

    def windows_version(self, version: str) -> None:
        assert self.run("winecfg", "/v", version) == 0

    def key(self) -> dict[str, str]:
        """The uninstall key's values, {} when it is not there."""
        done = subprocess.run(
            ["wine", "reg", "query", KEY],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        values = {}
        for line in done.stdout.replace("\r", "").splitlines():
            parts = line.strip().split(None, 2)
            if len(parts) == 3 and parts[1].startswith("REG_"):
                values[parts[0]] = parts[2]
        return values

    @property
    def user(self) -> Path:
        (folder,) = [p for p in (self.prefix / "drive_c" / "users").iterdir() if p.name != "Public"]
        return folder

    @property
    def program_folder(self) -> Path:
        return self.user / "AppData" / "Local" / "Programs" / "Loket KTP-el"

    @property
    def data_folder(self) -> Path:
        return self.user / "AppData" / "Local" / "Loket KTP-el"

    @property
    def shortcuts(self) -> list[Path]:
        start_menu = self.user / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
        return [start_menu / "Loket KTP-el.lnk", self.user / "Desktop" / "Loket KTP-el.lnk"]


@pytest.fixture(scope="module")
def wine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wine]:
    for tool in ("wine", "wineserver", "localedef"):
        require(tool, shutil.which(tool) is not None, "apt-get install wine wine32:i386 locales")
    root = tmp_path_factory.mktemp("wine")
    home, locales = root / "home", root / "locales"
    home.mkdir()
    locales.mkdir()
    for language in ("id_ID", "fr_FR"):  # compiled for wine only; the system's are untouched
        subprocess.run(
            ["localedef", "-i", language, "-f", "UTF-8", str(locales / f"{language}.UTF-8")],
            check=True,
            capture_output=True,
        )
    prefix = Wine(root / "prefix", home, locales)
    subprocess.run(
        ["wineboot", "-i"], env=prefix.env(), capture_output=True, timeout=300, check=True
    )
    prefix.wait()
    prefix.windows_version("win10")  # wine 8 says Windows 7 until told otherwise
    # wine makes Desktop a link to HOME: a folder of its own, as on Windows
    desktop = prefix.user / "Desktop"
    if desktop.is_symlink():
        desktop.unlink()
        desktop.mkdir()
    yield prefix
    subprocess.run(["wineserver", "-k"], env=prefix.env(), timeout=60, check=False)


@pytest.fixture(scope="module")
def installers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    found = shutil.which("makensis")
    require("makensis", found is not None, "apt-get install nsis")
    assert found is not None
    root = tmp_path_factory.mktemp("installers")
    made = {}
    for version in (OLDER, project_version()):
        bundle = stand_in(root / f"bundle-{version}", version)
        setup = root / f"Loket-KTP-el-{version}-setup.exe"
        built = build(found, bundle, setup, f"-DVERSION={version}")
        assert built.returncode == 0, built.stdout + built.stderr
        made[version] = setup
    return made


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def an_office(data: Path) -> dict[str, str]:
    """The office's data folder as a desk leaves it (the installer must never touch it)."""
    (data / "documents" / "laporan-harian").mkdir(parents=True)
    (data / "backups").mkdir()
    (data / "logs").mkdir()
    (data / "loket.sqlite3").write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    (data / "loket.sqlite3-wal").write_bytes(os.urandom(512))
    (data / "documents" / "laporan-harian" / "laporan-harian-2026-11-25.pdf").write_bytes(
        b"%PDF-1.4 laporan"
    )
    (data / "logs" / "loket.log").write_text("2026-11-25 desk opened\n", encoding="utf-8")
    return fingerprint(data)


def test_install_upgrade_refusals_and_uninstall_keep_the_data_folder(
    wine: Wine, installers: dict[str, Path]
) -> None:
    version = project_version()
    office = an_office(wine.data_folder)
    program = wine.program_folder

    # A silent install of the older build: files, shortcuts, Apps & features.
    assert wine.run(str(installers[OLDER]), "/S") == 0
    assert (program / "loket.exe").read_text().strip() == f"stand-in loket.exe {OLDER}"
    assert (program / "loket-gui.exe").is_file()
    assert (program / "_internal" / f"only-in-{OLDER}.txt").is_file()
    assert (program / "_internal" / "loket" / "db" / "migrations" / "env.py").is_file()
    assert all(link.is_file() for link in wine.shortcuts)
    key = wine.key()
    windows_folder = r"C:\users" + "\\" + wine.user.name + r"\AppData\Local\Programs\Loket KTP-el"
    assert key["DisplayName"] == "Loket KTP-el"
    assert key["DisplayVersion"] == OLDER
    assert key["Publisher"] == "Loket KTP-el"
    assert key["InstallLocation"] == windows_folder
    assert key["UninstallString"] == f'"{windows_folder}\\uninstall.exe"'
    assert key["QuietUninstallString"] == f'"{windows_folder}\\uninstall.exe" /S'
    assert int(key["EstimatedSize"], 16) > 0
    assert fingerprint(wine.data_folder) == office

    # The newer build over it: the same folder, every program file replaced, data untouched.
    assert wine.run(str(installers[version]), "/S") == 0
    assert wine.key()["DisplayVersion"] == version
    assert wine.key()["InstallLocation"] == windows_folder
    assert (program / "loket.exe").read_text().strip() == f"stand-in loket.exe {version}"
    assert not (program / "_internal" / f"only-in-{OLDER}.txt").exists()
    assert (program / "_internal" / f"only-in-{version}.txt").is_file()
    assert fingerprint(wine.data_folder) == office

    # The older one again, silently: refused (exit 5), nothing changed.
    assert wine.run(str(installers[OLDER]), "/S") == 5
    assert wine.key()["DisplayVersion"] == version
    assert (program / "loket.exe").read_text().strip() == f"stand-in loket.exe {version}"

    # Uninstall, silently: program, shortcuts and key gone; the data folder as it was.
    assert wine.run(str(program / "uninstall.exe"), "/S") == 0
    assert not program.exists()
    assert not any(link.exists() for link in wine.shortcuts)
    assert wine.key() == {}
    assert fingerprint(wine.data_folder) == office


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id_ID.UTF-8", INDONESIAN), ("C.UTF-8", ENGLISH), ("fr_FR.UTF-8", INDONESIAN)],
)
def test_installer_speaks_indonesian_and_english_on_an_english_windows(
    wine: Wine, installers: dict[str, Path], language: str, expected: str
) -> None:
    """The language it chose is the one it records for the uninstaller."""
    assert wine.run(str(installers[project_version()]), "/S", language=language) == 0
    assert wine.key()["InstallerLanguage"] == expected
    assert wine.run(str(wine.program_folder / "uninstall.exe"), "/S") == 0


def test_installer_refuses_windows_older_than_10(wine: Wine, installers: dict[str, Path]) -> None:
    wine.windows_version("win7")
    try:
        assert wine.run(str(installers[project_version()]), "/S") == 4
    finally:
        wine.windows_version("win10")
    assert not wine.program_folder.exists()
    assert wine.key() == {}
