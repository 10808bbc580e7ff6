"""`loket database ...` as IT staff type it: exit codes, the password from standard input only."""

from __future__ import annotations

import dataclasses
import io
import sys
from pathlib import Path

import pytest

from loket.cli import main
from loket.core.settings.desk import load_desk_settings
from loket.datadir import DataDir
from loket.db import credentials
from loket.db.open import open_database
from tests.helpers.busy_office import build_busy_office
from tests.helpers.shared_server import Server


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    password: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def command(data_dir: DataDir, *words: str) -> tuple[str, ...]:
    """`loket --data-dir DIR database WORDS...`"""
    return ("--data-dir", str(data_dir.root), "database", *words)


def url(server: Server, **parts: object) -> str:
    address = server.address
    fields = {"user": address.user, "host": address.host, "port": address.port}
    fields.update(parts)
    database = fields.pop("database", address.database)
    return "postgresql://{user}@{host}:{port}/".format(**fields) + str(database)


def test_connect_status_and_use_local(
    server: Server,
    data_dir: DataDir,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connect = command(data_dir, "connect", url(server), "--password-stdin", "--desk", "Loket  2")
    code, out, _err = run(capsys, monkeypatch, *connect, password=server.password)
    assert code == 0 and f"memakai {server.address.database} di server" in out
    assert "Nama loket ini: Loket 2" in out
    assert load_desk_settings(data_dir.root).desk_name == "Loket 2"
    code, out, _err = run(
        capsys,
        monkeypatch,
        "--data-dir",
        str(data_dir.root),
        "setup",
        "--kelurahan",
        "33.74.04.1002",
    )
    assert code == 0 and "Kaligawe" in out  # set up on the server, not in a file
    assert not data_dir.database.exists()
    code, out, _err = run(capsys, monkeypatch, *command(data_dir, "status"))
    assert code == 0
    assert f"server PostgreSQL bersama, {server.address.label}" in out
    assert "Terhubung: ya, PostgreSQL" in out and "sama dengan program ini" in out
    assert "Loket lain yang tersambung sekarang: 0" in out
    assert "Nama loket ini: Loket 2" in out
    code, out, _err = run(capsys, monkeypatch, *command(data_dir, "use-local"))
    assert code == 0 and "kembali memakai basis data di PC ini" in out
    code, out, _err = run(capsys, monkeypatch, *command(data_dir, "status"))
    assert code == 0 and f"di PC ini saja, {data_dir.database}" in out


@pytest.mark.parametrize(
    ("change", "password", "words"),
    [
        ({}, "bukan-sandinya", "kata sandinya salah"),
        ({"database": "loket_tidak_ada"}, None, "tidak ada di server"),
        ({"port": 1}, None, "tidak bisa dihubungi"),
    ],
)
def test_connect_refused_says_why_and_leaves_the_desk_as_it_was(
    server: Server,
    data_dir: DataDir,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    change: dict[str, object],
    password: str | None,
    words: str,
) -> None:
    connect = command(data_dir, "connect", url(server, **change), "--password-stdin")
    typed = server.password if password is None else password
    code, _out, err = run(capsys, monkeypatch, *connect, password=typed)
    assert code == 1 and words in err
    assert data_dir.server is None


def test_a_desk_name_too_long_is_refused_before_the_server_is_tried(
    server: Server,
    data_dir: DataDir,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    too_long = "Loket pelayanan KTP-el lantai dua sebelah kanan"
    connect = command(data_dir, "connect", url(server), "--password-stdin", "--desk", too_long)
    code, _out, err = run(capsys, monkeypatch, *connect, password=server.password)
    assert code == 1 and "Nama loket paling panjang 40 huruf" in err
    assert data_dir.server is None and load_desk_settings(data_dir.root).desk_name == "Loket 1"


def test_a_status_of_a_server_gone_exits_1_saying_why(
    server: Server,
    data_dir: DataDir,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connect = command(data_dir, "connect", url(server), "--password-stdin")
    run(capsys, monkeypatch, *connect, password=server.password)
    address = data_dir.server
    assert address is not None
    gone = dataclasses.replace(address, port=1)
    data_dir.use_server(gone)
    credentials.save_password(data_dir, gone, server.password)
    code, out, _err = run(capsys, monkeypatch, *command(data_dir, "status"))
    assert code == 1 and "Terhubung: tidak" in out and "tidak bisa dihubungi" in out


def test_move_to_moves_the_office_and_says_what_was_checked(
    server: Server,
    data_dir: DataDir,
    samples: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    database = open_database(data_dir)
    office = build_busy_office(database, data_dir, samples)
    database.dispose()
    move_to = command(data_dir, "move-to", url(server), "--password-stdin")
    code, out, err = run(capsys, monkeypatch, *move_to, password=server.password)
    assert code == 0, err
    assert "jumlah baris sama di kedua sisi" in out
    assert f"Nomor tanda terima terakhir di kedua sisi: {office.receipts[-1]}" in out
    assert "tidak diubah dan tetap tersimpan" in out
    assert data_dir.server == server.address
    code, out, err = run(capsys, monkeypatch, *move_to, password=server.password)
    assert code == 1 and "sudah memakai server" in err


def test_a_password_typed_into_the_url_is_refused_before_anything_is_tried(
    data_dir: DataDir, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    typed_url = "postgresql://loket:rahasia@192.168.1.10/loket"
    code, _out, err = run(capsys, monkeypatch, *command(data_dir, "connect", typed_url))
    assert code == 1 and "--password-stdin" in err and "rahasia" not in err
