"""The kop's address line: the postcode after the town without a comma, never on its own."""

from __future__ import annotations

import dataclasses

import pytest

from loket.core.office.identity import OfficeInfo

KALIGAWE = OfficeInfo(
    region_code="33.74.04.1002",
    kelurahan="Kaligawe",
    kecamatan="Gayamsari",
    kota="Kota Semarang",
    province="Jawa Tengah",
    postal_code="50164",
    kind="kelurahan",
    address="Jl. Kaligawe Raya No. 1, Semarang",
    lurah_name="Drs. Bambang Sutrisno, M.Si.",
    lurah_nip="196805121994031007",
)


@pytest.mark.parametrize(
    ("address", "line"),
    [
        ("Jl. Kaligawe Raya No. 1, Semarang", "Jl. Kaligawe Raya No. 1, Semarang 50164"),
        ("Jl. Kaligawe Raya No. 1, Semarang,", "Jl. Kaligawe Raya No. 1, Semarang 50164"),
        ("Jl. Kaligawe Raya No. 1, Semarang 50164", "Jl. Kaligawe Raya No. 1, Semarang 50164"),
        ("", ""),  # a postcode alone says nowhere: no address line at all
    ],
)
def test_the_postcode_follows_the_address_or_is_left_out(address: str, line: str) -> None:
    office = dataclasses.replace(KALIGAWE, address=address)
    assert office.address_line == line
    assert office.letterhead().address == line
