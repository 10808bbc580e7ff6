"""The states a card, a batch, a return or a run can be in, and the other choices the desk records.

Below every layer: the database stores them, the rules decide by them, the papers and the
window name them. Plain enums, no behaviour; their words are in each feature's `words` module.
"""

from __future__ import annotations

import enum


class Role(enum.Enum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class CardState(enum.Enum):
    EXPECTED = "expected"  # on a kecamatan list, not scanned yet
    IN_STOCK = "in_stock"
    # Arrived but not ours to keep: held by the office (received, in stock on every paper,
    # never handed over nor called) until a berita acara pengembalian takes it back.
    SET_ASIDE = "set_aside"
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


#: Cards in the office's custody: received, not yet handed over nor returned. The stock the
#: laporan harian and the rekap count, and the stock page's "Di kantor" choice.
HELD_STATES = (CardState.IN_STOCK, CardState.SET_ASIDE, CardState.OUT_FOR_DELIVERY)


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


class Relation(enum.Enum):
    """Who collects a card, as seen from its owner."""

    OWNER = "owner"
    SPOUSE = "spouse"
    PARENT = "parent"
    CHILD = "child"
    SIBLING = "sibling"
    GRANDPARENT = "grandparent"
    GRANDCHILD = "grandchild"
    OTHER_FAMILY = "other_family"
    NOT_FAMILY = "not_family"


class OldCardFate(enum.Enum):
    SURRENDERED = "surrendered"  # handed in, to be cut
    LOST = "lost"  # replaced by a police loss letter
    NONE = "none"  # first card
    DAMAGED = "damaged"  # handed in, to be cut


class DocumentChecked(enum.Enum):
    RECORDING_SLIP = "recording_slip"  # bukti perekaman / resi
    FAMILY_CARD = "family_card"  # KK
    POWER_OF_ATTORNEY = "power_of_attorney"  # surat kuasa
    REPRESENTATIVE_ID = "representative_id"  # the representative's own KTP


class ReturnStatus(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"


class ReturnReason(enum.Enum):
    """Why a card goes back to the kecamatan."""

    UNCLAIMED = "unclaimed"  # the owner never came
    DAMAGED = "damaged"
    WRONG_KELURAHAN = "wrong_kelurahan"  # the owner is not a resident here
    OWNER_MOVED = "owner_moved"
    OWNER_DECEASED = "owner_deceased"


class DeliveryStatus(enum.Enum):
    OPEN = "open"  # the cards are out, outcomes still being scanned
    CLOSED = "closed"


class DeliveryOutcome(enum.Enum):
    """What became of a card taken door to door."""

    DELIVERED = "delivered"  # a handover with its own receipt
    NOT_AT_HOME = "not_at_home"  # back in stock
    MOVED = "moved"  # back in stock
    REFUSED = "refused"  # back in stock
    NOT_RECORDED = "not_recorded"  # the run was closed without an answer: back in stock


class Severity(enum.Enum):
    """How an answer is shown: green, amber, or red (the card was not recorded)."""

    OK = "ok"
    WARNING = "warning"
    ERROR = "error"
