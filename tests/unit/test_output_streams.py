"""Windows' consoles and pipes: `loket.exe` writes in the code page (cp437 in an old console,
cp1252 in a file from Task Scheduler), and `loket-gui.exe` has no console at all."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from loket.__main__ import make_streams_safe

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("code_page", ["cp437", "cp1252"])
def test_a_name_the_code_page_lacks_is_written_as_a_question_mark_not_a_crash(
    samples: Path, code_page: str
) -> None:
    env = {
        **os.environ,
        "PYTHONIOENCODING": code_page,
        "PYTHONPATH": str(REPO / "desktop"),
        "LOKET_DATA_DIR": "",
    }
    done = subprocess.run(
        [sys.executable, "-m", "loket", "manifest", "check", str(samples / "manifest_cp1252.csv")],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    printed = done.stdout.decode(code_page)
    assert done.returncode == 0, done.stderr.decode(code_page, "replace")
    assert "NUR?AINI" in printed.upper() or "NUR’AINI" in printed.upper()  # cp1252 has ’
    assert "Traceback" not in done.stderr.decode(code_page, "replace")


def test_a_program_without_a_console_writes_nowhere_instead_of_failing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    make_streams_safe()
    print("Laporan disimpan: C:\\Users\\Dewi Lestari\\laporan.pdf")
    print("peringatan", file=sys.stderr)
    nowhere = sys.stdout
    assert nowhere is not None and nowhere.name == os.devnull and sys.stderr is nowhere
    nowhere.close()


def test_an_unencodable_character_on_a_console_stream_is_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    console = io.TextIOWrapper(io.BytesIO(), encoding="cp437")
    monkeypatch.setattr(sys, "stdout", console)
    make_streams_safe()
    print("Nur’aini — Ré")
    console.flush()
    assert console.buffer.getvalue().decode("cp437").strip() == "Nur?aini ? Ré"  # type: ignore[attr-defined]
