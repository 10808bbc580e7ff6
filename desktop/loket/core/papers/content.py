"""Every desk sees the same papers: a paper's PDF kept in the shared database, and written out
on any desk that opens it.

On a shared server (PostgreSQL) each registered paper's bytes are kept in `document_content`,
written in the transaction that registers it (`keep`). A desk that lists, opens or prints a
paper whose file is not on this PC, or whose file here is not the one registered (the day's
laporan harian printed again over this morning's), writes the kept bytes to the same place
under its own documents/ folder first, then goes on as with any file (`on_this_desk`). A desk
alone (SQLite) keeps no bytes in its database: its files, and its backups, hold them.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path, PurePosixPath, PureWindowsPath

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from loket.datadir import DataDir, free_name, paper_not_saved_message
from loket.db.models import Base, Document, DocumentContent
from loket.db.plain import PlainStatement, PlainTransaction
from loket.domain.errors import LoketError


def shared(session: Session) -> bool:
    """True on a shared server, where the papers themselves are kept in the database."""
    return session.get_bind().dialect.name != "sqlite"


def keep(session: Session, document: Document, path: Path) -> None:
    """On a shared server, the PDF at `path` kept beside its (flushed) register row."""
    if shared(session):
        session.add(DocumentContent(document_id=document.id, content=_bytes_of(path)))


def keep_plain(plain: PlainTransaction, document_id: int, path: Path) -> None:
    """`keep` in a transaction of plain statements (db/plain.py)."""
    if plain.on_server:
        plain.run(_ADD_CONTENT, document_id=document_id, content=_bytes_of(path))


_CONTENTS = Base.metadata.tables["document_content"]
_ADD_CONTENT = PlainStatement(
    insert(_CONTENTS)
    .values(document_id=bindparam("document_id"), content=bindparam("content"))
    .inline()
)


def _bytes_of(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise LoketError(paper_not_saved_message(path, error)) from error


def local_path(data: DataDir, relative_path: str, kind: str) -> Path:
    """Where a registered paper is on this desk: its path under the data folder. A paper saved
    outside it (`loket report daily --out`) is where it was saved, on the PC that saved it;
    elsewhere it is its name in the kind's folder, so that bytes from the database are never
    written outside the data folder."""
    posix, windows = PurePosixPath(relative_path), PureWindowsPath(relative_path)
    if not (posix.is_absolute() or windows.drive or windows.root or ".." in windows.parts):
        return data.root / Path(*posix.parts)
    saved = Path(relative_path)
    if saved.is_absolute() and saved.is_file():
        return saved
    return data.root / "documents" / kind / windows.name


def on_this_desk(session: Session, data: DataDir, document: Document) -> Path | None:
    """The registered paper's file on this PC, written first from the database where it is
    kept there and the file here is missing or another; None where it is neither here nor kept.

    A file held open by another program (Windows: a PDF reader) is left as it is and the paper
    written beside it (`-2`): the path returned is where the registered paper is.
    """
    path = local_path(data, document.relative_path, document.kind)
    content = session.scalar(
        select(DocumentContent.content).where(DocumentContent.document_id == document.id)
    )
    if content is None:
        return path if path.is_file() else None
    if _holds(path, content):
        return path
    return _write(path, content)


def _holds(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def _write(path: Path, content: bytes) -> Path:
    """`content` at `path` in one step (a temporary file beside it, then renamed), so that a
    cut-off write leaves no half paper; refused with which file, why and what to do."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # ".<stem>.<random>.tmp": what filing.UNFINISHED_PAPER_GLOB tidies away at the next start.
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise LoketError(paper_not_saved_message(path, error)) from error
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.replace(temp, path)
        except PermissionError:
            if not path.exists():
                raise  # the folder refuses, not a file held open
            path = free_name(path)
            os.replace(temp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise LoketError(paper_not_saved_message(path, error)) from error
    return path
