"""`loket database ...`: which database this desk uses, for IT staff setting up several desks.

connect URL, status, use-local, move-to URL. The password is read from standard input
(--password-stdin) or asked for once; it never appears in the URL or on the screen. A desk
connected to a shared server is named with --desk ("Loket 2"), as in Pengaturan › PC ini.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from loket.datadir import DataDir, resolve_data_dir
from loket.i18n import _

if TYPE_CHECKING:  # the use cases bring SQLAlchemy: imported by the command that runs
    from loket.core.database import status


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    database = commands.add_parser(
        "database", parents=[common], help=_("basis data loket ini: PC ini atau server bersama")
    )
    sub = database.add_subparsers(dest="database_command", metavar="PERINTAH", required=True)
    for name, text in (
        ("connect", _("sambungkan loket ini ke server PostgreSQL kantor")),
        ("move-to", _("pindahkan kantor di PC ini ke server PostgreSQL yang kosong")),
    ):
        command = sub.add_parser(name, parents=[common], help=text)
        command.add_argument("url", metavar="postgresql://PENGGUNA@SERVER:PORT/BASISDATA")
        command.add_argument(
            "--password-stdin", action="store_true", help=_("baca kata sandi dari masukan standar")
        )
        command.add_argument(
            "--desk",
            metavar="NAMA",
            help=_('nama loket PC ini, mis. "Loket 2" (setiap PC kantor perlu nama sendiri)'),
        )
    sub.add_parser("status", parents=[common], help=_("basis data yang dipakai dan keadaannya"))
    sub.add_parser(
        "use-local", parents=[common], help=_("kembali memakai basis data di PC ini saja")
    )


def run(args: argparse.Namespace) -> int:
    """0 done, 1 refused (a LoketError, raised to the caller), never 2 here."""
    data = DataDir(resolve_data_dir(args.data_dir))
    return _COMMANDS[args.database_command](data, args)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return getpass.getpass(_("Kata sandi basis data: "))


def _desk_name(args: argparse.Namespace) -> str | None:
    """--desk, checked before anything is tried; None when not given."""
    from loket.core.settings.desk import checked_desk_name

    return None if args.desk is None else checked_desk_name(args.desk)


def _name_desk(data: DataDir, name: str | None) -> None:
    from loket.core.settings.desk import name_desk

    if name is not None:
        print(_("Nama loket ini: {desk}").format(desk=name_desk(data.root, name)))


def _connect(data: DataDir, args: argparse.Namespace) -> int:
    from loket.core.database import connecting

    address = connecting.parse_server_url(args.url)
    desk = _desk_name(args)
    had_local_office = data.server is None and data.database.is_file()
    connected = connecting.connect_desk(data, address, _password(args.password_stdin))
    print(connecting.connected_sentence(connected))
    _name_desk(data, desk)
    if had_local_office:
        print(
            _(
                "Basis data PC ini ({path}) tetap tersimpan tetapi tidak dipakai lagi. Untuk "
                "membawa isinya ke server, pakai: loket database move-to ALAMAT"
            ).format(path=data.database)
        )
    return 0


def _move_to(data: DataDir, args: argparse.Namespace) -> int:
    from loket.core.database import connecting, moving

    address = connecting.parse_server_url(args.url)
    desk = _desk_name(args)
    moved = moving.move_office(data, address, _password(args.password_stdin))
    print(moving.moved_sentence(moved))
    _name_desk(data, desk)
    print(
        _("Basis data PC ini ({path}) tidak diubah dan tetap tersimpan.").format(path=data.database)
    )
    print(
        connecting.password_kept_sentence(
            moved.connected.password_place, moved.connected.password_file
        )
    )
    return 0


def _status(data: DataDir, _args: argparse.Namespace) -> int:
    from loket.core.database import status
    from loket.core.settings.desk import load_desk_settings

    found = status.desk_status(data)
    print(_("Nama loket ini: {desk}").format(desk=load_desk_settings(data.root).desk_name))
    if found.address is None:
        print(_("Basis data: di PC ini saja, {path}").format(path=found.location))
    else:
        print(_("Basis data: server PostgreSQL bersama, {server}").format(server=found.location))
        print(
            _("Terhubung: ya, PostgreSQL {version}").format(version=found.server_version)
            if found.reachable
            else _("Terhubung: tidak. {why}").format(why=found.problem)
        )
    print(_schema_line(found))
    if found.address is not None:
        print(_password_line(data, found))
    if found.address is not None and found.reachable:
        print(
            _("Loket lain yang tersambung sekarang: {count} {places}")
            .format(
                count=len(found.desks),
                places=f"({', '.join(found.desks)})" if found.desks else "",
            )
            .rstrip()
        )
    return 0 if found.reachable else 1


def _schema_line(found: status.DatabaseStatus) -> str:
    if found.address is not None and not found.reachable:
        return _("Versi skema: tidak diketahui (program ini: {head})").format(
            head=found.program_revision
        )
    if found.revision is None:
        return _("Versi skema: belum ada (dibuat saat loket dibuka; program ini: {head})").format(
            head=found.program_revision
        )
    if found.schema_current:
        return _("Versi skema: {revision} (sama dengan program ini)").format(
            revision=found.revision
        )
    return _("Versi skema: {revision} (diperbarui ke {head} saat loket dibuka)").format(
        revision=found.revision, head=found.program_revision
    )


def _password_line(data: DataDir, found: status.DatabaseStatus) -> str:
    from loket.core.database import connecting
    from loket.db.credentials import password_file

    if found.password_place is None:
        return _("Kata sandi: tidak tersimpan di PC ini")
    return connecting.password_kept_sentence(found.password_place, password_file(data))


def _use_local(data: DataDir, _args: argparse.Namespace) -> int:
    from loket.core.database import connecting

    was = data.server_settings.is_file()
    path = connecting.use_local(data)
    if was:
        print(
            _(
                "Loket ini kembali memakai basis data di PC ini: {path}. Data di server tidak "
                "diubah, dan kata sandinya dihapus dari PC ini."
            ).format(path=path)
        )
    else:
        print(_("Loket ini sudah memakai basis data di PC ini: {path}").format(path=path))
    return 0


_COMMANDS: dict[str, Callable[[DataDir, argparse.Namespace], int]] = {
    "connect": _connect,
    "move-to": _move_to,
    "status": _status,
    "use-local": _use_local,
}
