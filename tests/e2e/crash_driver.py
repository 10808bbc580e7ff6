"""A desk without its window, for the crash test: the very use cases the desk's worker thread
calls, in the same order, each answer logged as the window logs it when it shows it.

    python -m tests.e2e.crash_driver DATA_DIR intake < codes     (one scanned code a line)
    python -m tests.e2e.crash_driver DATA_DIR handover NIK

It prints "ready" once the database is open and the operator logged in, so the test can pull
the plug at a random moment of the work itself rather than of Python's start-up.

What the window adds on top (the scanner's key handling, the queue of scans, the banner) is
covered by the runs that go through the real window; see test_crash_many.py.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from loket.core.handover import confirming, lookup
from loket.core.handover.rules import HandoverRequest
from loket.core.intake import batches, scanning
from loket.core.staff import members
from loket.datadir import DataDir
from loket.db.open import open_database
from loket.domain.states import DocumentChecked, OldCardFate, Relation
from loket.logging_setup import configure_logging
from tests.e2e.records import OPERATOR

log = logging.getLogger("loket.e2e.crash_driver")


def main(argv: list[str]) -> int:
    data = DataDir(Path(argv[0]))
    configure_logging(data.logs)
    database = open_database(data)
    member = members.find_member(database, OPERATOR[0])  # logged in: the window did that
    print("ready", flush=True)
    if argv[1] == "intake":
        # As IntakePage: the latest open batch, then receive_scan per scan, answer logged.
        batch = batches.open_batches(database)[0]
        for line in sys.stdin:
            code = line.strip()
            if not code:
                continue
            outcome = scanning.receive_scan(database, member, batch.id, code)
            log.info("scan acknowledged: %s %s", outcome.kind.value, outcome.nik or "-")
    else:
        # As HandoverPage.confirm: the card's status, confirm, the slip saved, answer logged.
        from loket.documents.handover.receipt import write_receipt

        status = lookup.status_of_nik(database, argv[2])
        assert status.card is not None
        request = HandoverRequest(
            card_id=status.card.id,
            relation=Relation.OWNER,
            old_card=OldCardFate.SURRENDERED,
            documents=frozenset({DocumentChecked.RECORDING_SLIP}),
        )
        info = confirming.confirm_and_save_slip(database, member, request, data, write_receipt).info
        log.info("handed over card %s, receipt %s", info.card.id, info.receipt_number)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
