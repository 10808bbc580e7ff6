"""A shared PostgreSQL server as a desk finds it: reachable, the password right, the database
there, new enough, and a schema this program knows; each failure said in Indonesian.

libpq gives a failed connection no SQLSTATE, only its words; PostgreSQL ships no Indonesian
translation of them, so they are read in English (a server set to another language falls to
"something else", with the server's own words shown).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import URL, create_engine, inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from loket.datadir import ServerAddress
from loket.db import migrate
from loket.db.engine import APPLICATION_NAME, postgres_connect_args
from loket.domain.errors import LoketError
from loket.i18n import _

#: The oldest PostgreSQL the migrations run on (EXECUTE FUNCTION needs 11; 13 is the oldest
#: with the settings the desk sets at every connection, idle_in_transaction_session_timeout
#: and friends, behaving as the tests see them on 15).
MINIMUM_SERVER_VERSION = 130000


class ServerProblem(enum.Enum):
    UNREACHABLE = "unreachable"  # no answer: wrong address, server off, firewall, cable
    HOST_NOT_ALLOWED = "host_not_allowed"  # pg_hba.conf has no line for this PC
    WRONG_PASSWORD = "wrong_password"  # or a user that does not exist: the server says the same
    NO_PASSWORD = "no_password"  # the desk keeps no password for this server
    DATABASE_MISSING = "database_missing"
    NO_PERMISSION = "no_permission"  # the user may not connect to, or create tables in, it
    TOO_OLD = "too_old"
    SCHEMA_NEWER = "schema_newer"  # a newer Loket KTP-el has migrated it
    NOT_LOKET = "not_loket"  # tables of some other program
    OTHER = "other"


class ServerUnusable(LoketError):
    """The desk cannot use this server; nothing was changed on it or on the desk."""

    def __init__(self, problem: ServerProblem, address: ServerAddress, detail: str = "") -> None:
        super().__init__(server_message(problem, address, detail))
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True, slots=True)
class ServerState:
    version: str  # "15.8"
    revision: str | None  # the schema's Alembic revision; None for a database without one
    tables: tuple[str, ...]  # every table in it, Loket's or not
    desks: tuple[str, ...] = ()  # where the other desks connected to it now are ("192.168.1.11")

    @property
    def empty(self) -> bool:
        return not self.tables

    @property
    def up_to_date(self) -> bool:
        return self.revision == migrate.newest_file_revision()


def server_url(address: ServerAddress, password: str) -> URL:
    return URL.create(
        "postgresql+psycopg",
        username=address.user,
        password=password,
        host=address.host,
        port=address.port,
        database=address.database,
    )


#: The desks connected to the database now (a desk keeps its connection open while it runs):
#: PostgreSQL shows a role the sessions of its own role, and each desk names itself.
_DESKS_CONNECTED = f"""
SELECT DISTINCT COALESCE(host(client_addr), 'localhost') AS place FROM pg_stat_activity
WHERE datname = current_database() AND application_name = '{APPLICATION_NAME}'
  AND pid <> pg_backend_pid()
ORDER BY place
"""


def examine(address: ServerAddress, password: str) -> ServerState:
    """Connects once (within the connect timeout) and reads what the desk needs to know.

    ServerUnusable for each way it can fail, after the schema too: one newer than this program
    (it would be wrong to write to), or tables of another program.
    """
    engine = create_engine(
        server_url(address, password), poolclass=NullPool, connect_args=postgres_connect_args()
    )
    try:
        with engine.connect() as connection:
            number = int(connection.exec_driver_sql("SHOW server_version_num").scalar_one())
            version = str(connection.exec_driver_sql("SHOW server_version").scalar_one())
            tables = tuple(sorted(inspect(connection).get_table_names()))
            desks = tuple(connection.exec_driver_sql(_DESKS_CONNECTED).scalars())
            revision = None
            if "alembic_version" in tables:
                revision = connection.exec_driver_sql(
                    "SELECT version_num FROM alembic_version"
                ).scalar_one_or_none()
    except DBAPIError as error:
        problem, detail = connection_problem(error)
        raise ServerUnusable(problem, address, detail) from error
    finally:
        engine.dispose()
    version = version.split()[0]
    if number < MINIMUM_SERVER_VERSION:
        raise ServerUnusable(ServerProblem.TOO_OLD, address, version)
    if revision is not None and revision not in migrate.known_revisions():
        raise ServerUnusable(ServerProblem.SCHEMA_NEWER, address, revision)
    if tables and revision is None:
        raise ServerUnusable(ServerProblem.NOT_LOKET, address, ", ".join(tables[:5]))
    return ServerState(version, revision, tables, desks)


_WORDS = (
    ("password authentication failed", ServerProblem.WRONG_PASSWORD),
    ("no password supplied", ServerProblem.WRONG_PASSWORD),
    ("authentication failed", ServerProblem.WRONG_PASSWORD),
    ("no pg_hba.conf entry", ServerProblem.HOST_NOT_ALLOWED),
    ("permission denied", ServerProblem.NO_PERMISSION),
    ("connection refused", ServerProblem.UNREACHABLE),
    ("timeout expired", ServerProblem.UNREACHABLE),
    ("could not translate host name", ServerProblem.UNREACHABLE),
    ("failed to resolve host", ServerProblem.UNREACHABLE),
    ("no route to host", ServerProblem.UNREACHABLE),
    ("network is unreachable", ServerProblem.UNREACHABLE),
    ("server closed the connection", ServerProblem.UNREACHABLE),
    ("connection timed out", ServerProblem.UNREACHABLE),
    ("could not connect", ServerProblem.UNREACHABLE),
)


def connection_problem(error: DBAPIError) -> tuple[ServerProblem, str]:
    """What a failed connection means, and the server's (or libpq's) own words for the log."""
    original = error.orig
    detail = str(original or error).strip()
    state = str(getattr(original, "sqlstate", "") or "")
    if state == "42501":
        return ServerProblem.NO_PERMISSION, detail
    if state == "3D000":
        return ServerProblem.DATABASE_MISSING, detail
    if state == "28P01":
        return ServerProblem.WRONG_PASSWORD, detail
    text = detail.lower()
    if 'database "' in text and "does not exist" in text:
        return ServerProblem.DATABASE_MISSING, detail
    for words, problem in _WORDS:
        if words in text:
            return problem, detail
    return ServerProblem.OTHER, detail


def server_message(problem: ServerProblem, address: ServerAddress, detail: str = "") -> str:
    """What is wrong and what to do, naming the server as the IT person typed it."""
    where = {"host": address.host, "port": address.port, "database": address.database}
    user = address.user
    if problem is ServerProblem.UNREACHABLE:
        return _(
            "Server {host} port {port} tidak bisa dihubungi. Periksa bahwa PC server menyala "
            "dan tidak tidur, kabel jaringan tersambung, alamat dan port benar, dan Windows "
            "Firewall di server mengizinkan port {port}."
        ).format(**where)
    if problem is ServerProblem.HOST_NOT_ALLOWED:
        return _(
            "Server {host} menolak PC ini: berkas pg_hba.conf di server tidak mengizinkan "
            "jaringan PC ini. Minta petugas TI menambahkan jaringan kantor ke pg_hba.conf "
            "(lihat panduan server), lalu coba lagi."
        ).format(**where)
    if problem is ServerProblem.WRONG_PASSWORD:
        return _(
            "Nama pengguna {user} atau kata sandinya salah untuk server {host}. Periksa "
            "keduanya (huruf besar dan kecil dibedakan), lalu coba lagi."
        ).format(user=user, **where)
    if problem is ServerProblem.NO_PASSWORD:
        return _(
            "Loket ini tidak menyimpan kata sandi untuk basis data {database} di server {host}. "
            "Minta petugas TI menyambungkan ulang loket ini: loket database connect ALAMAT"
        ).format(**where)
    if problem is ServerProblem.DATABASE_MISSING:
        return _(
            "Basis data {database} tidak ada di server {host}. Periksa namanya, atau minta "
            "petugas TI membuatnya (lihat panduan server)."
        ).format(**where)
    if problem is ServerProblem.NO_PERMISSION:
        return _(
            "Pengguna {user} tidak punya izin memakai basis data {database} di server {host}. "
            "Minta petugas TI menjadikan {user} pemilik basis data itu (lihat panduan server)."
        ).format(user=user, **where)
    if problem is ServerProblem.TOO_OLD:
        return _(
            "PostgreSQL di server {host} terlalu lama (versi {version}); Loket KTP-el "
            "membutuhkan versi 13 atau lebih baru. Minta petugas TI memasang versi terbaru."
        ).format(version=detail, **where)
    if problem is ServerProblem.SCHEMA_NEWER:
        return _(
            "Basis data {database} di server {host} sudah dipakai Loket KTP-el versi yang lebih "
            "baru dari program di PC ini, jadi PC ini tidak boleh menulis ke sana. Perbarui "
            "Loket KTP-el di PC ini ke versi yang sama dengan loket lain."
        ).format(**where)
    if problem is ServerProblem.NOT_LOKET:
        return _(
            "Basis data {database} di server {host} berisi tabel program lain ({tables}), jadi "
            "tidak dipakai. Pakai basis data kosong khusus untuk Loket KTP-el."
        ).format(tables=detail, **where)
    return _(
        "Server {host} menjawab dengan galat: {detail}. Tidak ada yang diubah. Hubungi petugas "
        "TI dengan pesan ini."
    ).format(detail=detail, **where)
