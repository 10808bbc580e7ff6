"""Closing a batch to its berita acara penerimaan, against a floor measured in the same run.

    python bench/berita_acara.py [--cards 20000 --received 200] [--small 60 --small-received 25]

For each batch (by default one of 20,000 cards of which 200 came, so 19,800 are missing, and
one of 60 of which 25 came), opens it from a kecamatan list through the real use cases and
scans the cards that came. Then, in a fresh process, as the desk does it: the close dialog's
list (`closing.discrepancies`), the close (`closing.close_batch` with
`write_batch_receipt_minutes`: missing cards marked, the number taken, the PDF written and
filed, the audit row), and the PDF opened in the print preview offscreen
(`ui/kit/printing.py`, scrolled through to its last page and closed). That process reports the
times, the pages, and its peak memory (RSS) after the close and after the preview. The large
batch is closed a second time, on a copy, with reportlab's C accelerator (rl-accel) hidden.

The floor, in the same run: the same cards marked missing and read back with plain SQL (one
UPDATE, one SELECT, rolled back), and the same number of pages drawn with bare reportlab canvas
calls: the same embedded font, two tables a page of number, NIK and name, a rule under each row,
"Halaman i dari N".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from sqlalchemy import text

from kecamatan_list import FIRST, LAST, write_manifest
from loket.core.clock import utc_now
from loket.core.intake import batches, scanning
from loket.core.manifest.reader import read_manifest
from loket.core.office import identity
from loket.core.staff import accounts
from loket.datadir import DataDir
from loket.db.open import open_database
from loket.domain.states import Role


def rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux and macOS)."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def prepare(folder: Path, cards: int, received: int) -> tuple[DataDir, int]:
    """A Kaligawe desk with one open batch of `cards` listed cards, `received` of them scanned."""
    data = DataDir(folder / f"loket-{cards}")
    database = open_database(data)
    identity.set_up_office(database, "33.74.04.1002", "Jl. Kaligawe Raya No. 2", "Drs. Bambang")
    admin = accounts.add_staff(database, None, "bench", "bench-password", Role.ADMIN, "Petugas")
    manifest = folder / f"daftar-{cards}.csv"
    niks = write_manifest(manifest, cards)
    today = dt.date.today()
    batch = batches.open_batch(
        database,
        admin,
        "470/1123/Gys/XI/2026",
        today,
        "Agus Setiawan",
        read_manifest(manifest, today=today),
    )
    for nik in niks[:received]:
        scanning.receive_scan(database, admin, batch.id, nik)
    database.dispose()
    return data, batch.id


def floor_sql(data: DataDir, batch_id: int, missing: int) -> float:
    """The same cards marked missing and read back with plain SQL, then rolled back."""
    database = open_database(data)
    with database.engine.connect() as connection:
        start = time.perf_counter()
        marked = connection.execute(
            text("UPDATE card SET state = 'MISSING' WHERE batch_id = :b AND state = 'EXPECTED'"),
            {"b": batch_id},
        ).rowcount
        rows = connection.execute(
            text(
                "SELECT nik, name, rt, rw FROM card WHERE batch_id = :b AND state = 'MISSING' "
                "ORDER BY manifest_row"
            ),
            {"b": batch_id},
        ).all()
        took = time.perf_counter() - start
        connection.rollback()
    database.dispose()
    assert marked == len(rows) == missing
    return took


def floor_paper(path: Path, pages: int, lines: list[tuple[str, str]]) -> float:
    """`pages` A4 pages holding the cards' rows, drawn with bare canvas calls."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.pdfgen.canvas import Canvas

    from loket.documents.kit.fonts import SERIF, register_fonts

    register_fonts()
    start = time.perf_counter()
    canvas = Canvas(str(path), pagesize=A4)
    width, height = A4
    per_table = -(-len(lines) // (2 * pages))
    for page in range(pages):
        canvas.setFont(SERIF, 8.5)
        for table, left in enumerate((3 * cm, 11.2 * cm)):
            first = (2 * page + table) * per_table
            y = height - 2 * cm
            for number, (nik, name) in enumerate(lines[first : first + per_table], first + 1):
                canvas.drawRightString(left + 0.8 * cm, y, str(number))
                canvas.drawString(left + 0.9 * cm, y, nik)
                canvas.drawString(left + 3.5 * cm, y, name)
                canvas.line(left, y - 3, left + 7.8 * cm, y - 3)
                y -= 11.5
        canvas.drawRightString(width - 2 * cm, 1.1 * cm, f"Halaman {page + 1} dari {pages}")
        canvas.showPage()
    canvas.save()
    return time.perf_counter() - start


def child(data_root: Path, batch_id: int, accelerated: bool) -> None:
    """In a fresh process: close the batch, then open its PDF in the preview; prints JSON."""
    if not accelerated:
        sys.modules["_rl_accel"] = None  # type: ignore[assignment]  # as reportlab's tests do
    from reportlab.lib import rl_accel

    from loket.core.intake import closing
    from loket.core.staff import members
    from loket.documents.intake.berita_acara import write_batch_receipt_minutes
    from loket.documents.kit.fonts import register_fonts

    assert (not rl_accel._py_funcs) is accelerated

    data = DataDir(data_root)
    database = open_database(data)
    member = members.find_member(database, "bench")
    assert member is not None
    register_fonts()  # once per program, at its first paper; not what a close costs
    started = rss_mb()
    paper: list[float] = []

    def timed_writer(minutes, target: Path) -> Path:  # type: ignore[no-untyped-def]
        begin = time.perf_counter()
        path = write_batch_receipt_minutes(minutes, target)
        paper.append(time.perf_counter() - begin)
        return path

    begin = time.perf_counter()
    closing.discrepancies(database, batch_id)  # what the close dialog shows before Ctrl+Enter
    found = time.perf_counter() - begin
    begin = time.perf_counter()
    closed = closing.close_batch(database, member, batch_id, data, timed_writer)
    took = time.perf_counter() - begin
    after_close = rss_mb()
    database.dispose()
    preview_s, after_preview = preview(closed.pdf_path)
    print(
        json.dumps(
            {
                "found_s": found,
                "close_s": took,
                "paper_s": paper[0],
                "pdf": str(closed.pdf_path),
                "rss_start_mb": started,
                "rss_close_mb": after_close,
                "preview_s": preview_s,
                "rss_preview_mb": after_preview,
            }
        )
    )


def preview(pdf: Path) -> tuple[float, float]:
    """The print preview of `pdf` opened offscreen, shown, scrolled to its end and closed."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from loket.ui.kit import printing
    from loket.ui.kit.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])

    def pdf_printer(_name: str) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf.with_suffix(".printed.pdf")))
        return printer

    printing.make_printer = pdf_printer  # type: ignore[assignment]
    opened: list[float] = []

    def look_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, printing.PdfPreviewDialog):
            QTimer.singleShot(10, look_and_close)
            return
        opened.append(time.perf_counter())
        bar = dialog.view.verticalScrollBar()
        for step in range(0, 11):  # the first pages, the middle, the lampiran's last page
            bar.setValue(bar.maximum() * step // 10)
            shown = time.perf_counter() + 0.1  # its pages rendered and painted
            while time.perf_counter() < shown:
                app.processEvents()
        dialog.reject()

    tasks = TaskRunner(app)
    begin = time.perf_counter()
    QTimer.singleShot(0, look_and_close)
    printing.preview_and_print(None, pdf, "", tasks)
    tasks.shutdown()
    return opened[0] - begin, rss_mb()


def close_in_a_fresh_process(
    data: DataDir, batch_id: int, accelerated: bool = True
) -> dict[str, Any]:
    flags = [] if accelerated else ["--without-accelerator"]
    command = [sys.executable, __file__, "--child", str(data.root), str(batch_id), *flags]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def run(folder: Path, cards: int, received: int) -> None:
    data, batch_id = prepare(folder, cards, received)
    copy = DataDir(folder / f"copy-{cards}")
    shutil.copytree(data.root, copy.root)
    sql_floor = floor_sql(data, batch_id, cards - received)
    measured = close_in_a_fresh_process(data, batch_id)
    pages = len(PdfReader(measured["pdf"]).pages)
    lines = [
        (f"33740401{n:08d}", f"{FIRST[n % 10]} {LAST[(n // 10) % 10]}")
        for n in range(cards - received)
    ]
    paper_floor = floor_paper(folder / f"floor-{cards}.pdf", pages, lines)
    close, paper = measured["close_s"], measured["paper_s"]
    floor = sql_floor + paper_floor
    print(
        f"  {cards:>6,} cards, {cards - received:>6,} missing: close {close:6.2f} s "
        f"(paper {paper:5.2f} s, the rest {close - paper:5.2f} s), {pages} pages; "
        f"the dialog's list first: {measured['found_s']:.2f} s"
    )
    print(
        f"  {'':28}floor: SQL {sql_floor:5.2f} s + bare canvas {paper_floor:5.2f} s "
        f"= {floor:5.2f} s | ratio {close / floor:5.1f} x"
    )
    print(
        f"  {'':28}peak RSS: {measured['rss_start_mb']:.0f} MB at start, "
        f"{measured['rss_close_mb']:.0f} MB after the close, "
        f"{measured['rss_preview_mb']:.0f} MB after the preview "
        f"(opened in {measured['preview_s']:.2f} s)"
    )
    if cards >= 1000:
        plain = close_in_a_fresh_process(copy, batch_id, accelerated=False)
        print(
            f"  {'':28}without rl-accel: close {plain['close_s']:6.2f} s "
            f"(paper {plain['paper_s']:5.2f} s) | ratio {plain['close_s'] / floor:5.1f} x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--received", type=int, default=200)
    parser.add_argument("--small", type=int, default=60)
    parser.add_argument("--small-received", type=int, default=25)
    parser.add_argument("--child", nargs=2, metavar=("DATA", "BATCH"), help=argparse.SUPPRESS)
    parser.add_argument("--without-accelerator", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), int(args.child[1]), not args.without_accelerator)
        return
    print(f"closing a batch to its berita acara (created {utc_now():%Y-%m-%d})")
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        for cards, received in ((args.small, args.small_received), (args.cards, args.received)):
            run(Path(tmp), cards, received)


if __name__ == "__main__":
    main()
