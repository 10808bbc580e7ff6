"""A second process scanning at a scanner's pace: `python -m tests.helpers.scan_process DIR
BATCH COUNT INTERVAL`. Prints, as JSON, how long each scan took to be committed."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from loket.core.intake import scanning
from loket.core.staff import members
from loket.datadir import DataDir
from loket.db.open import open_database
from tests.helpers.cards import kaligawe_cards


def main() -> None:
    root, batch_id, count, interval = sys.argv[1:5]
    database = open_database(DataDir(Path(root)))
    actor = members.find_member(database, "dewi")
    took = []
    for nik, *_rest in kaligawe_cards(int(count)):
        started = time.perf_counter()
        scanning.receive_scan(database, actor, int(batch_id), nik)
        took.append(time.perf_counter() - started)
        time.sleep(float(interval))
    database.dispose()
    print(json.dumps(took))


if __name__ == "__main__":
    main()
