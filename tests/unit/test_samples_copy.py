"""tests/samples is a copy of the project's shared samples: the same files, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
COPY = REPO / "tests" / "samples"
SHARED = REPO.parent / "shared" / "samples"


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared/samples beside this clone")
def test_the_repository_copy_has_every_shared_sample_unchanged() -> None:
    shared = {path.name: path.read_bytes() for path in SHARED.iterdir() if path.is_file()}
    copied = {path.name: path.read_bytes() for path in COPY.iterdir() if path.is_file()}
    assert copied == shared


def test_the_copy_holds_the_lists_the_tests_read() -> None:
    names = {path.name for path in COPY.iterdir()}
    assert {
        "manifest_kaligawe_clean.csv",
        "manifest_semicolon_bom.csv",
        "manifest_cp1252.csv",
        "manifest_kecamatan.xlsx",
        "manifest_nik_as_number.xlsx",
        "scans_with_noise.txt",
    } <= names
