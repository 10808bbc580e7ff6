"""The staff accounts as a table: a thin model over the list the core gives."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from loket.core.staff.accounts import StaffAccount
from loket.core.staff.members import role_label
from loket.domain.states import Role
from loket.i18n import _

_Index = QModelIndex | QPersistentModelIndex

_INACTIVE = "#7b8794"
_LOCKED = "#b3261e"
USERNAME, NAME, NIP, ROLE, STATUS, LOCK = range(6)


def role_explanation(role: Role) -> str:
    return {
        Role.OPERATOR: _("Menerima kiriman, menyerahkan kartu, mencetak tanda terima dan laporan."),
        Role.SUPERVISOR: _(
            "Seperti petugas loket, ditambah membatalkan penyerahan dan mengembalikan kartu."
        ),
        Role.ADMIN: _("Semua pekerjaan, ditambah Pengaturan: kantor, printer, kebijakan, akun."),
    }[role]


def grouped_nip(nip: str) -> str:
    """ "19680512 199403 1 007", as a NIP is read aloud and printed."""
    if len(nip) == 18 and nip.isdigit():
        return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    return nip


class StaffAccountsModel(QAbstractTableModel):
    """Every account; a disabled one greyed, a locked one with the time its lock ends."""

    def __init__(self, current_id: int, zone: ZoneInfo) -> None:
        super().__init__()
        self._current_id = current_id
        self._zone = zone
        self._accounts: list[StaffAccount] = []
        self._headers = (
            _("Nama pengguna"),
            _("Nama"),
            _("NIP"),
            _("Peran"),
            _("Status"),
            _("Kunci"),
        )

    def reset(self, accounts: list[StaffAccount]) -> None:
        self.beginResetModel()
        self._accounts = list(accounts)
        self.endResetModel()

    def account_at(self, row: int) -> StaffAccount | None:
        return self._accounts[row] if 0 <= row < len(self._accounts) else None

    def row_of(self, staff_id: int) -> int:
        return next((row for row, a in enumerate(self._accounts) if a.id == staff_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._accounts)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        account = self.account_at(index.row()) if index.isValid() else None
        if account is None or not 0 <= index.column() < len(self._headers):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(account, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == LOCK and account.locked:
                return QBrush(QColor(_LOCKED))
            return QBrush(QColor(_INACTIVE)) if not account.active else None
        if role == Qt.ItemDataRole.ToolTipRole and column == LOCK and account.locked:
            return _(
                "Terlalu banyak kata sandi salah. Buka kuncinya, atau atur ulang kata sandinya."
            )
        return None

    def _text(self, account: StaffAccount, column: int) -> str:
        if column == USERNAME:
            return account.username
        if column == NAME:
            you = _(" (Anda)") if account.id == self._current_id else ""
            return f"{account.full_name or '—'}{you}"
        if column == NIP:
            return grouped_nip(account.nip) or "—"
        if column == ROLE:
            return role_label(account.role)
        if column == STATUS:
            return _("Aktif") if account.active else _("Nonaktif")
        if account.locked_until is None:
            return "—"
        until = account.locked_until.astimezone(self._zone)
        return _("Terkunci s.d. {time}").format(time=f"{until:%H.%M}")
