"""The papers of a delivery run read back: the run sheet carries no NIK a stranger could use,
the receipt of a card delivered says who delivered it and who recorded it, and the daftar hasil
pengantaran of the closed run says what became of every card."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from loket.core.delivery import outcomes, results, runs
from loket.core.delivery.outcomes import OutcomeRequest, ScanKind
from loket.core.handover import receipts
from loket.core.papers.paper import nik_leaving_office
from loket.core.reports import daily
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.documents.delivery.run_results import write_run_results
from loket.documents.handover.receipt import write_receipt
from loket.domain.errors import LoketError
from loket.domain.states import DeliveryOutcome, OldCardFate, Relation
from tests.db.delivery.test_delivery import delivered, new_run, stock  # noqa: F401


def text_of(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


@pytest.mark.usefixtures("stock")
def test_the_run_sheet_shows_nik_masked_and_its_barcodes_name_rows_not_residents(
    database: Database, data_dir: DataDir, operator: StaffMember
) -> None:
    created = new_run(database, operator, data_dir)
    text = text_of(created.pdf_path)
    lines = outcomes.run_lines(database, created.summary.id)
    for line in lines:
        assert line.card.nik not in text
        assert nik_leaving_office(line.card.nik) in text
    assert "NIK Penerima" in text and "KTP Lama" in text and "hilang, ada surat" in text
    assert "NIP. ." not in text  # a Linmas member has none: no dotted line asks for it
    # The row's barcode, scanned when the team is back, finds the row's card.
    first = lines[0]
    code = runs.line_code(created.summary.id, first.position)
    answer = outcomes.check_scan(database, created.summary.id, code)
    assert answer.kind is ScanKind.PENDING and answer.line is not None
    assert answer.line.card.nik == first.card.nik


@pytest.mark.usefixtures("stock")
def test_a_closed_run_has_its_results_on_paper_and_the_receipt_names_both_petugas(
    database: Database, data_dir: DataDir, operator: StaffMember
) -> None:
    created = new_run(database, operator, data_dir)
    run_id = created.summary.id
    lines = outcomes.run_lines(database, run_id)
    mother = outcomes.record_outcome(database, operator, run_id, lines[0].card.nik, delivered())
    outcomes.record_outcome(
        database,
        operator,
        run_id,
        lines[1].card.nik,
        OutcomeRequest(DeliveryOutcome.MOVED, note="pindah ke Demak"),
    )
    outcomes.record_outcome(
        database,
        operator,
        run_id,
        lines[2].card.nik,
        OutcomeRequest(
            DeliveryOutcome.DELIVERED,
            relation=Relation.OWNER,
            old_card=OldCardFate.LOST,
            police_letter_number="B/77/XI/2026",
        ),
    )
    runs.close_run(database, operator, run_id, unrecorded_to_stock=True)
    path = results.save_run_results(database, operator, run_id, data_dir, write_run_results)
    text = text_of(path)
    assert "DAFTAR HASIL PENGANTARAN KTP-el" in text and created.summary.number in text
    assert "Diterima Sumarni, yang mewakili (orang tua)" in text and "pindah ke Demak" in text
    assert "Pindah alamat, kembali ke loket" in text
    assert "KTP lama hilang: surat keterangan kehilangan No. B/77/XI/2026" in text
    assert f"Hasil tidak tercatat, kembali ke loket : {len(lines) - 3} (" in text
    assert "Diterima penduduk : 2 (dua) keping" in text
    assert lines[3].card.nik in text  # the office's paper: the NIK in full
    assert "Slamet Riyadi" in text and "Dewi Lestari" in text and "Lurah Kaligawe" in text

    assert mother.handover_id is not None
    slip = receipts.slip_for(database, mother.handover_id)
    receipt = data_dir.root / "r.pdf"
    write_receipt(slip, receipt, "a5")
    receipt_text = text_of(receipt)
    assert "Tanda tangan penerima pada Daftar" not in receipt_text
    assert "Diantar oleh Slamet Riyadi" in receipt_text
    assert "dicatat di loket oleh Dewi Lestari" in receipt_text
    assert "diantar " in slip.issued_at and "dicatat di loket" in slip.issued_at
    # The office's day of the run (WIB), not the UTC date: after 17.00 UTC they differ.
    day = created.summary.created_at.astimezone(ZoneInfo("Asia/Jakarta")).date()
    report = daily.daily_report(database, day)
    officers = {line.receipt_number: line.officer for line in report.lines}
    assert officers[slip.receipt_number] == "Slamet Riyadi (pengantar); dicatat Dewi Lestari"


@pytest.mark.usefixtures("stock")
def test_results_of_a_run_still_out_are_refused(
    database: Database, data_dir: DataDir, operator: StaffMember
) -> None:
    created = new_run(database, operator, data_dir)
    with pytest.raises(LoketError, match="belum ditutup"):
        results.save_run_results(
            database, operator, created.summary.id, data_dir, write_run_results
        )
