"""The link to a shared server: a dead one found in seconds, a slow one left alone, a restarted
server used again at the next transaction. On a private PostgreSQL (tests/helpers/
private_server.py), stopped and started at will, or behind a relay that becomes a pulled cable.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from loket.db.engine import TCP_USER_TIMEOUT_MS, Database
from loket.db.link import PROBE_TIMEOUT_S, SUSPECT_AFTER_S, server_answers
from loket.domain.errors import StorageError, StorageProblem
from tests.helpers.private_server import Blackhole, PrivateServer

#: What the link watch needs to find a silent link, with room for a loaded CI machine.
FOUND_WITHIN_S = SUSPECT_AFTER_S + PROBE_TIMEOUT_S + 2.0


@pytest.fixture
def relay(running_server: PrivateServer) -> Iterator[Blackhole]:
    hole = Blackhole(running_server.port)
    yield hole
    hole.close()


@pytest.fixture
def through_relay(running_server: PrivateServer, relay: Blackhole) -> Iterator[Database]:
    database = Database(running_server.url(relay.port))
    yield database
    database.dispose()


def one(database: Database) -> int:
    with database.transaction() as session:
        return int(session.execute(text("SELECT 1")).scalar_one())


def test_the_probe_tells_a_server_that_answers_from_one_gone_or_silent(
    running_server: PrivateServer, relay: Blackhole
) -> None:
    assert server_answers("127.0.0.1", running_server.port)
    assert server_answers("127.0.0.1", relay.port)
    relay.cut()
    began = time.monotonic()
    assert not server_answers("127.0.0.1", relay.port)
    assert time.monotonic() - began < PROBE_TIMEOUT_S + 1
    running_server.stop("fast")
    began = time.monotonic()
    assert not server_answers("127.0.0.1", running_server.port)
    assert time.monotonic() - began < 1  # refused at once: nothing to wait for


@pytest.mark.parametrize("mode", ["immediate", "fast"])
def test_the_first_transaction_after_a_restart_uses_the_server_again(
    running_server: PrivateServer, mode: str
) -> None:
    database = Database(running_server.url())
    try:
        assert one(database) == 1
        running_server.stop(mode)
        with pytest.raises(StorageError) as refused:
            one(database)
        assert refused.value.problem is StorageProblem.UNAVAILABLE
        running_server.start()
        assert one(database) == 1  # the pool's dead connection replaced, not handed out
    finally:
        database.dispose()


def test_a_statement_on_a_pulled_cable_fails_in_seconds_and_nothing_waits_after_it(
    through_relay: Database, relay: Blackhole
) -> None:
    assert one(through_relay) == 1
    relay.cut()
    began = time.monotonic()
    with pytest.raises(StorageError) as refused:
        one(through_relay)
    found = time.monotonic() - began
    print(f"pulled cable found after {found:.1f} s")
    assert refused.value.problem is StorageProblem.UNAVAILABLE
    assert found < FOUND_WITHIN_S
    began = time.monotonic()
    with pytest.raises(StorageError):
        one(through_relay)  # known down: not another connection left to time out
    assert time.monotonic() - began < 0.5
    assert not through_relay.reachable()

    relay.mend()
    assert through_relay.reachable()
    assert one(through_relay) == 1


def test_a_slow_statement_on_a_live_link_is_left_to_finish(through_relay: Database) -> None:
    began = time.monotonic()
    with through_relay.transaction() as session:
        session.execute(text("SELECT pg_sleep(:s)"), {"s": SUSPECT_AFTER_S * 2 + 1})
    assert time.monotonic() - began >= SUSPECT_AFTER_S * 2 + 1
    assert through_relay.link is not None and not through_relay.link.down


def test_the_server_finds_a_desk_gone_as_quickly(running_server: PrivateServer) -> None:
    database = Database(running_server.url())
    try:
        with database.transaction() as session:
            shown = session.execute(text("SHOW tcp_user_timeout")).scalar_one()
        assert shown == str(TCP_USER_TIMEOUT_MS)  # in milliseconds
    finally:
        database.dispose()


def test_a_desk_on_its_own_file_has_no_link_to_watch(database: Database) -> None:
    if database.on_server:
        pytest.skip("this desk's own file only")
    assert database.link is None
    assert database.reachable()
