"""A PostgreSQL database of its own that the tests may empty: the shared server of an office.

Named by LOKET_TEST_POSTGRES_DESKS, else LOKET_TEST_POSTGRES's database with "_desks" added
(.ci/run creates it, owned by the same role). Without LOKET_TEST_POSTGRES these tests skip, as
every PostgreSQL test does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, make_url
from sqlalchemy.pool import NullPool

from loket.datadir import DataDir, ServerAddress
from loket.db.open import open_database
from tests.conftest import POSTGRES_URL

DESKS_URL = os.environ.get("LOKET_TEST_POSTGRES_DESKS", "")


@dataclass(frozen=True)
class Server:
    address: ServerAddress
    password: str


def desks_url() -> str:
    if DESKS_URL:
        return DESKS_URL
    url = make_url(POSTGRES_URL)
    return url.set(database=f"{url.database}_desks").render_as_string(hide_password=False)


def empty_schema(url: str) -> None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
    finally:
        engine.dispose()


@pytest.fixture
def server() -> Iterator[Server]:
    """The office's server, its database empty (as the IT person made it)."""
    if not POSTGRES_URL:
        pytest.skip("set LOKET_TEST_POSTGRES to run the tests of a shared server")
    url = make_url(desks_url())
    empty_schema(desks_url())
    address = ServerAddress(
        host=url.host or "localhost",
        port=url.port or 5432,
        database=url.database or "",
        user=url.username or "",
    )
    yield Server(address, url.password or "")
    empty_schema(desks_url())


def opens_on(data: DataDir) -> str:
    """The database the desk opens now, by its kind: "sqlite" (its file) or "postgresql"."""
    database = open_database(data)
    try:
        return database.engine.dialect.name
    finally:
        database.dispose()
