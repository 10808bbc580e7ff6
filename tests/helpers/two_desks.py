"""Two desks of one office for a widget test: this desk's page on screen, the other desk's
database connection for the test to work with through the use cases, as a second PC would.

On PostgreSQL (with LOKET_TEST_POSTGRES) each desk has its own data folder connected to the
office's server, as `loket database connect` leaves it. On SQLite the two share one file
through two engines, and the desk is told it shares it (`core/following.py` says a file has
no other writer, which is true of the real program: one window per data folder).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from loket.core import following
from loket.core.database import connecting
from loket.core.office import identity
from loket.core.office.identity import OfficeInfo
from loket.core.staff import accounts
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.open import open_database
from loket.domain.states import Role
from tests.conftest import POSTGRES_URL
from tests.helpers.shared_server import Server
from tests.helpers.widget_desk import DeskFactory


@dataclass
class TwoDesks:
    here: Database  # the desk whose page is on screen
    there: Database  # the other desk, which the test makes work
    office: OfficeInfo
    operator: StaffMember  # at this desk
    colleague: StaffMember  # at the other desk
    build: DeskFactory  # this desk's pages


def _set_up(database: Database) -> tuple[OfficeInfo, StaffMember, StaffMember]:
    office = identity.set_up_office(database, "33.74.04.1002", address="Jl. Kaligawe Raya No. 1")
    admin = accounts.add_staff(database, None, "admin", "rahasia-admin", Role.ADMIN, "Sri Wahyuni")
    dewi = accounts.add_staff(database, admin, "dewi", "rahasia-dewi", Role.OPERATOR, "Dewi")
    budi = accounts.add_staff(database, admin, "budi", "rahasia-budi", Role.OPERATOR, "Budi")
    return office, dewi, budi


@pytest.fixture(params=["sqlite", "postgresql"])
def two_desks(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    qapp: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[TwoDesks]:
    first, second = DataDir(tmp_path / "loket-1"), DataDir(tmp_path / "loket-2")
    if request.param == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("set LOKET_TEST_POSTGRES to run two desks on a shared server")
        server: Server = request.getfixturevalue("server")
        for data in (first, second):
            connecting.connect_desk(data, server.address, server.password)
        here, there = open_database(first), open_database(second)
    else:
        here = open_database(first)
        there = Database(first.database_url)  # a second engine on the same file
        monkeypatch.setattr(following, "others_write", lambda _database: True)
    office, operator, colleague = _set_up(there)
    factory = DeskFactory(qtbot, qapp, here, first)
    yield TwoDesks(here, there, office, operator, colleague, factory)
    factory.take_down()
    here.dispose()
    there.dispose()
