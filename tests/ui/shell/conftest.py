"""The shell's tests may open a desk on the office's server."""

from tests.helpers.shared_server import server  # noqa: F401 (a fixture)
