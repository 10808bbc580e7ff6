"""Loket KTP-el: the kelurahan front desk for finished e-KTP cards."""

import sys
import tomllib
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "loket-ktp-el"


def _version() -> str:
    """The version written once, in pyproject.toml: read from the checkout's copy, or from the
    copy the frozen program carries (installer/loket.spec), or else from the installed
    package's metadata (a wheel has no pyproject.toml beside it)."""
    root = getattr(sys, "_MEIPASS", None) or Path(__file__).resolve().parents[2]
    try:
        with (Path(root) / "pyproject.toml").open("rb") as file:
            project = tomllib.load(file)["project"]
        if project["name"] == DISTRIBUTION:
            return str(project["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        pass
    return metadata.version(DISTRIBUTION)


__version__ = _version()
