"""A real printer for the end-to-end tests: the default CUPS queue, printing with CUPS-PDF.

tests/e2e/setup_print_queue.sh makes one ("LoketPDF"). CUPS-PDF writes every job it prints
as a PDF into its output folder (`Out` in /etc/cups/cups-pdf.conf, ${HOME}/PDF by default,
HOME being the home of the user who printed).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

CUPS_PDF_CONFIG = Path("/etc/cups")
NEEDED_TOOLS = ("lpstat", "pdftoppm", "tesseract")


@dataclass(frozen=True)
class PrintQueue:
    name: str
    out_dir: Path

    def printed_since(self, since: float, stem: str) -> list[Path]:
        """PDFs CUPS-PDF wrote for jobs titled `stem...` since `since` (epoch), oldest first."""
        if not self.out_dir.is_dir():
            return []
        found = [
            path for path in self.out_dir.glob(f"{stem}*.pdf") if path.stat().st_mtime >= since - 1
        ]
        return sorted(found, key=lambda path: path.stat().st_mtime)

    def wait_for_print(self, since: float, stem: str, timeout: float = 120) -> Path:
        """The printed PDF of the job titled `stem`, once CUPS-PDF has finished writing it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = [p for p in self.printed_since(since, stem) if _settled(p)]
            if done:
                return done[-1]
            time.sleep(0.5)
        raise AssertionError(f"nothing titled {stem!r} came out of printer {self.name}")


def _settled(path: Path) -> bool:
    """CUPS-PDF writes in place: a file whose size stays put for a moment is finished."""
    size = path.stat().st_size
    time.sleep(0.3)
    return size > 0 and path.stat().st_size == size


def _run(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=30, check=False)
    return done.stdout


def _out_dir(queue: str) -> Path:
    out = "${HOME}/PDF"
    for config in (CUPS_PDF_CONFIG / f"cups-pdf-{queue}.conf", CUPS_PDF_CONFIG / "cups-pdf.conf"):
        if config.exists():
            for line in config.read_text(errors="replace").splitlines():
                words = line.split(maxsplit=1)
                if len(words) == 2 and words[0] == "Out":
                    out = words[1].strip()
            break
    home = pwd.getpwuid(os.getuid()).pw_dir
    return Path(out.replace("${HOME}", home).replace("~", home))


def find_print_queue() -> PrintQueue | str:
    """The default CUPS queue if it prints with CUPS-PDF and is ready; else why not."""
    missing = [tool for tool in NEEDED_TOOLS if shutil.which(tool) is None]
    if missing:
        return (
            f"printing end to end needs {', '.join(missing)} (run tests/e2e/setup_print_queue.sh)"
        )
    if "scheduler is running" not in _run("lpstat", "-r"):
        return "CUPS is not running (run tests/e2e/setup_print_queue.sh)"
    default = _run("lpstat", "-d").strip()
    if ":" not in default or "no system default" in default:
        return "no default printer (run tests/e2e/setup_print_queue.sh)"
    name = default.rsplit(":", 1)[1].strip()
    if "cups-pdf:/" not in _run("lpstat", "-v", name):
        return f"the default printer {name} is not a CUPS-PDF queue; its paper cannot be read back"
    state = _run("lpstat", "-p", name)
    if "disabled" in state or not state.strip():
        return f"printer {name} is not accepting jobs: {state.strip()}"
    return PrintQueue(name, _out_dir(name))
