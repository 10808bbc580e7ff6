"""The README and the architecture map name files that exist: a moved test or module fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAMED = re.compile(r"(?<![\w/])((?:tests|desktop|bench|resources|installer)/[\w./-]+\w)")


@pytest.mark.parametrize("document", ["README.md", "ARCHITECTURE.md"])
def test_every_path_named_exists(document: str) -> None:
    text = (ROOT / document).read_text(encoding="utf-8")
    named = set(NAMED.findall(text))
    assert len(named) > 5, "the document names the files it describes"
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert not missing, f"{document} names files that do not exist: {missing}"
