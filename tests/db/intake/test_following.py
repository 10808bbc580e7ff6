"""What an open intake page reads to follow other desks: the counts, the cards scanned since the
newest scan it holds, and the batch closed elsewhere; and the office's change stamp."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from loket.core import following as office_following
from loket.core.handover import confirming
from loket.core.handover.rules import HandoverRequest
from loket.core.intake import closing, following, scanning
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.documents.intake.berita_acara import write_batch_receipt_minutes
from loket.domain.states import CardState, DocumentChecked, OldCardFate, Relation
from tests.helpers.cards import kaligawe_list_batch

TODAY = dt.date(2026, 11, 27)
NOT_LISTED = "3374044107900002"


def test_the_view_to_follow_holds_the_newest_scan_and_news_names_only_later_cards(
    database: Database, kaligawe, operator: StaffMember, samples: Path
) -> None:
    batch, report = kaligawe_list_batch(database, operator, samples, TODAY, received=3)
    followed = following.followed_view(database, batch.id)
    assert followed is not None
    assert followed.view.batch.counts.received == 3
    nothing = following.batch_news(database, batch.id, True, followed.mark)
    assert nothing.cards == () and nothing.mark == followed.mark and nothing.still_open

    for entry in report.entries[3:5]:  # another desk, the same batch
        scanning.receive_scan(database, operator, batch.id, entry.nik, today=TODAY)
    scanning.receive_scan(database, operator, batch.id, NOT_LISTED, today=TODAY)
    scanning.receive_scan(database, operator, batch.id, "12345", today=TODAY)  # unreadable
    news = following.batch_news(database, batch.id, True, followed.mark)

    assert [card.nik for card in news.cards] == [e.nik for e in report.entries[3:5]] + [NOT_LISTED]
    assert all(card.state is CardState.IN_STOCK for card in news.cards)
    assert (news.counts.received, news.counts.missing, news.counts.extra) == (5, 51, 1)
    assert news.mark == followed.mark + 4 and not news.too_many
    assert following.batch_news(database, batch.id, True, news.mark).cards == ()


def test_more_news_than_a_page_takes_asks_for_the_whole_batch_again(
    database: Database, kaligawe, operator: StaffMember, samples: Path
) -> None:
    batch, report = kaligawe_list_batch(database, operator, samples, TODAY)
    followed = following.followed_view(database, None)  # the newest open batch
    assert followed is not None and followed.view.batch.id == batch.id and followed.mark == 0
    for entry in report.entries[:6]:
        scanning.receive_scan(database, operator, batch.id, entry.nik, today=TODAY)

    news = following.batch_news(database, batch.id, True, followed.mark, most=5)
    assert news.too_many and news.cards == () and news.counts.received == 6
    assert len(following.batch_news(database, batch.id, True, 0, most=6).cards) == 6


def test_a_batch_closed_at_another_desk_is_news(
    database: Database, kaligawe, operator: StaffMember, samples: Path, data_dir: DataDir
) -> None:
    batch, _report = kaligawe_list_batch(database, operator, samples, TODAY, received=2)
    closing.close_batch(database, operator, batch.id, data_dir, write_batch_receipt_minutes)
    news = following.batch_news(database, batch.id, True, 0)
    assert not news.still_open
    assert following.followed_view(database, None) is None  # no batch open any more


def test_every_change_of_any_desk_moves_the_office_stamp(
    database: Database, kaligawe, operator: StaffMember, samples: Path
) -> None:
    before = office_following.office_stamp(database)
    batch, report = kaligawe_list_batch(database, operator, samples, TODAY, received=1)
    opened_and_scanned = office_following.office_stamp(database)
    assert opened_and_scanned >= before + 2
    scanning.receive_scan(database, operator, batch.id, report.entries[0].nik, today=TODAY)
    assert office_following.office_stamp(database) == opened_and_scanned  # a duplicate: no change
    card = scanning.receive_scan(database, operator, batch.id, report.entries[1].nik, today=TODAY)
    assert card.card is not None
    received = office_following.office_stamp(database)
    assert received > opened_and_scanned
    confirming.confirm(
        database,
        operator,
        HandoverRequest(
            card_id=card.card.id,
            relation=Relation.OWNER,
            old_card=OldCardFate.SURRENDERED,
            documents=frozenset({DocumentChecked.RECORDING_SLIP}),
            owner_name=report.entries[1].name,
        ),
    )
    assert office_following.office_stamp(database) > received


def test_only_a_shared_server_has_other_desks_writing(database: Database) -> None:
    shared = {"sqlite": False, "postgresql": True}[database.engine.dialect.name]
    assert office_following.others_write(database) is shared
