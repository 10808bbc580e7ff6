"""The cards of one return as a table, in the order scanned."""

from __future__ import annotations

from loket.core.returns.filling import ReturnLineInfo
from loket.core.returns.words import reason_label
from loket.domain.states import ReturnReason
from loket.i18n import _
from loket.ui.kit.table_model import Column, ListTableModel


class ReturnLinesModel(ListTableModel[ReturnLineInfo]):
    def __init__(self) -> None:
        super().__init__(
            [
                Column(_("No."), lambda line: str(self.row_of(line.card.id) + 1), centred=True),
                Column(_("NIK"), lambda line: line.card.nik),
                Column(_("Nama"), lambda line: line.card.name or "—"),
                Column(_("RT/RW"), lambda line: line.card.rt_rw, centred=True),
                Column(_("Alasan dikembalikan"), lambda line: reason_label(line.reason)),
            ],
            key=lambda line: line.card.id,
        )

    def line_at(self, row: int) -> ReturnLineInfo | None:
        return self.at(row)

    def count(self, reason: ReturnReason) -> int:
        return sum(1 for line in self.rows if line.reason is reason)
