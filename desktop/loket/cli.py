"""The command line: `loket` opens the program; subcommands serve IT staff and scheduled jobs.

Exit codes: 0 success, 1 refused (the message says why), 2 input that cannot be read or used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from loket import __version__, cli_records, database_cli
from loket.datadir import DataDir, DataDirUnusable, resolve_data_dir, saved_aside_message
from loket.domain.errors import LoketError, StorageError
from loket.domain.states import Role
from loket.i18n import _, set_language
from loket.logging_setup import configure_logging

# Each command imports the use cases it runs: the desk's window (no command) shows before
# SQLAlchemy is loaded (bench/startup.py).
if TYPE_CHECKING:
    from loket.db.engine import Database

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_UNUSABLE = 2


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_REFUSED) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="loket",
        description=_("Loket KTP-el: penerimaan dan penyerahan KTP-el di kelurahan."),
    )
    parser.add_argument("--version", action="version", version=f"Loket KTP-el {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_("folder data (basis data, dokumen, cadangan, log); juga LOKET_DATA_DIR"),
    )
    parser.add_argument(
        "--lang",
        choices=("id", "en"),
        default=os.environ.get("LOKET_LANG", "id"),
        help=_("bahasa tampilan (id atau en)"),
    )
    # --data-dir is accepted after the command too: `loket demo --data-dir DIR`.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    commands = parser.add_subparsers(dest="command", metavar="PERINTAH")

    demo = commands.add_parser(
        "demo", parents=[common], help=_("buka program pada kantor contoh (data sementara)")
    )
    demo.add_argument("--no-gui", action="store_true", help=_("hanya siapkan data contoh"))

    setup = commands.add_parser(
        "setup", parents=[common], help=_("isi data kantor (kelurahan, alamat, lurah)")
    )
    setup.add_argument(
        "--kelurahan",
        required=True,
        metavar="KODE",
        help=_("kode wilayah Kemendagri, mis. 33.74.04.1002"),
    )
    setup.add_argument("--address", default="", metavar="ALAMAT", help=_("alamat kantor"))
    setup.add_argument("--lurah", default="", metavar="NAMA", help=_("nama lurah"))
    setup.add_argument("--lurah-nip", default="", metavar="NIP", help=_("NIP lurah"))

    user = commands.add_parser("user", parents=[common], help=_("kelola akun petugas"))
    user_commands = user.add_subparsers(dest="user_command", metavar="PERINTAH", required=True)
    add = user_commands.add_parser("add", parents=[common], help=_("tambah akun"))
    add.add_argument("username", metavar="NAMA_PENGGUNA")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--name", default="", metavar="NAMA_LENGKAP")
    add.add_argument("--nip", default="", metavar="NIP")
    add.add_argument(
        "--password-stdin", action="store_true", help=_("baca kata sandi dari masukan standar")
    )

    manifest = commands.add_parser(
        "manifest", parents=[common], help=_("periksa daftar kiriman kecamatan")
    )
    manifest_commands = manifest.add_subparsers(
        dest="manifest_command", metavar="PERINTAH", required=True
    )
    check = manifest_commands.add_parser(
        "check", parents=[common], help=_("periksa baris demi baris")
    )
    check.add_argument("file", metavar="BERKAS")
    check.add_argument("--json", action="store_true", help=_("keluaran JSON"))

    batch = commands.add_parser("batch", parents=[common], help=_("kiriman dari kecamatan"))
    batch_commands = batch.add_subparsers(dest="batch_command", metavar="PERINTAH", required=True)
    imp = batch_commands.add_parser(
        "import", parents=[common], help=_("buat kiriman baru dari daftar")
    )
    imp.add_argument("file", metavar="BERKAS")
    imp.add_argument("--reference", required=True, metavar="NOMOR", help=_("nomor surat pengantar"))
    imp.add_argument(
        "--date", required=True, metavar="YYYY-MM-DD", help=_("tanggal surat pengantar")
    )
    imp.add_argument("--courier", default="", metavar="NAMA", help=_("nama pengantar"))
    imp.add_argument(
        "--user",
        default="",
        metavar="NAMA_PENGGUNA",
        help=_("petugas yang dicatat (bawaan: admin pertama)"),
    )

    report = commands.add_parser(
        "report", parents=[common], help=_("laporan harian dan rekap bulanan (PDF)")
    )
    report_commands = report.add_subparsers(
        dest="report_command", metavar="PERINTAH", required=True
    )
    daily = report_commands.add_parser("daily", parents=[common], help=_("laporan harian"))
    daily.add_argument("--date", required=True, metavar="YYYY-MM-DD", help=_("tanggal laporan"))
    monthly = report_commands.add_parser("monthly", parents=[common], help=_("rekap bulanan"))
    monthly.add_argument("--month", required=True, metavar="YYYY-MM", help=_("bulan rekap"))
    for sub in (daily, monthly):
        sub.add_argument(
            "--out",
            default="",
            metavar="BERKAS.pdf",
            help=_("simpan ke berkas ini (bawaan: folder dokumen di folder data)"),
        )
        sub.add_argument(
            "--user",
            default="",
            metavar="NAMA_PENGGUNA",
            help=_("petugas yang menandatangani (bawaan: nama ditulis tangan)"),
        )
    database_cli.add_parser(commands, common)
    cli_records.add_commands(commands, common)
    return parser


#: Databases the command opened, closed when it ends (a server's connection is ended politely).
_opened: list[Database] = []


def _open(args: argparse.Namespace) -> tuple[DataDir, Database]:
    from sqlalchemy.exc import DatabaseError

    from loket.core.storage import open_database

    data = DataDir(resolve_data_dir(args.data_dir))
    try:
        database = open_database(data)
    except (DataDirUnusable, StorageError) as refusal:
        raise CliError(refusal.message, EXIT_UNUSABLE) from refusal
    except OSError as error:
        raise CliError(
            _("Folder data {path} tidak bisa dipakai: {error}").format(path=data.root, error=error),
            EXIT_UNUSABLE,
        ) from error
    except DatabaseError as error:
        raise CliError(
            _(
                "Basis data {path} tidak bisa dibuka ({error}). Tidak ada yang diubah. Salinan "
                "sebelum setiap pembaruan ada di {backups}; hubungi admin."
            ).format(path=data.database, error=error.orig or error, backups=data.backups),
            EXIT_UNUSABLE,
        ) from error
    _opened.append(database)
    return data, database


def _cmd_setup(args: argparse.Namespace) -> int:
    from loket.core.office import identity

    _data, database = _open(args)
    info = identity.set_up_office(
        database, args.kelurahan, args.address, args.lurah, args.lurah_nip
    )
    print(
        _("Kantor disimpan: Kelurahan {kelurahan}, Kecamatan {kecamatan}, {kota}.").format(
            kelurahan=info.kelurahan, kecamatan=info.kecamatan, kota=info.kota
        )
    )
    return EXIT_OK


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(_("Kata sandi: "))
    if getpass.getpass(_("Ulangi kata sandi: ")) != first:
        raise CliError(_("Kedua kata sandi tidak sama. Tidak ada yang disimpan."))
    return first


def _cmd_user(args: argparse.Namespace) -> int:
    from loket.core.staff import accounts, members

    _data, database = _open(args)
    password = _read_password(args.password_stdin)
    actor = None if not members.has_staff(database) else members.first_admin(database)
    member = accounts.add_staff(
        database, actor, args.username, password, Role(args.role), args.name, args.nip
    )
    print(
        _("Akun {username} ({role}) ditambahkan.").format(
            username=member.username, role=members.role_label(member.role)
        )
    )
    return EXIT_OK


def _cmd_manifest(args: argparse.Namespace) -> int:
    from loket.core.manifest.reader import format_report, read_manifest

    report = read_manifest(_existing_file(args.file))
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    return EXIT_OK if not report.refused else EXIT_REFUSED


def _existing_file(path: str) -> Path:
    file = Path(path)
    if not file.is_file():
        raise CliError(_("Berkas {path} tidak ditemukan.").format(path=path), EXIT_UNUSABLE)
    return file


def _cmd_batch(args: argparse.Namespace) -> int:
    from loket.core.intake import batches
    from loket.core.manifest.reader import read_manifest
    from loket.core.staff import members

    try:
        letter_date = dt.date.fromisoformat(args.date)
    except ValueError as error:
        raise CliError(
            _("Tanggal {value} tidak dikenal. Tulis sebagai TTTT-BB-HH, mis. 2026-11-25.").format(
                value=args.date
            ),
            EXIT_UNUSABLE,
        ) from error
    report = read_manifest(_existing_file(args.file))
    _data, database = _open(args)
    actor = members.find_member(database, args.user) if args.user else members.first_admin(database)
    plan = batches.plan_import(database, report)
    batch = batches.open_batch(database, actor, args.reference, letter_date, args.courier, report)
    print(
        _("Kiriman {reference} dibuat: {count} kartu dari daftar diimpor.").format(
            reference=batch.reference, count=batch.counts.expected
        )
    )
    refused = len(report.refused) + len(plan.conflicts)
    if refused:
        print(
            _(
                "{count} baris tidak diimpor; jalankan `loket manifest check` untuk rinciannya."
            ).format(count=refused)
        )
    return EXIT_OK


def _report_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as error:
        raise CliError(
            _("Tanggal {value} tidak dikenal. Tulis sebagai TTTT-BB-HH, mis. 2026-11-27.").format(
                value=text
            ),
            EXIT_UNUSABLE,
        ) from error


def _report_month(text: str) -> tuple[int, int]:
    parts = text.strip().split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts) and len(parts[0]) == 4:
        year, month = int(parts[0]), int(parts[1])
        if 1 <= month <= 12 and year >= 2000:
            return year, month
    raise CliError(
        _("Bulan {value} tidak dikenal. Tulis sebagai TTTT-BB, mis. 2026-11.").format(value=text),
        EXIT_UNUSABLE,
    )


def _report_target(text: str) -> Path | None:
    """The --out file, refused at once when its folder cannot be written."""
    if not text:
        return None
    path = Path(text).expanduser().resolve()
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if path.is_dir() or not folder.is_dir() or not os.access(folder, os.W_OK):
        raise CliError(
            _("Berkas {path} tidak bisa ditulis. Pilih berkas di folder yang bisa ditulis.").format(
                path=text
            ),
            EXIT_UNUSABLE,
        )
    return path


def _cmd_report(args: argparse.Namespace) -> int:
    from loket.core.papers.kinds import PaperKind
    from loket.core.reports import saving
    from loket.core.staff import members

    out = _report_target(args.out)
    if args.report_command == "daily":
        day = _report_date(args.date)
        data, database = _open(args)
        actor = members.find_member(database, args.user) if args.user else None
        from loket.documents.reports.daily_report import write_daily_report

        path = saving.save_daily_report(database, actor, data, day, write_daily_report, out)
        wanted = out or data.documents(PaperKind.DAILY_REPORT) / saving.daily_report_name(day)
    else:
        year, month = _report_month(args.month)
        data, database = _open(args)
        actor = members.find_member(database, args.user) if args.user else None
        from loket.documents.reports.monthly_recap import write_monthly_recap

        path = saving.save_monthly_recap(
            database, actor, data, year, month, write_monthly_recap, out
        )
        wanted = out or data.documents(PaperKind.MONTHLY_RECAP) / saving.monthly_recap_name(
            year, month
        )
    if path != wanted:  # the earlier one is open in a PDF reader (Windows)
        print(saved_aside_message(wanted, path), file=sys.stderr)
    print(_("Laporan disimpan: {path}").format(path=path))
    return EXIT_OK


def _cmd_gui(args: argparse.Namespace) -> int:
    from loket.ui.shell.app import run_gui

    return run_gui(resolve_data_dir(args.data_dir))


def _cmd_demo(args: argparse.Namespace) -> int:
    from loket.demo import make_demo_data_dir

    data = make_demo_data_dir(args.data_dir)
    print(_("Data contoh disiapkan di {path}").format(path=data.root))
    print(_("Masuk sebagai: petugas / petugas123 (atau admin / admin123)"))
    print(
        _("Lembar barcode untuk dicoba dengan pemindai: {path}").format(
            path=data.documents("demo") / "barcode-kartu-demo.pdf"
        )
    )
    if args.no_gui:
        return EXIT_OK
    from loket.ui.shell.app import run_gui

    return run_gui(data.root)


_COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: _cmd_gui,
    "demo": _cmd_demo,
    "setup": _cmd_setup,
    "user": _cmd_user,
    "manifest": _cmd_manifest,
    "batch": _cmd_batch,
    "report": _cmd_report,
    "database": database_cli.run,
    **cli_records.COMMANDS,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    set_language(args.lang)
    if args.command not in (None, "demo", "manifest"):
        data = DataDir(resolve_data_dir(args.data_dir))
        try:
            data.check_writable()  # before the log file, which lives in the same folder
        except DataDirUnusable as refusal:
            print(refusal.message, file=sys.stderr)
            return EXIT_UNUSABLE
        configure_logging(data.logs)
    try:
        return _COMMANDS[args.command](args)
    except CliError as error:
        print(error.message, file=sys.stderr)
        return error.code
    except LoketError as error:
        from loket.core.manifest.source import ManifestUnreadable

        print(error.message, file=sys.stderr)
        return EXIT_UNUSABLE if isinstance(error, ManifestUnreadable) else EXIT_REFUSED
    finally:
        while _opened:
            _opened.pop().dispose()
