"""The server's address as IT staff type it, and where a desk keeps it: checked before any try."""

from __future__ import annotations

from pathlib import Path

import pytest

from loket.core.database.connecting import AddressUnusable, parse_server_url, server_address
from loket.datadir import DataDir, ServerAddress, ServerSettingsUnreadable


def test_a_url_without_port_gets_postgresqls_own() -> None:
    assert parse_server_url("postgresql://loket@192.168.1.10/loket_kaligawe") == ServerAddress(
        "192.168.1.10", 5432, "loket_kaligawe", "loket"
    )


def test_every_part_of_a_full_url_is_kept_and_unquoted() -> None:
    found = parse_server_url("postgres://petugas%40kel@server-kelurahan:6543/loket%20kaligawe")
    assert found == ServerAddress("server-kelurahan", 6543, "loket kaligawe", "petugas@kel")


def test_a_password_in_the_url_is_refused_so_it_stays_out_of_the_shell_history() -> None:
    with pytest.raises(AddressUnusable, match="--password-stdin"):
        parse_server_url("postgresql://loket:rahasia@192.168.1.10/loket")


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("mysql://loket@192.168.1.10/loket", "bukan alamat PostgreSQL"),
        ("192.168.1.10", "bukan alamat PostgreSQL"),
        ("postgresql://loket@192.168.1.10:99999/loket", "Port"),
        ("postgresql://loket@192.168.1.10", "nama basis data"),
        ("postgresql://192.168.1.10/loket", "nama pengguna"),
        ("postgresql:///loket", "alamat server"),
    ],
)
def test_an_incomplete_or_foreign_url_says_what_is_missing(url: str, words: str) -> None:
    with pytest.raises(AddressUnusable, match=words):
        parse_server_url(url)


def test_the_settings_fields_are_trimmed_and_the_port_must_be_a_number() -> None:
    assert server_address(" 192.168.1.10 ", " 5432", " loket ", " loket ").host == "192.168.1.10"
    with pytest.raises(AddressUnusable, match="Port lima"):
        server_address("192.168.1.10", "lima", "loket", "loket")


def test_the_desk_remembers_its_server_without_a_password_and_forgets_it(tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data")
    assert data.server is None and data.database_url.startswith("sqlite:///")
    address = ServerAddress("192.168.1.10", 5432, "loket", "loket")
    data.use_server(address)
    assert DataDir(data.root).server == address
    assert data.database_url == "postgresql+psycopg://loket@192.168.1.10:5432/loket"
    data.use_local()
    assert data.server is None


@pytest.mark.parametrize(
    "content", ["{ rusak", "[]", '{"host": "x"}', '{"host": "x", "port": "a"}']
)
def test_a_damaged_server_file_is_refused_never_taken_as_this_desk_alone(
    tmp_path: Path, content: str
) -> None:
    data = DataDir(tmp_path)
    data.server_settings.write_text(content, encoding="utf-8")
    with pytest.raises(ServerSettingsUnreadable, match=r"database-server\.json"):
        _ = data.server
