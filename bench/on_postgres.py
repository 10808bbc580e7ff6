"""What the PostgreSQL benchmarks share: a schema of their own, the program's statements caught
and replayed by bare psycopg, and a bare INSERT + COMMIT, all on the same server in one run.

Each benchmark gets schemas of its own in the database given (`--postgres URL`, e.g.
postgresql+psycopg://loket:loket@localhost/loket_bench): dropped and made again, migrated as a
new office's database is, and left behind for a look afterwards. A connection is put in its
schema with `search_path`, so the statements the program sends (unqualified table names) are
the same ones the replay sends to its twin schema.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import psycopg
from sqlalchemy import event, make_url

from driver_statements import DriverStatements
from loket.db import migrate
from loket.db.engine import Database


def psycopg_url(url: str) -> str:
    """The SQLAlchemy URL as libpq reads it (no "+psycopg")."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def bare_connection(url: str, schema: str) -> psycopg.Connection[Any]:
    return psycopg.connect(psycopg_url(url), options=f"-c search_path={schema}")


def fresh_schema(url: str, schema: str) -> None:
    with psycopg.connect(psycopg_url(url), autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        connection.execute(f"CREATE SCHEMA {schema}")


def in_schema(url: str, schema: str) -> Database:
    """The program's `Database` (its engine, its connection settings) inside `schema`."""
    database = Database(url)

    @event.listens_for(database.engine, "connect")
    def _search_path(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET search_path TO {schema}")
        dbapi_connection.commit()

    return database


def new_office(url: str, schema: str) -> Database:
    """An empty schema migrated to head, as a new office's server database."""
    fresh_schema(url, schema)
    database = in_schema(url, schema)
    migrate.upgrade(database)
    return database


class Replay:
    """The statements the program sent, sent again by bare psycopg on one connection to a twin
    schema (the same rows, built the same way), each batch of them in one transaction."""

    def __init__(self, database: Database, url: str, twin_schema: str) -> None:
        self.per_call: list[int] = []
        self._connection = bare_connection(url, twin_schema)
        self._driver = DriverStatements(database.engine)
        self._driver.catching = False

    def catch(self) -> None:
        """From now on, what the program hands the driver is kept for the next `replay`."""
        self._driver.take()
        self._driver.catching = True

    def replay(self) -> float:
        """The statements caught since `catch`, in one transaction; its seconds."""
        statements = self._driver.take()
        self._driver.catching = False
        self.per_call.append(len(statements))
        start = time.perf_counter()
        with self._connection.cursor() as cursor:
            for statement, rows in statements:
                for parameters in rows:
                    cursor.execute(statement, parameters)
                    if cursor.description is not None:
                        cursor.fetchall()
        self._connection.commit()
        return time.perf_counter() - start

    def close(self) -> None:
        self._connection.close()


class BareCommit:
    """One INSERT of a short row and its COMMIT on a table of its own: what a commit alone costs
    on this server, measured between the program's steps so that both meet the same load."""

    def __init__(self, url: str) -> None:
        self._connection = bare_connection(url, "bench_floor")
        self._connection.execute("CREATE SCHEMA IF NOT EXISTS bench_floor")
        self._connection.execute(
            "CREATE TABLE IF NOT EXISTS bench_floor.t (id serial PRIMARY KEY, nik text, at text)"
        )
        self._connection.commit()
        self._serial = 0

    def once(self) -> float:
        self._serial += 1
        start = time.perf_counter()
        self._connection.execute(
            "INSERT INTO bench_floor.t (nik, at) VALUES (%s, %s)", (f"{self._serial:016d}", "now")
        )
        self._connection.commit()
        return time.perf_counter() - start

    def close(self) -> None:
        self._connection.close()


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def line(name: str, values: list[float], measured: list[float] | None = None) -> str:
    """ "name  median .. ms  p99 .. ms", and with `measured` how many times this it is."""
    median = statistics.median(values)
    text = f"  {name:40s} median {median * 1000:7.2f} ms   p99 {p99(values) * 1000:7.2f} ms"
    if measured is not None:
        text += (
            f"   ratio {statistics.median(measured) / median:5.1f} x,"
            f" p99 {p99(measured) / p99(values):5.1f} x"
        )
    return text
