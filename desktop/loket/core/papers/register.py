"""Every paper the program wrote, found again by number, title words, day or kind, to reprint.

Each PDF is registered in the `document` table with a path relative to the data folder;
on a shared server the PDF itself is kept in the database too (`content`). The file may have
been deleted since, or, on a shared server, be on another desk's PC only: every entry says
whether it can still be opened here, and `paper_on_this_desk` puts it here before it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, or_, select

from loket.core.indonesia.zones import local_days
from loket.core.papers import content
from loket.core.papers.kinds import kind_label
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Document, DocumentContent, Staff
from loket.domain.errors import NotFound
from loket.i18n import _

DEFAULT_LIMIT = 200


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    id: int
    kind: str
    kind_label: str
    number: str
    title: str
    created_at: dt.datetime  # UTC, aware
    created_by: str
    path: Path  # where it is, or will be once opened, on this desk
    exists: bool  # its file is on this PC, or kept in the shared database to be written here


def _like_pattern(word: str) -> str:
    """A LIKE pattern matching `word` anywhere, with LIKE's own wildcards taken literally."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _text_condition(text: str) -> ColumnElement[bool] | None:
    """Every word typed must appear in the number or the title, letters in any case."""
    conditions = []
    for word in text.lower().split():
        pattern = _like_pattern(word)
        conditions.append(
            or_(
                func.lower(Document.number).like(pattern, escape="\\"),
                func.lower(Document.title).like(pattern, escape="\\"),
            )
        )
    return and_(*conditions) if conditions else None


def find_documents(
    database: Database,
    data: DataDir,
    zone: ZoneInfo,
    text: str = "",
    day: dt.date | None = None,
    kind: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[DocumentEntry]:
    """The registered papers matching every filter given, newest first; `day` in `zone`."""
    kept = DocumentContent.document_id.is_not(None)  # the bytes themselves are never loaded
    query = (
        select(Document, Staff.full_name, Staff.username, kept)
        .join(Staff, Staff.id == Document.created_by_id)
        .outerjoin(DocumentContent, DocumentContent.document_id == Document.id)
    )
    condition = _text_condition(text)
    if condition is not None:
        query = query.where(condition)
    if day is not None:
        start, end = local_days(day, day + dt.timedelta(days=1), zone)
        query = query.where(Document.created_at >= start, Document.created_at < end)
    if kind:
        query = query.where(Document.kind == kind)
    query = query.order_by(Document.created_at.desc(), Document.id.desc()).limit(limit)
    with database.transaction() as session:
        rows = session.execute(query).all()
    entries = []
    for document, full_name, username, in_database in rows:
        path = content.local_path(data, document.relative_path, document.kind)
        entries.append(
            DocumentEntry(
                id=document.id,
                kind=document.kind,
                kind_label=kind_label(document.kind),
                number=document.number,
                title=document.title,
                created_at=document.created_at,
                created_by=full_name or username,
                path=path,
                exists=in_database or path.is_file(),
            )
        )
    return entries


def paper_on_this_desk(database: Database, data: DataDir, document_id: int) -> Path:
    """The registered paper's file on this PC, written from the shared database first when
    it is not here (made on another desk) or is not the one registered; NotFound when it is
    neither here nor kept in the database (deleted from a desk alone)."""
    with database.transaction() as session:
        document = session.get(Document, document_id)
        if document is None:
            raise NotFound(_("Dokumen tidak ditemukan di daftar."))
        path = content.on_this_desk(session, data, document)
        if path is None:
            raise NotFound(
                _(
                    "Berkas {number} tidak ada: PDF-nya sudah dihapus atau dipindahkan dari {path}."
                ).format(
                    number=document.number or document.title,
                    path=content.local_path(data, document.relative_path, document.kind),
                )
            )
        return path
