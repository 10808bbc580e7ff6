"""What the desk answers a resident: every kind of answer, and finding a resident by name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from sqlalchemy import select, text

from loket.core.handover import confirming, handovers, lookup, search
from loket.core.handover.lookup import Answer, CardStatus
from loket.core.handover.rules import HandoverRequest
from loket.core.handover.words import answer_label, status_sentence
from loket.core.indonesia.names import name_key
from loket.core.intake import batches, closing, scanning
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db import migrate
from loket.db.engine import Database
from loket.db.models import Card
from loket.domain.errors import LoketError
from loket.domain.states import CardState, DocumentChecked, OldCardFate, Relation

TODAY = dt.date(2026, 11, 27)
WIB = ZoneInfo("Asia/Jakarta")
FAJAR = "3374042606528310"  # row 1, scanned in
SUMARNI = "3374096804070373"  # row 2, scanned in
DWI = "3374046404760519"  # row 3, scanned in, then set aside by hand in a test
RIZKI = "3374042806816465"  # row 55, on the list, never scanned
SRI = "3172015304584321"  # row 56, on the list, never scanned


@pytest.fixture
def batch(
    database: Database, kaligawe: OfficeInfo, operator: StaffMember, samples: Path
) -> batches.BatchInfo:
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=TODAY)
    opened = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "", report, today=TODAY
    )
    for entry in report.entries[:50]:
        scanning.receive_scan(database, operator, opened.id, entry.nik, today=TODAY)
    return opened


def card_id(database: Database, nik: str) -> int:
    status = lookup.status_of_nik(database, nik, today=TODAY)
    assert status.card is not None
    return status.card.id


def hand_over(
    database: Database, actor: StaffMember, nik: str, owner_name: str = ""
) -> handovers.HandoverInfo:
    request = HandoverRequest(
        card_id=card_id(database, nik),
        owner_name=owner_name,
        relation=Relation.OWNER,
        documents=frozenset({DocumentChecked.RECORDING_SLIP}),
        old_card=OldCardFate.SURRENDERED,
    )
    return confirming.confirm(database, actor, request, today=TODAY)


def set_state(database: Database, nik: str, state: CardState, **columns: object) -> None:
    """For the states whose use cases come later (return to kecamatan, delivery runs)."""
    with database.transaction() as session:
        card = session.get_one(Card, card_id(database, nik))
        card.state = state
        for name, value in columns.items():
            setattr(card, name, value)


def answer(database: Database, nik: str) -> CardStatus:
    return lookup.status_of_nik(database, nik, today=TODAY)


# ---------------------------------------------------------------- every answer


def test_card_in_stock_is_waiting_since_it_was_scanned_with_its_batch(
    database: Database, batch: batches.BatchInfo
) -> None:
    status = answer(database, "3374 0426 0652 8310")
    assert status.answer is Answer.WAITING
    assert status.batch_reference == "470/112/XI/2026"
    assert status.card is not None and status.card.name == "FAJAR MAULANA"
    assert status.since is not None and status.since == status.card.received_at
    sentence = status_sentence(status, WIB)
    assert sentence.startswith("KTP-el FAJAR MAULANA (3374042606528310) ada di loket sejak ")
    assert "(kiriman 470/112/XI/2026). Bisa diambil sekarang." in sentence


def test_card_on_a_list_not_yet_scanned_is_not_here_yet(
    database: Database, batch: batches.BatchInfo
) -> None:
    status = answer(database, RIZKI)
    assert status.answer is Answer.NOT_YET_EXPECTED
    assert status.batch_letter_date == dt.date(2026, 11, 25)
    assert "belum diterima di kelurahan" in status_sentence(status, WIB)
    assert answer_label(status.answer) == "Belum sampai di kelurahan"


def test_nik_never_seen_at_this_office_is_said_plainly(
    database: Database, batch: batches.BatchInfo
) -> None:
    status = answer(database, "3374045507780004")
    assert status == CardStatus(Answer.NEVER_SEEN, "3374045507780004")
    assert "belum dikirim oleh kecamatan" in status_sentence(status, WIB)


def test_collected_card_says_when_by_whom_which_receipt_and_officer(
    database: Database, batch: batches.BatchInfo, operator: StaffMember
) -> None:
    given = hand_over(database, operator, FAJAR)
    status = answer(database, FAJAR)
    assert status.answer is Answer.HANDED_OVER
    assert status.handover == given and status.since == given.handed_over_at
    sentence = status_sentence(status, WIB)
    assert f"tanda terima {given.receipt_number}" in sentence
    assert "Sudah diambil oleh FAJAR MAULANA pada " in sentence
    assert "petugas Dewi Lestari" in sentence


def test_card_returned_to_the_kecamatan_names_the_day_and_the_berita_acara(
    database: Database, batch: batches.BatchInfo
) -> None:
    returned_at = dt.datetime(2026, 12, 20, 3, 0, tzinfo=dt.UTC)
    set_state(
        database,
        SUMARNI,
        CardState.RETURNED,
        returned_at=returned_at,
        return_berita_acara_number="474/0003/BA-KEMBALI/XII/2026",
    )
    status = answer(database, SUMARNI)
    assert status.answer is Answer.RETURNED and status.since == returned_at
    sentence = status_sentence(status, WIB)
    assert "dikembalikan ke kecamatan pada 20 Desember 2026" in sentence
    assert "(berita acara 474/0003/BA-KEMBALI/XII/2026)" in sentence


def test_card_out_for_delivery_says_so(database: Database, batch: batches.BatchInfo) -> None:
    set_state(database, SUMARNI, CardState.OUT_FOR_DELIVERY)
    status = answer(database, SUMARNI)
    assert status.answer is Answer.OUT_FOR_DELIVERY
    assert "sedang diantar ke rumah" in status_sentence(status, WIB)


def test_extra_card_set_aside_cannot_be_collected_here(
    database: Database, batch: batches.BatchInfo, operator: StaffMember
) -> None:
    extra = scanning.receive_scan(database, operator, batch.id, "3374044107900002", today=TODAY)
    assert extra.card is not None
    scanning.set_aside(database, operator, extra.card.id)
    status = answer(database, "3374044107900002")
    assert status.answer is Answer.SET_ASIDE
    assert "disisihkan untuk dikembalikan" in status_sentence(status, WIB)


def test_card_that_did_not_arrive_names_the_berita_acara_of_its_batch(
    database: Database, batch: batches.BatchInfo, operator: StaffMember, data_dir: DataDir
) -> None:
    def write(_minutes: object, path: Path) -> Path:
        path.write_bytes(b"%PDF-1.4\n")
        return path

    closed = closing.close_batch(database, operator, batch.id, data_dir, write)
    status = answer(database, SRI)
    assert status.answer is Answer.MISSING
    assert status.berita_acara_number == closed.number and status.since is not None
    assert f"tidak ikut datang (berita acara {closed.number})" in status_sentence(status, WIB)


def test_unreadable_nik_is_refused_with_the_nik_rules_sentence(
    database: Database, batch: batches.BatchInfo
) -> None:
    with pytest.raises(LoketError, match="Terlalu pendek: 11 angka"):
        answer(database, "33740441079")


def test_new_card_in_stock_is_answered_before_the_old_one_already_collected(
    database: Database, batch: batches.BatchInfo, operator: StaffMember
) -> None:
    old = hand_over(database, operator, FAJAR)
    replacement = batches.open_batch(database, operator, "470/130/XII/2026", TODAY, today=TODAY)
    scanning.receive_scan(database, operator, replacement.id, FAJAR, today=TODAY)
    status = answer(database, FAJAR)
    assert status.answer is Answer.WAITING and status.batch_reference == "470/130/XII/2026"
    assert status.earlier_cards == 1
    hand_over(database, operator, FAJAR, owner_name="FAJAR MAULANA")
    latest = answer(database, FAJAR)
    assert latest.answer is Answer.HANDED_OVER and latest.handover is not None
    assert latest.handover.receipt_number != old.receipt_number


# ---------------------------------------------------------------- search by name


@pytest.fixture
def named(database: Database, kaligawe: OfficeInfo, operator: StaffMember) -> dict[str, int]:
    """A batch without a list whose names were typed in afterwards, titles and all."""
    opened = batches.open_batch(database, operator, "470/5/2026", TODAY, today=TODAY)
    names = {
        "3374044107900002": "Hj. SITI AMINAH",
        "3374046804070001": "SITI NURHALIZA",
        "3374045507780004": "Drs. H. Ahmad Sitompul, M.Si.",
        "3374046208602363": "SRI AMINAH SUSANTI",
        "3374042709545556": "MA'RUF SAPUTRA",
    }
    ids = {}
    for nik, name in names.items():
        outcome = scanning.receive_scan(database, operator, opened.id, nik, today=TODAY)
        assert outcome.card is not None
        scanning.update_card_details(database, operator, outcome.card.id, name)
        ids[name] = outcome.card.id
    return ids


def names_found(database: Database, query: str, limit: int = 50) -> list[str]:
    return [card.name for card in search.search_by_name(database, query, limit)]


@pytest.mark.parametrize("query", ["siti", "Hj. Siti", "SITI AMINAH", "hj siti ami", "HJ.SITI"])
def test_search_ignores_case_and_titles(
    database: Database, named: dict[str, int], query: str
) -> None:
    assert "Hj. SITI AMINAH" in names_found(database, query)


def test_every_query_word_must_start_a_word_of_the_name(
    database: Database, named: dict[str, int]
) -> None:
    assert names_found(database, "siti ami") == ["Hj. SITI AMINAH"]
    assert names_found(database, "aminah") == ["Hj. SITI AMINAH", "SRI AMINAH SUSANTI"]
    assert names_found(database, "mina") == []  # inside a word, not at its start
    assert names_found(database, "siti") == ["Hj. SITI AMINAH", "SITI NURHALIZA"]
    assert names_found(database, "sit") == [
        "Hj. SITI AMINAH",
        "SITI NURHALIZA",
        "Drs. H. Ahmad Sitompul, M.Si.",
    ]
    assert names_found(database, "ahmad msi") == ["Drs. H. Ahmad Sitompul, M.Si."]
    assert names_found(database, "maruf") == names_found(database, "ma'ruf") == ["MA'RUF SAPUTRA"]


def test_a_query_of_only_titles_or_punctuation_finds_nothing(
    database: Database, named: dict[str, int]
) -> None:
    assert names_found(database, "Hj.") == []
    assert names_found(database, " - ") == []


def test_search_shows_each_card_once_and_at_most_the_limit(
    database: Database, named: dict[str, int]
) -> None:
    found = names_found(database, "s")  # "SRI AMINAH SUSANTI" has two words starting with s
    assert len(found) == len(set(found)) == 5
    assert len(names_found(database, "s", limit=2)) == 2
    assert len(names_found(database, "s", limit=6)) == 5  # a second page, holding only a repeat


def test_renamed_card_is_found_by_its_new_name_only(
    database: Database, named: dict[str, int], operator: StaffMember
) -> None:
    scanning.update_card_details(database, operator, named["SITI NURHALIZA"], "Siti Nurjanah")
    assert names_found(database, "nurhaliza") == []
    assert names_found(database, "siti nurj") == ["Siti Nurjanah"]


def test_name_key_drops_titles_and_punctuation() -> None:
    assert name_key("Hj. SITI AMINAH") == " siti aminah "
    assert name_key("Drs. H. Ahmad Sitompul, M.Si.") == " ahmad sitompul "
    assert name_key("Hj.Siti Aminah, S.Pd.") == " siti aminah "
    assert name_key("NURUL NUR\u2019AINI") == " nurul nuraini "
    assert name_key("") == ""


def test_cards_held_before_the_upgrade_are_found_by_name_after_it(tmp_path: Path) -> None:
    """Migration 0002 computes the search key and words of every card already in the database."""
    data = DataDir(tmp_path / "data")
    data.create()
    database = Database(data.database_url)
    try:
        _fill_at_revision_0001(database)
        migrate.upgrade(database)
        assert migrate.current_revision(database) == migrate.head_revision()
        assert names_found(database, "hj siti ami") == ["Hj. SITI AMINAH"]
        with database.transaction() as session:
            keys = session.execute(select(Card.id, Card.name_key).order_by(Card.id)).all()
        assert [tuple(row) for row in keys] == [(1, " siti aminah "), (2, "")]
    finally:
        database.dispose()


def _fill_at_revision_0001(database: Database) -> None:
    """A desk's database from before handovers existed, holding a named and a nameless card."""
    config = migrate._alembic_config()
    at = "2026-11-01 01:00:00"
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO staff (id, username, full_name, nip, role, password_hash, active, "
                "failed_logins, created_at) VALUES (1, 'admin', '', '', 'ADMIN', 'x', :yes, 0, "
                ":at)"
            ),
            {"yes": True, "at": at},
        )
        connection.execute(
            text(
                "INSERT INTO batch (id, reference, letter_date, courier_name, has_manifest, "
                "manifest_filename, status, opened_at, opened_by_id) VALUES (1, '470/1', "
                "'2026-11-01', '', :yes, '', 'OPEN', :at, 1)"
            ),
            {"yes": True, "at": at},
        )
        for card_id, nik, name in (
            (1, "3374044107900002", "Hj. SITI AMINAH"),
            (2, "3374046804070001", ""),
        ):
            connection.execute(
                text(
                    "INSERT INTO card (id, nik, name, rt, rw, address, batch_id, state, "
                    "on_manifest, created_at, created_by_id) VALUES (:id, :nik, :name, '', '', "
                    "'', 1, 'IN_STOCK', :yes, :at, 1)"
                ),
                {"id": card_id, "nik": nik, "name": name, "yes": True, "at": at},
            )
