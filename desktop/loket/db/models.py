"""Tables. Times are stored in UTC; every row names the staff member who made it."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    delete,
    event,
    insert,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, mapped_column, relationship
from sqlalchemy.orm.attributes import get_history

from loket.domain.states import (
    UNSETTLED_STATES,
    BatchStatus,
    CardState,
    DeliveryOutcome,
    DeliveryStatus,
    EntryMethod,
    OldCardFate,
    Relation,
    ReturnReason,
    ReturnStatus,
    Role,
    ScanOutcomeKind,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes in Python on every database (SQLite would hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store times in UTC")
        utc = value.astimezone(dt.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


_UNSETTLED_SQL = "state IN ({})".format(", ".join(f"'{s.name}'" for s in UNSETTLED_STATES))
#: A card not settled yet (the unique index's own condition), for a plain statement
#: (db/plain.py), which takes no IN over a list of values.
UNSETTLED_CARD = text(f"card.{_UNSETTLED_SQL}")


def _enum(enum_class: type[enum.Enum]) -> Enum:
    return Enum(enum_class, native_enum=False, length=20, validate_strings=True)


class Office(Base):
    __tablename__ = "office"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_code: Mapped[str] = mapped_column(String(13))
    address: Mapped[str] = mapped_column(String(300), default="")
    lurah_name: Mapped[str] = mapped_column(String(120), default="")
    lurah_nip: Mapped[str] = mapped_column(String(30), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(120), default="")
    nip: Mapped[str] = mapped_column(String(30), default="")
    role: Mapped[Role] = mapped_column(_enum(Role))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class Batch(Base):
    __tablename__ = "batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(100))  # nomor surat pengantar
    letter_date: Mapped[dt.date] = mapped_column(Date)
    courier_name: Mapped[str] = mapped_column(String(120), default="")
    has_manifest: Mapped[bool] = mapped_column(Boolean, default=False)
    manifest_filename: Mapped[str] = mapped_column(String(260), default="")
    status: Mapped[BatchStatus] = mapped_column(_enum(BatchStatus), default=BatchStatus.OPEN)
    opened_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    berita_acara_number: Mapped[str | None] = mapped_column(String(60))

    cards: Mapped[list[Card]] = relationship(back_populates="batch")


class Card(Base):
    __tablename__ = "card"
    __table_args__ = (
        Index(
            "uq_card_unsettled_nik",
            "nik",
            unique=True,
            sqlite_where=text(_UNSETTLED_SQL),
            postgresql_where=text(_UNSETTLED_SQL),
        ),
        Index("ix_card_batch_state", "batch_id", "state"),
        Index("ix_card_nik", "nik"),
        # The stock page's RW/RT filter and a delivery run's choice of cards by RW.
        Index("ix_card_rw_rt", "rw", "rt"),
        # Cards waiting longest: the stock page's "waiting more than N days" filter.
        Index("ix_card_state_received", "state", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nik: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(160), default="")
    # " siti aminah ": lower case, titles and punctuation removed; set with core.names.name_key.
    name_key: Mapped[str] = mapped_column(String(200), default="", server_default="")
    rt: Mapped[str] = mapped_column(String(3), default="")
    rw: Mapped[str] = mapped_column(String(3), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    batch_id: Mapped[int] = mapped_column(ForeignKey("batch.id"))
    state: Mapped[CardState] = mapped_column(_enum(CardState))
    on_manifest: Mapped[bool] = mapped_column(Boolean, default=False)
    manifest_row: Mapped[int | None] = mapped_column(Integer)
    entry_method: Mapped[EntryMethod | None] = mapped_column(_enum(EntryMethod))
    received_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    returned_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    return_berita_acara_number: Mapped[str | None] = mapped_column(String(60))

    batch: Mapped[Batch] = relationship(back_populates="cards")


class BatchCardCount(Base):
    """How many of a batch's cards are in each state, on the list or not: a batch's figures.

    Kept in step by triggers on `card` (migration 0005), for every insert, update and delete
    whatever code makes it (a bulk UPDATE too), so a scan reads a handful of rows instead of
    counting the batch's cards. Read it with `core.intake.batches.batch_counts`.
    """

    __tablename__ = "batch_card_count"

    batch_id: Mapped[int] = mapped_column(ForeignKey("batch.id"), primary_key=True)
    state: Mapped[CardState] = mapped_column(_enum(CardState), primary_key=True)
    on_manifest: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    cards: Mapped[int] = mapped_column(Integer)


NAME_WORD_LENGTH = 60


class CardNameWord(Base):
    """One row per word of a card's `name_key`: prefix search by name through a b-tree index.

    A mirror of `card.name_key`, kept by the mapper events below (a portable trigger), so a
    search never scans the card table: `word >= 'siti' AND word < 'sitj'` uses the index.
    """

    __tablename__ = "card_name_word"
    __table_args__ = (Index("ix_card_name_word_word", "word", "card_id"),)

    card_id: Mapped[int] = mapped_column(ForeignKey("card.id"), primary_key=True)
    word: Mapped[str] = mapped_column(String(NAME_WORD_LENGTH), primary_key=True)


def key_words(key: str) -> list[str]:
    """The distinct words of a name key, each cut to what the word column holds."""
    return sorted({word[:NAME_WORD_LENGTH] for word in key.split()})


def _write_name_words(connection: Connection, card_id: int, key: str) -> None:
    words = key_words(key)
    if words:
        connection.execute(
            insert(CardNameWord), [{"card_id": card_id, "word": word} for word in words]
        )


@event.listens_for(Card, "after_insert")
def _card_inserted(_mapper: Mapper[Card], connection: Connection, card: Card) -> None:
    _write_name_words(connection, card.id, card.name_key or "")


@event.listens_for(Card, "after_update")
def _card_updated(_mapper: Mapper[Card], connection: Connection, card: Card) -> None:
    # Not `inspect(card).attrs`: that builds a state for every column, in a reference cycle
    # that only the cycle collector frees (95,000 objects when a batch of 5,000 closes).
    if get_history(card, "name_key").has_changes():
        connection.execute(delete(CardNameWord).where(CardNameWord.card_id == card.id))
        _write_name_words(connection, card.id, card.name_key or "")


# A card has at most one handover that is not voided: a second desk's attempt fails here.
_LIVE_HANDOVER_SQL = "NOT voided"


class Handover(Base):
    """A card given to its owner or a representative, with its receipt number (tanda terima)."""

    __tablename__ = "handover"
    __table_args__ = (
        Index(
            "uq_handover_live_card",
            "card_id",
            unique=True,
            sqlite_where=text(_LIVE_HANDOVER_SQL),
            postgresql_where=text(_LIVE_HANDOVER_SQL),
        ),
        Index("ix_handover_card", "card_id"),
        Index("ix_handover_handed_over_at", "handed_over_at"),
        UniqueConstraint("year", "sequence", name="uq_handover_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("card.id"))
    receipt_number: Mapped[str] = mapped_column(String(40), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    relation: Mapped[Relation] = mapped_column(_enum(Relation))
    collector_name: Mapped[str] = mapped_column(String(160))
    collector_nik: Mapped[str] = mapped_column(String(16))
    collector_phone: Mapped[str] = mapped_column(String(30), default="")
    documents: Mapped[str] = mapped_column(String(200), default="")  # DocumentChecked names, ","
    old_card: Mapped[OldCardFate] = mapped_column(_enum(OldCardFate))
    police_letter_number: Mapped[str] = mapped_column(String(100), default="")
    signature: Mapped[str | None] = mapped_column(Text)  # JSON strokes, see paper_data.Strokes
    handed_over_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    officer_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    voided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # the supervisor
    void_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # at the desk
    void_reason: Mapped[str] = mapped_column(String(300), default="")
    desk: Mapped[str] = mapped_column(String(40), default="", server_default="")  # "Loket 2"
    void_desk: Mapped[str] = mapped_column(String(40), default="", server_default="")


class Scan(Base):
    """Every scan or typed entry at intake, whatever its outcome: the desk's own log."""

    __tablename__ = "scan"
    __table_args__ = (
        Index("ix_scan_batch", "batch_id", "id"),
        Index("ix_scan_scanned_at", "scanned_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batch.id"))
    raw_text: Mapped[str] = mapped_column(String(200))
    nik: Mapped[str | None] = mapped_column(String(16))
    outcome: Mapped[ScanOutcomeKind] = mapped_column(_enum(ScanOutcomeKind))
    entry_method: Mapped[EntryMethod] = mapped_column(_enum(EntryMethod))
    card_id: Mapped[int | None] = mapped_column(ForeignKey("card.id"))
    scanned_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    desk: Mapped[str] = mapped_column(String(40), default="", server_default="")


class CardReturn(Base):
    """Cards sent back to the kecamatan together, closed with a berita acara pengembalian."""

    __tablename__ = "card_return"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(100), default="")  # nomor surat pengantar
    status: Mapped[ReturnStatus] = mapped_column(_enum(ReturnStatus), default=ReturnStatus.OPEN)
    opened_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    berita_acara_number: Mapped[str | None] = mapped_column(String(60))
    receiver_name: Mapped[str] = mapped_column(String(120), default="")  # at the kecamatan
    receiver_nip: Mapped[str] = mapped_column(String(30), default="")


class CardReturnLine(Base):
    """One card in a return, with its reason.

    A returned card never comes back to stock (a card sent again is a new card row), so a card
    is on at most one return line ever: the unique card_id also stops two desks adding it to two
    open returns at the same moment.
    """

    __tablename__ = "card_return_line"
    __table_args__ = (
        UniqueConstraint("card_id", name="uq_card_return_line_card_id"),
        Index("ix_card_return_line_return", "return_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("card_return.id"))
    card_id: Mapped[int] = mapped_column(ForeignKey("card.id"))
    reason: Mapped[ReturnReason] = mapped_column(_enum(ReturnReason))
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    added_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class DeliveryRun(Base):
    """Cards of one RW (some or all of its RT) taken door to door by a team, with a run sheet."""

    __tablename__ = "delivery_run"
    __table_args__ = (Index("ix_delivery_run_status", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)  # on the run sheet
    rw: Mapped[str] = mapped_column(String(3))
    rts: Mapped[str] = mapped_column(String(200), default="")  # "001,003"; "" for every RT
    courier_name: Mapped[str] = mapped_column(String(120))  # petugas pengantar
    status: Mapped[DeliveryStatus] = mapped_column(
        _enum(DeliveryStatus), default=DeliveryStatus.OPEN
    )
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


# A card waits for its outcome on at most one line: two desks cannot send it out twice.
_PENDING_LINE_SQL = "outcome IS NULL"


class DeliveryLine(Base):
    """One card of a run, in run sheet order, and its outcome once the team is back."""

    __tablename__ = "delivery_line"
    __table_args__ = (
        UniqueConstraint("run_id", "card_id", name="uq_delivery_line_run_id"),
        Index(
            "uq_delivery_line_pending_card",
            "card_id",
            unique=True,
            sqlite_where=text(_PENDING_LINE_SQL),
            postgresql_where=text(_PENDING_LINE_SQL),
        ),
        Index("ix_delivery_line_run", "run_id", "position"),
        Index("ix_delivery_line_card", "card_id"),
        Index("ix_delivery_line_handover", "handover_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("delivery_run.id"))
    card_id: Mapped[int] = mapped_column(ForeignKey("card.id"))
    position: Mapped[int] = mapped_column(Integer)  # "No." on the run sheet
    outcome: Mapped[DeliveryOutcome | None] = mapped_column(_enum(DeliveryOutcome))
    recorded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recipient_name: Mapped[str] = mapped_column(String(160), default="")
    relation: Mapped[Relation | None] = mapped_column(_enum(Relation))
    note: Mapped[str] = mapped_column(String(200), default="")  # keterangan from the sheet
    handover_id: Mapped[int | None] = mapped_column(ForeignKey("handover.id"))


class AuditEntry(Base):
    """Append-only: one row for every change, written in the change's own transaction."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="")
    # The chain (migration 0006, core/audit_chain.py): this row's place, the hash of the row
    # before it, and its own hash over every field above and the seal.
    chain_seq: Mapped[int | None] = mapped_column(Integer)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))
    # "handover:12:<sha256>": the state of a row this change left behind, so that an edit of
    # that row made outside the program no longer matches its last audit row.
    seal: Mapped[str | None] = mapped_column(String(120))


class AuditChain(Base):
    """The chain's newest link, one row: locked by each transaction that adds audit rows."""

    __tablename__ = "audit_chain"

    id: Mapped[int] = mapped_column(primary_key=True)
    length: Mapped[int] = mapped_column(Integer)
    head_hash: Mapped[str] = mapped_column(String(64))


class Counter(Base):
    """Numbers that must never repeat (minutes, receipts): one row per series and year."""

    __tablename__ = "counter"
    __table_args__ = (UniqueConstraint("series", "year", name="uq_counter_series"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series: Mapped[str] = mapped_column(String(30))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[int] = mapped_column(Integer, default=0)


class Document(Base):
    """Every paper the program wrote, so any of them can be found and printed again."""

    __tablename__ = "document"
    __table_args__ = (Index("ix_document_kind_created", "kind", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    number: Mapped[str] = mapped_column(String(60), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    relative_path: Mapped[str] = mapped_column(String(400))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    desk: Mapped[str] = mapped_column(String(40), default="", server_default="")


class Setting(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DocumentContent(Base):
    """A registered paper's PDF as it was written, kept on a shared server so that every desk
    can open and print that very file again (a desk alone keeps only its documents/ folder).

    Apart from `document`, so that listing and searching papers never loads the bytes.
    """

    __tablename__ = "document_content"

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
