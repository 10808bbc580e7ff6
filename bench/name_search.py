"""Search by name over a million cards, against a bare indexed lookup by NIK, in the same run.

    python bench/name_search.py [--cards 1000000] [--repeat 15]

Builds a SQLite database (the real schema, by migration) holding `--cards` cards with
Indonesian names as a kecamatan list writes them (titles, upper and mixed case, common
first names such as Siti and Sri very common), then times `lookup.search_by_name` for the
queries a desk types, as you type, and `SELECT id FROM card WHERE nik = ?` through the same
`Database`. Prints the median of each query, and its ratio to the bare lookup; last, a full
scan of `card.name_key` with LIKE, the plan the word table replaces.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert, select

from loket.core.clock import utc_now
from loket.core.handover import search
from loket.core.indonesia.names import name_key
from loket.core.office import identity
from loket.core.staff import accounts
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Batch, Card, CardNameWord, key_words
from loket.db.open import open_database
from loket.domain.states import BatchStatus, CardState, Role


def _words(text: str) -> list[str]:
    return text.split()


# Common names weigh more, as at a real kelurahan: many Sitis and Sris, few Tukiyems.
_FIRST = (
    [("siti", 12), ("sri", 10), ("muhammad", 10), ("nur", 6), ("dwi", 5), ("tri", 5)]
    + [
        (name, 2)
        for name in _words(
            "eka agus budi joko slamet sumarni endang rina ayu dewi fajar rizki yusuf hendra "
            "bambang suparman sutrisno khadijah lestari retno dimas ahmad wahyu yuliana heru "
            "eko ani rahmat wulan indah putri"
        )
    ]
    + [(name, 1) for name in _words("tukiyem paijo waginah poniman sukarni")]
)
_LAST = _words(
    "aminah handayani saputra susanti hidayat wibowo rahayu setiawan nugroho purnomo ramadhan "
    "santoso wulandari kurniawan prasetyo fauziah riyadi permatasari maulana nur'aini hartono "
    "lestari pratama utomo suryani wijaya kusuma anggraini safitri"
)
_TITLES = ("", "", "", "", "", "", "", "", "HJ. ", "H. ", "Hj. ", "Drs. ")

QUERIES = ("s", "si", "sit", "siti", "siti a", "siti ami", "Hj. Siti", "SITI AMINAH", "sri zz")
QUERIES += ("tukiyem", "muhammad rizki", "siti muhammad", "zzzz", "nur'aini")


def _name(rng: random.Random) -> str:
    first = rng.choices([n for n, _ in _FIRST], [w for _, w in _FIRST])[0]
    words = [first] + [rng.choice(_LAST) for _ in range(rng.choice((1, 1, 2)))]
    name = rng.choice(_TITLES) + " ".join(words)
    return name.upper() if rng.random() < 0.7 else name.title()


def fill(database: Database, actor_id: int, cards: int, rng: random.Random) -> list[str]:
    now = utc_now()
    with database.transaction() as session:
        batch = Batch(
            reference="bench",
            letter_date=now.date(),
            courier_name="",
            has_manifest=True,
            manifest_filename="",
            status=BatchStatus.CLOSED,
            opened_at=now,
            opened_by_id=actor_id,
        )
        session.add(batch)
        session.flush()
        batch_id = batch.id
    niks = []
    for start in range(0, cards, 20_000):
        rows, words = [], []
        for card_id in range(start + 1, min(start + 20_001, cards + 1)):
            name = _name(rng)
            key = name_key(name)
            nik = f"3374{card_id:012d}"
            niks.append(nik)
            rows.append(
                {
                    "id": card_id,
                    "nik": nik,
                    "name": name,
                    "name_key": key,
                    "rt": "001",
                    "rw": "002",
                    "address": f"Jl. Kaligawe Raya No. {card_id % 200}",
                    "batch_id": batch_id,
                    "state": CardState.HANDED_OVER if card_id % 3 else CardState.IN_STOCK,
                    "on_manifest": True,
                    "created_at": now,
                    "created_by_id": actor_id,
                }
            )
            words += [{"card_id": card_id, "word": word} for word in key_words(key)]
        with database.transaction() as session:
            session.execute(insert(Card), rows)
            session.execute(insert(CardNameWord), words)
    if database.engine.dialect.name == "postgresql":
        # As autovacuum leaves a table in use: statistics and a visibility map (index-only scans).
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    return niks


def median_ms(action: Callable[[], object], repeat: int) -> float:
    action()  # warm the cache, as a desk that has been open a while
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        database = open_database(DataDir(Path(tmp) / "loket"))
        identity.set_up_office(database, "33.74.04.1002")
        actor = accounts.add_staff(database, None, "bench", "bench-password", Role.ADMIN)
        started = time.perf_counter()
        niks = fill(database, actor.id, args.cards, rng)
        print(f"{args.cards:,} cards built in {time.perf_counter() - started:.0f} s")

        def by_nik() -> object:
            with database.transaction() as session:
                return session.scalar(select(Card.id).where(Card.nik == rng.choice(niks)))

        floor = median_ms(by_nik, args.repeat * 10)
        print(f"  {'bare lookup by NIK':<22} {floor:8.2f} ms")
        for query in QUERIES:
            found = len(search.search_by_name(database, query))
            took = median_ms(lambda q=query: search.search_by_name(database, q), args.repeat)
            print(f"  {query!r:<22} {took:8.2f} ms  {took / floor:6.1f} x  ({found} shown)")

        def like_scan() -> object:
            with database.transaction() as session:
                return session.scalars(
                    select(Card.id).where(
                        Card.name_key.like("% tukiyem%"), Card.name_key.like("% zz%")
                    )
                ).all()

        took = median_ms(like_scan, 3)
        label = "LIKE scan, no index"
        print(f"  {label:<22} {took:8.2f} ms  {took / floor:6.1f} x  (the plan the words replace)")
        database.dispose()


if __name__ == "__main__":
    main()
