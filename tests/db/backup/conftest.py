"""The tests of a shared server get an empty PostgreSQL database of their own."""

from tests.helpers.shared_server import server  # noqa: F401 (a fixture)
