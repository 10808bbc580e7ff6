"""The shared server's password: in the operating system's credential store, else a private file.

Windows keeps it in Credential Manager (the `keyring` library). A machine without a credential
store (a Linux PC with no keyring service) keeps it in DIR/database-password, readable only by
the account (mode 0600), and the desk is told so. Never in database-server.json, never logged.
"""

from __future__ import annotations

import contextlib
import enum
import json
import logging
import os
from pathlib import Path

from loket.datadir import DataDir, ServerAddress

log = logging.getLogger(__name__)

SERVICE = "Loket KTP-el"
PASSWORD_FILENAME = "database-password"


class PasswordPlace(enum.Enum):
    CREDENTIAL_STORE = "credential_store"
    PRIVATE_FILE = "private_file"


def password_file(data: DataDir) -> Path:
    return data.root / PASSWORD_FILENAME


def save_password(data: DataDir, address: ServerAddress, password: str) -> PasswordPlace:
    """Keeps the password for `address`; says where it went."""
    if _store_in_keyring(address, password):
        with contextlib.suppress(FileNotFoundError):
            password_file(data).unlink()  # an older copy in a file is not left behind
        return PasswordPlace.CREDENTIAL_STORE
    _write_private_file(password_file(data), {"server": address.label, "password": password})
    return PasswordPlace.PRIVATE_FILE


def load_password(data: DataDir, address: ServerAddress) -> str | None:
    """The password kept for `address`, or None when none is kept (or only for another server)."""
    try:
        import keyring

        found = keyring.get_password(SERVICE, address.label)
    except Exception as error:  # no store, a locked store, a broken backend: try the file
        log.info("credential store unavailable (%s): trying the private file", type(error).__name__)
        found = None
    if found is not None:
        return found
    try:
        raw = json.loads(password_file(data).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("server") != address.label:
        return None
    password = raw.get("password")
    return password if isinstance(password, str) else None


def password_place(data: DataDir, address: ServerAddress) -> PasswordPlace | None:
    """Where the password for `address` is kept now, or None."""
    try:
        import keyring

        if keyring.get_password(SERVICE, address.label) is not None:
            return PasswordPlace.CREDENTIAL_STORE
    except Exception:  # as in load_password: the file is the answer then
        pass
    path = password_file(data)
    return PasswordPlace.PRIVATE_FILE if path.is_file() else None


def forget_password(data: DataDir, address: ServerAddress) -> None:
    try:
        import keyring

        keyring.delete_password(SERVICE, address.label)
    except Exception:  # nothing kept there, or no store at all
        pass
    with contextlib.suppress(FileNotFoundError):
        password_file(data).unlink()


def _store_in_keyring(address: ServerAddress, password: str) -> bool:
    try:
        import keyring
        from keyring.backends import fail

        if isinstance(keyring.get_keyring(), fail.Keyring):
            return False
        keyring.set_password(SERVICE, address.label, password)
    except Exception as error:  # a backend that exists but refuses (no D-Bus session, locked)
        log.info("credential store refused the password (%s)", type(error).__name__)
        return False
    return True


def _write_private_file(path: Path, content: dict[str, str]) -> None:
    """Created readable by the account alone, written aside and renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        json.dump(content, file)
    os.chmod(temporary, 0o600)  # whatever the umask made of it
    os.replace(temporary, path)
