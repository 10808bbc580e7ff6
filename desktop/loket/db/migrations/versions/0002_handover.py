"""Handovers (tanda terima), search by name, and where a returned card went.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Portable on SQLite (booleans stored 0/1) and PostgreSQL (true/false).
LIVE_HANDOVER = "NOT voided"
WORD_LENGTH = 60


def upgrade() -> None:
    utc = sa.DateTime(timezone=True)
    op.add_column("card", sa.Column("name_key", sa.String(200), nullable=False, server_default=""))
    op.add_column("card", sa.Column("returned_at", utc, nullable=True))
    op.add_column("card", sa.Column("return_berita_acara_number", sa.String(60), nullable=True))
    op.create_table(
        "card_name_word",
        sa.Column("card_id", sa.Integer(), sa.ForeignKey("card.id"), primary_key=True),
        sa.Column("word", sa.String(WORD_LENGTH), primary_key=True),
    )
    op.create_index("ix_card_name_word_word", "card_name_word", ["word", "card_id"])
    op.create_table(
        "handover",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("card_id", sa.Integer(), sa.ForeignKey("card.id"), nullable=False),
        sa.Column("receipt_number", sa.String(40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(20), nullable=False),
        sa.Column("collector_name", sa.String(160), nullable=False),
        sa.Column("collector_nik", sa.String(16), nullable=False),
        sa.Column("collector_phone", sa.String(30), nullable=False),
        sa.Column("documents", sa.String(200), nullable=False),
        sa.Column("old_card", sa.String(20), nullable=False),
        sa.Column("police_letter_number", sa.String(100), nullable=False),
        sa.Column("signature", sa.Text(), nullable=True),
        sa.Column("handed_over_at", utc, nullable=False),
        sa.Column("officer_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("voided_at", utc, nullable=True),
        sa.Column("voided_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("void_recorded_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("void_reason", sa.String(300), nullable=False),
        sa.UniqueConstraint("receipt_number", name="uq_handover_receipt_number"),
        sa.UniqueConstraint("year", "sequence", name="uq_handover_year"),
    )
    op.create_index(
        "uq_handover_live_card",
        "handover",
        ["card_id"],
        unique=True,
        sqlite_where=sa.text(LIVE_HANDOVER),
        postgresql_where=sa.text(LIVE_HANDOVER),
    )
    op.create_index("ix_handover_card", "handover", ["card_id"])
    op.create_index("ix_handover_handed_over_at", "handover", ["handed_over_at"])
    _backfill_name_keys()


def _backfill_name_keys() -> None:
    """Computes the search key of every card already held, in Python, a few thousand at a time."""
    connection = op.get_bind()
    card = sa.table(
        "card", sa.column("id", sa.Integer()), sa.column("name", sa.String()), sa.column("name_key")
    )
    word = sa.table("card_name_word", sa.column("card_id", sa.Integer()), sa.column("word"))
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(card.c.id, card.c.name)
            .where(card.c.id > last_id, card.c.name != "")
            .order_by(card.c.id)
            .limit(5000)
        ).all()
        if not rows:
            return
        keys = [(card_id, key) for card_id, name in rows if (key := _name_key(name))]
        if keys:
            connection.execute(
                card.update().where(card.c.id == sa.bindparam("card_id")),
                [{"card_id": card_id, "name_key": key} for card_id, key in keys],
            )
        words = [
            {"card_id": card_id, "word": w}
            for card_id, key in keys
            for w in sorted({w[:WORD_LENGTH] for w in key.split()})
        ]
        if words:
            connection.execute(word.insert(), words)
        last_id = rows[-1][0]


# ---------------------------------------------------------------- the search key, as of 0002
# A copy of loket.core.indonesia.names as it was when this migration was written: a migration
# must backfill the same keys whatever that module becomes later.

#: Religious and social honorifics, academic titles and degrees, written without their dots.
#: Dropped wherever they stand, in stored names and in queries alike.
TITLES = frozenset(
    {
        # Haji, Hajjah, Kyai Haji, Nyonya, Nona, Tuan
        *("h", "hj", "haji", "hajjah", "hajah", "kh", "ny", "nn", "tn"),
        # before the name
        *("dr", "drs", "dra", "drg", "ir", "prof"),
        # bachelor's degrees (S.H., S.Pd., S.E., ...) and diplomas (A.Md.)
        *("sh", "se", "spd", "spdi", "ssos", "sag", "ssi", "skom", "skep", "sked", "skm"),
        *("sfarm", "spsi", "sip", "sap", "shi", "sth", "ssy", "sik", "sei", "stp", "sp"),
        *("amd", "amdkep", "amdkeb", "ama", "amk"),
        # master's and doctoral degrees
        *("msi", "mm", "mh", "mpd", "mt", "mkes", "mag", "mkom", "mhum", "mak", "msc", "mba"),
        *("mpdi", "phd", "lc"),
    }
)

_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bc]")  # Ma'ruf, Nur'aini: one word
_CHUNK_SEPARATORS = re.compile(r"[\s,;/()]+")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def _plain(text: str) -> str:
    """Lower case, accents removed (é -> e), apostrophes dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", stripped.casefold())


def _name_words(text: str) -> list[str]:
    """ "Hj.Siti Aminah, S.Pd." -> ["siti", "aminah"]: the words a name is searched by."""
    words: list[str] = []
    for chunk in _CHUNK_SEPARATORS.split(_plain(text)):
        if _NOT_WORD.sub("", chunk) in TITLES:  # "S.Pd." as a whole is a title
            continue
        words.extend(w for w in _NOT_WORD.split(chunk) if w and w not in TITLES)
    return words


def _name_key(name: str) -> str:
    """ " siti aminah ": the stored search key of a card's name ("" for a card without a name).

    Padded with spaces so that "starts a word" is `LIKE '% ami%'` on every database.
    """
    words = _name_words(name)
    return f" {' '.join(words)} " if words else ""


def downgrade() -> None:
    op.drop_table("handover")
    op.drop_table("card_name_word")
    with op.batch_alter_table("card") as batch:
        batch.drop_column("return_berita_acara_number")
        batch.drop_column("returned_at")
        batch.drop_column("name_key")
