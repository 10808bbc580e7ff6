"""`python -m loket` and the `loket` console script."""

import sys

from loket.cli import main as cli_main


def main() -> None:
    sys.exit(cli_main(sys.argv[1:]))


if __name__ == "__main__":
    main()
