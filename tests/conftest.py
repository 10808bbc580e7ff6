"""Shared fixtures. Imports no Qt: unit tests must run without it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from loket.core import office, staff
from loket.core.staff import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Role
from loket.db.open import open_database
from loket.i18n import set_language

REPO = Path(__file__).resolve().parents[1]
SAMPLES = Path(os.environ.get("LOKET_SAMPLES", REPO.parent / "shared" / "samples"))


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
def database(data_dir: DataDir) -> Iterator[Database]:
    db = open_database(data_dir)
    yield db
    db.dispose()


@pytest.fixture
def kaligawe(database: Database) -> office.OfficeInfo:
    return office.set_up_office(
        database,
        "33.74.04.1002",
        address="Jl. Kaligawe Raya No. 1, Semarang",
        lurah_name="Drs. Bambang Sutrisno, M.Si.",
        lurah_nip="196805121994031007",
    )


@pytest.fixture
def admin(database: Database) -> StaffMember:
    return staff.add_staff(database, None, "admin", "rahasia-admin", Role.ADMIN, "Sri Wahyuni")


@pytest.fixture
def operator(database: Database, admin: StaffMember) -> StaffMember:
    return staff.add_staff(
        database, admin, "dewi", "rahasia-dewi", Role.OPERATOR, "Dewi Lestari", "198903152015032004"
    )
