"""Temporary files of papers cut off by a crash are tidied away at start; papers stay."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from loket.core.papers.filing import remove_unfinished_papers
from loket.datadir import DataDir

# A paper being written when the process is killed: the same writer the program uses.
KILLED_MID_WRITE = """
import os, sys, time
from pathlib import Path
from loket.documents.kit.output import atomic_write_pdf

def build(handle):
    handle.write(b"%PDF-1.4 half")
    handle.flush()
    print("writing", flush=True)
    time.sleep(60)

atomic_write_pdf(Path(sys.argv[1]), build)
"""


def test_a_paper_cut_off_by_kill_leaves_a_temp_file_that_start_up_removes(
    tmp_path: Path,
) -> None:
    data = DataDir(tmp_path / "data")
    receipts = data.documents("receipts")
    receipts.mkdir(parents=True)
    kept = receipts / "tanda-terima-2026-000001.pdf"
    kept.write_bytes(b"%PDF-1.4 whole")
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_MID_WRITE, str(receipts / "tanda-terima-2026-000002.pdf")],
        stdout=subprocess.PIPE,
        text=True,
    ) as writer:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
    leftovers = [p.name for p in receipts.iterdir() if p != kept]
    assert len(leftovers) == 1 and leftovers[0].endswith(".tmp")

    assert remove_unfinished_papers(data) == 1
    assert [p.name for p in receipts.iterdir()] == [kept.name]
    assert remove_unfinished_papers(data) == 0


def test_a_data_folder_without_papers_yet_is_fine(tmp_path: Path) -> None:
    assert remove_unfinished_papers(DataDir(tmp_path / "new")) == 0
