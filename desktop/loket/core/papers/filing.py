"""How every paper is made: its number, where it is saved, its register entry and its audit row.

A numbered paper (berita acara, run sheet) is made inside the transaction that changes what it
records: `take_number` advances the counter, the caller records its change, and `write_paper`
writes the PDF, files it and audits it. If writing fails, the transaction rolls back: nothing
is changed and the number is given back. A paper that only reports (laporan harian, a slip) is
written first, outside any transaction, and then filed with `file_paper`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from loket.core import audit
from loket.core.clock import utc_now
from loket.core.indonesia.writing import roman_month
from loket.core.numbering import next_number
from loket.core.papers import content
from loket.core.papers.kinds import PaperKind
from loket.datadir import DataDir, free_name, paper_not_saved_message
from loket.db.engine import desk_of
from loket.db.models import Base, Document, Setting
from loket.db.plain import PlainStatement, PlainTransaction
from loket.domain.errors import LoketError

#: What `documents.kit.output.atomic_write_pdf` leaves behind when the program is killed mid-write.
UNFINISHED_PAPER_GLOB = ".*.tmp"


@dataclass(frozen=True, slots=True)
class PaperNumber:
    sequence: int  # 1, 2, ... within the series and the year
    year: int
    text: str  # "474/0001/BA-TERIMA/XI/2026"


@dataclass(frozen=True, slots=True)
class AuditNote:
    """The audit row of a paper: what was done to what; the paper's number and file are added."""

    action: str  # "batch.close"
    entity: str  # "batch"
    entity_id: int | None
    detail: dict[str, object]


#: The office setting (core/settings/shared.py) that heads every paper's number; read here
#: straight from its row, because the settings feature itself depends on the papers'.
ARCHIVE_CODE_SETTING = "archive_code"
#: 474 is population registration (kependudukan) in the usual classification of archives.
DEFAULT_ARCHIVE_CODE = "474"


def number_text(archive_code: str, sequence: int, code: str, local_now: dt.datetime) -> str:
    """ "474/0001/BA-TERIMA/XI/2026": classification / sequence / paper / month / year."""
    month = roman_month(local_now.month)
    return f"{archive_code.strip()}/{sequence:04d}/{code}/{month}/{local_now.year}"


def take_number(session: Session, series: str, code: str, local_now: dt.datetime) -> PaperNumber:
    """The next number of `series` in the office's year, written as an official letter's number.

    Inside the caller's transaction: a rolled-back transaction gives its number back.
    """
    sequence = next_number(session, series, local_now.year)
    stored = session.scalar(select(Setting.value).where(Setting.key == ARCHIVE_CODE_SETTING))
    text = number_text((stored or "").strip() or DEFAULT_ARCHIVE_CODE, sequence, code, local_now)
    return PaperNumber(sequence, local_now.year, text)


def paper_path(data: DataDir, kind: PaperKind, filename: str) -> Path:
    """DATA/documents/<kind>/<filename>, the folder made if needed."""
    folder = data.documents(kind)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LoketError(paper_not_saved_message(folder / filename, error)) from error
    return folder / filename


def free_paper_path(data: DataDir, kind: PaperKind, stem: str) -> Path:
    """A name not used yet in the kind's folder: two papers made in one second both survive."""
    return free_name(paper_path(data, kind, f"{stem}.pdf"))


def write_paper(
    session: Session,
    data: DataDir,
    target: Path,
    write: Callable[[Path], Path],
    *,
    kind: PaperKind,
    title: str,
    actor_id: int,
    note: AuditNote,
    number: str = "",
    at: dt.datetime | None = None,
) -> Path:
    """Writes the paper to `target` and files it, inside the caller's transaction.

    A paper that cannot be written is refused (see `written`): the caller's transaction rolls
    back with it.
    """
    path = written(target, write)
    return file_paper(
        session,
        data,
        path,
        kind=kind,
        title=title,
        actor_id=actor_id,
        note=note,
        number=number,
        at=at,
    )


def written(target: Path, write: Callable[[Path], Path]) -> Path:
    """`write(target)`; a disk that refuses it (full, without permission) is refused with a
    message saying which file, why, and what to do."""
    try:
        return write(target)
    except OSError as error:
        raise LoketError(paper_not_saved_message(target, error)) from error


def file_paper(
    session: Session,
    data: DataDir,
    path: Path,
    *,
    kind: PaperKind,
    title: str,
    actor_id: int,
    note: AuditNote,
    number: str = "",
    at: dt.datetime | None = None,
) -> Path:
    """Registers a saved paper, so it can be found and printed again, and audits it. On a
    shared server the PDF itself is kept with it, for the other desks (`content.keep`)."""
    document = Document(**_register_row(data, path, kind, title, actor_id, number, at))
    document.desk = desk_of(session)
    session.add(document)
    audit.record(
        session, actor_id, note.action, note.entity, note.entity_id,
        **_audited(note, number, path),
    )  # fmt: skip
    session.flush()
    content.keep(session, document, path)
    return path


def file_paper_plain(
    plain: PlainTransaction,
    data: DataDir,
    path: Path,
    *,
    kind: PaperKind,
    title: str,
    actor_id: int,
    note: AuditNote,
    number: str = "",
    at: dt.datetime | None = None,
) -> Path:
    """`file_paper` in a transaction of plain statements (db/plain.py): the same register
    row, audit row and, on a server, the PDF kept with it."""
    row = _register_row(data, path, kind, title, actor_id, number, at)
    document_id = plain.first(_REGISTER, **row, desk=plain.desk).id
    content.keep_plain(plain, document_id, path)
    audit.record_plain(
        plain, actor_id, note.action, note.entity, note.entity_id,
        **_audited(note, number, path),
    )  # fmt: skip
    return path


def _register_row(
    data: DataDir,
    path: Path,
    kind: PaperKind,
    title: str,
    actor_id: int,
    number: str,
    at: dt.datetime | None,
) -> dict[str, Any]:
    return {
        "kind": kind.value,
        "number": number,
        "title": title,
        "relative_path": relative_to_data(path, data),
        "created_at": at or utc_now(),
        "created_by_id": actor_id,
    }


def _audited(note: AuditNote, number: str, path: Path) -> dict[str, Any]:
    """What a paper's audit row says: its number (if it has one), the note's detail, its file."""
    numbered: dict[str, Any] = {"number": number} if number else {}
    return {**numbered, **note.detail, "document": path.name}


_DOCUMENTS = Base.metadata.tables["document"]
_DOCUMENT_COLUMNS = ("kind", "number", "title", "relative_path", "created_at", "created_by_id")
_REGISTER = PlainStatement(
    insert(_DOCUMENTS)
    .values({name: bindparam(name) for name in (*_DOCUMENT_COLUMNS, "desk")})
    .returning(_DOCUMENTS.c.id)
)


def relative_to_data(path: Path, data: DataDir) -> str:
    """Where the paper is, relative to the data folder when it is inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(data.root.resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def remove_unfinished_papers(data: DataDir) -> int:
    """Deletes the temporary files of papers whose writing was cut off (kill, power cut).

    Run at start, before this desk writes anything: such a file was never registered, never
    shown, and its paper is written again whole when it is next asked for.
    """
    removed = 0
    documents = data.root / "documents"
    if not documents.is_dir():
        return 0
    for leftover in documents.rglob(UNFINISHED_PAPER_GLOB):
        try:
            leftover.unlink()
            removed += 1
        except OSError:
            continue  # a read-only folder is reported elsewhere; this is only tidying
    return removed
