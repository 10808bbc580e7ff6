"""Tests about folders that cannot be written, run where file permissions really apply.

Root ignores permission bits, and CI runs as root. So under root a test that needs them runs
itself again in a child pytest that cannot override them: first with setpriv dropping the
capabilities that let root ignore them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER;
it stays uid 0, so it can still read the repository, the virtual environment and pytest's
temporary folders, and a folder root owns with mode 0o555 is read-only to it), else as the
user nobody (setpriv or runuser) when that user can run the interpreter and import loket.
Each way is tried first: a child must import loket, start the interpreter again, and be refused
by a real read-only folder. A test is skipped only when it runs as
root and no way works, or on Windows (where a folder's read-only flag does not stop writing).

Usage, first line of a test: `if ran_unprivileged(request): return`.
`LOKET_TEST_DROP=caps|user` forces one way, to check both on a machine where both work;
`LOKET_REQUIRE_UNPRIVILEGED=1` turns the skip into a failure (for CI, which runs as root).
"""

from __future__ import annotations

import functools
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

CHILD_MARK = "LOKET_TEST_UNPRIVILEGED"
FORCE_WAY = "LOKET_TEST_DROP"
REQUIRE = "LOKET_REQUIRE_UNPRIVILEGED"  # CI: fail instead of skipping
NOBODY = 65534
READ_ONLY = stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH

_PROBE = """
import subprocess, sys
from pathlib import Path
import loket
# The tests start the program again from there: the interpreter must be runnable by this user.
subprocess.run([sys.executable, "-c", "import loket, sqlalchemy"], check=True, timeout=60)
try:
    Path(sys.argv[1], "tulis.txt").write_text("x")
except PermissionError:
    print("refused")
else:
    print("wrote")
"""


def make_read_only(folder: Path) -> None:
    folder.chmod(READ_ONLY)


def make_writable(folder: Path) -> None:
    folder.chmod(READ_ONLY | stat.S_IWUSR)


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _ways() -> list[tuple[str, list[str]]]:
    setpriv, runuser = shutil.which("setpriv"), shutil.which("runuser")
    ways: list[tuple[str, list[str]]] = []
    if setpriv:
        drop = "--bounding-set=-dac_override,-dac_read_search,-fowner"
        ways.append(("caps", [setpriv, drop, "--"]))
        user = [f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        ways.append(("user", [setpriv, *user, "--"]))
    if runuser:
        ways.append(("user", [runuser, "-u", "nobody", "--"]))
    forced = os.environ.get(FORCE_WAY)
    return [way for way in ways if not forced or way[0] == forced]


def _child_env(way: str, home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env[CHILD_MARK] = "1"
    env.pop("PYTEST_ADDOPTS", None)
    if way == "user":
        # nobody's own home and Qt runtime folder: root's are closed to it.
        env["HOME"] = str(home)
        env["XDG_RUNTIME_DIR"] = str(home)
    return env


@functools.cache
def _working_way() -> tuple[str, tuple[str, ...]] | None:
    """The first way whose child really cannot write to a read-only folder."""
    for way, prefix in _ways():
        base = Path(tempfile.mkdtemp(prefix="loket-probe-"))
        try:
            base.chmod(0o755)
            home = base / "home"
            home.mkdir(mode=0o700)
            if way == "user":
                os.chown(home, NOBODY, NOBODY)
            folder = base / "hanya-baca"
            folder.mkdir()
            make_read_only(folder)
            result = subprocess.run(
                [*prefix, sys.executable, "-c", _PROBE, str(folder)],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
                env=_child_env(way, home),
            )
            if result.returncode == 0 and result.stdout.strip() == "refused":
                return way, tuple(prefix)
        except (OSError, subprocess.SubprocessError):
            pass
        finally:
            shutil.rmtree(base, ignore_errors=True)
    return None


def _check_permissions_apply(request: pytest.FixtureRequest) -> None:
    """In the child: a read-only folder must really refuse us, or the test proves nothing."""
    folder = Path(tempfile.mkdtemp(prefix="loket-check-"))
    try:
        make_read_only(folder)
        try:
            (folder / "tulis.txt").write_text("x")
        except PermissionError:
            return
        pytest.fail(f"{request.node.nodeid}: the child process can still write a read-only folder")
    finally:
        make_writable(folder)
        shutil.rmtree(folder, ignore_errors=True)


def ran_unprivileged(request: pytest.FixtureRequest) -> bool:
    """True when this test has already run (and passed) in an unprivileged child: return then.

    False: run the test body here, where permission bits apply.
    """
    if os.name == "nt":
        pytest.skip("Windows: a read-only folder flag does not stop writing into the folder")
    if os.environ.get(CHILD_MARK) == "1":
        _check_permissions_apply(request)
        return False
    if not _is_root():
        return False
    found = _working_way()
    if found is None:
        reason = "running as root, and neither setpriv nor runuser can drop the privilege"
        if os.environ.get(REQUIRE):
            pytest.fail(f"{reason} ({REQUIRE} is set)")
        pytest.skip(reason)
    way, prefix = found
    home = Path(tempfile.mkdtemp(prefix="loket-child-home-"))
    try:
        if way == "user":
            home.chmod(0o700)
            os.chown(home, NOBODY, NOBODY)
        result = subprocess.run(
            [
                *prefix,
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                f"--basetemp={home / 'pytest'}",  # its own, never another run's
                request.node.nodeid,
            ],
            cwd=request.config.rootpath,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
            env=_child_env(way, home),
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    output = result.stdout[-6000:] + result.stderr[-3000:]
    assert result.returncode == 0, f"unprivileged child ({way}) failed:\n{output}"
    assert " passed" in result.stdout and "skipped" not in result.stdout, output
    return True
