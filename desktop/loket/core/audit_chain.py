"""The audit trail's chain: each row's SHA-256 over a canonical encoding of its fields and the
hash of the row before it, so that a row changed, inserted, removed or moved breaks a link.

The same encoding is frozen in migration 0006, which chained the rows an office already had;
change it only with a migration that chains the rows again.

A handover row is also sealed: the transaction that creates or voids it puts the hash of the
row's state (the columns of `SEALED_HANDOVER_COLUMNS`) into one of its audit rows, so an edit
of the handover made outside the program, with no audit row of its own, no longer matches.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: The `prev_hash` of the first row.
GENESIS = "0" * 64
#: How many hex digits of a hash a paper prints.
SHORT = 12

SEALED_HANDOVER_COLUMNS = (
    "id",
    "card_id",
    "receipt_number",
    "year",
    "sequence",
    "relation",
    "collector_name",
    "collector_nik",
    "collector_phone",
    "documents",
    "old_card",
    "police_letter_number",
    "signature",
    "handed_over_at",
    "officer_id",
    "voided",
    "voided_at",
    "voided_by_id",
    "void_recorded_by_id",
    "void_reason",
)
SEALED_ENTITY = "handover"


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The newest link: how many rows the chain has and the newest row's hash."""

    length: int
    head_hash: str

    @property
    def short(self) -> str:
        return self.head_hash[:SHORT]


_PLAIN = (str, int, float, bool, type(None))


#: One encoder for every row (`json.dumps` with options builds one per call); ASCII, so that
#: the C encoder does the strings.
_ENCODER = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"))


def _time(value: dt.datetime | str) -> str:
    """A time as "2026-12-03T06:15:02.250000Z", whether the database gave it back naive
    (SQLite), aware (PostgreSQL), or as SQLite's own text."""
    if isinstance(value, str):
        if len(value) == 26 and value[10] == " ":  # SQLite's own: 2026-12-03 06:15:02.250000
            return f"{value[:10]}T{value[11:]}Z"
        value = dt.datetime.fromisoformat(value)
    utc = value if value.tzinfo is None else value.astimezone(dt.UTC).replace(tzinfo=None)
    return utc.isoformat(timespec="microseconds") + "Z"


def canonical(value: object) -> object:
    """One spelling of a value whichever database gave it back (SQLite, PostgreSQL, Python)."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, dt.datetime):
        return _time(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _hex(values: Sequence[object]) -> str:
    return hashlib.sha256(_ENCODER.encode(values).encode("utf-8")).hexdigest()


def _digest(values: Sequence[object]) -> str:
    return _hex([canonical(v) for v in values])


def link_hash(
    chain_seq: int,
    prev_hash: str,
    at: dt.datetime | str,
    staff_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    detail: str,
    seal: str | None,
) -> str:
    """A row's own hash: over its place, the hash before it, and what it records."""
    return _hex(
        [chain_seq, prev_hash, _time(at), staff_id, action, entity, entity_id, detail, seal]
    )


def handover_seal(row: Mapping[Any, Any]) -> str:
    """ "handover:<id>:<hash of the row's sealed columns>"."""
    state = _digest([row[name] for name in SEALED_HANDOVER_COLUMNS])
    return f"{SEALED_ENTITY}:{row['id']}:{state}"


def seal_target(seal: str) -> int | None:
    """The handover id a seal is of, None for a seal this program does not know."""
    entity, _sep, rest = seal.partition(":")
    number, _sep, _state = rest.partition(":")
    return int(number) if entity == SEALED_ENTITY and number.isdigit() else None
