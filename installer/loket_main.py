"""Where the frozen `loket` and `loket-gui` start: the same command line as `python -m loket`
(which also makes the streams safe for a program without a console, `make_streams_safe`)."""

from loket.__main__ import main

main()
