"""Moving a one-desk office to the shared server: every row, or none, and the file untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, create_engine, select
from sqlalchemy.pool import NullPool

from loket.core.audit_verify import verify_chain
from loket.core.database import connecting, moving
from loket.core.database.moving import MoveRefused
from loket.core.handover import receipts
from loket.core.office import identity
from loket.core.papers.register import find_documents, paper_on_this_desk
from loket.core.staff import login
from loket.datadir import DataDir
from loket.db.models import Document, DocumentContent
from loket.db.open import open_database
from loket.documents.handover.receipt import write_receipt
from tests.helpers.busy_office import BusyOffice, build_busy_office, build_large_office
from tests.helpers.office_rows import every_row, hand_over_first_in_stock
from tests.helpers.shared_server import Server, desks_url, opens_on


@pytest.fixture
def office(data_dir: DataDir, samples: Path) -> BusyOffice:
    database = open_database(data_dir)
    try:
        return build_busy_office(database, data_dir, samples)
    finally:
        database.dispose()


def digest(path: Path) -> str:
    return digest_of(path.read_bytes())


def digest_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def engines(data_dir: DataDir) -> tuple[Engine, Engine]:
    return (
        create_engine(f"sqlite:///{data_dir.database}", poolclass=NullPool),
        create_engine(desks_url(), poolclass=NullPool),
    )


def test_every_row_moves_and_the_desk_carries_on_on_the_server(
    server: Server, data_dir: DataDir, office: BusyOffice
) -> None:
    before = digest(data_dir.database)
    moved = moving.move_office(data_dir, server.address, server.password)
    assert data_dir.server == server.address
    assert digest(data_dir.database) == before  # the file stays as it was
    assert moved.newest_receipt == office.receipts[-1]
    assert moved.papers == 2
    counts = {table.name: table.rows for table in moved.tables}
    assert counts["handover"] == 12 and counts["card_return_line"] == 5
    here, there = engines(data_dir)
    with here.connect() as file, there.connect() as shared:
        assert every_row(file) == every_row(shared)
    here.dispose()
    there.dispose()
    # On the server the numbers go on where the file's stopped: no id or receipt repeats.
    database = open_database(data_dir)
    try:
        assert database.engine.dialect.name == "postgresql"
        operator = login.log_in(database, "dewi", "rahasia-dewi")
        voided = receipts.find_by_receipt(database, office.voided[0])
        assert voided.voided
        given = hand_over_first_in_stock(database, operator)
        assert given.receipt_number not in office.receipts
        assert given.receipt_number.endswith(f"-{len(office.receipts) + 1:06d}")
        assert identity.get_office(database) is not None
        # The audit chain moved whole and goes on on the server: the file's head, then this
        # handover's rows linked to it.
        chain = verify_chain(database)
        assert chain.intact, chain.problems
        assert chain.rows > counts["audit_log"]
    finally:
        database.dispose()


def papers_kept(connection: Connection) -> dict[str, bytes]:
    """Each registered paper's bytes in the database, by its path in the data folder."""
    query = select(Document.relative_path, DocumentContent.content).join(
        DocumentContent, DocumentContent.document_id == Document.id
    )
    return {path: bytes(pdf) for path, pdf in connection.execute(query)}


@pytest.fixture
def desk_b(server: Server, tmp_path: Path) -> DataDir:
    """A second desk of the office, connected to the server once the office is on it."""
    data = DataDir(tmp_path / "loket-2")
    data.create()
    return data


def test_papers_written_before_the_move_are_printed_again_on_another_desk(
    server: Server, data_dir: DataDir, office: BusyOffice, desk_b: DataDir
) -> None:
    alone = open_database(data_dir)
    try:
        handover = receipts.find_by_receipt(alone, office.receipts[-1])
        slip = receipts.save_slip(alone, office.operator, handover.id, data_dir, write_receipt)
    finally:
        alone.dispose()
    moved = moving.move_office(data_dir, server.address, server.password)
    assert moved.papers == 3 and moved.papers_missing == ()
    assert "tidak ada berkasnya" not in moving.moved_sentence(moved)
    files = {
        path.relative_to(data_dir.root).as_posix(): path.read_bytes()
        for path in (*office.papers, slip)
    }
    here, there = engines(data_dir)
    with here.connect() as file, there.connect() as shared:
        assert papers_kept(file) == {}  # the desk alone kept its papers as files only
        assert papers_kept(shared) == files
    here.dispose()
    there.dispose()
    connecting.connect_desk(desk_b, server.address, server.password)
    database = open_database(desk_b)
    try:
        zone = identity.office_or_refuse(database).zone
        listed = find_documents(database, desk_b, zone)
        assert len(listed) == 3 and all(entry.exists for entry in listed)
        for entry in listed:
            opened = paper_on_this_desk(database, desk_b, entry.id)
            assert opened.read_bytes() == files[opened.relative_to(desk_b.root).as_posix()]
        original = receipts.save_slip(database, office.operator, handover.id, desk_b, write_receipt)
        assert original.read_bytes() == slip.read_bytes()
        copy = receipts.save_reprint(database, office.operator, handover.id, desk_b, write_receipt)
        assert copy.copy and copy.path.parent == original.parent
    finally:
        database.dispose()


def test_a_paper_whose_file_is_gone_is_named_and_the_rest_moves(
    server: Server, data_dir: DataDir, office: BusyOffice, desk_b: DataDir
) -> None:
    minutes, daily = office.papers
    daily.unlink()
    moved = moving.move_office(data_dir, server.address, server.password)
    assert data_dir.server == server.address
    assert moved.papers == 2
    (missing,) = moved.papers_missing
    assert daily.relative_to(data_dir.root).as_posix() in missing
    told = moving.moved_sentence(moved)
    assert "1 dokumen terdaftar tidak ada berkasnya" in told and missing in told
    connecting.connect_desk(desk_b, server.address, server.password)
    database = open_database(desk_b)
    try:
        zone = identity.office_or_refuse(database).zone
        listed = {entry.path.name: entry.exists for entry in find_documents(database, desk_b, zone)}
        assert listed == {minutes.name: True, daily.name: False}
    finally:
        database.dispose()


def test_a_server_that_is_not_empty_is_refused_and_nothing_changes(
    server: Server, data_dir: DataDir, office: BusyOffice, tmp_path: Path
) -> None:
    other_desk = DataDir(tmp_path / "kantor-lain")
    connecting.connect_desk(other_desk, server.address, server.password)
    elsewhere = open_database(other_desk)
    identity.set_up_office(elsewhere, "33.74.04.1001")
    elsewhere.dispose()
    with pytest.raises(MoveRefused, match="tidak kosong"):
        moving.move_office(data_dir, server.address, server.password)
    assert data_dir.server is None
    _here, there = engines(data_dir)
    with there.connect() as shared:
        assert every_row(shared)["handover"] == []
    there.dispose()


def test_a_failure_after_the_copy_leaves_the_server_empty_and_the_desk_on_its_file(
    server: Server, data_dir: DataDir, office: BusyOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    def counted_wrong(*_args: object) -> str:
        raise moving._differs("card", "40 / 39")

    monkeypatch.setattr(moving, "_verify", counted_wrong)
    with pytest.raises(MoveRefused, match="pemindahan dibatalkan"):
        moving.move_office(data_dir, server.address, server.password)
    assert data_dir.server is None
    assert connecting.check_connection(server.address, server.password).empty
    assert opens_on(data_dir) == "sqlite"  # the desk opens its file, as before


def test_a_desk_already_on_a_server_has_nothing_of_its_own_to_move(
    server: Server, data_dir: DataDir
) -> None:
    connecting.connect_desk(data_dir, server.address, server.password)
    with pytest.raises(MoveRefused, match="sudah memakai server"):
        moving.move_office(data_dir, server.address, server.password)


def test_an_office_of_thousands_moves_whole_and_every_paper_prints_the_same_on_another_desk(
    server: Server, data_dir: DataDir, samples: Path, desk_b: DataDir
) -> None:
    alone = open_database(data_dir)
    try:
        office = build_large_office(alone, data_dir, samples, cards=3000)
    finally:
        alone.dispose()
    moved = moving.move_office(data_dir, server.address, server.password)
    counts = {table.name: table.rows for table in moved.tables}
    assert counts["card"] == 56 + 3000 and counts["handover"] == len(office.receipts) > 250
    assert moved.newest_receipt == office.receipts[-1]
    assert moved.papers == len(office.papers) and moved.papers_missing == ()
    here, there = engines(data_dir)
    with here.connect() as file, there.connect() as shared:
        assert every_row(file) == every_row(shared)  # every card, scan, handover, void, audit row
        kept = papers_kept(shared)
    here.dispose()
    there.dispose()
    assert {path: digest_of(pdf) for path, pdf in kept.items()} == {
        path.relative_to(data_dir.root).as_posix(): digest(path) for path in office.papers
    }
    connecting.connect_desk(desk_b, server.address, server.password)
    database = open_database(desk_b)
    try:
        chain = verify_chain(database)
        assert chain.intact and chain.rows == counts["audit_log"], chain.problems
        zone = identity.office_or_refuse(database).zone
        listed = find_documents(database, desk_b, zone, limit=1000)
        assert len(listed) == len(office.papers)
        for entry in listed:  # each paper, opened on the other desk, is the very file
            opened = paper_on_this_desk(database, desk_b, entry.id)
            assert digest(opened) == digest_of(kept[opened.relative_to(desk_b.root).as_posix()])
        for number in office.voided:
            assert receipts.find_by_receipt(database, number).voided
    finally:
        database.dispose()
