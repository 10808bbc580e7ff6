"""The stock page at a million cards: opening it, filtering, sorting, scrolling; time and memory.

    python bench/stock.py [--cards 1000000]

Fills the real schema as bench/name_search.py does, then drives `ui/stock/cards_model.py`
(offscreen, no window) as the page does: the first count and page, each filter the desk
uses, a sort, a jump to the last row. The model asks the desk's worker for each count and
page; a step's time runs until the rows it shows have arrived. Peak memory is tracemalloc's,
of Python objects.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import update

from loket.core.office import identity
from loket.core.staff import accounts
from loket.core.stock.queries import StockFilter
from loket.datadir import DataDir
from loket.db.models import Card
from loket.db.open import open_database
from loket.domain.states import Role
from loket.ui.kit.context import DeskContext
from loket.ui.kit.feedback import Banner, Feedback
from loket.ui.kit.sound import SoundPlayer
from loket.ui.kit.tasks import TaskRunner
from loket.ui.stock.cards_model import StockModel
from name_search import fill

WIB = dt.timezone(dt.timedelta(hours=7))


def timed(label: str, action: Callable[[], object]) -> None:
    tracemalloc.reset_peak()
    start = time.perf_counter()
    action()
    took = (time.perf_counter() - start) * 1000
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    print(f"  {label:<40} {took:9.1f} ms   peak {peak:7.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=1_000_000)
    args = parser.parse_args()
    app = QApplication([])
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        database = open_database(DataDir(Path(tmp) / "loket"))
        identity.set_up_office(database, "33.74.04.1002")
        actor = accounts.add_staff(database, None, "bench", "bench-password", Role.ADMIN)
        fill(database, actor.id, args.cards, random.Random(11))
        with database.transaction() as session:  # receipt dates spread over a year, RW 001-012
            now = dt.datetime.now(dt.UTC)
            for rw in range(1, 13):
                session.execute(
                    update(Card)
                    .where(Card.id % 12 == rw - 1)
                    .values(rw=f"{rw:03d}", received_at=now - dt.timedelta(days=rw * 30))
                )
        print(f"{args.cards:,} cards")
        office = identity.get_office(database)
        assert office is not None
        tasks = TaskRunner(app)
        feedback = Feedback(Banner(), SoundPlayer(muted=True))
        context = DeskContext(
            database, DataDir(Path(tmp) / "loket"), actor, office, tasks, feedback
        )
        tracemalloc.start()
        model = StockModel(context)

        def show(stock_filter: StockFilter) -> None:
            model.set_filter(stock_filter)
            shown(model, tasks)

        timed("open: count + first screen", lambda: show(StockFilter()))
        timed("state in stock", lambda: show(StockFilter(states=frozenset({_in_stock()}))))
        timed("RW 005", lambda: show(StockFilter(rw="5")))
        timed("waiting > 60 working days", lambda: show(StockFilter(waiting_more_than_days=60)))
        timed("search 'siti ami'", lambda: show(StockFilter(text="siti ami")))
        timed("search NIK prefix 33740000123", lambda: show(StockFilter(text="33740000123")))
        model.set_filter(StockFilter())
        shown(model, tasks)
        timed("no filter, jump to last row", lambda: shown(model, tasks, model.rowCount() - 40))
        timed("sort by name, first screen", lambda: _sorted(model, tasks, 1))
        timed("sort by NIK desc, first screen", lambda: _sorted(model, tasks, 0, descending=True))
        tracemalloc.stop()
        tasks.shutdown()
        database.dispose()
    app.quit()


def settle(tasks: TaskRunner) -> None:
    """Lets the window's event loop run until the worker has answered everything asked."""
    loop = QEventLoop()
    loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    while tasks.busy:
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def shown(model: StockModel, tasks: TaskRunner, first: int = 0) -> None:
    """The rows a window shows, from `first`, once they have come from the worker."""
    settle(tasks)
    rows = range(first, min(first + 40, model.rowCount()))
    for row in rows:  # asks for the pages not here yet
        model.index(row, 1).data()
    settle(tasks)
    assert all(model.card_at(row) is not None for row in rows)


def _in_stock():  # type: ignore[no-untyped-def]
    from loket.domain.states import CardState

    return CardState.IN_STOCK


def _sorted(model: StockModel, tasks: TaskRunner, column: int, descending: bool = False) -> None:
    model.set_filter(StockFilter())
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    shown(model, tasks)
    model.sort(column, order)
    shown(model, tasks)


if __name__ == "__main__":
    main()
