"""An office set up from the command line, and what the program left on disk, read back.

The database is read with plain SQL (sqlite3) and the papers with pypdf, not through the
program's own code: what is checked here is what an auditor opening the files would see.
"""

from __future__ import annotations

import contextlib
import csv
import io
import random
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image
from pypdf import PdfReader

from loket.demo import DemoCard, demo_cards

KELURAHAN = "33.74.04.1002"  # Kaligawe, Kecamatan Gayamsari, Kota Semarang
RECEIPT_PREFIX = "3374041002-"
OPERATOR = ("dewi", "dewi-rahasia", "Dewi Lestari")
# Region codes of first registration seen on the kecamatan's real lists: people who moved in.
MOVED_IN = ("337409", "337401", "337406", "332201", "317201", "352613")

_SCAN_ACK = re.compile(r"scan acknowledged: (\w+) (\S+)$")
_HANDOVER_ACK = re.compile(r"handed over card (\d+), receipt (\S+)$")


def kaligawe_cards(count: int, seed: int) -> list[DemoCard]:
    """Cards as a kecamatan sends them: mostly Gayamsari NIKs, some of residents who moved in."""
    rng = random.Random(seed)
    cards: list[DemoCard] = []
    seen: set[str] = set()
    for card in demo_cards(count * 2, seed):
        nik = rng.choice(MOVED_IN) + card.nik[6:] if rng.random() < 0.15 else card.nik
        if nik in seen:
            continue
        seen.add(nik)
        cards.append(DemoCard(nik, card.name, card.rt, card.rw, card.address))
        if len(cards) == count:
            return cards
    raise AssertionError("not enough distinct NIKs")


def write_manifest(path: Path, cards: list[DemoCard]) -> Path:
    """The kecamatan's list as a CSV, the way the clean sample is written."""
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["NO", "NIK", "NAMA", "RT", "RW", "ALAMAT"])
        for number, card in enumerate(cards, 1):
            writer.writerow([number, card.nik, card.name, card.rt, card.rw, card.address])
    return path


def loket_cli(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "loket", "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def set_up_office(data_dir: Path, manifest: Path, reference: str, letter_date: str) -> None:
    """What IT staff do with the command line before the desk opens: office, accounts, batch."""
    steps: list[tuple[tuple[str, ...], str]] = [
        (
            (
                "setup",
                "--kelurahan",
                KELURAHAN,
                "--address",
                "Jl. Kaligawe Raya No. 2, Semarang",
                "--lurah",
                "Drs. Bambang Sutrisno, M.Si.",
                "--lurah-nip",
                "196805121994031007",
            ),
            "",
        ),
        (("user", "add", "admin", "--role", "admin", "--password-stdin"), "admin-rahasia\n"),
        (
            (
                "user",
                "add",
                OPERATOR[0],
                "--role",
                "operator",
                "--name",
                OPERATOR[2],
                "--nip",
                "198903152015032004",
                "--password-stdin",
            ),
            f"{OPERATOR[1]}\n",
        ),
        (
            (
                "batch",
                "import",
                str(manifest),
                "--reference",
                reference,
                "--date",
                letter_date,
                "--courier",
                "Rahmat Hidayat",
            ),
            "",
        ),
    ]
    for args, stdin in steps:
        done = loket_cli(data_dir, *args, stdin=stdin)
        assert done.returncode == 0, (args, done.stdout, done.stderr)


# ---------------------------------------------------------------- the database


@contextlib.contextmanager
def database(data_dir: Path, read_only: bool = True) -> Iterator[sqlite3.Connection]:
    """The desk's SQLite file; read-only while the program runs, read-write after a crash
    (opening it is what recovers the WAL, as the program's next start would)."""
    path = data_dir / "loket.sqlite3"
    uri = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    connection = sqlite3.connect(uri, uri=True, timeout=30)
    try:
        yield connection
    finally:
        connection.close()


def rows(data_dir: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with database(data_dir) as db:
        return db.execute(sql, params).fetchall()


def count(data_dir: Path, sql: str, *params: object) -> int:
    return int(rows(data_dir, sql, *params)[0][0])


def cards_in_state(data_dir: Path, *states: str) -> set[str]:
    marks = ",".join("?" * len(states))
    return {
        nik for (nik,) in rows(data_dir, f"SELECT nik FROM card WHERE state IN ({marks})", *states)
    }


def wait_until(condition: Callable[[], bool], timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what or condition}")


# ---------------------------------------------------------------- the log


def log_lines(data_dir: Path) -> list[str]:
    """Every line of DATA/logs/loket.log and its rotated copies, oldest first."""
    folder = data_dir / "logs"
    rotated = sorted(folder.glob("loket.log.*"), key=lambda p: -int(p.suffix[1:]))
    lines: list[str] = []
    for path in [*rotated, folder / "loket.log"]:
        if path.exists():
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    return lines


@dataclass(frozen=True)
class Acknowledged:
    """What the desk said to the operator: each answer is logged as it is shown."""

    scans: list[tuple[str, str]]  # (outcome, NIK or "-"), in order
    handovers: list[tuple[int, str]]  # (card id, receipt number), in order

    def scanned(self, outcome: str) -> list[str]:
        return [nik for kind, nik in self.scans if kind == outcome]


def acknowledged(data_dir: Path) -> Acknowledged:
    scans: list[tuple[str, str]] = []
    handovers: list[tuple[int, str]] = []
    for line in log_lines(data_dir):
        if found := _SCAN_ACK.search(line):
            scans.append((found[1], found[2]))
        elif found := _HANDOVER_ACK.search(line):
            handovers.append((int(found[1]), found[2]))
    return Acknowledged(scans, handovers)


# ---------------------------------------------------------------- papers


def pdf_text(path: Path) -> str:
    """The PDF's text with runs of white space made single spaces."""
    reader = PdfReader(path)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def unreadable_pdf(path: Path) -> str:
    """ "" when the PDF opens, has a page and its text can be read; else what is wrong."""
    try:
        reader = PdfReader(path, strict=True)
        if len(reader.pages) < 1:
            return "no page"
        reader.pages[0].extract_text()
    except Exception as error:  # any failure to read is the finding
        return f"{type(error).__name__}: {error}"
    return ""


def ocr_image(image: Image.Image, mode: str = "") -> str:
    """The text in a picture (grey levels), on one line; `mode`: Tesseract's page segmentation
    ("7": a single line of text), else its own choice."""
    png = io.BytesIO()
    image.save(png, format="PNG")
    text = subprocess.run(
        ["tesseract", "stdin", "stdout", *(("--psm", mode) if mode else ())],
        input=png.getvalue(),
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout.decode("utf-8", errors="replace")
    return " ".join(text.split())


#: Tesseract's page segmentation: as a page of text (3), then as sparse text (11). A table of
#: small two-line cells (the laporan harian's receipt number over the NIK) defeats the first:
#: it read 2 of 10 numbers that a person reads at once; the second reads all of them.
_OCR_MODES = ("3", "11")


def ocr_pdf(path: Path, dpi: int = 300) -> str:
    """The text a person reads on the printed pages (the printer gets pictures, not text)."""
    texts = []
    for number in range(1, len(PdfReader(path).pages) + 1):
        page = subprocess.run(
            ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(number), "-l", str(number), str(path)],
            capture_output=True,
            check=True,
            timeout=120,
        ).stdout
        texts += [
            subprocess.run(
                ["tesseract", "stdin", "stdout", "--psm", mode],
                input=page,
                capture_output=True,
                check=True,
                timeout=300,
            ).stdout.decode("utf-8", errors="replace")
            for mode in _OCR_MODES
        ]
    return " ".join(" ".join(texts).split())
