"""Where a desk keeps its data: `--data-dir`, else `LOKET_DATA_DIR`, else the platform's folder."""

from __future__ import annotations

import contextlib
import enum
import errno
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

from platformdirs import user_data_dir

from loket.domain.errors import LoketError
from loket.i18n import _

ENV_VARIABLE = "LOKET_DATA_DIR"
DATABASE_FILENAME = "loket.sqlite3"
#: Which database this desk uses when it is not its own file: a shared PostgreSQL server.
SERVER_FILENAME = "database-server.json"
DEFAULT_POSTGRES_PORT = 5432
LOG_FILENAME = "loket.log"
_PROBE_BYTES = b"\0" * 4096  # one disk block: a full disk refuses it, an empty file it may not


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(ENV_VARIABLE)
    if from_env:
        return Path(from_env).expanduser().resolve()
    return Path(user_data_dir("Loket KTP-el", appauthor=False, roaming=False))


class FolderProblem(enum.Enum):
    NO_PERMISSION = "no_permission"
    READ_ONLY_DISK = "read_only_disk"
    DISK_FULL = "disk_full"
    NOT_A_FOLDER = "not_a_folder"  # a file has the folder's name
    OTHER = "other"


def folder_problem(error: OSError) -> FolderProblem:
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM):
        return FolderProblem.NO_PERMISSION
    if error.errno == errno.EROFS:
        return FolderProblem.READ_ONLY_DISK
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return FolderProblem.DISK_FULL
    if isinstance(error, FileExistsError | NotADirectoryError):
        return FolderProblem.NOT_A_FOLDER
    return FolderProblem.OTHER


def describe_folder_problem(error: OSError) -> str:
    """Why a folder could not be written, as a short phrase ("tidak ada izin menulis")."""
    return {
        FolderProblem.NO_PERMISSION: _("tidak ada izin menulis"),
        FolderProblem.READ_ONLY_DISK: _("disknya hanya bisa dibaca"),
        FolderProblem.DISK_FULL: _("disk penuh"),
        FolderProblem.NOT_A_FOLDER: _("ada berkas dengan nama folder itu"),
        FolderProblem.OTHER: error.strerror or str(error),
    }[folder_problem(error)]


def folder_fix(error: OSError) -> str:
    """What the desk can do about it, as a sentence."""
    problem = folder_problem(error)
    if problem is FolderProblem.DISK_FULL:
        return _(
            "Kosongkan ruang di disk itu dengan menghapus atau memindahkan berkas yang tidak perlu."
        )
    if problem is FolderProblem.READ_ONLY_DISK:
        return _("Buka kunci tulis flashdisk atau kartu memori itu, atau pakai disk lain.")
    if problem is FolderProblem.NOT_A_FOLDER:
        return _("Pindahkan atau ganti nama berkas itu.")
    return _("Minta admin memberi izin tulis untuk pengguna Windows ini pada folder itu.")


def paper_not_saved_message(path: Path, error: OSError) -> str:
    """A paper (PDF) that could not be saved: which file, where, why, and what to do."""
    return _("{name} tidak bisa disimpan di {folder}: {reason}. {fix}").format(
        name=Path(path).name,
        folder=Path(path).parent,
        reason=describe_folder_problem(error),
        fix=folder_fix(error),
    )


def free_name(path: Path) -> Path:
    """`path` if no file has that name yet, else the first free of `<stem>-2<suffix>`, `-3`, ..."""
    candidate, number = Path(path), 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def saved_aside_message(wanted: Path, saved: Path) -> str:
    """A file written under another name because the old one is open in another program
    (Windows lets no one replace a file a PDF reader or Excel holds open)."""
    return _(
        "{wanted} sedang dibuka di program lain (misalnya pembaca PDF atau Excel), jadi tidak "
        "bisa ditimpa. Yang baru disimpan sebagai {saved}."
    ).format(wanted=Path(wanted).name, saved=saved)


class DataDirUnusable(LoketError):
    """The data folder cannot be written: refused at start, before anything is recorded."""

    def __init__(self, data: DataDir, failed: Path, error: OSError) -> None:
        if failed == data.root:
            what = _("Folder data {root} tidak bisa ditulis ({reason}).")
        else:
            what = _(
                "Folder data {root} tidak bisa dipakai: {failed} tidak bisa ditulis ({reason})."
            )
        super().__init__(
            what.format(root=data.root, failed=failed, reason=describe_folder_problem(error))
            + " "
            + _(
                "Di folder ini Loket KTP-el menyimpan basis data, dokumen, cadangan dan log, "
                "jadi tanpa izin tulis tidak ada yang bisa dicatat. Tidak ada yang diubah."
            )
            + "\n\n"
            + folder_fix(error)
            + " "
            + _("Atau buka program dengan folder data lain: loket --data-dir FOLDER")
        )
        self.failed = failed
        self.error = error


@dataclass(frozen=True, slots=True)
class ServerAddress:
    """A shared PostgreSQL database, without its password (that is kept elsewhere)."""

    host: str
    port: int
    database: str
    user: str

    @property
    def label(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


class ServerSettingsUnreadable(LoketError):
    """The file naming this desk's server is damaged: refused, never read as "this desk alone",
    which would open an empty office of its own while the office works on the server."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            _(
                "Berkas {path} yang menyebut server basis data loket ini rusak ({reason}), jadi "
                "program tidak tahu basis data mana yang dipakai. Tidak ada yang diubah. "
                "Sambungkan ulang loket ini di baris perintah: loket database connect ALAMAT, "
                "atau kembali ke basis data PC ini: loket database use-local"
            ).format(path=path, reason=reason)
        )


class DataDir:
    """The folder layout: database, documents by kind, backups and logs."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def database(self) -> Path:
        return self.root / DATABASE_FILENAME

    @property
    def database_files(self) -> tuple[Path, Path, Path]:
        """The database and the two files SQLite keeps beside it (its WAL and shared memory)."""
        database = self.database
        wal, shm = (database.with_name(database.name + end) for end in ("-wal", "-shm"))
        return database, wal, shm

    @property
    def server_settings(self) -> Path:
        return self.root / SERVER_FILENAME

    @property
    def server(self) -> ServerAddress | None:
        """The shared server this desk uses; None for this desk alone (its SQLite file)."""
        path = self.server_settings
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            address = ServerAddress(
                host=str(raw["host"]),
                port=int(raw["port"]),
                database=str(raw["database"]),
                user=str(raw["user"]),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ServerSettingsUnreadable(path, str(error)) from error
        return address

    def use_server(self, address: ServerAddress) -> None:
        """From now on this desk opens `address`. Written aside and renamed: never half-written."""
        self.root.mkdir(parents=True, exist_ok=True)
        temporary = self.server_settings.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(address), indent=2), encoding="utf-8")
        os.replace(temporary, self.server_settings)

    def use_local(self) -> None:
        """From now on this desk opens its own SQLite file again."""
        self.server_settings.unlink(missing_ok=True)

    @property
    def database_url(self) -> str:
        """The desk's database, without a server's password (the db layer adds it)."""
        address = self.server
        if address is None:
            return f"sqlite:///{self.database.as_posix()}"
        user, database = quote(address.user, safe=""), quote(address.database, safe="")
        return f"postgresql+psycopg://{user}@{address.host}:{address.port}/{database}"

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

    def check_writable(self) -> None:
        """Makes the folders and proves each can really be written; DataDirUnusable if not.

        Tried, not guessed from permission bits: on Windows and for an administrator those say
        little. SQLite writes its -wal and -shm files beside the database, so the folder itself
        must be writable too, not only the database file. documents/ is not required here: a
        paper that cannot be saved is said when it happens, and the desk can still work.
        """
        for folder in (self.root, self.backups, self.logs):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                if not folder.is_dir():
                    raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
                _probe_folder(folder)
            except OSError as error:
                raise DataDirUnusable(self, folder, error) from error
        for existing in (*self.database_files, self.logs / LOG_FILENAME):
            try:
                _probe_file(existing)
            except OSError as error:
                raise DataDirUnusable(self, existing, error) from error


def _probe_folder(folder: Path) -> None:
    """Writes a block to a new file in `folder` and removes it (no fsync: start-up stays quick;
    the file systems of a desk PC reserve the block, or refuse it, at the write)."""
    handle, name = tempfile.mkstemp(prefix=".loket-uji-tulis-", suffix=".tmp", dir=folder)
    try:
        os.write(handle, _PROBE_BYTES)
    finally:
        os.close(handle)
        with contextlib.suppress(OSError):
            os.unlink(name)


def _probe_file(path: Path) -> None:
    """Opens an existing file for writing without changing a byte of it."""
    try:
        handle = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return
    os.close(handle)
