"""Which database this desk uses, and whether it can be used now (`loket database status`)."""

from __future__ import annotations

from dataclasses import dataclass

from loket.datadir import DataDir, ServerAddress
from loket.db import credentials, migrate, server
from loket.db.credentials import PasswordPlace
from loket.db.engine import Database
from loket.db.server import ServerUnusable


@dataclass(frozen=True, slots=True)
class DatabaseStatus:
    address: ServerAddress | None  # None: this desk alone, its own file
    location: str  # the file, or "user@host:port/database"
    reachable: bool
    problem: str  # why not, in Indonesian; "" when reachable
    server_version: str  # PostgreSQL's; "" for the file or a server not reached
    revision: str | None  # the schema's; None for a new file or an empty server
    program_revision: str  # this program's head
    password_place: PasswordPlace | None
    desks: tuple[str, ...] = ()  # where the other desks connected now are

    @property
    def schema_current(self) -> bool:
        return self.revision == self.program_revision


def desk_status(data: DataDir) -> DatabaseStatus:
    """Looks, changes nothing: a local file that does not exist yet is not created."""
    head = migrate.head_revision()
    address = data.server
    if address is None:
        revision = None
        if data.database.is_file():
            database = Database(data.database_url)
            try:
                revision = migrate.current_revision(database)
            finally:
                database.dispose()
        return DatabaseStatus(None, str(data.database), True, "", "", revision, head, None)
    place = credentials.password_place(data, address)
    password = credentials.load_password(data, address)
    try:
        if password is None:
            raise ServerUnusable(server.ServerProblem.NO_PASSWORD, address)
        state = server.examine(address, password)
    except ServerUnusable as refusal:
        return DatabaseStatus(address, address.label, False, refusal.message, "", None, head, place)
    return DatabaseStatus(
        address, address.label, True, "", state.version, state.revision, head, place, state.desks
    )
