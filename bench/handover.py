"""Time from confirming a handover to its receipt PDF on disk, for both slip formats, beside a
bare one-page reportlab document made in the same run.

    python bench/handover.py [--handovers 200]

Each handover goes through the real use cases: `handover.confirm` (one transaction: the
handover row, the card's state, the receipt number, the audit row) then `handover.save_slip`
(the slip rendered with embedded fonts and a vector barcode, written atomically, filed in the
document register). The floor is a reportlab canvas with one line of text, saved to disk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from loket.core.handover import confirming, receipts
from loket.core.handover.rules import HandoverRequest
from loket.core.intake import batches, scanning
from loket.core.office import identity
from loket.core.settings import shared
from loket.core.staff import accounts
from loket.datadir import DataDir
from loket.db.open import open_database
from loket.demo import demo_cards
from loket.documents.handover.receipt import write_receipt
from loket.domain.states import DocumentChecked, OldCardFate, Relation, Role


def measure_handovers(folder: Path, count: int, slip_format: shared.SlipFormat) -> list[float]:
    data = DataDir(folder / slip_format.value)
    database = open_database(data)
    identity.set_up_office(database, "33.74.04.1002", "Jl. Kaligawe Raya No. 2", "Drs. Bambang")
    admin = accounts.add_staff(database, None, "bench", "bench-password", Role.ADMIN, "Petugas")
    shared.save_settings(database, admin, shared.OfficeSettings(slip_format=slip_format))
    batch = batches.open_batch(database, admin, "bench/1", dt.date.today())
    cards = [
        scanning.receive_scan(database, admin, batch.id, card.nik).card
        for card in demo_cards(count, seed=count)
    ]
    timings = []
    for card in cards:
        assert card is not None
        request = HandoverRequest(
            card_id=card.id,
            relation=Relation.OWNER,
            old_card=OldCardFate.SURRENDERED,
            documents=frozenset({DocumentChecked.RECORDING_SLIP}),
            owner_name="WARGA KALIGAWE",
        )
        start = time.perf_counter()
        done = confirming.confirm(database, admin, request)
        receipts.save_slip(database, admin, done.id, data, write_receipt)
        timings.append(time.perf_counter() - start)
    database.dispose()
    return timings


def measure_floor(folder: Path, count: int) -> list[float]:
    timings = []
    for index in range(count):
        start = time.perf_counter()
        canvas = Canvas(str(folder / f"floor-{index}.pdf"))
        canvas.drawString(72, 720, f"Tanda terima {index}")
        canvas.showPage()
        canvas.save()
        timings.append(time.perf_counter() - start)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handovers", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        folder = Path(tmp)
        floor = statistics.median(measure_floor(folder, args.handovers))
        print(f"handover to saved slip: {args.handovers} handovers per format")
        print(f"  bare reportlab page        median {floor * 1000:7.2f} ms")
        for slip_format in shared.SlipFormat:
            timings = measure_handovers(folder, args.handovers, slip_format)
            median = statistics.median(timings)
            p99 = statistics.quantiles(timings, n=100)[98]
            print(
                f"  {slip_format.value:<10} confirm+PDF  median {median * 1000:7.2f} ms"
                f"   p99 {p99 * 1000:7.2f} ms   ratio {median / floor:5.1f} x"
            )


if __name__ == "__main__":
    main()
