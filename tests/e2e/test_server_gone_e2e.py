"""The real desk window on the office's server, which stops in the middle of a scanner burst and
starts again: nothing acknowledged is lost, nothing is doubled, every scan not recorded is named,
and the desk carries on by itself.

The server is a private PostgreSQL of the test's own (tests/helpers/private_server.py): the
shared one runs everyone's tests and is never stopped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from tests.e2e.desk import BANNER, Desk, VirtualScreen
from tests.e2e.records import (
    OPERATOR,
    acknowledged,
    kaligawe_cards,
    log_lines,
    loket_cli,
    set_up_office,
    wait_until,
    write_manifest,
)
from tests.helpers.private_server import DATABASE, PASSWORD, USER, PrivateServer

REFERENCE = "470/122/Kec.Gys/XII/2026"
CARDS = 70
SHOTS = Path("/tmp/shots/e2e")
_NOT_RECORDED = re.compile(r"scan not recorded, the server is gone: (\S+)$")


@pytest.fixture
def server_of_the_office(running_server: PrivateServer) -> Iterator[Engine]:
    """The private server, read back with plain SQL (its office dropped after the test)."""
    engine = create_engine(running_server.url(), poolclass=NullPool)
    yield engine
    engine.dispose()


def received_on(engine: Engine) -> dict[str, int]:
    """Each NIK's received scans, as the server holds them."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT c.nik, count(*) FROM scan s JOIN card c ON c.id = s.card_id "
                "WHERE s.outcome = 'RECEIVED' GROUP BY c.nik"
            )
        )
        return {nik: int(count) for nik, count in rows}


def not_recorded(data_dir: Path) -> list[str]:
    """The scans the desk named as not recorded, as it logs each one it names on the banner."""
    return [found[1] for line in log_lines(data_dir) if (found := _NOT_RECORDED.search(line))]


def test_the_server_stopped_mid_burst_and_started_again_costs_no_card(
    screen: VirtualScreen,
    running_server: PrivateServer,
    server_of_the_office: Engine,
    tmp_path: Path,
) -> None:
    server = running_server
    data = tmp_path / "data"
    url = f"postgresql://{USER}@127.0.0.1:{server.port}/{DATABASE}"
    done = loket_cli(
        data, "database", "connect", url, "--desk", "Loket 1", "--password-stdin", stdin=PASSWORD
    )
    assert done.returncode == 0, (done.stdout, done.stderr)
    cards = kaligawe_cards(CARDS, seed=2020)
    niks = [card.nik for card in cards]
    set_up_office(data, write_manifest(tmp_path / "daftar.csv", cards), REFERENCE, "2026-12-02")

    desk = Desk(screen, data)
    desk.start()
    try:
        desk.log_in(OPERATOR[0], OPERATOR[1])
        desk.wait_for_window("Kelurahan Kaligawe")
        desk.scan(niks[:10])
        wait_until(lambda: len(received_on(server_of_the_office)) == 10, 60, "the first stack")

        # The next stack at scanner speed; the server stops once some of it is recorded.
        burst = niks[10:60]
        typing = desk.start_scanning(burst)
        wait_until(lambda: len(acknowledged(data).scanned("received")) >= 15, 60, "5 more")
        server.stop("fast")
        typing.wait(timeout=120)
        desk.wait_for_text("Koneksi ke server kantor terputus", box=BANNER, timeout=30)
        desk.screenshot(SHOTS / "server-gone-lost.png")
        server.start()
        desk.wait_for_text("Tersambung lagi", box=BANNER, timeout=30)
        desk.screenshot(SHOTS / "server-gone-back.png")

        said = acknowledged(data)
        received = said.scanned("received")
        named = not_recorded(data)
        on_server = received_on(server_of_the_office)
        assert set(received) <= set(on_server), "a scan shown as received is not on the server"
        assert named, "the server stopped mid-burst, yet no scan was refused"
        answered = {nik for _kind, nik in said.scans}
        assert set(burst) <= answered | set(named), "a scan of the burst got no answer at all"

        assert set(named) <= set(burst)
        # As the banner says when it cannot name them all: the whole stack scanned again (the
        # cards recorded are answered "Sudah dipindai"), then the rest of the box. No restart.
        desk.scan(burst + niks[60:])
        wait_until(lambda: len(received_on(server_of_the_office)) == CARDS, 60, "every card")
        desk.screenshot(SHOTS / "server-gone-after.png")
    finally:
        desk.stop()

    assert received_on(server_of_the_office) == dict.fromkeys(niks, 1)  # once each, none doubled
    received = acknowledged(data).scanned("received")
    assert len(received) == len(set(received)), "a card was said received twice"
