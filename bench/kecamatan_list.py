"""A kecamatan list for the benchmarks: as many rows as asked, every NIK valid and distinct."""

from __future__ import annotations

import csv
from pathlib import Path

FIRST = ("SITI", "MUHAMMAD", "DWI", "NUR", "AGUS", "SRI", "FAJAR", "RIZKY", "HJ. SITI", "BUDI")
LAST = (
    "AMINAH",
    "MAULANA",
    "HANDAYANI",
    "RAHMAWATI",
    "SETIAWAN",
    "WAHYUNINGSIH PRATIWI",
    "AL-FATIH PRATAMA",
    "SANTOSO",
    "KURNIASARI",
    "HIDAYATULLAH",
)


def write_manifest(path: Path, rows: int) -> list[str]:
    """A kecamatan list of valid NIKs of Gayamsari (33.74.04), births spread over 40 years."""
    niks = []
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["NO", "NIK", "NAMA", "RT", "RW", "ALAMAT"])
        for i in range(rows):
            day, month = i % 28 + 1, (i // 28) % 12 + 1
            year, serial = (i // 336) % 40 + 60, i // 13440 + 1
            nik = f"337404{day + 40 * (i % 2):02d}{month:02d}{year:02d}{serial:04d}"
            niks.append(nik)
            name = f"{FIRST[i % 10]} {LAST[(i // 10) % 10]}"
            address = f"Rusunawa Kaligawe Blok {'ABCD'[i % 4]} No. {i % 90 + 1}"
            writer.writerow([i + 1, nik, name, i % 12 + 1, i % 7 + 1, address])
    return niks
