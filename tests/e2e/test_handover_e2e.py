"""A card handed over through the real window with the keyboard only, as at the counter."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from pypdf import PdfReader

from tests.e2e.desk import VirtualScreen
from tests.e2e.test_intake_e2e import open_desk, prepare_office, received_niks, wait_until


def handovers(data_dir: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(f"file:{data_dir / 'loket.sqlite3'}?mode=ro", uri=True) as db:
        return db.execute(
            "SELECT h.receipt_number, c.nik FROM handover h JOIN card c ON c.id = h.card_id"
        ).fetchall()


def test_scan_check_the_slip_confirm_and_the_receipt_is_saved(
    screen: VirtualScreen, tmp_path: Path, samples: Path
) -> None:
    manifest = samples / "manifest_kaligawe_clean.csv"
    with manifest.open(encoding="utf-8") as f:
        niks = [row["NIK"] for row in csv.DictReader(f)][:3]
    data_dir = tmp_path / "data"
    prepare_office(data_dir, manifest)
    desk = open_desk(screen, data_dir)
    try:
        desk.scan(niks)  # the intake page is the first page
        wait_until(lambda: len(received_niks(data_dir)) == 3)
        desk.key("F3")
        desk.scan(niks[:1])  # the resident's card
        desk.key("alt+b")  # Bukti perekaman (resi) checked
        desk.key("ctrl+Return")
        receipts = data_dir / "documents" / "receipts"
        wait_until(lambda: len(handovers(data_dir)) == 1 and any(receipts.glob("*.pdf")))
        desk.screenshot(tmp_path / "handover.png")
    finally:
        desk.stop()
    ((receipt, nik),) = handovers(data_dir)
    assert nik == niks[0] and receipt.startswith("3374041002-")
    (slip,) = receipts.glob("*.pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(slip).pages).split())
    assert receipt in text and "FAJAR MAULANA" in text and "TANDA TERIMA" in text
    assert received_niks(data_dir) == set(niks[1:])
