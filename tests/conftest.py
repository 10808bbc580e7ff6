"""Shared fixtures. Imports no Qt: unit tests must run without it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from loket.core.office import identity
from loket.core.staff import accounts
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db import migrate
from loket.db.engine import Database
from loket.db.open import open_database
from loket.domain.states import Role
from loket.i18n import set_language

REPO = Path(__file__).resolve().parents[1]
#: The kecamatan lists and scanner stream of ../shared/samples, kept in the repository so that a
#: clone alone (CI on Windows, a new machine) runs every test; LOKET_SAMPLES points elsewhere.
SAMPLES = Path(os.environ.get("LOKET_SAMPLES", REPO / "tests" / "samples"))
#: A PostgreSQL database the tests may wipe, e.g. postgresql+psycopg://loket:loket@localhost/
#: loket_test. When set, every test under tests/db runs twice: on SQLite and on PostgreSQL.
POSTGRES_URL = os.environ.get("LOKET_TEST_POSTGRES", "")
DATABASE_TESTS = REPO / "tests" / "db"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if (
        POSTGRES_URL
        and "database" in metafunc.fixturenames
        and metafunc.definition.path.is_relative_to(DATABASE_TESTS)
        and metafunc.definition.get_closest_marker("sqlite_only") is None
    ):
        metafunc.parametrize("database", ["sqlite", "postgresql"], indirect=True)


_postgres_migrated = False


def fresh_postgres_database() -> Database:
    """The test database with every table empty: migrated from nothing once per run (as a new
    office's would be), then emptied before each test (migrating again costs about a second)."""
    global _postgres_migrated
    database = Database(POSTGRES_URL)
    with database.engine.begin() as connection:
        if not _postgres_migrated:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
        else:
            tables = connection.exec_driver_sql(
                "SELECT tablename FROM pg_tables"
                " WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            ).scalars()
            connection.exec_driver_sql(
                "TRUNCATE {} RESTART IDENTITY CASCADE".format(", ".join(tables))
            )
    if not _postgres_migrated:
        migrate.upgrade(database)
        _postgres_migrated = True
    return database


@pytest.fixture(autouse=True)
def _indonesian() -> None:
    set_language("id")


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.fail(f"sample files not found at {SAMPLES}; set LOKET_SAMPLES")
    return SAMPLES


@pytest.fixture
def data_dir(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "data")


@pytest.fixture
def database(request: pytest.FixtureRequest, data_dir: DataDir) -> Iterator[Database]:
    if getattr(request, "param", "sqlite") == "postgresql":
        data_dir.create()
        db = fresh_postgres_database()
    else:
        db = open_database(data_dir)
    yield db
    db.dispose()


@pytest.fixture
def kaligawe(database: Database) -> identity.OfficeInfo:
    return identity.set_up_office(
        database,
        "33.74.04.1002",
        address="Jl. Kaligawe Raya No. 1, Semarang",
        lurah_name="Drs. Bambang Sutrisno, M.Si.",
        lurah_nip="196805121994031007",
    )


@pytest.fixture
def admin(database: Database) -> StaffMember:
    return accounts.add_staff(database, None, "admin", "rahasia-admin", Role.ADMIN, "Sri Wahyuni")


@pytest.fixture
def operator(database: Database, admin: StaffMember) -> StaffMember:
    return accounts.add_staff(
        database, admin, "dewi", "rahasia-dewi", Role.OPERATOR, "Dewi Lestari", "198903152015032004"
    )


def pytest_report_header() -> str:
    if POSTGRES_URL:
        return "database tests: on SQLite and on PostgreSQL (LOKET_TEST_POSTGRES)"
    return "database tests: on SQLite only (set LOKET_TEST_POSTGRES to run them on PostgreSQL too)"
