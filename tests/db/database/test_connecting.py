"""Connecting a desk to the office's PostgreSQL server, against the running server: each way it
can fail said exactly, the empty database migrated, the password kept away from plain files."""

from __future__ import annotations

import dataclasses
import json
import socket
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.pool import NullPool

from loket.core.database import connecting, status
from loket.core.office import identity
from loket.datadir import DataDir, ServerAddress, ServerSettingsUnreadable
from loket.db import credentials, migrate
from loket.db import server as server_checks
from loket.db.credentials import PasswordPlace
from loket.db.engine import (
    IDLE_IN_TRANSACTION_TIMEOUT_MS,
    KEEPALIVE_IDLE_S,
    STATEMENT_TIMEOUT_MS,
)
from loket.db.open import open_database
from loket.db.server import ServerProblem, ServerUnusable
from tests.helpers.fresh_process import opening_imports
from tests.helpers.shared_server import Server, desks_url, opens_on


def free_port() -> int:
    """A port on this machine that nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def refused(address: ServerAddress, password: str) -> ServerUnusable:
    with pytest.raises(ServerUnusable) as caught:
        connecting.check_connection(address, password)
    return caught.value


def on_server(sql: str) -> object:
    """One statement on the server's database, committed; its first value, if it has one."""
    engine = create_engine(desks_url(), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            result = connection.exec_driver_sql(sql)
            return result.scalar() if result.returns_rows else None
    finally:
        engine.dispose()


def test_a_wrong_password_is_said_as_such(server: Server) -> None:
    problem = refused(server.address, "bukan-sandinya")
    assert problem.problem is ServerProblem.WRONG_PASSWORD
    assert "kata sandinya salah" in problem.message and server.address.user in problem.message


def test_a_database_that_does_not_exist_is_named(server: Server) -> None:
    missing = dataclasses.replace(server.address, database="loket_tidak_ada")
    problem = refused(missing, server.password)
    assert problem.problem is ServerProblem.DATABASE_MISSING
    assert "Basis data loket_tidak_ada tidak ada di server" in problem.message


def test_a_port_nobody_listens_on_is_not_reachable(server: Server) -> None:
    port = free_port()
    problem = refused(dataclasses.replace(server.address, port=port), server.password)
    assert problem.problem is ServerProblem.UNREACHABLE
    assert f"port {port} tidak bisa dihubungi" in problem.message
    assert "Windows Firewall" in problem.message


def test_a_host_name_that_does_not_resolve_is_not_reachable(server: Server) -> None:
    nowhere = dataclasses.replace(server.address, host="server-kelurahan.invalid")
    assert refused(nowhere, server.password).problem is ServerProblem.UNREACHABLE


def test_a_server_older_than_the_minimum_is_refused_with_its_version(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The running server is the only one here: the minimum is raised above it.
    monkeypatch.setattr(server_checks, "MINIMUM_SERVER_VERSION", 9_990_000)
    version = str(on_server("SHOW server_version")).split()[0]
    problem = refused(server.address, server.password)
    assert problem.problem is ServerProblem.TOO_OLD
    assert f"terlalu lama (versi {version})" in problem.message and "versi 13" in problem.message


def test_a_schema_newer_than_this_program_is_refused_and_left_alone(
    server: Server, data_dir: DataDir
) -> None:
    on_server("CREATE TABLE alembic_version (version_num VARCHAR(32))")
    on_server("INSERT INTO alembic_version VALUES ('0099')")
    problem = refused(server.address, server.password)
    assert problem.problem is ServerProblem.SCHEMA_NEWER
    assert "versi yang lebih baru" in problem.message
    with pytest.raises(ServerUnusable, match="versi yang lebih baru"):
        connecting.connect_desk(data_dir, server.address, server.password)
    assert on_server("SELECT version_num FROM alembic_version") == "0099"
    assert data_dir.server is None


def test_a_database_of_another_program_is_refused(server: Server, data_dir: DataDir) -> None:
    on_server("CREATE TABLE pelanggan (id INTEGER)")
    with pytest.raises(ServerUnusable, match="pelanggan") as caught:
        connecting.connect_desk(data_dir, server.address, server.password)
    assert caught.value.problem is ServerProblem.NOT_LOKET
    assert data_dir.server is None  # the desk was not switched


def test_the_connection_test_says_what_it_found_and_changes_nothing(server: Server) -> None:
    found = connecting.check_connection(server.address, server.password)
    assert found.empty and not found.up_to_date
    assert found.version.split(".")[0].isdigit()
    assert on_server("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == 0


def test_connecting_migrates_the_empty_database_and_switches_the_desk(
    server: Server, data_dir: DataDir
) -> None:
    connected = connecting.connect_desk(data_dir, server.address, server.password)
    assert connected.check.empty
    assert data_dir.server == server.address
    assert "kantor baru dibuat" in connecting.connected_sentence(connected)
    database = open_database(data_dir)
    try:
        assert database.engine.dialect.name == "postgresql"
        assert migrate.current_revision(database) == migrate.head_revision()
        identity.set_up_office(database, "33.74.04.1002")
    finally:
        database.dispose()
    assert not data_dir.database.exists()  # the desk never made a file of its own


def test_a_second_desk_sees_the_office_the_first_set_up(
    server: Server, data_dir: DataDir, tmp_path: Path
) -> None:
    connecting.connect_desk(data_dir, server.address, server.password)
    first = open_database(data_dir)
    identity.set_up_office(first, "33.74.04.1002", lurah_name="Drs. Bambang Sutrisno, M.Si.")
    first.dispose()
    second_desk = DataDir(tmp_path / "loket-2")
    connected = connecting.connect_desk(second_desk, server.address, server.password)
    assert not connected.check.empty and connected.check.up_to_date
    assert "sudah dipakai loket lain" in connecting.connected_sentence(connected)
    second = open_database(second_desk)
    office = identity.get_office(second)
    second.dispose()
    assert office is not None and office.kelurahan == "Kaligawe"


def test_without_a_credential_store_the_password_is_in_a_file_only_the_account_reads(
    server: Server, data_dir: DataDir
) -> None:
    connected = connecting.connect_desk(data_dir, server.address, server.password)
    assert connected.password_place is PasswordPlace.PRIVATE_FILE
    path = credentials.password_file(data_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    kept = json.loads(data_dir.server_settings.read_text(encoding="utf-8"))
    assert set(kept) == {"host", "port", "database", "user"}  # no password beside them
    assert "hanya bisa dibaca akun ini" in connecting.connected_sentence(connected)
    assert credentials.load_password(data_dir, server.address) == server.password
    elsewhere = dataclasses.replace(server.address, host="192.168.1.99")
    assert credentials.load_password(data_dir, elsewhere) is None  # another server's: not given


@pytest.fixture
def credential_store() -> Iterator[dict[tuple[str, str], str]]:
    """A credential store that keeps passwords in memory, as Windows Credential Manager would."""
    import keyring
    from keyring.backend import KeyringBackend

    kept: dict[tuple[str, str], str] = {}

    class InMemory(KeyringBackend):
        priority = 10  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return kept.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            kept[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            kept.pop((service, username), None)

    before = keyring.get_keyring()
    keyring.set_keyring(InMemory())
    yield kept
    keyring.set_keyring(before)


def test_with_a_credential_store_the_password_goes_there_and_nowhere_else(
    server: Server, data_dir: DataDir, credential_store: dict[tuple[str, str], str]
) -> None:
    connected = connecting.connect_desk(data_dir, server.address, server.password)
    assert connected.password_place is PasswordPlace.CREDENTIAL_STORE
    assert credential_store == {("Loket KTP-el", server.address.label): server.password}
    assert not credentials.password_file(data_dir).exists()
    assert "Credential Manager" in connecting.connected_sentence(connected)
    open_database(data_dir).dispose()  # the desk opens with the stored password
    connecting.use_local(data_dir)
    assert credential_store == {}


def test_use_local_goes_back_to_the_file_and_forgets_the_password(
    server: Server, data_dir: DataDir
) -> None:
    connecting.connect_desk(data_dir, server.address, server.password)
    assert connecting.use_local(data_dir) == data_dir.database
    assert data_dir.server is None
    assert not credentials.password_file(data_dir).exists()
    assert opens_on(data_dir) == "sqlite"


def test_every_connection_to_the_server_finds_a_dead_link_in_seconds(
    server: Server, data_dir: DataDir
) -> None:
    connecting.connect_desk(data_dir, server.address, server.password)
    database = open_database(data_dir)
    names = ("statement_timeout", "idle_in_transaction_session_timeout", "lock_timeout")
    try:
        with database.engine.connect() as connection:
            shown = {
                name: connection.exec_driver_sql(
                    f"SELECT setting FROM pg_settings WHERE name = '{name}'"
                ).scalar()
                for name in names
            }
            keepalive = connection.exec_driver_sql("SHOW tcp_keepalives_idle").scalar()
            driver = connection.connection.dbapi_connection
            assert driver is not None
            client = driver.info.get_parameters()
    finally:
        database.dispose()
    assert shown == {  # in milliseconds
        "statement_timeout": str(STATEMENT_TIMEOUT_MS),
        "idle_in_transaction_session_timeout": str(IDLE_IN_TRANSACTION_TIMEOUT_MS),
        "lock_timeout": "15000",
    }
    assert keepalive == str(KEEPALIVE_IDLE_S)  # the server probes the desk as often
    assert client["connect_timeout"] == "5" and client["keepalives"] == "1"
    assert client["keepalives_idle"] == str(KEEPALIVE_IDLE_S)
    assert client["tcp_user_timeout"] == "10000"


def test_a_desk_whose_server_is_gone_refuses_to_open_saying_why(
    server: Server, data_dir: DataDir
) -> None:
    connecting.connect_desk(data_dir, server.address, server.password)
    moved = dataclasses.replace(server.address, port=free_port())
    data_dir.use_server(moved)
    credentials.save_password(data_dir, moved, server.password)
    with pytest.raises(ServerUnusable, match="tidak bisa dihubungi"):
        open_database(data_dir)
    assert not data_dir.database.exists()  # no empty office of its own instead


def test_a_damaged_server_file_is_refused_not_read_as_this_desk_alone(data_dir: DataDir) -> None:
    data_dir.create()
    data_dir.server_settings.write_text("{ rusak", encoding="utf-8")
    with pytest.raises(ServerSettingsUnreadable, match="use-local"):
        open_database(data_dir)
    assert not data_dir.database.exists()
    connecting.use_local(data_dir)
    assert data_dir.server is None


def test_status_names_the_server_its_version_and_schema(server: Server, data_dir: DataDir) -> None:
    connecting.connect_desk(data_dir, server.address, server.password)
    found = status.desk_status(data_dir)
    assert found.reachable and found.location == server.address.label
    assert found.schema_current and found.server_version
    assert found.password_place is PasswordPlace.PRIVATE_FILE
    assert found.desks == ()  # no desk has it open
    open_desk = open_database(data_dir)  # a desk running keeps its connection open
    try:
        with open_desk.transaction() as session:
            session.execute(select(1))
        assert status.desk_status(data_dir).desks in (("127.0.0.1",), ("::1",))
    finally:
        open_desk.dispose()
    assert status.desk_status(data_dir).desks == ()
    credentials.forget_password(data_dir, server.address)
    gone = status.desk_status(data_dir)
    assert not gone.reachable and "tidak menyimpan kata sandi" in gone.problem


def test_three_desks_opening_an_empty_server_at_once_migrate_it_once(
    server: Server, tmp_path: Path
) -> None:
    desks = [DataDir(tmp_path / f"loket-{n}") for n in (1, 2, 3)]
    for desk in desks:
        desk.use_server(server.address)
        credentials.save_password(desk, server.address, server.password)
    failures: list[BaseException] = []

    def open_one(desk: DataDir) -> None:
        try:
            open_database(desk).dispose()
        except BaseException as error:  # collected, asserted below
            failures.append(error)

    threads = [threading.Thread(target=open_one, args=(desk,)) for desk in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert on_server("SELECT count(*) FROM alembic_version") == 1
    assert on_server("SELECT version_num FROM alembic_version") == migrate.head_revision()


def test_a_desk_opens_a_current_server_without_importing_alembic(
    server: Server, data_dir: DataDir
) -> None:
    """As a desk's own current file: the stored revision read, compared with the newest
    migration's file name, and nothing migrated (Alembic costs a desk's start 0.2 s)."""
    connecting.connect_desk(data_dir, server.address, server.password)  # migrates it here
    assert opening_imports(data_dir.root, "alembic") == []
