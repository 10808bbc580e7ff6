"""Errors that refuse something, with a message for the desk in Indonesian.

Every layer raises or shows them: a use case refuses with LoketError; the storage turns a locked,
full or failing database into StorageError; the window shows either on the banner.
"""

from __future__ import annotations

import enum


class LoketError(Exception):
    """A refusal with a message that says what happened and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(LoketError):
    """The staff member's role does not allow this."""


class NotFound(LoketError):
    pass


class StorageProblem(enum.Enum):
    BUSY = "busy"  # another program (or desk) holds the lock longer than the busy timeout
    FULL = "full"  # the disk, or the database's size limit, is full
    READ_ONLY = "read_only"  # no permission to write the file or its folder; read-only disk
    DISK_ERROR = "disk_error"  # the disk failed to read or write (bad sector, USB pulled out)
    CORRUPT = "corrupt"  # the file is damaged
    UNAVAILABLE = "unavailable"  # anything else: a server gone, a connection lost


class StorageError(LoketError):
    """The database could not do its part; nothing of the refused action was recorded."""

    def __init__(self, problem: StorageProblem, message: str) -> None:
        super().__init__(message)
        self.problem = problem
