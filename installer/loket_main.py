"""Where the frozen `loket` and `loket-gui` start: the same command line as `python -m loket`."""

import os
import sys

# A windowed program (loket-gui.exe) gets no console on Windows: sys.stdout and sys.stderr are
# None there, and a library that writes to them would stop the desk. They go nowhere instead.
if sys.stdout is None or sys.stderr is None:
    _nowhere = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (open for the run)
    sys.stdout = sys.stdout or _nowhere
    sys.stderr = sys.stderr or _nowhere

# Output piped to a file (Task Scheduler, `loket.exe report daily > log.txt`) is written in the
# Windows code page, which lacks some characters of a path or a name: never stop on them.
for _stream in (sys.stdout, sys.stderr):
    reconfigure = getattr(_stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")

from loket.__main__ import main  # noqa: E402 (after the streams are safe to use)

main()
