"""The command line's record keeping: `loket audit verify`, `loket backup ...`, `loket restore`.

Kept apart from cli.py, which registers these commands and runs them with the same exit codes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from loket.core.audit_chain import ChainHead
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


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "audit": _cmd_audit,
}
