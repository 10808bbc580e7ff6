"""`python -m loket`, the `loket` console script and the frozen `loket`/`loket-gui`."""

import os
import sys

from loket.cli import main as cli_main


def make_streams_safe() -> None:
    """Output that never stops the program, whatever Windows gives it to write to.

    A windowed program (`loket-gui.exe`) has no console: `sys.stdout` and `sys.stderr` are
    None, and a library that writes to them would stop the desk; they go nowhere instead.
    Output piped to a file (Task Scheduler, `loket.exe report daily > log.txt`) or shown in an
    old console is in the Windows code page (cp437, cp1252), which lacks characters of a
    name or a path (Nur’aini): such a character is written as "?", never an exception.
    """
    if sys.stdout is None or sys.stderr is None:
        nowhere = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (open for the run)
        sys.stdout = sys.stdout or nowhere
        sys.stderr = sys.stderr or nowhere
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def main() -> None:
    make_streams_safe()
    sys.exit(cli_main(sys.argv[1:]))


if __name__ == "__main__":
    main()
