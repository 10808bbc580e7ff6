"""A desk on a shared server that goes away in the middle of a scanner burst, and comes back.

The desk, its worker, banner and scanner input are the real ones; the server is a private
PostgreSQL 15 of the test's own (tests/helpers/private_server.py), crashed (`-m immediate`) or
shut down (`-m fast`) and started again on the same port, or reached through a relay that
becomes a pulled cable (it acknowledges, forwards nothing, closes nothing).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from loket.core.audit_verify import verify_chain
from loket.core.intake import batches
from loket.core.intake.scanning import ScanOutcome
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db import migrate
from loket.db.engine import Database
from loket.db.link import PROBE_TIMEOUT_S, SUSPECT_AFTER_S
from loket.db.models import AuditEntry, Card, Scan
from loket.domain.states import CardState, ScanOutcomeKind, Severity
from loket.ui.intake.page import IntakePage
from loket.ui.kit.connection import PROBE_EVERY_MS
from tests.helpers.private_server import Blackhole, PrivateServer
from tests.helpers.widget_desk import DeskFactory, WidgetDesk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SHOTS = Path(os.environ.get("LOKET_SHOTS", "/tmp/shots/server-gone"))
LOST = "Koneksi ke server kantor terputus"
BACK = "Tersambung lagi"
#: A dead link is said within this (db/link.py asks after SUSPECT_AFTER_S, waits PROBE_TIMEOUT_S).
FOUND_WITHIN_S = SUSPECT_AFTER_S + PROBE_TIMEOUT_S + 2.0


def shoot(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def relay(running_server: PrivateServer) -> Iterator[Blackhole]:
    hole = Blackhole(running_server.port)
    yield hole
    hole.close()


@pytest.fixture(params=["direct"])
def database(
    request: pytest.FixtureRequest, running_server: PrivateServer, data_dir: DataDir
) -> Iterator[Database]:
    """The office's database on the private server, empty and migrated; "relay": the desk
    reaches it through a relay that can become a pulled cable."""
    data_dir.create()
    admin_db = Database(running_server.url())
    with admin_db.engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    migrate.upgrade(admin_db)
    admin_db.dispose()
    port = request.getfixturevalue("relay").port if request.param == "relay" else None
    db = Database(running_server.url(port))
    yield db
    db.dispose()


@dataclass
class Desk(WidgetDesk):
    page: IntakePage = field(default=None)  # type: ignore[assignment]
    batch_id: int = 0
    acknowledged: list[ScanOutcome] = field(default_factory=list)

    def burst(self, codes: list[str]) -> None:
        """A scanner read card after card: typed at scanner speed, nothing waited for."""
        for code in codes:
            self.keyboard.scan(code)
            QApplication.processEvents()

    def received(self) -> set[str]:
        return {o.nik for o in self.acknowledged if o.kind is ScanOutcomeKind.RECEIVED}

    def refused(self) -> tuple[str, ...]:
        link = self.context.link
        assert link is not None
        return link.refused_codes

    def on_screen(self) -> str:
        return " ".join(
            (self.banner.title_text(), self.banner.detail_text(), self.banner.pinned_text())
        )


@pytest.fixture
def desk(
    build_desk: DeskFactory,
    database: Database,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    samples: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Desk:
    report = read_manifest(samples / "manifest_kaligawe_clean.csv")
    batch = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "Rahmat Hidayat", report
    )
    parts, page = build_desk(operator, kaligawe, IntakePage, size=(1280, 760))
    page.show_batch(batches.batch_view(database, batch.id))
    desk = Desk(**parts.parts(), page=page, batch_id=batch.id)
    answer = page._scan_done

    def acknowledged(outcome: ScanOutcome) -> None:  # what the desk showed as recorded
        desk.acknowledged.append(outcome)
        answer(outcome)

    monkeypatch.setattr(page, "_scan_done", acknowledged)
    return desk


@pytest.fixture
def niks(desk: Desk) -> list[str]:
    return [card.nik for card in batches.batch_cards(desk.database, desk.batch_id)]


def wait_back(qtbot: QtBot, desk: Desk, timeout_s: float = 15.0) -> None:
    qtbot.waitUntil(
        lambda: desk.banner.title_text().startswith(BACK), timeout=int(timeout_s * 1000)
    )
    desk.settle(qtbot)


def server_gone(qtbot: QtBot, desk: Desk, server: PrivateServer, mode: str, nik: str) -> None:
    """The server stops, and the next scan finds it out."""
    server.stop(mode)
    desk.burst([nik])
    desk.settle(qtbot)
    assert desk.banner.title_text().startswith(LOST)


def assert_each_recorded_once(desk: Desk, niks: list[str]) -> None:
    """Every card of `niks` is in stock once: one card, one RECEIVED scan row, one audit row."""
    with desk.database.transaction() as session:
        for nik in niks:
            cards = session.execute(select(Card.id, Card.state).where(Card.nik == nik)).all()
            assert [state for _id, state in cards] == [CardState.IN_STOCK], nik
            received = session.scalar(
                select(func.count(Scan.id)).where(
                    Scan.nik == nik, Scan.outcome == ScanOutcomeKind.RECEIVED
                )
            )
            assert received == 1, nik
            audits = session.scalar(
                select(func.count(AuditEntry.id)).where(
                    AuditEntry.action == "card.received", AuditEntry.entity_id == cards[0].id
                )
            )
            assert audits == 1, nik
    assert verify_chain(desk.database).intact  # no half-written row broke the chain


@pytest.mark.parametrize("mode", ["immediate", "fast"])
def test_server_stopped_mid_burst_loses_and_doubles_nothing_and_the_desk_carries_on(
    qtbot: QtBot, desk: Desk, niks: list[str], running_server: PrivateServer, mode: str
) -> None:
    first, during, after = niks[:6], niks[6:16], niks[16:22]
    desk.burst(first[:3])
    desk.settle(qtbot)
    # The server goes while the burst goes on: pg_ctl on a thread of its own.
    stopping = threading.Thread(target=running_server.stop, args=(mode,))
    stopping.start()
    desk.burst(first[3:])
    stopping.join()
    desk.burst(during)
    desk.settle(qtbot)

    scanned = first + during
    shown_received = desk.received()
    refused = desk.refused()
    assert set(first[:3]) <= shown_received
    assert set(refused) | shown_received == set(scanned)  # every scan answered: none lost silently
    assert not set(refused) & shown_received
    assert set(during) <= set(refused)  # after the server went, nothing is shown as received
    assert desk.banner.level is Severity.ERROR
    assert desk.banner.title_text().startswith(LOST)
    for nik in refused:
        assert nik in desk.banner.detail_text()  # named, to be scanned again
    shoot(desk.host, f"lost-{mode}")

    running_server.start()
    wait_back(qtbot, desk)  # by itself: nothing pressed, nothing restarted
    assert desk.context.link is not None and not desk.context.link.gone
    for nik in refused:
        assert nik in desk.on_screen()  # still named after the server is back
    shoot(desk.host, f"back-{mode}")

    desk.burst(list(refused) + after)
    desk.settle(qtbot)
    assert_each_recorded_once(desk, scanned + after)
    assert desk.page.received.value.text().split()[0] == str(len(scanned + after))


def test_enter_and_esc_do_not_dismiss_the_lost_connection_banner(
    qtbot: QtBot, desk: Desk, niks: list[str], running_server: PrivateServer
) -> None:
    server_gone(qtbot, desk, running_server, "immediate", niks[0])
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_Return):
        qtbot.keyClick(QApplication.focusWidget(), key)
        QApplication.processEvents()
        assert desk.banner.title_text().startswith(LOST)
        assert desk.banner.level is Severity.ERROR
        assert niks[0] in desk.banner.detail_text()
    qtbot.mouseClick(desk.banner, Qt.MouseButton.LeftButton)
    assert desk.banner.title_text().startswith(LOST)


def test_a_scan_while_the_server_is_known_gone_is_refused_at_once_and_named(
    qtbot: QtBot, desk: Desk, niks: list[str], running_server: PrivateServer
) -> None:
    server_gone(qtbot, desk, running_server, "fast", niks[0])
    began = time.monotonic()
    desk.burst(niks[1:4])
    desk.settle(qtbot)
    assert time.monotonic() - began < 1.0
    assert desk.refused() == tuple(niks[:4])
    assert desk.acknowledged == []


def test_once_back_the_cards_to_scan_again_are_counted_down_as_each_is_recorded(
    qtbot: QtBot, desk: Desk, niks: list[str], running_server: PrivateServer
) -> None:
    """The clerk works down the stack the banner names: each card recorded comes off it, and
    the red reminder goes by itself after the last, without an Esc."""
    server_gone(qtbot, desk, running_server, "fast", niks[0])
    desk.burst(niks[1:4])
    desk.settle(qtbot)
    running_server.start()
    wait_back(qtbot, desk, timeout_s=PROBE_EVERY_MS / 1000 + 2 * PROBE_TIMEOUT_S + 5)
    assert desk.banner.title_text() == f"{BACK}: 4 kartu BELUM tercatat"
    shoot(desk.host, "back-four-to-scan-again")

    desk.burst([niks[1]])
    desk.settle(qtbot)
    assert desk.banner.title_text().startswith("Diterima")  # the scan's own answer, in front
    reminder = desk.feedback.unacknowledged_errors
    assert [m.title for m in reminder] == [f"{BACK}: 3 kartu BELUM tercatat"]
    assert niks[1] not in reminder[0].detail
    assert all(nik in reminder[0].detail for nik in (niks[0], niks[2], niks[3]))
    assert f"{BACK}: 3 kartu BELUM tercatat" in desk.on_screen()
    shoot(desk.host, "back-three-to-scan-again")

    desk.burst([niks[0], niks[2], niks[3]])
    desk.settle(qtbot)
    assert desk.feedback.unacknowledged_errors == ()
    assert BACK not in desk.on_screen()
    assert desk.banner.level is Severity.OK
    assert_each_recorded_once(desk, niks[:4])


@pytest.mark.parametrize("database", ["relay"], indirect=True)
def test_a_pulled_cable_is_found_in_seconds_and_the_desk_carries_on_when_it_is_back(
    qtbot: QtBot, desk: Desk, niks: list[str], relay: Blackhole
) -> None:
    desk.burst(niks[:2])
    desk.settle(qtbot)
    relay.cut()
    began = time.monotonic()
    desk.burst(niks[2:5])
    qtbot.waitUntil(lambda: desk.banner.title_text().startswith(LOST), timeout=30_000)
    found = time.monotonic() - began
    desk.settle(qtbot)
    print(f"pulled cable found after {found:.1f} s")
    assert found < FOUND_WITHIN_S, found
    assert desk.refused() == tuple(niks[2:5])  # the one in hand and the two queued behind it
    assert desk.received() == set(niks[:2])

    relay.mend()
    wait_back(qtbot, desk, timeout_s=PROBE_EVERY_MS / 1000 + 2 * PROBE_TIMEOUT_S + 5)
    desk.burst(niks[2:7])
    desk.settle(qtbot)
    assert_each_recorded_once(desk, niks[:7])


@pytest.mark.parametrize("database", ["relay"], indirect=True)
def test_a_scan_committed_whose_answer_is_lost_is_refused_then_answered_as_already_scanned(
    qtbot: QtBot, desk: Desk, niks: list[str], relay: Blackhole
) -> None:
    """The worst moment: the COMMIT reached the server, its answer never came back. The desk
    says "not recorded" (it cannot know); scanned again, the card is a duplicate, not a second
    receipt."""
    relay.cut_after_sending(b"COMMIT", once_seen=b"INSERT INTO scan ")
    desk.burst(niks[:1])
    qtbot.waitUntil(lambda: desk.banner.title_text().startswith(LOST), timeout=30_000)
    desk.settle(qtbot)
    assert desk.refused() == (niks[0],)
    assert desk.acknowledged == []

    relay.mend()
    wait_back(qtbot, desk, timeout_s=PROBE_EVERY_MS / 1000 + 2 * PROBE_TIMEOUT_S + 5)
    desk.burst(niks[:1])
    desk.settle(qtbot)
    assert [o.kind for o in desk.acknowledged] == [ScanOutcomeKind.DUPLICATE]
    assert desk.banner.level is Severity.WARNING
    assert_each_recorded_once(desk, niks[:1])
    assert desk.page.received.value.text().split()[0] == "1"
