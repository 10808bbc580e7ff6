"""What the desk reads about a destruction: which earlier papers already cover the same days."""

from __future__ import annotations

from collections.abc import Sequence

from loket.core.destruction.old_cards import EarlierDestruction
from loket.core.indonesia import writing
from loket.i18n import _


def overlap_note(earlier: Sequence[EarlierDestruction]) -> str:
    """What the desk reads when these days were listed before; "" when they were not."""
    if not earlier:
        return ""
    papers = "; ".join(
        _("{number} ({period}, {count} kartu)").format(
            number=paper.number,
            period=_("{start} s.d. {end}").format(
                start=writing.long_date(paper.start), end=writing.long_date(paper.end)
            ),
            count=paper.cards,
        )
        for paper in earlier
    )
    return _(
        "Untuk sebagian atau semua tanggal ini sudah pernah dibuat berita acara pemusnahan: "
        "{papers}. Kartu yang sudah dimusnahkan akan tercantum lagi."
    ).format(papers=papers)
