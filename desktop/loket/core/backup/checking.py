"""Is this file a good Loket backup? Opened read-only: its header, its own tables, the schema
revision, SQLite's own check of every page, the row counts and the chain's head written when it was
taken, and every paper's hash. The answer says why not, in Indonesian."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from loket.core.audit_chain import SHORT
from loket.core.backup.container import (
    DOCUMENT_TABLE,
    FORMAT,
    META_TABLE,
    SQLITE_HEADER,
    chain_head_of,
    count_rows,
    read_only,
)
from loket.db.migrate import known_revisions
from loket.i18n import _


class Depth(enum.Enum):
    """How deep the check goes."""

    LABEL = "label"  # what the copy says of itself (a list of copies): no page read
    PAGES = "pages"  # quick_check: every page, b-tree and freelist, constraints; counts, hashes
    FULL = "full"  # integrity_check: PAGES, and every index against its table


class Verdict(enum.Enum):
    GOOD = "good"
    NOT_A_BACKUP = "not_a_backup"
    DAMAGED = "damaged"
    NEWER_PROGRAM = "newer_program"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class BackupCheck:
    path: Path
    verdict: Verdict
    reason: str  # "" when good
    taken_at: dt.datetime | None = None
    revision: str = ""
    program_version: str = ""
    cards: int = 0
    handovers: int = 0
    documents: int = 0
    chain_length: int = 0
    chain_head: str = ""
    size: int = 0

    @property
    def good(self) -> bool:
        return self.verdict is Verdict.GOOD

    @property
    def contents(self) -> str:
        """What the copy holds, in one line."""
        return _(
            "{cards} kartu, {handovers} penyerahan, {documents} dokumen, "
            "jejak audit {length} · {head}, {size:.1f} MB"
        ).format(
            cards=self.cards,
            handovers=self.handovers,
            documents=self.documents,
            length=self.chain_length,
            head=self.chain_head[:SHORT],
            size=self.size / 1_000_000,
        )

    @property
    def summary(self) -> str:
        """One line for a list: when, and what it holds."""
        when = self.taken_at.strftime("%Y-%m-%d %H:%M UTC") if self.taken_at else "?"
        return f"{when}: {self.contents}"


def _refused(path: Path, verdict: Verdict, reason: str) -> BackupCheck:
    return BackupCheck(path, verdict, reason)


def verify_backup(path: Path, depth: Depth = Depth.FULL) -> BackupCheck:
    """The whole check; never raises for a bad file, it says what is wrong with it.

    A copy just taken is checked to `Depth.PAGES`: SQLite's online backup copies pages, so it
    cannot make an index disagree with its table, while a disk can garble a page. A copy to be
    restored, or `loket backup verify`, is checked to `Depth.FULL`."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        size = path.stat().st_size
    except FileNotFoundError:
        return _refused(path, Verdict.MISSING, _("Berkas {path} tidak ada.").format(path=path))
    except OSError as error:
        return _refused(
            path,
            Verdict.DAMAGED,
            _("Berkas {path} tidak bisa dibaca: {error}.").format(path=path, error=error),
        )
    if header != SQLITE_HEADER:
        return _refused(
            path,
            Verdict.NOT_A_BACKUP,
            _("Berkas {name} bukan cadangan Loket KTP-el.").format(name=path.name),
        )
    try:
        with read_only(path) as connection:
            return _check_open_copy(path, connection, size, depth)
    except sqlite3.DatabaseError as error:
        return _refused(
            path,
            Verdict.DAMAGED,
            _("Cadangan {name} rusak ({error}). Pakai cadangan lain.").format(
                name=path.name, error=error
            ),
        )


def _check_open_copy(
    path: Path, connection: sqlite3.Connection, size: int, depth: Depth
) -> BackupCheck:
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    if META_TABLE not in tables or DOCUMENT_TABLE not in tables:
        return _refused(
            path,
            Verdict.NOT_A_BACKUP,
            _("Berkas {name} adalah basis data SQLite, tetapi bukan cadangan Loket KTP-el.").format(
                name=path.name
            ),
        )
    meta = dict(connection.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
    if meta.get("format") != FORMAT:
        return _refused(
            path,
            Verdict.NEWER_PROGRAM,
            _(
                "Cadangan {name} dibuat oleh program versi {version} dengan format yang belum "
                "dikenal program ini. Perbarui Loket KTP-el dulu."
            ).format(name=path.name, version=meta.get("program_version", "?")),
        )
    revision = meta.get("schema_revision", "")
    if revision not in known_revisions():
        return _refused(
            path,
            Verdict.NEWER_PROGRAM,
            _(
                "Cadangan {name} dibuat oleh program versi {version} yang lebih baru (skema "
                "{revision}). Perbarui Loket KTP-el dulu, lalu pulihkan lagi."
            ).format(name=path.name, version=meta.get("program_version", "?"), revision=revision),
        )
    damaged = "" if depth is Depth.LABEL else _damage(connection, meta, depth)
    if damaged:
        return _refused(
            path,
            Verdict.DAMAGED,
            _("Cadangan {name} rusak: {what}. Pakai cadangan lain.").format(
                name=path.name, what=damaged
            ),
        )
    counts = json.loads(meta["counts"])
    return BackupCheck(
        path,
        Verdict.GOOD,
        "",
        taken_at=dt.datetime.fromisoformat(meta["taken_at"]),
        revision=revision,
        program_version=meta.get("program_version", ""),
        cards=int(counts.get("card", 0)),
        handovers=int(counts.get("handover", 0)),
        documents=int(meta.get("documents", "0")),
        chain_length=int(meta.get("chain_length", "0")),
        chain_head=meta.get("chain_head", ""),
        size=size,
    )


def _damage(connection: sqlite3.Connection, meta: dict[str, str], depth: Depth) -> str:
    """What is wrong with the copy's contents, or ""."""
    pragma = "integrity_check" if depth is Depth.FULL else "quick_check"
    problems = [row[0] for row in connection.execute(f"PRAGMA {pragma}").fetchall()]
    if problems != ["ok"]:
        return _("pemeriksaan SQLite menemukan {problem}").format(problem=problems[0])
    try:
        expected = json.loads(meta["counts"])
    except (KeyError, ValueError):
        return _("daftar jumlah baris tidak terbaca")
    found = count_rows(connection)
    for table, count in expected.items():
        if found.get(table) != count:
            return _("tabel {table} berisi {found} baris, seharusnya {count}").format(
                table=table, found=found.get(table, 0), count=count
            )
    if "audit_log" in found:
        length, head = chain_head_of(connection)
        if (str(length), head) != (meta.get("chain_length"), meta.get("chain_head")):
            return _("ujung jejak audit tidak sama dengan yang dicatat saat cadangan dibuat")
    papers = connection.execute(f"SELECT path, content, sha256 FROM {DOCUMENT_TABLE}")
    documents = 0
    for relative, content, digest in papers:
        documents += 1
        if hashlib.sha256(content).hexdigest() != digest:
            return _("dokumen {path} berubah").format(path=relative)
    if str(documents) != meta.get("documents"):
        return _("jumlah dokumen tidak sama dengan yang dicatat")
    return ""
