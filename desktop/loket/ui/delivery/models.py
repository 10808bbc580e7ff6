"""Delivery runs and the cards of one run as tables: thin models over lists of frozen values."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from loket.core.delivery.outcomes import LineInfo
from loket.core.delivery.runs import RunSummary
from loket.core.delivery.words import outcome_label
from loket.core.handover.words import relation_label
from loket.core.indonesia import writing
from loket.domain.states import DeliveryOutcome
from loket.i18n import _
from loket.ui.kit.table_model import Column, ListTableModel

_DELIVERED = "#e3f2e6"
_BACK_IN_STOCK = "#fdf3d7"
_VOIDED = "#fbe3e1"
_CLOSED = "#f1f3f5"


class RunsModel(ListTableModel[RunSummary]):
    def __init__(self, zone: ZoneInfo) -> None:
        def made(run: RunSummary) -> str:
            return writing.long_date(run.created_at.astimezone(zone).date())

        def pending(run: RunSummary) -> str:
            return str(run.counts.pending) if run.is_open else _("ditutup")

        super().__init__(
            [
                Column(_("Nomor"), lambda run: run.number),
                Column(_("Wilayah"), lambda run: run.area),
                Column(_("Petugas pengantar"), lambda run: run.courier_name),
                Column(_("Kartu"), lambda run: str(run.counts.total), centred=True),
                Column(_("Diterima"), lambda run: str(run.counts.delivered), centred=True),
                Column(
                    _("Tidak diterima"), lambda run: str(run.counts.not_delivered), centred=True
                ),
                Column(_("Belum dicatat"), pending, centred=True),
                Column(_("Dibuat"), made),
            ],
            key=lambda run: run.id,
            background=lambda run: "" if run.is_open else _CLOSED,
        )


def _outcome(line: LineInfo) -> str:
    text = outcome_label(line.outcome)
    if line.handover_voided:
        return _("{outcome} (dibatalkan)").format(outcome=text)
    return text


def _recipient(line: LineInfo) -> str:
    if line.outcome is not DeliveryOutcome.DELIVERED:
        return ""
    relation = relation_label(line.relation).lower() if line.relation else ""
    return f"{line.recipient_name} ({relation})" if relation else line.recipient_name


def _line_colour(line: LineInfo) -> str:
    if line.handover_voided:
        return _VOIDED
    if line.outcome is DeliveryOutcome.DELIVERED:
        return _DELIVERED
    return "" if line.outcome is None else _BACK_IN_STOCK


class LinesModel(ListTableModel[LineInfo]):
    def __init__(self) -> None:
        super().__init__(
            [
                Column(_("No."), lambda line: str(line.position), centred=True),
                Column(_("NIK"), lambda line: line.card.nik),
                Column(_("Nama"), lambda line: line.card.name or "—"),
                Column(_("RT"), lambda line: line.card.rt, centred=True),
                Column(_("Hasil"), _outcome),
                Column(_("Penerima"), _recipient),
                Column(_("Alamat"), lambda line: line.card.address),
                Column(_("Keterangan"), lambda line: line.note),
            ],
            key=lambda line: line.id,
            background=_line_colour,
        )
