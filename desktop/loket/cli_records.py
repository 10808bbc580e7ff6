"""The command line's record keeping: `loket audit verify`, `loket backup ...`, `loket restore`.

Kept apart from cli.py, which registers these commands and runs them with the same exit codes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from loket.core.audit_chain import ChainHead
from loket.datadir import DataDir, resolve_data_dir
from loket.i18n import _

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_UNUSABLE = 2


def add_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    audit = commands.add_parser("audit", parents=[common], help=_("jejak audit"))
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="PERINTAH", required=True)
    verify = audit_commands.add_parser(
        "verify", parents=[common], help=_("periksa rantai jejak audit dari awal sampai akhir")
    )
    verify.add_argument(
        "--paper",
        default="",
        metavar="JUMLAH:HASH",
        help=_("ujung rantai yang tercetak di berkas bertanda tangan, mis. 1234:3fa9c2e1b7d0"),
    )

    backup = commands.add_parser(
        "backup", parents=[common], help=_("buat cadangan yang sudah diperiksa (atau list, verify)")
    )
    backup.add_argument(
        "--to", default="", metavar="DIR", help=_("simpan di folder ini (bawaan: folder cadangan)")
    )
    backup_commands = backup.add_subparsers(dest="backup_command", metavar="PERINTAH")
    backup_commands.add_parser("list", parents=[common], help=_("daftar cadangan yang ada"))
    check = backup_commands.add_parser(
        "verify", parents=[common], help=_("periksa satu berkas cadangan")
    )
    check.add_argument("file", metavar="BERKAS")
    restore = commands.add_parser(
        "restore", parents=[common], help=_("pulihkan kantor dari berkas cadangan")
    )
    restore.add_argument("file", metavar="BERKAS")
    restore.add_argument(
        "--yes", action="store_true", help=_("jangan bertanya (wajib bila bukan dari terminal)")
    )


def _paper_head(text: str) -> ChainHead | None:
    if not text:
        return None
    length, _sep, start = text.strip().replace("·", ":").replace(" ", "").partition(":")
    if not length.isdigit() or len(start) < 6 or any(c not in "0123456789abcdef" for c in start):
        from loket.cli import CliError

        raise CliError(
            _(
                "Ujung rantai {value} tidak dikenal. Tulis jumlah baris dan awal hash seperti "
                "tercetak di berkas, mis. 1234:3fa9c2e1b7d0."
            ).format(value=text),
            EXIT_UNUSABLE,
        )
    return ChainHead(int(length), start.lower())


def _cmd_audit(args: argparse.Namespace) -> int:
    from loket.cli import _open
    from loket.core.audit_verify import verify_chain

    paper = _paper_head(args.paper)
    _data, database = _open(args)
    try:
        report = verify_chain(database, paper)
    finally:
        database.dispose()
    if report.intact:
        print(
            _("Jejak audit utuh: {rows} baris, ujung rantai {length} · {hash}.").format(
                rows=report.rows, length=report.head.length, hash=report.head.short
            )
        )
        return EXIT_OK
    print(
        _("Jejak audit TIDAK utuh ({count} masalah):").format(count=len(report.problems)),
        file=sys.stderr,
    )
    for problem in report.problems:
        print("- " + problem.message, file=sys.stderr)
    return EXIT_REFUSED


def _cmd_backup(args: argparse.Namespace) -> int:
    from loket.core.backup import automatic
    from loket.core.backup.checking import verify_backup

    data = DataDir(resolve_data_dir(args.data_dir))
    if args.backup_command == "verify":
        check = verify_backup(Path(args.file))
        if not check.good:
            print(check.reason, file=sys.stderr)
            return EXIT_REFUSED
        print(_("Cadangan baik: {summary}").format(summary=check.summary))
        return EXIT_OK
    if args.backup_command == "list":
        return _list_backups(data)
    from loket.cli import _open

    _data, database = _open(args)
    try:
        result = automatic.back_up_now(
            database, data, folder=Path(args.to).expanduser().resolve() if args.to else None
        )
    finally:
        database.dispose()
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    print(result.path)
    return EXIT_OK


def _list_backups(data: DataDir) -> int:
    from loket.core.backup.automatic import backup_folders
    from loket.core.backup.checking import Depth, verify_backup
    from loket.core.backup.container import copies_in

    found = False
    for folder in backup_folders(data):
        for copy in copies_in(folder):
            found = True
            check = verify_backup(copy, Depth.LABEL)
            print(f"{copy}  {check.summary if check.good else check.reason}")
    if not found:
        print(_("Belum ada cadangan di {folder}.").format(folder=data.backups))
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    from loket.cli import CliError, _open
    from loket.core.audit_verify import verify_chain
    from loket.core.backup.restoring import restore_backup, restored_sentence

    file = Path(args.file).expanduser().resolve()
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError(
                _(
                    "Pemulihan mengganti data kantor dengan isi cadangan. Tanpa terminal untuk "
                    "menjawab pertanyaan, tambahkan --yes. Tidak ada yang diubah."
                )
            )
        answer = input(
            _("Data kantor akan diganti dengan isi {name}. Ketik YA untuk melanjutkan: ").format(
                name=file.name
            )
        )
        if answer.strip().upper() != "YA":
            raise CliError(_("Dibatalkan. Tidak ada yang diubah."))
    data = DataDir(resolve_data_dir(args.data_dir))
    result = restore_backup(data, file)
    when = result.check.taken_at.strftime("%Y-%m-%d %H:%M UTC") if result.check.taken_at else "?"
    print(restored_sentence(file.name, when, result))
    _data, database = _open(args)  # the restored copy, migrated if it is older
    try:
        report = verify_chain(database)
    finally:
        database.dispose()
    if not report.intact:
        for problem in report.problems:
            print("- " + problem.message, file=sys.stderr)
        return EXIT_REFUSED
    print(
        _("Jejak audit utuh: {rows} baris, ujung rantai {length} · {hash}.").format(
            rows=report.rows, length=report.head.length, hash=report.head.short
        )
    )
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "audit": _cmd_audit,
    "backup": _cmd_backup,
    "restore": _cmd_restore,
}
