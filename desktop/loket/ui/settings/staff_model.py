"""The staff accounts as a table: a thin model over the list the core gives."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from loket.core.staff.accounts import StaffAccount
from loket.core.staff.members import role_label
from loket.domain.states import Role
from loket.i18n import _
from loket.ui.kit.table_model import Column, ListTableModel

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


def _lock_text(account: StaffAccount, zone: ZoneInfo) -> str:
    if account.locked_until is None:
        return "—"
    until = account.locked_until.astimezone(zone)
    return _("Terkunci s.d. {time}").format(time=f"{until:%H.%M}")


def _lock_tooltip(account: StaffAccount) -> str:
    if not account.locked:
        return ""
    return _("Terlalu banyak kata sandi salah. Buka kuncinya, atau atur ulang kata sandinya.")


class StaffAccountsModel(ListTableModel[StaffAccount]):
    """Every account; a disabled one greyed, a locked one with the time its lock ends."""

    def __init__(self, current_id: int, zone: ZoneInfo) -> None:
        def name(account: StaffAccount) -> str:
            you = _(" (Anda)") if account.id == current_id else ""
            return f"{account.full_name or '—'}{you}"

        def greyed(account: StaffAccount) -> str:
            return "" if account.active else _INACTIVE

        super().__init__(
            [
                Column(_("Nama pengguna"), lambda account: account.username, tooltip=_none),
                Column(_("Nama"), name, tooltip=_none),
                Column(_("NIP"), lambda account: grouped_nip(account.nip) or "—", tooltip=_none),
                Column(_("Peran"), lambda account: role_label(account.role), tooltip=_none),
                Column(
                    _("Status"),
                    lambda account: _("Aktif") if account.active else _("Nonaktif"),
                    tooltip=_none,
                ),
                Column(
                    _("Kunci"),
                    lambda account: _lock_text(account, zone),
                    tooltip=_lock_tooltip,
                    foreground=lambda account: _LOCKED if account.locked else greyed(account),
                ),
            ],
            key=lambda account: account.id,
            foreground=greyed,
        )

    def account_at(self, row: int) -> StaffAccount | None:
        return self.at(row)


def _none(_account: StaffAccount) -> str:
    return ""
