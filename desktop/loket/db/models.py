"""Tables. Times are stored in UTC; every row names the staff member who made it."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

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


class Role(enum.Enum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class CardState(enum.Enum):
    EXPECTED = "expected"  # on a kecamatan list, not scanned yet
    IN_STOCK = "in_stock"
    SET_ASIDE = "set_aside"  # arrived but not ours to keep: goes back to the kecamatan
    MISSING = "missing"  # on the list, did not arrive when the batch was closed
    HANDED_OVER = "handed_over"
    OUT_FOR_DELIVERY = "out_for_delivery"
    RETURNED = "returned"


#: States of a card not yet settled; a NIK has at most one such card at a time.
UNSETTLED_STATES = (
    CardState.EXPECTED,
    CardState.IN_STOCK,
    CardState.SET_ASIDE,
    CardState.OUT_FOR_DELIVERY,
)
_UNSETTLED_SQL = "state IN ({})".format(", ".join(f"'{s.name}'" for s in UNSETTLED_STATES))


class EntryMethod(enum.Enum):
    SCANNED = "scanned"
    TYPED = "typed"


class BatchStatus(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"


class ScanOutcomeKind(enum.Enum):
    RECEIVED = "received"  # on the list
    ADDED = "added"  # batch without a list: the list grows
    EXTRA = "extra"  # not on the list
    DUPLICATE = "duplicate"  # already scanned in this batch
    ELSEWHERE = "elsewhere"  # unsettled card with this NIK in another batch
    UNREADABLE = "unreadable"


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
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nik: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(160), default="")
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

    batch: Mapped[Batch] = relationship(back_populates="cards")


class Scan(Base):
    """Every scan or typed entry at intake, whatever its outcome: the desk's own log."""

    __tablename__ = "scan"
    __table_args__ = (Index("ix_scan_batch", "batch_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batch.id"))
    raw_text: Mapped[str] = mapped_column(String(200))
    nik: Mapped[str | None] = mapped_column(String(16))
    outcome: Mapped[ScanOutcomeKind] = mapped_column(_enum(ScanOutcomeKind))
    entry_method: Mapped[EntryMethod] = mapped_column(_enum(EntryMethod))
    card_id: Mapped[int | None] = mapped_column(ForeignKey("card.id"))
    scanned_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))


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


class Setting(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
