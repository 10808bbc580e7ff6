"""Names at the end of a sentence: one full stop, also after a degree that has its own."""

from __future__ import annotations

import pytest

from loket.core.indonesia.names import end_sentence


@pytest.mark.parametrize(
    ("sentence", "ended"),
    [
        (
            "Tanda terima 1, petugas Dewi Lestari, S.E..",
            "Tanda terima 1, petugas Dewi Lestari, S.E.",
        ),
        ("Dibatalkan oleh Agus Santoso, S.H..", "Dibatalkan oleh Agus Santoso, S.H."),
        ("Petugas Drs. Bambang Sutrisno, M.Si..", "Petugas Drs. Bambang Sutrisno, M.Si."),
        ("Petugas Dewi Lestari.", "Petugas Dewi Lestari."),
        ("Petugas Dewi Lestari", "Petugas Dewi Lestari."),
        ("Petugas Dewi Lestari, S.E.", "Petugas Dewi Lestari, S.E."),
        ("Diambil oleh FAJAR MAULANA ", "Diambil oleh FAJAR MAULANA."),
        ("Masih dibaca...", "Masih dibaca..."),
        ("Masih dibaca…", "Masih dibaca…"),
        ("Sudah diambil?", "Sudah diambil?"),
    ],
)
def test_a_sentence_ends_with_one_full_stop(sentence: str, ended: str) -> None:
    assert end_sentence(sentence) == ended


def test_a_card_owners_name_is_printed_as_the_card_prints_it() -> None:
    from loket.core.indonesia.names import NO_NAME_ON_PAPER, name_on_paper

    assert name_on_paper("Sumarni") == "SUMARNI"
    assert name_on_paper("  Hj.  Yuliana   Handayani ") == "HJ. YULIANA HANDAYANI"
    assert name_on_paper("") == NO_NAME_ON_PAPER == "(nama tidak ada di daftar)"
    assert name_on_paper("   ") == NO_NAME_ON_PAPER
