"""Where a paper is saved, and its entry in the document register, for every kind of paper."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from loket.core.clock import utc_now
from loket.datadir import DataDir, paper_not_saved_message
from loket.db.models import Document
from loket.domain.errors import LoketError


def paper_path(data: DataDir, kind: str, filename: str) -> Path:
    """DATA/documents/<kind>/<filename>, the folder made if needed."""
    folder = data.documents(kind)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LoketError(paper_not_saved_message(folder / filename, error)) from error
    return folder / filename


#: What `documents.output.atomic_write_pdf` leaves behind when the program is killed mid-write.
UNFINISHED_PAPER_GLOB = ".*.tmp"


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


def relative_to_data(path: Path, data: DataDir) -> str:
    """Where the paper is, relative to the data folder when it is inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(data.root.resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def register_paper(
    session: Session,
    data: DataDir,
    *,
    kind: str,
    number: str,
    title: str,
    path: Path,
    staff_id: int,
    at: dt.datetime | None = None,
) -> None:
    """Files a saved paper so it can be found and printed again (the caller audits it)."""
    session.add(
        Document(
            kind=kind,
            number=number,
            title=title,
            relative_path=relative_to_data(path, data),
            created_at=at or utc_now(),
            created_by_id=staff_id,
        )
    )
