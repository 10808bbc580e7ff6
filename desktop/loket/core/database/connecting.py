"""Connecting a desk to the office's shared PostgreSQL server, testing it, and going back.

The desk's choice lives in its data folder (DIR/database-server.json, no password), the
password in the credential store (db/credentials.py). Nothing is switched before the server
has answered, is new enough and holds a schema this program can use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy.exc import DBAPIError

from loket.datadir import (
    DEFAULT_POSTGRES_PORT,
    DataDir,
    ServerAddress,
    ServerSettingsUnreadable,
)
from loket.db import credentials, migrate, server
from loket.db.credentials import PasswordPlace
from loket.db.engine import Database
from loket.db.server import ServerState
from loket.domain.errors import LoketError
from loket.i18n import _

_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


class AddressUnusable(LoketError):
    """The server's address as typed cannot be used; nothing was tried."""


@dataclass(frozen=True, slots=True)
class ConnectionCheck:
    """A server that answered: what it is and what connecting this desk would do to it."""

    address: ServerAddress
    version: str  # PostgreSQL's, "15.8"
    revision: str | None  # the office schema's; None: an empty database
    up_to_date: bool

    @property
    def empty(self) -> bool:
        return self.revision is None


@dataclass(frozen=True, slots=True)
class DeskConnected:
    check: ConnectionCheck
    password_place: PasswordPlace
    password_file: Path  # where it is when password_place is PRIVATE_FILE


def server_address(host: str, port: int | str, database: str, user: str) -> ServerAddress:
    """The fields of Pengaturan or the parts of a URL, checked; AddressUnusable if not usable."""
    host, database, user = host.strip(), database.strip(), user.strip()
    text = str(port).strip()
    if not host:
        raise AddressUnusable(_("Isi alamat server (nama PC atau alamat IP, mis. 192.168.1.10)."))
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise AddressUnusable(
            _("Port {port} tidak dikenal. Biasanya 5432.").format(port=text or "(kosong)")
        )
    if not database:
        raise AddressUnusable(_("Isi nama basis data di server (mis. loket)."))
    if not user:
        raise AddressUnusable(_("Isi nama pengguna basis data (mis. loket)."))
    return ServerAddress(host=host, port=int(text), database=database, user=user)


def parse_server_url(text: str) -> ServerAddress:
    """postgresql://USER@HOST:PORT/DB as IT staff type it; a password in it is refused (it would
    stay in the shell's history): it is read from standard input instead."""
    parts = urlsplit(text.strip())
    if parts.scheme not in _SCHEMES:
        raise AddressUnusable(
            _(
                "Alamat {url} bukan alamat PostgreSQL. Tulis sebagai "
                "postgresql://PENGGUNA@SERVER:5432/BASISDATA"
            ).format(url=text)
        )
    if parts.password is not None:
        raise AddressUnusable(
            _(
                "Jangan tulis kata sandi di dalam alamat: ia akan tersimpan di riwayat perintah. "
                "Tulis alamat tanpa kata sandi dan berikan kata sandi lewat --password-stdin."
            )
        )
    try:
        port = parts.port or DEFAULT_POSTGRES_PORT
    except ValueError as error:
        raise AddressUnusable(
            _("Port di alamat {url} tidak dikenal. Biasanya 5432.").format(url=text)
        ) from error
    return server_address(
        unquote(parts.hostname or ""),
        port,
        unquote(parts.path.lstrip("/")),
        unquote(parts.username or ""),
    )


def check_connection(address: ServerAddress, password: str) -> ConnectionCheck:
    """ "Tes koneksi": connects once and says what it found; ServerUnusable says what is wrong.
    Changes nothing, on the server or on the desk."""
    return _check(server.examine(address, password), address)


def _check(state: ServerState, address: ServerAddress) -> ConnectionCheck:
    return ConnectionCheck(address, state.version, state.revision, state.up_to_date)


def connect_desk(data: DataDir, address: ServerAddress, password: str) -> DeskConnected:
    """Tests the server, brings its schema to this program's (an empty database gets the whole
    office schema), keeps the password and switches this desk over. The desk's own SQLite file
    stays as it is, unused (`use_local` goes back to it)."""
    check = check_connection(address, password)
    if not check.up_to_date:
        database = Database(server.server_url(address, password))
        try:
            migrate.upgrade(database)
        except DBAPIError as error:
            problem, detail = server.connection_problem(error)
            raise server.ServerUnusable(problem, address, detail) from error
        finally:
            database.dispose()
    place = credentials.save_password(data, address, password)
    data.use_server(address)
    return DeskConnected(check, place, credentials.password_file(data))


def use_local(data: DataDir) -> Path:
    """This desk opens its own SQLite file again; the server and its data are not touched.
    Returns the file."""
    try:
        address = data.server
    except ServerSettingsUnreadable:
        address = None  # a damaged file is what use-local is for
    data.use_local()
    if address is not None:
        credentials.forget_password(data, address)
    return data.database


def password_kept_sentence(place: PasswordPlace, file: Path) -> str:
    """Where the password went, as the desk is told (the file says so: no credential store)."""
    if place is PasswordPlace.CREDENTIAL_STORE:
        return _("Kata sandi disimpan di penyimpan kredensial Windows (Credential Manager).")
    return _(
        "PC ini tidak punya penyimpan kredensial, jadi kata sandi disimpan di berkas {path} "
        "yang hanya bisa dibaca akun ini."
    ).format(path=file)


def connected_sentence(connected: DeskConnected) -> str:
    check = connected.check
    address = check.address
    if check.empty:
        what = _("Basis data {database} masih kosong: kantor baru dibuat di sana.")
    elif check.up_to_date:
        what = _("Basis data {database} berisi kantor yang sudah dipakai loket lain.")
    else:
        what = _("Basis data {database} diperbarui ke versi program ini.")
    return " ".join(
        (
            _(
                "Loket ini sekarang memakai {database} di server {host} (PostgreSQL {version})."
            ).format(database=address.database, host=address.host, version=check.version),
            what.format(database=address.database),
            password_kept_sentence(connected.password_place, connected.password_file),
        )
    )
