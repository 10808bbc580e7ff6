"""installer/loket.nsi builds with Debian's makensis, on a stand-in of the Windows bundle."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tests.frozen.conftest import REPO, project_version, require

SCRIPT = REPO / "installer" / "loket.nsi"


@pytest.fixture(scope="module")
def makensis() -> str:
    found = shutil.which("makensis")
    require("makensis", found is not None, "apt-get install nsis")
    assert found is not None
    return found


def stand_in(out: Path, label: str) -> Path:
    subprocess.run(
        [
            sys.executable,
            str(REPO / "installer" / "stand_in_bundle.py"),
            str(out),
            "--label",
            label,
        ],
        check=True,
        capture_output=True,
    )
    return out


def build(
    makensis: str, bundle: Path, out: Path, *defines: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [makensis, "-V2", "-WX", *defines, f"-DBUNDLE={bundle}", f"-DOUTFILE={out}", str(SCRIPT)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_installer_builds_without_a_warning_and_carries_pyproject_version(
    makensis: str, tmp_path: Path
) -> None:
    version = project_version()
    setup = tmp_path / "Loket-KTP-el-setup.exe"
    built = build(makensis, stand_in(tmp_path / "bundle", version), setup, f"-DVERSION={version}")
    assert built.returncode == 0, built.stdout + built.stderr
    program = setup.read_bytes()
    assert program.startswith(b"MZ")  # a Windows program
    # Its version resource (Properties > Details), stored uncompressed as UTF-16.
    assert "Loket KTP-el".encode("utf-16-le") in program
    assert version.encode("utf-16-le") in program
    # VS_FIXEDFILEINFO: its signature, the structure's version, then the file's version
    fixed = program.index(b"\xbd\x04\xef\xfe")
    high, low = struct.unpack_from("<II", program, fixed + 8)
    numbers = (high >> 16, high & 0xFFFF, low >> 16, low & 0xFFFF)
    assert numbers == (*(int(part) for part in version.split(".")), 0)


def test_installer_refuses_to_build_without_a_version(makensis: str, tmp_path: Path) -> None:
    built = build(makensis, stand_in(tmp_path / "bundle", "x"), tmp_path / "Loket-KTP-el-setup.exe")
    assert built.returncode != 0
    assert "Give the version" in built.stdout + built.stderr


def test_installer_refuses_to_build_from_a_folder_without_the_programs(
    makensis: str, tmp_path: Path
) -> None:
    bundle = stand_in(tmp_path / "bundle", "x")
    (bundle / "loket-gui.exe").unlink()
    built = build(makensis, bundle, tmp_path / "Loket-KTP-el-setup.exe", "-DVERSION=0.1.0")
    assert built.returncode != 0
    assert "loket-gui.exe" in built.stdout + built.stderr


def test_every_message_of_the_installer_is_in_indonesian_and_english() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    strings = re.findall(r"^LangString (\w+) \$\{LANG_(\w+)\} ", text, flags=re.MULTILINE)
    languages: dict[str, set[str]] = {}
    for name, language in strings:
        languages.setdefault(name, set()).add(language)
    assert languages, "no LangString found"
    assert all(found == {"INDONESIAN", "ENGLISH"} for found in languages.values()), languages
    used = set(re.findall(r"\$\((\w+)\)", text))
    assert used == set(languages)
    # Indonesian first: the pages a Windows in neither language shows.
    assert text.index('MUI_LANGUAGE "Indonesian"') < text.index('MUI_LANGUAGE "English"')


def test_uninstaller_removes_only_what_was_installed() -> None:
    """Never a recursive delete of the install folder itself, nor anything in the data folder."""
    text = SCRIPT.read_text(encoding="utf-8")
    uninstall = text[text.index('Section "Uninstall"') :]
    recursive = re.findall(r"RMDir /r \"([^\"]+)\"", text)
    assert recursive and all(target == "$INSTDIR\\_internal" for target in recursive)
    assert 'RMDir "$INSTDIR"' in uninstall  # removed only once empty
    assert "DATA_FOLDER}" not in "".join(
        line for line in uninstall.splitlines() if line.strip().startswith(("Delete", "RMDir"))
    )
