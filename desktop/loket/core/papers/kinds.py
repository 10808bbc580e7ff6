"""Every kind of paper the program writes: its folder under documents/ and its name at the desk."""

from __future__ import annotations

import enum

from loket.i18n import _


class PaperKind(enum.StrEnum):
    """The value is the folder under DATA/documents/ and the `document.kind` of its row."""

    BERITA_ACARA = "berita-acara"
    RECEIPT = "receipts"
    DAILY_REPORT = "laporan-harian"
    MONTHLY_RECAP = "rekap-bulanan"
    RETURN_MINUTES = "berita-acara-pengembalian"
    DESTRUCTION_MINUTES = "berita-acara-pemusnahan"
    CALL_LIST = "daftar-panggilan"
    RUN_SHEET = "daftar-pengantaran"
    RUN_RESULTS = "hasil-pengantaran"
    LABELS = "label"


def kind_label(kind: str) -> str:
    """The kind as the desk reads it: "Berita acara", "Tanda terima", ...; unknown kinds as kept."""
    labels: dict[str, str] = {
        PaperKind.BERITA_ACARA: _("Berita acara"),
        PaperKind.RECEIPT: _("Tanda terima"),
        PaperKind.DAILY_REPORT: _("Laporan harian"),
        PaperKind.MONTHLY_RECAP: _("Rekap bulanan"),
        PaperKind.RETURN_MINUTES: _("Berita acara pengembalian"),
        PaperKind.DESTRUCTION_MINUTES: _("Berita acara pemusnahan"),
        PaperKind.CALL_LIST: _("Daftar panggilan"),
        PaperKind.RUN_SHEET: _("Daftar pengantaran"),
        PaperKind.RUN_RESULTS: _("Daftar hasil pengantaran"),
        PaperKind.LABELS: _("Label barcode"),
    }
    return labels.get(kind, kind)
