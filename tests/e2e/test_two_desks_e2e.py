"""Two real desk windows on one PostgreSQL server, each PC with its own data folder.

IT staff connect both PCs to the office's server from the command line and set the office up
from the first; then, under one X server, desk 1 and desk 2 receive one batch by scanner in
turns (each a stack of the box), both try to hand over the same card, and desk 2 prints the
day's laporan harian. The server is read back with plain SQL, not the program's own code.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from tests.e2e.desk import BANNER, Desk, VirtualScreen
from tests.e2e.records import (
    OPERATOR,
    acknowledged,
    kaligawe_cards,
    loket_cli,
    ocr_image,
    pdf_text,
    set_up_office,
    wait_until,
    write_manifest,
)
from tests.e2e.test_full_day_e2e import hand_over
from tests.helpers.shared_server import Server, desks_url

REFERENCE = "470/121/Kec.Gys/XII/2026"
CARDS = 60
STACK = 10  # cards out of the box per turn at one desk
SECOND_OPERATOR = ("sari", "sari-rahasia", "Sari Wulandari")
SHOTS = Path("/tmp/shots/e2e")


class ServerDesk(Desk):
    """A desk among several on one screen: its windows are told apart by the process."""

    def windows(self, title_part: str) -> list[str]:
        assert self.process is not None
        found = self.xdotool(
            "search", "--all", "--onlyvisible", "--pid", str(self.process.pid), "--name", title_part
        )
        return found.split()

    def focus(self, window: str, timeout: float = 10) -> None:
        """Raised too: with no window manager, the two desks' windows lie on each other."""
        self.xdotool("windowraise", window)
        super().focus(window, timeout)


def connect(data_dir: Path, server: Server, desk_name: str) -> None:
    """What the IT person types on each PC: the office's server, and this PC's name."""
    address = server.address
    url = f"postgresql://{address.user}@{address.host}:{address.port}/{address.database}"
    done = loket_cli(
        data_dir,
        *("database", "connect", url, "--desk", desk_name, "--password-stdin"),
        stdin=server.password,
    )
    assert done.returncode == 0, (done.stdout, done.stderr)


@pytest.fixture
def office_server(server: Server) -> Iterator[Engine]:
    engine = create_engine(desks_url(), poolclass=NullPool)
    yield engine
    engine.dispose()


def query(engine: Engine, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql), params)]


def in_stock(engine: Engine) -> int:
    return int(query(engine, "SELECT count(*) FROM card WHERE state = 'IN_STOCK'")[0][0])


# The numbers of the intake page's four count tiles, on the maximised 1366x768 window.
TILE_TOP, TILE_BOTTOM, TILE_LEFTS, TILE_WIDTH = 214, 264, (16, 351, 686, 1021), 328


def tiles(desk: Desk) -> list[int]:
    """Menurut daftar, Diterima, Belum diterima, Tidak ada di daftar, as read on the screen."""
    screen = Image.open(io.BytesIO(desk.window_image("root"))).convert("L")
    read = []
    for left in TILE_LEFTS:
        number = screen.crop((left, TILE_TOP, left + TILE_WIDTH, TILE_BOTTOM))
        read.append(ocr_image(number, mode="7"))
    return [int(text) if text.isdigit() else -1 for text in read]


def wait_for_tiles(desk: Desk, expected: list[int], timeout: float = 20) -> None:
    """Until the page's counts read `expected`; else what they read, with a screenshot."""
    deadline = time.monotonic() + timeout
    read: list[int] = []
    while time.monotonic() < deadline:
        read = tiles(desk)
        if read == expected:
            return
        time.sleep(0.2)
    desk.screenshot(SHOTS / f"two-desks-counts-{desk.data_dir.parent.name}.png")
    raise AssertionError(f"the counts read {read}, not {expected}")


def open_desk(screen: VirtualScreen, data_dir: Path, account: tuple[str, ...]) -> ServerDesk:
    desk = ServerDesk(screen, data_dir)
    desk.start()
    desk.log_in(account[0], account[1])
    return desk


def test_two_desks_share_one_batch_one_card_and_one_report(
    screen: VirtualScreen, server: Server, office_server: Engine, tmp_path: Path
) -> None:
    cards = kaligawe_cards(CARDS, seed=2019)
    niks = [card.nik for card in cards]
    first, second = tmp_path / "loket-1" / "data", tmp_path / "loket-2" / "data"
    connect(first, server, "Loket 1")
    connect(second, server, "Loket 2")
    manifest = write_manifest(tmp_path / "daftar-kiriman.csv", cards)
    set_up_office(first, manifest, REFERENCE, "2026-12-01")
    added = loket_cli(
        second,
        *("user", "add", SECOND_OPERATOR[0], "--role", "operator", "--name", SECOND_OPERATOR[2]),
        "--password-stdin",
        stdin=f"{SECOND_OPERATOR[1]}\n",
    )
    assert added.returncode == 0, added.stderr  # from desk 2: the accounts are the office's

    desk_1 = open_desk(screen, first, OPERATOR)
    desk_2 = open_desk(screen, second, SECOND_OPERATOR)
    try:
        main_1 = desk_1.wait_for_window("Kelurahan Kaligawe")
        main_2 = desk_2.wait_for_window("Kelurahan Kaligawe")

        # Intake: the box's stacks go to the two desks in turn, the same batch open on both.
        stacks = [niks[start : start + STACK] for start in range(0, CARDS, STACK)]
        for turn, stack in enumerate(stacks):
            desk, window = (desk_1, main_1) if turn % 2 == 0 else (desk_2, main_2)
            desk.focus(window)
            desk.scan(stack)
            wait_until(lambda n=(turn + 1) * STACK: in_stock(office_server) == n, 60, "the stack")
        # Each desk's page follows the other's scans: both show the whole batch received.
        for desk, window in ((desk_1, main_1), (desk_2, main_2)):
            desk.focus(window)
            wait_for_tiles(desk, [CARDS, CARDS, 0, 0])
            desk.screenshot(SHOTS / f"two-desks-intake-{desk.data_dir.parent.name}.png")

        # The same card at both desks: each opens its form; desk 1 confirms first.
        contested = niks[0]
        for desk, window in ((desk_1, main_1), (desk_2, main_2)):
            desk.focus(window)
            desk.key("F3")
            desk.scan([contested])
            desk.wait_for_text("Ada di loket", box=BANNER)
            desk.key("alt+b")  # Bukti perekaman (resi) checked
        desk_1.focus(main_1)
        desk_1.key("ctrl+Return")
        wait_until(lambda: len(acknowledged(first).handovers) == 1, 60, "desk 1's handover")
        desk_1.wait_for_text("Diserahkan", acknowledged(first).handovers[0][1], box=BANNER)
        desk_2.focus(main_2)
        desk_2.key("ctrl+Return")
        refusal = desk_2.wait_for_text("Loket 1", OPERATOR[2].split()[0], box=BANNER)
        desk_2.screenshot(SHOTS / "two-desks-refused.png")
        assert acknowledged(second).handovers == [], refusal
        desk_2.key("Escape")
        desk_2.key("Escape")

        # Two more handovers at desk 1; the day's report printed at desk 2 counts all three.
        desk_1.focus(main_1)
        for nik in niks[1:3]:
            desk_1.scan([nik])
            hand_over(desk_1, first, [("alt+b",)])  # Bukti perekaman (resi) checked
        desk_2.focus(main_2)
        desk_2.key("F5")
        desk_2.key("F6")
        preview = desk_2.wait_for_window("Pratinjau cetak — laporan-harian")
        desk_2.screenshot(SHOTS / "two-desks-report-preview.png")
        desk_2.key("Escape")
        desk_2.wait_for_window_gone(preview)
    finally:
        desk_1.stop()
        desk_2.stop()

    # The server: every card received once, by one desk or the other, as each desk said.
    received = query(
        office_server,
        "SELECT c.nik, count(*) FROM scan s JOIN card c ON c.id = s.card_id "
        "WHERE s.outcome = 'RECEIVED' GROUP BY c.nik",
    )
    assert dict(received) == dict.fromkeys(niks, 1)
    said_1, said_2 = (set(acknowledged(d).scanned("received")) for d in (first, second))
    assert said_1 | said_2 == set(niks) and not said_1 & said_2
    by_desk = dict(query(office_server, "SELECT desk, count(*) FROM scan GROUP BY desk"))
    assert by_desk == {"Loket 1": CARDS // 2, "Loket 2": CARDS // 2}
    handed = query(
        office_server,
        "SELECT c.nik, h.desk FROM handover h JOIN card c ON c.id = h.card_id ORDER BY h.id",
    )
    assert handed == [(nik, "Loket 1") for nik in niks[:3]]

    (report,) = (second / "documents" / "laporan-harian").glob("laporan-harian-*.pdf")
    said = pdf_text(report)
    receipts = [receipt for _card, receipt in acknowledged(first).handovers]
    assert len(receipts) == 3 and all(receipt in said for receipt in receipts)
    assert "menyerahkan KTP-el sebanyak 3 (tiga) keping" in said
    half = CARDS // 2
    assert f"Loket 1 {OPERATOR[2]} {half} 3 0" in said  # received, handed over, voided
    assert f"Loket 2 {SECOND_OPERATOR[2]} {half} 0 0" in said
