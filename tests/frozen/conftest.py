"""The frozen program (`make bundle` -> dist/loket/), run the way IT staff and the shortcut do.

Skipped when no bundle was built, unless LOKET_REQUIRE_FROZEN=1 (CI), which makes that a
failure. LOKET_BUNDLE points the tests at another bundle folder (an installed copy).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

# The virtual X server of the end-to-end tests, for loket-gui.
from tests.e2e.conftest import screen as screen

REPO = Path(__file__).resolve().parents[2]
BUNDLE = Path(os.environ.get("LOKET_BUNDLE", REPO / "dist" / "loket"))
EXE = ".exe" if sys.platform == "win32" else ""


def require(what: str, found: bool, how: str) -> None:
    """Skips a test whose tool or build is missing, or fails it where CI must run it."""
    if found:
        return
    message = f"{what} not found: {how}"
    if os.environ.get("LOKET_REQUIRE_FROZEN") == "1":
        pytest.fail(message + " (LOKET_REQUIRE_FROZEN=1)")
    pytest.skip(message)


def project_version() -> str:
    with (REPO / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


@dataclass(frozen=True)
class Bundle:
    root: Path

    @property
    def internal(self) -> Path:
        """Where PyInstaller puts everything but the two programs."""
        return self.root / "_internal"

    def program(self, name: str) -> Path:
        return self.root / f"{name}{EXE}"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LOKET_", "PYTHON"))}
        env["LOKET_MUTE"] = "1"
        return env

    def run(
        self, *args: str, data_dir: Path | None = None, stdin: str = ""
    ) -> subprocess.CompletedProcess[str]:
        """`loket [--data-dir DIR] ARGS...`, as typed at a console."""
        where = ["--data-dir", str(data_dir)] if data_dir is not None else []
        return subprocess.run(
            [str(self.program("loket")), *where, *args],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=self.environment(),
            timeout=120,
            check=False,
        )


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    program = BUNDLE / f"loket{EXE}"
    require(f"the frozen program {program}", program.is_file(), "build it with `make bundle`")
    return Bundle(BUNDLE)
