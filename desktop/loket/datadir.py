"""Where a desk keeps its data: `--data-dir`, else `LOKET_DATA_DIR`, else the platform's folder."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_VARIABLE = "LOKET_DATA_DIR"
DATABASE_FILENAME = "loket.sqlite3"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(ENV_VARIABLE)
    if from_env:
        return Path(from_env).expanduser().resolve()
    return Path(user_data_dir("Loket KTP-el", appauthor=False, roaming=False))


class DataDir:
    """The folder layout: database, documents by kind, backups and logs."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def database(self) -> Path:
        return self.root / DATABASE_FILENAME

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.database.as_posix()}"

    def documents(self, kind: str) -> Path:
        return self.root / "documents" / kind

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def create(self) -> None:
        for folder in (self.root, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
