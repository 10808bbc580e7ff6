"""The laporan harian of a very busy day, against a bare reportlab table of the same rows.

    python bench/reports.py [--handovers 1000 10000]

For each size, fills a database with that many handovers on one office day (a door-to-door
week like Semarang's, January 2018), then times `reports.daily_report` (the queries) and
`write_daily_report` (the paper: letterhead, tables with headers repeated on every page,
"Halaman i dari N", embedded fonts). The floor is a bare reportlab platypus Table of the
same rows, with a repeated header, on A4 with the standard Helvetica font.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table
from sqlalchemy import insert

from loket.core.clock import utc_now
from loket.core.office import identity
from loket.core.reports import daily
from loket.core.staff import accounts
from loket.datadir import DataDir
from loket.db.models import Batch, Card, Handover
from loket.db.open import open_database
from loket.documents.reports.daily_report import write_daily_report
from loket.domain.states import BatchStatus, CardState, OldCardFate, Relation, Role

DAY = dt.date(2018, 1, 18)  # Kamis, 18 Januari 2018
WIB = ZoneInfo("Asia/Jakarta")


def fill_day(database, officer_id: int, count: int) -> None:  # type: ignore[no-untyped-def]
    start = dt.datetime.combine(DAY, dt.time(7, 30), WIB).astimezone(dt.UTC)
    received = start - dt.timedelta(days=3)
    with database.transaction() as session:
        batch = Batch(
            reference="bench",
            letter_date=DAY,
            courier_name="",
            has_manifest=False,
            manifest_filename="",
            status=BatchStatus.CLOSED,
            opened_at=received,
            opened_by_id=officer_id,
        )
        session.add(batch)
        session.flush()
        cards = [
            {
                "nik": f"3374041501{90 + i // 9999:02d}{i % 9999 + 1:04d}",
                "name": f"WARGA KALIGAWE {i}",
                "rt": f"{i % 10 + 1:03d}",
                "rw": f"{i % 6 + 1:03d}",
                "address": "Rusunawa Kaligawe",
                "name_key": "",
                "batch_id": batch.id,
                "state": CardState.HANDED_OVER,
                "on_manifest": False,
                "received_at": received,
                "received_by_id": officer_id,
                "created_at": received,
                "created_by_id": officer_id,
            }
            for i in range(count)
        ]
        session.execute(insert(Card), cards)
        ids = [
            row[0]
            for row in session.execute(
                Card.__table__.select()
                .with_only_columns(Card.id)
                .where(Card.batch_id == batch.id)
                .order_by(Card.id)
            )
        ]
        seconds = 12 * 3600 / max(count, 1)
        session.execute(
            insert(Handover),
            [
                {
                    "card_id": card_id,
                    "receipt_number": f"3374041002-2018-{n + 1:06d}",
                    "year": 2018,
                    "sequence": n + 1,
                    "relation": Relation.OWNER,
                    "collector_name": f"WARGA {n}",
                    "collector_nik": "",
                    "collector_phone": "",
                    "documents": "RECORDING_SLIP",
                    "old_card": OldCardFate.SURRENDERED,
                    "police_letter_number": "",
                    "signature": None,
                    "handed_over_at": start + dt.timedelta(seconds=n * seconds),
                    "officer_id": officer_id,
                    "voided": False,
                    "void_reason": "",
                }
                for n, card_id in enumerate(ids)
            ],
        )


def _floor(report, path: Path) -> float:  # type: ignore[no-untyped-def]
    rows = [["No", "Jam", "Tanda terima / NIK", "Nama", "Diambil oleh", "Petugas"]] + [
        [
            str(i),
            line.time,
            f"{line.receipt_number}\n{line.nik}",
            line.name,
            line.collector_name,
            line.officer,
        ]
        for i, line in enumerate(report.lines, start=1)
    ]
    start = time.perf_counter()
    SimpleDocTemplate(str(path), pagesize=A4).build([Table(rows, repeatRows=1)])
    return time.perf_counter() - start


def run(size: int, folder: Path) -> None:
    data = DataDir(folder / f"loket-{size}")
    database = open_database(data)
    identity.set_up_office(database, "33.74.04.1002", "Jl. Kaligawe Raya No. 2", "Drs. Bambang")
    admin = accounts.add_staff(database, None, "bench", "bench-password", Role.ADMIN, "Petugas")
    fill_day(database, admin.id, size)
    start = time.perf_counter()
    report = daily.daily_report(database, DAY, officer=admin)
    queried = time.perf_counter() - start
    start = time.perf_counter()
    path = write_daily_report(report, folder / f"laporan-{size}.pdf")
    drawn = time.perf_counter() - start
    pages = len(PdfReader(path).pages)
    floor = _floor(report, folder / f"floor-{size}.pdf")
    floor_pages = len(PdfReader(folder / f"floor-{size}.pdf").pages)
    database.dispose()
    print(
        f"  {size:>6,} handovers: queries {queried:6.2f} s, paper {drawn:6.2f} s, "
        f"{pages} pages, {pages / drawn:6.1f} pages/s | bare table {floor:6.2f} s, "
        f"{floor_pages} pages | ratio {(queried + drawn) / floor:4.1f} x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handovers", type=int, nargs="+", default=[1_000, 10_000])
    args = parser.parse_args()
    print(f"laporan harian for {DAY.isoformat()} (created {utc_now():%Y-%m-%d})")
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        for size in args.handovers:
            run(size, Path(tmp))


if __name__ == "__main__":
    main()
