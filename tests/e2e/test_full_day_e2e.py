"""A whole day at the desk, through the real window and a real printer only.

IT staff set the office up on the command line; the operator logs in by typing, receives a
batch of 300 cards with a keyboard-wedge scanner (2 ms per character, in bursts, with the
double reads scanners make), closes the batch, hands cards to their owners and to
representatives with the keyboard, and prints the daily report through the print preview to
the PC's default printer. Then the database, the papers in DATA/documents and the paper that
came out of the printer are read back.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

from loket.demo import DemoCard
from tests.e2e.desk import BANNER, Desk, VirtualScreen
from tests.e2e.printer import PrintQueue
from tests.e2e.records import (
    OPERATOR,
    RECEIPT_PREFIX,
    acknowledged,
    count,
    database,
    kaligawe_cards,
    ocr_pdf,
    pdf_text,
    rows,
    set_up_office,
    unreadable_pdf,
    wait_until,
    write_manifest,
)

REFERENCE = "470/118/Kec.Gys/XI/2026"
CARDS = 300
# Stacks of cards as they come out of the kecamatan's box: one at a time at first, then fast.
BURSTS = (1, 1, 2, 5, 12, 30, 49, 100, 100)
DOUBLE_READS = (10, 150)  # the scanner reads these cards twice in a row
SHOTS = Path("/tmp/shots/e2e")


def _scan_plan(niks: list[str]) -> list[list[str]]:
    """The 300 NIKs in bursts, each double read right after its first read."""
    plan, start = [], 0
    for size in BURSTS:
        burst = []
        for index in range(start, start + size):
            burst.append(niks[index])
            if index in DOUBLE_READS:
                burst.append(niks[index])
        plan.append(burst)
        start += size
    assert start == len(niks)
    return plan


def _print_from_preview(desk: Desk, preview: str, shot: str) -> None:
    """In the print preview: Ctrl+P prints to the PC's printer, with no other dialog."""
    desk.screenshot(SHOTS / shot)
    desk.key("ctrl+p")
    desk.wait_for_window_gone(preview)


def hand_over(desk: Desk, data: Path, fill_in: list[tuple[str, ...]]) -> None:
    """The card's answer on screen, the form filled in with keys, Ctrl+Enter, the answer."""
    before = len(acknowledged(data).handovers)
    desk.wait_for_text("Ada di loket", box=BANNER)
    for step in fill_in:
        if step[0] == "type":
            desk.type_keys(step[1], delay_ms=90)
        else:
            desk.key(*step)
    desk.key("ctrl+Return")
    wait_until(lambda: len(acknowledged(data).handovers) > before, 60, "the handover")
    _card, receipt = acknowledged(data).handovers[-1]
    desk.wait_for_text("Diserahkan", receipt, box=BANNER)


def test_a_full_day_at_the_desk(
    screen: VirtualScreen, print_queue: PrintQueue, tmp_path: Path
) -> None:
    began = time.time()
    cards = kaligawe_cards(CARDS, seed=2018)
    niks = [card.nik for card in cards]
    data = tmp_path / "data"
    manifest = write_manifest(tmp_path / "daftar-kiriman-gayamsari.csv", cards)
    set_up_office(data, manifest, REFERENCE, "2026-11-25")

    desk = Desk(screen, data)
    desk.start()
    try:
        desk.log_in(OPERATOR[0], OPERATOR[1])
        main = desk.wait_for_window("Kelurahan Kaligawe")

        # Intake: the batch the IT staff imported is on screen; every card is scanned.
        plan = _scan_plan(niks)
        for burst in plan:
            desk.scan(burst)
            time.sleep(0.3)  # the next stack out of the box
        wait_until(lambda: len(acknowledged(data).scans) == CARDS + 2, 120, "300 answers")
        wait_until(
            lambda: count(data, "SELECT count(*) FROM card WHERE state = 'IN_STOCK'") == CARDS
        )
        screen_after_intake = desk.wait_for_text("Penerimaan kiriman", cards[-1].nik, timeout=60)
        desk.screenshot(SHOTS / "full-day-1-intake-300.png")

        # Closing the batch: the berita acara is saved and offered in the print preview.
        desk.key("F10")
        desk.wait_for_window("Tutup kiriman")
        desk.key("ctrl+Return")
        _print_from_preview(
            desk, desk.wait_for_window("Pratinjau cetak"), "full-day-2-berita-acara.png"
        )

        # Handovers, keyboard only: three owners (one NIK typed by hand), two representatives.
        desk.focus(main)
        desk.key("F3")
        desk.scan([niks[0]])
        hand_over(desk, data, [("alt+b",)])
        desk.scan([niks[1]])
        hand_over(desk, data, [("alt+k",)])  # the family card (KK) instead
        desk.type_keys(niks[2], delay_ms=150)  # a resident without the slip: NIK typed
        desk.key("Return")
        hand_over(desk, data, [("alt+b",), ("alt+u",)])  # first card ever
        desk.scan([niks[3]])
        hand_over(
            desk,
            data,
            [
                ("alt+d",),  # Diwakilkan
                ("alt+a",),
                ("type", "SITI AMINAH"),
                ("alt+i",),
                ("type", "3374045507680004"),
                ("alt+h",),
                ("type", "Orang"),  # Orang tua
                ("alt+o",),
                ("type", "0812-2845-1177"),
                ("alt+b",),
                ("alt+s",),
                ("alt+t",),
            ],
        )
        desk.scan([niks[4]])
        hand_over(
            desk,
            data,
            [
                ("alt+d",),
                ("alt+a",),
                ("type", "BUDI SANTOSO"),
                ("alt+i",),
                ("type", "3374041203850002"),
                ("alt+h",),
                ("type", "Suami"),  # Suami/istri
                ("alt+k",),
                ("alt+s",),
                ("alt+t",),
            ],
        )
        desk.screenshot(SHOTS / "full-day-3-handover.png")

        # The daily report: F5, F6, the preview, print.
        desk.key("F5")
        desk.key("F6")
        preview = desk.wait_for_window("Pratinjau cetak — laporan-harian")
        day = re.search(
            r"laporan-harian-(\d{4}-\d{2}-\d{2})", desk.xdotool("getwindowname", preview)
        )
        assert day is not None
        _print_from_preview(desk, preview, "full-day-4-report-preview.png")
        printed_report = print_queue.wait_for_print(began, f"laporan-harian-{day[1]}")
        printed_minutes = print_queue.wait_for_print(began, "BA-terima-")
        wait_until(
            lambda: len(print_queue.printed_since(began, "tanda-terima-")) == 5, 120, "5 slips"
        )
        desk.screenshot(SHOTS / "full-day-5-printed.png")
    finally:
        desk.stop()

    _check_intake(data, niks, plan, screen_after_intake)
    receipts = _check_handovers(data, cards)
    _check_papers(data, cards, receipts, dt.date.fromisoformat(day[1]))
    _check_printed(printed_report, printed_minutes, cards, receipts)


def _check_intake(data: Path, niks: list[str], plan: list[list[str]], on_screen: str) -> None:
    said = acknowledged(data)
    expected = []
    for burst in plan:
        seen: set[str] = set()
        for nik in burst:
            expected.append(("duplicate" if nik in seen else "received", nik))
            seen.add(nik)
    assert said.scans == expected, "one answer per scan, in the order scanned"
    with database(data) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        outcomes = dict(db.execute("SELECT outcome, count(*) FROM scan GROUP BY outcome"))
        methods = dict(db.execute("SELECT entry_method, count(*) FROM scan GROUP BY entry_method"))
        ((reference, status, number),) = db.execute(
            "SELECT reference, status, berita_acara_number FROM batch"
        ).fetchall()
    assert outcomes == {"RECEIVED": 300, "DUPLICATE": 2}
    assert methods == {"SCANNED": 302}, "every burst was taken for a scanner, none for typing"
    assert (reference, status) == (REFERENCE, "CLOSED") and number.startswith("474/0001/BA-TERIMA/")
    # The count tiles as the operator saw them (OCR reads 0 as O now and then, and reads a
    # tile's caption before the next tile's number or after all of them).
    caption = r"(?:[A-Za-z][A-Za-z ]*\s+)?"
    tiles = re.search(rf"300\s+{caption}300\s+{caption}[0O]\b", on_screen)
    assert tiles, f"counts 300 / 300 / 0 not on screen: {on_screen!r}"


def _check_handovers(data: Path, cards: list[DemoCard]) -> dict[str, str]:
    """Every handover acknowledged is in the database with its receipt; NIK -> receipt."""
    found = rows(
        data,
        "SELECT c.nik, h.receipt_number, h.relation, h.collector_name, h.collector_nik, "
        "h.documents, h.old_card, h.voided, c.state "
        "FROM handover h JOIN card c ON c.id = h.card_id ORDER BY h.sequence",
    )
    niks = [card.nik for card in cards]
    assert [row[0] for row in found] == niks[:5]
    year = found[0][1].split("-")[1]
    assert [row[1] for row in found] == [f"{RECEIPT_PREFIX}{year}-{n:06d}" for n in range(1, 6)]
    assert [row[2] for row in found] == ["OWNER", "OWNER", "OWNER", "PARENT", "SPOUSE"]
    assert [row[3] for row in found[3:]] == ["SITI AMINAH", "BUDI SANTOSO"]
    assert [row[4] for row in found[3:]] == ["3374045507680004", "3374041203850002"]
    assert [row[6] for row in found] == ["SURRENDERED", "SURRENDERED", "NONE"] + ["SURRENDERED"] * 2
    assert all(not row[7] and row[8] == "HANDED_OVER" for row in found)
    said = acknowledged(data).handovers
    ids = dict(rows(data, "SELECT id, nik FROM card"))
    assert [(ids[card_id], receipt) for card_id, receipt in said] == [(r[0], r[1]) for r in found]
    assert count(data, "SELECT count(*) FROM card WHERE state = 'IN_STOCK'") == 295
    return {row[0]: row[1] for row in found}


def _check_papers(
    data: Path, cards: list[DemoCard], receipts: dict[str, str], day: dt.date
) -> None:
    documents = data / "documents"
    pdfs = sorted(documents.rglob("*.pdf"))
    assert all(unreadable_pdf(pdf) == "" for pdf in pdfs)
    assert not list(documents.rglob("*.tmp")), "no temporary file left beside the papers"
    (minutes,) = (documents / "berita-acara").glob("BA-terima-*.pdf")
    text = pdf_text(minutes)
    assert "BERITA ACARA SERAH TERIMA KTP-el" in text and REFERENCE in text
    assert "300 (tiga ratus)" in text
    slips = sorted((documents / "receipts").glob("tanda-terima-*.pdf"))
    assert [slip.name for slip in slips] == [f"tanda-terima-{r}.pdf" for r in receipts.values()]
    for card in cards[:5]:
        slip = pdf_text(documents / "receipts" / f"tanda-terima-{receipts[card.nik]}.pdf")
        assert receipts[card.nik] in slip and card.nik in slip and card.name in slip
    assert "SITI AMINAH" in pdf_text(
        documents / "receipts" / f"tanda-terima-{receipts[cards[3].nik]}.pdf"
    )
    report = pdf_text(documents / "laporan-harian" / f"laporan-harian-{day.isoformat()}.pdf")
    assert "LAPORAN HARIAN PENYERAHAN KTP-el" in report
    assert "5 (lima) keping" in report and "Diterima dari kecamatan 300 keping" in report
    for card in cards[:5]:
        assert card.nik in report and receipts[card.nik] in report
    registered = rows(data, "SELECT kind, relative_path FROM document ORDER BY id")
    assert [kind for kind, _path in registered] == ["berita-acara"] + ["receipts"] * 5 + [
        "laporan-harian"
    ]
    assert all((data / path).is_file() for _kind, path in registered)


def _check_printed(
    report: Path, minutes: Path, cards: list[DemoCard], receipts: dict[str, str]
) -> None:
    """What came out of the printer: the pages as pictures, read back as a person reads them."""
    printed = ocr_pdf(report)
    assert "LAPORAN HARIAN PENYERAHAN KTP-el" in printed
    assert "5 (lima) keping" in printed
    for card in cards[:5]:
        assert receipts[card.nik] in printed and card.nik in printed, (card, printed)
    printed = ocr_pdf(minutes)
    assert "BERITA ACARA SERAH TERIMA" in printed and "300 (tiga ratus)" in printed
